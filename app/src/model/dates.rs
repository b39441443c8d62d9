//! How event dates read, and whether an event is ahead, running or over.
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Where an event stands relative to today (in the event's own time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Upcoming,
    Running,
    Past,
}

impl Phase {
    pub fn of(starts_on: NaiveDate, ends_on: NaiveDate, today: NaiveDate) -> Self {
        if today < starts_on {
            Phase::Upcoming
        } else if today <= ends_on {
            Phase::Running
        } else {
            Phase::Past
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Upcoming => "Upcoming",
            Phase::Running => "Happening now",
            Phase::Past => "Archived",
        }
    }
}

/// "Thu 29 – Fri 30 May 2014", repeating month and year only where they change.
pub fn format_date_range(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return start.format("%a %-d %b %Y").to_string();
    }
    let first = if start.year() != end.year() {
        start.format("%a %-d %b %Y")
    } else if start.month() != end.month() {
        start.format("%a %-d %b")
    } else {
        start.format("%a %-d")
    };
    format!("{first} – {}", end.format("%a %-d %b %Y"))
}

/// "09:00–17:00"
pub fn format_hours(from: NaiveTime, to: NaiveTime) -> String {
    format!("{}–{}", from.format("%H:%M"), to.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn two_days_in_one_month_name_the_month_once() {
        assert_eq!(
            format_date_range(day(2014, 5, 29), day(2014, 5, 30)),
            "Thu 29 – Fri 30 May 2014"
        );
    }

    #[test]
    fn range_across_months_names_both_months() {
        assert_eq!(
            format_date_range(day(2014, 5, 30), day(2014, 6, 2)),
            "Fri 30 May – Mon 2 Jun 2014"
        );
    }

    #[test]
    fn range_across_years_names_both_years() {
        assert_eq!(
            format_date_range(day(2014, 12, 31), day(2015, 1, 2)),
            "Wed 31 Dec 2014 – Fri 2 Jan 2015"
        );
    }

    #[test]
    fn single_day_event_reads_as_one_date() {
        assert_eq!(
            format_date_range(day(2014, 5, 29), day(2014, 5, 29)),
            "Thu 29 May 2014"
        );
    }

    #[test]
    fn event_is_running_on_its_first_and_last_day() {
        let (start, end) = (day(2014, 5, 29), day(2014, 5, 30));
        assert_eq!(Phase::of(start, end, day(2014, 5, 28)), Phase::Upcoming);
        assert_eq!(Phase::of(start, end, start), Phase::Running);
        assert_eq!(Phase::of(start, end, end), Phase::Running);
        assert_eq!(Phase::of(start, end, day(2014, 5, 31)), Phase::Past);
    }

    #[test]
    fn hours_use_the_24_hour_clock() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("valid time");
        let five = NaiveTime::from_hms_opt(17, 0, 0).expect("valid time");
        assert_eq!(format_hours(nine, five), "09:00–17:00");
    }
}
