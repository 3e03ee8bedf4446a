//! Public feeds outside the JSON API: the calendar of a board's public sessions, and the Atom
//! feed of published reports.

use crate::domain::ids::{BoardId, MeetingId};
use crate::error::AppError;
use crate::http::state::AppState;
use crate::meetings::calendar;
use crate::reports::public;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

fn ics(body: String, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{filename}\""),
        ))
        .body(body)
}

/// A board's public sessions (a year back and all ahead) with their public agenda items, as
/// iCalendar for subscription. Times are UTC; cancelled sessions stay with STATUS:CANCELLED.
#[utoipa::path(tag = "feeds", params(BoardId),
    responses((status = 200, description = "iCalendar (RFC 5545)", content_type = "text/calendar")))]
#[get("/boards/{id}/meetings.ics")]
pub async fn board_calendar(
    state: web::Data<AppState>,
    id: web::Path<BoardId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (now, installation) = (state.clock.now(), state.installation_id.clone());
    let body = calendar::board_feed(&state.db, id, installation, now).await?;
    Ok(ics(body, &format!("board-{id}.ics")))
}

/// One public session as iCalendar, to add to a calendar by hand.
#[utoipa::path(tag = "feeds", params(MeetingId),
    responses((status = 200, description = "iCalendar (RFC 5545)", content_type = "text/calendar")))]
#[get("/meetings/{id}/calendar.ics")]
pub async fn meeting_calendar(
    state: web::Data<AppState>,
    id: web::Path<MeetingId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let installation = state.installation_id.clone();
    let body = calendar::meeting_feed(&state.db, id, installation).await?;
    Ok(ics(body, &format!("meeting-{id}.ics")))
}

/// Published reports as an Atom feed, newest first: each entry links the signed PDF and gives
/// its SHA-256.
#[utoipa::path(tag = "feeds",
    responses((status = 200, description = "Atom (RFC 4287)", content_type = "application/atom+xml")))]
#[get("/reports.atom")]
pub async fn reports_feed(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, AppError> {
    let base = {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    };
    let installation = state.installation_id.clone();
    let title = state.report_templates.get("en").text("title", &[]);
    let body = public::feed(&state.db, installation, base, title).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(body))
}
