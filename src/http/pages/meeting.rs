//! One meeting's record in the browser: agenda, matters arising and open actions carried over,
//! attendance, decisions and minutes through their lifecycle. The operations are
//! `meetings::record`'s and `meetings::minutes`'.

use super::Ctx;
use super::desk::Names;
use super::forms::{
    Choice, Field, FormBody, FormView, Posted, Refused, RowForm, settle_post, status,
};
use crate::auth::policy::Principal;
use crate::db::{agenda::AgendaItem, decisions::Decision, meetings::Meeting, minutes::Minutes};
use crate::domain::ids::{AgendaItemId, AttendeeId, BoardId, DecisionId, MeetingId, UnitId};
use crate::domain::meeting::{MeetingStatus, MinutesStatus, Sector, Sex};
use crate::error::AppError;
use crate::meetings::minutes::{self, ChangeMinutesRequest};
use crate::meetings::record::agenda::{self, AgendaItemRequest, Shift};
use crate::meetings::record::attendance::{self, AddAttendeeRequest};
use crate::meetings::record::decisions::{self, DecisionRequest};
use crate::meetings::record::{self, Record};
use crate::meetings::sessions::{self, ChangeMeetingRequest};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/desk/meetings/{id}";
    cfg.route(base, web::get().to(show))
        .route(&format!("{base}/schedule"), web::post().to(schedule))
        .route(&format!("{base}/agenda"), web::post().to(add_agenda_item))
        .route(
            &format!("{base}/agenda/{{item}}"),
            web::post().to(shift_item),
        )
        .route(&format!("{base}/attendance"), web::post().to(add_attendee))
        .route(
            &format!("{base}/attendance/{{entry}}/remove"),
            web::post().to(remove_attendee),
        )
        .route(&format!("{base}/decisions"), web::post().to(add_decision))
        .route(
            &format!("{base}/decisions/{{decision}}"),
            web::post().to(edit_decision),
        )
        .route(&format!("{base}/minutes"), web::post().to(minutes));
}

struct ItemRow {
    title: String,
    description: String,
    public: bool,
    /// Move it or take it off, for the record's keeper while the record is open.
    form: Option<RowForm>,
}

struct AttendeeRow {
    name: String,
    organisation: String,
    sector: String,
    sex: String,
    form: Option<RowForm>,
}

struct DecisionRow {
    id: i64,
    text: String,
    responsible: String,
    edit: Option<FormView>,
}

#[derive(Template)]
#[template(path = "desk/meeting.html")]
struct MeetingPage<'a> {
    c: &'a Ctx,
    board_id: BoardId,
    title: String,
    board: String,
    starts: String,
    location: String,
    status: String,
    public: bool,
    items: Vec<ItemRow>,
    arising: Vec<DecisionRow>,
    open_actions: Vec<(i64, String)>,
    attendees: Vec<AttendeeRow>,
    decisions: Vec<DecisionRow>,
    minutes_status: String,
    minutes_body: String,
    /// Change the session (title, time, place) and postpone, cancel or reinstate it.
    schedule: Option<(FormView, RowForm)>,
    forms: Vec<FormView>,
}

async fn meeting_page(
    c: &Ctx,
    id: MeetingId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let Record {
        meeting: m,
        agenda,
        attendees: people,
        decisions: decided,
        minutes,
        approvable_at: later,
        keeper,
    } = record::whole(&c.state().db, who, id, c.state().clock.now()).await?;
    let names = c.state().db.read(Names::load).await?;
    let items = agenda.items;
    let t = c.t;
    let refused = refused.as_ref();
    let minutes_status = minutes.as_ref().map(|n| n.status);
    let open = keeper && MinutesStatus::record_is_open(minutes_status);
    let mut forms = Vec::new();
    if open {
        forms = record_forms(c, id, &items, &names, refused);
    }
    if keeper && minutes_status != Some(MinutesStatus::Frozen) {
        forms.push(minutes_form(c, id, minutes.as_ref(), &later, refused));
    }
    let base = format!("/desk/meetings/{id}");
    let decision_row = |d: &Decision| DecisionRow {
        id: d.id.0,
        text: d.text.clone(),
        responsible: match (d.responsible_unit_id, d.responsible.is_empty()) {
            (Some(u), true) => names.unit(u),
            (Some(u), false) => format!("{} ({})", names.unit(u), d.responsible),
            (None, _) => d.responsible.clone(),
        },
        edit: None,
    };
    let decisions = decided
        .iter()
        .map(|d| DecisionRow {
            edit: open.then(|| decision_form(c, &base, &items, &names, Some(d)).settle(refused)),
            ..decision_row(d)
        })
        .collect();
    let last = items.len().saturating_sub(1);
    Ok(c.render(
        status(refused),
        &MeetingPage {
            c,
            board_id: m.board_id,
            board: names.board(m.board_id),
            starts: m.starts_local.format("%Y-%m-%d %H:%M").to_string(),
            location: m.location.clone(),
            status: c.word("meeting_status", m.status.as_str()),
            public: m.is_public,
            schedule: open.then(|| schedule_forms(c, &m, refused)),
            items: items
                .iter()
                .enumerate()
                .map(|(n, i)| ItemRow {
                    title: i.title.clone(),
                    description: i.description.clone(),
                    public: i.is_public,
                    form: open.then(|| item_form(c, &base, i, n, last).settle(refused)),
                })
                .collect(),
            arising: agenda.carried_over.iter().map(decision_row).collect(),
            open_actions: agenda
                .open_actions
                .iter()
                .map(|a| (a.id.0, a.title.clone()))
                .collect(),
            attendees: people
                .into_iter()
                .map(|a| AttendeeRow {
                    form: open.then(|| {
                        let action = format!("{base}/attendance/{}/remove", a.id);
                        RowForm::new(format!("attendee-{}", a.id), action, &a.name)
                            .button("remove", "yes", t.get("meeting.remove_attendee"))
                            .settle(refused)
                    }),
                    name: a.name,
                    organisation: a.organisation,
                    sector: c.word("sector", a.sector.as_str()),
                    sex: c.word("sex", a.sex.as_str()),
                })
                .collect(),
            decisions,
            minutes_status: minutes_status.map_or_else(
                || t.get("meeting.no_minutes").to_owned(),
                |s| c.word("minutes_status", s.as_str()),
            ),
            minutes_body: minutes.map(|n| n.body).unwrap_or_default(),
            title: m.title,
            forms,
        },
    ))
}

/// The session's own forms: its title, time and place; and postponing, cancelling or putting it
/// back on the calendar.
fn schedule_forms(c: &Ctx, m: &Meeting, refused: Option<&Refused>) -> (FormView, RowForm) {
    let t = c.t;
    let action = format!("/desk/meetings/{}/schedule", m.id);
    // Drawn inside a disclosure whose summary is its title.
    let change = FormView::new("schedule", "", &action, t.get("meeting.change_submit"))
        .field(
            Field::text("title", t.get("meeting.title"))
                .value(&m.title)
                .required(),
        )
        .field(
            Field::date("date", t.get("meeting.date"))
                .value(m.starts_local.format("%Y-%m-%d"))
                .hint(t.get("meeting.date_hint"))
                .required(),
        )
        .field(
            Field::time("time", t.get("meeting.time"))
                .value(m.starts_local.format("%H:%M"))
                .required(),
        )
        .field(
            Field::number("duration_minutes", t.get("meeting.duration"))
                .value(m.duration_minutes)
                .required(),
        )
        .field(Field::text("location", t.get("meeting.place")).value(&m.location))
        .field(
            Field::checkbox("is_public", t.get("meeting.public")).value(if m.is_public {
                "on"
            } else {
                ""
            }),
        )
        .field(Field::hidden(
            "starts_was",
            m.starts_local.format("%Y-%m-%dT%H:%M"),
        ))
        .settle(refused);
    let mut steps = RowForm::new("status", action, &m.title);
    for (to, label) in [
        (MeetingStatus::Postponed, "meeting.postpone"),
        (MeetingStatus::Cancelled, "meeting.cancel"),
        (MeetingStatus::Scheduled, "meeting.reinstate"),
    ] {
        if to != m.status
            && !(to == MeetingStatus::Postponed && m.status == MeetingStatus::Cancelled)
        {
            steps = steps.button("status", to.as_str(), t.get(label));
        }
    }
    (change, steps.settle(refused))
}

/// An agenda item's buttons: one place earlier or later, or off the agenda.
fn item_form(c: &Ctx, base: &str, i: &AgendaItem, n: usize, last: usize) -> RowForm {
    let t = c.t;
    let mut form = RowForm::new(
        format!("item-{}", i.id),
        format!("{base}/agenda/{}", i.id),
        &i.title,
    );
    if n > 0 {
        form = form.button("move", "earlier", t.get("meeting.item_earlier"));
    }
    if n < last {
        form = form.button("move", "later", t.get("meeting.item_later"));
    }
    form.button("move", "off", t.get("meeting.item_remove"))
}

/// The forms that add to the record: an agenda item, an attendee, a decision.
fn record_forms(
    c: &Ctx,
    id: MeetingId,
    items: &[AgendaItem],
    names: &Names,
    refused: Option<&Refused>,
) -> Vec<FormView> {
    let t = c.t;
    let mut forms = Vec::new();
    let base = format!("/desk/meetings/{id}");
    forms.push(
        FormView::new(
            "agenda",
            t.get("meeting.add_item"),
            format!("{base}/agenda"),
            t.get("meeting.add_item_submit"),
        )
        .field(Field::text("title", t.get("meeting.item_title")).required())
        .field(Field::long(
            "description",
            t.get("meeting.item_description"),
        ))
        .field(Field::checkbox("is_public", t.get("meeting.item_public")).value("on"))
        .settle(refused),
    );
    forms.push(
        FormView::new(
            "attendance",
            t.get("meeting.add_attendee"),
            format!("{base}/attendance"),
            t.get("meeting.add_attendee_submit"),
        )
        .field(Field::text("name", t.get("meeting.attendee_name")).required())
        .field(Field::text("organisation", t.get("meeting.organisation")).required())
        .field(
            Field::select(
                "sector",
                t.get("meeting.sector"),
                c.choices("sector", Sector::ALL, Sector::as_str),
            )
            .required(),
        )
        .field(
            Field::select(
                "sex",
                t.get("meeting.sex"),
                c.choices("sex", Sex::ALL, Sex::as_str),
            )
            .required(),
        )
        .settle(refused),
    );
    forms.push(decision_form(c, &base, items, names, None).settle(refused));
    forms
}

/// The form that records a decision, or edits `decided`.
fn decision_form(
    c: &Ctx,
    base: &str,
    items: &[AgendaItem],
    names: &Names,
    decided: Option<&Decision>,
) -> FormView {
    let t = c.t;
    let item_choices = items
        .iter()
        .map(|i| Choice::new(i.id, i.title.clone()))
        .collect();
    let form = match decided {
        None => FormView::new(
            "decision",
            t.get("meeting.add_decision"),
            format!("{base}/decisions"),
            t.get("meeting.add_decision_submit"),
        ),
        Some(d) => FormView::new(
            format!("edit-decision-{}", d.id),
            "",
            format!("{base}/decisions/{}", d.id),
            t.get("meeting.edit_decision_submit"),
        ),
    };
    let value = |f: fn(&Decision) -> String| decided.map(f).unwrap_or_default();
    form.field(
        Field::long("text", t.get("meeting.decision_text"))
            .value(value(|d| d.text.clone()))
            .required(),
    )
    .field(
        Field::select(
            "agenda_item_id",
            t.get("meeting.decision_item"),
            item_choices,
        )
        .value(value(|d| {
            d.agenda_item_id.map(|i| i.to_string()).unwrap_or_default()
        })),
    )
    .field(
        Field::select(
            "responsible_unit_id",
            t.get("meeting.decision_unit"),
            names.unit_choices(),
        )
        .value(value(|d| {
            d.responsible_unit_id
                .map(|u| u.to_string())
                .unwrap_or_default()
        })),
    )
    .field(
        Field::text("responsible", t.get("meeting.decision_responsible"))
            .value(value(|d| d.responsible.clone())),
    )
}

/// The form that writes the minutes or moves them on; `later` are the sessions they may be
/// approved at.
fn minutes_form(
    c: &Ctx,
    id: MeetingId,
    minutes: Option<&Minutes>,
    later: &[Meeting],
    refused: Option<&Refused>,
) -> FormView {
    let t = c.t;
    let minutes_status = minutes.map(|n| n.status);
    let current = minutes_status.unwrap_or(MinutesStatus::Draft);
    let steps: Vec<Choice> = MinutesStatus::ALL
        .iter()
        .filter(|s| current.check_transition(**s).is_ok())
        .filter(|s| **s != MinutesStatus::Approved || !later.is_empty())
        .map(|s| Choice::new(s.as_str(), c.word("minutes_status", s.as_str())))
        .collect();
    let mut form = FormView::new(
        "minutes",
        t.get("meeting.minutes_edit"),
        format!("/desk/meetings/{id}/minutes"),
        t.get("meeting.minutes_save"),
    );
    if current.is_editable() {
        form = form.field(
            Field::long("body", t.get("meeting.minutes_text"))
                .value(minutes.map(|n| n.body.clone()).unwrap_or_default()),
        );
    }
    form = form.field(
        Field::select("status", t.get("meeting.minutes_step"), steps)
            .hint(t.get("meeting.minutes_step_hint")),
    );
    if current == MinutesStatus::Circulated && !later.is_empty() {
        form = form.field(Field::select(
            "approved_at_meeting",
            t.get("meeting.approved_at"),
            later
                .iter()
                .map(|n| {
                    Choice::new(
                        n.id,
                        format!("{} · {}", n.starts_local.format("%Y-%m-%d"), n.title),
                    )
                })
                .collect(),
        ));
    }
    form.settle(refused)
}

async fn show(c: Ctx, id: web::Path<MeetingId>) -> HttpResponse {
    c.respond(meeting_page(&c, id.into_inner(), None).await)
}

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
async fn schedule(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
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
                let time = NaiveTime::parse_from_str(posted.get("time").trim(), "%H:%M")
                    .map_err(|_| AppError::validation("time", "give the time as HH:MM"))?;
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

async fn add_agenda_item(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
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

async fn shift_item(
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
                        format!("'{other}' is not a choice here"),
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

async fn add_attendee(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
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

async fn remove_attendee(
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

async fn add_decision(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
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

async fn edit_decision(
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

async fn minutes(c: Ctx, id: web::Path<MeetingId>, form: FormBody) -> HttpResponse {
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
