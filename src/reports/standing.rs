//! Where reports stand for the one reading them: a board's reports, each with the step it waits
//! for, whether that step is the reader's and who else could take it; and the published reports
//! a representative's units have acknowledged or may still acknowledge.

use crate::auth::policy::{
    self, Permission, Principal, ReportBoard, ReportStep, authorize, capacity_of,
};
use crate::db::boards::Board;
use crate::db::reports::{self as store, Report};
use crate::db::{Db, users};
use crate::domain::ids::{BoardId, UnitId, UserId};
use crate::domain::period::Period;
use crate::domain::refusal;
use crate::domain::report::{Officer, ReportStatus};
use crate::domain::role::Grant;
use crate::error::AppError;
use crate::org::names::Names;
use chrono::{DateTime, Utc};

/// Published reports offered to representatives to acknowledge.
const TO_ACKNOWLEDGE: i64 = 12;

/// A board's reports as its people read them.
pub struct BoardReports {
    pub board: Board,
    /// The reader drafts the board's reports and corrects them.
    pub manages: bool,
    /// The month a new draft is for unless another is typed: the last one ended, in the board's
    /// time zone.
    pub last_month: Period,
    /// Newest month first.
    pub reports: Vec<ReportStanding>,
}

/// One report, and what the reader may do with it.
pub struct ReportStanding {
    pub report: Report,
    /// The step it waits for and whether the reader may take it now; `None` once published.
    pub next: Option<(ReportStep, bool)>,
    /// The reader may publish this draft without a second approval: the board's two-person rule
    /// is off.
    pub publish_alone: bool,
    /// The reader approved it, so under the two-person rule someone else publishes it.
    pub approved_by_reader: bool,
    /// The reader may draft a correction of it.
    pub correctable: bool,
    /// Who else could take the next step, by name, with the capacity they would take it in.
    pub others: Vec<(String, Officer)>,
}

impl ReportStanding {
    /// The next step is the reader's to take now.
    pub fn yours(&self) -> bool {
        self.next.is_some_and(|(_, mine)| mine)
    }
}

/// The reports of `board`, for the board's people and the secretaries above it.
pub async fn board_reports(
    db: &Db,
    who: &Principal,
    board: BoardId,
    now: DateTime<Utc>,
) -> Result<BoardReports, AppError> {
    let (all, b) = super::workflow::list(db, who, board).await?;
    let around: Vec<BoardId> = std::iter::once(board).chain(b.parent_id).collect();
    let people = db.read(move |conn| users::on_boards(conn, &around)).await?;
    let on = ReportBoard {
        board,
        parent: b.parent_id,
    };
    let two_person = b.two_person_approval;
    let reports = all
        .into_iter()
        .map(|report| standing(who, on, two_person, &people, report))
        .collect();
    Ok(BoardReports {
        manages: authorize(Some(who), Permission::ManageReports(board)).is_ok(),
        last_month: Period::month_before(now.with_timezone(&b.zone()).date_naive()),
        board: b,
        reports,
    })
}

fn standing(
    who: &Principal,
    on: ReportBoard,
    two_person: bool,
    people: &[(UserId, String, Vec<Grant>)],
    report: Report,
) -> ReportStanding {
    let next = super::workflow::next_step(who, on, &report, two_person);
    // Under the two-person rule whoever approved it does not publish it.
    let approver = report.approved_by.filter(|_| two_person);
    let others = match next {
        Some((step, _)) => people
            .iter()
            .filter(|(id, _, _)| step == ReportStep::Approve || Some(*id) != approver)
            .filter_map(|(_, name, grants)| Some((name.clone(), capacity_of(grants, on, step)?)))
            .collect(),
        None => Vec::new(),
    };
    let may = |step| authorize(Some(who), Permission::ReportStep(on, step)).is_ok();
    ReportStanding {
        next,
        publish_alone: !two_person && may(ReportStep::Publish),
        approved_by_reader: approver == Some(who.user_id),
        correctable: authorize(Some(who), Permission::ManageReports(on.board)).is_ok(),
        others,
        report,
    }
}

/// A published report that the reader's units may acknowledge.
pub struct ToAcknowledge {
    pub report: Report,
    pub board: String,
    /// The reader's units that have not yet acknowledged it, with their names.
    pub open: Vec<(UnitId, String)>,
    /// The names of the reader's units that have.
    pub acknowledged: Vec<String>,
}

/// The latest published reports, for a representative to acknowledge for their units.
pub async fn to_acknowledge(db: &Db, who: &Principal) -> Result<Vec<ToAcknowledge>, AppError> {
    let units = policy::acknowledging_units(who);
    if units.is_empty() {
        return Err(AppError::Forbidden(refusal::not_representative()));
    }
    db.read(move |conn| {
        let names = Names::load(conn)?;
        let mut found = Vec::new();
        for report in store::list_public(conn, None, Some(TO_ACKNOWLEDGE))? {
            if report.status != ReportStatus::Published {
                continue;
            }
            let replied: Vec<UnitId> = store::replies_to(conn, report.id)?
                .into_iter()
                .map(|x| x.unit_id)
                .collect();
            let (done, open): (Vec<UnitId>, Vec<UnitId>) =
                units.iter().copied().partition(|u| replied.contains(u));
            found.push(ToAcknowledge {
                board: names.board(report.board_id),
                open: open.into_iter().map(|u| (u, names.unit(u))).collect(),
                acknowledged: done.into_iter().map(|u| names.unit(u)).collect(),
                report,
            });
        }
        Ok(found)
    })
    .await
}
