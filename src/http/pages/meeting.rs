//! One meeting's record in the browser: agenda, matters arising and open actions carried over,
//! attendance, decisions and minutes through their lifecycle. The operations are
//! `meetings::record`'s and `meetings::minutes`'.

use super::Ctx;
use super::desk::Names;
use super::forms::{Choice, Field, FormView, Posted, Refused, settle_post, status};
use crate::auth::policy::Principal;
use crate::db::{self, agenda::AgendaItem, meetings::Meeting, minutes::Minutes};
use crate::domain::ids::{AgendaItemId, BoardId, MeetingId, UnitId};
use crate::domain::meeting::{MinutesStatus, Sector, Sex};
use crate::error::AppError;
use crate::meetings::minutes::{self, ChangeMinutesRequest};
use crate::meetings::record::agenda::{self, AgendaItemRequest};
use crate::meetings::record::attendance::{self, AddAttendeeRequest};
use crate::meetings::record::decisions::{self, DecisionRequest};
use crate::meetings::record::{self, Record};
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/meetings/{id}", web::get().to(show))
        .route(
            "/desk/meetings/{id}/agenda",
            web::post().to(add_agenda_item),
        )
        .route(
            "/desk/meetings/{id}/attendance",
            web::post().to(add_attendee),
        )
        .route(
            "/desk/meetings/{id}/decisions",
            web::post().to(add_decision),
        )
        .route("/desk/meetings/{id}/minutes", web::post().to(minutes));
}

struct ItemRow {
    title: String,
    description: String,
    public: bool,
}

struct AttendeeRow {
    name: String,
    organisation: String,
    sector: String,
    sex: String,
}

struct DecisionRow {
    id: i64,
    text: String,
    responsible: String,
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
    let minutes_status = minutes.as_ref().map(|n| n.status);
    let mut forms = Vec::new();
    if keeper && MinutesStatus::record_is_open(minutes_status) {
        forms = record_forms(c, id, &items, &names, refused.as_ref());
    }
    if keeper && minutes_status != Some(MinutesStatus::Frozen) {
        forms.push(minutes_form(
            c,
            id,
            minutes.as_ref(),
            &later,
            refused.as_ref(),
        ));
    }
    let decision_row = |d: &db::decisions::Decision| DecisionRow {
        id: d.id.0,
        text: d.text.clone(),
        responsible: match (d.responsible_unit_id, d.responsible.is_empty()) {
            (Some(u), true) => names.unit(u),
            (Some(u), false) => format!("{} ({})", names.unit(u), d.responsible),
            (None, _) => d.responsible.clone(),
        },
    };
    Ok(c.render(
        status(refused.as_ref()),
        &MeetingPage {
            c,
            board_id: m.board_id,
            board: names.board(m.board_id),
            starts: m.starts_local.format("%Y-%m-%d %H:%M").to_string(),
            location: m.location.clone(),
            status: c.word("meeting_status", m.status.as_str()),
            public: m.is_public,
            items: items
                .into_iter()
                .map(|i| ItemRow {
                    title: i.title,
                    description: i.description,
                    public: i.is_public,
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
                    name: a.name,
                    organisation: a.organisation,
                    sector: c.word("sector", a.sector.as_str()),
                    sex: c.word("sex", a.sex.as_str()),
                })
                .collect(),
            decisions: decided.iter().map(decision_row).collect(),
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
    let item_choices = items
        .iter()
        .map(|i| Choice::new(i.id, i.title.clone()))
        .collect();
    forms.push(
        FormView::new(
            "decision",
            t.get("meeting.add_decision"),
            format!("{base}/decisions"),
            t.get("meeting.add_decision_submit"),
        )
        .field(Field::long("text", t.get("meeting.decision_text")).required())
        .field(Field::select(
            "agenda_item_id",
            t.get("meeting.decision_item"),
            item_choices,
        ))
        .field(Field::select(
            "responsible_unit_id",
            t.get("meeting.decision_unit"),
            names.unit_choices(),
        ))
        .field(Field::text(
            "responsible",
            t.get("meeting.decision_responsible"),
        ))
        .settle(refused),
    );
    forms
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
    let result = meeting_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

/// A form of the meeting page: on success back to the page, else the page with the refusal
/// beside the form `name`.
async fn record_form(
    c: Ctx,
    id: web::Path<MeetingId>,
    form: web::Form<Vec<(String, String)>>,
    name: &'static str,
    apply: impl AsyncFnOnce(&Ctx, &Principal, MeetingId, &Posted) -> Result<(), AppError>,
) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        apply(&c, who, id, posted).await?;
        Ok(format!("/desk/meetings/{id}"))
    };
    let reshow = async |refused| meeting_page(&c, id, Some(refused)).await;
    settle_post(&c, form, name, attempt, reshow).await
}

async fn add_agenda_item(
    c: Ctx,
    id: web::Path<MeetingId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "agenda", async |c, who, id, posted| {
        let item = AgendaItemRequest {
            id: None::<AgendaItemId>,
            title: posted.get("title").to_owned(),
            description: posted.get("description").to_owned(),
            is_public: posted.ticked("is_public"),
        };
        let now = c.state().clock.now();
        agenda::append(&c.state().db, who, id, item, now)
            .await
            .map(|_| ())
    })
    .await
}

async fn add_attendee(
    c: Ctx,
    id: web::Path<MeetingId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "attendance", async |c, who, id, posted| {
        let input = AddAttendeeRequest {
            name: posted.get("name").to_owned(),
            organisation: posted.get("organisation").to_owned(),
            sector: posted.choice("sector")?,
            sex: posted.choice("sex")?,
        };
        let now = c.state().clock.now();
        attendance::add(&c.state().db, who, id, input, now)
            .await
            .map(|_| ())
    })
    .await
}

async fn add_decision(
    c: Ctx,
    id: web::Path<MeetingId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "decision", async |c, who, id, posted| {
        let input = DecisionRequest {
            text: posted.get("text").to_owned(),
            agenda_item_id: posted.opt_id("agenda_item_id")?.map(AgendaItemId),
            responsible_unit_id: posted.opt_id("responsible_unit_id")?.map(UnitId),
            responsible: posted.get("responsible").to_owned(),
        };
        let now = c.state().clock.now();
        decisions::add(&c.state().db, who, id, input, now)
            .await
            .map(|_| ())
    })
    .await
}

async fn minutes(
    c: Ctx,
    id: web::Path<MeetingId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "minutes", async |c, who, id, posted| {
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
            .map(|_| ())
    })
    .await
}
