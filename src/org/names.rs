//! The names of boards and units, read once for a page or a list that names them by id.

use crate::db::{self, Db, DbConn, boards, units};
use crate::domain::ids::{BoardId, UnitId};
use crate::error::AppError;
use std::collections::HashMap;

/// Board and unit names, each unit in the order its list gives.
pub struct Names {
    boards: HashMap<BoardId, String>,
    units: Vec<(UnitId, String)>,
}

impl Names {
    /// The names, on a connection a read already holds.
    pub fn load(conn: &mut DbConn) -> db::Result<Self> {
        Ok(Self {
            boards: boards::names(conn)?.into_iter().collect(),
            units: units::names(conn)?,
        })
    }

    /// The names, in a read of their own.
    pub async fn read(db: &Db) -> Result<Self, AppError> {
        Ok(db.read(Self::load).await?)
    }

    pub fn board(&self, id: BoardId) -> String {
        self.boards.get(&id).cloned().unwrap_or_default()
    }

    pub fn unit(&self, id: UnitId) -> String {
        self.units
            .iter()
            .find(|(u, _)| *u == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    }

    /// Every unit with its name.
    pub fn units(&self) -> &[(UnitId, String)] {
        &self.units
    }
}
