//! One incident's page, in the view the policy gives its reader (`incidents::views`): the
//! secretariat sees and corrects everything and takes the lifecycle's steps, the board's people
//! read the board's view, a unit concerned reads what it must answer for and records its
//! response. Every form calls `incidents::workflow::change`, as `PATCH /api/v1/incidents/{id}`.

use super::Ctx;
use super::record_form::{RecordForm, record_form};
use super::shown::{Shown, shown};
use super::typed::{Typed, correction};
use crate::auth::policy::Principal;
use crate::domain::ids::IncidentId;
use crate::domain::incident::{IncidentStatus, ResponseKind};
use crate::error::AppError;
use crate::http::pages::forms::{
    Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status,
};
use crate::incidents::input::{ChangeIncidentRequest, RecordResponseRequest};
use crate::incidents::views::IncidentView;
use crate::incidents::workflow::{self, IncidentAtHand};
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/desk/incidents/{id}";
    cfg.route(base, web::get().to(show))
        .route(&format!("{base}/step"), web::post().to(step))
        .route(&format!("{base}/response"), web::post().to(respond))
        .route(&format!("{base}/record"), web::post().to(correct));
}

#[derive(Template)]
#[template(path = "desk/incident.html")]
struct IncidentPage<'a> {
    c: &'a Ctx,
    i: Shown,
    zone: String,
    /// Whether the reader sees the board's list (a unit's representative does not).
    board_reader: bool,
    step: Option<FormView>,
    respond: Option<FormView>,
    correct: Option<RecordForm>,
}

async fn incident_page(
    c: &Ctx,
    id: IncidentId,
    refused: Option<Refused>,
    typed: Option<&Typed>,
) -> Result<HttpResponse, AppError> {
    let IncidentAtHand { view, zone, names } =
        workflow::at_hand(&c.state().db, c.principal()?, id).await?;
    let t = c.t;
    let refused = refused.as_ref();
    let current = view.shared().status;
    let base = format!("/desk/incidents/{id}");
    let secretariat = match &view {
        IncidentView::Secretariat(s) => Some(s),
        _ => None,
    };
    let step = secretariat.map(|_| step_form(c, &base, current).settle(refused));
    // Drawn also when it was refused (the incident moved on meanwhile), to say why.
    let answering = current.takes_responses() || refused.is_some_and(|r| r.is_for("response"));
    let answers = !matches!(view, IncidentView::Board(_)) && answering;
    let respond = answers.then(|| response_form(c, &base).settle(refused));
    let correct = secretariat
        .filter(|_| current != IncidentStatus::Closed)
        .map(|s| {
            let frame = FormView::new(
                "correct",
                "",
                format!("{base}/record"),
                t.get("incident.correct_submit"),
            );
            record_form(c, &names, frame, Some(s), typed, refused)
        });
    Ok(c.render(
        status(refused),
        &IncidentPage {
            c,
            i: shown(c, &names, zone, &view),
            zone: zone.name().to_owned(),
            board_reader: !matches!(view, IncidentView::Unit(_)),
            step,
            respond,
            correct,
        },
    ))
}

/// The secretariat's: the lifecycle's next step from `current`, or a note at it.
fn step_form(c: &Ctx, base: &str, current: IncidentStatus) -> FormView {
    let t = c.t;
    let next: Vec<Choice> = (current.next_steps().into_iter())
        .map(|s| Choice::new(s.as_str(), c.word("incident_status", s.as_str())))
        .collect();
    FormView::new(
        "step",
        t.get("incident.step"),
        format!("{base}/step"),
        t.get("incident.step_submit"),
    )
    .field(Field::select("status", t.get("incident.next"), next).hint(t.get("incident.next_hint")))
    .field(Field::long("note", t.get("incident.note")))
}

/// What the security sector did, recorded by the unit concerned or the secretariat for it.
fn response_form(c: &Ctx, base: &str) -> FormView {
    let t = c.t;
    let kinds = c.choices("response_kind", ResponseKind::ALL, ResponseKind::as_str);
    FormView::new(
        "response",
        t.get("incident.respond"),
        format!("{base}/response"),
        t.get("incident.respond_submit"),
    )
    .field(Field::select("kind", t.get("incident.response_kind"), kinds).required())
    .field(
        Field::long("response", t.get("incident.response_text"))
            .hint(t.get("incident.response_hint"))
            .required(),
    )
}

async fn show(c: Ctx, id: web::Path<IncidentId>) -> HttpResponse {
    c.respond(incident_page(&c, id.into_inner(), None, None).await)
}

/// A form of the incident's page: its request goes to `workflow::change`; on success back to
/// the page, else the page with the refusal beside the form `name`.
async fn change_form(
    c: &Ctx,
    id: IncidentId,
    posted: Posted,
    name: &str,
    typed: Option<&Typed>,
    request: impl FnOnce(&Posted) -> Result<ChangeIncidentRequest, AppError>,
) -> HttpResponse {
    let attempt = async move |who: &Principal, posted: &Posted| {
        let req = request(posted)?;
        let state = c.state();
        let warn_from = state.settings.early_warning_severity;
        workflow::change(&state.db, who, id, req, warn_from, state.clock.now()).await?;
        Ok(format!("/desk/incidents/{id}"))
    };
    let reshow = async |refused| incident_page(c, id, Some(refused), typed).await;
    settle_post(c, posted, name, attempt, reshow).await
}

/// The next step of the lifecycle, or a note at the current one.
async fn step(c: Ctx, id: web::Path<IncidentId>, form: FormBody) -> HttpResponse {
    let posted = Posted::from(form);
    change_form(&c, id.into_inner(), posted, "step", None, |posted| {
        Ok(ChangeIncidentRequest {
            status: match posted.get("status") {
                "" => None,
                _ => Some(posted.choice("status")?),
            },
            note: posted.get("note").to_owned(),
            ..ChangeIncidentRequest::default()
        })
    })
    .await
}

/// What the security sector did: the unit concerned, or the secretariat for it.
async fn respond(c: Ctx, id: web::Path<IncidentId>, form: FormBody) -> HttpResponse {
    let posted = Posted::from(form);
    change_form(&c, id.into_inner(), posted, "response", None, |posted| {
        Ok(ChangeIncidentRequest {
            response: Some(RecordResponseRequest {
                kind: posted.choice("kind")?,
                text: posted.get("response").to_owned(),
            }),
            ..ChangeIncidentRequest::default()
        })
    })
    .await
}

/// The whole record, corrected by the secretariat.
async fn correct(c: Ctx, id: web::Path<IncidentId>, form: FormBody) -> HttpResponse {
    let posted = Posted::from(form);
    let typed = Typed::read(&posted);
    let request = |posted: &Posted| correction(posted, &typed);
    change_form(
        &c,
        id.into_inner(),
        posted,
        "correct",
        Some(&typed),
        request,
    )
    .await
}
