//! One's own account as `/api/v1/me` shows it: the account and its roles, each with the name
//! of its board or unit.

use super::accounts::UserView;
use super::policy::Principal;
use crate::db::{Db, DbConn, boards, units, users};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::role::Grant;
use crate::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// The caller's own account, with its roles named.
#[derive(Serialize, ToSchema)]
#[schema(as = Me)]
pub struct MeView {
    user: UserView,
    roles: Vec<RoleDescriptionView>,
}

/// The caller's own account, with its roles named.
pub async fn own(db: &Db, who: &Principal) -> Result<MeView, AppError> {
    let id = who.user_id;
    db.read(move |conn| {
        let user = users::find(conn, id)?;
        let roles = describe_roles(conn, &user.grants)?;
        Ok(MeView {
            user: user.into(),
            roles,
        })
    })
    .await
}

/// Names for the roles, so that `/me` can say "secretary of Region VIII" rather than an id.
fn describe_roles(
    conn: &mut DbConn,
    grants: &[Grant],
) -> Result<Vec<RoleDescriptionView>, AppError> {
    grants
        .iter()
        .map(|g| {
            let scope_name = match g {
                Grant::Secretary(b) | Grant::Member(b) => boards::find(conn, *b)?.name,
                Grant::Representative(u) => units::find(conn, *u)?.name,
            };
            Ok(RoleDescriptionView {
                role: g.role_name().to_owned(),
                board_id: g.board(),
                unit_id: g.unit(),
                scope_name,
            })
        })
        .collect()
}

/// A role as `RoleView` has it, with the name of its board or unit. Its own fields rather than
/// a flattened `RoleView`, whose schema admits no other property.
#[derive(Serialize, ToSchema)]
#[schema(as = RoleDescription)]
pub struct RoleDescriptionView {
    /// `secretary`, `member` (with `board_id`) or `representative` (with `unit_id`).
    #[schema(pattern = r"^(secretary|member|representative)$")]
    role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    board_id: Option<BoardId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_id: Option<UnitId>,
    /// The board's or unit's name.
    scope_name: String,
}
