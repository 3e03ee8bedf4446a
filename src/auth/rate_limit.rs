//! Login throttling: a fixed window per client address (all attempts) and per address and
//! account (failed attempts). Kept in memory: each instance throttles on its own.

use crate::domain::refusal;
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_failures: u32,
    pub max_attempts: u32,
    pub window: TimeDelta,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: DateTime<Utc>,
    count: u32,
}

/// Past this many tracked keys, expired windows are swept before a new key is added; if that
/// frees nothing, the oldest window goes. Keys are fixed-size hashes, so memory stays bounded
/// (about 100 bytes a key) whatever clients send.
const MAX_KEYS: usize = 100_000;

#[derive(Debug)]
pub struct LoginLimiter {
    limits: Limits,
    attempts: Mutex<HashMap<[u8; 16], Window>>,
    failures: Mutex<HashMap<[u8; 16], Window>>,
}

impl LoginLimiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            attempts: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a password attempt against the client and refuses it past the limits.
    pub fn admit_sign_in(
        &self,
        client: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.admit(client, email, now).map_err(too_many)
    }

    /// Refuses a second factor's code while the client has failed too often for the account.
    /// The code is not counted as an attempt of the client: only a right password reaches it,
    /// and that was counted already.
    pub fn admit_code(
        &self,
        client: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.check_failures(client, email, now).map_err(too_many)
    }

    /// Counts an attempt and says whether it may proceed; if not, after how many seconds.
    fn admit(&self, client: &str, email: &str, now: DateTime<Utc>) -> Result<(), i64> {
        let window = self.limits.window;
        let mut attempts = lock(&self.attempts);
        let a = bump(&mut attempts, key(&[client]), now, window);
        if a.count > self.limits.max_attempts {
            return Err(retry_after(a, window, now));
        }
        drop(attempts);
        self.check_failures(client, email, now)
    }

    fn check_failures(&self, client: &str, email: &str, now: DateTime<Utc>) -> Result<(), i64> {
        let window = self.limits.window;
        let failures = lock(&self.failures);
        match failures.get(&failure_key(client, email)) {
            Some(f) if f.started + window > now && f.count >= self.limits.max_failures => {
                Err(retry_after(*f, window, now))
            }
            _ => Ok(()),
        }
    }

    pub fn failed(&self, client: &str, email: &str, now: DateTime<Utc>) {
        bump(
            &mut lock(&self.failures),
            failure_key(client, email),
            now,
            self.limits.window,
        );
    }

    pub fn succeeded(&self, client: &str, email: &str) {
        lock(&self.failures).remove(&failure_key(client, email));
    }
}

fn too_many(retry_after_secs: i64) -> AppError {
    AppError::TooManyRequests {
        reason: refusal::too_many_sign_ins(),
        retry_after_secs,
    }
}

fn failure_key(client: &str, email: &str) -> [u8; 16] {
    key(&[client, &email.trim().to_lowercase()])
}

fn key(parts: &[&str]) -> [u8; 16] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn bump(
    map: &mut HashMap<[u8; 16], Window>,
    key: [u8; 16],
    now: DateTime<Utc>,
    window: TimeDelta,
) -> Window {
    if map.len() >= MAX_KEYS && !map.contains_key(&key) {
        map.retain(|_, w| w.started + window > now);
        if map.len() >= MAX_KEYS
            && let Some(oldest) = map.iter().min_by_key(|(_, w)| w.started).map(|(k, _)| *k)
        {
            map.remove(&oldest);
        }
    }
    let w = map.entry(key).or_insert(Window {
        started: now,
        count: 0,
    });
    if w.started + window <= now {
        *w = Window {
            started: now,
            count: 0,
        };
    }
    w.count += 1;
    *w
}

fn retry_after(w: Window, window: TimeDelta, now: DateTime<Utc>) -> i64 {
    ((w.started + window) - now).num_seconds().max(1)
}

/// A fixed window per client address and kind of request, for the public endpoints.
#[derive(Debug)]
pub struct ClientLimiter {
    max: u32,
    window: TimeDelta,
    hits: Mutex<HashMap<[u8; 16], Window>>,
}

impl ClientLimiter {
    pub fn new(max: u32, window: TimeDelta) -> Self {
        Self {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request; `Err` carries the seconds to wait.
    pub fn admit(&self, kind: &str, client: &str, now: DateTime<Utc>) -> Result<(), i64> {
        let mut hits = lock(&self.hits);
        let w = bump(&mut hits, key(&[kind, client]), now, self.window);
        if w.count > self.max {
            Err(retry_after(w, self.window, now))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> LoginLimiter {
        LoginLimiter::new(Limits {
            max_failures: 3,
            max_attempts: 10,
            window: TimeDelta::minutes(15),
        })
    }

    #[test]
    fn repeated_failures_lock_the_account_for_that_client_until_the_window_ends() {
        let l = limiter();
        let t0 = Utc::now();
        for _ in 0..3 {
            assert!(l.admit("1.2.3.4", "a@x.ph", t0).is_ok());
            l.failed("1.2.3.4", "a@x.ph", t0);
        }
        assert!(l.admit("1.2.3.4", "A@x.ph", t0).is_err());
        assert!(
            l.admit("5.6.7.8", "a@x.ph", t0).is_ok(),
            "another client is not locked out"
        );
        assert!(
            l.admit("1.2.3.4", "a@x.ph", t0 + TimeDelta::minutes(16))
                .is_ok()
        );
    }

    #[test]
    fn a_client_is_limited_in_attempts_of_any_kind() {
        let l = limiter();
        let t0 = Utc::now();
        for i in 0..10 {
            assert!(l.admit("1.2.3.4", &format!("u{i}@x.ph"), t0).is_ok());
        }
        assert_eq!(l.admit("1.2.3.4", "u@x.ph", t0), Err(900));
    }
}
