//! The `bantay <command>` tree.

use crate::audit::{self, Actor, Anchor, Verification};
use crate::auth::accounts::{self, NewAccount};
use crate::auth::password::NewPassword;
use crate::clock::{Clock, SharedClock, SystemClock};
use crate::config::{MeetingSettings, ServerSettings, StorageSettings};
use crate::db::{DatabaseUrl, Db, Open};
use crate::demo;
use crate::domain::text::{Email, Label, NAME_MAX};
use crate::jobs;
use crate::startup;
use anyhow::{Context, bail};
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
    Load,
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
        Command::Serve { server, demo } => {
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            if demo {
                load_demo_if_empty(&db, clock.as_ref())?;
            }
            tracing::info!(database = %url.redacted(), listen = %server.listen, "starting");
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
            let password = NewPassword::parse(&read_password()?)?;
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
            command: DemoCommand::Load,
        } => {
            let db = Db::open(&url, pool_size, Open::Prepare)?;
            print_demo(&demo::load(&db, clock.now())?);
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
    }
}

fn load_demo_if_empty(db: &Db, clock: &dyn Clock) -> anyhow::Result<()> {
    match demo::load(db, clock.now()) {
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
    println!("Sign in with these; the passwords are shown this once and stored only as hashes:");
    for a in &summary.accounts {
        println!("  {:<44} {:<36} {}", a.role, a.email, a.password);
    }
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
        let second = rpassword::prompt_password("Repeat the password: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    std::io::stdout().flush().ok();
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
