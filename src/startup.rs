//! Wires the database, shared state and HTTP server together.

use crate::auth::rate_limit::{ClientLimiter, Limits, LoginLimiter};
use crate::auth::tokens;
use crate::clock::SharedClock;
use crate::config::ServerSettings;
use crate::db::{self, Db, secrets};
use crate::http::{self, metrics::Metrics, state::AppState};
use crate::jobs::{JobContext, scheduler};
use crate::outbox::Mailer;
use crate::reports::template::Templates;
use actix_web::dev::Server;
use actix_web::{HttpServer, web};
use anyhow::Context;
use chrono::TimeDelta;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

pub struct Application {
    address: SocketAddr,
    server: Server,
}

impl Application {
    /// Loads the installation's cookie key (creating it on first start), binds the listener and
    /// prepares the server; nothing is served until [`Application::run_until_stopped`].
    pub fn build(settings: ServerSettings, db: Db, clock: SharedClock) -> anyhow::Result<Self> {
        let now = clock.now();
        let cookie_key = db
            .write_blocking(|conn| {
                secrets::get_or_create(
                    conn,
                    tokens::COOKIE_KEY_NAME,
                    now.naive_utc(),
                    tokens::generate_cookie_key,
                )
            })
            .map_err(|e: db::Error| anyhow::anyhow!("cannot load the cookie key: {e}"))?;
        let installation_id = db
            .write_blocking(|conn| {
                secrets::get_or_create(conn, INSTALLATION_ID, now.naive_utc(), || {
                    rand::random::<[u8; 8]>().to_vec()
                })
            })
            .map(hex::encode)
            .map_err(|e: db::Error| anyhow::anyhow!("cannot load the installation id: {e}"))?;
        let mailer = Mailer::from_settings(&settings.jobs.mail)?;
        if settings.jobs.run_jobs {
            start_jobs(JobContext {
                db: db.clone(),
                clock: clock.clone(),
                settings: settings.jobs.clone(),
                small_count_threshold: settings.small_count_threshold,
                mailer,
            });
        }
        let listener = TcpListener::bind(settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let address = listener.local_addr()?;
        let workers = settings.workers;
        let limits = Limits {
            max_failures: settings.login_max_failures,
            max_attempts: settings.login_max_attempts,
            window: TimeDelta::seconds(i64::try_from(settings.login_window_secs).unwrap_or(900)),
        };
        let public_limiter = ClientLimiter::new(
            settings.public_max_requests,
            TimeDelta::seconds(i64::try_from(settings.public_window_secs).unwrap_or(3600)),
            &cookie_key,
        );
        crate::i18n::check().map_err(anyhow::Error::msg)?;
        let report_templates = Arc::new(
            Templates::load(settings.report_templates.as_deref()).map_err(anyhow::Error::msg)?,
        );
        let login_limiter = LoginLimiter::new(limits, &cookie_key);
        let public_url =
            (settings.public_url.clone()).unwrap_or_else(|| format!("http://{address}"));
        let state = web::Data::new(AppState {
            db,
            clock,
            settings,
            cookie_key,
            installation_id,
            public_url,
            login_limiter,
            public_limiter,
            metrics: Metrics::default(),
            page_cache: Default::default(),
            known_files: Default::default(),
            report_templates,
        });
        let (openapi, methods) = {
            let document = http::openapi::document();
            let methods = http::methods::Methods::of(&document);
            let json = document
                .to_json()
                .context("cannot serialise the OpenAPI document")?;
            (web::Data::new(json), web::Data::new(methods))
        };
        release_freed_memory();
        let mut server =
            HttpServer::new(move || http::app(state.clone(), openapi.clone(), methods.clone()));
        if workers > 0 {
            server = server.workers(workers);
        }
        let server = server.listen(listener)?;
        Ok(Self {
            address,
            server: server.run(),
        })
    }

    /// Where the server listens; with port 0 in the settings, the port the system chose.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// A handle to stop the server from elsewhere (tests, a supervisor).
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Hands the pages that the allocator keeps free back to the system. Describing the API while
/// starting takes about 12 MB for a moment, and glibc would otherwise keep half of it for good.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only releases free memory of glibc's own heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Names this installation in calendar UIDs, so that two installations never collide.
const INSTALLATION_ID: &str = "installation_id";

/// Ticks the scheduled jobs on the current runtime for as long as it runs.
fn start_jobs(ctx: JobContext) {
    let every = std::time::Duration::from_secs(ctx.settings.job_interval_secs);
    actix_web::rt::spawn(async move {
        match scheduler::start(ctx, every).await {
            Ok(_running) => std::future::pending::<()>().await,
            Err(e) => tracing::error!(error = %e, "the job scheduler did not start"),
        }
    });
}

/// Runs the server on this thread until it is stopped (Ctrl-C or SIGTERM), announcing its
/// address on standard output once it listens.
pub fn serve(settings: ServerSettings, db: Db, clock: SharedClock) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings, db, clock)?;
        println!("bantay listening on http://{}", app.address());
        app.run_until_stopped().await?;
        Ok(())
    })
}
