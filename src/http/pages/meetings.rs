//! A board's sessions in the browser: its series and its upcoming and recent meetings; a
//! secretary creates, changes and ends a series and sees the sessions it calls for. The operations are
//! `meetings::sessions`' and `meetings::series`'.

use super::Ctx;
use super::forms::{Field, FormBody, Posted, RowForm, settle_post, status};
use super::listing::{ListControls, ListQuery, search_field};
use super::series_form::{
    Again, PREVIEW_COUNT, SeriesForm, change_form, chosen_rule, create_form, on_choices,
    settle_preview,
};
use crate::auth::policy::Principal;
use crate::db;
use crate::db::series::Series;
use crate::domain::ids::{BoardId, SeriesId};
use crate::domain::recurrence::plain::Pattern;
use crate::error::AppError;
use crate::meetings::schedule::first_session;
use crate::meetings::series::{self, CreateSeriesRequest, EditSeriesRequest};
use crate::meetings::sessions::{self, Calendar, PastRequest};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Weekday;

/// Past sessions shown on a board's page.
const RECENT: usize = 6;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/meetings", web::get().to(board_meetings))
        .route(
            "/desk/boards/{id}/meetings/past",
            web::get().to(past_meetings),
        )
        .route("/desk/boards/{id}/series", web::post().to(create_series))
        .route("/desk/series/{id}/edit", web::post().to(edit_series))
        .route("/desk/series/{id}/end", web::post().to(end_series));
}

struct SeriesRow {
    id: i64,
    title: String,
    rule: String,
    /// The rule as people say it, when it is one of the usual patterns.
    words: Option<String>,
    first_date: String,
    /// When the first session starts, if the stored rule still reads.
    first_session: Option<String>,
    time: String,
    location: String,
    public: bool,
    /// The keeper's: change the series, or end it.
    forms: Option<(SeriesForm, RowForm)>,
}

/// How a series repeats, in the reader's words: "the second Tuesday of every month".
fn in_words(c: &Ctx, pattern: &Pattern) -> String {
    let t = c.t;
    let day = |d: &Weekday| {
        t.get(&format!("weekday.{}", d.num_days_from_monday()))
            .to_owned()
    };
    let (key, every, values): (&str, u16, Vec<(&str, String)>) = match pattern {
        Pattern::MonthlyWeekday { every, nth, day: d } => (
            "monthly_weekday",
            *every,
            vec![
                ("nth", t.get(&format!("series.words.nth.{nth}")).to_owned()),
                ("day", day(d)),
            ],
        ),
        Pattern::MonthlyDay { every, day: -1 } => ("last_day", *every, vec![]),
        Pattern::MonthlyDay { every, day: d } => {
            ("monthly_day", *every, vec![("day", d.to_string())])
        }
        Pattern::Weekly { every, days } if days.is_empty() => ("weekly_plain", *every, vec![]),
        Pattern::Weekly { every, days } => (
            "weekly",
            *every,
            vec![("days", days.iter().map(day).collect::<Vec<_>>().join(", "))],
        ),
    };
    let key = if every > 1 {
        format!("series.words.{key}_every")
    } else {
        format!("series.words.{key}")
    };
    let mut filled: Vec<(&str, &dyn std::fmt::Display)> = values
        .iter()
        .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
        .collect();
    filled.push(("n", &every));
    t.fill(&key, &filled)
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
    board_id: BoardId,
    board: String,
    /// The board's time zone, which its sessions' times are in.
    zone: String,
    series: Vec<SeriesRow>,
    upcoming: Vec<SessionRow>,
    recent: Vec<SessionRow>,
    create: Option<SeriesForm>,
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
    again: Option<Again>,
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
    let again = again.as_ref();
    let create = keeper.then(|| create_form(c, board, again));
    let recent_from = past.len().saturating_sub(RECENT);
    Ok(c.render(
        status(again.and_then(Again::refused)),
        &BoardMeetingsPage {
            c,
            board_id: b.id,
            zone: b.time_zone.clone(),
            board: b.name,
            series: series
                .iter()
                .map(|s| SeriesRow {
                    id: s.id.0,
                    forms: keeper.then(|| series_forms(c, s, again)),
                    title: s.title.clone(),
                    rule: s.rrule.clone(),
                    words: Pattern::of_rule(&s.rrule).map(|p| in_words(c, &p)),
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

/// A series' own forms: how it repeats, its time and place, changed from today on; and ending it.
fn series_forms(c: &Ctx, s: &Series, again: Option<&Again>) -> (SeriesForm, RowForm) {
    let end = RowForm::new(
        format!("end-series-{}", s.id),
        format!("/desk/series/{}/end", s.id),
        &s.title,
    )
    .button("end", "yes", c.t.get("series.end"))
    .settle(again.and_then(Again::refused));
    (change_form(c, s, again), end)
}

async fn board_meetings(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = board_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn create_series(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let board = id.into_inner();
    let posted = Posted::from(form);
    let request = |posted: &Posted| {
        Ok::<_, AppError>(CreateSeriesRequest {
            title: posted.get("title").to_owned(),
            rrule: chosen_rule(posted)?,
            first_date: posted.date("first_date")?,
            start_time: posted.get("start_time").trim().to_owned(),
            duration_minutes: posted.whole("duration_minutes")?,
            location: posted.get("location").to_owned(),
            is_public: posted.ticked("is_public"),
            exdates: Vec::new(),
        })
    };
    let (db, now) = (&c.state().db, c.state().clock.now());
    let reshow = async |again| board_page(&c, board, Some(again)).await;
    let name = "new-series".to_owned();
    if posted.ticked("preview") {
        let show = async |who: &Principal, posted: &Posted| {
            series::preview_add(db, who, board, &request(posted)?, now, PREVIEW_COUNT)
                .await
                .map_err(on_choices(posted))
        };
        return settle_preview(&c, posted, name, show, reshow).await;
    }
    let attempt = async |who: &Principal, posted: &Posted| {
        series::add(db, who, board, request(posted)?, now, horizon(&c))
            .await
            .map_err(on_choices(posted))?;
        Ok(format!("/desk/boards/{board}/meetings"))
    };
    let reshow = async |refused| reshow(Again::Refused(refused)).await;
    settle_post(&c, posted, name, attempt, reshow).await
}

fn horizon(c: &Ctx) -> u32 {
    c.state().settings.jobs.meetings.meeting_horizon_months
}

/// The board a series belongs to, for the page its forms go back to.
async fn board_of(c: &Ctx, id: SeriesId) -> Result<BoardId, AppError> {
    let who = c.principal()?;
    Ok(series::show(&c.state().db, who, id).await?.board_id)
}

/// A form of one series: on success back to its board's sessions, else that page with the
/// refusal beside the form `name`.
async fn series_form(
    c: Ctx,
    id: SeriesId,
    posted: impl Into<Posted>,
    name: String,
    apply: impl AsyncFnOnce(&Ctx, &Principal, &Posted) -> Result<(), AppError>,
) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        let board = board_of(&c, id).await?;
        apply(&c, who, posted).await?;
        Ok(format!("/desk/boards/{board}/meetings"))
    };
    let reshow = async |refused| {
        let again = Some(Again::Refused(refused));
        board_page(&c, board_of(&c, id).await?, again).await
    };
    settle_post(&c, posted, name, attempt, reshow).await
}

async fn edit_series(c: Ctx, id: web::Path<SeriesId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let posted = Posted::from(form);
    let request = |posted: &Posted| {
        Ok::<_, AppError>(EditSeriesRequest {
            title: Some(posted.get("title").to_owned()),
            rrule: Some(chosen_rule(posted)?),
            start_time: Some(posted.get("start_time").trim().to_owned()),
            duration_minutes: Some(posted.whole("duration_minutes")?),
            location: Some(posted.get("location").to_owned()),
            is_public: Some(posted.ticked("is_public")),
            ..EditSeriesRequest::default()
        })
    };
    let name = format!("series-{id}");
    if posted.ticked("preview") {
        let (db, now) = (&c.state().db, c.state().clock.now());
        let show = async |who: &Principal, posted: &Posted| {
            series::preview_edit(db, who, id, &request(posted)?, now, PREVIEW_COUNT)
                .await
                .map_err(on_choices(posted))
        };
        let reshow = async |again| board_page(&c, board_of(&c, id).await?, Some(again)).await;
        return settle_preview(&c, posted, name, show, reshow).await;
    }
    series_form(c, id, posted, name, async |c, who, posted| {
        let now = c.state().clock.now();
        series::edit(&c.state().db, who, id, request(posted)?, now, horizon(c))
            .await
            .map(drop)
            .map_err(on_choices(posted))
    })
    .await
}

async fn end_series(c: Ctx, id: web::Path<SeriesId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    series_form(
        c,
        id,
        form,
        format!("end-series-{id}"),
        async |c, who, _| series::end(&c.state().db, who, id, c.state().clock.now()).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "desk/meetings_past.html")]
struct PastMeetingsPage<'a> {
    c: &'a Ctx,
    board_id: BoardId,
    board: String,
    sessions: Vec<SessionRow>,
    controls: ListControls,
}

/// Every past session of a board, the latest first, a page at a time.
async fn past_meetings(
    c: Ctx,
    id: web::Path<BoardId>,
    query: web::Query<ListQuery>,
) -> HttpResponse {
    let result = async {
        let board = id.into_inner();
        let req = PastRequest {
            month: query.month()?,
            search: query.search()?,
            page: query.page()?,
        };
        let (state, who) = (c.state(), c.principal()?);
        let (b, found) = sessions::past(&state.db, who, board, req, state.clock.now()).await?;
        let filters = vec![
            Field::month("month", c.t.get("list.month"))
                .value(query.month.as_deref().unwrap_or("")),
            search_field(&c, &query),
        ];
        let path = format!("/desk/boards/{board}/meetings/past");
        let controls = ListControls::new(&c, &path, &query, filters, &found);
        Ok::<_, AppError>(c.ok(&PastMeetingsPage {
            c: &c,
            board_id: board,
            board: b.name,
            sessions: found.items.iter().map(|m| session_row(&c, m)).collect(),
            controls,
        }))
    }
    .await;
    c.respond(result)
}
