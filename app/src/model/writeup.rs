//! After the event: write-ups (impressions, the organisers' thank-you), what came out of each
//! topic, and the window in which both are taken.
use super::text::{one_line, text};
use super::{Comment, Person, Phase};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const WRITEUP_TITLE_MAX: usize = 200;
pub const WRITEUP_MAX: usize = 50_000;
pub const OUTCOME_MAX: usize = 10_000;
pub const OUTCOME_LINKS_MAX: usize = 20;
const LINK_MAX: usize = 2_000;
/// A write-up links at most this many topics.
const TOPIC_LINKS_MAX: usize = 20;
/// Days after the event's last day that write-ups and comments stay open, unless the organisers
/// choose another day.
pub const WRITEUP_DAYS: u64 = 30;

/// A write-up as typed: `topics` are ids of the event's topics it is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteupForm {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub topics: Vec<i64>,
}

/// A write-up's checked fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteupDraft {
    pub title: String,
    pub body_md: String,
    pub topic_ids: Vec<i64>,
}

impl WriteupForm {
    /// The checked draft, or the field at fault (`title`, `body`, `topics`) and why.
    pub fn check(&self) -> Result<WriteupDraft, (&'static str, String)> {
        let title = one_line(&self.title, 1, WRITEUP_TITLE_MAX)
            .map_err(|rule| ("title", format!("The title {rule}.")))?;
        let body_md = text(&self.body, WRITEUP_MAX)
            .map_err(|rule| ("body", format!("The write-up {rule}.")))?;
        if body_md.is_empty() {
            return Err(("body", "Write something first.".into()));
        }
        let mut topic_ids = self.topics.clone();
        topic_ids.sort_unstable();
        topic_ids.dedup();
        if topic_ids.len() > TOPIC_LINKS_MAX {
            return Err(("topics", format!("Link at most {TOPIC_LINKS_MAX} topics.")));
        }
        Ok(WriteupDraft {
            title,
            body_md,
            topic_ids,
        })
    }
}

/// A topic as a write-up or an outcome names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicLink {
    pub id: i64,
    pub title: String,
}

/// The topic of an earlier event that a carried-over topic continues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicOrigin {
    pub slug: String,
    pub event_title: String,
    pub topic_id: i64,
    pub title: String,
}

/// A write-up as everyone reads it, markdown rendered and sanitized on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Writeup {
    pub id: i64,
    pub author: Person,
    pub title: String,
    pub html: String,
    /// The source, for its author's edit form.
    pub markdown: String,
    pub topics: Vec<TopicLink>,
    /// The organisers' thank-you post, shown first.
    pub pinned: bool,
    /// A highlight picked by the organisers.
    pub featured: bool,
    pub comments: u32,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
}

/// What came out of a topic, against what its proposer expected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub topic: TopicLink,
    pub expected_html: String,
    pub html: String,
    pub markdown: String,
    /// Notes, mailing-list threads, patches: http(s) addresses.
    pub links: Vec<String>,
    pub featured: bool,
}

/// An outcome as typed: markdown, and one link per line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeForm {
    pub outcome: String,
    #[serde(default)]
    pub links: String,
}

/// An outcome's checked fields; an empty one takes the outcome back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeDraft {
    pub outcome_md: String,
    pub links: Vec<String>,
}

impl OutcomeForm {
    pub fn check(&self) -> Result<OutcomeDraft, (&'static str, String)> {
        let outcome_md = text(&self.outcome, OUTCOME_MAX)
            .map_err(|rule| ("outcome", format!("The outcome {rule}.")))?;
        let links: Vec<String> = self
            .links
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if links.len() > OUTCOME_LINKS_MAX {
            return Err(("links", format!("Give at most {OUTCOME_LINKS_MAX} links.")));
        }
        for link in &links {
            let web = link.starts_with("https://") || link.starts_with("http://");
            if !web || link.len() > LINK_MAX || link.chars().any(char::is_whitespace) {
                return Err((
                    "links",
                    format!("\"{}\" is not a web address (https://…).", shorten(link)),
                ));
            }
        }
        if outcome_md.is_empty() && !links.is_empty() {
            return Err(("outcome", "Say what came out of it, then add links.".into()));
        }
        Ok(OutcomeDraft { outcome_md, links })
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// What may still change on an event, by part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Topics, votes, registration and the agenda: closed once the event is over.
    Planning,
    /// Comments, on topics and write-ups: open until the write-up window closes.
    Comments,
    /// Write-ups and topic outcomes: open from the first day until the window closes.
    Writeups,
}

/// When an event's write-ups and comments close: the organisers' day, or 30 days after it ends.
pub fn writeups_close_on(ends_on: NaiveDate, chosen: Option<NaiveDate>) -> NaiveDate {
    chosen.unwrap_or_else(|| ends_on + Days::new(WRITEUP_DAYS))
}

/// Whether `part` of an event running `starts_on`..=`ends_on` may change on `today`; the
/// refusal says why in words for the page.
pub fn writable(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    closes_on: NaiveDate,
    today: NaiveDate,
    part: Part,
) -> Result<(), String> {
    let phase = Phase::of(starts_on, ends_on, today);
    match part {
        Part::Planning if phase == Phase::Past => Err(
            "This event is over and archived: its topics, votes, registration and agenda no longer change."
                .into(),
        ),
        Part::Writeups if phase == Phase::Upcoming => {
            Err("Write-ups and outcomes open on the event's first day.".into())
        }
        Part::Comments | Part::Writeups if today > closes_on => Err(format!(
            "This event is archived: write-ups and comments closed on {}.",
            closes_on.format("%-d %B %Y")
        )),
        _ => Ok(()),
    }
}

/// `/events/{slug}/writeups`: the event's summary after the fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Writeups {
    pub slug: String,
    pub event_title: String,
    pub starts_on: NaiveDate,
    pub phase: Phase,
    /// Why nobody can post now, or `None` when posting is open.
    pub closed: Option<String>,
    pub closes_on: NaiveDate,
    /// The organisers' own choice of `closes_on`, for their form.
    pub chosen_close: Option<NaiveDate>,
    pub viewer: Option<i64>,
    pub organiser: bool,
    /// Pinned first, then newest first.
    pub writeups: Vec<Writeup>,
    pub outcomes: Vec<Outcome>,
    /// The event's topics, for a write-up's links.
    pub topics: Vec<TopicLink>,
    /// People who held a place (confirmed or provisional).
    pub attendees: u32,
    pub live_seq: u64,
}

/// What "Copy to next year" suggests: the year in the short name and title moved on by one,
/// and the same weekday 52 weeks later.
pub fn next_year(slug: &str, title: &str, starts_on: NaiveDate) -> (String, String, NaiveDate) {
    use chrono::Datelike;
    let year = starts_on.year().to_string();
    let next = (starts_on.year() + 1).to_string();
    let slug = if slug.contains(&year) {
        slug.replace(&year, &next)
    } else {
        format!("{slug}-{next}")
    };
    let title = if title.contains(&year) {
        title.replace(&year, &next)
    } else {
        format!("{title} {next}")
    };
    (slug, title, starts_on + Days::new(364))
}

/// `/events/{slug}/writeups/{id}`: one write-up and its comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteupPage {
    pub slug: String,
    pub event_title: String,
    pub writeup: Writeup,
    pub comments: Vec<Comment>,
    /// The event's topics, for its author's edit form.
    pub topics: Vec<TopicLink>,
    pub closed: Option<String>,
    pub viewer: Option<i64>,
    pub organiser: bool,
    pub live_seq: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn an_archived_event_takes_write_ups_and_comments_until_the_window_closes() {
        let (start, end) = (day(2014, 5, 29), day(2014, 5, 30));
        let closes = writeups_close_on(end, None);
        assert_eq!(closes, day(2014, 6, 29));
        let at = |today, part| writable(start, end, closes, today, part);
        assert!(at(day(2014, 5, 30), Part::Planning).is_ok());
        assert!(at(day(2014, 5, 31), Part::Planning).is_err());
        assert!(at(day(2014, 5, 28), Part::Writeups).is_err());
        assert!(at(day(2014, 5, 28), Part::Comments).is_ok());
        assert!(at(day(2014, 6, 29), Part::Writeups).is_ok());
        assert!(at(day(2014, 6, 29), Part::Comments).is_ok());
        let late = at(day(2014, 6, 30), Part::Comments).expect_err("refused");
        assert!(late.contains("closed on 29 June 2014"), "{late}");
        assert!(at(day(2014, 6, 30), Part::Writeups).is_err());
    }

    #[test]
    fn next_year_moves_the_year_and_keeps_the_weekday() {
        use chrono::Datelike;
        let (slug, title, first) = next_year(
            "london-2014",
            "Xen Project Hackathon 2014",
            day(2014, 5, 29),
        );
        assert_eq!(slug, "london-2015");
        assert_eq!(title, "Xen Project Hackathon 2015");
        assert_eq!(first, day(2015, 5, 28));
        assert_eq!(first.weekday(), chrono::Weekday::Thu);
        let (slug, title, _) = next_year("summit", "Summit", day(2014, 5, 29));
        assert_eq!(
            (slug.as_str(), title.as_str()),
            ("summit-2015", "Summit 2015")
        );
    }

    #[test]
    fn organisers_choose_the_last_day() {
        let end = day(2014, 5, 30);
        assert_eq!(
            writeups_close_on(end, Some(day(2015, 1, 1))),
            day(2015, 1, 1)
        );
    }

    #[test]
    fn a_write_up_needs_a_title_and_words() {
        let form = |title: &str, body: &str| WriteupForm {
            title: title.into(),
            body: body.into(),
            topics: vec![3, 1, 3],
        };
        let draft = form(" Thank you! ", "It took me a while.")
            .check()
            .expect("accepted");
        assert_eq!(draft.title, "Thank you!");
        assert_eq!(draft.topic_ids, [1, 3]);
        assert_eq!(
            form("", "x").check().expect_err("refused"),
            ("title", "The title is required.".into())
        );
        assert_eq!(form("x", " ").check().expect_err("refused").0, "body");
        let huge = "x".repeat(WRITEUP_MAX + 1);
        assert_eq!(form("x", &huge).check().expect_err("refused").0, "body");
        let many = WriteupForm {
            topics: (0..30).collect(),
            ..form("x", "y")
        };
        assert_eq!(many.check().expect_err("refused").0, "topics");
    }

    #[test]
    fn outcome_links_are_web_addresses_one_per_line() {
        let form = |outcome: &str, links: &str| OutcomeForm {
            outcome: outcome.into(),
            links: links.into(),
        };
        let draft = form(
            "A draft proposal went to xen-devel.",
            "https://lists.xen.org/archives/html/xen-devel/2014-06/msg00001.html\n\n  http://example.org/notes  \n",
        )
        .check()
        .expect("accepted");
        assert_eq!(draft.links.len(), 2);
        assert_eq!(draft.links[1], "http://example.org/notes");
        let bad = form("Done", "javascript:alert(1)")
            .check()
            .expect_err("refused");
        assert_eq!(bad.0, "links");
        assert!(bad.1.contains("javascript:alert(1)"));
        assert_eq!(
            form("", "https://x.org").check().expect_err("refused").0,
            "outcome"
        );
        assert_eq!(
            form("", "").check().expect("accepted"),
            OutcomeDraft {
                outcome_md: String::new(),
                links: vec![]
            }
        );
    }

    proptest::proptest! {
        /// Whatever is typed, a write-up is refused or comes out within its limits.
        #[test]
        fn a_checked_write_up_is_within_its_limits(
            title in ".{0,300}",
            body in "(.|\n){0,400}",
            topics in proptest::collection::vec(-5i64..40, 0..30),
        ) {
            let form = WriteupForm { title, body, topics };
            if let Ok(draft) = form.check() {
                let title_length = draft.title.chars().count();
                proptest::prop_assert!((1..=WRITEUP_TITLE_MAX).contains(&title_length));
                proptest::prop_assert!(!draft.title.chars().any(char::is_control));
                proptest::prop_assert!(!draft.body_md.is_empty());
                proptest::prop_assert!(draft.topic_ids.windows(2).all(|w| w[0] < w[1]));
                proptest::prop_assert!(draft.topic_ids.len() <= TOPIC_LINKS_MAX);
            }
        }

        /// An accepted outcome's links are all web addresses without spaces.
        #[test]
        fn accepted_outcome_links_are_web_addresses(
            outcome in ".{0,40}",
            links in "((https?://|javascript:|data:|ftp://| )[a-z0-9./: ]{0,30}\n){0,5}",
        ) {
            let form = OutcomeForm { outcome, links };
            if let Ok(draft) = form.check() {
                for link in &draft.links {
                    proptest::prop_assert!(link.starts_with("https://") || link.starts_with("http://"));
                    proptest::prop_assert!(!link.chars().any(char::is_whitespace));
                }
            }
        }
    }
}
