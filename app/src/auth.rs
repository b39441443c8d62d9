//! Who is signed in, shared by the header and the account pages through context.
use crate::api::{current_user, SignOut};
use crate::error::AppError;
use crate::model::User;
use leptos::prelude::*;

/// The signed-in user, reloaded whenever an account action completes.
///
/// Forms create their own actions inside the page: only there can a server-rendered page pick
/// up the error of a form posted without JavaScript. They call `changed` when one completes.
#[derive(Clone, Copy)]
pub struct Auth {
    pub sign_out: ServerAction<SignOut>,
    pub user: Resource<Result<Option<User>, AppError>>,
    changes: RwSignal<u32>,
}

impl Auth {
    pub fn provide() {
        let sign_out = ServerAction::<SignOut>::new();
        let changes = RwSignal::new(0);
        let user = Resource::new(
            move || (changes.get(), sign_out.version().get()),
            |_| current_user(),
        );
        provide_context(Auth {
            sign_out,
            user,
            changes,
        });
    }

    /// Reloads the user each time `action` completes (successfully or not).
    pub fn follow<S>(self, action: ServerAction<S>)
    where
        S: leptos::server_fn::ServerFn + Send + Sync + Clone + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: Send + Sync + 'static,
    {
        Effect::new(move |_| {
            if action.version().get() > 0 {
                self.changes.update(|n| *n += 1);
            }
        });
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The message for `field` in an action's last error, if that error is about it.
pub fn field_error<V, T>(value: V, field: impl Into<String>) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    let field = field.into();
    Signal::derive(move || {
        value.with(|last| match last {
            Some(Err(AppError::Invalid { field: f, message })) if *f == field => {
                Some(message.clone())
            }
            _ => None,
        })
    })
}

/// An error of the last attempt that belongs to no field (rights, conflicts, the network).
pub fn form_error<V, T>(value: V) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|last| match last {
            Some(Err(AppError::Invalid { field, .. })) if !field.is_empty() => None,
            Some(Ok(_)) | None => None,
            Some(Err(error)) => Some(error.to_string()),
        })
    })
}
