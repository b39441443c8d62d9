//! Registration rows as read, and their conversion to what the app sees.
use crate::db::at;
use chrono::NaiveDate;
use hackboard_app::model::{
    days_from_text, Approval, Fee, HistoryLine, Mark, Person, Place, RegistrationRequest,
    RegistrationState, Stipend, StipendDecision, VisaDetails, VisaLetter,
};
use hackboard_app::server::{StoreError, StoredRegistration};

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

/// One line of `LIST_REGISTRATION_HISTORY`.
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
