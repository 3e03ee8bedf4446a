//! Materialises the meetings of every series up to the horizon. Each series is brought up to
//! date in its own transaction; a series deleted meanwhile is skipped.

use crate::audit::Actor;
use crate::db::{Db, series};
use crate::error::AppError;
use crate::meetings::schedule;
use chrono::{DateTime, Utc};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub series: usize,
    pub created: usize,
}

pub async fn run(db: &Db, now: DateTime<Utc>, horizon_months: u32) -> Result<Summary, AppError> {
    let all = db.read(series::list_active).await?;
    let mut summary = Summary::default();
    for s in all {
        let id = s.id;
        let created = db
            .write(move |conn| {
                let Ok(current) = series::find(conn, id) else {
                    return Ok(0);
                };
                let outcome = schedule::materialise(
                    conn,
                    &current,
                    now,
                    horizon_months,
                    &Actor::system("scheduler"),
                )?;
                Ok::<_, AppError>(outcome.created.len())
            })
            .await?;
        summary.series += 1;
        summary.created += created;
    }
    Ok(summary)
}
