//! Limits on attempts per key (an IP address, an account) in a sliding minute, so nobody can
//! guess passwords or flood an inbox. Held in memory: with several instances behind one
//! database each counts its own share, which multiplies the limit by the instance count.
use crate::error::AppError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct RateLimiter {
    /// When each key's recent attempts happened, oldest first.
    attempts: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimiter {
    /// Counts an attempt for every key, each with its own limit a minute, or refuses with the
    /// seconds until one frees up; a refused attempt is not counted, so waiting always helps.
    pub fn attempt(&self, keys: &[(&str, u32)]) -> Result<(), AppError> {
        self.attempt_at(keys, Instant::now())
    }

    fn attempt_at(&self, keys: &[(&str, u32)], now: Instant) -> Result<(), AppError> {
        let mut attempts = self
            .attempts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget keys whose attempts all left the window, so the map stays small.
        if attempts.len() > 10_000 {
            attempts.retain(|_, times| times.last().is_some_and(|t| now - *t < WINDOW));
        }
        let mut wait = Duration::ZERO;
        for (key, per_minute) in keys {
            let times = attempts.entry((*key).to_owned()).or_default();
            times.retain(|t| now - *t < WINDOW);
            if times.len() >= *per_minute as usize {
                let frees_at = times[0] + WINDOW;
                wait = wait.max(frees_at - now);
            }
        }
        if wait > Duration::ZERO {
            return Err(AppError::TooManyRequests(wait.as_secs().max(1)));
        }
        for (key, _) in keys {
            attempts.entry((*key).to_owned()).or_default().push(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_attempt_in_a_minute_waits_for_the_first_to_expire() {
        let limiter = RateLimiter::default();
        let keys = [("ip:1", 50), ("account:a", 10)];
        let start = Instant::now();
        for second in 0..10 {
            let at = start + Duration::from_secs(second);
            assert!(limiter.attempt_at(&keys, at).is_ok());
        }
        let refused = limiter.attempt_at(&keys, start + Duration::from_secs(15));
        assert_eq!(refused, Err(AppError::TooManyRequests(45)));
        let later = start + Duration::from_secs(61);
        assert!(limiter.attempt_at(&keys, later).is_ok());
    }

    #[test]
    fn each_key_counts_on_its_own() {
        let limiter = RateLimiter::default();
        let now = Instant::now();
        assert!(limiter.attempt_at(&[("account:a", 2)], now).is_ok());
        assert!(limiter.attempt_at(&[("account:a", 2)], now).is_ok());
        assert!(limiter.attempt_at(&[("account:a", 2)], now).is_err());
        assert!(limiter.attempt_at(&[("account:b", 2)], now).is_ok());
    }
}
