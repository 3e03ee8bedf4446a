//! What every handler can reach: the database, the clock, settings and shared helpers.

use crate::auth::rate_limit::LoginLimiter;
use crate::clock::SharedClock;
use crate::config::ServerSettings;
use crate::db::Db;
use crate::http::metrics::Metrics;

pub struct AppState {
    pub db: Db,
    pub clock: SharedClock,
    pub settings: ServerSettings,
    pub cookie_key: Vec<u8>,
    pub login_limiter: LoginLimiter,
    pub metrics: Metrics,
}
