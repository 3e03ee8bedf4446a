//! Incidents on the desk, through the same operations as the API, each in the view the policy
//! gives its reader.

use super::Ctx;
use super::desk::Names;
use super::forms::{Field, FormView, Posted, Refused, settle_post, status};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::incident::{Harm, Severity};
use crate::error::AppError;
use crate::incidents::{self, input::RecordIncidentRequest};
use actix_web::{HttpResponse, web};
use askama::Template;

const LISTED: i64 = 200;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/desk/boards/{id}/incidents",
        web::get().to(board_incidents),
    )
    .route(
        "/desk/boards/{id}/incidents",
        web::post().to(record_incident),
    );
}

struct IncidentRow {
    id: i64,
    occurred_on: String,
    place: String,
    summary: String,
    severity: String,
    status: String,
}

#[derive(Template)]
#[template(path = "desk/incidents.html")]
struct IncidentsPage<'a> {
    c: &'a Ctx,
    heading: String,
    rows: Vec<IncidentRow>,
    record: Option<FormView>,
}

async fn incidents_page(
    c: &Ctx,
    board: BoardId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let state = c.state();
    let found = incidents::workflow::of_board(&state.db, who, board, LISTED).await?;
    let names = state.db.read(Names::load).await?;
    let t = c.t;
    let record = authorize(Some(who), Permission::RecordIncidents(board))
        .is_ok()
        .then(|| {
            FormView::new(
                "incident",
                t.get("incidents.new"),
                format!("/desk/boards/{board}/incidents"),
                t.get("incidents.record"),
            )
            .field(Field::date("occurred_on", t.get("incidents.occurred_on")).required())
            .field(Field::text("region", t.get("incidents.region")).required())
            .field(Field::text("province", t.get("incidents.province")))
            .field(Field::text("municipality", t.get("incidents.municipality")))
            .field(
                Field::long("summary", t.get("incidents.summary"))
                    .hint(t.get("incidents.summary_hint"))
                    .required(),
            )
            .field(
                Field::select(
                    "harms",
                    t.get("incidents.harm"),
                    c.choices("harm", Harm::ALL, Harm::as_str),
                )
                .required(),
            )
            .field(
                Field::select(
                    "severity",
                    t.get("incidents.severity"),
                    c.choices("severity", Severity::ALL, Severity::as_str),
                )
                .value("moderate")
                .required(),
            )
            .field(Field::select(
                "unit_id",
                t.get("incidents.unit"),
                names.unit_choices(),
            ))
            .field(
                Field::long("narrative", t.get("incidents.narrative"))
                    .hint(t.get("incidents.narrative_hint")),
            )
            .settle(refused.as_ref())
        });
    Ok(c.render(
        status(refused.as_ref()),
        &IncidentsPage {
            c,
            heading: t.fill1("incidents.board_heading", "board", names.board(board)),
            rows: found
                .into_iter()
                .rev()
                .map(|i| IncidentRow {
                    id: i.id.0,
                    occurred_on: i.occurred_on.to_string(),
                    place: [i.municipality, i.province, i.region]
                        .into_iter()
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                    summary: i.summary,
                    severity: c.word("severity", i.severity.as_str()),
                    status: c.word("incident_status", i.status.as_str()),
                })
                .collect(),
            record,
        },
    ))
}

async fn board_incidents(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = incidents_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn record_incident(
    c: Ctx,
    id: web::Path<BoardId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let board = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let input = RecordIncidentRequest {
            board_id: board,
            occurred_on: posted.date("occurred_on")?,
            occurred_time: None,
            region: posted.get("region").to_owned(),
            province: posted.get("province").to_owned(),
            municipality: posted.get("municipality").to_owned(),
            summary: posted.get("summary").to_owned(),
            severity: posted.choice("severity")?,
            unit_id: posted.opt_id("unit_id")?.map(UnitId),
            harms: vec![posted.choice("harms")?],
            victims: Vec::new(),
            perpetrators: Vec::new(),
            narrative: posted.get("narrative").to_owned(),
            coordinates: None,
            victim_identities: Vec::new(),
            sources: Vec::new(),
        };
        let state = c.state();
        let warn_from = state.settings.early_warning_severity;
        incidents::workflow::record(&state.db, who, input, warn_from, state.clock.now()).await?;
        Ok(format!("/desk/boards/{board}/incidents"))
    };
    let reshow = async |refused| incidents_page(&c, board, Some(refused)).await;
    settle_post(&c, form, "incident", attempt, reshow).await
}
