//! Reading events: the rules around the store for the home page and the event page.
use super::rights::today_in;
use super::{render_markdown, AppState};
use crate::error::AppError;
use crate::model::{Event, EventDetails, EventIndex, Phase, Slug, Social, User};
use chrono::TimeZone;
use chrono_tz::Tz;

pub async fn event_index(state: &AppState) -> Result<EventIndex, AppError> {
    let mut cards = state.store.list_events().await?;
    for card in &mut cards {
        card.phase = Phase::of(card.starts_on, card.ends_on, today_in(&card.time_zone));
    }
    Ok(EventIndex::from_cards(cards))
}

/// The public page; `can_edit` tells the page to offer the editor to this user.
pub async fn event_page(
    state: &AppState,
    user: Option<User>,
    slug: &str,
) -> Result<Event, AppError> {
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    let event = state.store.find_event(slug.as_str()).await?;
    let event = event.ok_or(AppError::NotFound)?;
    let can_edit = match &user {
        Some(user) => super::rights::can_edit(state, user, &event).await?,
        None => false,
    };
    let mut page = public_event(event.details);
    page.can_edit = can_edit;
    page.live_seq = u64::try_from(event.live_seq).unwrap_or_default();
    Ok(page)
}

/// The page as anyone may see it, as the live stream sends it after a change.
pub fn public_event(details: EventDetails) -> Event {
    let zone: Option<Tz> = details.time_zone.parse().ok();
    Event {
        zone_offset: zone_offset(zone, details.starts_on.and_time(details.day_starts)),
        phase: phase_of(&details),
        social: details.social_on.map(|on| Social {
            on,
            html: render_markdown(&details.social_md),
        }),
        transport_html: render_markdown(&details.transport_md),
        visa_html: render_markdown(&details.visa_md),
        slug: details.slug,
        title: details.title,
        tagline: details.tagline,
        starts_on: details.starts_on,
        ends_on: details.ends_on,
        day_starts: details.day_starts,
        day_ends: details.day_ends,
        time_zone: details.time_zone,
        venue: details.venue,
        hotels: details.hotels,
        can_edit: false,
        live_seq: 0,
    }
}

/// Where the event stands today, in its own time zone.
pub(super) fn phase_of(details: &EventDetails) -> Phase {
    Phase::of(
        details.starts_on,
        details.ends_on,
        today_in(&details.time_zone),
    )
}

/// "BST, UTC+01:00" at the opening hour; empty when the zone is unknown to us.
fn zone_offset(zone: Option<Tz>, opening: chrono::NaiveDateTime) -> String {
    zone.and_then(|tz| tz.from_local_datetime(&opening).earliest())
        .map(|at| at.format("%Z, UTC%:z").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn london_in_may_is_on_summer_time() {
        let opening = NaiveDate::from_ymd_opt(2014, 5, 29).and_then(|d| d.and_hms_opt(9, 0, 0));
        let opening = opening.expect("valid date");
        assert_eq!(
            zone_offset("Europe/London".parse().ok(), opening),
            "BST, UTC+01:00"
        );
        assert_eq!(zone_offset(None, opening), "");
    }
}
