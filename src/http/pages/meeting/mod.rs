//! One meeting in the browser: its time, place and status, and its record — agenda, matters
//! arising and open actions carried over, attendance, decisions and minutes through their
//! lifecycle. The forms (`forms.rs`) post to `posts.rs`, which calls the operations of
//! `meetings::sessions`, `meetings::record` and `meetings::minutes`.

mod forms;
mod posts;

use super::Ctx;
use super::forms::{FormView, Refused, RowForm, status};
use crate::db::decisions::Decision;
use crate::domain::ids::{BoardId, MeetingId};
use crate::domain::meeting::MinutesStatus;
use crate::error::AppError;
use crate::meetings::record::{self, Record};
use crate::org::names::Names;
use actix_web::{HttpResponse, web};
use askama::Template;
use forms::{decision_form, item_form, minutes_form, record_forms, schedule_forms};
pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/desk/meetings/{id}";
    cfg.route(base, web::get().to(show))
        .route(&format!("{base}/schedule"), web::post().to(posts::schedule))
        .route(
            &format!("{base}/agenda"),
            web::post().to(posts::add_agenda_item),
        )
        .route(
            &format!("{base}/agenda/{{item}}"),
            web::post().to(posts::shift_item),
        )
        .route(
            &format!("{base}/attendance"),
            web::post().to(posts::add_attendee),
        )
        .route(
            &format!("{base}/attendance/{{entry}}/remove"),
            web::post().to(posts::remove_attendee),
        )
        .route(
            &format!("{base}/decisions"),
            web::post().to(posts::add_decision),
        )
        .route(
            &format!("{base}/decisions/{{decision}}"),
            web::post().to(posts::edit_decision),
        )
        .route(&format!("{base}/minutes"), web::post().to(posts::minutes));
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

pub(super) async fn meeting_page(
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
    let names = Names::read(&c.state().db).await?;
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

async fn show(c: Ctx, id: web::Path<MeetingId>) -> HttpResponse {
    c.respond(meeting_page(&c, id.into_inner(), None).await)
}
