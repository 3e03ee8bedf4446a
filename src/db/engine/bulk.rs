//! Bulk loading for generated archives (`bantay demo load --scale`): rows sent as multi-row
//! `INSERT`s of literal values with ids chosen by the caller, so children can name their parents
//! without a round trip per row. Only for values the program generated itself.

use super::{DbConn, Result};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::{QueryableByName, RunQueryDsl};
use std::fmt::Write;

/// Parent rows per statement: large enough to amortise parsing, small enough for SQLite's
/// defaults with their children.
pub const BATCH: usize = 200;

/// One column's value, written as an SQL literal both backends read the same way.
#[derive(Clone, Copy)]
pub enum Value<'a> {
    Int(i64),
    Real(f64),
    Text(&'a str),
    Date(NaiveDate),
    Time(NaiveDateTime),
    Bool(bool),
    Null,
}

impl Value<'_> {
    fn write_to(&self, sql: &mut String) {
        // Writing to a String cannot fail.
        let _ = match self {
            Self::Int(v) => write!(sql, "{v}"),
            Self::Real(v) => write!(sql, "{v:?}"),
            Self::Text(v) => write!(sql, "'{}'", v.replace('\'', "''")),
            Self::Date(v) => write!(sql, "'{}'", v.format("%Y-%m-%d")),
            Self::Time(v) => write!(sql, "'{}'", v.format("%Y-%m-%d %H:%M:%S%.6f")),
            Self::Bool(v) => write!(sql, "{}", if *v { "TRUE" } else { "FALSE" }),
            Self::Null => write!(sql, "NULL"),
        };
    }
}

/// Rows waiting to be written to one table. Nothing is sent until `flush`, so a caller flushes
/// parents before the children that name them.
pub struct Rows {
    head: String,
    sql: String,
    pending: usize,
    /// For a table numbered here: the id of the next row.
    next: i64,
    pub written: u64,
}

impl Rows {
    pub fn new(table: &str, columns: &[&str]) -> Self {
        Self {
            head: format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")),
            sql: String::new(),
            pending: 0,
            next: 0,
            written: 0,
        }
    }

    /// Rows of a table with an `id` column, numbered after the largest id already there.
    pub fn numbered(conn: &mut DbConn, table: &str, columns: &[&str]) -> Result<Self> {
        let mut all = vec!["id"];
        all.extend_from_slice(columns);
        Ok(Self {
            next: max_id(conn, table)? + 1,
            ..Self::new(table, &all)
        })
    }

    /// The id the next row of a numbered table gets.
    pub fn next_id(&self) -> i64 {
        self.next
    }

    /// Adds a row to a numbered table, its id first; returns that id.
    pub fn add(&mut self, row: &[Value]) -> i64 {
        let id = self.next;
        self.next += 1;
        let mut numbered = Vec::with_capacity(row.len() + 1);
        numbered.push(Value::Int(id));
        numbered.extend_from_slice(row);
        self.push(&numbered);
        id
    }

    pub fn push(&mut self, row: &[Value]) {
        self.sql
            .push_str(if self.pending == 0 { &self.head } else { ", " });
        self.sql.push('(');
        for (i, value) in row.iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            value.write_to(&mut self.sql);
        }
        self.sql.push(')');
        self.pending += 1;
    }

    pub fn pending(&self) -> usize {
        self.pending
    }

    pub fn flush(&mut self, conn: &mut DbConn) -> Result<()> {
        if self.pending > 0 {
            diesel::sql_query(std::mem::take(&mut self.sql)).execute(conn)?;
            self.written += self.pending as u64;
            self.pending = 0;
        }
        Ok(())
    }
}

#[derive(QueryableByName)]
struct Max {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    id: Option<i64>,
}

/// Sends every table's waiting rows, in the order given: parents first.
pub fn flush_all(conn: &mut DbConn, tables: &mut [&mut Rows]) -> Result<()> {
    for rows in tables {
        rows.flush(conn)?;
    }
    Ok(())
}

/// The largest id in `table` (0 when empty).
fn max_id(conn: &mut DbConn, table: &str) -> Result<i64> {
    let query = diesel::sql_query(format!("SELECT MAX(id) AS id FROM {table}"));
    let max: Max = match conn {
        DbConn::Sqlite(c) => query.get_result(c)?,
        DbConn::Pg(c) => query.get_result(c)?,
    };
    Ok(max.id.unwrap_or(0))
}

/// After rows were written with chosen ids, PostgreSQL's identity must continue after them
/// (SQLite's AUTOINCREMENT follows the largest id by itself).
pub fn continue_ids(conn: &mut DbConn, table: &str) -> Result<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        ))
        .execute(pg)?;
    }
    Ok(())
}
