//! What a new action may follow from, offered by name so that nobody types a record's number:
//! the decisions of the board's sessions since a year ago (numbered within their session, as the
//! meeting page numbers them) and the board's indicators.

use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::{self, Db, DbConn, boards};
use crate::domain::action::SourceKind;
use crate::domain::ids::{BoardId, DecisionId, IndicatorId, MeetingId};
use crate::domain::refusal::{self, Word};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// How far back the decisions offered go.
const DECISION_DAYS: i64 = 366;

pub struct Source {
    pub kind: SourceKind,
    pub id: i64,
    pub label: SourceLabel,
}

/// What names a source to a person; the page words it in their language.
pub enum SourceLabel {
    Decision {
        meeting: MeetingId,
        session: NaiveDate,
        number: usize,
        text: String,
    },
    Indicator {
        code: String,
        name: String,
    },
}

/// The sources an action of `board` may follow from, newest session's decisions first, for
/// those who create the board's actions.
pub async fn sources(
    db: &Db,
    who: &Principal,
    board: BoardId,
    now: DateTime<Utc>,
) -> Result<Vec<Source>, AppError> {
    authorize(Some(who), Permission::ManageActions(board))?;
    db.read(move |conn| {
        let zone = boards::zone(conn, board)?.ok_or_else(|| {
            AppError::not_found(refusal::not_found(board, Word::of("record", "board")))
        })?;
        let local = now.with_timezone(&zone).naive_local();
        let from = local - TimeDelta::days(DECISION_DAYS);
        let mut sessions = db::meetings::list_for_board(conn, board, Some(from), None, false)?;
        sessions.reverse();
        let ids: Vec<_> = sessions.iter().map(|m| m.id).collect();
        let decided = db::decisions::of_meetings(conn, &ids)?;
        let mut found = Vec::new();
        for m in &sessions {
            let of_session = decided.iter().filter(|d| d.meeting_id == m.id);
            found.extend(of_session.enumerate().map(|(n, d)| Source {
                kind: SourceKind::Decision,
                id: d.id.0,
                label: SourceLabel::Decision {
                    meeting: m.id,
                    session: m.starts_local.date(),
                    number: n + 1,
                    text: d.text.clone(),
                },
            }));
        }
        found.extend(
            db::indicators::list_for_board(conn, board)?
                .into_iter()
                .map(|i| Source {
                    kind: SourceKind::Indicator,
                    id: i.id.0,
                    label: SourceLabel::Indicator {
                        code: i.code,
                        name: i.name,
                    },
                }),
        );
        Ok(found)
    })
    .await
}

/// What an action follows from, named as the list of sources names it; `None` for a source
/// named by its number alone (an incident, a grievance) or one no longer on the record.
pub(super) fn label_of(
    conn: &mut DbConn,
    kind: SourceKind,
    id: Option<i64>,
) -> Result<Option<SourceLabel>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let found = match kind {
        SourceKind::Decision => db::decisions::find_any(conn, DecisionId(id)).and_then(|d| {
            let m = db::meetings::find(conn, d.meeting_id)?;
            let taken = db::decisions::list(conn, m.id)?;
            Ok(SourceLabel::Decision {
                meeting: m.id,
                session: m.starts_local.date(),
                number: taken.iter().position(|t| t.id == d.id).unwrap_or(0) + 1,
                text: d.text,
            })
        }),
        SourceKind::Indicator => {
            db::indicators::find(conn, IndicatorId(id)).map(|i| SourceLabel::Indicator {
                code: i.code,
                name: i.name,
            })
        }
        _ => return Ok(None),
    };
    match found {
        Ok(label) => Ok(Some(label)),
        Err(db::Error::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
