//! The event editor's form: every field as typed, so a bad value comes back to its field
//! instead of failing the whole request. The server turns it into `EventDetails` or an error.
use super::{EventDetails, Person};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub title: String,
    pub tagline: String,
    pub starts_on: String,
    pub ends_on: String,
    pub day_starts: String,
    pub day_ends: String,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub map_url: String,
    pub social_on: String,
    pub social_md: String,
    pub transport_md: String,
    pub visa_md: String,
    pub hotels: Vec<HotelForm>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HotelForm {
    pub name: String,
    pub address: String,
    pub nearest_station: String,
    pub travel_minutes: String,
    pub distance_note: String,
    pub rate_min: String,
    pub rate_max: String,
    pub currency: String,
    pub directions_url: String,
}

impl HotelForm {
    /// The empty row at the end of the editor, for adding a hotel: left empty, it adds nothing.
    pub fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.address,
            &self.nearest_station,
            &self.travel_minutes,
            &self.distance_note,
            &self.rate_min,
            &self.rate_max,
            &self.directions_url,
        ]
        .iter()
        .all(|value| value.trim().is_empty())
    }
}

impl From<&EventDetails> for EventForm {
    fn from(event: &EventDetails) -> Self {
        let text = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        EventForm {
            title: event.title.clone(),
            tagline: event.tagline.clone(),
            starts_on: event.starts_on.to_string(),
            ends_on: event.ends_on.to_string(),
            day_starts: event.day_starts.format("%H:%M").to_string(),
            day_ends: event.day_ends.format("%H:%M").to_string(),
            time_zone: event.time_zone.clone(),
            venue_name: event.venue.name.clone(),
            venue_address: event.venue.address.clone(),
            map_url: event.venue.map_url.clone().unwrap_or_default(),
            social_on: event.social_on.map(|d| d.to_string()).unwrap_or_default(),
            social_md: event.social_md.clone(),
            transport_md: event.transport_md.clone(),
            visa_md: event.visa_md.clone(),
            hotels: event
                .hotels
                .iter()
                .map(|hotel| HotelForm {
                    name: hotel.name.clone(),
                    address: hotel.address.clone(),
                    nearest_station: hotel.nearest_station.clone(),
                    travel_minutes: text(hotel.travel_minutes),
                    distance_note: hotel.distance_note.clone(),
                    rate_min: text(hotel.rate.as_ref().map(|r| r.min)),
                    rate_max: text(hotel.rate.as_ref().map(|r| r.max)),
                    currency: hotel
                        .rate
                        .as_ref()
                        .map(|r| r.currency.clone())
                        .unwrap_or_default(),
                    directions_url: hotel.directions_url.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// What the editor page loads: the form, the revision it starts from, and the organisers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableEvent {
    pub slug: String,
    pub title: String,
    pub revision: i64,
    pub form: EventForm,
    pub organisers: Vec<Person>,
    /// Admins name organisers; organisers see who else organises.
    pub can_name_organisers: bool,
}

/// What the save buttons of the hotel rows ask for besides saving; in the form as `op`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HotelOp {
    Up(usize),
    Down(usize),
    Remove(usize),
}

impl HotelOp {
    /// "up-2", "down-0", "remove-1"; anything else is a plain save.
    pub fn parse(raw: &str) -> Option<Self> {
        let (verb, row) = raw.split_once('-')?;
        let row = row.parse().ok()?;
        match verb {
            "up" => Some(HotelOp::Up(row)),
            "down" => Some(HotelOp::Down(row)),
            "remove" => Some(HotelOp::Remove(row)),
            _ => None,
        }
    }

    pub fn value(self) -> String {
        match self {
            HotelOp::Up(row) => format!("up-{row}"),
            HotelOp::Down(row) => format!("down-{row}"),
            HotelOp::Remove(row) => format!("remove-{row}"),
        }
    }
}
