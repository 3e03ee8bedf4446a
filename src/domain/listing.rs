//! A long list as people page through it on the web: fifty rows at a time, newest first,
//! numbered from one, with how many rows match in all, and a text to search for.

use super::Invalid;
use super::ids::{BoardId, UnitId};
use super::period::Period;
use super::refusal;

/// Rows on one page of a list.
pub const PER_PAGE: i64 = 50;

/// Counting stops past this many rows, or past the page asked for if that is further: counting
/// reads one index entry per row, so an exact count of a board's ten years would cost more than
/// the page itself. Past it a list says "more than 1,000".
pub const COUNT_CAP: i64 = 1_000;

/// The longest search text.
const SEARCH_MAX: usize = 100;

/// A page number, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNo(u32);

impl PageNo {
    pub const FIRST: Self = Self(1);

    /// The page a query asks for: the first when absent.
    pub fn parse(page: Option<&str>) -> Result<Self, Invalid> {
        let Some(page) = page.map(str::trim).filter(|p| !p.is_empty()) else {
            return Ok(Self::FIRST);
        };
        match page.parse::<u32>() {
            Ok(n) if (1..=100_000).contains(&n) => Ok(Self(n)),
            _ => Err(Invalid::new("page", refusal::list_page())),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Rows before this page.
    pub fn offset(self) -> i64 {
        i64::from(self.0 - 1) * PER_PAGE
    }

    /// How far to count for this page: [`COUNT_CAP`], or further for a page beyond it.
    pub fn count_to(self) -> i64 {
        COUNT_CAP.max(self.offset() + PER_PAGE)
    }
}

/// How many rows match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Exactly(i64),
    /// Counting stopped here.
    MoreThan(i64),
}

impl Total {
    /// The total from `counted` rows, when counting stopped at `to`.
    pub fn of(counted: i64, to: i64) -> Self {
        if counted > to {
            Self::MoreThan(to)
        } else {
            Self::Exactly(counted)
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Slice<T> {
    pub items: Vec<T>,
    pub page: PageNo,
    pub total: Total,
}

impl<T> Slice<T> {
    /// The number of the first row shown (0 when none is).
    pub fn first_shown(&self) -> i64 {
        match self.items.is_empty() {
            true => 0,
            false => self.page.offset() + 1,
        }
    }

    pub fn last_shown(&self) -> i64 {
        self.page.offset() + self.items.len() as i64
    }

    pub fn has_next(&self) -> bool {
        match self.total {
            Total::Exactly(n) => self.last_shown() < n,
            Total::MoreThan(_) => true,
        }
    }

    pub fn has_previous(&self) -> bool {
        self.page != PageNo::FIRST
    }
}

/// Whose records a page of the web's lists shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Board(BoardId),
    /// Those of the units the reader represents and the units under them.
    MyUnits,
}

/// A page of a list as people browse it; every part but `whose` and `page` narrows it, each list
/// reading the filters it offers.
#[derive(Debug, Clone)]
pub struct Browse<S> {
    pub whose: Whose,
    pub status: Option<S>,
    /// Held, occurred or filed in this month.
    pub month: Option<Period>,
    /// A unit and every unit under it.
    pub unit: Option<UnitId>,
    /// Only those overdue (actions) or late (grievances).
    pub overdue: bool,
    /// Words of the list's text.
    pub search: Option<Search>,
    pub page: PageNo,
}

/// The units a list keeps: the reader's (`mine`, for [`Whose::MyUnits`]) that lie within the
/// chosen unit's subtree (`chosen`); either alone; `None` keeps every unit.
pub fn within(mine: Option<Vec<UnitId>>, chosen: Option<Vec<UnitId>>) -> Option<Vec<UnitId>> {
    match (mine, chosen) {
        (Some(mine), Some(chosen)) => {
            Some(mine.into_iter().filter(|u| chosen.contains(u)).collect())
        }
        (mine, chosen) => mine.or(chosen),
    }
}

/// Text to find in a list's words, as typed (trimmed); case does not matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search(String);

impl Search {
    /// `None` for an absent or blank text.
    pub fn parse(text: Option<&str>) -> Result<Option<Self>, Invalid> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if text.chars().count() > SEARCH_MAX {
            return Err(Invalid::new("q", refusal::text_too_long(SEARCH_MAX)));
        }
        Ok(Some(Self(text.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `LIKE` pattern (with `\` as its escape) that finds the text anywhere, in lower case.
    pub fn pattern(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 2);
        out.push('%');
        for ch in self.0.to_lowercase().chars() {
            if matches!(ch, '%' | '_' | '\\') {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('%');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_count_from_one_and_refuse_nonsense() {
        assert_eq!(PageNo::parse(None).unwrap(), PageNo::FIRST);
        assert_eq!(PageNo::parse(Some(" ")).unwrap(), PageNo::FIRST);
        assert_eq!(PageNo::parse(Some("3")).unwrap().offset(), 100);
        for bad in ["0", "-1", "x", "1.5", "100001"] {
            assert!(PageNo::parse(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn counting_goes_past_the_cap_for_a_page_beyond_it() {
        assert_eq!(PageNo::FIRST.count_to(), COUNT_CAP);
        assert_eq!(PageNo::parse(Some("30")).unwrap().count_to(), 1_500);
        assert_eq!(Total::of(1_000, 1_000), Total::Exactly(1_000));
        assert_eq!(Total::of(1_001, 1_000), Total::MoreThan(1_000));
    }

    #[test]
    fn a_slice_knows_its_neighbours() {
        let page = |n: &str| PageNo::parse(Some(n)).unwrap();
        let full = Slice {
            items: vec![0; 50],
            page: page("2"),
            total: Total::Exactly(120),
        };
        assert_eq!((full.first_shown(), full.last_shown()), (51, 100));
        assert!(full.has_next() && full.has_previous());
        let last = Slice {
            items: vec![0; 20],
            page: page("3"),
            total: Total::Exactly(120),
        };
        assert!(!last.has_next());
        let empty: Slice<i32> = Slice {
            items: vec![],
            page: PageNo::FIRST,
            total: Total::Exactly(0),
        };
        assert_eq!((empty.first_shown(), empty.last_shown()), (0, 0));
        assert!(!empty.has_next() && !empty.has_previous());
    }

    #[test]
    fn search_patterns_match_the_text_literally() {
        let s = Search::parse(Some("  100% Sure_\\ ")).unwrap().unwrap();
        assert_eq!(s.pattern(), "%100\\% sure\\_\\\\%");
        assert_eq!(Search::parse(Some("   ")).unwrap(), None);
        assert!(Search::parse(Some(&"a".repeat(101))).is_err());
    }
}
