//! `/api/v1/incidents`: civilian-harm incidents for the board, the units concerned, and an
//! aggregated CSV.
//!
//! Privacy by construction: `SharedIncident`, all a representative gets, has no field for the
//! narrative, the coordinates, the victims' identities or the sources; the board's members get
//! the sources' grades only; the secretariat's view alone carries the confidential parts.

use super::{ApiErrors, json_time, nullable, page_limit, utc};
use crate::auth::policy::{Permission, Principal, authorize, represents};
use crate::db::incidents::{
    self as store, Event, Identity, Incident, Parts, Perpetrator, Secret, Source, VictimCount,
};
use crate::db::{DbConn, units};
use crate::domain::Invalid;
use crate::domain::ids::{BoardId, IncidentId, UnitId};
use crate::domain::incident::{
    Harm, IncidentStatus, Reliability, ResponseKind, Severity, SourceKind,
};
use crate::domain::period::Period;
use crate::error::AppError;
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use crate::incidents::{self, Corrections, IncidentChange, IncidentDraft, summary};
use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    #[schema(minimum = -90, maximum = 90)]
    latitude: f64,
    #[schema(minimum = -180, maximum = 180)]
    longitude: f64,
}

/// A source as the board's members see it: how good it is, not who it is.
#[derive(Serialize, ToSchema)]
pub struct SourceGrade {
    kind: SourceKind,
    reliability: Reliability,
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    kind: ResponseKind,
    /// What the security sector did.
    #[schema(min_length = 1, max_length = 20000, format = "text-not-blank")]
    text: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResponseView {
    kind: ResponseKind,
    text: String,
    #[serde(serialize_with = "json_time::instant")]
    at: DateTime<Utc>,
}

/// When each step was first reached.
#[derive(Serialize, ToSchema, Default)]
pub struct IncidentDates {
    #[serde(serialize_with = "json_time::instant_opt")]
    reported_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::instant_opt")]
    assessed_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::instant_opt")]
    investigation_opened_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::instant_opt")]
    response_recorded_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::instant_opt")]
    closed_at: Option<DateTime<Utc>>,
}

fn dates(events: &[Event]) -> IncidentDates {
    use IncidentStatus::*;
    let first = |wanted: &[IncidentStatus]| {
        events
            .iter()
            .find(|e| wanted.contains(&e.status))
            .map(|e| utc(e.at))
    };
    IncidentDates {
        reported_at: first(&[Reported]),
        assessed_at: first(&[Credible, NotCredible]),
        investigation_opened_at: first(&[UnderInvestigation]),
        response_recorded_at: first(&[ResponseRecorded]),
        closed_at: first(&[Closed]),
    }
}

/// What anyone allowed to see an incident sees, the unit concerned included: no names, no
/// narrative, no coordinates, no sources.
#[derive(Serialize, ToSchema)]
pub struct SharedIncident {
    id: IncidentId,
    board_id: BoardId,
    #[serde(serialize_with = "json_time::date")]
    occurred_on: NaiveDate,
    /// Local `HH:MM`, when known.
    occurred_time: Option<String>,
    region: String,
    province: String,
    municipality: String,
    summary: String,
    severity: Severity,
    status: IncidentStatus,
    /// The unit expected to respond.
    unit_id: Option<UnitId>,
    harms: Vec<Harm>,
    victims: Vec<VictimCount>,
    perpetrators: Vec<Perpetrator>,
    responses: Vec<ResponseView>,
    dates: IncidentDates,
    #[serde(serialize_with = "json_time::instant")]
    updated_at: DateTime<Utc>,
}

/// The board's members' view: the shared record and how reliable its sources are.
#[derive(Serialize, ToSchema)]
pub struct BoardIncident {
    #[serde(flatten)]
    shared: SharedIncident,
    sources: Vec<SourceGrade>,
}

#[derive(Serialize, ToSchema)]
pub struct StepView {
    status: IncidentStatus,
    note: String,
    #[serde(serialize_with = "json_time::instant")]
    at: DateTime<Utc>,
}

/// The secretariat's view: everything, the confidential parts included.
#[derive(Serialize, ToSchema)]
pub struct SecretariatIncident {
    #[serde(flatten)]
    shared: SharedIncident,
    narrative: String,
    coordinates: Option<Coordinates>,
    victim_identities: Vec<Identity>,
    sources: Vec<Source>,
    steps: Vec<StepView>,
}

/// One incident as a given principal may see it; `view` says which.
#[derive(Serialize, ToSchema)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum IncidentView {
    Secretariat(SecretariatIncident),
    Board(BoardIncident),
    Unit(SharedIncident),
}

fn shared(
    i: Incident,
    parts: Parts,
    responses: Vec<ResponseView>,
    dates: IncidentDates,
) -> SharedIncident {
    SharedIncident {
        id: i.id,
        board_id: i.board_id,
        occurred_on: i.occurred_on,
        occurred_time: i.occurred_time.map(|t| t.format("%H:%M").to_string()),
        region: i.region,
        province: i.province,
        municipality: i.municipality,
        summary: i.summary,
        severity: i.severity,
        status: i.status,
        unit_id: i.unit_id,
        harms: parts.harms,
        victims: parts.victims,
        perpetrators: parts.perpetrators,
        responses,
        dates,
        updated_at: utc(i.updated_at),
    }
}

/// Whether the principal represents a unit the incident concerns (or a unit above one).
fn concerns_mine(
    conn: &mut DbConn,
    who: &Principal,
    i: &Incident,
    parts: &Parts,
) -> Result<bool, AppError> {
    let units = incidents::concerned(i, parts);
    if units.is_empty() || who.represented_units().next().is_none() {
        return Ok(false);
    }
    let tree = units::tree(conn)?;
    Ok(units.into_iter().any(|u| represents(who, &tree.chain(u))))
}

/// The view of `i` this principal may have, or `None`.
fn view_for(
    conn: &mut DbConn,
    who: &Principal,
    i: Incident,
) -> Result<Option<IncidentView>, AppError> {
    let parts = store::parts(conn, i.id)?;
    let manages = authorize(Some(who), Permission::ManageIncidents(i.board_id)).is_ok();
    let reads = manages || authorize(Some(who), Permission::ReadIncidents(i.board_id)).is_ok();
    if !reads && !concerns_mine(conn, who, &i, &parts)? {
        return Ok(None);
    }
    let events = store::events_of(conn, i.id)?;
    let responses = store::responses_of(conn, i.id)?
        .into_iter()
        .map(|r| ResponseView {
            kind: r.kind,
            text: r.text,
            at: utc(r.at),
        })
        .collect();
    let shared = shared(i, parts, responses, dates(&events));
    if !reads {
        return Ok(Some(IncidentView::Unit(shared)));
    }
    let secret = store::secret(conn, shared.id)?;
    if !manages {
        let sources = secret
            .sources
            .into_iter()
            .map(|s| SourceGrade {
                kind: s.kind,
                reliability: s.reliability,
            })
            .collect();
        return Ok(Some(IncidentView::Board(BoardIncident { shared, sources })));
    }
    Ok(Some(IncidentView::Secretariat(SecretariatIncident {
        shared,
        narrative: secret.narrative,
        coordinates: secret.coordinates.map(|(latitude, longitude)| Coordinates {
            latitude,
            longitude,
        }),
        victim_identities: secret.identities,
        sources: secret.sources,
        steps: events
            .into_iter()
            .map(|e| StepView {
                status: e.status,
                note: e.note,
                at: utc(e.at),
            })
            .collect(),
    })))
}

fn parse_time(raw: &str) -> Result<NaiveTime, Invalid> {
    NaiveTime::parse_from_str(raw, "%H:%M").map_err(|_| {
        Invalid::new(
            "occurred_time",
            format!("'{raw}' is not a time of day: write it as HH:MM"),
        )
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
    pub(crate) board_id: BoardId,
    pub(crate) occurred_on: NaiveDate,
    /// Local time of day, `HH:MM`, if known.
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub(crate) occurred_time: Option<String>,
    #[schema(min_length = 1, max_length = 100, format = "single-line")]
    pub(crate) region: String,
    #[serde(default)]
    #[schema(max_length = 100, format = "single-line-or-blank")]
    pub(crate) province: String,
    #[serde(default)]
    #[schema(max_length = 100, format = "single-line-or-blank")]
    pub(crate) municipality: String,
    /// What happened, without names: the unit concerned reads this.
    #[schema(min_length = 1, max_length = 2000, format = "text-not-blank")]
    pub(crate) summary: String,
    pub(crate) severity: Severity,
    /// The unit expected to respond; by default the first unit alleged.
    pub(crate) unit_id: Option<UnitId>,
    #[schema(min_items = 1)]
    pub(crate) harms: Vec<Harm>,
    #[serde(default)]
    pub(crate) victims: Vec<VictimCount>,
    #[serde(default)]
    pub(crate) perpetrators: Vec<Perpetrator>,
    /// The full account (confidential: the secretariat only).
    #[serde(default)]
    #[schema(max_length = 20000, format = "text")]
    pub(crate) narrative: String,
    /// Exact place (confidential).
    pub(crate) coordinates: Option<Coordinates>,
    /// Who the victims are (confidential).
    #[serde(default)]
    pub(crate) victim_identities: Vec<Identity>,
    #[serde(default)]
    pub(crate) sources: Vec<Source>,
}

impl IncidentInput {
    fn into_draft(self) -> Result<IncidentDraft, AppError> {
        Ok(IncidentDraft {
            board_id: self.board_id,
            occurred_on: self.occurred_on,
            occurred_time: self.occurred_time.as_deref().map(parse_time).transpose()?,
            region: self.region,
            province: self.province,
            municipality: self.municipality,
            summary: self.summary,
            severity: self.severity,
            unit_id: self.unit_id,
            parts: Parts {
                harms: self.harms,
                victims: self.victims,
                perpetrators: self.perpetrators,
            },
            secret: Secret {
                narrative: self.narrative,
                coordinates: self.coordinates.map(|c| (c.latitude, c.longitude)),
                identities: self.victim_identities,
                sources: self.sources,
            },
        })
    }
}

async fn shown(
    state: &AppState,
    who: &Principal,
    id: IncidentId,
) -> Result<IncidentView, AppError> {
    let who = who.clone();
    state.db.read(move |conn| shown_in(conn, &who, id)).await
}

fn shown_in(conn: &mut DbConn, who: &Principal, id: IncidentId) -> Result<IncidentView, AppError> {
    let i = incidents::find(conn, id)?;
    view_for(conn, who, i)?.ok_or_else(|| AppError::not_found(format!("no incident with id {id}")))
}

/// Documents an incident. At or above the early-warning severity, the board's secretaries and
/// the units concerned are told at once.
#[utoipa::path(tag = "incidents", request_body = IncidentInput,
    responses((status = 201, body = IncidentView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<IncidentInput>,
) -> Result<HttpResponse, AppError> {
    let incident = record_as(&state, &who.0, body.into_inner()).await?;
    let view = shown(&state, &who.0, incident.id).await?;
    Ok(HttpResponse::Created().json(view))
}

pub(crate) async fn record_as(
    state: &AppState,
    who: &Principal,
    b: IncidentInput,
) -> Result<Incident, AppError> {
    authorize(Some(who), Permission::RecordIncidents(b.board_id))?;
    let draft = b.into_draft()?;
    let (actor, now, warn_from) = (
        who.actor(),
        state.clock.now(),
        state.settings.early_warning_severity,
    );
    state
        .db
        .write(move |conn| incidents::record(conn, &actor, draft, warn_from, now))
        .await
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

#[derive(Serialize, ToSchema)]
pub struct IncidentPage {
    items: Vec<IncidentView>,
    next_after: Option<IncidentId>,
}

/// Incidents the caller may see, in id order: their boards' (admins: all), and those concerning
/// the units they represent.
#[utoipa::path(tag = "incidents", params(ListQuery),
    responses((status = 200, body = IncidentPage), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("")]
pub async fn list(
    who: Credentials,
    query: web::Query<ListQuery>,
) -> Result<web::Json<IncidentPage>, AppError> {
    let q = query.into_inner();
    let limit = page_limit(q.limit, 50, 200)?;
    let (items, last) = who
        .read(move |conn, who| {
            let after = q.after.map(IncidentId);
            let mut found: Vec<Incident> = if who.is_admin {
                let only = q.board.map(|b| vec![BoardId(b)]);
                store::list(conn, only.as_deref(), None, q.status, after, limit)?
            } else {
                let mut boards: Vec<BoardId> = who.boards().collect();
                if let Some(b) = q.board {
                    boards.retain(|x| x.0 == b);
                }
                let mut all = store::list(conn, Some(&boards), None, q.status, after, limit)?;
                let tree = units::tree(conn)?;
                let units: Vec<UnitId> = who
                    .represented_units()
                    .flat_map(|u| tree.subtree(u))
                    .collect();
                if !units.is_empty() {
                    let mut theirs = store::list(conn, None, Some(&units), q.status, after, limit)?;
                    if let Some(b) = q.board {
                        theirs.retain(|i| i.board_id.0 == b);
                    }
                    all.extend(theirs);
                }
                all
            };
            found.sort_by_key(|i| i.id);
            found.dedup_by_key(|i| i.id);
            found.truncate(usize::try_from(limit).unwrap_or(50));
            let last = (found.len() as i64 == limit)
                .then(|| found.last().map(|i| i.id))
                .flatten();
            let mut out = Vec::new();
            for i in found {
                if let Some(v) = view_for(conn, who, i)? {
                    out.push(v);
                }
            }
            Ok::<_, AppError>((out, last))
        })
        .await?;
    Ok(web::Json(IncidentPage {
        items,
        next_after: last,
    }))
}

#[utoipa::path(tag = "incidents", responses((status = 200, body = IncidentView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}")]
pub async fn show(
    who: Credentials,
    id: web::Path<i64>,
) -> Result<web::Json<IncidentView>, AppError> {
    let id = IncidentId(id.into_inner());
    Ok(web::Json(
        who.read(move |conn, who| shown_in(conn, who, id)).await?,
    ))
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
                    .map(|t| t.as_deref().map(parse_time).transpose())
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
    responses((status = 200, body = IncidentView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<IncidentPatch>,
) -> Result<web::Json<IncidentView>, AppError> {
    let id = IncidentId(id.into_inner());
    let view = shown(&state, &who.0, id).await?;
    let change = body.into_inner().into_change()?;
    let board = match &view {
        IncidentView::Secretariat(s) => s.shared.board_id,
        IncidentView::Board(b) => b.shared.board_id,
        IncidentView::Unit(u) => u.board_id,
    };
    if authorize(Some(&who.0), Permission::ManageIncidents(board)).is_err() {
        let unit_answers = matches!(view, IncidentView::Unit(_))
            && change.response.is_some()
            && change.corrections.is_empty()
            && change.status.is_none();
        if !unit_answers {
            return Err(AppError::Forbidden(
                "only the board's secretariat corrects an incident or moves it along; a unit \
                 concerned may record its response"
                    .into(),
            ));
        }
    }
    let (actor, now, warn_from) = (
        who.0.actor(),
        state.clock.now(),
        state.settings.early_warning_severity,
    );
    state
        .db
        .write(move |conn| incidents::change(conn, &actor, id, change, warn_from, now))
        .await?;
    Ok(web::Json(shown(&state, &who.0, id).await?))
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

/// The longest span one summary covers, in months.
const SUMMARY_MONTHS_MAX: u32 = 120;

/// Incident counts by month, region, harm and alleged perpetrator, as CSV: aggregates only,
/// counts below the small-count threshold shown as `<N`.
#[utoipa::path(tag = "incidents", params(SummaryQuery),
    responses((status = 200, description = "CSV", content_type = "text/csv"), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/summary.csv")]
pub async fn summary_csv(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<SummaryQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let now = state.clock.now();
    let to = match q.to.as_deref() {
        Some(raw) => Period::parse_month("to", raw)?,
        None => Period::Month(now.year(), now.month()),
    };
    let from = match q.from.as_deref() {
        Some(raw) => Period::parse_month("from", raw)?,
        None => {
            let start = to
                .first_day()
                .checked_sub_months(Months::new(11))
                .unwrap_or(to.first_day());
            Period::Month(start.year(), start.month())
        }
    };
    let (first, last) = (from.first_day(), to.last_day());
    if first > last {
        return Err(AppError::validation("from", "must not be after `to`"));
    }
    if first
        .checked_add_months(Months::new(SUMMARY_MONTHS_MAX))
        .is_some_and(|limit| last >= limit)
    {
        return Err(AppError::validation(
            "from",
            format!("one summary covers at most {SUMMARY_MONTHS_MAX} months"),
        ));
    }
    let boards: Vec<BoardId> = match q.board.map(BoardId) {
        Some(b) => {
            authorize(Some(&who.0), Permission::ReadIncidents(b))?;
            vec![b]
        }
        None if who.0.is_admin => Vec::new(),
        None => who.0.boards().collect(),
    };
    let threshold = state.settings.small_count_threshold;
    let all_boards = who.0.is_admin && q.board.is_none();
    let rows = state
        .db
        .read(move |conn| {
            let boards = if all_boards {
                crate::db::boards::list(conn)?
                    .into_iter()
                    .map(|b| b.id)
                    .collect()
            } else {
                boards
            };
            let found = store::occurred_between(conn, &boards, first, last)?;
            let ids: Vec<IncidentId> = found.iter().map(|i| i.id).collect();
            let mut parts = store::parts_of(conn, &ids)?;
            let found: Vec<(Incident, Parts)> = found
                .into_iter()
                .map(|i| {
                    let p = parts.remove(&i.id).unwrap_or_default();
                    (i, p)
                })
                .collect();
            let names: HashMap<UnitId, String> = units::list(conn)?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect();
            Ok::<_, AppError>(summary::rows(&found, &names, threshold))
        })
        .await?;
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| AppError::Internal(e.into());
    out.write_record(summary::COLUMNS).map_err(fail)?;
    for row in rows {
        out.write_record(&row).map_err(fail)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"incident-summary.csv\"",
        ))
        .body(body))
}
