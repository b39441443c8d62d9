//! Where signing in or up goes next: back to the page that sent the person there, and only
//! ever to a page of this site, since the address arrives in a link anyone can craft.

/// The page to go to after signing in: `raw` when it is a path on this site, else the home page.
pub fn return_to(raw: Option<&str>) -> &str {
    match raw {
        Some(path) if is_own_page(path) => path,
        _ => "/",
    }
}

/// The address of `form` (`/signin`, `/signup`) that returns to `here` (a path with its query).
pub fn with_return_to(form: &str, here: &str) -> String {
    if !is_own_page(here) || here == "/" || is_account_form(here) {
        return form.to_owned();
    }
    let mut href = format!("{form}?return_to=");
    for byte in here.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            href.push(byte as char);
        } else {
            href.push_str(&format!("%{byte:02X}"));
        }
    }
    href
}

/// A path of this site: `/…`, but not `//host` or `/\host` (both mean another site to a
/// browser), and nothing a browser would read past, such as control characters.
fn is_own_page(path: &str) -> bool {
    path.starts_with('/')
        && !path[1..].starts_with(['/', '\\'])
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path.len() <= 2_000
}

/// Pages that must not be returned to: signing in again from them would loop.
fn is_account_form(path: &str) -> bool {
    ["/signin", "/signup", "/password"].iter().any(|form| {
        path == *form
            || path.starts_with(&format!("{form}?"))
            || path.starts_with(&format!("{form}/"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_this_site_is_returned_to() {
        assert_eq!(
            return_to(Some("/events/xen-2014/topics/new")),
            "/events/xen-2014/topics/new"
        );
        assert_eq!(
            return_to(Some("/events/x/topics?sort=new&q=arm")),
            "/events/x/topics?sort=new&q=arm"
        );
    }

    #[test]
    fn anything_that_could_leave_the_site_goes_home() {
        for raw in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/events\\..\\x",
            "javascript:alert(1)",
            "/events/\n/x",
            "/events/\t//evil.example",
            "events/x",
            "",
        ] {
            assert_eq!(return_to(Some(raw)), "/", "{raw:?}");
        }
        assert_eq!(return_to(None), "/");
        assert_eq!(return_to(Some(&format!("/{}", "a".repeat(2_001)))), "/");
    }

    #[test]
    fn links_carry_the_page_encoded() {
        assert_eq!(
            with_return_to("/signin", "/events/x/topics?sort=new&q=a b"),
            "/signin?return_to=/events/x/topics%3Fsort%3Dnew%26q%3Da%20b"
        );
        assert_eq!(with_return_to("/signin", "/"), "/signin");
        assert_eq!(with_return_to("/signup", "/signin?return_to=/x"), "/signup");
        assert_eq!(with_return_to("/signin", "/password/forgot"), "/signin");
        assert_eq!(with_return_to("/signin", "//evil.example"), "/signin");
    }
}
