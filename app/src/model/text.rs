//! The rules every free-text field follows. They return the end of a sentence ("is
//! required", "must be at most 140 characters") for the caller to start with the field's name.

/// Trimmed text on one line, `min` to `max` characters.
pub fn one_line(raw: &str, min: usize, max: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.chars().any(char::is_control) {
        return Err("must fit on one line".into());
    }
    match value.chars().count() {
        0 if min > 0 => Err("is required".into()),
        n if n < min => Err(format!("must be at least {min} characters")),
        n if n > max => Err(format!("must be at most {max} characters; this has {n}")),
        _ => Ok(value.to_owned()),
    }
}

/// Trimmed text that may span lines, at most `max` characters; tabs and line breaks are the
/// only control characters it keeps (others come from bad pastes and break rendering).
pub fn text(raw: &str, max: usize) -> Result<String, String> {
    let value = raw.trim().replace("\r\n", "\n");
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err("contains invisible control characters; retype the part pasted in".into());
    }
    match value.chars().count() {
        n if n > max => Err(format!("must be at most {max} characters; this has {n}")),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_trims_and_counts_characters_not_bytes() {
        assert_eq!(one_line("  Zürich  ", 1, 6), Ok("Zürich".into()));
        assert_eq!(one_line("", 1, 6), Err("is required".into()));
        assert_eq!(one_line("", 0, 6), Ok(String::new()));
        assert_eq!(
            one_line("Xe", 3, 6),
            Err("must be at least 3 characters".into())
        );
        assert!(one_line("a\tb", 0, 6).is_err());
    }

    #[test]
    fn text_keeps_lines_and_refuses_other_control_characters() {
        assert_eq!(text(" a\r\nb\tc ", 10), Ok("a\nb\tc".into()));
        assert!(text("bell \u{7}", 10).is_err());
        assert!(text("abc", 2).is_err());
    }
}
