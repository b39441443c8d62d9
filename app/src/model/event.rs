//! An event as organisers write it (`EventDetails`) and as visitors read it (`Event`, `EventCard`).
use super::{Hotel, Phase};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Everything organisers write about an event; text fields are markdown. Stored as-is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetails {
    pub slug: String,
    pub title: String,
    pub tagline: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub day_starts: NaiveTime,
    pub day_ends: NaiveTime,
    /// IANA name, such as "Europe/London".
    pub time_zone: String,
    pub venue: Venue,
    pub social_on: Option<NaiveDate>,
    pub social_md: String,
    pub transport_md: String,
    pub visa_md: String,
    pub hotels: Vec<Hotel>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub name: String,
    /// One line per line of the postal address.
    pub address: String,
    pub map_url: Option<String>,
}

/// The event page: markdown already rendered and sanitized on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub slug: String,
    pub title: String,
    pub tagline: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub day_starts: NaiveTime,
    pub day_ends: NaiveTime,
    pub time_zone: String,
    /// The zone's abbreviation and offset during the event, such as "BST, UTC+01:00".
    pub zone_offset: String,
    pub phase: Phase,
    pub venue: Venue,
    pub social: Option<Social>,
    pub hotels: Vec<Hotel>,
    pub transport_html: String,
    pub visa_html: String,
    /// The viewer organises this event (or is an admin): the page links to the editor.
    pub can_edit: bool,
    /// The event's live stream position when this was read: the page's stream resumes there.
    pub live_seq: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Social {
    pub on: NaiveDate,
    pub html: String,
}

/// One line of the home page's lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCard {
    pub slug: String,
    pub title: String,
    pub tagline: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub time_zone: String,
    pub venue_name: String,
    pub phase: Phase,
}

/// Past events grouped by the year they started in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveYear {
    pub year: i32,
    pub events: Vec<EventCard>,
}

/// The home page: what is coming (soonest first) and the archive (newest year first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventIndex {
    pub upcoming: Vec<EventCard>,
    pub archive: Vec<ArchiveYear>,
}

impl EventIndex {
    /// Splits cards by phase; running events count as upcoming so they stay on top.
    pub fn from_cards(mut cards: Vec<EventCard>) -> Self {
        use chrono::Datelike;
        cards.sort_by_key(|c| c.starts_on);
        let (past, upcoming): (Vec<_>, Vec<_>) =
            cards.into_iter().partition(|c| c.phase == Phase::Past);
        let mut archive: Vec<ArchiveYear> = Vec::new();
        for card in past.into_iter().rev() {
            let year = card.starts_on.year();
            match archive.last_mut() {
                Some(group) if group.year == year => group.events.push(card),
                _ => archive.push(ArchiveYear {
                    year,
                    events: vec![card],
                }),
            }
        }
        EventIndex { upcoming, archive }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(slug: &str, start: (i32, u32, u32), phase: Phase) -> EventCard {
        let day = NaiveDate::from_ymd_opt(start.0, start.1, start.2).expect("valid test date");
        EventCard {
            slug: slug.into(),
            title: slug.into(),
            tagline: String::new(),
            starts_on: day,
            ends_on: day,
            time_zone: "Europe/London".into(),
            venue_name: String::new(),
            phase,
        }
    }

    #[test]
    fn upcoming_soonest_first_and_archive_newest_year_first() {
        let index = EventIndex::from_cards(vec![
            card("london-2014", (2014, 5, 29), Phase::Past),
            card("next", (2027, 1, 7), Phase::Upcoming),
            card("dublin-2013", (2013, 10, 24), Phase::Past),
            card("now", (2026, 11, 23), Phase::Running),
            card("edinburgh-2013", (2013, 5, 1), Phase::Past),
        ]);
        let slugs = |cards: &[EventCard]| cards.iter().map(|c| c.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&index.upcoming), ["now", "next"]);
        assert_eq!(
            index.archive.iter().map(|y| y.year).collect::<Vec<_>>(),
            [2014, 2013]
        );
        assert_eq!(
            slugs(&index.archive[1].events),
            ["dublin-2013", "edinburgh-2013"]
        );
    }
}
