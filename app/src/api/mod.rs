//! Server functions by feature: Hackboard's public HTTP API under `/api`.
//!
//! Every mutating function checks the caller's rights in `server::rights` and is listed in
//! the rights table test (`server/tests/api/rights.rs`).
mod accounts;
mod agenda;
mod comments;
mod editing;
mod events;
mod password_reset;
mod registration;
mod topics;
mod writeups;

pub use accounts::{
    change_password, current_user, sign_in, sign_out, sign_up, update_profile, ChangePassword,
    SignIn, SignOut, SignUp, UpdateProfile,
};
pub use agenda::{
    add_room, choose_agenda_mail, get_agenda, move_session, schedule_session, star_session,
    swap_sessions, unschedule_session, AddRoom, ChooseAgendaMail, MoveSession, ScheduleSession,
    StarSession, SwapSessions, UnscheduleSession,
};
pub use comments::{
    add_comment, delete_comment, edit_comment, hide_comment, AddComment, DeleteComment,
    EditComment, HideComment,
};
pub use editing::{
    add_organiser, create_event, event_editor, remove_organiser, update_event, AddOrganiser,
    CreateEvent, RemoveOrganiser, UpdateEvent,
};
pub use events::{get_event, list_events};
pub use password_reset::{
    list_outbox, request_password_reset, reset_password, RequestPasswordReset, ResetPassword,
};
pub use registration::{
    approve_registrations, approve_visa_letter, cancel_registration, configure_registration,
    confirm_place, decide_registration, get_registration, get_registration_queue, get_visa_letter,
    mark_registration, release_place, request_invitation, submit_visa_details,
    ApproveRegistrations, ApproveVisaLetter, CancelRegistration, ConfigureRegistration,
    ConfirmPlace, DecideRegistration, MarkRegistration, ReleasePlace, RequestInvitation,
    SubmitVisaDetails,
};
pub use topics::{
    edit_topic, get_topic, propose_topic, topic_board, verify_topic, vote, withdraw_topic,
    EditTopic, ProposeTopic, VerifyTopic, Vote, WithdrawTopic,
};
pub use writeups::{
    copy_event, edit_writeup, feature_outcome, get_writeup, get_writeups, import_event,
    mark_writeup, post_writeup, record_outcome, remove_writeup, set_writeup_window, CopyEvent,
    EditWriteup, FeatureOutcome, ImportEvent, MarkWriteup, PostWriteup, RecordOutcome,
    RemoveWriteup, SetWriteupWindow,
};

#[cfg(feature = "ssr")]
mod context {
    use crate::error::AppError;
    use crate::model::User;
    use crate::server::AppState;
    use leptos::prelude::*;

    pub fn state() -> AppState {
        expect_context::<AppState>()
    }

    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|error| {
                tracing::error!(%error, "no session layer");
                AppError::Internal
            })
    }

    /// The address the request came from (the proxy's, behind one).
    pub async fn client_ip() -> std::net::IpAddr {
        use axum::extract::ConnectInfo;
        match leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>().await {
            Ok(ConnectInfo(address)) => address.ip(),
            Err(_) => std::net::Ipv4Addr::UNSPECIFIED.into(),
        }
    }

    /// Who is calling: `None` when signed out, and when rendering outside a request (the
    /// route list built at startup runs the app without its state).
    pub async fn caller() -> Result<Option<User>, AppError> {
        let Some(state) = use_context::<AppState>() else {
            return Ok(None);
        };
        crate::server::accounts::current_user(&state, &session().await?).await
    }

    /// Gives a failed call its HTTP status (403, 409, …) so that scripts, proxies and logs
    /// see what happened. A plain form post keeps the redirect Leptos answers it with: that
    /// redirect carries the error back to the page, which shows it next to the field.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result {
            crate::error::answer_with(error);
        }
        result
    }
}
