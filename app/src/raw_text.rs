//! Text for the two places where the server writes a string into the page as it is: the
//! document's `<title>` (leptos_meta inserts it into the head unescaped) and a `<textarea>`'s
//! content (tachys renders it as raw text, like a script's). A title or comment such as
//! `</title><script>…` would otherwise close the element and open a live one. The browser decodes
//! the escapes, so people see and submit their text unchanged.

/// `text` escaped for the server's HTML; in the browser, which sets it as a DOM text node,
/// unchanged (escaping there would show `&lt;` to the reader).
pub fn raw_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(&text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn closing_tags_in_user_text_cannot_end_the_element() {
        let text = raw_text("</title><script>alert(1)</script> & </textarea>".to_owned());
        assert_eq!(
            text,
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/textarea&gt;"
        );
    }
}
