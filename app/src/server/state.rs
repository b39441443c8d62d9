//! What every server function and route reaches through Leptos context.
use super::{MailSender, RateLimiter, Store};
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Sign-in, sign-up and password-reset attempts, per account and per IP address.
    pub attempts: Arc<RateLimiter>,
    /// How many attempts an account gets a minute; an IP address gets five times as many,
    /// because a conference's wifi puts everyone behind one address.
    pub attempts_per_minute: u32,
    /// Where people reach the app, for links in emails: "https://hack.example".
    pub public_url: String,
    /// Delivers mail by SMTP; without one, mail stays in the outbox for an admin to read.
    pub mail_sender: Option<Arc<dyn MailSender>>,
}

impl AppState {
    /// Counts an attempt at `account` (an email) from `ip`, or says how long to wait.
    pub fn attempt(
        &self,
        ip: std::net::IpAddr,
        account: &str,
    ) -> Result<(), crate::error::AppError> {
        let (ip, account) = (format!("ip:{ip}"), format!("account:{account}"));
        let per_ip = self.attempts_per_minute.saturating_mul(5);
        self.attempts
            .attempt(&[(&ip, per_ip), (&account, self.attempts_per_minute)])
    }
}
