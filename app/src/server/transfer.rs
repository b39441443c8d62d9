//! Moving one event between Hackboard installations: its organisers export it as a file,
//! an admin of the other installation imports it.
use super::{rights, AppState, Imported};
use crate::error::AppError;
use crate::model::User;

/// The event with `slug` as a versioned JSON file.
pub async fn export(state: &AppState, user: Option<User>, slug: &str) -> Result<String, AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    Ok(state.store.export_event(&event).await?)
}

/// Imports an exported event; returns its slug. A refused file changes nothing and says why
/// on the `archive` field.
pub async fn import(state: &AppState, user: Option<User>, json: &str) -> Result<String, AppError> {
    rights::admin(user)?;
    match state.store.import_event(json).await? {
        Imported::Made { slug } => Ok(slug),
        Imported::Refused(why) => Err(AppError::invalid("archive", why)),
    }
}
