//! Grievances as people page through them on the desk: a board's, or those referred to the
//! reader's units, newest first, filtered and searched, each in the view the policy gives.

use super::views::{GrievanceView, views_of};
use super::workflow::chain;
use crate::auth::policy::{self, Case, Permission, Principal, authorize};
use crate::db::grievances::{self as store, Filter};
use crate::db::{Db, DbConn, boards as board_store, units};
use crate::domain::grievance::GrievanceStatus;

use crate::domain::listing::{Browse, PER_PAGE, Search, Slice, Total, Whose, within};
use crate::domain::local_time::to_utc;
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// A page of grievances as people browse them: `month` is when they were filed, in the board's
/// time zone; `overdue` keeps those with an acknowledgement or a response late; the search reads
/// what the unit was told, and for the board's people also the complaint and its place.
pub type BrowseRequest = Browse<GrievanceStatus>;

/// One page of the grievances `who` may see that match `req`, newest first, with how many
/// match, each in the view the policy gives `who`.
pub async fn browse(
    db: &Db,
    who: &Principal,
    req: BrowseRequest,
    now: DateTime<Utc>,
) -> Result<Slice<GrievanceView>, AppError> {
    let who = who.clone();
    db.read(move |conn| {
        let tree = units::tree(conn)?;
        let (board, mine, zone) = match req.whose {
            Whose::Board(board) => {
                authorize(Some(&who), Permission::ReadGrievances(board))?;
                (Some(board), None, boards::find(conn, board)?.zone())
            }
            Whose::MyUnits => {
                let seats = policy::seats(&who).units.into_iter().map(|s| s.on);
                (None, Some(tree.subtrees(seats)), common_zone(conn)?)
            }
        };
        let referred_to = within(mine, req.unit.map(|u| tree.subtree(u)));
        let in_utc = |t: NaiveDateTime| to_utc(t, zone).naive_utc();
        let filter = Filter {
            board,
            referred_to: referred_to.as_deref(),
            status: req.status,
            filed: req.month.map(|m| {
                let (from, to) = m.span();
                (in_utc(from), in_utc(to))
            }),
            late_on: req.overdue.then(|| now.with_timezone(&zone).date_naive()),
            text_like: req.search.as_ref().map(Search::pattern),
            filer_words: board.is_some(),
        };
        let count_to = req.page.count_to();
        let (rows, counted) = store::page_of(conn, &filter, req.page.offset(), PER_PAGE, count_to)?;
        let seen = rows.into_iter().filter_map(|g| {
            let concerned = chain(&tree, &g);
            policy::case_sight(&who, Case::Grievance, g.board_id, &concerned).map(|s| (g, s))
        });
        Ok(Slice {
            items: views_of(conn, seen.collect(), now)?,
            page: req.page,
            total: Total::of(counted, count_to),
        })
    })
    .await
}

/// The time zone every board keeps, or UTC when they differ.
fn common_zone(conn: &mut DbConn) -> Result<Tz, AppError> {
    let zones: Vec<Tz> = board_store::list(conn)?.iter().map(|b| b.zone()).collect();
    Ok(match zones.split_first() {
        Some((first, rest)) if rest.iter().all(|z| z == first) => *first,
        _ => Tz::UTC,
    })
}
