//! Boards form a tree: national → regional → provincial, each in its own time zone.

use super::Invalid;
use super::refusal::{self, Word};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

pub const DEFAULT_TIME_ZONE: &str = "Asia/Manila";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BoardLevel {
    National,
    Regional,
    Provincial,
}

impl BoardLevel {
    pub const ALL: [BoardLevel; 3] = [Self::National, Self::Regional, Self::Provincial];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::National => "national",
            Self::Regional => "regional",
            Self::Provincial => "provincial",
        }
    }

    /// The level a parent must have, or `None` for the root of the tree.
    pub fn parent_level(self) -> Option<BoardLevel> {
        match self {
            Self::National => None,
            Self::Regional => Some(Self::National),
            Self::Provincial => Some(Self::Regional),
        }
    }

    /// Checks that a board of this level may hang under a parent of `parent` level.
    pub fn check_parent(self, parent: Option<BoardLevel>) -> Result<(), Invalid> {
        match (self.parent_level(), parent) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(Invalid::new(
                "parent_id",
                refusal::board_national_has_no_parent(),
            )),
            (Some(expected), None) => Err(Invalid::new(
                "parent_id",
                refusal::board_needs_parent(self.word(), expected.word()),
            )),
            (Some(expected), Some(actual)) if expected == actual => Ok(()),
            (Some(expected), Some(actual)) => Err(Invalid::new(
                "parent_id",
                refusal::board_wrong_parent(actual.word(), self.word(), expected.word()),
            )),
        }
    }

    /// The level as a refusal names it, in the reader's language.
    fn word(self) -> Word {
        Word::of("admin.level", self.as_str())
    }
}

impl FromStr for BoardLevel {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "national" => Ok(Self::National),
            "regional" => Ok(Self::Regional),
            "provincial" => Ok(Self::Provincial),
            other => Err(Invalid::new("level", refusal::board_level_unknown(other))),
        }
    }
}

/// An IANA time zone name that the tz database knows, such as `Asia/Manila`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(chrono_tz::Tz);

impl TimeZoneName {
    /// Names match whatever their case (`asia/manila` is `Asia/Manila`).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        chrono_tz::Tz::from_str(name)
            .ok()
            .or_else(|| {
                chrono_tz::TZ_VARIANTS
                    .into_iter()
                    .find(|tz| tz.name().eq_ignore_ascii_case(name))
            })
            .map(Self)
            .ok_or_else(|| Invalid::new("time_zone", refusal::board_time_zone_unknown(name)))
    }

    /// The zones a board is offered to keep, sorted by name: those of the world's regions and
    /// UTC, without the tz database's older aliases (`US/Eastern`, `Etc/GMT+8`).
    pub fn offered() -> Vec<&'static str> {
        const REGIONS: [&str; 9] = [
            "Africa/",
            "America/",
            "Antarctica/",
            "Asia/",
            "Atlantic/",
            "Australia/",
            "Europe/",
            "Indian/",
            "Pacific/",
        ];
        let mut names: Vec<&str> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|n| REGIONS.iter().any(|r| n.starts_with(r)) || *n == "UTC")
            .collect();
        names.sort_unstable();
        names
    }

    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_tree_has_three_fixed_levels() {
        assert!(BoardLevel::National.check_parent(None).is_ok());
        assert!(
            BoardLevel::Regional
                .check_parent(Some(BoardLevel::National))
                .is_ok()
        );
        assert!(
            BoardLevel::Provincial
                .check_parent(Some(BoardLevel::Regional))
                .is_ok()
        );
        assert!(
            BoardLevel::National
                .check_parent(Some(BoardLevel::National))
                .is_err()
        );
        assert!(BoardLevel::Regional.check_parent(None).is_err());
        assert!(
            BoardLevel::Provincial
                .check_parent(Some(BoardLevel::National))
                .is_err()
        );
    }

    #[test]
    fn time_zones_come_from_the_tz_database() {
        assert_eq!(
            TimeZoneName::parse(" Asia/Manila ").unwrap().as_str(),
            "Asia/Manila"
        );
        assert_eq!(
            TimeZoneName::parse("asia/manila").unwrap().as_str(),
            "Asia/Manila"
        );
        assert_eq!(
            TimeZoneName::parse("AMERICA/ARGENTINA/BUENOS_AIRES")
                .unwrap()
                .as_str(),
            "America/Argentina/Buenos_Aires"
        );
        for tz in chrono_tz::TZ_VARIANTS {
            let lower = tz.name().to_ascii_lowercase();
            assert_eq!(TimeZoneName::parse(&lower).unwrap().tz(), tz, "{lower}");
        }
        assert!(TimeZoneName::parse("Asia/Atlantis").is_err());
        assert!(TimeZoneName::parse("").is_err());
    }
}
