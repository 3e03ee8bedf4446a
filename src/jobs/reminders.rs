//! Queues reminders of the sessions coming up within the configured number of days.

use crate::db::Db;
use crate::error::AppError;
use crate::meetings::reminders;
use chrono::{DateTime, Utc};

pub async fn run(db: &Db, now: DateTime<Utc>, days: u32) -> Result<usize, AppError> {
    Ok(db
        .write(move |conn| reminders::queue_due(conn, now, days))
        .await?)
}
