//! Typed settings, read once from flags and `BANTAY_*` environment variables and passed down.

use crate::domain::incident::Severity;
use crate::domain::role::SecondFactorRoles;
use crate::outbox::MailSettings;
use clap::{ArgAction, Args};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Settings every command shares: where the data lives.
#[derive(Debug, Clone, Args)]
pub struct StorageSettings {
    /// Directory for the embedded SQLite database and other local files.
    #[arg(long, env = "BANTAY_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// postgres://… for PostgreSQL, sqlite://FILE for SQLite; unset means DATA_DIR/bantay.db.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Connections kept open to the database by one process.
    #[arg(long, env = "BANTAY_DB_POOL_SIZE", default_value_t = 8, global = true)]
    pub db_pool_size: u32,
}

impl StorageSettings {
    /// The database URL to use: the explicit one, or the SQLite file in the data directory.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => format!("sqlite://{}", self.data_dir.join("bantay.db").display()),
        }
    }
}

/// Settings of the HTTP server.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ServerSettings {
    /// Address and port to listen on.
    #[arg(long, env = "BANTAY_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Lifetime of a login session, in hours.
    #[arg(long, env = "BANTAY_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: u32,

    /// Minutes a login session may go unused before it ends; API tokens have no idle limit.
    #[arg(long, env = "BANTAY_SESSION_IDLE_MINUTES", default_value_t = 30,
        value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub session_idle_minutes: u32,

    /// The roles whose holders must sign in with a second factor: a comma-separated list of
    /// admin, secretary, member, representative; `all`; or `none`. A person who must have one
    /// and has none sets it up right after the password and reaches nothing else until then.
    #[arg(long, env = "BANTAY_MFA_REQUIRED", default_value = "admin,secretary")]
    pub mfa_required: SecondFactorRoles,

    /// The address people reach this installation at (for example https://bantay.example.org),
    /// as the links of its e-mails give it; by default `http://` and the address it listens on.
    #[arg(long, env = "BANTAY_PUBLIC_URL", value_parser = public_url)]
    pub public_url: Option<String>,

    /// Mark the session cookie `Secure` even when the request did not arrive over TLS
    /// (set this behind a TLS-terminating proxy).
    #[arg(long, env = "BANTAY_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Take the client address from `Forwarded` / `X-Forwarded-For` (set only behind a proxy
    /// that overwrites them); otherwise the TCP peer address is used.
    #[arg(long, env = "BANTAY_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// Failed logins allowed per client address and account within the window.
    #[arg(long, env = "BANTAY_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: u32,

    /// Login attempts allowed per client address within the window, failed or not.
    #[arg(long, env = "BANTAY_LOGIN_MAX_ATTEMPTS", default_value_t = 30)]
    pub login_max_attempts: u32,

    /// Length of the login rate-limit window, in seconds.
    #[arg(long, env = "BANTAY_LOGIN_WINDOW_SECS", default_value_t = 900)]
    pub login_window_secs: u64,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "BANTAY_MAX_BODY_BYTES", default_value_t = 1_048_576)]
    pub max_body_bytes: usize,

    /// HTTP worker threads; 0 means one per CPU core.
    #[arg(long, env = "BANTAY_WORKERS", default_value_t = 0)]
    pub workers: usize,

    /// Days after a month ends that its indicator values lock (a secretary can reopen it).
    #[arg(long, env = "BANTAY_INDICATOR_LOCK_DAYS", default_value_t = 15,
        value_parser = clap::value_parser!(u32).range(0..=366))]
    pub indicator_lock_days: u32,

    /// Business days a board has to acknowledge a grievance.
    #[arg(long, env = "BANTAY_GRIEVANCE_ACK_DAYS", default_value_t = 2,
        value_parser = clap::value_parser!(u32).range(1..=60))]
    pub grievance_ack_days: u32,

    /// Business days a board has to respond to a grievance.
    #[arg(long, env = "BANTAY_GRIEVANCE_RESPONSE_DAYS", default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..=120))]
    pub grievance_response_days: u32,

    /// Public holidays that do not count as business days, e.g. 2026-12-25,2026-12-30.
    #[arg(long, env = "BANTAY_HOLIDAYS", value_delimiter = ',')]
    pub holidays: Vec<chrono::NaiveDate>,

    /// Incidents at or above this severity (low, moderate, high, critical) warn the board's
    /// secretaries and the units concerned at once.
    #[arg(long, env = "BANTAY_EARLY_WARNING_SEVERITY", default_value_t = Severity::High)]
    pub early_warning_severity: Severity,

    /// A directory with the operator's own `report.json` (wording, section order, layout) in
    /// place of the built-in report template.
    #[arg(long, env = "BANTAY_REPORT_TEMPLATES")]
    pub report_templates: Option<PathBuf>,

    /// Counts below this many in aggregates (incident summaries, reports) are shown as "<N".
    #[arg(long, env = "BANTAY_SMALL_COUNT_THRESHOLD", default_value_t = 5,
        value_parser = clap::value_parser!(u32).range(1..=100))]
    pub small_count_threshold: u32,

    /// Public requests per client address, kind and window: grievance filings, tracking-code
    /// look-ups, PDF checks, each counted on its own.
    #[arg(long, env = "BANTAY_PUBLIC_MAX_REQUESTS", default_value_t = 20)]
    pub public_max_requests: u32,

    /// Length of the public rate-limit window, in seconds.
    #[arg(long, env = "BANTAY_PUBLIC_WINDOW_SECS", default_value_t = 3600)]
    pub public_window_secs: u64,

    #[command(flatten)]
    pub jobs: JobSettings,
}

/// Settings of the scheduled jobs and of the mail they send.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct JobSettings {
    /// Run the scheduled jobs (meetings ahead, reminders, mail delivery) in this process.
    /// With several instances on one PostgreSQL database all may run them: each unit of work
    /// is claimed once.
    #[arg(long, env = "BANTAY_RUN_JOBS", default_value_t = true, action = ArgAction::Set)]
    pub run_jobs: bool,

    /// Seconds between two ticks of the scheduled jobs.
    #[arg(long, env = "BANTAY_JOB_INTERVAL_SECS", default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub job_interval_secs: u64,

    /// Days an action may be overdue before the unit above is told.
    #[arg(long, env = "BANTAY_ACTION_GRACE_DAYS", default_value_t = 7,
        value_parser = clap::value_parser!(u32).range(0..=365))]
    pub action_grace_days: u32,

    #[command(flatten)]
    pub meetings: MeetingSettings,

    #[command(flatten)]
    pub reports: ReportSettings,

    #[command(flatten)]
    pub mail: MailSettings,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            run_jobs: true,
            job_interval_secs: 60,
            action_grace_days: 7,
            meetings: MeetingSettings::default(),
            reports: ReportSettings::default(),
            mail: MailSettings::default(),
        }
    }
}

/// When a closed month's report is drafted, in each board's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ReportSettings {
    /// Day of the next month on which a month's report is drafted.
    #[arg(long, env = "BANTAY_REPORT_DRAFT_DAY", default_value_t = 1,
        value_parser = clap::value_parser!(u32).range(1..=28))]
    pub report_draft_day: u32,

    /// Hour (0–23) of that day, in the board's time zone.
    #[arg(long, env = "BANTAY_REPORT_DRAFT_HOUR", default_value_t = 6,
        value_parser = clap::value_parser!(u32).range(0..=23))]
    pub report_draft_hour: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            report_draft_day: 1,
            report_draft_hour: 6,
        }
    }
}

/// How far ahead sessions are planned and announced.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct MeetingSettings {
    /// How many months ahead the meetings of a series are materialised.
    #[arg(long, env = "BANTAY_MEETING_HORIZON_MONTHS", default_value_t = 6,
        value_parser = clap::value_parser!(u32).range(1..=36))]
    pub meeting_horizon_months: u32,

    /// Days before a session that board members are reminded of it.
    #[arg(long, env = "BANTAY_REMINDER_DAYS", default_value_t = 3,
        value_parser = clap::value_parser!(u32).range(0..=60))]
    pub reminder_days: u32,
}

impl Default for MeetingSettings {
    fn default() -> Self {
        Self {
            meeting_horizon_months: 6,
            reminder_days: 3,
        }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            session_hours: 12,
            session_idle_minutes: 30,
            mfa_required: SecondFactorRoles::default(),
            public_url: None,
            secure_cookies: false,
            trust_proxy: false,
            login_max_failures: 5,
            login_max_attempts: 30,
            login_window_secs: 900,
            max_body_bytes: 1_048_576,
            workers: 0,
            indicator_lock_days: 15,
            grievance_ack_days: 2,
            grievance_response_days: 10,
            holidays: Vec::new(),
            early_warning_severity: Severity::High,
            report_templates: None,
            small_count_threshold: 5,
            public_max_requests: 20,
            public_window_secs: 3600,
            jobs: JobSettings::default(),
        }
    }
}

fn public_url(text: &str) -> Result<String, String> {
    let rest = (text.strip_prefix("https://"))
        .or_else(|| text.strip_prefix("http://"))
        .ok_or("give the address with https:// (or http://) in front")?;
    match rest.trim_end_matches('/') {
        "" => Err("give the host after https://".to_owned()),
        host if host.contains(char::is_whitespace) => Err("an address has no spaces".to_owned()),
        _ => Ok(text.trim_end_matches('/').to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        server: ServerSettings,
    }

    /// Every defaulted value is passed as an explicit flag, so that `BANTAY_*` variables in
    /// the environment running the tests cannot stand in for a default.
    #[test]
    fn the_default_settings_are_the_documented_flag_defaults() {
        use clap::CommandFactory;
        let mut argv = vec!["bantay".to_owned()];
        let mut command = Flags::command();
        command.build();
        for arg in command.get_arguments() {
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
            if let (Some(long), Some(default), true) = (
                arg.get_long(),
                arg.get_default_values().first(),
                takes_value,
            ) {
                argv.push(format!("--{long}={}", default.to_string_lossy()));
            }
        }
        assert!(argv.len() > 5, "{argv:?}");
        let parsed = Flags::try_parse_from(&argv).expect("defaults parse");
        assert_eq!(parsed.server, ServerSettings::default());
    }

    #[test]
    fn the_public_address_needs_its_scheme_and_loses_a_trailing_slash() {
        assert_eq!(
            public_url("https://bantay.example.org/").as_deref(),
            Ok("https://bantay.example.org")
        );
        for wrong in ["bantay.example.org", "https://", "http://a b"] {
            assert!(public_url(wrong).is_err(), "{wrong}");
        }
    }
}
