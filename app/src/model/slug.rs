//! The short name of an event in its public URL, `/events/{slug}`.
use serde::{Deserialize, Serialize};
use std::fmt;

/// Lowercase ASCII letters, digits and single hyphens, 2 to 64 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        if raw.len() < 2 || raw.len() > 64 {
            return Err("must be 2 to 64 characters long");
        }
        if !raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err("may only use lowercase letters, digits and hyphens");
        }
        if raw.starts_with('-') || raw.ends_with('-') || raw.contains("--") {
            return Err("must not start or end with a hyphen, or repeat one");
        }
        Ok(Slug(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn lowercase_words_with_hyphens_are_a_slug() {
        assert_eq!(
            Slug::parse("london-2014").map(|s| s.to_string()),
            Ok("london-2014".into())
        );
    }

    #[test]
    fn uppercase_spaces_and_path_tricks_are_refused() {
        for bad in [
            "London",
            "london 2014",
            "../etc",
            "a",
            "-london",
            "london-",
            "lon--don",
            "",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn overlong_slug_is_refused() {
        assert!(Slug::parse(&"a".repeat(65)).is_err());
    }
}
