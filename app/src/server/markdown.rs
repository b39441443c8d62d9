//! Markdown written by people, rendered to HTML that is safe to put in any page.
use pulldown_cmark::{html, Options, Parser};

/// Renders CommonMark (with tables and strikethrough) and strips anything that could run or
/// restyle the page; links get `rel="nofollow ugc noopener"`.
pub fn render_markdown(source: &str) -> String {
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default()
        .link_rel(Some("nofollow ugc noopener"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render_markdown;

    #[test]
    fn lists_and_links_survive() {
        let html = render_markdown("* Heathrow Express: [timetable](https://example.org/hex)");
        assert!(html.contains("<li>"), "{html}");
        assert!(html.contains(r#"href="https://example.org/hex""#), "{html}");
        assert!(html.contains(r#"rel="nofollow ugc noopener""#), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let html = render_markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))",
        );
        for payload in ["<script", "onerror", "href=\"javascript:"] {
            assert!(!html.contains(payload), "{payload} survived in {html}");
        }
    }
}
