//! Flags missed grievance deadlines and escalates late responses.

use crate::db::Db;
use crate::error::AppError;
use crate::grievances::deadlines::{self, Summary};
use chrono::{DateTime, Utc};

pub async fn run(db: &Db, now: DateTime<Utc>) -> Result<Summary, AppError> {
    Ok(db.write(move |conn| deadlines::queue(conn, now)).await?)
}
