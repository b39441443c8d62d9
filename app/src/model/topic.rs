//! A topic proposed for an event, with the fields of the seed's wiki page: as typed
//! (`TopicForm`), as checked (`TopicFields`), and as the board shows it (`TopicCard`).
use super::text::{one_line, text};
use super::{Comment, Outcome, Person, TopicOrigin};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Difficulty {
    #[default]
    #[serde(rename = "n/a")]
    NotApplicable,
    #[serde(rename = "beginner")]
    Beginner,
    #[serde(rename = "intermediate")]
    Intermediate,
    #[serde(rename = "moderate")]
    Moderate,
    #[serde(rename = "advanced")]
    Advanced,
}

impl Difficulty {
    pub const ALL: [Difficulty; 5] = [
        Difficulty::NotApplicable,
        Difficulty::Beginner,
        Difficulty::Intermediate,
        Difficulty::Moderate,
        Difficulty::Advanced,
    ];

    /// The stored and submitted name.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::NotApplicable => "n/a",
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Moderate => "moderate",
            Difficulty::Advanced => "advanced",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Difficulty::NotApplicable => "N/A",
            Difficulty::Beginner => "Beginner",
            Difficulty::Intermediate => "Intermediate",
            Difficulty::Moderate => "Moderate",
            Difficulty::Advanced => "Advanced",
        }
    }

    pub fn parse(name: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.as_str() == name)
    }
}

/// Whether the topic would suit a Google Summer of Code project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gsoc {
    #[serde(rename = "yes")]
    Yes,
    #[serde(rename = "no")]
    No,
    #[serde(rename = "unknown")]
    Unknown,
    #[default]
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Gsoc {
    pub const ALL: [Gsoc; 4] = [Gsoc::Yes, Gsoc::No, Gsoc::Unknown, Gsoc::NotApplicable];

    pub fn as_str(self) -> &'static str {
        match self {
            Gsoc::Yes => "yes",
            Gsoc::No => "no",
            Gsoc::Unknown => "unknown",
            Gsoc::NotApplicable => "n/a",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gsoc::Yes => "Yes",
            Gsoc::No => "No",
            Gsoc::Unknown => "Unknown",
            Gsoc::NotApplicable => "N/A",
        }
    }

    pub fn parse(name: &str) -> Option<Gsoc> {
        Gsoc::ALL.into_iter().find(|g| g.as_str() == name)
    }
}

/// The proposal form as typed: every field a string, so a bad value comes back to its field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicForm {
    pub title: String,
    pub description_md: String,
    pub outcomes_md: String,
    pub contacts: String,
    pub mailing_list: String,
    pub chat_channel: String,
    pub difficulty: String,
    pub skills: String,
    pub gsoc: String,
}

/// A topic's fields once checked: what the store keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicFields {
    pub title: String,
    pub description_md: String,
    pub outcomes_md: String,
    pub contacts: String,
    pub mailing_list: String,
    pub chat_channel: String,
    pub difficulty: Difficulty,
    pub skills: String,
    pub gsoc: Gsoc,
}

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 140;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const OUTCOMES_MAX: usize = 5_000;

impl TopicForm {
    /// Checks every field; the error names the first bad field as the form names it.
    pub fn check(&self) -> Result<TopicFields, (&'static str, String)> {
        let says = |field: &'static str, subject: &'static str| {
            move |rule: String| (field, format!("{subject} {rule}."))
        };
        let title =
            one_line(&self.title, TITLE_MIN, TITLE_MAX).map_err(says("title", "The title"))?;
        let description_md = text(&self.description_md, DESCRIPTION_MAX)
            .map_err(says("description_md", "The description"))?;
        let outcomes_md =
            text(&self.outcomes_md, OUTCOMES_MAX).map_err(says("outcomes_md", "The outcomes"))?;
        let contacts = one_line(&self.contacts, 0, 200).map_err(says("contacts", "This"))?;
        let mailing_list =
            one_line(&self.mailing_list, 0, 200).map_err(says("mailing_list", "This"))?;
        let chat_channel =
            one_line(&self.chat_channel, 0, 100).map_err(says("chat_channel", "This"))?;
        let skills = one_line(&self.skills, 0, 200).map_err(says("skills", "This"))?;
        let difficulty = Difficulty::parse(self.difficulty.trim()).ok_or((
            "difficulty",
            "Pick one of the listed difficulties.".to_owned(),
        ))?;
        let gsoc = Gsoc::parse(self.gsoc.trim())
            .ok_or(("gsoc", "Pick one of the listed answers.".to_owned()))?;
        Ok(TopicFields {
            title,
            description_md,
            outcomes_md,
            contacts,
            mailing_list,
            chat_channel,
            difficulty,
            skills,
            gsoc,
        })
    }
}

impl From<&TopicFields> for TopicForm {
    fn from(fields: &TopicFields) -> Self {
        TopicForm {
            title: fields.title.clone(),
            description_md: fields.description_md.clone(),
            outcomes_md: fields.outcomes_md.clone(),
            contacts: fields.contacts.clone(),
            mailing_list: fields.mailing_list.clone(),
            chat_channel: fields.chat_channel.clone(),
            difficulty: fields.difficulty.as_str().into(),
            skills: fields.skills.clone(),
            gsoc: fields.gsoc.as_str().into(),
        }
    }
}

/// A topic as the board shows it; the topic page loads the long texts itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicCard {
    pub id: i64,
    pub title: String,
    pub difficulty: Difficulty,
    pub gsoc: Gsoc,
    pub skills: String,
    pub proposer: Person,
    pub votes: u32,
    pub comments: u32,
    pub verified: bool,
    pub created_at: DateTime<Utc>,
    pub active_at: DateTime<Utc>,
    /// On the agenda.
    pub scheduled: bool,
}

/// How the board orders its topics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TopicSort {
    #[default]
    Votes,
    Newest,
    Active,
}

impl TopicSort {
    pub const ALL: [TopicSort; 3] = [TopicSort::Votes, TopicSort::Newest, TopicSort::Active];

    /// The `?sort=` value; anything unknown sorts by votes.
    pub fn parse(name: Option<&str>) -> TopicSort {
        match name {
            Some("new") => TopicSort::Newest,
            Some("active") => TopicSort::Active,
            _ => TopicSort::Votes,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TopicSort::Votes => "votes",
            TopicSort::Newest => "new",
            TopicSort::Active => "active",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TopicSort::Votes => "Most votes",
            TopicSort::Newest => "Newest",
            TopicSort::Active => "Recent activity",
        }
    }

    /// Sorts in place; ties go to the older topic, so the order never jumps at random.
    pub fn apply(self, topics: &mut [TopicCard]) {
        match self {
            TopicSort::Votes => topics.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.id.cmp(&b.id))),
            TopicSort::Newest => {
                topics.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)))
            }
            TopicSort::Active => {
                topics.sort_by(|a, b| b.active_at.cmp(&a.active_at).then(a.id.cmp(&b.id)))
            }
        }
    }
}

/// Which topics the board shows, from its address: `?difficulty=&gsoc=&verified=&q=`.
/// Unknown values are ignored rather than refused: a pasted link still opens the board.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    pub difficulty: Option<Difficulty>,
    pub gsoc: Option<Gsoc>,
    pub verified: Option<bool>,
    /// On the agenda (`Some(true)`) or not yet.
    pub scheduled: Option<bool>,
    /// Full-text search over titles and descriptions, done by the server.
    pub search: String,
}

impl BoardFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> BoardFilter {
        BoardFilter {
            difficulty: get("difficulty").and_then(|d| Difficulty::parse(&d)),
            gsoc: get("gsoc").and_then(|g| Gsoc::parse(&g)),
            verified: match get("verified").as_deref() {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            scheduled: match get("scheduled").as_deref() {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            search: get("q").unwrap_or_default().trim().to_owned(),
        }
    }

    /// Whether the card passes the filters other than the search.
    pub fn matches(&self, card: &TopicCard) -> bool {
        self.difficulty.is_none_or(|d| d == card.difficulty)
            && self.gsoc.is_none_or(|g| g == card.gsoc)
            && self.verified.is_none_or(|v| v == card.verified)
            && self.scheduled.is_none_or(|s| s == card.scheduled)
    }

    pub fn is_empty(&self) -> bool {
        *self == BoardFilter::default()
    }
}

/// How many cards the board shows at first, and how many more each "Show more" adds: a
/// phone lays out and hydrates 300 cards in about half a second, nobody reads them all at
/// once, and a phone's screen holds four. GitHub's lists show as many.
pub const BOARD_PAGE: usize = 25;

/// What the board's address asks for: which topics, in which order, and how many of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardView {
    pub filter: BoardFilter,
    pub sort: TopicSort,
    /// Cards to show: whole pages of `BOARD_PAGE`.
    pub show: usize,
}

/// The bare address: the first page of every topic, most votes first.
impl Default for BoardView {
    fn default() -> BoardView {
        BoardView::parse(|_| None)
    }
}

impl BoardView {
    /// From the address's `?q=&difficulty=&gsoc=&verified=&scheduled=&sort=&show=`.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> BoardView {
        BoardView {
            filter: BoardFilter::parse(&get),
            sort: TopicSort::parse(get("sort").as_deref()),
            show: shown_limit(get("show").as_deref()),
        }
    }

    /// Filters and sorts `topics` (a search is applied before), keeps the first `show` and
    /// says how many matched.
    pub fn window(&self, mut topics: Vec<TopicCard>) -> (Vec<TopicCard>, usize, Option<i64>) {
        topics.retain(|topic| self.filter.matches(topic));
        self.sort.apply(&mut topics);
        let matching = topics.len();
        let next = topics.get(self.show).map(|topic| topic.id);
        topics.truncate(self.show);
        (topics, matching, next)
    }
}

/// The number of cards to show for `?show=`: whole pages, at least one.
fn shown_limit(show: Option<&str>) -> usize {
    let asked = show
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(BOARD_PAGE);
    asked.div_ceil(BOARD_PAGE).clamp(1, 10_000 / BOARD_PAGE) * BOARD_PAGE
}

/// The words of a search, lowercased: letters and digits only, so no database reads any of
/// it as query syntax. At most 8 words of at most 40 characters.
pub fn search_terms(search: &str) -> Vec<String> {
    search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(8)
        .map(|word| word.chars().take(40).collect::<String>().to_lowercase())
        .collect()
}

/// The board of an event, for one viewer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub slug: String,
    pub event_title: String,
    /// The first `BoardView::show` of the topics the address asks for, in its order.
    pub topics: Vec<TopicCard>,
    /// How many topics match the address's search and filters, shown or not.
    pub matching: usize,
    /// The first matching topic not shown.
    pub next: Option<i64>,
    /// The search these topics match, if any.
    pub search: String,
    /// The topics this viewer votes for.
    pub my_votes: Vec<i64>,
    pub signed_in: bool,
    /// The event is over: no more proposals or votes.
    pub archived: bool,
    /// The event's live stream position when this was read.
    pub live_seq: u64,
}

/// One topic's page, for one viewer: markdown rendered and sanitized on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicPage {
    pub slug: String,
    pub event_title: String,
    pub card: TopicCard,
    pub description_html: String,
    pub outcomes_html: String,
    pub contacts: String,
    pub mailing_list: String,
    pub chat_channel: String,
    /// Who verified it and when.
    pub verified: Option<(String, DateTime<Utc>)>,
    pub voted: bool,
    pub signed_in: bool,
    /// The proposer or an organiser: the form to edit it with, filled in.
    pub edit: Option<TopicForm>,
    /// An organiser: may mark it verified and hide comments.
    pub organiser: bool,
    /// The viewer's account, to offer editing their own comments.
    pub viewer: Option<i64>,
    /// Every comment this viewer may see, and placeholders for the others.
    pub comments: Vec<Comment>,
    /// What came out of it, once recorded.
    pub outcome: Option<Outcome>,
    /// The proposer or an organiser, while outcomes are taken: the outcome form.
    pub can_record_outcome: bool,
    /// The topic of an earlier event this one continues.
    pub carried_from: Option<TopicOrigin>,
    /// The event is over: votes, edits and verification are closed.
    pub archived: bool,
    /// Why comments are closed, if they are.
    pub comments_closed: Option<String>,
    pub live_seq: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TopicForm {
        TopicForm {
            title: "  Merging PVH into HVM ".into(),
            description_md: "Make PVH a special case of HVM.\r\nMostly mechanical.".into(),
            difficulty: "moderate".into(),
            gsoc: "unknown".into(),
            ..TopicForm::default()
        }
    }

    #[test]
    fn a_good_proposal_is_trimmed_and_typed() {
        let fields = form().check().expect("valid");
        assert_eq!(fields.title, "Merging PVH into HVM");
        assert_eq!(
            fields.description_md,
            "Make PVH a special case of HVM.\nMostly mechanical."
        );
        assert_eq!(
            (fields.difficulty, fields.gsoc),
            (Difficulty::Moderate, Gsoc::Unknown)
        );
        assert_eq!(TopicForm::from(&fields).check(), Ok(fields));
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = |change: fn(&mut TopicForm)| {
            let mut form = form();
            change(&mut form);
            form.check().map(|_| ()).expect_err("refused").0
        };
        assert_eq!(bad(|f| f.title = "Xe".into()), "title");
        assert_eq!(bad(|f| f.title = "x".repeat(141)), "title");
        assert_eq!(bad(|f| f.title = "Tab\there".into()), "title");
        assert_eq!(
            bad(|f| f.description_md = "x".repeat(20_001)),
            "description_md"
        );
        assert_eq!(
            bad(|f| f.description_md = "bell \u{7}".into()),
            "description_md"
        );
        assert_eq!(bad(|f| f.difficulty = "expert".into()), "difficulty");
        assert_eq!(bad(|f| f.gsoc = "maybe".into()), "gsoc");
        assert!(form().check().is_ok());
    }

    /// A board address's parameters, as the page reads them.
    fn address(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn card(id: i64, votes: u32, created: i64, active: i64) -> TopicCard {
        TopicCard {
            id,
            title: format!("Topic {id}"),
            difficulty: Difficulty::NotApplicable,
            gsoc: Gsoc::NotApplicable,
            skills: String::new(),
            proposer: Person {
                id: 1,
                display_name: "Lars".into(),
                affiliation: String::new(),
            },
            votes,
            comments: 0,
            verified: false,
            scheduled: false,
            created_at: DateTime::from_timestamp(created, 0).unwrap_or_default(),
            active_at: DateTime::from_timestamp(active, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn the_board_sorts_by_votes_newest_or_activity() {
        let mut topics = vec![card(1, 3, 10, 50), card(2, 7, 20, 30), card(3, 3, 30, 40)];
        let order = |sort: TopicSort, topics: &mut Vec<TopicCard>| {
            sort.apply(topics);
            topics.iter().map(|t| t.id).collect::<Vec<_>>()
        };
        assert_eq!(order(TopicSort::Votes, &mut topics), [2, 1, 3]);
        assert_eq!(order(TopicSort::Newest, &mut topics), [3, 2, 1]);
        assert_eq!(order(TopicSort::Active, &mut topics), [1, 3, 2]);
        assert_eq!(TopicSort::parse(Some("nonsense")), TopicSort::Votes);
        for sort in TopicSort::ALL {
            assert_eq!(TopicSort::parse(Some(sort.as_str())), sort);
        }
    }

    #[test]
    fn search_terms_are_plain_words() {
        assert_eq!(search_terms(" PVH, \"HVM\"* & -x "), ["pvh", "hvm", "x"]);
        assert_eq!(search_terms("Zürich:*|"), ["zürich"]);
        assert!(search_terms(" *:\"() ").is_empty());
        assert_eq!(search_terms(&"a ".repeat(20)).len(), 8);
    }

    #[test]
    fn filters_come_from_the_address_and_ignore_nonsense() {
        let query = |pairs| BoardFilter::parse(address(pairs));
        let filter = query(&[
            ("difficulty", "beginner"),
            ("verified", "no"),
            ("scheduled", "yes"),
            ("q", " arm "),
        ]);
        assert_eq!(filter.scheduled, Some(true));
        assert_eq!(filter.difficulty, Some(Difficulty::Beginner));
        assert_eq!(
            (filter.verified, filter.search.as_str()),
            (Some(false), "arm")
        );
        assert!(query(&[("difficulty", "expert"), ("gsoc", "maybe")]).is_empty());
    }

    #[test]
    fn names_round_trip() {
        for difficulty in Difficulty::ALL {
            assert_eq!(Difficulty::parse(difficulty.as_str()), Some(difficulty));
        }
        for gsoc in Gsoc::ALL {
            assert_eq!(Gsoc::parse(gsoc.as_str()), Some(gsoc));
        }
    }

    proptest::proptest! {
        /// Whatever is typed, a topic is refused naming one of its own fields, or comes out
        /// within its limits; and what the editor shows back passes again unchanged.
        #[test]
        fn a_checked_topic_is_within_its_limits_and_checks_again_unchanged(
            title in "(.|\n){0,200}",
            description_md in "(.|\n|\r){0,300}",
            contacts in ".{0,250}",
            chat_channel in ".{0,120}",
            difficulty in "(n/a|beginner|moderate|advanced|expert| )",
            gsoc in "(yes|no|unknown|maybe)",
        ) {
            let form = TopicForm {
                title, description_md, contacts, chat_channel, difficulty, gsoc,
                ..TopicForm::default()
            };
            match form.check() {
                Ok(fields) => {
                    proptest::prop_assert!((TITLE_MIN..=TITLE_MAX).contains(&fields.title.chars().count()));
                    proptest::prop_assert!(!fields.title.chars().any(char::is_control));
                    proptest::prop_assert!(fields.description_md.chars().count() <= DESCRIPTION_MAX);
                    proptest::prop_assert!(fields.contacts.chars().count() <= 200);
                    proptest::prop_assert_eq!(TopicForm::from(&fields).check(), Ok(fields));
                }
                Err((field, message)) => {
                    proptest::prop_assert!(["title", "description_md", "contacts", "chat_channel", "difficulty", "gsoc"].contains(&field));
                    proptest::prop_assert!(message.ends_with('.'));
                }
            }
        }
    }

    #[test]
    fn a_board_view_keeps_the_first_cards_of_what_matches() {
        let topics: Vec<TopicCard> = (1..=120)
            .map(|id| TopicCard {
                verified: id % 2 == 0,
                ..card(id, u32::try_from(id % 7).unwrap_or_default(), id, id)
            })
            .collect();
        let view = |pairs| BoardView::parse(address(pairs));
        let (shown, matching, next) = view(&[]).window(topics.clone());
        assert_eq!((shown.len(), matching), (BOARD_PAGE, 120));
        assert_eq!(
            (shown[0].id, shown[0].votes),
            (6, 6),
            "most votes first, then oldest"
        );
        assert!(shown.iter().all(|t| t.votes >= 5));
        assert_eq!(next, Some(61), "the ninth of the seventeen with five votes");

        let (shown, matching, next) =
            view(&[("verified", "yes"), ("sort", "new"), ("show", "60")]).window(topics);
        assert_eq!((shown.len(), matching, next), (60, 60, None));
        assert_eq!(shown[0].id, 120);
        assert!(shown.iter().all(|t| t.verified));
    }

    #[test]
    fn the_board_shows_whole_pages_of_cards() {
        assert_eq!(shown_limit(None), BOARD_PAGE);
        assert_eq!(shown_limit(Some("100")), 100);
        assert_eq!(shown_limit(Some("51")), 75);
        assert_eq!(shown_limit(Some("0")), BOARD_PAGE);
        assert_eq!(shown_limit(Some("lots")), BOARD_PAGE);
        assert_eq!(shown_limit(Some("99999999999")), 10_000);
    }
}
