//! hackboard-app: the components, pages, server functions and shared types that the browser
//! and the server both compile. Server-only code lives in `server` behind the `ssr` feature.
#![forbid(unsafe_code)]
// Leptos view types nest deeply; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

pub mod api;
mod app;
mod auth;
mod bundle;
mod components;
pub mod error;
pub mod kept_form;
mod live;
pub mod model;
mod pages;
mod raw_text;
#[cfg(feature = "ssr")]
pub mod server;

pub use app::{shell, App};
