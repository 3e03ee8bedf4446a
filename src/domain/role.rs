//! Roles: an installation-wide admin flag plus grants scoped to a board or a unit.

use super::Invalid;
use super::ids::{BoardId, UnitId};
use super::refusal::{self, Word};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grant {
    Secretary(BoardId),
    Member(BoardId),
    Representative(UnitId),
}

impl Grant {
    pub fn role_name(self) -> &'static str {
        match self {
            Self::Secretary(_) => "secretary",
            Self::Member(_) => "member",
            Self::Representative(_) => "representative",
        }
    }

    pub fn board(self) -> Option<BoardId> {
        match self {
            Self::Secretary(b) | Self::Member(b) => Some(b),
            Self::Representative(_) => None,
        }
    }

    pub fn unit(self) -> Option<UnitId> {
        match self {
            Self::Representative(u) => Some(u),
            _ => None,
        }
    }

    /// Builds a grant from its stored or submitted parts, refusing inconsistent combinations.
    pub fn from_parts(
        role: &str,
        board: Option<BoardId>,
        unit: Option<UnitId>,
    ) -> Result<Self, Invalid> {
        match (role, board, unit) {
            ("secretary", Some(b), None) => Ok(Self::Secretary(b)),
            ("member", Some(b), None) => Ok(Self::Member(b)),
            ("representative", None, Some(u)) => Ok(Self::Representative(u)),
            ("secretary" | "member", _, _) => Err(Invalid::new(
                "roles",
                refusal::role_held_on_board(Word::of("role", role)),
            )),
            ("representative", _, _) => Err(Invalid::new("roles", refusal::role_held_for_unit())),
            (other, _, _) => Err(Invalid::new("roles", refusal::role_unknown(other))),
        }
    }
}

/// The roles whose holders must sign in with a second factor (`BANTAY_MFA_REQUIRED`): a list
/// of role names, `all` or `none`; admins and secretaries unless told otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondFactorRoles {
    pub admin: bool,
    pub secretary: bool,
    pub member: bool,
    pub representative: bool,
}

impl SecondFactorRoles {
    pub const NONE: Self = Self {
        admin: false,
        secretary: false,
        member: false,
        representative: false,
    };
}

impl Default for SecondFactorRoles {
    fn default() -> Self {
        Self {
            admin: true,
            secretary: true,
            ..Self::NONE
        }
    }
}

impl std::str::FromStr for SecondFactorRoles {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut roles = Self::NONE;
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "none" => {}
                "all" => {
                    roles = Self {
                        admin: true,
                        secretary: true,
                        member: true,
                        representative: true,
                    }
                }
                "admin" => roles.admin = true,
                "secretary" => roles.secretary = true,
                "member" => roles.member = true,
                "representative" => roles.representative = true,
                other => {
                    return Err(format!(
                        "{other} is not a role: give admin, secretary, member, representative \
                         (comma-separated), all or none"
                    ));
                }
            }
        }
        Ok(roles)
    }
}
