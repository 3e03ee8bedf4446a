//! What every handler can reach: the database, the clock, settings and shared helpers.

use crate::auth::rate_limit::{ClientLimiter, LoginLimiter};
use crate::clock::SharedClock;
use crate::config::ServerSettings;
use crate::db::Db;
use crate::http::files::KnownFiles;
use crate::http::metrics::Metrics;
use crate::http::page_cache::PageCache;
use crate::reports::template::Templates;
use std::sync::Arc;

pub struct AppState {
    pub db: Db,
    pub clock: SharedClock,
    pub settings: ServerSettings,
    pub cookie_key: Vec<u8>,
    /// Where people reach this installation: the start of the links its e-mails carry.
    pub public_url: String,
    /// Hex id of this installation, for calendar UIDs.
    pub installation_id: String,
    pub login_limiter: LoginLimiter,
    /// Throttles the public grievance form, tracking-code look-ups, PDF checks and reset requests.
    pub public_limiter: ClientLimiter,
    pub metrics: Metrics,
    /// Signed-in pages kept until the record or the minute changes.
    pub page_cache: PageCache,
    /// Published files served so far, answered 304 without the database.
    pub known_files: KnownFiles,
    /// The report's wording and layout, checked at start.
    pub report_templates: Arc<Templates>,
}
