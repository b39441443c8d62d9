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

    proptest::proptest! {
        /// Markdown mixed with HTML meant to run: nothing that runs survives.
        #[test]
        fn nothing_that_runs_survives(
            parts in proptest::collection::vec(proptest::prop_oneof![
                "[a-z *_#>`-]{0,12}",
                proptest::strategy::Just("<script>alert(1)</script>".to_owned()),
                proptest::strategy::Just("<img src=x onerror=alert(1)>".to_owned()),
                proptest::strategy::Just("[x](javascript:alert(1))".to_owned()),
                proptest::strategy::Just("<a href=\"javascript:alert(1)\">y</a>".to_owned()),
                proptest::strategy::Just("<svg onload=alert(1)>".to_owned()),
                proptest::strategy::Just("<iframe src=x></iframe>".to_owned()),
                proptest::strategy::Just("<div style=\"position:fixed\">".to_owned()),
                proptest::strategy::Just("\n\n".to_owned()),
            ], 0..12),
        ) {
            let html = render_markdown(&parts.concat()).to_lowercase();
            // Text may say "onerror" (in a code span, say); tags may not carry it.
            for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or(rest)) {
                let name = tag.split_whitespace().next().unwrap_or_default();
                proptest::prop_assert!(!["script", "iframe", "svg"].contains(&name), "{}", html);
                for attribute in tag.split_whitespace().skip(1) {
                    proptest::prop_assert!(!attribute.starts_with("on"), "{}", html);
                    proptest::prop_assert!(!attribute.starts_with("style"), "{}", html);
                    proptest::prop_assert!(!attribute.contains("javascript:"), "{}", html);
                }
            }
        }
    }
}
