//! Organisers edit their event; admins create events and name organisers.
use super::live::{Audience, Outgoing};
use super::{rights, AppState};
use crate::error::AppError;
use crate::model::text::{one_line, text};
use crate::model::{
    EditableEvent, Email, EventDetails, EventForm, Hotel, HotelForm, HotelOp, LiveMessage, Person,
    RateRange, Slug, User, Venue,
};
use crate::server::LoginKey;
use crate::server::Updated;
use chrono::{NaiveDate, NaiveTime};

const MAX_HOTELS: usize = 30;
const MAX_MARKDOWN: usize = 20_000;

pub async fn editor(
    state: &AppState,
    user: Option<User>,
    slug: &str,
) -> Result<EditableEvent, AppError> {
    let (user, event) = rights::organiser(state, user, slug).await?;
    let organisers = state.store.list_organisers(event.id).await?;
    Ok(EditableEvent {
        slug: event.details.slug.clone(),
        title: event.details.title.clone(),
        revision: event.revision,
        form: EventForm::from(&event.details),
        organisers: organisers.into_iter().map(Person::from).collect(),
        can_name_organisers: user.is_admin,
    })
}

/// Saves the whole form, applying `op` to the hotel rows, and returns the new revision;
/// `Conflict` if someone saved since `revision`, so nobody overwrites an edit they never saw.
pub async fn save(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    revision: i64,
    op: Option<HotelOp>,
    form: &EventForm,
) -> Result<i64, AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    let details = parse_form(&event.details.slug, form, op)?;
    let changed = LiveMessage::EventChanged {
        event: Box::new(super::public_event(details.clone())),
    };
    let live = [Outgoing::new(Audience::Everyone, &changed)];
    let updated = state
        .store
        .update_event(event.id, revision, &details, &live)
        .await?;
    match updated {
        Updated::Made => Ok(revision + 1),
        Updated::Missed => Err(AppError::Conflict(
            "Someone else saved this event while you were editing. Copy what you changed, \
             reload the page, and make your changes again."
                .into(),
        )),
    }
}

/// What an admin gives to start an event; everything else is edited afterwards.
pub struct NewEventForm {
    pub slug: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub time_zone: String,
    pub venue_name: String,
}

/// A refusal of `parse_form` for a form that names its fields without the editor's
/// `event[…]`, such as the creation form.
pub(super) fn unprefixed(error: AppError) -> AppError {
    match error {
        AppError::Invalid { field, message } => AppError::Invalid {
            field: field
                .trim_start_matches("event[")
                .trim_end_matches(']')
                .to_owned(),
            message,
        },
        other => other,
    }
}

/// Admins only. The event starts with office hours, 09:00 to 17:00.
pub async fn create_event(
    state: &AppState,
    user: Option<User>,
    form: NewEventForm,
) -> Result<String, AppError> {
    rights::admin(user)?;
    let slug = Slug::parse(form.slug.trim())
        .map_err(|m| AppError::invalid("slug", format!("The short name {m}.")))?;
    let full = EventForm {
        title: form.title,
        starts_on: form.starts_on,
        ends_on: form.ends_on,
        day_starts: "09:00".into(),
        day_ends: "17:00".into(),
        time_zone: form.time_zone,
        venue_name: form.venue_name,
        ..EventForm::default()
    };
    let details = parse_form(slug.as_str(), &full, None).map_err(unprefixed)?;
    match state.store.insert_event(&details).await? {
        Some(_) => Ok(slug.to_string()),
        None => Err(AppError::invalid(
            "slug",
            "An event already uses this short name; pick another.",
        )),
    }
}

/// Admins only: makes the account with `email` an organiser of the event.
pub async fn add_organiser(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    email: &str,
) -> Result<(), AppError> {
    rights::admin(user.clone())?;
    let (_, event) = rights::organiser(state, user, slug).await?;
    let email = Email::parse(email).map_err(|m| AppError::invalid("email", m))?;
    let login = state
        .store
        .find_login(LoginKey::Email(email.as_str()))
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "email",
                "Nobody has an account with this email yet; ask them to sign up first.",
            )
        })?;
    state
        .store
        .insert_organiser(event.id, login.user.id)
        .await?;
    Ok(())
}

/// Admins only.
pub async fn remove_organiser(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    user_id: i64,
) -> Result<(), AppError> {
    rights::admin(user.clone())?;
    let (_, event) = rights::organiser(state, user, slug).await?;
    state.store.delete_organiser(event.id, user_id).await?;
    Ok(())
}

/// Checks every field; the error names the first bad one as the form names it.
pub fn parse_form(
    slug: &str,
    form: &EventForm,
    op: Option<HotelOp>,
) -> Result<EventDetails, AppError> {
    let field = |name: &str| format!("event[{name}]");
    let bad = |name: &str, message: &str| AppError::invalid(&field(name), message);

    let title =
        one_line(&form.title, 1, 120).map_err(|m| bad("title", &format!("The title {m}.")))?;
    let tagline = one_line(&form.tagline, 0, 200)
        .map_err(|m| bad("tagline", &format!("The tagline {m}.")))?;
    let starts_on = date(&form.starts_on).map_err(|m| bad("starts_on", m))?;
    let ends_on = date(&form.ends_on).map_err(|m| bad("ends_on", m))?;
    if ends_on < starts_on {
        return Err(bad("ends_on", "The last day must not be before the first."));
    }
    if (ends_on - starts_on).num_days() > 30 {
        return Err(bad("ends_on", "An event lasts at most a month."));
    }
    let day_starts = time(&form.day_starts).map_err(|m| bad("day_starts", m))?;
    let day_ends = time(&form.day_ends).map_err(|m| bad("day_ends", m))?;
    if day_ends <= day_starts {
        return Err(bad("day_ends", "The day must end after it starts."));
    }
    let time_zone = form.time_zone.trim();
    if time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(bad(
            "time_zone",
            "Use a time zone name like Europe/London or America/New_York.",
        ));
    }
    let venue_name = one_line(&form.venue_name, 1, 120)
        .map_err(|m| bad("venue_name", &format!("The venue's name {m}.")))?;
    let venue_address = text(&form.venue_address, 500)
        .map_err(|m| bad("venue_address", &format!("The address {m}.")))?;
    let map_url = url(&form.map_url).map_err(|m| bad("map_url", m))?;
    let social_on = match form.social_on.trim() {
        "" => None,
        raw => {
            let on = date(raw).map_err(|m| bad("social_on", m))?;
            if on < starts_on.pred_opt().unwrap_or(starts_on) || on > ends_on {
                return Err(bad(
                    "social_on",
                    "The social is during the event, or on the evening before.",
                ));
            }
            Some(on)
        }
    };
    let markdown = |name: &str, raw: &str| {
        text(raw, MAX_MARKDOWN).map_err(|m| bad(name, &format!("This text {m}.")))
    };
    let social_md = markdown("social_md", &form.social_md)?;
    let transport_md = markdown("transport_md", &form.transport_md)?;
    let visa_md = markdown("visa_md", &form.visa_md)?;
    let hotels = parse_hotels(&form.hotels, op)?;

    Ok(EventDetails {
        slug: slug.to_owned(),
        title,
        tagline,
        starts_on,
        ends_on,
        day_starts,
        day_ends,
        time_zone: time_zone.to_owned(),
        venue: Venue {
            name: venue_name,
            address: venue_address,
            map_url,
        },
        social_on,
        social_md,
        transport_md,
        visa_md,
        hotels,
    })
}

/// Rows keep their form index for error messages; removal happens before validation, so a
/// half-typed row can always be removed.
fn parse_hotels(rows: &[HotelForm], op: Option<HotelOp>) -> Result<Vec<Hotel>, AppError> {
    let mut kept = Vec::new();
    for (row, form) in rows.iter().enumerate() {
        if form.is_blank() || op == Some(HotelOp::Remove(row)) {
            continue;
        }
        kept.push((row, parse_hotel(row, form)?));
    }
    if kept.len() > MAX_HOTELS {
        return Err(AppError::invalid(
            "",
            format!("List at most {MAX_HOTELS} hotels."),
        ));
    }
    let at = |row: usize| kept.iter().position(|(r, _)| *r == row);
    match op {
        Some(HotelOp::Up(row)) => {
            if let Some(i) = at(row).filter(|i| *i > 0) {
                kept.swap(i, i - 1);
            }
        }
        Some(HotelOp::Down(row)) => {
            if let Some(i) = at(row).filter(|i| i + 1 < kept.len()) {
                kept.swap(i, i + 1);
            }
        }
        Some(HotelOp::Remove(_)) | None => {}
    }
    Ok(kept.into_iter().map(|(_, hotel)| hotel).collect())
}

fn parse_hotel(row: usize, form: &HotelForm) -> Result<Hotel, AppError> {
    let bad = |name: &str, message: &str| {
        AppError::invalid(&format!("event[hotels][{row}][{name}]"), message)
    };
    let name =
        one_line(&form.name, 1, 120).map_err(|m| bad("name", &format!("The hotel's name {m}.")))?;
    let address =
        text(&form.address, 500).map_err(|m| bad("address", &format!("The address {m}.")))?;
    let nearest_station = one_line(&form.nearest_station, 0, 120)
        .map_err(|m| bad("nearest_station", &format!("The station {m}.")))?;
    let travel_minutes = number(&form.travel_minutes, 600)
        .map_err(|m| bad("travel_minutes", &format!("Minutes to the venue: {m}.")))?;
    let distance_note = one_line(&form.distance_note, 0, 200)
        .map_err(|m| bad("distance_note", &format!("The note {m}.")))?;
    let rate_min = number(&form.rate_min, 100_000)
        .map_err(|m| bad("rate_min", &format!("The lowest rate: {m}.")))?;
    let rate_max = number(&form.rate_max, 100_000)
        .map_err(|m| bad("rate_max", &format!("The highest rate: {m}.")))?;
    let rate = match (rate_min, rate_max) {
        (None, None) => None,
        (None, Some(_)) => return Err(bad("rate_min", "Give the lowest rate too.")),
        (Some(min), max) => {
            let max = max.unwrap_or(min);
            if max < min {
                return Err(bad("rate_max", "The highest rate is below the lowest."));
            }
            let currency = form.currency.trim().to_ascii_uppercase();
            if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(bad(
                    "currency",
                    "Give the currency as three letters, like GBP or EUR.",
                ));
            }
            Some(RateRange { min, max, currency })
        }
    };
    let directions_url = url(&form.directions_url).map_err(|m| bad("directions_url", m))?;
    Ok(Hotel {
        name,
        address,
        nearest_station,
        travel_minutes,
        distance_note,
        rate,
        directions_url,
    })
}

fn date(raw: &str) -> Result<NaiveDate, &'static str> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| "Give a date as year-month-day, like 2027-05-29.")
}

fn time(raw: &str) -> Result<NaiveTime, &'static str> {
    let raw = raw.trim();
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
        .map_err(|_| "Give a time as hours:minutes, like 09:30.")
}

/// An optional whole number from 0 to `max`.
fn number(raw: &str, max: u32) -> Result<Option<u32>, String> {
    match raw.trim() {
        "" => Ok(None),
        value => match value.parse::<u32>() {
            Ok(n) if n <= max => Ok(Some(n)),
            _ => Err(format!("use a whole number from 0 to {max}")),
        },
    }
}

/// An optional web address: only http and https, so a link cannot run script.
fn url(raw: &str) -> Result<Option<String>, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let lower = value.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    if !web || value.len() > 2000 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("Give a web address starting with https://.");
    }
    Ok(Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EventForm {
        EventForm {
            title: "Hackathon".into(),
            starts_on: "2027-05-29".into(),
            ends_on: "2027-05-30".into(),
            day_starts: "09:00".into(),
            day_ends: "17:30".into(),
            time_zone: "Europe/London".into(),
            venue_name: "Citrix".into(),
            hotels: ["A", "B", "C"]
                .iter()
                .map(|name| HotelForm {
                    name: (*name).into(),
                    ..HotelForm::default()
                })
                .collect(),
            ..EventForm::default()
        }
    }

    fn names(details: &EventDetails) -> Vec<&str> {
        details.hotels.iter().map(|h| h.name.as_str()).collect()
    }

    fn field_of(result: Result<EventDetails, AppError>) -> String {
        match result {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_form_becomes_the_event_and_blank_rows_add_nothing() {
        let mut form = form();
        form.hotels.push(HotelForm::default());
        let details = parse_form("x", &form, None).expect("valid");
        assert_eq!(names(&details), ["A", "B", "C"]);
        assert_eq!(
            details.day_ends,
            NaiveTime::from_hms_opt(17, 30, 0).expect("time")
        );
    }

    #[test]
    fn hotels_move_up_and_down_and_remove() {
        let up = parse_form("x", &form(), Some(HotelOp::Up(2))).expect("valid");
        assert_eq!(names(&up), ["A", "C", "B"]);
        let down = parse_form("x", &form(), Some(HotelOp::Down(0))).expect("valid");
        assert_eq!(names(&down), ["B", "A", "C"]);
        let top = parse_form("x", &form(), Some(HotelOp::Up(0))).expect("valid");
        assert_eq!(names(&top), ["A", "B", "C"]);
        let mut broken = form();
        broken.hotels[1].rate_min = "cheap".into();
        let removed = parse_form("x", &broken, Some(HotelOp::Remove(1))).expect("valid");
        assert_eq!(names(&removed), ["A", "C"]);
    }

    #[test]
    fn errors_name_the_field_as_the_form_does() {
        let mut bad = form();
        bad.ends_on = "2027-05-28".into();
        assert_eq!(field_of(parse_form("x", &bad, None)), "event[ends_on]");
        let mut bad = form();
        bad.time_zone = "Mars/Olympus".into();
        assert_eq!(field_of(parse_form("x", &bad, None)), "event[time_zone]");
        let mut bad = form();
        bad.hotels[2].rate_min = "90".into();
        bad.hotels[2].rate_max = "60".into();
        bad.hotels[2].currency = "GBP".into();
        assert_eq!(
            field_of(parse_form("x", &bad, None)),
            "event[hotels][2][rate_max]"
        );
        let mut bad = form();
        bad.hotels[0].name = String::new();
        bad.hotels[0].address = "somewhere".into();
        assert_eq!(
            field_of(parse_form("x", &bad, None)),
            "event[hotels][0][name]"
        );
    }

    #[test]
    fn links_must_be_web_addresses() {
        let mut bad = form();
        bad.map_url = "javascript:alert(1)".into();
        assert_eq!(field_of(parse_form("x", &bad, None)), "event[map_url]");
        let mut good = form();
        good.map_url = " https://maps.example/?q=1 ".into();
        let details = parse_form("x", &good, None).expect("valid");
        assert_eq!(
            details.venue.map_url.as_deref(),
            Some("https://maps.example/?q=1")
        );
    }

    #[test]
    fn the_form_round_trips_an_event() {
        let details = parse_form("x", &form(), None).expect("valid");
        let again = parse_form("x", &EventForm::from(&details), None).expect("valid");
        assert_eq!(details, again);
    }
}
