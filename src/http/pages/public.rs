//! Pages for anyone, without an account: published reports, checking a PDF, the calendar.
//! Each page's data type holds only what the public may see.

use super::Ctx;
use super::glance::{AssessmentView, GlanceView};
use super::upload::read_upload;
use crate::db::reports::Edition;
use crate::domain::ids::{BoardId, ReportId};
use crate::domain::meeting::MeetingStatus;
use crate::domain::refusal;
use crate::domain::report::{Officer, ReportStatus, Signoff};
use crate::error::AppError;
use crate::http::throttle::throttle;
use crate::meetings::calendar;
use crate::reports::public;
use crate::reports::verify;
use crate::reports::views::Published;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/reports/{id}", web::get().to(report))
        .route("/verify", web::get().to(verify_form))
        .route("/verify", web::post().to(verify_upload))
        .route("/calendar", web::get().to(calendar));
}

/// A published report as a line of a list or the head of its page.
pub struct ReportCard {
    pub id: ReportId,
    pub board_name: String,
    pub period: String,
    pub revision: i32,
    pub superseded: bool,
    pub published_on: String,
    pub signoff: Signoff,
}

/// How many reports the home page lists.
const LATEST: i64 = 20;

fn card(p: &Published) -> ReportCard {
    let r = &p.report;
    ReportCard {
        id: r.id,
        board_name: p.board_name.clone(),
        period: r.period.clone(),
        revision: r.revision,
        superseded: r.status == ReportStatus::Superseded,
        published_on: r
            .published_at
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        signoff: r.signoff,
    }
}

/// How a published report was approved and published, by role, in the reader's language.
pub fn signoff_text(c: &Ctx, signoff: &Signoff) -> String {
    let officer = |o: Option<Officer>| o.map(|o| officer_word(c, o)).unwrap_or_default();
    c.t.fill2(
        &format!("signoff.{}", signoff.sentence()),
        "approver",
        officer(signoff.approved_as),
        "publisher",
        officer(signoff.published_as),
    )
}

/// How an officer's capacity reads ("a member of the board").
pub fn officer_word(c: &Ctx, officer: Officer) -> String {
    c.t.get(&format!("officer.{}", officer.as_str())).to_owned()
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct Home<'a> {
    c: &'a Ctx,
    reports: Vec<ReportCard>,
}

async fn home(c: Ctx) -> HttpResponse {
    let result = async {
        let latest = public::latest(&c.state().db, LATEST).await?;
        let reports = latest.iter().map(card).collect();
        Ok(c.ok(&Home { c: &c, reports }))
    }
    .await;
    c.respond(result)
}

#[derive(Template)]
#[template(path = "public/report.html")]
struct ReportPage<'a> {
    c: &'a Ctx,
    report: ReportCard,
    signer: String,
    superseded_by: Option<ReportCard>,
    supersedes: Option<ReportCard>,
    glance: GlanceView,
    assessment: Option<AssessmentView>,
    editions: Vec<EditionLink>,
}

/// A signed edition as the report's page offers it.
struct EditionLink {
    /// What the download link says ("Download the signed PDF in Filipino").
    label: String,
    /// What its hash is called ("SHA-256, Filipino edition").
    hash_label: String,
    href: String,
    sha256: String,
}

/// The report's editions, the one in the reader's language first.
fn edition_links(c: &Ctx, p: &Published) -> Vec<EditionLink> {
    let mut editions: Vec<&Edition> = p.editions.iter().collect();
    editions.sort_by_key(|e| e.language != c.t.code);
    (editions.into_iter())
        .map(|e| EditionLink {
            label: c
                .t
                .get(&format!("report.download_{}", e.language))
                .to_owned(),
            hash_label: c.t.get(&format!("report.sha256_{}", e.language)).to_owned(),
            href: p.pdf_href(&e.language),
            sha256: e.pdf_sha256.clone(),
        })
        .collect()
}

async fn report(c: Ctx, id: web::Path<String>) -> HttpResponse {
    let result = async {
        let unknown = || AppError::not_found(refusal::no_published_report());
        let id = ReportId(id.parse().map_err(|_| unknown())?);
        let found = public::page(&c.state().db, id).await?;
        let doc = crate::reports::document(&found.report.report)?;
        Ok(c.ok(&ReportPage {
            c: &c,
            glance: GlanceView::of(&c, &doc),
            editions: edition_links(&c, &found.report),
            assessment: AssessmentView::of(&c, &doc),
            report: card(&found.report),
            signer: found.signer,
            superseded_by: found.superseded_by.as_ref().map(card),
            supersedes: found.supersedes.as_ref().map(card),
        }))
    }
    .await;
    c.respond(result)
}

#[derive(Template)]
#[template(path = "public/verify.html")]
struct VerifyPage<'a> {
    c: &'a Ctx,
    outcome: Option<Outcome>,
    error: Option<String>,
}

/// What checking an uploaded PDF found, in the page's terms.
struct Outcome {
    genuine: bool,
    verdict: verify::Verdict,
    sha256: String,
    /// Which edition of the report the file is.
    edition: Option<String>,
    report: Option<ReportCard>,
    superseded_by: Option<ReportCard>,
}

async fn verify_form(c: Ctx) -> HttpResponse {
    c.ok(&VerifyPage {
        c: &c,
        outcome: None,
        error: None,
    })
}

async fn verify_upload(c: Ctx, req: HttpRequest, form: Multipart) -> HttpResponse {
    let limit = c.state().settings.max_body_bytes;
    let result = async {
        let fields = read_upload(&req, form, limit).await?;
        c.check_csrf(fields.get("csrf").map_or("", |f| f.text()))?;
        throttle(c.state(), &req, "verify").await?;
        let bytes = fields
            .get("file")
            .map(|f| f.bytes.clone())
            .unwrap_or_default();
        let found = match public::check_pdf(&c.state().db, bytes).await {
            Err(AppError::Validation { .. }) => {
                return Ok(c.render(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &VerifyPage {
                        c: &c,
                        outcome: None,
                        error: Some(c.t.get("verify.not_pdf").to_owned()),
                    },
                ));
            }
            found => found?,
        };
        Ok(c.ok(&VerifyPage {
            c: &c,
            outcome: Some(Outcome {
                genuine: found.genuine,
                verdict: found.signature,
                sha256: found.sha256,
                edition: (found.language)
                    .map(|l| c.t.get(&format!("report.edition_{l}")).to_owned()),
                report: found.report.as_ref().map(card),
                superseded_by: found.superseded_by.as_ref().map(card),
            }),
            error: None,
        }))
    }
    .await;
    c.respond(result)
}

/// A public session as the calendar page lists it.
struct Session {
    board_name: String,
    title: String,
    starts: String,
    location: String,
    cancelled: bool,
}

struct BoardFeed {
    id: BoardId,
    name: String,
}

#[derive(Template)]
#[template(path = "public/calendar.html")]
struct CalendarPage<'a> {
    c: &'a Ctx,
    boards: Vec<BoardFeed>,
    sessions: Vec<Session>,
    host: String,
}

async fn calendar(c: Ctx, req: HttpRequest) -> HttpResponse {
    let now = c.state().clock.now();
    let result = async {
        let (boards, coming) = calendar::coming(&c.state().db, now).await?;
        let boards = boards
            .into_iter()
            .map(|b| BoardFeed {
                id: b.id,
                name: b.name,
            })
            .collect();
        let sessions = coming
            .into_iter()
            .map(|(board_name, m)| Session {
                board_name,
                starts: m.starts_local.format("%Y-%m-%d %H:%M").to_string(),
                cancelled: m.status == MeetingStatus::Cancelled,
                title: m.title,
                location: m.location,
            })
            .collect();
        // Behind a trusted proxy the forwarded host; otherwise only the Host header itself.
        let host = if c.state().settings.trust_proxy {
            req.connection_info().host().to_owned()
        } else {
            req.headers()
                .get(actix_web::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost")
                .to_owned()
        };
        Ok(c.ok(&CalendarPage {
            c: &c,
            boards,
            sessions,
            host,
        }))
    }
    .await;
    c.respond(result)
}
