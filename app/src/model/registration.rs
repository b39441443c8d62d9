//! Registration: a request for an invitation and where it stands. The seed's "I want to
//! attend" section, run by email and a hand-edited list, as rules a place count can trust.
use super::text::{one_line, text};
use super::AttendanceCounts;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a request stands. Invited and confirmed people hold a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    /// Asked for an invitation; organisers have not answered.
    Requested,
    /// Offered a place; holds it until they confirm or release it.
    Invited,
    /// Coming.
    Confirmed,
    /// No place yet: first in line is invited when one frees up.
    Waiting,
    Declined,
    /// Withdrawn by the attendee, who may ask again.
    Cancelled,
}

impl RegistrationState {
    pub const ALL: [RegistrationState; 6] = [
        RegistrationState::Requested,
        RegistrationState::Invited,
        RegistrationState::Confirmed,
        RegistrationState::Waiting,
        RegistrationState::Declined,
        RegistrationState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationState::Requested => "requested",
            RegistrationState::Invited => "invited",
            RegistrationState::Confirmed => "confirmed",
            RegistrationState::Waiting => "waiting",
            RegistrationState::Declined => "declined",
            RegistrationState::Cancelled => "cancelled",
        }
    }

    pub fn parse(name: &str) -> Option<RegistrationState> {
        RegistrationState::ALL
            .into_iter()
            .find(|state| state.as_str() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            RegistrationState::Requested => "Requested",
            RegistrationState::Invited => "Invited",
            RegistrationState::Confirmed => "Confirmed",
            RegistrationState::Waiting => "On the waiting list",
            RegistrationState::Declined => "Declined",
            RegistrationState::Cancelled => "Cancelled",
        }
    }

    pub fn holds_place(self) -> bool {
        matches!(
            self,
            RegistrationState::Invited | RegistrationState::Confirmed
        )
    }

    /// Whether the request still counts: a declined or cancelled one may be asked again.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            RegistrationState::Declined | RegistrationState::Cancelled
        )
    }
}

/// What an organiser does with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Invite if a place is free, else put on the waiting list.
    Approve,
    Wait,
    Decline,
}

impl Decision {
    /// The state a request in `from` moves to, given whether a place is free; `None` if the
    /// decision makes no sense there (approving someone already coming).
    pub fn apply(self, from: RegistrationState, place_free: bool) -> Option<RegistrationState> {
        use RegistrationState::*;
        match (self, from) {
            (Decision::Approve, Requested | Waiting) if place_free => Some(Invited),
            (Decision::Approve, Requested | Waiting) => Some(Waiting),
            (Decision::Wait, Requested) => Some(Waiting),
            (Decision::Decline, Requested | Waiting | Invited | Confirmed) => Some(Declined),
            _ => None,
        }
    }
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Approve, Decision::Wait, Decision::Decline];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Wait => "wait",
            Decision::Decline => "decline",
        }
    }

    pub fn parse(name: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == name)
    }
}

/// The seed's fee (given to charity), as an organiser records it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fee {
    #[default]
    Unpaid,
    Paid,
    Waived,
}

impl Fee {
    pub const ALL: [Fee; 3] = [Fee::Unpaid, Fee::Paid, Fee::Waived];

    pub fn as_str(self) -> &'static str {
        match self {
            Fee::Unpaid => "unpaid",
            Fee::Paid => "paid",
            Fee::Waived => "waived",
        }
    }

    pub fn parse(name: &str) -> Option<Fee> {
        Fee::ALL.into_iter().find(|f| f.as_str() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Fee::Unpaid => "Fee not paid",
            Fee::Paid => "Fee paid",
            Fee::Waived => "Fee waived",
        }
    }
}

/// An organiser's answer to a travel-stipend request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StipendDecision {
    Granted,
    Refused,
}

impl StipendDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            StipendDecision::Granted => "granted",
            StipendDecision::Refused => "refused",
        }
    }

    pub fn parse(name: &str) -> Option<StipendDecision> {
        [StipendDecision::Granted, StipendDecision::Refused]
            .into_iter()
            .find(|d| d.as_str() == name)
    }
}

/// What an organiser records on a registration beside its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    Fee(Fee),
    /// `None`: back to undecided.
    Stipend(Option<StipendDecision>),
    /// The visa is granted: the place is no longer provisional.
    VisaCleared(bool),
    /// The visa invitation letter may be printed.
    LetterApproved,
}

impl Mark {
    /// As stored in the history and posted by the queue's forms: `fee:paid`, `stipend:granted`.
    pub fn as_string(self) -> String {
        match self {
            Mark::Fee(fee) => format!("fee:{}", fee.as_str()),
            Mark::Stipend(decision) => {
                format!("stipend:{}", decision.map_or("undecided", |d| d.as_str()))
            }
            Mark::VisaCleared(cleared) => {
                format!("visa:{}", if cleared { "cleared" } else { "pending" })
            }
            Mark::LetterApproved => "letter:approved".into(),
        }
    }

    pub fn parse(text: &str) -> Option<Mark> {
        let (kind, value) = text.split_once(':')?;
        match (kind, value) {
            ("fee", fee) => Fee::parse(fee).map(Mark::Fee),
            ("stipend", "undecided") => Some(Mark::Stipend(None)),
            ("stipend", decision) => {
                StipendDecision::parse(decision).map(|d| Mark::Stipend(Some(d)))
            }
            ("visa", "cleared") => Some(Mark::VisaCleared(true)),
            ("visa", "pending") => Some(Mark::VisaCleared(false)),
            ("letter", "approved") => Some(Mark::LetterApproved),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mark::Fee(fee) => fee.label(),
            Mark::Stipend(Some(StipendDecision::Granted)) => "Stipend granted",
            Mark::Stipend(Some(StipendDecision::Refused)) => "Stipend refused",
            Mark::Stipend(None) => "Stipend undecided",
            Mark::VisaCleared(true) => "Visa granted",
            Mark::VisaCleared(false) => "Visa pending",
            Mark::LetterApproved => "Visa letter approved",
        }
    }
}

/// One line of a registration's history, as organisers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who did it; `None` when it happened by itself (a promotion from the waiting list).
    pub by: Option<String>,
    pub state: RegistrationState,
    /// Set when the line records a mark rather than a transition.
    pub mark: Option<Mark>,
    pub message: String,
}

impl HistoryLine {
    pub fn what(&self) -> &'static str {
        self.mark.map_or(self.state.label(), Mark::label)
    }
}

/// Something done to a registration, by its attendee or an organiser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Request,
    Decide(Decision),
    Confirm,
    Cancel,
}

/// Why an action cannot be taken; the text says what to do instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Closed,
    AlreadyRequested,
    NoRequest,
    NotInvited,
    Decided(RegistrationState),
}

impl Refusal {
    pub fn message(self) -> String {
        match self {
            Refusal::Closed => "Registration for this event is closed.".into(),
            Refusal::AlreadyRequested => {
                "You already asked to come: your request is below, where you can change or cancel it."
                    .into()
            }
            Refusal::NoRequest => "There is no request to change.".into(),
            Refusal::NotInvited => {
                "Only an invitation can be confirmed, and this request has none (yet).".into()
            }
            Refusal::Decided(state) => format!(
                "This request is already {}; reload to see where it stands.",
                state.label().to_lowercase()
            ),
        }
    }
}

/// The state after `action`, from `current` (`None`: never asked), with a place free or not
/// and the registration open or not.
pub fn next_state(
    current: Option<RegistrationState>,
    action: Action,
    place_free: bool,
    open: bool,
) -> Result<RegistrationState, Refusal> {
    use RegistrationState::*;
    match (action, current) {
        (Action::Request, _) if !open => Err(Refusal::Closed),
        (Action::Request, None | Some(Cancelled)) => Ok(Requested),
        (Action::Request, Some(Declined)) => Err(Refusal::Decided(Declined)),
        (Action::Request, Some(_)) => Err(Refusal::AlreadyRequested),
        (_, None) => Err(Refusal::NoRequest),
        (Action::Decide(decision), Some(state)) => decision
            .apply(state, place_free)
            .ok_or(Refusal::Decided(state)),
        (Action::Confirm, Some(Invited | Confirmed)) => Ok(Confirmed),
        (Action::Confirm, Some(_)) => Err(Refusal::NotInvited),
        (Action::Cancel, Some(state)) if state.is_open() => Ok(Cancelled),
        (Action::Cancel, Some(state)) => Err(Refusal::Decided(state)),
    }
}

/// One registration as the counts need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub state: RegistrationState,
    /// Waiting for a visa, or for any other confirmation.
    pub visa_pending: bool,
    /// Empty: every day.
    pub days: Vec<NaiveDate>,
}

/// The public counts: places held by the confirmed and the provisional (invited, or waiting
/// for a visa), the waiting list, and who holds a place on each day.
pub fn attendance_counts(
    capacity: u32,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    places: &[Place],
) -> AttendanceCounts {
    let mut counts = AttendanceCounts {
        capacity,
        confirmed: 0,
        provisional: 0,
        waiting: 0,
        per_day: starts_on
            .iter_days()
            .take_while(|day| *day <= ends_on)
            .map(|day| (day, 0))
            .collect(),
    };
    for place in places {
        match AttendeeGroup::of(place.state, place.visa_pending) {
            Some(AttendeeGroup::Confirmed) => counts.confirmed += 1,
            Some(AttendeeGroup::Provisional) => counts.provisional += 1,
            Some(AttendeeGroup::Waiting) => counts.waiting += 1,
            None => {}
        }
        if place.state.holds_place() {
            for (day, count) in &mut counts.per_day {
                if place.days.is_empty() || place.days.contains(day) {
                    *count += 1;
                }
            }
        }
    }
    counts
}

/// One registration on the waiting list, as the promotion needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitingEntry {
    pub id: i64,
    /// When it joined the list; `None` for a row imported without one.
    pub since: Option<i64>,
}

/// Who moves up from the waiting list while `held` of `capacity` places are taken (invited
/// and confirmed): the longest waiting first, as many as there are free places. Equal waits
/// go by who asked first (the lower id); a registration with no recorded time waits behind
/// those with one, so the two databases' different NULL orders cannot decide it.
pub fn promotions(capacity: u32, held: u32, waiting: &[WaitingEntry]) -> Vec<i64> {
    let mut queue = waiting.to_vec();
    queue.sort_by_key(|w| (w.since.is_none(), w.since, w.id));
    let free = capacity.saturating_sub(held) as usize;
    queue.into_iter().take(free).map(|w| w.id).collect()
}

/// Days as stored: comma-separated `YYYY-MM-DD`, empty for every day.
pub fn days_to_text(days: &[NaiveDate]) -> String {
    days.iter()
        .map(|day| day.format("%Y-%m-%d").to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn days_from_text(text: &str) -> Vec<NaiveDate> {
    text.split(',')
        .filter_map(|day| NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok())
        .collect()
}

/// The event page's registration box: the counts for everyone, and the caller's request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationPanel {
    pub slug: String,
    pub open: bool,
    /// The event is over: the section shows who came, and takes no requests.
    pub over: bool,
    pub counts: AttendanceCounts,
    pub signed_in: bool,
    pub organiser: bool,
    /// The caller's request, if they made one.
    pub mine: Option<MyRegistration>,
    /// What the request form's affiliation starts with: the caller's last request's, or
    /// their account's.
    pub affiliation: String,
    /// Who is coming, of those who chose to be listed.
    pub attendees: Vec<Attendee>,
}

/// One line of the public attendee list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub affiliation: String,
    pub group: AttendeeGroup,
    /// Empty: every day.
    pub days: Vec<NaiveDate>,
}

/// The seed's three groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AttendeeGroup {
    Confirmed,
    Provisional,
    Waiting,
}

impl AttendeeGroup {
    pub const ALL: [AttendeeGroup; 3] = [
        AttendeeGroup::Confirmed,
        AttendeeGroup::Provisional,
        AttendeeGroup::Waiting,
    ];

    /// Where a registration is listed, if anywhere: the same split as the counts.
    pub fn of(state: RegistrationState, visa_pending: bool) -> Option<AttendeeGroup> {
        match state {
            RegistrationState::Confirmed if !visa_pending => Some(AttendeeGroup::Confirmed),
            RegistrationState::Confirmed | RegistrationState::Invited => {
                Some(AttendeeGroup::Provisional)
            }
            RegistrationState::Waiting => Some(AttendeeGroup::Waiting),
            _ => None,
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            AttendeeGroup::Confirmed => "Confirmed",
            AttendeeGroup::Provisional => "Provisional",
            AttendeeGroup::Waiting => "Waiting list",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRegistration {
    pub state: RegistrationState,
    pub request: RegistrationRequest,
    pub fee: Fee,
    pub stipend_decision: Option<StipendDecision>,
    pub visa_cleared: bool,
}

/// The organisers' view of every request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationQueue {
    pub slug: String,
    /// The live stream's position when the queue was read.
    pub live_seq: u64,
    pub event_title: String,
    pub capacity: u32,
    pub open: bool,
    pub counts: AttendanceCounts,
    pub entries: Vec<QueueEntry>,
    /// The travel-stipend budget in `stipend_currency`; `None`: not set.
    pub stipend_budget: Option<u32>,
    pub stipend_currency: String,
    pub stipend_totals: Vec<StipendTotal>,
}

/// What stipends are asked and granted in one currency, over requests still open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StipendTotal {
    pub currency: String,
    pub requested: u32,
    pub granted: u32,
}

/// Sums the stipends of open requests by currency, the budget's currency first.
pub fn stipend_totals(entries: &[QueueEntry], budget_currency: &str) -> Vec<StipendTotal> {
    let mut totals: Vec<StipendTotal> = Vec::new();
    for entry in entries.iter().filter(|e| e.state.is_open()) {
        let Some(stipend) = &entry.request.stipend else {
            continue;
        };
        if entry.stipend_decision == Some(StipendDecision::Refused) {
            continue;
        }
        let index = match totals.iter().position(|t| t.currency == stipend.currency) {
            Some(index) => index,
            None => {
                totals.push(StipendTotal {
                    currency: stipend.currency.clone(),
                    requested: 0,
                    granted: 0,
                });
                totals.len() - 1
            }
        };
        let total = &mut totals[index];
        total.requested = total.requested.saturating_add(stipend.amount);
        if entry.stipend_decision == Some(StipendDecision::Granted) {
            total.granted = total.granted.saturating_add(stipend.amount);
        }
    }
    totals.sort_by_key(|t| (t.currency != budget_currency, t.currency.clone()));
    totals
}

/// Which requests the queue shows (`?show=` on its page).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueFilter {
    #[default]
    All,
    /// Not answered yet.
    Unanswered,
    /// Invited or confirmed.
    Coming,
    Waiting,
    /// Declined or cancelled.
    Closed,
    /// Holding a place, waiting for a visa.
    Visa,
    /// A stipend asked, not decided.
    Stipend,
    /// Holding a place, the fee neither paid nor waived.
    FeeDue,
}

impl QueueFilter {
    pub const ALL: [QueueFilter; 8] = [
        QueueFilter::All,
        QueueFilter::Unanswered,
        QueueFilter::Coming,
        QueueFilter::Waiting,
        QueueFilter::Closed,
        QueueFilter::Visa,
        QueueFilter::Stipend,
        QueueFilter::FeeDue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueFilter::All => "all",
            QueueFilter::Unanswered => "unanswered",
            QueueFilter::Coming => "coming",
            QueueFilter::Waiting => "waiting",
            QueueFilter::Closed => "closed",
            QueueFilter::Visa => "visa",
            QueueFilter::Stipend => "stipend",
            QueueFilter::FeeDue => "fee",
        }
    }

    /// Unknown names show everything: a stale link still opens the queue.
    pub fn parse(name: &str) -> QueueFilter {
        QueueFilter::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            QueueFilter::All => "All",
            QueueFilter::Unanswered => "Unanswered",
            QueueFilter::Coming => "Coming",
            QueueFilter::Waiting => "Waiting list",
            QueueFilter::Closed => "Declined or cancelled",
            QueueFilter::Visa => "Visa pending",
            QueueFilter::Stipend => "Stipend to decide",
            QueueFilter::FeeDue => "Fee due",
        }
    }

    pub fn matches(self, entry: &QueueEntry) -> bool {
        use RegistrationState::*;
        match self {
            QueueFilter::All => true,
            QueueFilter::Unanswered => entry.state == Requested,
            QueueFilter::Coming => entry.state.holds_place(),
            QueueFilter::Waiting => entry.state == Waiting,
            QueueFilter::Closed => !entry.state.is_open(),
            QueueFilter::Visa => {
                entry.state.holds_place() && entry.request.needs_visa && !entry.visa_cleared
            }
            QueueFilter::Stipend => {
                entry.state.is_open()
                    && entry.request.stipend.is_some()
                    && entry.stipend_decision.is_none()
            }
            QueueFilter::FeeDue => entry.state.holds_place() && entry.fee == Fee::Unpaid,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub id: i64,
    pub person: super::Person,
    pub email: String,
    pub state: RegistrationState,
    pub request: RegistrationRequest,
    pub requested_on: NaiveDate,
    /// Business days since the request, for unanswered ones: the seed promises an answer
    /// within five.
    pub waiting_days: Option<u32>,
    pub fee: Fee,
    pub stipend_decision: Option<StipendDecision>,
    pub visa_cleared: bool,
    /// The details for a visa letter, once the attendee gave them.
    pub visa_letter: Option<super::VisaLetter>,
    /// Oldest first.
    pub history: Vec<HistoryLine>,
}

/// Days from `from` to `to`, not counting Saturdays and Sundays.
pub fn business_days(from: NaiveDate, to: NaiveDate) -> u32 {
    use chrono::Datelike;
    let mut days = 0;
    let mut day = from;
    while day < to {
        day = day.succ_opt().unwrap_or(to);
        if day.weekday().number_from_monday() <= 5 {
            days += 1;
        }
    }
    days
}

/// Unanswered requests this many business days old are flagged: the promise is five.
pub const ANSWER_SOON: u32 = 3;

/// The largest stipend anyone may ask for, in whole units of any currency: beyond it, a typo.
pub const STIPEND_MAX: u32 = 100_000;

/// Currencies a stipend may be asked in.
pub const CURRENCIES: [&str; 8] = ["EUR", "USD", "GBP", "CHF", "JPY", "CNY", "INR", "CAD"];

/// The request as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationForm {
    /// The days attended, as `YYYY-MM-DD`, comma-separated; empty for every day.
    pub days: String,
    pub affiliation: String,
    pub needs_visa: bool,
    /// Whole units; empty for no stipend.
    pub stipend_amount: String,
    pub stipend_currency: String,
    pub stipend_reason: String,
    pub note: String,
    /// Shown on the public attendee list.
    pub listed: bool,
}

/// A request once checked: what the store keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRequest {
    /// Empty: every day.
    pub days: Vec<NaiveDate>,
    pub affiliation: String,
    pub needs_visa: bool,
    pub stipend: Option<Stipend>,
    pub note: String,
    pub listed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stipend {
    pub amount: u32,
    pub currency: String,
    pub reason: String,
}

impl RegistrationForm {
    /// Checks the request against the event's first and last day; the error names the field.
    pub fn check(
        &self,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
    ) -> Result<RegistrationRequest, (&'static str, String)> {
        let mut days = Vec::new();
        for day in self
            .days
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|_| ("days", format!("\"{day}\" is not a date.")))?;
            if day < starts_on || day > ends_on {
                return Err((
                    "days",
                    format!(
                        "{day} is not a day of the event: pick days from {starts_on} to {ends_on}."
                    ),
                ));
            }
            if !days.contains(&day) {
                days.push(day);
            }
        }
        days.sort();
        let whole = (ends_on - starts_on).num_days() + 1;
        if i64::try_from(days.len()).unwrap_or_default() == whole {
            days.clear(); // every day, said the long way
        }
        let affiliation = one_line(&self.affiliation, 0, 120)
            .map_err(|rule| ("affiliation", format!("The affiliation {rule}.")))?;
        let note = text(&self.note, 2_000).map_err(|rule| ("note", format!("The note {rule}.")))?;
        let stipend = self.stipend()?;
        Ok(RegistrationRequest {
            days,
            affiliation,
            needs_visa: self.needs_visa,
            stipend,
            note,
            listed: self.listed,
        })
    }

    fn stipend(&self) -> Result<Option<Stipend>, (&'static str, String)> {
        let amount = self.stipend_amount.trim();
        if amount.is_empty() || amount == "0" {
            return Ok(None);
        }
        let amount: u32 = amount.parse().map_err(|_| {
            (
                "stipend_amount",
                "The amount is a whole number, like 300, or empty for no stipend.".to_owned(),
            )
        })?;
        if amount > STIPEND_MAX {
            return Err((
                "stipend_amount",
                format!("The amount is more than {STIPEND_MAX}: please check it."),
            ));
        }
        let currency = self.stipend_currency.trim().to_ascii_uppercase();
        if !CURRENCIES.contains(&currency.as_str()) {
            return Err((
                "stipend_currency",
                format!("Pick a currency from the list: {}.", CURRENCIES.join(", ")),
            ));
        }
        let reason = text(&self.stipend_reason, 2_000)
            .map_err(|rule| ("stipend_reason", format!("The reason {rule}.")))?;
        if reason.is_empty() {
            return Err((
                "stipend_reason",
                "Say in a line what the stipend would pay for.".to_owned(),
            ));
        }
        Ok(Some(Stipend {
            amount,
            currency,
            reason,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RegistrationState::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2014, 5, d).expect("a date")
    }

    fn check(form: RegistrationForm) -> Result<RegistrationRequest, (&'static str, String)> {
        form.check(day(29), day(30))
    }

    fn waiting(id: i64, since: Option<i64>) -> WaitingEntry {
        WaitingEntry { id, since }
    }

    #[test]
    fn the_longest_waiting_move_up_while_places_are_free() {
        let list = [
            waiting(7, Some(300)),
            waiting(3, Some(100)),
            waiting(5, Some(200)),
        ];
        assert_eq!(promotions(40, 38, &list), vec![3, 5]);
        assert_eq!(promotions(40, 37, &list), vec![3, 5, 7]);
        assert_eq!(promotions(40, 40, &list), Vec::<i64>::new());
    }

    #[test]
    fn nobody_moves_up_when_the_event_is_over_full() {
        // Organisers may lower the capacity below the places already held.
        assert!(promotions(10, 12, &[waiting(1, Some(1))]).is_empty());
        assert!(promotions(10, 0, &[]).is_empty());
    }

    #[test]
    fn equal_waits_go_by_who_asked_first_and_unknown_waits_go_last() {
        let list = [
            waiting(9, None),
            waiting(4, Some(100)),
            waiting(2, Some(100)),
            waiting(1, None),
        ];
        assert_eq!(promotions(4, 0, &list), vec![2, 4, 1, 9]);
    }

    #[test]
    fn approving_invites_while_places_are_free_and_queues_after() {
        assert_eq!(Decision::Approve.apply(Requested, true), Some(Invited));
        assert_eq!(Decision::Approve.apply(Requested, false), Some(Waiting));
        assert_eq!(Decision::Approve.apply(Waiting, true), Some(Invited));
        assert_eq!(Decision::Approve.apply(Confirmed, true), None);
        assert_eq!(Decision::Wait.apply(Requested, true), Some(Waiting));
        assert_eq!(Decision::Decline.apply(Confirmed, false), Some(Declined));
        assert_eq!(Decision::Decline.apply(Cancelled, true), None);
    }

    #[test]
    fn requests_confirmations_and_cancellations_follow_the_states() {
        let next = |current, action| next_state(current, action, true, true);
        assert_eq!(next(None, Action::Request), Ok(Requested));
        assert_eq!(next(Some(Cancelled), Action::Request), Ok(Requested));
        assert_eq!(
            next(Some(Waiting), Action::Request),
            Err(Refusal::AlreadyRequested)
        );
        assert_eq!(
            next_state(None, Action::Request, true, false),
            Err(Refusal::Closed)
        );
        assert_eq!(next(Some(Invited), Action::Confirm), Ok(Confirmed));
        assert_eq!(
            next(Some(Requested), Action::Confirm),
            Err(Refusal::NotInvited)
        );
        assert_eq!(next(None, Action::Confirm), Err(Refusal::NoRequest));
        assert_eq!(next(Some(Confirmed), Action::Cancel), Ok(Cancelled));
        assert_eq!(
            next(Some(Cancelled), Action::Cancel),
            Err(Refusal::Decided(Cancelled))
        );
        let approve = Action::Decide(Decision::Approve);
        assert_eq!(
            next_state(Some(Requested), approve, false, true),
            Ok(Waiting)
        );
    }

    #[test]
    fn counts_split_confirmed_provisional_and_waiting_and_count_each_day() {
        let place = |state, visa_pending, days: Vec<NaiveDate>| Place {
            state,
            visa_pending,
            days,
        };
        let places = [
            place(Confirmed, false, vec![]),
            place(Confirmed, true, vec![]),
            place(Invited, false, vec![day(29)]),
            place(Waiting, false, vec![]),
            place(Cancelled, false, vec![]),
        ];
        let counts = attendance_counts(40, day(29), day(30), &places);
        assert_eq!(
            (counts.confirmed, counts.provisional, counts.waiting),
            (1, 2, 1)
        );
        assert_eq!(counts.per_day, vec![(day(29), 3), (day(30), 2)]);
        assert_eq!(
            days_from_text(&days_to_text(&[day(29), day(30)])),
            [day(29), day(30)]
        );
    }

    #[test]
    fn business_days_skip_weekends() {
        // 2014-05-23 is a Friday.
        assert_eq!(business_days(day(23), day(23)), 0);
        assert_eq!(business_days(day(23), day(26)), 1, "Friday to Monday");
        assert_eq!(business_days(day(23), day(30)), 5);
    }

    #[test]
    fn only_invited_and_confirmed_hold_a_place() {
        let holding: Vec<_> = RegistrationState::ALL
            .into_iter()
            .filter(|s| s.holds_place())
            .collect();
        assert_eq!(holding, [Invited, Confirmed]);
        for state in RegistrationState::ALL {
            assert_eq!(RegistrationState::parse(state.as_str()), Some(state));
        }
    }

    #[test]
    fn partial_days_are_kept_and_all_days_read_as_every_day() {
        let one = check(RegistrationForm {
            days: "2014-05-29".into(),
            ..Default::default()
        });
        assert_eq!(one.map(|r| r.days), Ok(vec![day(29)]));
        let both = check(RegistrationForm {
            days: "2014-05-30, 2014-05-29".into(),
            ..Default::default()
        });
        assert_eq!(both.map(|r| r.days), Ok(vec![]));
    }

    #[test]
    fn days_outside_the_event_and_bad_stipends_name_their_field() {
        let field = |form| check(form).map(|_| ()).map_err(|(field, _)| field);
        let outside = RegistrationForm {
            days: "2014-05-31".into(),
            ..Default::default()
        };
        assert_eq!(field(outside), Err("days"));
        let stipend = |amount: &str, currency: &str, reason: &str| RegistrationForm {
            stipend_amount: amount.into(),
            stipend_currency: currency.into(),
            stipend_reason: reason.into(),
            ..Default::default()
        };
        assert_eq!(field(stipend("-5", "EUR", "train")), Err("stipend_amount"));
        assert_eq!(
            field(stipend("9999999", "EUR", "train")),
            Err("stipend_amount")
        );
        assert_eq!(
            field(stipend("300", "XYZ", "train")),
            Err("stipend_currency")
        );
        assert_eq!(field(stipend("300", "eur", "")), Err("stipend_reason"));
        let fine = check(stipend("300", "eur", "Train from Cambridge"));
        assert_eq!(
            fine.map(|r| r.stipend),
            Ok(Some(Stipend {
                amount: 300,
                currency: "EUR".into(),
                reason: "Train from Cambridge".into()
            }))
        );
    }
}
