//! The live agenda: rooms, and sessions placed in them at a time, each a topic from the board
//! or a plain item (welcome, lunch, the evening social). Times are kept in UTC; the server also
//! gives each session its wall-clock time in the event's zone, so the browser needs no
//! time-zone database.
use super::text::one_line;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: i64,
    pub name: String,
    /// Seats: a topic more people want than this is flagged.
    pub capacity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: i64,
    pub room_id: i64,
    /// `None` for a plain item.
    pub topic_id: Option<i64>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Wall-clock times in the event's zone.
    pub local_start: NaiveDateTime,
    pub local_end: NaiveDateTime,
    /// Moves with every change to the session, so calendar apps update in place.
    pub sequence: u32,
    /// The topic's technical contacts; empty for a plain item.
    pub contacts: String,
    /// How many want to come: the topic's votes.
    pub interest: u32,
}

impl Session {
    pub fn overlaps(&self, other: &Session) -> bool {
        self.local_start < other.local_end && other.local_start < self.local_end
    }

    pub fn day(&self) -> NaiveDate {
        self.local_start.date()
    }

    /// Minutes after midnight, wall clock; a session starts and ends on one day.
    pub fn start_minute(&self) -> u32 {
        self.local_start.hour() * 60 + self.local_start.minute()
    }

    pub fn end_minute(&self) -> u32 {
        self.local_end.hour() * 60 + self.local_end.minute()
    }

    /// "14:00–15:30".
    pub fn hours(&self) -> String {
        format!(
            "{}–{}",
            self.local_start.format("%H:%M"),
            self.local_end.format("%H:%M")
        )
    }
}

/// A topic the organisers can place, with what the editor weighs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaTopic {
    pub id: i64,
    pub title: String,
    pub votes: u32,
    pub contacts: String,
}

/// The agenda page: everything to draw the grid, the list and "Now / Next".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    pub slug: String,
    pub event_title: String,
    pub time_zone: String,
    /// The zone's offset from UTC during the event, for a clock in the browser.
    pub utc_offset_minutes: i32,
    pub days: Vec<NaiveDate>,
    /// Moves with every change; a change based on an older one is refused.
    pub version: i64,
    pub live_seq: u64,
    pub rooms: Vec<Room>,
    /// By start, then room.
    pub sessions: Vec<Session>,
    /// For organisers: the topics not on the agenda yet, most-voted first.
    pub topics: Vec<AgendaTopic>,
    pub can_edit: bool,
    /// The signed-in reader's own agenda; `None` for a visitor.
    pub mine: Option<MyAgenda>,
    /// When the server read it: a page shown offline says how old it is.
    pub read_at: DateTime<Utc>,
}

/// What a signed-in reader starred, and how they follow it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAgenda {
    pub starred: Vec<i64>,
    /// The address of their private calendar feed of starred sessions, once they starred one
    /// or chose how to be told.
    pub feed_url: Option<String>,
    pub mail_on_move: bool,
}

impl Agenda {
    pub fn room(&self, id: i64) -> Option<&Room> {
        self.rooms.iter().find(|room| room.id == id)
    }

    /// "14:05", the wall-clock time in the event's zone the agenda was read at.
    pub fn as_of(&self) -> String {
        let local = self.read_at + chrono::Duration::minutes(i64::from(self.utc_offset_minutes));
        local.format("%H:%M").to_string()
    }

    pub fn is_starred(&self, session_id: i64) -> bool {
        self.mine
            .as_ref()
            .is_some_and(|mine| mine.starred.contains(&session_id))
    }

    /// "Thu 09:00–10:00 in Garden", or why there is no place.
    pub fn place_of(&self, session: &Session) -> String {
        let room = self
            .room(session.room_id)
            .map_or("", |room| room.name.as_str());
        format!(
            "{} {} in {room}",
            session.local_start.format("%a"),
            session.hours()
        )
    }
}

/// A place in the agenda as typed: a room, a day and wall-clock times.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotForm {
    pub room_id: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
}

/// A place in the agenda once checked (the room's event is checked by the store).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub room_id: i64,
    pub day: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl SlotForm {
    pub fn check(&self, days: &[NaiveDate]) -> Result<Slot, (&'static str, String)> {
        let room_id = self
            .room_id
            .trim()
            .parse()
            .map_err(|_| ("room_id", "Pick a room.".to_owned()))?;
        let day = NaiveDate::parse_from_str(self.day.trim(), "%Y-%m-%d")
            .map_err(|_| ("day", "Pick a day of the event.".to_owned()))?;
        if !days.contains(&day) {
            let (first, last) = (days.first(), days.last());
            let range = match (first, last) {
                (Some(first), Some(last)) => format!(" ({first} to {last})"),
                _ => String::new(),
            };
            return Err(("day", format!("{day} is not a day of the event{range}.")));
        }
        let time = |field: &'static str, value: &str| {
            NaiveTime::parse_from_str(value.trim(), "%H:%M")
                .map_err(|_| (field, "Give the time as HH:MM, like 14:30.".to_owned()))
        };
        let start = time("start", &self.start)?;
        let end = time("end", &self.end)?;
        if end <= start {
            return Err((
                "end",
                "A session ends after it starts, on the same day.".into(),
            ));
        }
        Ok(Slot {
            room_id,
            day,
            start,
            end,
        })
    }
}

impl Slot {
    pub fn local_start(&self) -> NaiveDateTime {
        self.day.and_time(self.start)
    }

    pub fn local_end(&self) -> NaiveDateTime {
        self.day.and_time(self.end)
    }
}

/// A plain item's title, checked.
pub fn check_item_title(title: &str) -> Result<String, String> {
    one_line(title, 2, 140).map_err(|rule| format!("The title {rule}."))
}

/// A room's name and seats, checked.
pub fn check_room(name: &str, capacity: &str) -> Result<(String, u32), (&'static str, String)> {
    let name = one_line(name, 1, 60).map_err(|rule| ("name", format!("The name {rule}.")))?;
    let capacity = capacity
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|seats| (1..=10_000).contains(seats))
        .ok_or_else(|| ("capacity", "Seats are a whole number, like 30.".to_owned()))?;
    Ok((name, capacity))
}

/// Something the editor warns about before saving. A room taken twice is also refused by the
/// server; the others are the organisers' call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    RoomTaken {
        room: String,
        first: String,
        second: String,
    },
    ContactTwice {
        contact: String,
        first: String,
        second: String,
    },
    TooSmall {
        room: String,
        title: String,
        interest: u32,
        capacity: u32,
    },
}

impl Conflict {
    pub fn message(&self) -> String {
        match self {
            Conflict::RoomTaken {
                room,
                first,
                second,
            } => format!("{room} is taken twice at once: “{first}” and “{second}”."),
            Conflict::ContactTwice {
                contact,
                first,
                second,
            } => format!("{contact} is needed in two places at once: “{first}” and “{second}”."),
            Conflict::TooSmall {
                room,
                title,
                interest,
                capacity,
            } => {
                format!("{room} seats {capacity}, and {interest} people want to come to “{title}”.")
            }
        }
    }
}

/// The contacts of a topic, one per name: "Lars Kurth, Anil Madhavapeddy" is two.
fn contacts(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .flat_map(|part| part.split(" and "))
        .map(|name| {
            // "Lars Kurth <lars@example.org>" and "Lars Kurth" are the same person.
            let name = name.split('<').next().unwrap_or_default();
            name.trim().to_lowercase()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Everything wrong with an agenda, in the order the sessions start.
pub fn conflicts(rooms: &[Room], sessions: &[Session]) -> Vec<Conflict> {
    let room_name = |id: i64| {
        rooms
            .iter()
            .find(|room| room.id == id)
            .map_or_else(|| "A room".to_owned(), |room| room.name.clone())
    };
    let mut found = Vec::new();
    for (index, first) in sessions.iter().enumerate() {
        for second in sessions.iter().skip(index + 1) {
            if !first.overlaps(second) {
                continue;
            }
            if first.room_id == second.room_id {
                found.push(Conflict::RoomTaken {
                    room: room_name(first.room_id),
                    first: first.title.clone(),
                    second: second.title.clone(),
                });
            }
            let theirs = contacts(&second.contacts);
            if let Some(contact) = contacts(&first.contacts)
                .into_iter()
                .find(|c| theirs.contains(c))
            {
                let shown = first
                    .contacts
                    .split([',', ';', '\n'])
                    .flat_map(|part| part.split(" and "))
                    .map(|name| name.split('<').next().unwrap_or_default().trim())
                    .find(|name| name.to_lowercase() == contact)
                    .unwrap_or(&contact)
                    .to_owned();
                found.push(Conflict::ContactTwice {
                    contact: shown,
                    first: first.title.clone(),
                    second: second.title.clone(),
                });
            }
        }
        if let Some(room) = rooms.iter().find(|room| room.id == first.room_id) {
            if first.interest > room.capacity {
                found.push(Conflict::TooSmall {
                    room: room.name.clone(),
                    title: first.title.clone(),
                    interest: first.interest,
                    capacity: room.capacity,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2014, 5, 29).expect("a date")
    }

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        day().and_hms_opt(hour, minute, 0).expect("a time")
    }

    fn session(id: i64, room_id: i64, from: (u32, u32), to: (u32, u32), contacts: &str) -> Session {
        let local_start = at(from.0, from.1);
        let local_end = at(to.0, to.1);
        Session {
            id,
            room_id,
            topic_id: Some(id),
            title: format!("Topic {id}"),
            starts_at: local_start.and_utc(),
            ends_at: local_end.and_utc(),
            local_start,
            local_end,
            sequence: 0,
            contacts: contacts.into(),
            interest: 10,
        }
    }

    fn rooms() -> Vec<Room> {
        vec![
            Room {
                id: 1,
                name: "Hayes".into(),
                capacity: 40,
            },
            Room {
                id: 2,
                name: "Boardroom".into(),
                capacity: 8,
            },
        ]
    }

    #[test]
    fn a_room_taken_twice_a_contact_in_two_places_and_a_small_room_are_found() {
        let sessions = [
            session(1, 1, (10, 0), (11, 0), "Lars Kurth <lars@example.org>"),
            session(2, 1, (10, 30), (11, 30), ""),
            session(3, 2, (10, 45), (11, 15), "Ian Jackson, lars kurth"),
            session(4, 1, (11, 30), (12, 0), "Lars Kurth"),
        ];
        let found = conflicts(&rooms(), &sessions);
        assert_eq!(
            found,
            [
                Conflict::RoomTaken {
                    room: "Hayes".into(),
                    first: "Topic 1".into(),
                    second: "Topic 2".into()
                },
                Conflict::ContactTwice {
                    contact: "Lars Kurth".into(),
                    first: "Topic 1".into(),
                    second: "Topic 3".into()
                },
                Conflict::TooSmall {
                    room: "Boardroom".into(),
                    title: "Topic 3".into(),
                    interest: 10,
                    capacity: 8
                },
            ]
        );
    }

    #[test]
    fn back_to_back_sessions_do_not_overlap() {
        let first = session(1, 1, (10, 0), (11, 0), "");
        let second = session(2, 1, (11, 0), (12, 0), "");
        assert!(!first.overlaps(&second));
        assert!(conflicts(&rooms(), &[first, second]).is_empty());
    }

    #[test]
    fn slots_outside_the_event_or_ending_before_they_start_name_their_field() {
        let days = [day(), day().succ_opt().expect("a day")];
        let slot = |day: &str, start: &str, end: &str| SlotForm {
            room_id: "1".into(),
            day: day.into(),
            start: start.into(),
            end: end.into(),
        };
        let field = |form: SlotForm| form.check(&days).map(|_| ()).map_err(|(f, _)| f);
        assert_eq!(field(slot("2014-05-29", "10:00", "11:00")), Ok(()));
        assert_eq!(field(slot("2014-05-31", "10:00", "11:00")), Err("day"));
        assert_eq!(field(slot("2014-05-29", "11:00", "10:00")), Err("end"));
        assert_eq!(field(slot("2014-05-29", "10h", "11:00")), Err("start"));
        let no_room = SlotForm {
            room_id: "x".into(),
            ..slot("2014-05-29", "10:00", "11:00")
        };
        assert_eq!(field(no_room), Err("room_id"));
    }

    proptest::proptest! {
        /// Any slot typed into the editor is refused by field, or is a real slot of the event
        /// that ends after it starts.
        #[test]
        fn a_checked_slot_is_a_day_of_the_event_and_ends_after_it_starts(
            room_id in "( ?-?[0-9]{1,20} ?|x)",
            typed_day in "2014-05-(2[7-9]|3[0-2])|2014-13-01|29 May",
            start in "([0-2]?[0-9]:[0-6][0-9]|9|noon)",
            end in "([0-2]?[0-9]:[0-6][0-9]|9|noon)",
        ) {
            let form = SlotForm { room_id, day: typed_day, start, end };
            let days = [day(), day().succ_opt().expect("a day")];
            match form.check(&days) {
                Ok(slot) => {
                    proptest::prop_assert!(days.contains(&slot.day));
                    proptest::prop_assert!(slot.end > slot.start);
                }
                Err((field, _)) => {
                    proptest::prop_assert!(["room_id", "day", "start", "end"].contains(&field));
                }
            }
        }

        /// A room is refused by field, or has a one-line name and 1 to 10,000 seats.
        #[test]
        fn a_checked_room_has_a_name_and_seats(name in "(.|\n){0,80}", capacity in ".{0,12}") {
            match check_room(&name, &capacity) {
                Ok((name, seats)) => {
                    proptest::prop_assert!((1..=60).contains(&name.chars().count()));
                    proptest::prop_assert!(!name.contains('\n'));
                    proptest::prop_assert!((1..=10_000).contains(&seats));
                }
                Err((field, _)) => proptest::prop_assert!(field == "name" || field == "capacity"),
            }
        }
    }
}
