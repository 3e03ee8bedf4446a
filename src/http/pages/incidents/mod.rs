//! Incidents on the desk, through the same operations as the API, each in the view the policy
//! gives its reader: a board's list with the form that records one, and each incident's page.

mod page;
mod record_form;
mod shown;
mod typed;

use super::Ctx;
use super::desk::Names;
use super::forms::{FormBody, FormView, Posted, Refused, settle_post, status};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::domain::ids::BoardId;
use crate::error::AppError;
use crate::incidents;
use crate::incidents::input::ListIncidentsRequest;
use crate::incidents::views::{IncidentView, SharedIncident};
use actix_web::{HttpResponse, web};
use askama::Template;
use record_form::{RecordForm, record_form};
use typed::Typed;

const LISTED: i64 = 200;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/desk/boards/{id}/incidents",
        web::get().to(board_incidents),
    )
    .route(
        "/desk/boards/{id}/incidents",
        web::post().to(record_incident),
    )
    .route("/desk/my/incidents", web::get().to(my_incidents))
    .configure(page::routes);
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
    record: Option<RecordForm>,
}

impl IncidentRow {
    fn new(c: &Ctx, i: &SharedIncident) -> Self {
        Self {
            id: i.id.0,
            occurred_on: i.occurred_on.to_string(),
            place: place([&i.municipality, &i.province, &i.region]),
            summary: i.summary.clone(),
            severity: c.word("severity", i.severity.as_str()),
            status: c.word("incident_status", i.status.as_str()),
        }
    }
}

/// A place as people write it: the municipality first, what is known of it.
fn place(parts: [&str; 3]) -> String {
    let known: Vec<&str> = parts.into_iter().filter(|x| !x.is_empty()).collect();
    known.join(", ")
}

async fn incidents_page(
    c: &Ctx,
    board: BoardId,
    refused: Option<(Refused, &Typed)>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let state = c.state();
    let found = incidents::workflow::of_board(&state.db, who, board, LISTED).await?;
    let names = state.db.read(Names::load).await?;
    let t = c.t;
    let (refused, typed) = refused.map_or((None, None), |(r, t)| (Some(r), Some(t)));
    let record = authorize(Some(who), Permission::RecordIncidents(board))
        .is_ok()
        .then(|| {
            let frame = FormView::new(
                "incident",
                t.get("incidents.new"),
                format!("/desk/boards/{board}/incidents"),
                t.get("incidents.record"),
            );
            record_form(c, &names, frame, None, typed, refused.as_ref())
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
                    place: place([&i.municipality, &i.province, &i.region]),
                    summary: i.summary,
                    severity: c.word("severity", i.severity.as_str()),
                    status: c.word("incident_status", i.status.as_str()),
                })
                .collect(),
            record,
        },
    ))
}

/// The incidents concerning the units the reader represents, each in the unit's view.
async fn my_incidents(c: Ctx) -> HttpResponse {
    let result = async {
        let who = c.principal()?.clone();
        let everyone = ListIncidentsRequest::default();
        let found = (c.state().db)
            .read(move |conn| incidents::workflow::list_in(conn, &who, everyone, LISTED))
            .await?;
        let rows = (found.items.iter().rev())
            .filter(|v| matches!(v, IncidentView::Unit(_)))
            .map(|v| IncidentRow::new(&c, v.shared()))
            .collect();
        let heading = c.t.get("incident.my_heading").to_owned();
        let record = None;
        Ok(c.ok(&IncidentsPage {
            c: &c,
            heading,
            rows,
            record,
        }))
    };
    c.respond(result.await)
}

async fn board_incidents(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = incidents_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn record_incident(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let (board, posted) = (id.into_inner(), Posted::from(form));
    let typed = Typed::read(&posted);
    let attempt = async |who: &Principal, posted: &Posted| {
        let input = typed::record(board, posted, &typed)?;
        let state = c.state();
        let warn_from = state.settings.early_warning_severity;
        let view = incidents::workflow::record(&state.db, who, input, warn_from, state.clock.now())
            .await?;
        Ok(format!("/desk/incidents/{}", view.shared().id))
    };
    let reshow = async |refused| incidents_page(&c, board, Some((refused, &typed))).await;
    settle_post(&c, posted, "incident", attempt, reshow).await
}
