//! What the public dashboard draws: a board's months as its published reports gave them, and
//! nothing else — never the live records — so that the dashboard shows no figure, and no
//! month, that the board did not publish, with every small count suppressed as it was printed.

use super::document::ReportDocument;
use crate::db::boards::Board;
use crate::db::reports as store;
use crate::db::{Db, boards};
use crate::domain::ids::{BoardId, ReportId};
use crate::domain::period::Period;
use crate::domain::report::ReportStatus;
use crate::error::AppError;

/// How many published months the dashboard draws, newest last.
pub const MONTHS: usize = 12;

/// One published month: the report in force for it (a correction replaces the report it
/// corrects) and its document.
pub struct PublishedMonth {
    pub report: ReportId,
    pub period: Period,
    pub doc: ReportDocument,
}

pub struct Trends {
    pub board: Board,
    /// Every board, for choosing another: the national one first.
    pub boards: Vec<Board>,
    /// Oldest first; at most [`MONTHS`].
    pub months: Vec<PublishedMonth>,
}

/// The published months of `board`, or of the national board (the one above all others) when
/// none is named.
pub async fn published(db: &Db, board: Option<BoardId>) -> Result<Trends, AppError> {
    db.read(move |conn| {
        let mut all = boards::list(conn)?;
        all.sort_by_key(|b| (b.parent_id.is_some(), b.name.clone()));
        let chosen = match board {
            Some(id) => all.iter().find(|b| b.id == id),
            None => all.first(),
        };
        let Some(chosen) = chosen.cloned() else {
            return Err(AppError::not_found(crate::domain::refusal::not_found(
                board.map_or(0, |b| b.0),
                crate::domain::refusal::Word::of("record", "board"),
            )));
        };
        let mut reports: Vec<_> = store::list_public(conn, Some(chosen.id), None)?
            .into_iter()
            .filter(|r| r.status == ReportStatus::Published)
            .collect();
        reports.sort_by(|a, b| b.period.cmp(&a.period));
        reports.truncate(MONTHS);
        reports.reverse();
        let months = reports
            .iter()
            .map(|r| {
                Ok(PublishedMonth {
                    report: r.id,
                    period: Period::parse_month("period", &r.period)?,
                    doc: super::document(r)?,
                })
            })
            .collect::<Result<_, AppError>>()?;
        Ok(Trends {
            board: chosen,
            boards: all,
            months,
        })
    })
    .await
}
