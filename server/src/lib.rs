//! hackboard-server: everything behind the `hackboard` binary, as a library so tests can start
//! the real app on a free port.
#![forbid(unsafe_code)]
// Leptos view types nest deeply; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

mod backup;
mod body_limit;
pub mod cli;
mod client_ip;
pub mod config;
mod connections;
pub mod db;
pub mod demo;
mod exports;
mod headers;
mod health;
mod kept_form;
pub mod live;
mod mail_retry;
mod metrics;
mod page_cache;
pub mod reminders;
mod same_origin;
mod smtp;
pub mod startup;
pub mod telemetry;
pub mod users;
