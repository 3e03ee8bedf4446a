//! Filing a grievance without an account and following it by its tracking code. The filer's
//! words and contact go only into the grievance; the status page has fields for status and
//! dates alone.

use super::Ctx;
use crate::db::grievances::Contact;
use crate::db::{boards as board_store, units};
use crate::domain::grievance::{GrievanceCategory, GrievanceOutcome, GrievanceStatus};
use crate::domain::ids::{BoardId, UnitId};
use crate::error::AppError;
use crate::grievances::views::PublicGrievanceView;
use crate::grievances::{Deadlines, FileGrievanceRequest, workflow};
use crate::http::throttle::throttle;
use actix_web::cookie::{Cookie, time};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/grievances/new", web::get().to(grievance_form))
        .route("/grievances/new", web::post().to(grievance_file))
        .route("/grievances/filed", web::get().to(grievance_filed))
        .route("/grievances/status", web::get().to(status_form))
        .route("/grievances/status", web::post().to(status_lookup));
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
struct GrievancePageView<'a> {
    c: &'a Ctx,
    form: GrievanceForm,
    errors: BTreeMap<&'static str, String>,
    boards: Vec<Choice>,
    categories: Vec<Choice>,
    units: Vec<Choice>,
}

impl GrievancePageView<'_> {
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
        &GrievancePageView {
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
        throttle(c.state(), &req, "file").await?;
        let request = FileGrievanceRequest {
            board_id,
            category,
            description: form.description.clone(),
            location: form.location.clone(),
            alleged_unit_id: unit,
            contact: Some(Contact {
                name: form.name.clone(),
                phone: form.phone.clone(),
                email: form.email.clone(),
            }),
            intake: None,
        };
        let state = c.state();
        let (rules, now) = (Deadlines::from_settings(&state.settings), state.clock.now());
        let via = "public grievance page";
        let filed = workflow::file_public(&state.db, via, request, rules, now).await;
        let code = match filed {
            Ok(filed) => filed.tracking_code,
            Err(AppError::Validation { field, reason }) => {
                let field = match field.as_deref() {
                    Some("board_id") => "board",
                    Some("alleged_unit_id") => "unit",
                    Some("location") => "location",
                    Some("contact") => "contact",
                    _ => "description",
                };
                errors.insert(field, c.t.say(&reason));
                return grievance_page(&c, form, errors).await;
            }
            Err(e) => return Err(e),
        };
        // Shown once on the next page, then forgotten: reloading that page cannot file twice.
        let sealed = crate::auth::tokens::sign_for_cookie(&c.state().cookie_key, &code);
        let mut response = c.see_other("/grievances/filed");
        response
            .add_cookie(
                &Cookie::build(FILED_COOKIE, sealed)
                    .path("/grievances/filed")
                    .http_only(true)
                    .secure(c.secure())
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

/// Where a grievance stands, as the public may see it: catalogue keys and the board's days.
struct Standing {
    status: GrievanceStatus,
    steps: Vec<(String, NaiveDate)>,
    outcome: Option<&'static str>,
    acknowledge_by: Option<NaiveDate>,
    respond_by: Option<NaiveDate>,
}

impl From<PublicGrievanceView> for Standing {
    fn from(v: PublicGrievanceView) -> Self {
        let steps = v
            .steps
            .iter()
            .map(|m| {
                let key = match m.outcome {
                    Some(o) => format!("status.step.{}.{}", m.step.as_str(), o.as_str()),
                    None => format!("status.step.{}", m.step.as_str()),
                };
                (key, m.at.with_timezone(&v.zone).date_naive())
            })
            .collect();
        Self {
            status: v.status,
            steps,
            outcome: v.outcome.map(GrievanceOutcome::as_str),
            acknowledge_by: v.acknowledge_by,
            respond_by: v.respond_by,
        }
    }
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

async fn status_lookup(c: Ctx, req: HttpRequest, form: web::Form<StatusForm>) -> HttpResponse {
    let result = async {
        let form = form.into_inner();
        c.check_csrf(&form.csrf)?;
        throttle(c.state(), &req, "track").await?;
        let found = workflow::track(&c.state().db, form.code.trim())
            .await?
            .map(Standing::from);
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
