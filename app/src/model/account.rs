//! What people type when they create an account, validated the same way in the browser (as a
//! courtesy) and on the server (as the rule).
use serde::{Deserialize, Serialize};

/// A signed-in person as the app shows them; the email only ever goes to its owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub affiliation: String,
    pub is_admin: bool,
    /// Whether they appear in public attendee lists.
    pub listed: bool,
}

/// Someone as others see them: no email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub display_name: String,
    pub affiliation: String,
}

impl From<User> for Person {
    fn from(user: User) -> Self {
        Person {
            id: user.id,
            display_name: user.display_name,
            affiliation: user.affiliation,
        }
    }
}

/// An email address, trimmed and lowercased so that one person has one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.");
        }
        if email.len() > 254 {
            return Err("That email address is too long.");
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("An email address has an @, like ada@example.org.");
        };
        let valid = !local.is_empty()
            && local.len() <= 64
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c));
        if valid {
            Ok(Email(email))
        } else {
            Err("That does not look like an email address, like ada@example.org.")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a new password: 10 to 1024 bytes, anything else goes (passphrases welcome).
pub fn check_password(raw: &str) -> Result<(), &'static str> {
    match raw.len() {
        0..=9 => Err("Use at least 10 characters; a few words make a good password."),
        10..=1024 => Ok(()),
        _ => Err("Use at most 1024 bytes."),
    }
}

/// The name shown next to everything a person writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = collapse_spaces(raw);
        match name.chars().count() {
            0 => Err("Enter the name people know you by."),
            1..=80 if !name.chars().any(char::is_control) => Ok(DisplayName(name)),
            1..=80 => Err("Use letters, digits and punctuation only."),
            _ => Err("Use at most 80 characters."),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A company, project or university, as in the seed's attendee list ("Citrix"); may be empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affiliation(String);

impl Affiliation {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let affiliation = collapse_spaces(raw);
        if affiliation.chars().count() > 120 {
            Err("Use at most 120 characters.")
        } else if affiliation.chars().any(char::is_control) {
            Err("Use letters, digits and punctuation only.")
        } else {
            Ok(Affiliation(affiliation))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims and turns runs of white space (including newlines) into one space.
fn collapse_spaces(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Ada@Example.ORG ").map(|e| e.as_str().to_owned()),
            Ok("ada@example.org".into())
        );
    }

    #[test]
    fn malformed_emails_are_refused_with_a_hint() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "ada@@example.org",
            "a da@example.org",
            "<ada>@example.org",
            "ada@.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Email::parse(&format!("{}@example.org", "a".repeat(250))).is_err());
    }

    #[test]
    fn passwords_are_ten_to_1024_bytes() {
        assert!(check_password("short").is_err());
        assert!(check_password("correct horse").is_ok());
        assert!(check_password(&"x".repeat(1024)).is_ok());
        assert!(check_password(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn names_are_tidied_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Ada \n Lovelace ").map(|n| n.as_str().to_owned()),
            Ok("Ada Lovelace".into())
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"n".repeat(81)).is_err());
        assert!(DisplayName::parse("Ada\u{7}").is_err());
    }

    #[test]
    fn affiliation_may_be_empty_but_not_endless() {
        assert_eq!(
            Affiliation::parse(" ").map(|a| a.as_str().to_owned()),
            Ok(String::new())
        );
        assert!(Affiliation::parse(&"c".repeat(121)).is_err());
    }
}
