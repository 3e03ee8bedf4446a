//! The `bantay <command>` tree.

mod reports;

use crate::audit::{self, Actor, Anchor, Verification};
use crate::auth::accounts::{self, NewAccount};
use crate::auth::password::NewPassword;
use crate::clock::{Clock, SharedClock, ShiftedClock, SystemClock};
use crate::config::{MeetingSettings, ServerSettings, StorageSettings};
use crate::db::{DatabaseUrl, Db, Open};
use crate::demo;
use crate::domain::role::SecondFactorRoles;
use crate::domain::text::{Email, Label, NAME_MAX};
use crate::jobs;
use crate::startup;
use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "bantay",
    version,
    about = "Oversight board workflow service: sessions, indicators, \
    incidents, grievances, actions and signed monthly accountability reports"
)]
pub struct Cli {
    #[command(flatten)]
    pub storage: StorageSettings,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the large `serve` variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (creates and migrates the database on first start).
    Serve {
        #[command(flatten)]
        server: ServerSettings,
        /// Load the demo data first if the database has no accounts yet.
        #[arg(long)]
        demo: bool,
        /// For rehearsals and tests only: the clock starts at this instant (RFC 3339, e.g.
        /// 2026-11-30T21:59:00Z) and runs on at real speed, so the jobs can be watched crossing
        /// a month boundary.
        #[arg(long, env = "BANTAY_CLOCK_START", value_name = "INSTANT")]
        clock_start: Option<DateTime<Utc>>,
    },
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// Manage accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Demo data.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Board sessions.
    Meetings {
        #[command(subcommand)]
        command: MeetingsCommand,
    },
    /// The installation's report-signing key and certificates.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Monthly accountability reports.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a root certificate and a signing certificate under it (ECDSA P-256), unless the
    /// installation has keys already; prints the root certificate.
    Init {
        /// The organisation named in the certificates.
        #[arg(long, default_value = "bantay oversight board")]
        organisation: String,
    },
    /// Replace the keys with your own ECDSA P-256 key and its chain up to the root: either
    /// `--key` (PKCS#8 PEM) with `--chain` (PEM certificates), or `--pkcs12`, whose password is
    /// asked for on a terminal or read as the first line of standard input.
    #[command(group(clap::ArgGroup::new("source").required(true).args(["key", "pkcs12"])))]
    Import {
        #[arg(long, value_name = "FILE", requires = "chain")]
        key: Option<std::path::PathBuf>,
        #[arg(long, value_name = "FILE", requires = "key")]
        chain: Option<std::path::PathBuf>,
        #[arg(long, value_name = "FILE", conflicts_with_all = ["key", "chain"])]
        pkcs12: Option<std::path::PathBuf>,
    },
    /// Print the root certificate (PEM) that verifiers trust.
    Root,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Draft (or draft again) a board's report for a month.
    Draft {
        #[arg(long)]
        board: i64,
        /// The month, YYYY-MM.
        #[arg(long)]
        period: String,
        #[arg(long, env = "BANTAY_SMALL_COUNT_THRESHOLD", default_value_t = 5,
            value_parser = clap::value_parser!(u32).range(1..=100))]
        small_count_threshold: u32,
    },
    /// Sign and publish a report (approved first, where the board needs two people).
    Publish {
        id: i64,
        #[arg(long, env = "BANTAY_REPORT_TEMPLATES")]
        report_templates: Option<std::path::PathBuf>,
    },
    /// Check a PDF: is its signature intact, whole-file and by this installation, and which
    /// published report is it? Exit 0 only for a genuine report.
    Verify {
        file: std::path::PathBuf,
        /// Trust the root certificates in this PEM file instead of the installation's.
        #[arg(long, value_name = "FILE")]
        root: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MeetingsCommand {
    /// Create the missing meetings of every series up to the horizon, once (the server does
    /// this on every tick; useful after an outage).
    Materialise {
        #[command(flatten)]
        meetings: MeetingSettings,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an admin account. The password is asked for at a prompt, or read as one line from
    /// standard input when that is not a terminal; it is never an argument.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Load the demo boards, units and accounts into an empty database; prints the passwords once.
    Load {
        /// Also load a made-up archive: 17 regional boards, sessions, 300 indicators and, at
        /// scale 1 over ten years, 1,000,000 incidents, 200,000 actions and 50,000 grievances
        /// (0.01 loads a hundredth of those).
        #[arg(long, value_parser = parse_scale)]
        scale: Option<f64>,
        /// Closed months the archive covers, ending with last month.
        #[arg(long, default_value_t = 120, requires = "scale", value_parser = clap::value_parser!(u32).range(1..=240))]
        months: u32,
    },
}

fn parse_scale(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 10.0 => Ok(v),
        _ => Err("a number above 0 and at most 10, e.g. 1 or 0.01".to_owned()),
    }
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain; exit 1 and name the first broken entry if it is not intact.
    Verify {
        /// Also insist that entry SEQ still has HASH, as recorded outside the database earlier
        /// (the head printed by a previous verify, or published in a report). Repeatable.
        #[arg(long, value_name = "SEQ:HASH")]
        expect: Vec<Anchor>,
    },
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let clock: SharedClock = Arc::new(SystemClock);
    let url = DatabaseUrl::parse(&cli.storage.effective_database_url())?;
    let pool_size = cli.storage.db_pool_size;
    match cli.command {
        Command::Serve {
            server,
            demo,
            clock_start,
        } => {
            let clock: SharedClock = match clock_start {
                Some(at) => {
                    tracing::warn!(%at, "the clock starts at a chosen instant: for rehearsals only");
                    Arc::new(ShiftedClock::starting_at(at))
                }
                None => clock,
            };
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            if demo {
                load_demo_if_empty(&db, clock.as_ref())?;
            }
            tracing::info!(database = %url.redacted(), listen = %server.listen, "starting");
            if server.mfa_required == SecondFactorRoles::NONE {
                tracing::warn!(
                    "BANTAY_MFA_REQUIRED=none: a password alone opens every account, admins' and \
                     secretaries' included; for a trial only"
                );
            }
            startup::serve(server, db, clock)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            Db::open(&url, pool_size, Open::Prepare)?;
            println!("{} is migrated", url.redacted());
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => {
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            let email = Email::parse(&email)?;
            let name = Label::parse("name", &name, NAME_MAX)?;
            let password =
                NewPassword::parse(&read_secret("Password (at least 12 characters): ", true)?)?;
            let account = NewAccount {
                email,
                name,
                password_hash: password.hash()?,
                is_admin: true,
                grants: vec![],
            };
            let now = clock.now();
            let actor = Actor::system("cli: admin create");
            let user = db.write_blocking(|conn| accounts::create(conn, &actor, account, now))?;
            println!("created admin account {} (id {})", user.email, user.id);
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            command: DemoCommand::Load { scale, months },
        } => {
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            let archive = scale.map(|scale| demo::archive::Archive { scale, months });
            print_demo(&demo::load(&db, clock.now(), archive)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify { expect },
        } => {
            let db = Db::open(&url, pool_size, Open::AsItIs)?;
            let verdict = db.read_blocking(|conn| {
                let walked = audit::verify(conn)?;
                if let Verification::Broken { .. } = walked {
                    return Ok::<_, crate::db::Error>(walked);
                }
                for anchor in &expect {
                    if let Some(broken) = audit::check_anchor(conn, anchor)? {
                        return Ok(broken);
                    }
                }
                Ok(walked)
            })?;
            match verdict {
                Verification::Intact {
                    entries,
                    head_seq,
                    head_hash,
                } => {
                    println!("audit chain intact: {entries} entries, head {head_seq} {head_hash}");
                    Ok(ExitCode::SUCCESS)
                }
                Verification::Broken { seq, reason } => {
                    println!("audit chain BROKEN at entry {seq}: {reason}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Meetings {
            command: MeetingsCommand::Materialise { meetings },
        } => {
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let summary = runtime
                .block_on(jobs::materialise::run(
                    &db,
                    clock.now(),
                    meetings.meeting_horizon_months,
                ))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "materialised {} new meetings across {} series",
                summary.created, summary.series
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys { command } => {
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            reports::keys(&db, clock.as_ref(), command)
        }
        Command::Report { command } => {
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            reports::report(&db, clock.as_ref(), command)
        }
    }
}

fn load_demo_if_empty(db: &Db, clock: &dyn Clock) -> anyhow::Result<()> {
    match demo::load(db, clock.now(), None) {
        Ok(summary) => print_demo(&summary),
        Err(crate::error::AppError::Conflict(_)) => {
            println!(
                "demo: the database already has accounts; use the passwords printed when it was loaded"
            );
        }
        Err(e) => return Err(anyhow::anyhow!("{e}")),
    }
    Ok(())
}

fn print_demo(summary: &demo::DemoSummary) {
    println!(
        "Demo data loaded: {} boards, {} units, {} accounts.",
        summary.boards,
        summary.units,
        summary.accounts.len()
    );
    if let Some(a) = &summary.archive {
        println!(
            "Archive over {} months: {} sessions, {} decisions, {} incidents, {} actions, \
             {} grievances, {} indicators with {} monthly figures.",
            a.months,
            a.meetings,
            a.decisions,
            a.incidents,
            a.actions,
            a.grievances,
            a.indicators,
            a.indicator_values
        );
    }
    println!(
        "Sign in with these. Each account has an authenticator app set up: add its secret (or \
         its otpauth:// address) to any authenticator app and give the app's code after the \
         password. Admins and secretaries must; the others may. Shown this once:"
    );
    for a in &summary.accounts {
        println!("  {:<44} {:<36} {}", a.role, a.email, a.password);
        println!("      app secret {}", a.typed_secret());
        println!("      {}", a.app_address);
    }
}

/// A secret asked for on a terminal (twice when `confirm`), or the first line of standard input.
fn read_secret(prompt: &str, confirm: bool) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(prompt)?;
        if confirm && rpassword::prompt_password("Repeat it: ")? != first {
            bail!("the two entries differ");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read from standard input")?;
    std::io::stdout().flush().ok();
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
