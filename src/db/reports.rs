//! The `reports`, `report_editions` and `report_replies` tables.

use super::schema::{report_editions as editions, report_replies as replies, reports};
use super::{DbConn, NullableId, Result, last_insert_id};
use crate::domain::ids::{BoardId, ReportId, UnitId, UserId};
use crate::domain::report::{ReportStatus, Signoff};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct Report {
    #[diesel(deserialize_as = i64)]
    pub id: ReportId,
    #[diesel(deserialize_as = i64)]
    pub board_id: BoardId,
    pub period: String,
    pub revision: i32,
    #[diesel(deserialize_as = String)]
    pub status: ReportStatus,
    /// The report document as canonical JSON.
    pub document: String,
    pub document_sha256: String,
    #[diesel(deserialize_as = NullableId)]
    pub supersedes_id: Option<ReportId>,
    pub drafted_at: NaiveDateTime,
    #[diesel(deserialize_as = NullableId)]
    pub approved_by: Option<UserId>,
    pub approved_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = NullableId)]
    pub published_by: Option<UserId>,
    pub published_at: Option<NaiveDateTime>,
    pub pdf_sha256: Option<String>,
    pub updated_at: NaiveDateTime,
    /// How it was approved and published, by role.
    #[diesel(deserialize_as = Option<String>)]
    pub signoff: Signoff,
}

/// Reads a report's signoff as stored: JSON, `NULL` before anyone signed it off.
impl TryFrom<Option<String>> for Signoff {
    type Error = serde_json::Error;

    fn try_from(stored: Option<String>) -> std::result::Result<Self, Self::Error> {
        match stored {
            Some(json) => serde_json::from_str(&json),
            None => Ok(Signoff::default()),
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = reports, treat_none_as_null = true)]
struct Values<'a> {
    status: &'a str,
    document: &'a str,
    document_sha256: &'a str,
    approved_by: Option<i64>,
    approved_at: Option<NaiveDateTime>,
    published_by: Option<i64>,
    published_at: Option<NaiveDateTime>,
    pdf_sha256: Option<&'a str>,
    updated_at: NaiveDateTime,
    signoff: Option<String>,
}

impl<'a> From<&'a Report> for Values<'a> {
    fn from(r: &'a Report) -> Self {
        Self {
            status: r.status.as_str(),
            document: &r.document,
            document_sha256: &r.document_sha256,
            approved_by: r.approved_by.map(|u| u.0),
            approved_at: r.approved_at,
            published_by: r.published_by.map(|u| u.0),
            published_at: r.published_at,
            pdf_sha256: r.pdf_sha256.as_deref(),
            updated_at: r.updated_at,
            signoff: (r.signoff != Signoff::default())
                .then(|| serde_json::to_string(&r.signoff).unwrap_or_default()),
        }
    }
}

/// Inserts the report, or returns `None` when this board, period and revision already exist
/// (an earlier tick got there first). The unique index stops a concurrent instance: its
/// transaction fails and its next tick finds the report.
pub fn insert_new(conn: &mut DbConn, r: &Report) -> Result<Option<Report>> {
    let exists: i64 = reports::table
        .filter(reports::board_id.eq(r.board_id.0))
        .filter(reports::period.eq(&r.period))
        .filter(reports::revision.eq(r.revision))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(None);
    }
    diesel::insert_into(reports::table)
        .values((
            reports::board_id.eq(r.board_id.0),
            reports::period.eq(&r.period),
            reports::revision.eq(r.revision),
            reports::supersedes_id.eq(r.supersedes_id.map(|s| s.0)),
            reports::drafted_at.eq(r.drafted_at),
            Values::from(r),
        ))
        .execute(conn)?;
    let id = ReportId(last_insert_id(conn)?);
    find(conn, id).map(Some)
}

pub fn update(conn: &mut DbConn, r: &Report) -> Result<Report> {
    diesel::update(reports::table.find(r.id.0))
        .set(Values::from(r))
        .execute(conn)?;
    find(conn, r.id)
}

pub fn find(conn: &mut DbConn, id: ReportId) -> Result<Report> {
    Ok(reports::table
        .find(id.0)
        .select(Report::as_select())
        .first(conn)?)
}

/// A board's reports, newest period and revision first.
pub fn list_for_board(conn: &mut DbConn, board: BoardId) -> Result<Vec<Report>> {
    Ok(reports::table
        .filter(reports::board_id.eq(board.0))
        .order((reports::period.desc(), reports::revision.desc()))
        .select(Report::as_select())
        .load(conn)?)
}

/// Every board's reports on their way to the public (drafts and approved ones), by board and
/// newest period first: a range of `reports_published`, never the published archive.
pub fn on_their_way(conn: &mut DbConn) -> Result<Vec<Report>> {
    Ok(reports::table
        .filter(reports::status.eq_any([
            ReportStatus::Draft.as_str(),
            ReportStatus::Approved.as_str(),
        ]))
        .order((
            reports::board_id,
            reports::period.desc(),
            reports::revision.desc(),
        ))
        .select(Report::as_select())
        .load(conn)?)
}

/// The reports of a board and period, every revision, oldest first.
pub fn of_period(conn: &mut DbConn, board: BoardId, period: &str) -> Result<Vec<Report>> {
    Ok(reports::table
        .filter(reports::board_id.eq(board.0))
        .filter(reports::period.eq(period))
        .order(reports::revision)
        .select(Report::as_select())
        .load(conn)?)
}

/// Reports the public may see (published or superseded), newest first; at most `limit`.
pub fn list_public(
    conn: &mut DbConn,
    board: Option<BoardId>,
    limit: Option<i64>,
) -> Result<Vec<Report>> {
    let mut q = reports::table
        .filter(reports::status.eq_any([
            ReportStatus::Published.as_str(),
            ReportStatus::Superseded.as_str(),
        ]))
        .into_boxed();
    if let Some(board) = board {
        q = q.filter(reports::board_id.eq(board.0));
    }
    if let Some(limit) = limit {
        q = q.limit(limit);
    }
    Ok(q.order((reports::published_at.desc(), reports::id.desc()))
        .select(Report::as_select())
        .load(conn)?)
}

/// The report that supersedes this one, if any.
pub fn superseded_by(conn: &mut DbConn, id: ReportId) -> Result<Option<Report>> {
    // A correction still in draft replaces nothing yet, and is nobody's business but the board's.
    Ok(reports::table
        .filter(reports::supersedes_id.eq(id.0))
        .filter(reports::status.eq_any([
            ReportStatus::Published.as_str(),
            ReportStatus::Superseded.as_str(),
        ]))
        .select(Report::as_select())
        .first(conn)
        .optional()?)
}

/// The published report one of whose signed editions has this SHA-256, with that edition's
/// language.
pub fn find_by_pdf_sha256(conn: &mut DbConn, sha256: &str) -> Result<Option<(Report, String)>> {
    Ok(reports::table
        .inner_join(editions::table.on(editions::report_id.eq(reports::id)))
        .filter(editions::pdf_sha256.eq(sha256))
        .select((Report::as_select(), editions::language))
        .first(conn)
        .optional()?)
}

/// One language edition of a published report: its signed PDF, known by its SHA-256.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = editions)]
pub struct Edition {
    pub language: String,
    pub pdf_sha256: String,
}

/// Keeps the signed PDF of one edition, byte for byte.
pub fn add_edition(
    conn: &mut DbConn,
    id: ReportId,
    language: &str,
    pdf: &[u8],
    sha256: &str,
) -> Result<()> {
    diesel::insert_into(editions::table)
        .values((
            editions::report_id.eq(id.0),
            editions::language.eq(language),
            editions::pdf.eq(pdf),
            editions::pdf_sha256.eq(sha256),
        ))
        .execute(conn)?;
    Ok(())
}

/// A report's editions, English first.
pub fn editions(conn: &mut DbConn, id: ReportId) -> Result<Vec<Edition>> {
    Ok(editions::table
        .filter(editions::report_id.eq(id.0))
        .order(editions::language)
        .select(Edition::as_select())
        .load(conn)?)
}

/// The editions of each of `ids`, English first.
pub fn editions_of(conn: &mut DbConn, ids: &[ReportId]) -> Result<Vec<(ReportId, Edition)>> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let rows: Vec<(i64, Edition)> = editions::table
        .filter(editions::report_id.eq_any(ids))
        .order((editions::report_id, editions::language))
        .select((editions::report_id, Edition::as_select()))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, e)| (ReportId(id), e)).collect())
}

/// The signed PDF of one edition.
pub fn edition_pdf(conn: &mut DbConn, id: ReportId, language: &str) -> Result<Option<Vec<u8>>> {
    Ok(editions::table
        .find((id.0, language))
        .select(editions::pdf)
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = replies)]
pub struct Reply {
    #[diesel(deserialize_as = i64)]
    pub unit_id: UnitId,
    #[diesel(deserialize_as = NullableId)]
    pub user_id: Option<UserId>,
    pub text: String,
    pub at: NaiveDateTime,
}

/// Records a unit's acknowledgement; `false` when the unit had already acknowledged.
pub fn add_reply(conn: &mut DbConn, report: ReportId, r: &Reply) -> Result<bool> {
    let exists: i64 = replies::table
        .filter(replies::report_id.eq(report.0))
        .filter(replies::unit_id.eq(r.unit_id.0))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(replies::table)
        .values((
            replies::report_id.eq(report.0),
            replies::unit_id.eq(r.unit_id.0),
            replies::user_id.eq(r.user_id.map(|u| u.0)),
            replies::text.eq(&r.text),
            replies::at.eq(r.at),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn replies_to(conn: &mut DbConn, report: ReportId) -> Result<Vec<Reply>> {
    Ok(replies::table
        .filter(replies::report_id.eq(report.0))
        .order(replies::id)
        .select(Reply::as_select())
        .load(conn)?)
}
