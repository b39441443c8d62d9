//! Any path no route matches.
use crate::components::ErrorView;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorView error=AppError::NotFound /> }
}
