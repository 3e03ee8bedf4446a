//! `/api/v1/incidents`: civilian-harm incidents for the board, the units concerned, and an
//! aggregated CSV. Each handler calls the operation of [`crate::incidents::workflow`]; what each
//! audience sees is in [`crate::incidents::views`].

use super::{nullable, page_limit};
use crate::db::incidents::{Identity, Perpetrator, Source, VictimCount};
use crate::domain::ids::{BoardId, IncidentId, UnitId};
use crate::domain::incident::{Harm, IncidentStatus, ResponseKind, Severity};
use crate::error::AppError;
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use crate::incidents::input::{self, Coordinates, IncidentInput};
use crate::incidents::views::{IncidentPage, IncidentView};
use crate::incidents::{Corrections, IncidentChange, workflow};
use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Documents an incident. At or above the early-warning severity, the board's secretaries and
/// the units concerned are told at once.
#[utoipa::path(tag = "incidents", request_body = IncidentInput,
    responses((status = 201, body = IncidentView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<IncidentInput>,
) -> Result<HttpResponse, AppError> {
    let (warn_from, now) = (state.settings.early_warning_severity, state.clock.now());
    let view = workflow::record(&state.db, &who.0, body.into_inner(), warn_from, now).await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    board: Option<i64>,
    status: Option<IncidentStatus>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// The `next_after` of the previous page.
    after: Option<i64>,
}

/// Incidents the caller may see, in id order: their boards' (admins: all), and those concerning
/// the units they represent.
#[utoipa::path(tag = "incidents", params(ListQuery),
    responses((status = 200, body = IncidentPage)))]
#[get("")]
pub async fn list(
    who: Credentials,
    query: web::Query<ListQuery>,
) -> Result<web::Json<IncidentPage>, AppError> {
    let q = query.into_inner();
    let q = workflow::ListQuery {
        board: q.board.map(BoardId),
        status: q.status,
        after: q.after.map(IncidentId),
        limit: page_limit(q.limit, 50, 200)?,
    };
    Ok(web::Json(
        who.read(move |conn, who| workflow::list_in(conn, who, q))
            .await?,
    ))
}

#[utoipa::path(tag = "incidents", responses((status = 200, body = IncidentView)))]
#[get("/{id}")]
pub async fn show(
    who: Credentials,
    id: web::Path<i64>,
) -> Result<web::Json<IncidentView>, AppError> {
    let id = IncidentId(id.into_inner());
    Ok(web::Json(
        who.read(move |conn, who| workflow::show_in(conn, who, id))
            .await?,
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    kind: ResponseKind,
    /// What the security sector did.
    #[schema(min_length = 1, max_length = 20000, format = "text-not-blank")]
    text: String,
}

/// Corrections replace what they name (lists whole); `response` records what the security
/// sector did; `status` takes the next step. All or nothing.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct IncidentPatch {
    occurred_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    occurred_time: Option<Option<String>>,
    #[schema(min_length = 1, max_length = 100, format = "single-line")]
    region: Option<String>,
    #[schema(max_length = 100, format = "single-line-or-blank")]
    province: Option<String>,
    #[schema(max_length = 100, format = "single-line-or-blank")]
    municipality: Option<String>,
    #[schema(min_length = 1, max_length = 2000, format = "text-not-blank")]
    summary: Option<String>,
    severity: Option<Severity>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<UnitId>)]
    unit_id: Option<Option<UnitId>>,
    #[schema(min_items = 1)]
    harms: Option<Vec<Harm>>,
    victims: Option<Vec<VictimCount>>,
    perpetrators: Option<Vec<Perpetrator>>,
    #[schema(max_length = 20000, format = "text")]
    narrative: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Coordinates>)]
    coordinates: Option<Option<Coordinates>>,
    victim_identities: Option<Vec<Identity>>,
    sources: Option<Vec<Source>>,
    /// What the security sector did; a representative of a unit concerned may record it.
    response: Option<ResponseInput>,
    /// The next step (not `response_recorded`: that follows a response).
    status: Option<IncidentStatus>,
    #[serde(default)]
    #[schema(max_length = 5000, format = "text")]
    note: String,
}

impl IncidentPatch {
    fn into_change(self) -> Result<IncidentChange, AppError> {
        Ok(IncidentChange {
            corrections: Corrections {
                occurred_on: self.occurred_on,
                occurred_time: self
                    .occurred_time
                    .map(|t| t.as_deref().map(input::parse_time).transpose())
                    .transpose()?,
                region: self.region,
                province: self.province,
                municipality: self.municipality,
                summary: self.summary,
                severity: self.severity,
                unit_id: self.unit_id,
                harms: self.harms,
                victims: self.victims,
                perpetrators: self.perpetrators,
                narrative: self.narrative,
                coordinates: self
                    .coordinates
                    .map(|c| c.map(|c| (c.latitude, c.longitude))),
                identities: self.victim_identities,
                sources: self.sources,
            },
            response: self.response.map(|r| (r.kind, r.text)),
            status: self.status,
            note: self.note,
        })
    }
}

/// Corrects an incident, records a response or moves it along. The secretariat does all three;
/// a representative of a unit concerned may only record a response.
#[utoipa::path(tag = "incidents", request_body = IncidentPatch,
    responses((status = 200, body = IncidentView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<IncidentPatch>,
) -> Result<web::Json<IncidentView>, AppError> {
    let (id, change) = (IncidentId(id.into_inner()), body.into_inner().into_change());
    let (warn_from, now) = (state.settings.early_warning_severity, state.clock.now());
    let view = workflow::change(&state.db, &who.0, id, change, warn_from, now).await?;
    Ok(web::Json(view))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    /// One board; by default every board the caller sits on (admins: all).
    board: Option<i64>,
    /// First month, `YYYY-MM`; by default eleven months before `to`.
    #[param(pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")]
    from: Option<String>,
    /// Last month, `YYYY-MM`; by default the current month.
    #[param(pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")]
    to: Option<String>,
}

/// Incident counts by month, region, harm and alleged perpetrator, as CSV: aggregates only,
/// counts below the small-count threshold shown as `<N`.
#[utoipa::path(tag = "incidents", params(SummaryQuery),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
#[get("/summary.csv")]
pub async fn summary_csv(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<SummaryQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let q = workflow::SummaryQuery {
        board: q.board.map(BoardId),
        from: q.from,
        to: q.to,
    };
    let threshold = state.settings.small_count_threshold;
    let body = workflow::summary_csv(&state.db, &who.0, q, threshold, state.clock.now()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"incident-summary.csv\"",
        ))
        .body(body))
}
