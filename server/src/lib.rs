//! hackboard-server: everything behind the `hackboard` binary, as a library so tests can start
//! the real app on a free port.
#![forbid(unsafe_code)]

pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
mod health;
mod same_origin;
mod smtp;
pub mod startup;
pub mod telemetry;
pub mod users;
