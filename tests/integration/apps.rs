//! The authenticator apps of the tests' people, as their holders keep them: each account's
//! secret as the server showed it, and the recovery codes it gave. A code is computed from the
//! secret with totp-rs, as an app would; the server takes each step's code once, so a second
//! sign-in of the same account within a step gives the next step's code (one step of drift is
//! allowed), and past that a recovery code. The Chromium walk carries on from where the tests
//! left them (`to_json`).

use bantay::clock::Clock;
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use totp_rs::{Algorithm, Builder, Secret};

#[derive(Default)]
pub struct Apps(Mutex<HashMap<String, Held>>);

struct Held {
    secret: String,
    /// The last step whose code was given.
    last_step: i64,
    recovery_codes: Vec<String>,
}

/// An account's app set up and confirmed: its secret, the step of the code that confirmed it,
/// and the recovery codes the server answered with.
#[derive(Clone)]
pub struct SetUp {
    pub secret: String,
    pub step: i64,
    pub recovery_codes: Vec<String>,
}

impl Apps {
    pub fn keep(&self, email: &str, set_up: SetUp) {
        let held = Held {
            secret: set_up.secret,
            last_step: set_up.step,
            recovery_codes: set_up.recovery_codes,
        };
        self.0.lock().unwrap().insert(email.to_owned(), held);
    }

    /// A code the server has not taken for this account yet.
    pub fn next_code(&self, email: &str, clock: &dyn Clock) -> String {
        let mut apps = self.0.lock().unwrap();
        let held = (apps.get_mut(email)).unwrap_or_else(|| panic!("{email} has no app set up"));
        let now = step_of(clock.now());
        // Not the step before: it may lapse on the way to the server.
        if let Some(step) = (now..=now + 1).find(|s| *s > held.last_step) {
            held.last_step = step;
            return code_of_step(&held.secret, step);
        }
        (held.recovery_codes.pop())
            .unwrap_or_else(|| panic!("{email} signed in more often than its codes allow"))
    }

    /// The account's secret, as the server showed it.
    pub fn secret(&self, email: &str) -> String {
        self.held(email, |app| app.secret.clone())
    }

    /// The account's recovery codes not used by `next_code`.
    pub fn recovery_codes(&self, email: &str) -> Vec<String> {
        self.held(email, |app| app.recovery_codes.clone())
    }

    fn held<T>(&self, email: &str, read: impl FnOnce(&Held) -> T) -> T {
        let apps = self.0.lock().unwrap();
        read(
            apps.get(email)
                .unwrap_or_else(|| panic!("{email} has no app set up")),
        )
    }

    /// Every account's app as `{email: {secret, last_step, recovery_codes}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let apps = self.0.lock().unwrap();
        let held = apps.iter().map(|(email, app)| {
            let app = serde_json::json!({
                "secret": app.secret,
                "last_step": app.last_step,
                "recovery_codes": app.recovery_codes,
            });
            (email.clone(), app)
        });
        serde_json::Value::Object(held.collect())
    }
}

fn step_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(30)
}

/// The code an app holding `secret` (base32, as the server shows it) shows at `at`, and its
/// step.
pub fn code_at(secret: &str, at: DateTime<Utc>) -> (i64, String) {
    let step = step_of(at);
    (step, code_of_step(secret, step))
}

/// What an app shows `steps` steps after the clock's time.
pub fn code_after(secret: &str, clock: &dyn Clock, steps: i64) -> String {
    code_at(secret, clock.now() + TimeDelta::seconds(30 * steps)).1
}

fn code_of_step(secret: &str, step: i64) -> String {
    let bytes = Secret::try_from_base32(secret.replace(' ', ""))
        .expect("a base32 secret")
        .as_bytes()
        .to_vec();
    let app = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(bytes)
        .build()
        .expect("an app");
    (app.generate(u64::try_from(step * 30).expect("a time after 1970"))).to_string()
}
