//! The desk's lists read as many rows as they show, not the archive: the statements the code
//! really sends, asked of SQLite's `EXPLAIN QUERY PLAN`, use the index made for them
//! (`migrations/*/…_desk_indexes`, `…_unit_due`). The bundled SQLite plans without looking at bound values
//! (SQLITE_ENABLE_QPSG), so a plan on an empty database is the plan on a full one.

use crate::helpers::TestApp;
use bantay::db::actions::{self, Filter};
use bantay::db::grievances::{self, Holder};
use bantay::db::{Backend, DbConn};
use bantay::domain::action::ActionStatus;
use bantay::domain::grievance::GrievanceStatus;
use bantay::domain::ids::{BoardId, UnitId};
use chrono::NaiveDate;
use diesel::connection::{Connection, InstrumentationEvent};
use diesel::{QueryableByName, RunQueryDsl, sql_query, sql_types::Text};
use std::sync::{Arc, Mutex};

#[derive(QueryableByName)]
struct Step {
    #[diesel(sql_type = Text)]
    detail: String,
}

/// What SQLite does for each statement `run` sends on `conn`.
fn plans(conn: &mut DbConn, run: impl FnOnce(&mut DbConn)) -> Vec<String> {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = sent.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            log.lock().unwrap().push(query.to_string());
        }
    });
    run(conn);
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    let sent = sent.lock().unwrap().clone();
    sent.iter()
        .map(|statement| {
            let sql = statement.split(" -- binds:").next().unwrap();
            sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
                .load::<Step>(conn)
                .expect("plan")
                .into_iter()
                .map(|s| s.detail)
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect()
}

/// What SQLite does for each statement `run` sends, on a fresh test database; `None` on another
/// backend, whose plans this file does not read.
async fn sqlite_plans(run: impl FnOnce(&mut DbConn) + Send + 'static) -> Option<Vec<String>> {
    let app = TestApp::spawn().await;
    if app.test_db.backend() != Backend::Sqlite {
        return None;
    }
    let seen = app
        .db
        .read_blocking(|conn| Ok::<_, bantay::db::Error>(plans(conn, run)))
        .unwrap();
    Some(seen)
}

fn in_id_order_by(plan: &str, index: &str) {
    assert!(
        plan.contains(&format!("USING INDEX {index} ")) && !plan.contains("TEMP B-TREE"),
        "{plan}"
    );
}

#[actix_web::test]
async fn the_desks_overdue_actions_and_those_to_verify_are_read_from_their_index() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let Some(seen) = sqlite_plans(move |c| {
        let overdue = Filter {
            boards: Some(vec![BoardId(2)]),
            due_before: Some(today),
            ..Filter::default()
        };
        actions::list(c, &overdue, 40).expect("overdue");
        let to_verify = Filter {
            boards: Some(vec![BoardId(2)]),
            statuses: Some(vec![ActionStatus::ReportedDone]),
            ..Filter::default()
        };
        actions::list(c, &to_verify, 20).expect("to verify");
    })
    .await
    else {
        return;
    };
    assert_eq!(
        seen.len(),
        4,
        "a read for each pending status, then one: {seen:?}"
    );
    for plan in &seen[..3] {
        // Only the overdue rows are read; those few are put in id order.
        assert!(
            plan.contains("USING INDEX actions_board_due (board_id=? AND status=? AND due_date<?)"),
            "{plan}"
        );
    }
    in_id_order_by(&seen[3], "actions_board_status");
}

#[actix_web::test]
async fn a_representatives_overdue_actions_are_read_from_their_units_index() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let Some(seen) = sqlite_plans(move |c| {
        let overdue = Filter {
            units: Some(vec![UnitId(2), UnitId(3), UnitId(4)]),
            due_before: Some(today),
            ..Filter::default()
        };
        actions::list(c, &overdue, 40).expect("overdue");
    })
    .await
    else {
        return;
    };
    assert_eq!(seen.len(), 3, "a read for each pending status: {seen:?}");
    for plan in &seen {
        assert!(
            plan.contains("USING INDEX actions_unit_due (unit_id=? AND status=? AND due_date<?)"),
            "{plan}"
        );
    }
}

#[actix_web::test]
async fn the_desks_waiting_grievances_are_read_from_their_index() {
    let by = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
    let Some(seen) = sqlite_plans(move |c| {
        let received = GrievanceStatus::Received;
        grievances::waiting(c, Holder::Board(BoardId(2)), received, Some(by), 20).expect("board");
        let referred = GrievanceStatus::Referred;
        grievances::waiting(c, Holder::Unit(UnitId(3)), referred, None, 20).expect("unit");
    })
    .await
    else {
        return;
    };
    assert_eq!(seen.len(), 2, "{seen:?}");
    in_id_order_by(&seen[0], "grievances_board_status");
    in_id_order_by(&seen[1], "grievances_unit_status");
}
