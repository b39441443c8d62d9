//! Hotels near the venue: what a traveller compares, and the orders they compare them in.
use serde::{Deserialize, Serialize};

/// A hotel suggestion on the event page, in the organisers' order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hotel {
    pub name: String,
    pub address: String,
    pub nearest_station: String,
    /// Door to venue, by foot or train, as the organisers measured it.
    pub travel_minutes: Option<u32>,
    /// Free text such as "4 minute walk to the venue".
    pub distance_note: String,
    pub rate: Option<RateRange>,
    pub directions_url: Option<String>,
}

/// A nightly rate range in whole units of an ISO 4217 currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRange {
    pub min: u32,
    pub max: u32,
    pub currency: String,
}

impl RateRange {
    /// "£68–£90", or "120–150 CHF" for currencies without a familiar symbol.
    pub fn display(&self) -> String {
        let symbol = match self.currency.as_str() {
            "GBP" => Some("£"),
            "EUR" => Some("€"),
            "USD" => Some("$"),
            _ => None,
        };
        match (symbol, self.min == self.max) {
            (Some(s), true) => format!("{s}{}", self.min),
            (Some(s), false) => format!("{s}{}–{s}{}", self.min, self.max),
            (None, true) => format!("{} {}", self.min, self.currency),
            (None, false) => format!("{}–{} {}", self.min, self.max, self.currency),
        }
    }
}

/// The orders a visitor can list hotels in; carried in the URL as `?hotels=`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HotelOrder {
    #[default]
    Listed,
    Nearest,
    Cheapest,
}

impl HotelOrder {
    pub const ALL: [HotelOrder; 3] = [
        HotelOrder::Listed,
        HotelOrder::Nearest,
        HotelOrder::Cheapest,
    ];

    /// Unknown values fall back to the organisers' order rather than failing the page.
    pub fn from_query(value: Option<&str>) -> Self {
        match value {
            Some("nearest") => HotelOrder::Nearest,
            Some("cheapest") => HotelOrder::Cheapest,
            _ => HotelOrder::Listed,
        }
    }

    pub fn query_value(self) -> &'static str {
        match self {
            HotelOrder::Listed => "listed",
            HotelOrder::Nearest => "nearest",
            HotelOrder::Cheapest => "cheapest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HotelOrder::Listed => "Suggested",
            HotelOrder::Nearest => "Nearest",
            HotelOrder::Cheapest => "Cheapest",
        }
    }

    /// Sorts stably, so ties keep the organisers' order; hotels without the figure go last.
    pub fn sort(self, hotels: &mut [Hotel]) {
        match self {
            HotelOrder::Listed => {}
            HotelOrder::Nearest => hotels.sort_by_key(|h| h.travel_minutes.unwrap_or(u32::MAX)),
            HotelOrder::Cheapest => {
                hotels.sort_by_key(|h| h.rate.as_ref().map_or(u32::MAX, |r| r.min));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hotel(name: &str, minutes: Option<u32>, min_rate: Option<u32>) -> Hotel {
        Hotel {
            name: name.into(),
            address: String::new(),
            nearest_station: String::new(),
            travel_minutes: minutes,
            distance_note: String::new(),
            rate: min_rate.map(|min| RateRange {
                min,
                max: min + 50,
                currency: "GBP".into(),
            }),
            directions_url: None,
        }
    }

    fn names(hotels: &[Hotel]) -> Vec<&str> {
        hotels.iter().map(|h| h.name.as_str()).collect()
    }

    #[test]
    fn nearest_first_puts_unknown_distances_last() {
        let mut list = vec![
            hotel("far", Some(26), None),
            hotel("unknown", None, None),
            hotel("near", Some(5), None),
        ];
        HotelOrder::Nearest.sort(&mut list);
        assert_eq!(names(&list), ["near", "far", "unknown"]);
    }

    #[test]
    fn cheapest_first_keeps_listed_order_for_equal_rates() {
        let mut list = vec![
            hotel("xanadu", None, Some(130)),
            hotel("staycity", None, Some(68)),
            hotel("mercure", None, Some(130)),
        ];
        HotelOrder::Cheapest.sort(&mut list);
        assert_eq!(names(&list), ["staycity", "xanadu", "mercure"]);
    }

    #[test]
    fn unknown_sort_parameter_keeps_the_organisers_order() {
        assert_eq!(HotelOrder::from_query(Some("by-stars")), HotelOrder::Listed);
        assert_eq!(HotelOrder::from_query(None), HotelOrder::Listed);
        for order in HotelOrder::ALL {
            assert_eq!(HotelOrder::from_query(Some(order.query_value())), order);
        }
    }

    #[test]
    fn rates_show_currency_symbol_or_code() {
        let gbp = RateRange {
            min: 68,
            max: 90,
            currency: "GBP".into(),
        };
        let chf = RateRange {
            min: 120,
            max: 150,
            currency: "CHF".into(),
        };
        let flat = RateRange {
            min: 99,
            max: 99,
            currency: "EUR".into(),
        };
        assert_eq!(gbp.display(), "£68–£90");
        assert_eq!(chf.display(), "120–150 CHF");
        assert_eq!(flat.display(), "€99");
    }
}
