//! `serve --demo`: the London May 2014 hackathon as it was (its topics, outcomes, attendees
//! and write-ups), an upcoming one at the same venue with a board and registrations of its
//! own, and people to try it with: an organiser of both events and a few participants, who
//! have voted and commented.
use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use hackboard_app::model::{EventDetails, Hotel, RateRange, Venue};
use hackboard_app::server::accounts::{create_account, AccountForm};
use hackboard_app::server::{random_token, AppState};

mod registrations;
mod topics;

pub const ARCHIVED_SLUG: &str = "london-2014";

/// Invented people: (name, affiliation, email). The first organises both events and is the
/// site admin, so a newcomer can try every page with one account.
const PEOPLE: [(&str, &str, &str); 4] = [
    (
        "Mira Okafor",
        "Hackboard demo",
        "organiser@demo.hackboard.example",
    ),
    (
        "Tomás Ruiz",
        "Open Networking Lab",
        "tomas@demo.hackboard.example",
    ),
    (
        "Aiko Tanaka",
        "University of Leeds",
        "aiko@demo.hackboard.example",
    ),
    (
        "Priya Natarajan",
        "Independent",
        "priya@demo.hackboard.example",
    ),
];

/// Loads the demo into an empty database; a database with events is left alone. The
/// accounts' passwords are printed once, here: random, unless `HACKBOARD_DEMO_PASSWORD` fixes
/// them for scripted demos and tests.
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    let store = state.store.as_ref();
    let existing = store
        .count_events()
        .await
        .context("cannot load the demo events")?;
    if existing > 0 {
        tracing::info!(
            existing,
            "demo: the database already has events, loading nothing"
        );
        return Ok(());
    }
    let today = Utc::now().date_naive();
    let archived_id = store
        .insert_event(&london_2014())
        .await
        .context("cannot load the demo events")?
        .context("the archived demo event's slug is taken")?;
    let upcoming_id = store
        .insert_event(&upcoming(today))
        .await
        .context("cannot load the demo events")?
        .context("the demo event's slug is taken")?;
    let fixed = std::env::var("HACKBOARD_DEMO_PASSWORD").ok();
    let mut lines = Vec::new();
    let mut people = Vec::new();
    for (index, (name, affiliation, email)) in PEOPLE.into_iter().enumerate() {
        let password = fixed
            .clone()
            .unwrap_or_else(|| random_token()[..20].to_owned());
        let form = AccountForm {
            email: email.into(),
            display_name: name.into(),
            affiliation: affiliation.into(),
            password: password.clone(),
        };
        let user = create_account(state, form, index == 0)
            .await
            .map_err(|error| anyhow::anyhow!("cannot create the demo account {email}: {error}"))?;
        let role = if index == 0 {
            for event_id in [upcoming_id, archived_id] {
                store
                    .insert_organiser(event_id, user.id)
                    .await
                    .context("cannot name the demo organiser")?;
            }
            "admin"
        } else {
            "participant"
        };
        lines.push(format!("  {role:<12} {email:<36} {password}"));
        people.push(user);
    }
    let organiser = people[0].id;
    let attendees = registrations::attendees(state)
        .await
        .context("cannot create the demo attendees")?;
    let archived = london_2014();
    // Proposals came in the month before the event.
    let proposed = date(2014, 5, 1).and_time(time(12, 0)).and_utc().timestamp();
    topics::archive(state, archived_id, organiser, &attendees, proposed)
        .await
        .context("cannot load the archived demo topics")?;
    registrations::archive(
        state,
        archived_id,
        organiser,
        &attendees,
        archived.starts_on,
        proposed,
    )
    .await
    .context("cannot load the archived demo registrations")?;
    let now = Utc::now().timestamp();
    let upcoming = upcoming(today);
    topics::upcoming(state, upcoming_id, &upcoming.slug, &people, &attendees, now)
        .await
        .context("cannot load the demo topics")?;
    registrations::upcoming(state, upcoming_id, organiser, &attendees, now)
        .await
        .context("cannot load the demo registrations")?;
    writeups(state, archived_id, &people)
        .await
        .context("cannot load the demo write-ups")?;
    tracing::info!(
        "demo: loaded 2 events, {} accounts and {} attendees who cannot sign in",
        PEOPLE.len(),
        attendees.len()
    );
    println!(
        "Demo accounts (the passwords are shown only this once):\n{}",
        lines.join("\n")
    );
    Ok(())
}

/// The archived event's thank-you post and an impression, after the 2014 blog post. Written
/// straight to the store: the event's write-up window closed long ago.
async fn writeups(
    state: &AppState,
    event_id: i64,
    people: &[hackboard_app::model::User],
) -> anyhow::Result<()> {
    // A week after the event, as the blog post was.
    let posted = date(2014, 6, 5).and_time(time(12, 0)).and_utc().timestamp();
    let posts = [
        (
            0,
            true,
            "Thank you!",
            "Thanks to everybody who came to Hayes and made the hackathon a success, and to \
             our hosts for a beautiful venue.\n\nRather than write down only my own \
             impressions, I asked a few attendees for theirs. If you attended and want to add \
             yours, comment on this post.",
        ),
        (
            2,
            false,
            "Whiteboards and demos",
            "A whiteboard session worked out how toolstacks can expose paging, sharing and \
             ballooning; a detailed proposal went to the mailing list the week after.\n\nThe \
             highlight for me was a line-by-line walk through the dom0 hybrid boot patches.",
        ),
    ];
    let live = hackboard_app::server::writeups::announce();
    for (author, pinned, title, body) in posts {
        let draft = hackboard_app::model::WriteupDraft {
            title: title.into(),
            body_md: body.into(),
            topic_ids: Vec::new(),
        };
        state
            .store
            .insert_writeup(event_id, people[author].id, &draft, pinned, posted, &live)
            .await?;
    }
    Ok(())
}

/// The upcoming event: a Thursday and Friday at least three weeks from `today`.
pub fn upcoming(today: NaiveDate) -> EventDetails {
    let mut starts_on = today + Days::new(21);
    while starts_on.weekday() != Weekday::Thu {
        starts_on = starts_on + Days::new(1);
    }
    let year = starts_on.year();
    EventDetails {
        slug: format!("london-{year}"),
        title: format!("London Hackathon {year}"),
        tagline: "Two days to plan, discuss and write code together, in the same Hayes \
                  office as 2014. Propose a topic, vote, and request an invitation."
            .into(),
        starts_on,
        ends_on: starts_on + Days::new(1),
        social_on: Some(starts_on),
        social_md: "Dinner and drinks near the venue after the first day. Everyone attending \
                    is welcome; we will post the place here a week before."
            .into(),
        visa_md: "Need a letter to support your visa application? Tick *visa letter* when you \
                  request an invitation, or write to the organisers at \
                  [organisers@hackboard.example](mailto:organisers@hackboard.example). Ask \
                  early: consulates can take weeks."
            .into(),
        ..london_2014()
    }
}

/// The May 2014 hackathon, from the facts of its wiki page.
pub fn london_2014() -> EventDetails {
    EventDetails {
        slug: ARCHIVED_SLUG.into(),
        title: "Xen Project Hackathon 2014".into(),
        tagline: "Developers of the Xen Project met at Rackspace's London site to discuss \
                  designs, review proposals and hack."
            .into(),
        starts_on: date(2014, 5, 29),
        ends_on: date(2014, 5, 30),
        day_starts: time(9, 0),
        day_ends: time(17, 0),
        time_zone: "Europe/London".into(),
        venue: Venue {
            name: "Rackspace Ltd".into(),
            address: "5 Millington Road\nHyde Park Hayes\nMiddlesex\nUB3 4AZ".into(),
            map_url: Some(osm_search("5 Millington Road, Hayes UB3 4AZ")),
        },
        social_on: Some(date(2014, 5, 29)),
        social_md: "An evening social event for all attendees after the first day; details \
                    were announced closer to the date."
            .into(),
        transport_md: TRANSPORT.into(),
        visa_md: "If you need an invitation letter for a visa, email the community manager: \
                  community dot manager at xenproject dot org."
            .into(),
        hotels: hotels(),
    }
}

const TRANSPORT: &str = "\
### From London Heathrow
* **Heathrow Express** to London Paddington: 15 minutes, every 15 minutes.
* **Heathrow Connect** to Ealing Broadway (for Hotel Xanadu): 10 minutes, every 30 minutes.

### From London Paddington to Hayes & Harlington
* Trains towards **Oxford or Reading** stop at Hayes & Harlington: 17 to 19 minutes, £5.90.
* **Heathrow Connect** takes 20 minutes and leaves at 03 and 33 past each hour.
* About 7 trains an hour in all. To go back, take any train to London Paddington.

### From Hayes & Harlington station to the venue
A short walk: leave the station towards Station Road, and the Rackspace office on Millington \
Road is a few minutes on foot.";

fn hotels() -> Vec<Hotel> {
    let paddington =
        "Inside London Paddington station (National Rail and several Underground lines)";
    let from_paddington = "About 30 minutes to Hayes & Harlington by train";
    vec![
        hotel(
            "StayCity Serviced Apartments",
            "Highpoint Village, Station Approach, Hayes UB3 4FN",
            "Next to Hayes & Harlington (National Rail, trains to Paddington in 15 to 30 minutes)",
            5,
            "4 minute walk to the venue; not central",
            (68, 90),
        ),
        hotel(
            "Hotel Xanadu",
            "26-42 Bond St, London W5 5AA",
            "Ealing Broadway (National Rail, District and Central lines)",
            23,
            "About 23 minutes to the venue, 15 minutes to Paddington",
            (130, 220),
        ),
        hotel(
            "Hilton London Paddington",
            "146 Praed St, London W2 1EE",
            paddington,
            26,
            from_paddington,
            (180, 260),
        ),
        hotel(
            "Hotel Indigo London Paddington",
            "16 London Street, Paddington, London W2 1HL",
            paddington,
            27,
            from_paddington,
            (200, 280),
        ),
        hotel(
            "Mercure London Paddington Hotel",
            "144 Praed St, Paddington, London W2 1HU",
            paddington,
            26,
            from_paddington,
            (130, 200),
        ),
    ]
}

fn hotel(
    name: &str,
    address: &str,
    station: &str,
    minutes: u32,
    note: &str,
    (min, max): (u32, u32),
) -> Hotel {
    Hotel {
        name: name.into(),
        address: address.into(),
        nearest_station: station.into(),
        travel_minutes: Some(minutes),
        distance_note: note.into(),
        rate: Some(RateRange {
            min,
            max,
            currency: "GBP".into(),
        }),
        directions_url: Some(osm_search(address)),
    }
}

fn osm_search(address: &str) -> String {
    let query: String = address
        .chars()
        .map(|c| match c {
            ' ' => '+'.to_string(),
            ',' => "%2C".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!("https://www.openstreetmap.org/search?query={query}")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upcoming_event_is_a_thursday_and_friday_three_to_four_weeks_out() {
        let today = date(2026, 11, 23);
        let event = upcoming(today);
        assert_eq!(event.starts_on, date(2026, 12, 17));
        assert_eq!(event.ends_on.weekday(), Weekday::Fri);
        assert_eq!(event.slug, "london-2026");
    }

    #[test]
    fn archived_event_keeps_the_seed_facts() {
        let event = london_2014();
        assert_eq!(event.hotels.len(), 5);
        assert_eq!(
            event.hotels[0].rate.as_ref().map(|r| (r.min, r.max)),
            Some((68, 90))
        );
        assert_eq!(event.venue.address.lines().last(), Some("UB3 4AZ"));
    }
}
