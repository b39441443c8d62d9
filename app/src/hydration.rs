//! The script that hydrates a page. Leptos's `HydrationScripts` also preloads the WASM from
//! the page's head; on a slow phone that 900 KB download then shares the line with what the
//! first paint needs, and Lighthouse put the largest paint of the board and agenda at 5.6 s
//! instead of 1 s. Here the bundle is fetched once the browser is idle after showing the page.
//! Forms work before it arrives (plain posts), so nothing waits on it.
use leptos::config::LeptosOptions;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use std::sync::OnceLock;

/// Leptos's own loader (`leptos/src/hydration/hydration_script.js`), called with `defer`.
const LOADER: &str = r#"(function (pkg, js, wasm) {
  const hydrate = () => import(`/${pkg}/${js}.js`).then((mod) =>
    mod.default({ module_or_path: `/${pkg}/${wasm}.wasm` }).then(() => mod.hydrate()));
  // The timeout is a backstop: a page that is never idle would otherwise stay inert.
  if ("requestIdleCallback" in window) {
    window.requestIdleCallback(hydrate, { timeout: 2000 });
  } else {
    hydrate();
  }
})"#;

#[component]
pub fn Hydration(options: LeptosOptions) -> impl IntoView {
    let (js, wasm) = bundle_names(&options);
    let pkg = options.site_pkg_dir.to_string();
    let call = format!("{LOADER}({pkg:?}, {js:?}, {wasm:?});");
    view! {
        <link rel="modulepreload" href=format!("/{pkg}/{js}.js") crossorigin="" fetchpriority="low" />
        <script type="module" nonce=use_nonce()>{call}</script>
    }
}

/// The bundle's JS and WASM names without extension: `hackboard.<hash>` when cargo-leptos
/// hashed them (`hash.txt` beside the binary, read once), else `hackboard`.
fn bundle_names(options: &LeptosOptions) -> (String, String) {
    static HASHES: OnceLock<Option<String>> = OnceLock::new();
    let hashes = HASHES.get_or_init(|| {
        let file = std::env::current_exe()
            .ok()?
            .parent()?
            .join(options.hash_file.as_ref());
        std::fs::read_to_string(file).ok()
    });
    let name = options.output_name.to_string();
    let hashed = |kind: &str| {
        let hash = hashes
            .as_deref()
            .filter(|_| options.hash_files)?
            .lines()
            .find_map(|line| line.strip_prefix(kind)?.strip_prefix(':'))?;
        Some(format!("{name}.{}", hash.trim()))
    };
    (
        hashed("js").unwrap_or_else(|| name.clone()),
        hashed("wasm").unwrap_or_else(|| name.clone()),
    )
}
