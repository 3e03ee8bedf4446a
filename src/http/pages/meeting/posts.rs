//! What the forms of a meeting's page post: each calls the operation the API calls.

use super::meeting_page;
use crate::auth::policy::Principal;
use crate::domain::ids::{AgendaItemId, AttendeeId, DecisionId, MeetingId, UnitId};
use crate::domain::meeting::MinutesStatus;
use crate::domain::refusal;
use crate::error::AppError;
use crate::http::pages::Ctx;
use crate::http::pages::forms::{FormBody, Posted, settle_post};
use crate::meetings::minutes::{self, ChangeMinutesRequest};
use crate::meetings::record::agenda::{self, AgendaItemRequest, Shift};
use crate::meetings::record::attendance::{self, AddAttendeeRequest};
use crate::meetings::record::decisions::{self, DecisionRequest};
use crate::meetings::sessions::{self, ChangeMeetingRequest};
use actix_web::{HttpResponse, web};
use chrono::NaiveTime;

/// A form of the meeting page: on success back to the page, else the page with the refusal
/// beside the form `name`.
async fn record_form(
    c: Ctx,
    id: MeetingId,
    posted: Posted,
    name: String,
    apply: impl AsyncFnOnce(&Ctx, &Principal, &Posted) -> Result<(), AppError>,
) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        apply(&c, who, posted).await?;
        Ok(format!("/desk/meetings/{id}"))
    };
    let reshow = async |refused| meeting_page(&c, id, Some(refused)).await;
    settle_post(&c, posted, name, attempt, reshow).await
}

/// Changes the session, or (a button with `status`) postpones, cancels or reinstates it.
pub(super) async fn schedule(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
    let (id, posted) = (id.into_inner(), Posted::from(form));
    let name = if posted.ticked("status") {
        "status"
    } else {
        "schedule"
    };
    record_form(c, id, posted, name.into(), async |c, who, posted| {
        let req = match posted.ticked("status") {
            true => ChangeMeetingRequest {
                status: Some(posted.choice("status")?),
                ..ChangeMeetingRequest::default()
            },
            false => {
                let date = posted.date("date")?;
                let raw = posted.get("time").trim();
                let time = NaiveTime::parse_from_str(raw, "%H:%M")
                    .map_err(|_| AppError::validation("time", refusal::meeting_time_form(raw)))?;
                let starts = format!("{date}T{}", time.format("%H:%M"));
                ChangeMeetingRequest {
                    title: Some(posted.get("title").to_owned()),
                    starts_local: (starts != posted.get("starts_was")).then_some(starts),
                    duration_minutes: Some(posted.whole("duration_minutes")?),
                    location: Some(posted.get("location").trim().to_owned()),
                    is_public: Some(posted.ticked("is_public")),
                    status: None,
                }
            }
        };
        let now = c.state().clock.now();
        sessions::change(&c.state().db, who, id, req, now)
            .await
            .map(drop)
    })
    .await
}

pub(super) async fn add_agenda_item(
    c: Ctx,
    id: web::Path<MeetingId>,
    form: FormBody,
) -> HttpResponse {
    let (id, posted) = (id.into_inner(), Posted::from(form));
    record_form(c, id, posted, "agenda".into(), async |c, who, posted| {
        let item = AgendaItemRequest {
            id: None::<AgendaItemId>,
            title: posted.get("title").to_owned(),
            description: posted.get("description").to_owned(),
            is_public: posted.ticked("is_public"),
        };
        let now = c.state().clock.now();
        agenda::append(&c.state().db, who, id, item, now)
            .await
            .map(drop)
    })
    .await
}

pub(super) async fn shift_item(
    c: Ctx,
    path: web::Path<(MeetingId, AgendaItemId)>,
    form: FormBody,
) -> HttpResponse {
    let ((id, item), posted) = (path.into_inner(), Posted::from(form));
    record_form(
        c,
        id,
        posted,
        format!("item-{item}"),
        async |c, who, posted| {
            let to = match posted.get("move") {
                "earlier" => Shift::Earlier,
                "later" => Shift::Later,
                "off" => Shift::Off,
                other => {
                    return Err(AppError::validation(
                        "move",
                        refusal::not_one_of("earlier, later, off", other),
                    ));
                }
            };
            let now = c.state().clock.now();
            agenda::shift(&c.state().db, who, id, item, to, now)
                .await
                .map(drop)
        },
    )
    .await
}

pub(super) async fn add_attendee(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
    let (id, posted) = (id.into_inner(), Posted::from(form));
    record_form(
        c,
        id,
        posted,
        "attendance".into(),
        async |c, who, posted| {
            let input = AddAttendeeRequest {
                name: posted.get("name").to_owned(),
                organisation: posted.get("organisation").to_owned(),
                sector: posted.choice("sector")?,
                sex: posted.choice("sex")?,
            };
            let now = c.state().clock.now();
            attendance::add(&c.state().db, who, id, input, now)
                .await
                .map(drop)
        },
    )
    .await
}

pub(super) async fn remove_attendee(
    c: Ctx,
    path: web::Path<(MeetingId, AttendeeId)>,
    form: FormBody,
) -> HttpResponse {
    let ((id, entry), posted) = (path.into_inner(), Posted::from(form));
    record_form(
        c,
        id,
        posted,
        format!("attendee-{entry}"),
        async |c, who, _| {
            let now = c.state().clock.now();
            attendance::remove(&c.state().db, who, id, entry, now).await
        },
    )
    .await
}

/// The decision as the form gives it, to record or to edit.
fn decision_request(posted: &Posted) -> Result<DecisionRequest, AppError> {
    Ok(DecisionRequest {
        text: posted.get("text").to_owned(),
        agenda_item_id: posted.opt_id("agenda_item_id")?.map(AgendaItemId),
        responsible_unit_id: posted.opt_id("responsible_unit_id")?.map(UnitId),
        responsible: posted.get("responsible").to_owned(),
    })
}

pub(super) async fn add_decision(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
    let (id, posted) = (id.into_inner(), Posted::from(form));
    record_form(c, id, posted, "decision".into(), async |c, who, posted| {
        let now = c.state().clock.now();
        let req = decision_request(posted)?;
        decisions::add(&c.state().db, who, id, req, now)
            .await
            .map(drop)
    })
    .await
}

pub(super) async fn edit_decision(
    c: Ctx,
    path: web::Path<(MeetingId, DecisionId)>,
    form: FormBody,
) -> HttpResponse {
    let ((id, decision), posted) = (path.into_inner(), Posted::from(form));
    let name = format!("edit-decision-{decision}");
    record_form(c, id, posted, name, async |c, who, posted| {
        let now = c.state().clock.now();
        let req = decision_request(posted)?;
        decisions::edit(&c.state().db, who, id, decision, req, now)
            .await
            .map(drop)
    })
    .await
}

pub(super) async fn minutes(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
    let (id, posted) = (id.into_inner(), Posted::from(form));
    record_form(c, id, posted, "minutes".into(), async |c, who, posted| {
        let status = match posted.get("status") {
            "" => None,
            _ => Some(posted.choice::<MinutesStatus>("status")?),
        };
        let input = ChangeMinutesRequest {
            body: posted.ticked("body").then(|| posted.get("body").to_owned()),
            status,
            approved_at_meeting: posted.opt_id("approved_at_meeting")?.map(MeetingId),
        };
        let now = c.state().clock.now();
        minutes::change(&c.state().db, who, id, input, now)
            .await
            .map(drop)
    })
    .await
}
