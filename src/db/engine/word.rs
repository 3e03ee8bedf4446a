//! A vocabulary word (an action's status, what it follows up) read straight into its enum.
//! Read as a `String` first, each cost an allocation and its release, twice a row of a list.
//!
//! `#[diesel(deserialize_as = Word<ActionStatus>)]` on the enum's field.

use super::MultiBackend;
use crate::domain::action::{ActionStatus, SourceKind};
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::Pg;
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use std::str::FromStr;

#[derive(FromSqlRow)]
pub struct Word<T>(T);

fn parse<T>(text: &str) -> deserialize::Result<Word<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    Ok(Word(text.parse()?))
}

impl<T> FromSql<Text, Sqlite> for Word<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    fn from_sql(mut value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        parse(value.read_text())
    }
}

impl<T> FromSql<Text, Pg> for Word<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        parse(std::str::from_utf8(value.as_bytes())?)
    }
}

impl<T> FromSql<Text, MultiBackend> for Word<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Text>()
    }
}

impl From<Word<ActionStatus>> for ActionStatus {
    fn from(w: Word<ActionStatus>) -> Self {
        w.0
    }
}

impl From<Word<SourceKind>> for SourceKind {
    fn from(w: Word<SourceKind>) -> Self {
        w.0
    }
}
