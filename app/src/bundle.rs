//! The links from a page to the built bundle: its stylesheet and the script that hydrates it.
//!
//! Leptos's `HydrationScripts` also preloads the WASM from the page's head; on a slow phone
//! that download then shares the line with what the first paint needs, and Lighthouse put the
//! largest paint of the board and agenda at 5.6 s instead of 1 s. Here the bundle is fetched once the browser is idle after showing the page.
//! Forms work before it arrives (plain posts), so nothing waits on it.
use leptos::config::LeptosOptions;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use std::sync::OnceLock;

/// Leptos's own loader (`leptos/src/hydration/hydration_script.js`), called with `defer`.
const LOADER: &str = r#"(function (pkg, js, wasm) {
  // Hydrating in a task of its own, after the one that finishes compiling the WASM, lets the
  // phone answer a tap in between instead of freezing for both at once.
  const hydrate = () => import(`/${pkg}/${js}.js`).then((mod) =>
    mod.default({ module_or_path: `/${pkg}/${wasm}.wasm` })
      .then(() => new Promise((resolve) => setTimeout(resolve)))
      .then(() => mod.hydrate()));
  // The timeout is a backstop: a page that is never idle would otherwise stay inert.
  if ("requestIdleCallback" in window) {
    window.requestIdleCallback(hydrate, { timeout: 2000 });
  } else {
    hydrate();
  }
})"#;

#[component]
pub fn Stylesheet(options: LeptosOptions) -> impl IntoView {
    let css = &bundle_names(&options).css;
    let pkg = &options.site_pkg_dir;
    view! { <link rel="stylesheet" id="leptos" href=format!("/{pkg}/{css}.css") /> }
}

#[component]
pub fn Hydration(options: LeptosOptions) -> impl IntoView {
    let Names { js, wasm, .. } = bundle_names(&options);
    let pkg = options.site_pkg_dir.to_string();
    let call = format!("{LOADER}({pkg:?}, {js:?}, {wasm:?});");
    view! {
        <link rel="modulepreload" href=format!("/{pkg}/{js}.js") crossorigin="" fetchpriority="low" />
        <script type="module" nonce=use_nonce()>{call}</script>
    }
}

/// The bundle's file names without extension.
struct Names {
    js: String,
    wasm: String,
    css: String,
}

/// `hackboard.<hash>` when cargo-leptos hashed the files (`hash.txt` beside the binary), else
/// `hackboard`. Worked out once: the bundle does not change under a running server.
fn bundle_names(options: &LeptosOptions) -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
            .and_then(|file| std::fs::read_to_string(file).ok())
            .filter(|_| options.hash_files)
            .unwrap_or_default();
        let name = options.output_name.to_string();
        let named = |kind: &str| {
            hashes
                .lines()
                .find_map(|line| line.strip_prefix(kind)?.strip_prefix(':'))
                .map_or_else(|| name.clone(), |hash| format!("{name}.{}", hash.trim()))
        };
        Names {
            js: named("js"),
            wasm: named("wasm"),
            css: named("css"),
        }
    })
}
