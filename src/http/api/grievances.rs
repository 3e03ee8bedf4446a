//! `/api/v1/grievances` for the board and its units, `/api/v1/public/grievances` for anyone.
//!
//! Privacy by construction: each audience gets its own type, and only the secretariat's has
//! fields for the filer's words and identity. `UnitGrievance` and `PublicGrievance` have no such
//! fields at all, so nothing personal can reach a representative or the public by oversight.

use super::auth::client_address;
use super::{ApiErrors, json_time, page_limit, utc};
use crate::auth::policy::{Permission, Principal, authorize, represents};
use crate::db::grievances::{self as store, Contact, Grievance};
use crate::db::{DbConn, units};
use crate::domain::grievance::{FilerStep, GrievanceCategory, GrievanceOutcome, GrievanceStatus};
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::domain::tracking::TrackingCode;
use crate::error::AppError;
use crate::grievances::{self, Dates, Deadlines, FilerView, GrievanceDraft, Step};
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use crate::org::boards;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// What the public sees by tracking code: where the grievance stands, each step it took and
/// when, and how it ended. Privacy by construction: no unit, no words, no person.
#[derive(Serialize, ToSchema)]
pub struct PublicGrievance {
    status: GrievanceStatus,
    /// How it was decided, while it stands decided or closed; null while it is open (also
    /// while an appeal is under way).
    outcome: Option<GrievanceOutcome>,
    /// Every step, oldest first; after an appeal the steps repeat.
    steps: Vec<PublicStep>,
    dates: Dates,
    /// While it awaits acknowledgement: the day by which the board acknowledges it; else null.
    #[serde(serialize_with = "json_time::date_opt")]
    acknowledge_by: Option<NaiveDate>,
    /// While it awaits its first response: the day the response is due; else null (an appeal
    /// sets no new deadline).
    #[serde(serialize_with = "json_time::date_opt")]
    respond_by: Option<NaiveDate>,
}

/// One step of a grievance as its filer follows it.
#[derive(Serialize, ToSchema)]
pub struct PublicStep {
    step: FilerStep,
    #[serde(serialize_with = "json_time::instant")]
    at: DateTime<Utc>,
    /// On a `decided` step: resolved or not_resolved; else null.
    outcome: Option<GrievanceOutcome>,
}

impl From<FilerView> for PublicGrievance {
    fn from(v: FilerView) -> Self {
        Self {
            status: v.status,
            outcome: v.outcome,
            steps: v
                .steps
                .into_iter()
                .map(|m| PublicStep {
                    step: m.step,
                    at: m.at,
                    outcome: m.outcome,
                })
                .collect(),
            dates: v.dates,
            acknowledge_by: v.acknowledge_by,
            respond_by: v.respond_by,
        }
    }
}

/// What a representative sees of a grievance referred to their unit: the secretariat's summary,
/// never the filer's words, place or identity.
#[derive(Serialize, ToSchema)]
pub struct UnitGrievance {
    pub(crate) id: GrievanceId,
    pub(crate) board_id: BoardId,
    pub(crate) category: GrievanceCategory,
    pub(crate) status: GrievanceStatus,
    pub(crate) unit_id: Option<UnitId>,
    pub(crate) unit_summary: String,
    pub(crate) response: String,
    #[serde(serialize_with = "json_time::date")]
    pub(crate) respond_by: NaiveDate,
    pub(crate) response_overdue: bool,
    pub(crate) dates: Dates,
}

/// What the board's members see: the whole case except who filed it.
#[derive(Serialize, ToSchema)]
pub struct BoardGrievance {
    pub(crate) id: GrievanceId,
    pub(crate) board_id: BoardId,
    /// public (the form) or secretariat.
    pub(crate) channel: String,
    pub(crate) category: GrievanceCategory,
    pub(crate) description: String,
    pub(crate) location: String,
    pub(crate) alleged_unit_id: Option<UnitId>,
    pub(crate) status: GrievanceStatus,
    pub(crate) unit_id: Option<UnitId>,
    pub(crate) unit_summary: String,
    pub(crate) response: String,
    #[serde(serialize_with = "json_time::date")]
    pub(crate) acknowledge_by: NaiveDate,
    #[serde(serialize_with = "json_time::date")]
    pub(crate) respond_by: NaiveDate,
    pub(crate) acknowledgement_overdue: bool,
    pub(crate) response_overdue: bool,
    pub(crate) dates: Dates,
    #[serde(serialize_with = "json_time::instant")]
    pub(crate) updated_at: DateTime<Utc>,
}

/// The secretariat's view: the case and, when given, how to reach the filer.
#[derive(Serialize, ToSchema)]
pub struct SecretariatGrievance {
    #[serde(flatten)]
    pub(crate) case: BoardGrievance,
    pub(crate) contact: Option<ContactInput>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[serde(default)]
    #[schema(max_length = 200, format = "text")]
    pub(crate) name: String,
    #[serde(default)]
    #[schema(max_length = 40, format = "text")]
    pub(crate) phone: String,
    #[serde(default)]
    #[schema(max_length = 254, format = "text")]
    pub(crate) email: String,
}

/// One grievance as a given principal may see it; `view` says which.
#[derive(Serialize, ToSchema)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum GrievanceView {
    Secretariat(SecretariatGrievance),
    Board(BoardGrievance),
    Unit(UnitGrievance),
}

fn board_view(
    g: Grievance,
    dates: Dates,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> BoardGrievance {
    let (ack_late, response_late) = grievances::lateness(&g, zone, now);
    BoardGrievance {
        id: g.id,
        board_id: g.board_id,
        channel: g.channel,
        category: g.category,
        description: g.description,
        location: g.location,
        alleged_unit_id: g.alleged_unit_id,
        status: g.status,
        unit_id: g.unit_id,
        unit_summary: g.unit_summary,
        response: g.response,
        acknowledge_by: g.ack_due,
        respond_by: g.response_due,
        acknowledgement_overdue: ack_late,
        response_overdue: response_late,
        dates,
        updated_at: utc(g.updated_at),
    }
}

fn unit_view(g: Grievance, dates: Dates, zone: chrono_tz::Tz, now: DateTime<Utc>) -> UnitGrievance {
    let (_, response_late) = grievances::lateness(&g, zone, now);
    UnitGrievance {
        id: g.id,
        board_id: g.board_id,
        category: g.category,
        status: g.status,
        unit_id: g.unit_id,
        unit_summary: g.unit_summary,
        response: g.response,
        respond_by: g.response_due,
        response_overdue: response_late,
        dates,
    }
}

/// The view of `g` this principal may have, or `None`.
fn view_for(
    conn: &mut DbConn,
    who: &Principal,
    g: Grievance,
    now: DateTime<Utc>,
) -> Result<Option<GrievanceView>, AppError> {
    let zone = boards::find(conn, g.board_id)?.zone();
    let dates = grievances::dates(&store::events_of(conn, g.id)?);
    if authorize(Some(who), Permission::ManageGrievances(g.board_id)).is_ok() {
        let contact = store::contact(conn, g.id)?.map(|c: Contact| ContactInput {
            name: c.name,
            phone: c.phone,
            email: c.email,
        });
        return Ok(Some(GrievanceView::Secretariat(SecretariatGrievance {
            case: board_view(g, dates, zone, now),
            contact,
        })));
    }
    if authorize(Some(who), Permission::ReadGrievances(g.board_id)).is_ok() {
        return Ok(Some(GrievanceView::Board(board_view(g, dates, zone, now))));
    }
    let referred_to_mine = match g.unit_id {
        Some(unit) => represents(who, &units::tree(conn)?.chain(unit)),
        None => false,
    };
    Ok(referred_to_mine.then(|| GrievanceView::Unit(unit_view(g, dates, zone, now))))
}

pub(crate) fn rules(state: &AppState) -> Deadlines {
    Deadlines {
        ack_days: state.settings.grievance_ack_days,
        response_days: state.settings.grievance_response_days,
        holidays: state.settings.holidays.clone(),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrievanceInput {
    board_id: BoardId,
    category: GrievanceCategory,
    /// What happened, in the filer's words (kept by the secretariat only).
    #[schema(min_length = 1, max_length = 5000, format = "text-not-blank")]
    description: String,
    #[serde(default)]
    #[schema(max_length = 200, format = "text")]
    location: String,
    /// The unit the complaint is about, if known.
    alleged_unit_id: Option<UnitId>,
    /// How to reach the filer, if they wish (kept by the secretariat only).
    contact: Option<ContactInput>,
}

fn draft(b: GrievanceInput) -> GrievanceDraft {
    let c = b.contact.unwrap_or_default();
    GrievanceDraft {
        board_id: b.board_id,
        category: b.category,
        description: b.description,
        location: b.location,
        alleged_unit_id: b.alleged_unit_id,
        contact: grievances::contact(&c.name, &c.phone, &c.email),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Filed {
    /// Keep it: it is the only way to follow the grievance, and it is shown only this once.
    #[schema(example = "K7PQ-M2XR-94TW")]
    tracking_code: String,
    status: GrievanceStatus,
    #[serde(serialize_with = "json_time::date")]
    acknowledge_by: NaiveDate,
    #[serde(serialize_with = "json_time::date")]
    respond_by: NaiveDate,
}

pub(crate) fn throttle(state: &AppState, req: &HttpRequest, kind: &str) -> Result<(), AppError> {
    let client = client_address(req, state.settings.trust_proxy);
    state
        .public_limiter
        .admit(kind, &client, state.clock.now())
        .map_err(|retry_after_secs| AppError::TooManyRequests {
            message: "too many requests from this address: wait and try again".into(),
            retry_after_secs,
        })
}

/// Anyone may file a grievance, without an account. The answer carries the tracking code.
#[utoipa::path(tag = "public", request_body = GrievanceInput,
    responses((status = 201, body = Filed), ApiErrors))]
#[post("/grievances")]
pub async fn file_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<GrievanceInput>,
) -> Result<HttpResponse, AppError> {
    throttle(&state, &req, "file")?;
    let (rules, now) = (rules(&state), state.clock.now());
    let draft = draft(body.into_inner());
    let (g, code) = state
        .db
        .write(move |conn| {
            grievances::file(
                conn,
                &crate::audit::Actor::system("public grievance form"),
                "public",
                draft,
                &rules,
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(Filed {
        tracking_code: code.to_string(),
        status: g.status,
        acknowledge_by: g.ack_due,
        respond_by: g.response_due,
    }))
}

/// Where a grievance stands, by tracking code: its status, steps with their dates and how it
/// ended. A wrong code and one that never existed get the same answer.
#[utoipa::path(tag = "public", responses((status = 200, body = PublicGrievance), ApiErrors))]
#[get("/grievances/{code}")]
pub async fn track(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
) -> Result<web::Json<PublicGrievance>, AppError> {
    throttle(&state, &req, "track")?;
    let unknown = || AppError::not_found("no grievance has this tracking code");
    let code = TrackingCode::parse(&code.into_inner()).ok_or_else(unknown)?;
    let found = state
        .db
        .read(move |conn| grievances::for_filer(conn, &code))
        .await?;
    found.map(|view| web::Json(view.into())).ok_or_else(unknown)
}

/// The secretariat records a grievance received in person, by phone or by letter.
#[utoipa::path(tag = "grievances", request_body = GrievanceInput,
    responses((status = 201, body = Filed), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("")]
pub async fn file(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<GrievanceInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    authorize(Some(&who.0), Permission::ManageGrievances(b.board_id))?;
    let (rules, now, actor) = (rules(&state), state.clock.now(), who.0.actor());
    let draft = draft(b);
    let (g, code) = state
        .db
        .write(move |conn| grievances::file(conn, &actor, "secretariat", draft, &rules, now))
        .await?;
    Ok(HttpResponse::Created().json(Filed {
        tracking_code: code.to_string(),
        status: g.status,
        acknowledge_by: g.ack_due,
        respond_by: g.response_due,
    }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    board: Option<i64>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    after: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct GrievancePage {
    items: Vec<GrievanceView>,
    next_after: Option<GrievanceId>,
}

/// Grievances the caller may see, in id order: the board's (with the filer only for the
/// secretariat), or those referred to the caller's units.
#[utoipa::path(tag = "grievances", params(ListQuery),
    responses((status = 200, body = GrievancePage), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: Credentials,
    query: web::Query<ListQuery>,
) -> Result<web::Json<GrievancePage>, AppError> {
    let q = query.into_inner();
    let limit = page_limit(q.limit, 50, 200)?;
    let now = state.clock.now();
    let items = who
        .read(move |conn, who| visible_list(conn, who, q.board, q.after, limit, now))
        .await?;
    let next_after = (items.len() as i64 == limit)
        .then(|| items.last().map(view_id))
        .flatten();
    Ok(web::Json(GrievancePage { items, next_after }))
}

/// The grievances a principal may see, in id order, each in the view their role allows.
pub(crate) fn visible_list(
    conn: &mut DbConn,
    who: &Principal,
    board: Option<i64>,
    after: Option<i64>,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Vec<GrievanceView>, AppError> {
    let tree = units::tree(conn)?;
    let mut boards: Vec<BoardId> = who.boards().collect();
    if let Some(b) = board {
        boards.retain(|x| x.0 == b);
    }
    let units: Vec<UnitId> = who
        .represented_units()
        .flat_map(|u| tree.subtree(u))
        .collect();
    let after = after.map(GrievanceId);
    let mut found: Vec<Grievance> = if who.is_admin {
        let only = board.map(|b| vec![BoardId(b)]);
        store::list(conn, only.as_deref(), None, after, limit)?
    } else {
        let mut all = store::list(conn, Some(&boards), None, after, limit)?;
        if !units.is_empty() {
            all.extend(store::list(conn, None, Some(&units), after, limit)?);
        }
        all
    };
    found.sort_by_key(|g| g.id);
    found.dedup_by_key(|g| g.id);
    let mut out = Vec::new();
    for g in found.into_iter().take(usize::try_from(limit).unwrap_or(50)) {
        if let Some(v) = view_for(conn, who, g, now)? {
            out.push(v);
        }
    }
    Ok(out)
}

fn view_id(v: &GrievanceView) -> GrievanceId {
    match v {
        GrievanceView::Secretariat(s) => s.case.id,
        GrievanceView::Board(b) => b.id,
        GrievanceView::Unit(u) => u.id,
    }
}

pub(crate) async fn visible(
    state: &AppState,
    who: &Principal,
    id: GrievanceId,
) -> Result<(Grievance, GrievanceView), AppError> {
    let (who, now) = (who.clone(), state.clock.now());
    state
        .db
        .read(move |conn| visible_in(conn, &who, id, now))
        .await
}

fn visible_in(
    conn: &mut DbConn,
    who: &Principal,
    id: GrievanceId,
    now: DateTime<Utc>,
) -> Result<(Grievance, GrievanceView), AppError> {
    let g = grievances::find(conn, id)?;
    match view_for(conn, who, g.clone(), now)? {
        Some(v) => Ok((g, v)),
        None => Err(AppError::not_found(format!("no grievance with id {id}"))),
    }
}

#[utoipa::path(tag = "grievances", responses((status = 200, body = GrievanceView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: Credentials,
    id: web::Path<i64>,
) -> Result<web::Json<GrievanceView>, AppError> {
    let (id, now) = (GrievanceId(id.into_inner()), state.clock.now());
    let (_, view) = who
        .read(move |conn, who| visible_in(conn, who, id, now))
        .await?;
    Ok(web::Json(view))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrievanceStep {
    /// The next status. A representative may only answer (`responded`, with `response`).
    pub(crate) status: Option<GrievanceStatus>,
    /// `true` records an appeal: a decided or closed grievance goes back to the unit.
    #[serde(default)]
    pub(crate) appeal: bool,
    #[serde(default)]
    #[schema(max_length = 5000, format = "text")]
    pub(crate) note: String,
    /// With `referred`: the unit.
    pub(crate) unit_id: Option<UnitId>,
    /// With `referred`: what the unit is told, without who filed it.
    #[schema(max_length = 5000, format = "text")]
    pub(crate) unit_summary: Option<String>,
    /// With `responded`: the unit's answer.
    #[schema(max_length = 5000, format = "text")]
    pub(crate) response: Option<String>,
}

/// Moves a grievance along its lifecycle.
#[utoipa::path(tag = "grievances", request_body = GrievanceStep,
    responses((status = 200, body = GrievanceView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<GrievanceStep>,
) -> Result<web::Json<GrievanceView>, AppError> {
    let gid = GrievanceId(id.into_inner());
    step_as(&state, &who.0, gid, body.into_inner()).await?;
    let (_, view) = visible(&state, &who.0, gid).await?;
    Ok(web::Json(view))
}

/// Moves a grievance along: the secretariat any step, the unit it was referred to its answer.
pub(crate) async fn step_as(
    state: &AppState,
    who: &Principal,
    id: GrievanceId,
    b: GrievanceStep,
) -> Result<(), AppError> {
    let (g, _) = visible(state, who, id).await?;
    if authorize(Some(who), Permission::ManageGrievances(g.board_id)).is_err() {
        let answering = b.status == Some(GrievanceStatus::Responded)
            && !b.appeal
            && b.unit_id.is_none()
            && b.unit_summary.is_none();
        let tree = state.db.read(units::tree).await?;
        let own_unit = g.unit_id.is_some_and(|u| represents(who, &tree.chain(u)));
        if !(answering && own_unit) {
            return Err(AppError::Forbidden(
                "only the secretariat moves a grievance along; its unit may answer it".into(),
            ));
        }
    }
    let step = Step {
        status: b.status,
        appeal: b.appeal,
        note: b.note,
        unit_id: b.unit_id,
        unit_summary: b.unit_summary,
        response: b.response,
    };
    let (actor, now, gid) = (who.actor(), state.clock.now(), g.id);
    state
        .db
        .write(move |conn| grievances::step(conn, &actor, gid, step, now))
        .await?;
    Ok(())
}
