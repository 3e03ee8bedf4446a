//! Reminds units of overdue actions and escalates those past the grace period.

use crate::actions::overdue::{self, Summary};
use crate::db::Db;
use crate::error::AppError;
use chrono::{DateTime, Utc};

pub async fn run(db: &Db, now: DateTime<Utc>, grace_days: u32) -> Result<Summary, AppError> {
    Ok(db
        .write(move |conn| overdue::queue(conn, now, grace_days))
        .await?)
}
