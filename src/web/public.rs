//! Pages for anyone, without an account: published reports, checking a PDF, the calendar, and
//! filing and following a grievance. Each page's data type holds only what the public may see.

use super::Ctx;
use crate::audit::Actor;
use crate::db::{boards as board_store, grievances as grievance_store, meetings, reports, units};
use crate::domain::grievance::{GrievanceCategory, GrievanceStatus};
use crate::domain::ids::{BoardId, ReportId, UnitId};
use crate::domain::meeting::MeetingStatus;
use crate::domain::tracking::TrackingCode;
use crate::error::AppError;
use crate::grievances::{self, GrievanceDraft};
use crate::http::api::grievances::{rules, throttle};
use crate::reports::{keys, verify};
use actix_multipart::Multipart;
use actix_web::cookie::{Cookie, time};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/reports/{id}", web::get().to(report))
        .route("/verify", web::get().to(verify_form))
        .route("/verify", web::post().to(verify_upload))
        .route("/calendar", web::get().to(calendar))
        .route("/grievances/new", web::get().to(grievance_form))
        .route("/grievances/new", web::post().to(grievance_file))
        .route("/grievances/filed", web::get().to(grievance_filed))
        .route("/grievances/status", web::get().to(status_form))
        .route("/grievances/status", web::post().to(status_lookup));
}

/// A published report as a line of a list or the head of its page.
pub struct ReportCard {
    pub id: ReportId,
    pub board_name: String,
    pub period: String,
    pub revision: i32,
    pub superseded: bool,
    pub published_on: String,
    pub pdf_sha256: String,
}

fn card(conn: &mut crate::db::DbConn, r: &reports::Report) -> Result<ReportCard, AppError> {
    Ok(ReportCard {
        id: r.id,
        board_name: crate::org::boards::find(conn, r.board_id)?.name,
        period: r.period.clone(),
        revision: r.revision,
        superseded: r.status == crate::domain::report::ReportStatus::Superseded,
        published_on: r
            .published_at
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        pdf_sha256: r.pdf_sha256.clone().unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct Home<'a> {
    c: &'a Ctx,
    reports: Vec<ReportCard>,
}

async fn home(c: Ctx) -> HttpResponse {
    let result = async {
        let reports = c
            .state()
            .db
            .read(|conn| {
                reports::list_public(conn, None)?
                    .iter()
                    .take(20)
                    .map(|r| card(conn, r))
                    .collect::<Result<Vec<_>, AppError>>()
            })
            .await?;
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
}

async fn report(c: Ctx, id: web::Path<String>) -> HttpResponse {
    let result = async {
        let unknown = || AppError::not_found(c.t.get("report.unknown"));
        let id = ReportId(id.parse().map_err(|_| unknown())?);
        let found = c
            .state()
            .db
            .read(move |conn| {
                let Ok(r) = reports::find(conn, id) else {
                    return Ok(None);
                };
                if !r.status.is_public() {
                    return Ok(None);
                }
                let pdf = reports::pdf(conn, id)?.unwrap_or_default();
                let roots = keys::trusted_roots_pem(conn)?;
                let later = reports::superseded_by(conn, id)?;
                let earlier = match r.supersedes_id {
                    Some(e) => Some(reports::find(conn, e)?).filter(|e| e.status.is_public()),
                    None => None,
                };
                Ok::<_, AppError>(Some((
                    card(conn, &r)?,
                    pdf,
                    roots,
                    later.map(|l| card(conn, &l)).transpose()?,
                    earlier.map(|e| card(conn, &e)).transpose()?,
                )))
            })
            .await?
            .ok_or_else(unknown)?;
        let (report, pdf, roots, superseded_by, supersedes) = found;
        let signer = web::block(move || verify::verify(&pdf, &roots).signer)
            .await
            .map_err(|e| AppError::Internal(e.into()))?
            .unwrap_or_default();
        Ok(c.ok(&ReportPage {
            c: &c,
            report,
            signer,
            superseded_by,
            supersedes,
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
        // The declared length bounds everything the multipart reader will see, headers included.
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .ok_or_else(|| {
                AppError::BadRequest("send the upload with a Content-Length header".into())
            })?;
        if declared > limit {
            return Err(AppError::PayloadTooLarge(format!(
                "the upload is larger than the {limit} bytes allowed"
            )));
        }
        let fields = read_multipart(form, limit).await?;
        c.check_csrf(fields.get("csrf").map_or("", |f| f.text()))?;
        let bytes = fields
            .get("file")
            .map(|f| f.bytes.clone())
            .unwrap_or_default();
        if !bytes.starts_with(b"%PDF-") {
            return Ok(c.render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &VerifyPage {
                    c: &c,
                    outcome: None,
                    error: Some(c.t.get("verify.not_pdf").to_owned()),
                },
            ));
        }
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let wanted = sha256.clone();
        let (roots, known) = c
            .state()
            .db
            .read(move |conn| {
                let roots = keys::trusted_roots_pem(conn)?;
                let known = match reports::find_by_pdf_sha256(conn, &wanted)? {
                    Some(r) if r.status.is_public() => {
                        let later = reports::superseded_by(conn, r.id)?;
                        Some((card(conn, &r)?, later.map(|l| card(conn, &l)).transpose()?))
                    }
                    _ => None,
                };
                Ok::<_, AppError>((roots, known))
            })
            .await?;
        let verdict = web::block(move || verify::verify(&bytes, &roots))
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
        let (report, superseded_by) = known.map_or((None, None), |(r, l)| (Some(r), l));
        let genuine = verdict.genuine(report.is_some());
        Ok(c.ok(&VerifyPage {
            c: &c,
            outcome: Some(Outcome {
                genuine,
                verdict,
                sha256,
                report,
                superseded_by,
            }),
            error: None,
        }))
    }
    .await;
    c.respond(result)
}

/// One part of a `multipart/form-data` body.
struct Part {
    bytes: Vec<u8>,
}

impl Part {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }
}

/// Reads every part of a form upload, refusing more than `limit` bytes in all.
async fn read_multipart(
    mut form: Multipart,
    limit: usize,
) -> Result<BTreeMap<String, Part>, AppError> {
    use futures_util::StreamExt as _;
    let unreadable = |e: actix_multipart::MultipartError| {
        AppError::BadRequest(format!("the form could not be read: {e}"))
    };
    let mut parts = BTreeMap::new();
    let mut total = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or_default().to_owned();
        if parts.len() >= 8 {
            return Err(AppError::BadRequest("the form has too many parts".into()));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            total += chunk.len();
            if total > limit {
                return Err(AppError::PayloadTooLarge(format!(
                    "the upload is larger than the {limit} bytes allowed"
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        parts.insert(name, Part { bytes });
    }
    Ok(parts)
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
        let (boards, sessions) = c
            .state()
            .db
            .read(move |conn| {
                let boards = board_store::list(conn)?;
                let mut sessions = Vec::new();
                for b in &boards {
                    let today = now.with_timezone(&b.zone()).naive_local();
                    let until = today + chrono::TimeDelta::days(92);
                    for m in meetings::list_for_board(conn, b.id, Some(today), Some(until), true)? {
                        sessions.push((
                            m.starts_local,
                            Session {
                                board_name: b.name.clone(),
                                title: m.title,
                                starts: m.starts_local.format("%Y-%m-%d %H:%M").to_string(),
                                location: m.location,
                                cancelled: m.status == MeetingStatus::Cancelled,
                            },
                        ));
                    }
                }
                sessions.sort_by_key(|(at, _)| *at);
                Ok::<_, AppError>((
                    boards
                        .into_iter()
                        .map(|b| BoardFeed {
                            id: b.id,
                            name: b.name,
                        })
                        .collect(),
                    sessions.into_iter().map(|(_, s)| s).collect(),
                ))
            })
            .await?;
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

/// The grievance form as typed, kept to show again beside any error.
#[derive(Deserialize, Default)]
struct GrievanceForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    board: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
}

struct Choice {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "public/grievance_form.html")]
struct GrievancePage<'a> {
    c: &'a Ctx,
    form: GrievanceForm,
    errors: BTreeMap<&'static str, String>,
    boards: Vec<Choice>,
    categories: Vec<Choice>,
    units: Vec<Choice>,
}

impl GrievancePage<'_> {
    fn error(&self, field: &str) -> &str {
        self.errors.get(field).map_or("", String::as_str)
    }
}

async fn grievance_page(
    c: &Ctx,
    form: GrievanceForm,
    errors: BTreeMap<&'static str, String>,
) -> Result<HttpResponse, AppError> {
    let (boards, units) = c
        .state()
        .db
        .read(|conn| Ok::<_, AppError>((board_store::list(conn)?, units::list(conn)?)))
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(c.render(
        status,
        &GrievancePage {
            c,
            form,
            errors,
            boards: boards
                .into_iter()
                .map(|b| Choice {
                    value: b.id.to_string(),
                    label: b.name,
                })
                .collect(),
            categories: GrievanceCategory::ALL
                .iter()
                .map(|g| Choice {
                    value: g.as_str().to_owned(),
                    label: c.t.get(&format!("category.{}", g.as_str())).to_owned(),
                })
                .collect(),
            units: units
                .into_iter()
                .map(|u| Choice {
                    value: u.id.to_string(),
                    label: u.name,
                })
                .collect(),
        },
    ))
}

async fn grievance_form(c: Ctx) -> HttpResponse {
    let result = grievance_page(&c, GrievanceForm::default(), BTreeMap::new()).await;
    c.respond(result)
}

const FILED_COOKIE: &str = "bantay_filed";

async fn grievance_file(c: Ctx, req: HttpRequest, form: web::Form<GrievanceForm>) -> HttpResponse {
    let result = async {
        let form = form.into_inner();
        c.check_csrf(&form.csrf)?;
        let t = c.t;
        let mut errors = BTreeMap::new();
        let board = form.board.parse::<i64>().ok().map(BoardId);
        if board.is_none() {
            errors.insert("board", t.get("grievance.error.board").to_owned());
        }
        let category = form.category.parse::<GrievanceCategory>().ok();
        if category.is_none() {
            errors.insert("category", t.get("grievance.error.category").to_owned());
        }
        if form.description.trim().is_empty() {
            errors.insert(
                "description",
                t.get("grievance.error.description").to_owned(),
            );
        }
        let unit = match form.unit.trim() {
            "" => None,
            u => match u.parse::<i64>() {
                Ok(n) => Some(UnitId(n)),
                Err(_) => {
                    errors.insert("unit", t.get("grievance.error.unit").to_owned());
                    None
                }
            },
        };
        let (Some(board_id), Some(category), true) = (board, category, errors.is_empty()) else {
            return grievance_page(&c, form, errors).await;
        };
        throttle(c.state(), &req, "file")?;
        let draft = GrievanceDraft {
            board_id,
            category,
            description: form.description.clone(),
            location: form.location.clone(),
            alleged_unit_id: unit,
            contact: grievances::contact(&form.name, &form.phone, &form.email),
        };
        let (rules, now) = (rules(c.state()), c.state().clock.now());
        let filed = c
            .state()
            .db
            .write(move |conn| {
                grievances::file(
                    conn,
                    &Actor::system("public grievance page"),
                    "public",
                    draft,
                    &rules,
                    now,
                )
            })
            .await;
        let code = match filed {
            Ok((_, code)) => code,
            Err(AppError::Validation { field, message }) => {
                let field = match field.as_deref() {
                    Some("board_id") => "board",
                    Some("alleged_unit_id") => "unit",
                    Some("location") => "location",
                    Some("contact") => "contact",
                    _ => "description",
                };
                errors.insert(field, message);
                return grievance_page(&c, form, errors).await;
            }
            Err(e) => return Err(e),
        };
        // Shown once on the next page, then forgotten: reloading that page cannot file twice.
        let sealed = crate::auth::tokens::sign_for_cookie(&c.state().cookie_key, &code.to_string());
        let mut response = c.see_other("/grievances/filed");
        response
            .add_cookie(
                &Cookie::build(FILED_COOKIE, sealed)
                    .path("/grievances/filed")
                    .http_only(true)
                    .secure(
                        c.state().settings.secure_cookies
                            || req.connection_info().scheme() == "https",
                    )
                    .same_site(actix_web::cookie::SameSite::Strict)
                    .max_age(time::Duration::minutes(10))
                    .finish(),
            )
            .map_err(|e| AppError::Internal(e.into()))?;
        Ok(response)
    }
    .await;
    c.respond(result)
}

#[derive(Template)]
#[template(path = "public/grievance_filed.html")]
struct FiledPage<'a> {
    c: &'a Ctx,
    code: Option<String>,
}

async fn grievance_filed(c: Ctx, req: HttpRequest) -> HttpResponse {
    let code = req
        .cookie(FILED_COOKIE)
        .and_then(|k| crate::auth::tokens::verify_cookie(&c.state().cookie_key, k.value()));
    let mut response = c.ok(&FiledPage { c: &c, code });
    let mut gone = Cookie::build(FILED_COOKIE, "")
        .path("/grievances/filed")
        .finish();
    gone.make_removal();
    let _ = response.add_cookie(&gone);
    response
}

#[derive(Deserialize, Default)]
struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

/// Where a grievance stands, as the public may see it.
struct Standing {
    status: GrievanceStatus,
    steps: Vec<(&'static str, String)>,
    acknowledge_by: NaiveDate,
    respond_by: NaiveDate,
}

#[derive(Template)]
#[template(path = "public/grievance_status.html")]
struct StatusPage<'a> {
    c: &'a Ctx,
    code: String,
    standing: Option<Standing>,
    error: Option<String>,
}

async fn status_form(c: Ctx) -> HttpResponse {
    c.ok(&StatusPage {
        c: &c,
        code: String::new(),
        standing: None,
        error: None,
    })
}

fn day(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|t| t.format("%Y-%m-%d").to_string())
}

async fn status_lookup(c: Ctx, req: HttpRequest, form: web::Form<StatusForm>) -> HttpResponse {
    let result = async {
        let form = form.into_inner();
        c.check_csrf(&form.csrf)?;
        throttle(c.state(), &req, "track")?;
        let found = match TrackingCode::parse(form.code.trim()) {
            None => None,
            Some(code) => {
                c.state()
                    .db
                    .read(move |conn| {
                        let Some(g) = grievance_store::find_by_hash(conn, &code.digest())? else {
                            return Ok(None);
                        };
                        let d = grievances::dates(&grievance_store::events_of(conn, g.id)?);
                        let steps = [
                            ("status.step.filed", day(d.filed_at)),
                            ("status.step.acknowledged", day(d.acknowledged_at)),
                            ("status.step.referred", day(d.referred_at)),
                            ("status.step.responded", day(d.responded_at)),
                            ("status.step.decided", day(d.decided_at)),
                            ("status.step.closed", day(d.closed_at)),
                        ]
                        .into_iter()
                        .filter_map(|(k, v)| v.map(|v| (k, v)))
                        .collect();
                        Ok::<_, AppError>(Some(Standing {
                            status: g.status,
                            steps,
                            acknowledge_by: g.ack_due,
                            respond_by: g.response_due,
                        }))
                    })
                    .await?
            }
        };
        let error = found
            .is_none()
            .then(|| c.t.get("status.unknown").to_owned());
        let status = if found.is_some() {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        Ok(c.render(
            status,
            &StatusPage {
                c: &c,
                code: form.code,
                standing: found,
                error,
            },
        ))
    }
    .await;
    c.respond(result)
}
