//! A board's sessions in the browser: its series and its upcoming and recent meetings; a
//! secretary creates a series and sees the sessions it calls for. The operations are
//! `meetings::sessions`' and `meetings::series`'.

use super::Ctx;
use super::forms::{Field, FormView, Posted, Refused, settle_post, status};
use crate::auth::policy::Principal;
use crate::db;
use crate::domain::ids::BoardId;
use crate::error::AppError;
use crate::meetings::schedule::first_session;
use crate::meetings::series::{self, CreateSeriesRequest};
use crate::meetings::sessions::{self, Calendar};
use actix_web::{HttpResponse, web};
use askama::Template;

/// Past sessions shown on a board's page.
const RECENT: usize = 6;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/meetings", web::get().to(board_meetings))
        .route("/desk/boards/{id}/series", web::post().to(create_series));
}

struct SeriesRow {
    title: String,
    rule: String,
    first_date: String,
    /// When the first session starts, if the stored rule still reads.
    first_session: Option<String>,
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
    let (now, horizon) = (c.state().clock.now(), horizon(c));
    let Calendar {
        board: b,
        series,
        past,
        ahead,
        keeper,
    } = sessions::calendar(&c.state().db, who, board, now, horizon).await?;
    let t = c.t;
    let create = keeper.then(|| {
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
        .field(
            Field::date("first_date", t.get("series.first_date"))
                .hint(t.get("series.first_date_hint"))
                .required(),
        )
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
                    first_session: first_session(s).map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
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

async fn board_meetings(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = board_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn create_series(
    c: Ctx,
    id: web::Path<BoardId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let board = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let input = CreateSeriesRequest {
            title: posted.get("title").to_owned(),
            rrule: posted.get("rrule").trim().to_owned(),
            first_date: posted.date("first_date")?,
            start_time: posted.get("start_time").trim().to_owned(),
            duration_minutes: posted.whole("duration_minutes")?,
            location: posted.get("location").to_owned(),
            is_public: posted.ticked("is_public"),
            exdates: Vec::new(),
        };
        let now = c.state().clock.now();
        series::add(&c.state().db, who, board, input, now, horizon(&c)).await?;
        Ok(format!("/desk/boards/{board}/meetings"))
    };
    let reshow = async |refused| board_page(&c, board, Some(refused)).await;
    settle_post(&c, form, "new-series", attempt, reshow).await
}

fn horizon(c: &Ctx) -> u32 {
    c.state().settings.jobs.meetings.meeting_horizon_months
}
