//! Who may call what: every server function that changes something, or shows what only some
//! may see, called as each role. A new server function joins `CASES`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::OPEN_SLUG as SLUG;
use crate::helpers::{editor_form, propose_as, Backend, TestApp, PASSWORD};
use hackboard_app::error::AppError;
use hackboard_app::model::{EventForm, Subject, User, WriteupForm};
use hackboard_app::server::{comments, writeups};

on_both_backends!(each_role_may_do_exactly_what_it_should);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Anonymous,
    Participant,
    /// Organises another event than the one the call is about.
    OtherOrganiser,
    Organiser,
    Admin,
}

use Role::*;

const ANYONE: &[Role] = &[Anonymous, Participant, OtherOrganiser, Organiser, Admin];
const SIGNED_IN: &[Role] = &[Participant, OtherOrganiser, Organiser, Admin];
const ORGANISERS: &[Role] = &[Organiser, Admin];
const ADMINS: &[Role] = &[Admin];
/// The topic in the fixture is the participant's.
const PROPOSER_AND_ORGANISERS: &[Role] = &[Participant, Organiser, Admin];
/// So is the comment.
const AUTHOR: &[Role] = &[Participant];

/// What a case needs to build its request.
struct Fixture {
    revision: i64,
    form: EventForm,
    participant_id: i64,
    /// A topic the participant proposed for the archived event.
    topic_id: i64,
    /// The participant's comment on it.
    comment_id: i64,
    /// The participant's write-up, and one made for this call alone (to remove).
    writeup_id: i64,
    fresh_writeup_id: i64,
}

fn writeup_fields(id: i64, more: &[(&str, &str)]) -> Vec<(String, String)> {
    let id = id.to_string();
    let mut fields = pairs(&[("slug", SLUG), ("writeup_id", &id)]);
    fields.extend(pairs(more));
    fields
}

const WRITEUP_FORM: &[(&str, &str)] = &[
    ("writeup[title]", "Thank you!"),
    (
        "writeup[body]",
        "It took me a while to write up my impressions.",
    ),
];

/// Authors and organisers.
const AUTHOR_AND_ORGANISERS: &[Role] = &[Participant, Organiser, Admin];

fn comment_fields(f: &Fixture, more: &[(&str, &str)]) -> Vec<(String, String)> {
    let id = f.comment_id.to_string();
    let mut fields = pairs(&[("slug", SLUG), ("comment_id", &id)]);
    fields.extend(pairs(more));
    fields
}

fn topic_fields(f: &Fixture, more: &[(&str, &str)]) -> Vec<(String, String)> {
    let id = f.topic_id.to_string();
    let mut fields = pairs(&[("slug", SLUG), ("topic_id", &id)]);
    fields.extend(pairs(more));
    fields
}

const TOPIC_FORM: &[(&str, &str)] = &[
    ("topic[title]", "Merging PVH into HVM"),
    ("topic[difficulty]", "moderate"),
    ("topic[gsoc]", "unknown"),
];

enum Method {
    Get,
    Post,
}

struct Case {
    function: &'static str,
    method: Method,
    allowed: &'static [Role],
    fields: fn(&Fixture, usize) -> Vec<(String, String)>,
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn slug_only(_: &Fixture, _: usize) -> Vec<(String, String)> {
    pairs(&[("slug", SLUG)])
}

const CASES: &[Case] = &[
    Case {
        function: "sign_up",
        method: Method::Post,
        allowed: ANYONE,
        fields: |_, n| {
            let email = format!("new{n}@example.org");
            pairs(&[
                ("email", &email),
                ("display_name", "New"),
                ("affiliation", ""),
                ("password", PASSWORD),
            ])
        },
    },
    Case {
        function: "sign_in",
        method: Method::Post,
        allowed: ANYONE,
        fields: |_, _| pairs(&[("email", "pat@example.org"), ("password", PASSWORD)]),
    },
    Case {
        function: "sign_out",
        method: Method::Post,
        allowed: ANYONE,
        fields: |_, _| Vec::new(),
    },
    Case {
        function: "request_password_reset",
        method: Method::Post,
        allowed: ANYONE,
        fields: |_, _| pairs(&[("email", "pat@example.org")]),
    },
    Case {
        function: "reset_password",
        method: Method::Post,
        allowed: ANYONE,
        fields: |_, _| pairs(&[("token", "not-a-token"), ("new_password", PASSWORD)]),
    },
    Case {
        function: "list_outbox",
        method: Method::Get,
        allowed: ADMINS,
        fields: |_, _| Vec::new(),
    },
    Case {
        function: "update_profile",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| pairs(&[("display_name", "Renamed"), ("affiliation", "")]),
    },
    Case {
        function: "change_password",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| pairs(&[("current_password", PASSWORD), ("new_password", PASSWORD)]),
    },
    Case {
        function: "event_editor",
        method: Method::Get,
        allowed: ORGANISERS,
        fields: |_, _| pairs(&[("slug", SLUG)]),
    },
    Case {
        function: "update_event",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |f, _| editor_form(SLUG, f.revision, &f.form),
    },
    Case {
        function: "create_event",
        method: Method::Post,
        allowed: ADMINS,
        fields: |_, n| {
            let slug = format!("created-{n}");
            pairs(&[
                ("slug", &slug),
                ("title", "Created"),
                ("starts_on", "2027-03-04"),
                ("ends_on", "2027-03-05"),
                ("time_zone", "Europe/Paris"),
                ("venue_name", "Somewhere"),
            ])
        },
    },
    Case {
        function: "add_organiser",
        method: Method::Post,
        allowed: ADMINS,
        fields: |_, _| pairs(&[("slug", SLUG), ("email", "pat@example.org")]),
    },
    Case {
        function: "remove_organiser",
        method: Method::Post,
        allowed: ADMINS,
        fields: |f, _| {
            let id = f.participant_id.to_string();
            pairs(&[("slug", SLUG), ("user_id", &id)])
        },
    },
    Case {
        function: "propose_topic",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| {
            let mut fields = pairs(&[("slug", SLUG)]);
            fields.extend(pairs(TOPIC_FORM));
            fields
        },
    },
    Case {
        function: "edit_topic",
        method: Method::Post,
        allowed: PROPOSER_AND_ORGANISERS,
        fields: |f, _| topic_fields(f, TOPIC_FORM),
    },
    Case {
        function: "verify_topic",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |f, _| topic_fields(f, &[("verified", "true")]),
    },
    Case {
        function: "vote",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |f, _| topic_fields(f, &[("on", "true")]),
    },
    Case {
        function: "add_comment",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |f, _| {
            let on = format!("topic:{}", f.topic_id);
            pairs(&[("slug", SLUG), ("on", &on), ("body", "What is NFV?")])
        },
    },
    // Before hiding: a hidden comment can no longer be edited.
    Case {
        function: "edit_comment",
        method: Method::Post,
        allowed: AUTHOR,
        fields: |f, _| comment_fields(f, &[("body", "What is NFV, and why Xen?")]),
    },
    Case {
        function: "hide_comment",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |f, _| comment_fields(f, &[("hidden", "true")]),
    },
    Case {
        function: "delete_comment",
        method: Method::Post,
        allowed: AUTHOR,
        fields: |f, _| comment_fields(f, &[]),
    },
    // Last: a withdrawn topic can no longer be edited or verified.
    Case {
        function: "withdraw_topic",
        method: Method::Post,
        allowed: PROPOSER_AND_ORGANISERS,
        fields: |f, _| topic_fields(f, &[]),
    },
    Case {
        function: "get_registration",
        method: Method::Get,
        allowed: ANYONE,
        fields: slug_only,
    },
    // The archived event takes no requests: refused for that (409), not for rights.
    Case {
        function: "request_invitation",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("days", ""),
                ("affiliation", ""),
                ("stipend_amount", ""),
                ("stipend_currency", ""),
                ("stipend_reason", ""),
                ("note", ""),
            ])
        },
    },
    Case {
        function: "confirm_place",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: slug_only,
    },
    Case {
        function: "cancel_registration",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: slug_only,
    },
    Case {
        function: "get_registration_queue",
        method: Method::Get,
        allowed: ORGANISERS,
        fields: slug_only,
    },
    Case {
        function: "decide_registration",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("registration_id", "999999"),
                ("decision", "approve"),
            ])
        },
    },
    Case {
        function: "configure_registration",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| pairs(&[("slug", SLUG), ("capacity", "40"), ("open", "on")]),
    },
    Case {
        function: "approve_registrations",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| pairs(&[("slug", SLUG), ("ids[]", "999999")]),
    },
    Case {
        function: "get_visa_letter",
        method: Method::Get,
        allowed: SIGNED_IN,
        fields: slug_only,
    },
    Case {
        function: "submit_visa_details",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("full_name", "Adaeze Okonkwo"),
                ("nationality", "Nigerian"),
                ("passport_number", "A01234567"),
                ("born_on", "1990-05-29"),
                ("arrives_on", "2014-05-28"),
                ("leaves_on", "2014-05-31"),
            ])
        },
    },
    Case {
        function: "approve_visa_letter",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| pairs(&[("slug", SLUG), ("registration_id", "999999")]),
    },
    Case {
        function: "get_agenda",
        method: Method::Get,
        allowed: ANYONE,
        fields: slug_only,
    },
    Case {
        function: "add_room",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("version", "999"),
                ("name", "Hayes"),
                ("capacity", "40"),
            ])
        },
    },
    Case {
        function: "schedule_session",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("version", "999"),
                ("title", "Lunch"),
                ("room_id", "999999"),
                ("day", "2014-05-29"),
                ("start", "12:00"),
                ("end", "13:00"),
            ])
        },
    },
    Case {
        function: "move_session",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("version", "999"),
                ("session_id", "999999"),
                ("room_id", "999999"),
                ("day", "2014-05-29"),
                ("start", "12:00"),
                ("end", "13:00"),
            ])
        },
    },
    Case {
        function: "swap_sessions",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("version", "999"),
                ("first", "999998"),
                ("second", "999999"),
            ])
        },
    },
    Case {
        function: "unschedule_session",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| pairs(&[("slug", SLUG), ("version", "999"), ("session_id", "999999")]),
    },
    Case {
        function: "star_session",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| pairs(&[("slug", SLUG), ("session_id", "999999"), ("on", "yes")]),
    },
    Case {
        function: "choose_agenda_mail",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| pairs(&[("slug", SLUG), ("mail", "on")]),
    },
    Case {
        function: "release_place",
        method: Method::Post,
        allowed: ANYONE,
        fields: |_, _| pairs(&[("slug", SLUG), ("token", "not-a-token")]),
    },
    Case {
        function: "mark_registration",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("registration_id", "999999"),
                ("mark", "fee:paid"),
            ])
        },
    },
    Case {
        function: "get_writeups",
        method: Method::Get,
        allowed: ANYONE,
        fields: |_, _| pairs(&[("slug", SLUG)]),
    },
    Case {
        function: "get_writeup",
        method: Method::Get,
        allowed: ANYONE,
        fields: |f, _| writeup_fields(f.writeup_id, &[]),
    },
    Case {
        function: "post_writeup",
        method: Method::Post,
        allowed: SIGNED_IN,
        fields: |_, _| {
            let mut fields = pairs(&[("slug", SLUG)]);
            fields.extend(pairs(WRITEUP_FORM));
            fields
        },
    },
    Case {
        function: "post_writeup",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            let mut fields = pairs(&[("slug", SLUG), ("pinned", "yes")]);
            fields.extend(pairs(WRITEUP_FORM));
            fields
        },
    },
    Case {
        function: "edit_writeup",
        method: Method::Post,
        allowed: AUTHOR,
        fields: |f, _| writeup_fields(f.writeup_id, WRITEUP_FORM),
    },
    Case {
        function: "mark_writeup",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |f, _| writeup_fields(f.writeup_id, &[("mark", "feature")]),
    },
    Case {
        function: "remove_writeup",
        method: Method::Post,
        allowed: AUTHOR_AND_ORGANISERS,
        fields: |f, _| writeup_fields(f.fresh_writeup_id, &[]),
    },
    Case {
        function: "record_outcome",
        method: Method::Post,
        allowed: PROPOSER_AND_ORGANISERS,
        fields: |f, _| topic_fields(f, &[("outcome[outcome]", "A plan, sent to xen-devel.")]),
    },
    Case {
        function: "feature_outcome",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |f, _| topic_fields(f, &[("on", "yes")]),
    },
    Case {
        function: "copy_event",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| {
            pairs(&[
                ("slug", SLUG),
                ("new_slug", "copied"),
                ("title", "Copied"),
                ("starts_on", "2031-05-29"),
            ])
        },
    },
    Case {
        function: "import_event",
        method: Method::Post,
        allowed: ADMINS,
        fields: |_, _| pairs(&[("archive", "{}")]),
    },
    Case {
        function: "set_writeup_window",
        method: Method::Post,
        allowed: ORGANISERS,
        fields: |_, _| pairs(&[("slug", SLUG), ("closes_on", "")]),
    },
];

/// A write-up by `author` on the open event.
async fn writeup_by(app: &TestApp, author: &User) -> i64 {
    let form = WriteupForm {
        title: "Impressions".into(),
        body: "Hybrid dom0 boot, line by line.".into(),
        topics: Vec::new(),
    };
    writeups::post(&app.state, Some(author.clone()), SLUG, &form, false)
        .await
        .unwrap()
}

async fn each_role_may_do_exactly_what_it_should(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let upcoming = app
        .store
        .list_events()
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.slug != SLUG)
        .unwrap()
        .slug;
    let (participant, _) = app.account("pat@example.org", false).await;
    let (other, _) = app.account("other@example.org", false).await;
    app.make_organiser(&upcoming, other.id).await;
    let (organiser, _) = app.account("olu@example.org", false).await;
    app.make_organiser(SLUG, organiser.id).await;
    app.account("root@example.org", true).await;
    let topic_id = propose_as(&app, &participant, SLUG, "Xen 4.5 roadmap").await;
    let commented = comments::add(
        &app.state,
        Some(participant.clone()),
        SLUG,
        Subject::Topic(topic_id),
        None,
        "Who mentors this?",
    );
    let comment_id = commented.await.unwrap().id;
    let writeup_id = writeup_by(&app, &participant).await;
    let email = |role: Role| match role {
        Anonymous => None,
        Participant => Some("pat@example.org"),
        OtherOrganiser => Some("other@example.org"),
        Organiser => Some("olu@example.org"),
        Admin => Some("root@example.org"),
    };

    let mut calls = 0;
    let mut wrong = Vec::new();
    for case in CASES {
        for &role in ANYONE {
            calls += 1;
            // A fresh sign-in for each call: some calls sign out or switch accounts.
            let client = TestApp::new_client();
            if let Some(email) = email(role) {
                app.sign_in(&client, email).await;
            }
            let stored = app.store.find_event(SLUG).await.unwrap().unwrap();
            let fixture = Fixture {
                revision: stored.revision,
                form: EventForm::from(&stored.details),
                participant_id: participant.id,
                topic_id,
                comment_id,
                writeup_id,
                fresh_writeup_id: writeup_by(&app, &participant).await,
            };
            let fields = (case.fields)(&fixture, calls);
            let url = format!("{}/api/{}", app.address, case.function);
            let response = match case.method {
                Method::Get => client.get(url).query(&fields).send().await.unwrap(),
                Method::Post => app.post(&client, case.function, &fields).await,
            };
            let status = response.status().as_u16();
            let refused = match status {
                401 | 403 => {
                    let error: AppError = response.json().await.unwrap();
                    let expected = if role == Anonymous {
                        AppError::SignInRequired
                    } else {
                        AppError::Forbidden
                    };
                    assert_eq!(error, expected, "{} as {role:?}", case.function);
                    true
                }
                // Passed the rights check, then failed on its input (a made-up reset token)
                // or on the state of things (confirming a place nobody offered).
                200 | 400 | 409 => false,
                other => panic!(
                    "{} as {role:?} answered {other}: {}",
                    case.function,
                    response.text().await.unwrap()
                ),
            };
            if refused == case.allowed.contains(&role) {
                wrong.push(format!(
                    "{} as {role:?}: {}",
                    case.function,
                    if refused { "refused" } else { "allowed" }
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "wrong rights:\n{}", wrong.join("\n"));
    app.stop().await;
}
