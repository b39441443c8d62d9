//! Row types shared by both backends, and their conversion to and from the model.
//! They never leave this crate.
use super::store_error;
use chrono::{NaiveDate, NaiveTime};
use hackboard_app::model::OutboxMail;
use hackboard_app::model::{
    days_from_text, AgendaTopic, Approval, Difficulty, EventCard, EventDetails, Fee, Gsoc,
    HistoryLine, Hotel, Mark, Person, Phase, Place, RateRange, RegistrationRequest,
    RegistrationState, Room, Stipend, StipendDecision, Subject, TopicCard, TopicFields, User,
    Venue, VisaDetails, VisaLetter,
};
use hackboard_app::server::{
    Login, StoreError, StoredComment, StoredEvent, StoredRegistration, StoredSession, StoredTopic,
    Verified,
};
use sqlx::query::Query;
use sqlx::{Database, Encode, Type};

#[derive(sqlx::FromRow)]
pub struct EventCardRow {
    slug: String,
    title: String,
    tagline: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    time_zone: String,
    venue_name: String,
}

impl From<EventCardRow> for EventCard {
    fn from(row: EventCardRow) -> Self {
        EventCard {
            slug: row.slug,
            title: row.title,
            tagline: row.tagline,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            time_zone: row.time_zone,
            venue_name: row.venue_name,
            // The service decides, with the clock, in the event's zone.
            phase: Phase::Upcoming,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub revision: i64,
    live_seq: i64,
    slug: String,
    title: String,
    tagline: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    day_starts: NaiveTime,
    day_ends: NaiveTime,
    time_zone: String,
    venue_name: String,
    venue_address: String,
    map_url: Option<String>,
    social_on: Option<NaiveDate>,
    social_md: String,
    transport_md: String,
    visa_md: String,
}

impl EventRow {
    pub fn into_stored(self, hotels: Vec<HotelRow>) -> StoredEvent {
        let (id, revision, live_seq) = (self.id, self.revision, self.live_seq);
        StoredEvent {
            id,
            revision,
            live_seq,
            details: self.into_details(hotels),
        }
    }

    fn into_details(self, hotels: Vec<HotelRow>) -> EventDetails {
        EventDetails {
            slug: self.slug,
            title: self.title,
            tagline: self.tagline,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            day_starts: self.day_starts,
            day_ends: self.day_ends,
            time_zone: self.time_zone,
            venue: Venue {
                name: self.venue_name,
                address: self.venue_address,
                map_url: self.map_url,
            },
            social_on: self.social_on,
            social_md: self.social_md,
            transport_md: self.transport_md,
            visa_md: self.visa_md,
            hotels: hotels.into_iter().map(Hotel::from).collect(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct HotelRow {
    name: String,
    address: String,
    nearest_station: String,
    travel_minutes: Option<i32>,
    distance_note: String,
    rate_min: Option<i32>,
    rate_max: Option<i32>,
    currency: String,
    directions_url: Option<String>,
}

impl From<HotelRow> for Hotel {
    fn from(row: HotelRow) -> Self {
        // CHECK constraints keep these non-negative.
        let unsigned = |v: i32| u32::try_from(v).unwrap_or_default();
        let rate = match (row.rate_min, row.rate_max) {
            (Some(min), max) => Some(RateRange {
                min: unsigned(min),
                max: unsigned(max.unwrap_or(min)),
                currency: row.currency,
            }),
            (None, _) => None,
        };
        Hotel {
            name: row.name,
            address: row.address,
            nearest_station: row.nearest_station,
            travel_minutes: row.travel_minutes.map(unsigned),
            distance_note: row.distance_note,
            rate,
            directions_url: row.directions_url,
        }
    }
}

/// Binds the fourteen fields after the slug (`sql::INSERT_EVENT`) or after id and revision
/// (`sql::UPDATE_EVENT`), in the same order in both.
pub fn bind_event_fields<'q, DB>(
    query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    event: &'q EventDetails,
) -> Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB>,
    NaiveDate: Encode<'q, DB> + Type<DB>,
    Option<NaiveDate>: Encode<'q, DB>,
    NaiveTime: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(event.title.as_str())
        .bind(event.tagline.as_str())
        .bind(event.starts_on)
        .bind(event.ends_on)
        .bind(event.day_starts)
        .bind(event.day_ends)
        .bind(event.time_zone.as_str())
        .bind(event.venue.name.as_str())
        .bind(event.venue.address.as_str())
        .bind(event.venue.map_url.as_deref())
        .bind(event.social_on)
        .bind(event.social_md.as_str())
        .bind(event.transport_md.as_str())
        .bind(event.visa_md.as_str())
}

/// Binds the eleven parameters of `sql::INSERT_HOTEL`.
pub fn bind_hotel<'q, DB>(
    query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    event_id: i64,
    position: usize,
    hotel: &'q Hotel,
) -> Result<Query<'q, DB, <DB as Database>::Arguments<'q>>, StoreError>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB>,
    i32: Encode<'q, DB> + Type<DB>,
    Option<i32>: Encode<'q, DB>,
    i64: Encode<'q, DB> + Type<DB>,
{
    let small = |v: u32| i32::try_from(v).map_err(|e| store_error("hotel figure out of range", e));
    let minutes = hotel.travel_minutes.map(small).transpose()?;
    let position = i32::try_from(position).map_err(|e| store_error("too many hotels", e))?;
    let (min, max) = match &hotel.rate {
        Some(rate) => (Some(small(rate.min)?), Some(small(rate.max)?)),
        None => (None, None),
    };
    let currency = hotel.rate.as_ref().map_or("EUR", |r| r.currency.as_str());
    Ok(query
        .bind(event_id)
        .bind(position)
        .bind(hotel.name.as_str())
        .bind(hotel.address.as_str())
        .bind(hotel.nearest_station.as_str())
        .bind(minutes)
        .bind(hotel.distance_note.as_str())
        .bind(min)
        .bind(max)
        .bind(currency)
        .bind(hotel.directions_url.as_deref()))
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    affiliation: String,
    is_admin: bool,
    listed: bool,
    password_hash: String,
}

impl From<UserRow> for Login {
    fn from(row: UserRow) -> Self {
        Login {
            user: User {
                id: row.id,
                email: row.email,
                display_name: row.display_name,
                affiliation: row.affiliation,
                is_admin: row.is_admin,
                listed: row.listed,
            },
            password_hash: row.password_hash,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct MailRow {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    created_at: i64,
    sent_at: Option<i64>,
    attempts: i64,
    last_error: Option<String>,
    retry_at: Option<i64>,
}

impl From<MailRow> for OutboxMail {
    fn from(row: MailRow) -> Self {
        OutboxMail {
            id: row.id,
            recipient: row.recipient,
            subject: row.subject,
            body: row.body,
            created_at: row.created_at,
            sent_at: row.sent_at,
            attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
            last_error: row.last_error,
            retry_at: row.retry_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct DueMailRow {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
}

impl From<DueMailRow> for hackboard_app::server::DueMail {
    fn from(row: DueMailRow) -> Self {
        hackboard_app::server::DueMail {
            id: row.id,
            mail: hackboard_app::server::Mail {
                recipient: row.recipient,
                subject: row.subject,
                body: row.body,
            },
            attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
        }
    }
}

/// Binds a topic's nine fields, in `sql::INSERT_TOPIC`'s and `sql::UPDATE_TOPIC`'s order.
pub fn bind_topic_fields<'q, DB>(
    query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    fields: &'q TopicFields,
) -> Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(fields.title.as_str())
        .bind(fields.description_md.as_str())
        .bind(fields.outcomes_md.as_str())
        .bind(fields.contacts.as_str())
        .bind(fields.mailing_list.as_str())
        .bind(fields.chat_channel.as_str())
        .bind(fields.difficulty.as_str())
        .bind(fields.skills.as_str())
        .bind(fields.gsoc.as_str())
}

#[derive(sqlx::FromRow)]
pub struct TopicCardRow {
    id: i64,
    title: String,
    difficulty: String,
    gsoc: String,
    skills: String,
    proposer_id: i64,
    display_name: String,
    affiliation: String,
    votes: i64,
    comments: i64,
    verified_at: Option<i64>,
    created_at: i64,
    active_at: i64,
    scheduled: bool,
}

impl From<TopicCardRow> for TopicCard {
    fn from(row: TopicCardRow) -> Self {
        TopicCard {
            id: row.id,
            title: row.title,
            // Only the app writes these columns, from the same enums.
            difficulty: Difficulty::parse(&row.difficulty).unwrap_or_default(),
            gsoc: Gsoc::parse(&row.gsoc).unwrap_or_default(),
            skills: row.skills,
            proposer: Person {
                id: row.proposer_id,
                display_name: row.display_name,
                affiliation: row.affiliation,
            },
            votes: count(row.votes),
            comments: count(row.comments),
            verified: row.verified_at.is_some(),
            created_at: at(row.created_at),
            active_at: at(row.active_at),
            scheduled: row.scheduled,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct TopicRow {
    id: i64,
    event_id: i64,
    title: String,
    description_md: String,
    outcomes_md: String,
    contacts: String,
    mailing_list: String,
    chat_channel: String,
    difficulty: String,
    skills: String,
    gsoc: String,
    proposer_id: i64,
    display_name: String,
    affiliation: String,
    verified_by: Option<i64>,
    verifier_name: Option<String>,
    verified_at: Option<i64>,
    withdrawn_at: Option<i64>,
    created_at: i64,
    active_at: i64,
    votes: i64,
    comments: i64,
    scheduled: bool,
}

impl From<TopicRow> for StoredTopic {
    fn from(row: TopicRow) -> Self {
        StoredTopic {
            id: row.id,
            event_id: row.event_id,
            fields: TopicFields {
                title: row.title,
                description_md: row.description_md,
                outcomes_md: row.outcomes_md,
                contacts: row.contacts,
                mailing_list: row.mailing_list,
                chat_channel: row.chat_channel,
                difficulty: Difficulty::parse(&row.difficulty).unwrap_or_default(),
                skills: row.skills,
                gsoc: Gsoc::parse(&row.gsoc).unwrap_or_default(),
            },
            proposer: Person {
                id: row.proposer_id,
                display_name: row.display_name,
                affiliation: row.affiliation,
            },
            verified: match (row.verified_by, row.verifier_name, row.verified_at) {
                (Some(id), Some(name), Some(when)) => Some(Verified {
                    by_id: id,
                    by_name: name,
                    at: at(when),
                }),
                _ => None,
            },
            withdrawn: row.withdrawn_at.is_some(),
            created_at: at(row.created_at),
            active_at: at(row.active_at),
            votes: count(row.votes),
            comments: count(row.comments),
            scheduled: row.scheduled,
        }
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or_default()
}

/// Unix seconds as a time; out-of-range values (never written by the app) read as the epoch.
fn at(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

#[derive(sqlx::FromRow)]
pub struct CommentRow {
    id: i64,
    topic_id: Option<i64>,
    writeup_id: Option<i64>,
    event_id: i64,
    reply_to: Option<i64>,
    author_id: i64,
    display_name: String,
    affiliation: String,
    body_md: String,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    hidden_at: Option<i64>,
}

impl From<CommentRow> for StoredComment {
    fn from(row: CommentRow) -> Self {
        // The table's CHECK says exactly one of the two is set.
        let subject = match (row.topic_id, row.writeup_id) {
            (Some(topic), _) => Subject::Topic(topic),
            (None, writeup) => Subject::Writeup(writeup.unwrap_or_default()),
        };
        StoredComment {
            id: row.id,
            subject,
            event_id: row.event_id,
            reply_to: row.reply_to,
            author: Person {
                id: row.author_id,
                display_name: row.display_name,
                affiliation: row.affiliation,
            },
            body_md: row.body_md,
            created_at: at(row.created_at),
            edited: row.edited_at.is_some(),
            deleted: row.deleted_at.is_some(),
            hidden: row.hidden_at.is_some(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct RegistrationRow {
    id: i64,
    event_id: i64,
    user_id: i64,
    display_name: String,
    email: String,
    affiliation: String,
    account_affiliation: String,
    pub state: String,
    days: String,
    needs_visa: bool,
    visa_cleared: bool,
    stipend_amount: Option<i64>,
    stipend_currency: Option<String>,
    stipend_reason: String,
    note: String,
    listed: bool,
    fee: String,
    stipend_decision: Option<String>,
    created_at: i64,
    changed_at: i64,
}

impl RegistrationRow {
    pub fn id(&self) -> i64 {
        self.id
    }

    pub fn state(&self) -> Result<RegistrationState, StoreError> {
        RegistrationState::parse(&self.state)
            .ok_or_else(|| StoreError::new("read registration", UnknownValue(self.state.clone())))
    }

    pub fn into_stored(self) -> Result<StoredRegistration, StoreError> {
        let state = self.state()?;
        let stipend = match (self.stipend_amount, self.stipend_currency) {
            (Some(amount), Some(currency)) => Some(Stipend {
                amount: u32::try_from(amount).unwrap_or_default(),
                currency,
                reason: self.stipend_reason,
            }),
            _ => None,
        };
        let shown_affiliation = if self.affiliation.is_empty() {
            self.account_affiliation
        } else {
            self.affiliation.clone()
        };
        Ok(StoredRegistration {
            id: self.id,
            event_id: self.event_id,
            person: Person {
                id: self.user_id,
                display_name: self.display_name,
                affiliation: shown_affiliation,
            },
            email: self.email,
            state,
            request: RegistrationRequest {
                days: days_from_text(&self.days),
                affiliation: self.affiliation,
                needs_visa: self.needs_visa,
                stipend,
                note: self.note,
                listed: self.listed,
            },
            visa_cleared: self.visa_cleared,
            fee: Fee::parse(&self.fee)
                .ok_or_else(|| StoreError::new("read registration", UnknownValue(self.fee)))?,
            stipend_decision: match self.stipend_decision {
                Some(decision) => {
                    Some(StipendDecision::parse(&decision).ok_or_else(|| {
                        StoreError::new("read registration", UnknownValue(decision))
                    })?)
                }
                None => None,
            },
            created_at: at(self.created_at),
            changed_at: at(self.changed_at),
        })
    }
}

/// The event's registration settings and days, as `LOCK_REGISTRATION` returns them.
#[derive(sqlx::FromRow)]
pub struct RegistrationSettingsRow {
    pub capacity: i64,
    pub registration_open: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// The settings an organiser changes, beside the event's days.
#[derive(sqlx::FromRow)]
pub struct StipendBudgetRow {
    stipend_budget: Option<i64>,
    stipend_currency: String,
}

impl StipendBudgetRow {
    pub fn budget(&self) -> Option<u32> {
        self.stipend_budget
            .map(|budget| u32::try_from(budget).unwrap_or_default())
    }

    pub fn currency(self) -> String {
        self.stipend_currency
    }
}

/// One line of `sql::REGISTRATION_HISTORY`.
#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    registration_id: i64,
    state: String,
    mark: Option<String>,
    message: String,
    at: i64,
    by_name: Option<String>,
}

impl HistoryRow {
    pub fn into_line(self) -> Result<(i64, HistoryLine), StoreError> {
        let unknown = |value: String| StoreError::new("read history", UnknownValue(value));
        let state = RegistrationState::parse(&self.state).ok_or_else(|| unknown(self.state))?;
        let mark = match self.mark {
            Some(mark) => Some(Mark::parse(&mark).ok_or_else(|| unknown(mark))?),
            None => None,
        };
        let line = HistoryLine {
            at: at(self.at),
            by: self.by_name,
            state,
            mark,
            message: self.message,
        };
        Ok((self.registration_id, line))
    }
}

impl RegistrationSettingsRow {
    pub fn capacity(&self) -> u32 {
        u32::try_from(self.capacity).unwrap_or_default()
    }
}

#[derive(sqlx::FromRow)]
pub struct PlaceRow {
    state: String,
    needs_visa: bool,
    visa_cleared: bool,
    days: String,
}

impl PlaceRow {
    pub fn into_place(self) -> Option<Place> {
        Some(Place {
            state: RegistrationState::parse(&self.state)?,
            visa_pending: self.needs_visa && !self.visa_cleared,
            days: days_from_text(&self.days),
        })
    }
}

/// A stored value the model does not know: the database was changed behind the app's back.
#[derive(Debug, thiserror::Error)]
#[error("unknown value {0:?} in the database")]
pub struct UnknownValue(String);

#[derive(sqlx::FromRow)]
pub struct VisaLetterRow {
    registration_id: i64,
    full_name: String,
    nationality: String,
    passport_number: String,
    born_on: NaiveDate,
    arrives_on: NaiveDate,
    leaves_on: NaiveDate,
    submitted_at: i64,
    approved_at: Option<i64>,
    approver: Option<String>,
}

impl VisaLetterRow {
    pub fn into_letter(self) -> (i64, VisaLetter) {
        let approval = self.approved_at.map(|approved_at| Approval {
            by: self.approver.unwrap_or_else(|| "the organisers".into()),
            at: at(approved_at),
        });
        let letter = VisaLetter {
            details: VisaDetails {
                full_name: self.full_name,
                nationality: self.nationality,
                passport_number: self.passport_number,
                born_on: self.born_on,
                arrives_on: self.arrives_on,
                leaves_on: self.leaves_on,
            },
            submitted_at: at(self.submitted_at),
            approval,
        };
        (self.registration_id, letter)
    }
}

#[derive(sqlx::FromRow)]
pub struct RoomRow {
    id: i64,
    name: String,
    capacity: i64,
}

impl From<RoomRow> for Room {
    fn from(row: RoomRow) -> Self {
        Room {
            id: row.id,
            name: row.name,
            capacity: u32::try_from(row.capacity).unwrap_or_default(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct AgendaSessionRow {
    id: i64,
    room_id: i64,
    topic_id: Option<i64>,
    title: String,
    starts_at: i64,
    ends_at: i64,
    sequence: i64,
    contacts: String,
    interest: i64,
}

impl From<AgendaSessionRow> for StoredSession {
    fn from(row: AgendaSessionRow) -> Self {
        StoredSession {
            id: row.id,
            room_id: row.room_id,
            topic_id: row.topic_id,
            title: row.title,
            starts_at: at(row.starts_at),
            ends_at: at(row.ends_at),
            sequence: u32::try_from(row.sequence).unwrap_or_default(),
            contacts: row.contacts,
            interest: u32::try_from(row.interest).unwrap_or_default(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct AgendaTopicRow {
    id: i64,
    title: String,
    votes: i64,
    contacts: String,
}

impl From<AgendaTopicRow> for AgendaTopic {
    fn from(row: AgendaTopicRow) -> Self {
        AgendaTopic {
            id: row.id,
            title: row.title,
            votes: u32::try_from(row.votes).unwrap_or_default(),
            contacts: row.contacts,
        }
    }
}
