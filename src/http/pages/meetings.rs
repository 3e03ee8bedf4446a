//! Sessions in the browser: a board's series and meetings (a secretary creates a series and sees
//! the sessions it calls for), and one meeting's record — agenda, attendance, decisions and
//! minutes through their lifecycle. The rules are the API's (`api::series`,
//! `api::meeting_record`).

use super::Ctx;
use super::desk::Names;
use super::forms::{Choice, Field, FormView, Posted, Refused, status};
use crate::auth::policy::{Action, authorize};
use crate::db::{self, agenda, attendance, decisions};
use crate::domain::ids::{AgendaItemId, BoardId, MeetingId, UnitId};
use crate::domain::meeting::{MinutesStatus, Sector, Sex};
use crate::error::AppError;
use crate::http::api::meeting_record::{
    AgendaItemInput, AttendeeInput, DecisionInput, MinutesPatch, add_attendee_as, add_decision_as,
    carried, change_minutes_as, replace_agenda_as,
};
use crate::http::api::meetings::load;
use crate::http::api::series::{SeriesCreate, create_as};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Months, TimeDelta};

/// Past sessions shown on a board's page.
const RECENT: usize = 6;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/meetings", web::get().to(board_meetings))
        .route("/desk/boards/{id}/series", web::post().to(create_series))
        .route("/desk/meetings/{id}", web::get().to(show))
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

struct SeriesRow {
    title: String,
    rule: String,
    first_date: String,
    time: String,
    location: String,
    public: bool,
}

struct SessionRow {
    id: i64,
    title: String,
    starts: String,
    location: String,
    status: String,
    cancelled: bool,
}

#[derive(Template)]
#[template(path = "desk/meetings.html")]
struct BoardMeetingsPage<'a> {
    c: &'a Ctx,
    board: String,
    series: Vec<SeriesRow>,
    upcoming: Vec<SessionRow>,
    recent: Vec<SessionRow>,
    create: Option<FormView>,
}

fn session_row(c: &Ctx, m: &db::meetings::Meeting) -> SessionRow {
    SessionRow {
        id: m.id.0,
        title: m.title.clone(),
        starts: m.starts_local.format("%Y-%m-%d %H:%M").to_string(),
        location: m.location.clone(),
        status: c.word("meeting_status", m.status.as_str()),
        cancelled: m.status == crate::domain::meeting::MeetingStatus::Cancelled,
    }
}

async fn board_page(
    c: &Ctx,
    board: BoardId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    authorize(Some(who), Action::ReadMeetingRecord(board))?;
    let now = c.state().clock.now();
    let horizon = c.state().settings.jobs.meetings.meeting_horizon_months;
    let (b, series, past, ahead) = c
        .state()
        .db
        .read(move |conn| {
            let b = crate::org::boards::find(conn, board)?;
            let today = now.with_timezone(&b.zone()).naive_local();
            let series = db::series::list_for_board(conn, board)?;
            let past = db::meetings::list_for_board(
                conn,
                board,
                Some(today - TimeDelta::days(190)),
                Some(today),
                false,
            )?;
            let ahead = db::meetings::list_for_board(
                conn,
                board,
                Some(today),
                today.checked_add_months(Months::new(horizon)),
                false,
            )?;
            Ok::<_, AppError>((b, series, past, ahead))
        })
        .await?;
    let t = c.t;
    let create = who.is_secretary_of(board).then(|| {
        FormView::new(
            "new-series",
            t.get("series.new"),
            format!("/desk/boards/{board}/series"),
            t.get("series.create"),
        )
        .field(Field::text("title", t.get("series.title")).required())
        .field(
            Field::text("rrule", t.get("series.rule"))
                .hint(t.get("series.rule_hint"))
                .value("FREQ=MONTHLY;BYDAY=2TU")
                .required(),
        )
        .field(Field::date("first_date", t.get("series.first_date")).required())
        .field(
            Field::time("start_time", t.get("series.start_time"))
                .value("09:00")
                .required(),
        )
        .field(
            Field::number("duration_minutes", t.get("series.duration"))
                .value(180)
                .required(),
        )
        .field(Field::text("location", t.get("series.location")))
        .field(Field::checkbox("is_public", t.get("series.public")).value("on"))
        .settle(refused.as_ref())
    });
    let recent_from = past.len().saturating_sub(RECENT);
    Ok(c.render(
        status(refused.as_ref()),
        &BoardMeetingsPage {
            c,
            board: b.name,
            series: series
                .iter()
                .map(|s| SeriesRow {
                    title: s.title.clone(),
                    rule: s.rrule.clone(),
                    first_date: s.first_date.to_string(),
                    time: s.start_time.format("%H:%M").to_string(),
                    location: s.location.clone(),
                    public: s.is_public,
                })
                .collect(),
            upcoming: ahead.iter().map(|m| session_row(c, m)).collect(),
            recent: past[recent_from..]
                .iter()
                .rev()
                .map(|m| session_row(c, m))
                .collect(),
            create,
        },
    ))
}

async fn board_meetings(c: Ctx, id: web::Path<i64>) -> HttpResponse {
    let result = board_page(&c, BoardId(id.into_inner()), None).await;
    c.respond(result)
}

async fn create_series(
    c: Ctx,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let board = BoardId(id.into_inner());
    let posted = Posted::from(form.into_inner());
    let result = async {
        let who = c.principal()?;
        c.check_csrf(posted.csrf())?;
        let attempt = async {
            let input = SeriesCreate {
                title: posted.get("title").to_owned(),
                rrule: posted.get("rrule").to_owned(),
                first_date: posted.date("first_date")?,
                start_time: posted.get("start_time").to_owned(),
                duration_minutes: posted.whole("duration_minutes")?,
                location: posted.get("location").to_owned(),
                is_public: posted.ticked("is_public"),
                exdates: Vec::new(),
            };
            create_as(c.state(), who, board, input).await
        };
        match attempt.await {
            Ok(_) => Ok(c.see_other(&format!("/desk/boards/{board}/meetings"))),
            Err(e) => board_page(&c, board, Some(Refused::of("new-series", posted, e)?)).await,
        }
    }
    .await;
    c.respond(result)
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
    let (m, _) = load(c.state(), who, id).await?;
    authorize(Some(who), Action::ReadMeetingRecord(m.board_id))?;
    let keeper = who.is_secretary_of(m.board_id);
    let board = m.board_id;
    let meeting = m.clone();
    let (names, items, people, decided, minutes, carried, later) = c
        .state()
        .db
        .read(move |conn| {
            let later: Vec<db::meetings::Meeting> =
                db::meetings::list_for_board(conn, board, Some(meeting.starts_local), None, false)?
                    .into_iter()
                    .filter(|n| n.id != meeting.id)
                    .take(12)
                    .collect();
            Ok::<_, AppError>((
                Names::load(conn)?,
                agenda::list(conn, meeting.id)?,
                attendance::list(conn, meeting.id)?,
                decisions::list(conn, meeting.id)?,
                db::minutes::find(conn, meeting.id)?,
                carried(conn, &meeting)?,
                later,
            ))
        })
        .await?;
    let t = c.t;
    let minutes_status = minutes.as_ref().map(|n| n.status);
    let open = MinutesStatus::record_is_open(minutes_status);
    let mut forms = Vec::new();
    if keeper && open {
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
            .settle(refused.as_ref()),
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
            .settle(refused.as_ref()),
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
            .settle(refused.as_ref()),
        );
    }
    if keeper && minutes_status != Some(MinutesStatus::Frozen) {
        let current = minutes_status.unwrap_or(MinutesStatus::Draft);
        let steps: Vec<Choice> = MinutesStatus::ALL
            .iter()
            .filter(|s| current.check_transition(**s).is_ok())
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
                    .value(minutes.as_ref().map(|n| n.body.clone()).unwrap_or_default()),
            );
        }
        form = form.field(
            Field::select("status", t.get("meeting.minutes_step"), steps)
                .hint(t.get("meeting.minutes_step_hint")),
        );
        if current == MinutesStatus::Circulated {
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
        forms.push(form.settle(refused.as_ref()));
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
            arising: carried.0.iter().map(decision_row).collect(),
            open_actions: carried
                .1
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

async fn show(c: Ctx, id: web::Path<i64>) -> HttpResponse {
    let result = meeting_page(&c, MeetingId(id.into_inner()), None).await;
    c.respond(result)
}

/// Handles a form of the meeting page: on success back to the page, else the page with the
/// refusal beside the form.
async fn record_form<F, Fut>(
    c: Ctx,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
    name: &'static str,
    apply: F,
) -> HttpResponse
where
    F: FnOnce(Ctx, MeetingId, Posted) -> Fut,
    Fut: Future<Output = (Ctx, Posted, Result<(), AppError>)>,
{
    let id = MeetingId(id.into_inner());
    let posted = Posted::from(form.into_inner());
    if let Err(e) = c.principal().and_then(|_| c.check_csrf(posted.csrf())) {
        return c.respond(Err(e));
    }
    let (c, posted, outcome) = apply(c, id, posted).await;
    let result = match outcome {
        Ok(()) => Ok(c.see_other(&format!("/desk/meetings/{id}"))),
        Err(e) => match Refused::of(name, posted, e) {
            Ok(refused) => meeting_page(&c, id, Some(refused)).await,
            Err(e) => Err(e),
        },
    };
    c.respond(result)
}

async fn add_agenda_item(
    c: Ctx,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "agenda", |c, id, posted| async move {
        let outcome = async {
            let who = c.principal()?;
            let current = c
                .state()
                .db
                .read(move |conn| agenda::list(conn, id))
                .await?;
            let mut items: Vec<AgendaItemInput> = current
                .into_iter()
                .map(|i| AgendaItemInput {
                    id: Some(i.id),
                    title: i.title,
                    description: i.description,
                    is_public: i.is_public,
                })
                .collect();
            items.push(AgendaItemInput {
                id: None::<AgendaItemId>,
                title: posted.get("title").to_owned(),
                description: posted.get("description").to_owned(),
                is_public: posted.ticked("is_public"),
            });
            replace_agenda_as(c.state(), who, id, items)
                .await
                .map(|_| ())
        }
        .await;
        (c, posted, outcome)
    })
    .await
}

async fn add_attendee(
    c: Ctx,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "attendance", |c, id, posted| async move {
        let outcome = async {
            let input = AttendeeInput {
                name: posted.get("name").to_owned(),
                organisation: posted.get("organisation").to_owned(),
                sector: posted.choice("sector")?,
                sex: posted.choice("sex")?,
            };
            add_attendee_as(c.state(), c.principal()?, id, input)
                .await
                .map(|_| ())
        }
        .await;
        (c, posted, outcome)
    })
    .await
}

async fn add_decision(
    c: Ctx,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "decision", |c, id, posted| async move {
        let outcome = async {
            let input = DecisionInput {
                text: posted.get("text").to_owned(),
                agenda_item_id: posted.opt_id("agenda_item_id")?.map(AgendaItemId),
                responsible_unit_id: posted.opt_id("responsible_unit_id")?.map(UnitId),
                responsible: posted.get("responsible").to_owned(),
            };
            add_decision_as(c.state(), c.principal()?, id, input)
                .await
                .map(|_| ())
        }
        .await;
        (c, posted, outcome)
    })
    .await
}

async fn minutes(
    c: Ctx,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    record_form(c, id, form, "minutes", |c, id, posted| async move {
        let outcome = async {
            let status = match posted.get("status") {
                "" => None,
                _ => Some(posted.choice::<MinutesStatus>("status")?),
            };
            let input = MinutesPatch {
                body: posted.ticked("body").then(|| posted.get("body").to_owned()),
                status,
                approved_at_meeting: posted.opt_id("approved_at_meeting")?.map(MeetingId),
            };
            change_minutes_as(c.state(), c.principal()?, id, input)
                .await
                .map(|_| ())
        }
        .await;
        (c, posted, outcome)
    })
    .await
}
