//! `bantay keys` and `bantay report`: the signing key and certificates, and monthly reports from
//! the command line.

use super::{KeysCommand, ReportCommand, read_secret};
use crate::audit::Actor;
use crate::clock::Clock;
use crate::db::Db;
use anyhow::{Context, bail};
use std::process::ExitCode;

pub(super) fn keys(db: &Db, clock: &dyn Clock, command: KeysCommand) -> anyhow::Result<ExitCode> {
    use crate::reports::{keys, sign::Signer};
    let now = clock.now();
    let actor = Actor::system("cli: keys");
    match command {
        KeysCommand::Init { organisation } => {
            let made = db.write_blocking(|conn| keys::set_up(conn, &actor, &organisation, now))?;
            eprintln!(
                "{}",
                if made {
                    "created the report-signing keys; the root certificate to trust:"
                } else {
                    "the installation has keys already (keys import replaces them); its root certificate:"
                }
            );
        }
        KeysCommand::Import { key, chain, pkcs12 } => {
            let read = |path: &std::path::Path| {
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
            };
            let signer = match (key, chain, pkcs12) {
                (_, _, Some(file)) => {
                    let password = read_secret("Password of the PKCS#12 file: ", false)?;
                    Signer::from_pkcs12(&read(&file)?, &password)
                }
                (Some(key), Some(chain), None) => Signer::from_pem(
                    &String::from_utf8_lossy(&read(&key)?),
                    &String::from_utf8_lossy(&read(&chain)?),
                ),
                _ => bail!("give --key and --chain, or --pkcs12"),
            }
            .map_err(|e| anyhow::anyhow!("the keys were not imported: {e}"))?;
            db.write_blocking(|conn| keys::bring_in(conn, &actor, &signer, now))?;
            eprintln!(
                "imported the key of {}; the root certificate to trust:",
                signer.subject()
            );
        }
        KeysCommand::Root => {}
    }
    match db.read_blocking(keys::root_pem)? {
        Some(pem) => {
            print!("{pem}");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("no keys yet: run `bantay keys init`");
            Ok(ExitCode::FAILURE)
        }
    }
}

pub(super) fn report(
    db: &Db,
    clock: &dyn Clock,
    command: ReportCommand,
) -> anyhow::Result<ExitCode> {
    use crate::domain::ids::{BoardId, ReportId};
    use crate::reports;
    let now = clock.now();
    let actor = Actor::system("cli: report");
    match command {
        ReportCommand::Draft {
            board,
            period,
            small_count_threshold,
        } => {
            let period = crate::domain::period::Period::parse_month("period", &period)?;
            let (r, created) = db.write_blocking(|conn| {
                reports::draft(
                    conn,
                    &actor,
                    BoardId(board),
                    period,
                    small_count_threshold,
                    now,
                )
            })?;
            println!(
                "{} report {} ({} of board {}): document SHA-256 {}",
                if created { "drafted" } else { "drafted again" },
                r.id,
                r.period,
                r.board_id,
                r.document_sha256
            );
            Ok(ExitCode::SUCCESS)
        }
        ReportCommand::Publish {
            id,
            report_templates,
        } => {
            let templates = reports::template::Templates::load(report_templates.as_deref())
                .map_err(anyhow::Error::msg)?;
            let id = ReportId(id);
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let operator = reports::workflow::Publisher::Operator(actor);
            let published = runtime.block_on(reports::workflow::publish(
                db,
                operator,
                id,
                std::sync::Arc::new(templates),
                now,
            ))?;
            println!(
                "published report {}: English PDF SHA-256 {}",
                published.id,
                published.pdf_sha256.unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        ReportCommand::Verify { file, root } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let sha = {
                use sha2::Digest;
                hex::encode(sha2::Sha256::digest(&bytes))
            };
            let (stored_roots, known) = db.read_blocking(|conn| {
                let roots = reports::keys::trusted_roots_pem(conn)?;
                let known = crate::db::reports::find_by_pdf_sha256(conn, &sha)?;
                Ok::<_, crate::error::AppError>((roots, known))
            })?;
            let roots = match root {
                Some(path) => std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
                None => stored_roots,
            };
            let v = reports::verify::verify(&bytes, &roots);
            let known = known.filter(|(r, _)| r.status.is_public());
            println!("file:        {} (SHA-256 {sha})", file.display());
            println!("signed:      {}", v.signed);
            println!("intact:      {}", v.intact);
            println!("whole file:  {}", v.whole_file);
            println!("trusted:     {}", v.trusted);
            println!("signer:      {}", v.signer.as_deref().unwrap_or("-"));
            match &known {
                Some((r, language)) => println!(
                    "report:      {} (board {}, {}, revision {}, {}, edition {language})",
                    r.id,
                    r.board_id,
                    r.period,
                    r.revision,
                    r.status.as_str()
                ),
                None => println!("report:      none of this installation's published reports"),
            }
            let genuine = v.genuine(known.is_some());
            println!("{}", if genuine { "GENUINE" } else { "NOT GENUINE" });
            Ok(if genuine {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}
