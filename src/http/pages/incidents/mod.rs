//! Incidents on the desk, through the same operations as the API, each in the view the policy
//! gives its reader: a board's list with the form that records one, and each incident's page.

mod page;
mod record_form;
mod shown;
mod typed;

use super::Ctx;
use super::forms::{Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status};
use super::listing::{ListControls, ListQuery, search_field, status_filter};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::incidents::Incident;
use crate::domain::ids::BoardId;
use crate::domain::incident::IncidentStatus;
use crate::domain::listing::Whose;
use crate::error::AppError;
use crate::incidents;
use crate::incidents::workflow;
use crate::org::names::Names;
use actix_web::{HttpResponse, web};
use askama::Template;
use record_form::{RecordForm, record_form};
use typed::Typed;

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
    controls: ListControls,
}

impl IncidentRow {
    fn new(c: &Ctx, i: &Incident) -> Self {
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

/// A page of a list of incidents: the board's, with the form that records one, or those
/// concerning the reader's units.
async fn incidents_page(
    c: &Ctx,
    whose: Whose,
    query: &ListQuery,
    refused: Option<(Refused, &Typed)>,
) -> Result<HttpResponse, AppError> {
    let req = query.browse(whose)?;
    let who = c.principal()?;
    let state = c.state();
    let found = workflow::browse(&state.db, who, req).await?;
    let names = Names::read(&state.db).await?;
    let t = c.t;
    let (refused, typed) = refused.map_or((None, None), |(r, t)| (Some(r), Some(t)));
    let (heading, path, record, summary) = match whose {
        Whose::Board(board) => {
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
            let heading = t.fill1("incidents.board_heading", "board", names.board(board));
            let summary = format!("/api/v1/incidents/summary.csv?board={board}");
            let path = format!("/desk/boards/{board}/incidents");
            (heading, path, record, Some(summary))
        }
        Whose::MyUnits => {
            let heading = t.get("incident.my_heading").to_owned();
            (heading, "/desk/my/incidents".to_owned(), None, None)
        }
    };
    let statuses = IncidentStatus::ALL.iter().map(|s| s.as_str());
    let filters = vec![
        status_filter(c, "incident_status", statuses, &query.status),
        Field::month("month", t.get("list.month")).value(query.month.as_deref().unwrap_or("")),
        Field::select(
            "unit",
            t.get("incidents.unit_filter"),
            Choice::units(&names),
        )
        .value(query.unit.as_deref().unwrap_or("")),
        search_field(c, query),
    ];
    let mut controls = ListControls::new(c, &path, query, filters, &found);
    if let Some(href) = summary {
        controls = controls.download(href, t.get("incidents.download_summary").to_owned());
    }
    Ok(c.render(
        status(refused.as_ref()),
        &IncidentsPage {
            c,
            heading,
            rows: found.items.iter().map(|i| IncidentRow::new(c, i)).collect(),
            record,
            controls,
        },
    ))
}

async fn my_incidents(c: Ctx, query: web::Query<ListQuery>) -> HttpResponse {
    let result = incidents_page(&c, Whose::MyUnits, &query, None).await;
    c.respond(result)
}

async fn board_incidents(
    c: Ctx,
    id: web::Path<BoardId>,
    query: web::Query<ListQuery>,
) -> HttpResponse {
    let result = incidents_page(&c, Whose::Board(id.into_inner()), &query, None).await;
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
    let reshow = async |refused| {
        let query = ListQuery::default();
        incidents_page(&c, Whose::Board(board), &query, Some((refused, &typed))).await
    };
    settle_post(&c, posted, "incident", attempt, reshow).await
}
