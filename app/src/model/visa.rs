//! The visa invitation letter: the details a consulate expects, checked, and the letter an
//! organiser approves for the attendee to print.
use super::text::one_line;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How far before the first day one may arrive, and after the last leave, on the letter.
pub const TRAVEL_SLACK_DAYS: u64 = 14;

/// The details as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaForm {
    pub full_name: String,
    pub nationality: String,
    pub passport_number: String,
    /// `YYYY-MM-DD`, as a date input sends it.
    pub born_on: String,
    pub arrives_on: String,
    pub leaves_on: String,
}

/// The details once checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaDetails {
    /// As in the passport.
    pub full_name: String,
    pub nationality: String,
    pub passport_number: String,
    pub born_on: NaiveDate,
    pub arrives_on: NaiveDate,
    pub leaves_on: NaiveDate,
}

impl VisaForm {
    /// Checks the details against the event's days; the error names the field.
    pub fn check(
        &self,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<VisaDetails, (&'static str, String)> {
        let full_name = one_line(&self.full_name, 2, 120)
            .map_err(|rule| ("full_name", format!("The full name {rule}.")))?;
        let nationality = one_line(&self.nationality, 2, 60)
            .map_err(|rule| ("nationality", format!("The nationality {rule}.")))?;
        let passport_number: String = self
            .passport_number
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if !(5..=20).contains(&passport_number.len())
            || !passport_number.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err((
                "passport_number",
                "A passport number is 5 to 20 letters and digits, as printed in the passport."
                    .into(),
            ));
        }
        let date = |field: &'static str, value: &str, what: &str| {
            NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
                (
                    field,
                    format!("Give the {what} as a date, like 1990-05-29."),
                )
            })
        };
        let born_on = date("born_on", &self.born_on, "date of birth")?;
        if born_on >= today || born_on.year() < 1900 {
            return Err(("born_on", "Check the date of birth.".into()));
        }
        let arrives_on = date("arrives_on", &self.arrives_on, "arrival")?;
        let leaves_on = date("leaves_on", &self.leaves_on, "departure")?;
        let earliest = starts_on - Days::new(TRAVEL_SLACK_DAYS);
        let latest = ends_on + Days::new(TRAVEL_SLACK_DAYS);
        if arrives_on < earliest || arrives_on > ends_on {
            return Err((
                "arrives_on",
                format!("Arrive between {earliest} and {ends_on}, the last day of the event."),
            ));
        }
        if leaves_on < arrives_on.max(starts_on) || leaves_on > latest {
            return Err((
                "leaves_on",
                format!("Leave after you arrive and the event starts, and by {latest}."),
            ));
        }
        Ok(VisaDetails {
            full_name,
            nationality,
            passport_number,
            born_on,
            arrives_on,
            leaves_on,
        })
    }
}

impl From<&VisaDetails> for VisaForm {
    fn from(details: &VisaDetails) -> Self {
        VisaForm {
            full_name: details.full_name.clone(),
            nationality: details.nationality.clone(),
            passport_number: details.passport_number.clone(),
            born_on: details.born_on.to_string(),
            arrives_on: details.arrives_on.to_string(),
            leaves_on: details.leaves_on.to_string(),
        }
    }
}

/// The details with the organisers' approval, if given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaLetter {
    pub details: VisaDetails,
    pub submitted_at: DateTime<Utc>,
    pub approval: Option<Approval>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The organiser who signs the letter.
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The attendee's letter page: the form, or the letter to print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaLetterPage {
    pub slug: String,
    pub event_title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The venue's name and address, for the letterhead.
    pub venue: String,
    pub address: String,
    pub letter: Option<VisaLetter>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn form() -> VisaForm {
        VisaForm {
            full_name: "Adaeze Okonkwo".into(),
            nationality: "Nigerian".into(),
            passport_number: "a0 1234 567".into(),
            born_on: "1990-05-29".into(),
            arrives_on: "2014-05-28".into(),
            leaves_on: "2014-05-31".into(),
        }
    }

    fn check(form: VisaForm) -> Result<VisaDetails, &'static str> {
        form.check(day(2014, 5, 29), day(2014, 5, 30), day(2014, 4, 1))
            .map_err(|(field, _)| field)
    }

    #[test]
    fn good_details_are_kept_with_the_passport_number_as_printed() {
        let details = check(form()).expect("valid");
        assert_eq!(details.passport_number, "A01234567");
        assert_eq!(details.arrives_on, day(2014, 5, 28));
    }

    #[test]
    fn each_bad_detail_names_its_field() {
        let with = |change: fn(&mut VisaForm)| {
            let mut form = form();
            change(&mut form);
            check(form).map(|_| ())
        };
        assert_eq!(with(|f| f.full_name = "A".into()), Err("full_name"));
        assert_eq!(with(|f| f.nationality = "".into()), Err("nationality"));
        assert_eq!(
            with(|f| f.passport_number = "12-34".into()),
            Err("passport_number")
        );
        assert_eq!(with(|f| f.born_on = "29/05/1990".into()), Err("born_on"));
        assert_eq!(with(|f| f.born_on = "2015-01-01".into()), Err("born_on"));
        assert_eq!(
            with(|f| f.arrives_on = "2014-06-01".into()),
            Err("arrives_on")
        );
        assert_eq!(
            with(|f| f.arrives_on = "2014-04-01".into()),
            Err("arrives_on")
        );
        assert_eq!(
            with(|f| f.leaves_on = "2014-05-27".into()),
            Err("leaves_on")
        );
        assert_eq!(
            with(|f| f.leaves_on = "2014-07-30".into()),
            Err("leaves_on")
        );
    }
}
