//! Units of the security sector and their chain of command.

use super::Invalid;
use super::ids::UnitId;
use super::refusal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Army,
    Navy,
    AirForce,
    Marines,
    Police,
    CoastGuard,
    Other,
}

impl Service {
    pub const ALL: [Service; 7] = [
        Self::Army,
        Self::Navy,
        Self::AirForce,
        Self::Marines,
        Self::Police,
        Self::CoastGuard,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Army => "army",
            Self::Navy => "navy",
            Self::AirForce => "air_force",
            Self::Marines => "marines",
            Self::Police => "police",
            Self::CoastGuard => "coast_guard",
            Self::Other => "other",
        }
    }
}

impl FromStr for Service {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|v| v.as_str()).collect();
                Invalid::new(
                    "service",
                    refusal::unit_service_unknown(s, names.join(", ")),
                )
            })
    }
}

/// The whole chain of command as parent links, for subtree and cycle questions.
#[derive(Debug, Default, Clone)]
pub struct UnitTree {
    parents: HashMap<UnitId, Option<UnitId>>,
}

impl UnitTree {
    pub fn new(links: impl IntoIterator<Item = (UnitId, Option<UnitId>)>) -> Self {
        Self {
            parents: links.into_iter().collect(),
        }
    }

    /// The unit itself followed by its superiors up to the top of the chain.
    pub fn chain(&self, unit: UnitId) -> Vec<UnitId> {
        let mut chain = vec![unit];
        let mut current = unit;
        while let Some(Some(parent)) = self.parents.get(&current) {
            if chain.contains(parent) {
                break;
            }
            chain.push(*parent);
            current = *parent;
        }
        chain
    }

    /// `root` and every unit under it, in id order.
    pub fn subtree(&self, root: UnitId) -> Vec<UnitId> {
        let mut units: Vec<UnitId> = self
            .parents
            .keys()
            .copied()
            .filter(|u| self.is_within(*u, root))
            .collect();
        units.sort_unstable();
        units
    }

    /// The units of several subtrees together, each once.
    pub fn subtrees(&self, roots: impl IntoIterator<Item = UnitId>) -> Vec<UnitId> {
        let mut units: Vec<UnitId> = roots.into_iter().flat_map(|r| self.subtree(r)).collect();
        units.sort_unstable();
        units.dedup();
        units
    }

    /// Whether `unit` is `root` or lies anywhere under it.
    pub fn is_within(&self, unit: UnitId, root: UnitId) -> bool {
        self.chain(unit).contains(&root)
    }

    /// Checks that moving `unit` under `new_parent` keeps the chain of command a tree.
    pub fn check_move(&self, unit: UnitId, new_parent: Option<UnitId>) -> Result<(), Invalid> {
        match new_parent {
            Some(parent) if self.is_within(parent, unit) => {
                Err(Invalid::new("parent_id", refusal::unit_under_itself()))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> UnitTree {
        // 1 army → 2 division → 3 brigade; 4 police
        UnitTree::new([
            (UnitId(1), None),
            (UnitId(2), Some(UnitId(1))),
            (UnitId(3), Some(UnitId(2))),
            (UnitId(4), None),
        ])
    }

    #[test]
    fn a_subtree_contains_the_unit_and_everything_under_it() {
        let t = tree();
        assert_eq!(t.chain(UnitId(3)), vec![UnitId(3), UnitId(2), UnitId(1)]);
        assert!(t.is_within(UnitId(3), UnitId(2)));
        assert!(t.is_within(UnitId(2), UnitId(2)));
        assert!(!t.is_within(UnitId(1), UnitId(2)));
        assert!(!t.is_within(UnitId(4), UnitId(1)));
    }

    #[test]
    fn a_unit_cannot_move_under_its_own_subordinate() {
        let t = tree();
        assert!(t.check_move(UnitId(1), Some(UnitId(3))).is_err());
        assert!(t.check_move(UnitId(2), Some(UnitId(2))).is_err());
        assert!(t.check_move(UnitId(3), Some(UnitId(4))).is_ok());
        assert!(t.check_move(UnitId(3), None).is_ok());
    }

    #[test]
    fn service_names_round_trip() {
        for s in Service::ALL {
            assert_eq!(s.as_str().parse::<Service>().unwrap(), s);
        }
        assert!("militia".parse::<Service>().is_err());
    }
}
