//! What every long list on the desk shares: its query (filters, search, page), the filter form
//! above it and the pager below it, with "1–50 of 1,234" in the reader's words.

use super::Ctx;
use super::forms::{Choice, Field};
use super::remedy::Link;
use crate::domain::Invalid;
use crate::domain::ids::UnitId;
use crate::domain::listing::{Browse, PageNo, Search, Slice, Total, Whose};
use crate::domain::period::Period;
use crate::domain::refusal;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

/// A list page's query, as typed or chosen; each list reads the filters it offers.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub status: Option<String>,
    pub unit: Option<String>,
    pub month: Option<String>,
    pub overdue: Option<String>,
    pub q: Option<String>,
    /// The audit log's: who made a change, and what it was.
    pub who: Option<String>,
    pub what: Option<String>,
    pub page: Option<String>,
}

impl ListQuery {
    pub fn page(&self) -> Result<PageNo, Invalid> {
        PageNo::parse(self.page.as_deref())
    }

    pub fn search(&self) -> Result<Option<Search>, Invalid> {
        Search::parse(self.q.as_deref())
    }

    /// The month chosen, `YYYY-MM`.
    pub fn month(&self) -> Result<Option<Period>, Invalid> {
        let month = self
            .month
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        month.map(|m| Period::parse_month("month", m)).transpose()
    }

    pub fn overdue(&self) -> bool {
        self.overdue.as_deref().is_some_and(|v| !v.is_empty())
    }

    /// The page of the list of `whose` records this query asks for.
    pub fn browse<S: std::str::FromStr>(&self, whose: Whose) -> Result<Browse<S>, Invalid> {
        Ok(Browse {
            whose,
            status: Self::chosen(&self.status, "status")?,
            month: self.month()?,
            unit: Self::chosen(&self.unit, "unit")?.map(UnitId),
            overdue: self.overdue(),
            search: self.search()?,
            page: self.page()?,
        })
    }

    /// A chosen value parsed, `None` when nothing is chosen; nonsense is refused naming `field`.
    fn chosen<T: std::str::FromStr>(
        value: &Option<String>,
        field: &'static str,
    ) -> Result<Option<T>, Invalid> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| Invalid::new(field, refusal::form_not_a_choice(v))),
        }
    }

    /// The filters as a query string, without the page.
    fn filters(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("status", &self.status),
            ("unit", &self.unit),
            ("month", &self.month),
            ("overdue", &self.overdue),
            ("who", &self.who),
            ("what", &self.what),
            ("q", &self.q),
        ];
        all.into_iter()
            .filter_map(|(k, v)| Some((k, v.as_deref().map(str::trim).filter(|v| !v.is_empty())?)))
            .collect()
    }
}

/// The filter form above a list and the pager below it.
pub struct ListControls {
    /// The list's path: the form's action and the pager's links.
    pub path: String,
    pub fields: Vec<Field>,
    /// "1–50 of 1,234".
    pub range: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Some filter narrows the list: a link shows it whole again.
    pub filtered: bool,
    /// The same records as a file for a spreadsheet, where the list has one.
    pub download: Option<Link>,
}

impl ListControls {
    /// The controls of `slice`, a page of the list at `path` that `query` asked for; `fields`
    /// are the filters the list offers, in the form's order.
    pub fn new<T>(
        c: &Ctx,
        path: &str,
        query: &ListQuery,
        fields: Vec<Field>,
        slice: &Slice<T>,
    ) -> Self {
        let filters = query.filters();
        let link = |page: u32| {
            let mut parts: Vec<String> = filters
                .iter()
                .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
                .collect();
            if page > 1 {
                parts.push(format!("page={page}"));
            }
            match parts.is_empty() {
                true => path.to_owned(),
                false => format!("{path}?{}", parts.join("&")),
            }
        };
        let page = slice.page.get();
        Self {
            path: path.to_owned(),
            fields,
            range: range(c, slice),
            previous: slice.has_previous().then(|| link(page - 1)),
            next: slice.has_next().then(|| link(page + 1)),
            filtered: !filters.is_empty(),
            download: None,
        }
    }

    /// Offers the list's records as a file: `href`, named `label`.
    pub fn download(self, href: String, label: String) -> Self {
        Self {
            download: Some(Link { href, label }),
            ..self
        }
    }
}

/// "1–50 of 1,234", "51–60 of 60", "1–50 of more than 1,000", or that none match.
fn range<T>(c: &Ctx, slice: &Slice<T>) -> String {
    if slice.items.is_empty() {
        return c.t.get("list.none_here").to_owned();
    }
    let (from, to) = (grouped(slice.first_shown()), grouped(slice.last_shown()));
    let (key, total) = match slice.total {
        Total::Exactly(n) => ("list.range", grouped(n)),
        Total::MoreThan(n) => ("list.range_more", grouped(n)),
    };
    c.t.fill(key, &[("from", &from), ("to", &to), ("total", &total)])
}

/// A count with its thousands grouped: 1,234.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The search field of a list's words, as typed.
pub fn search_field(c: &Ctx, query: &ListQuery) -> Field {
    Field::search("q", c.t.get("list.search")).value(query.q.as_deref().unwrap_or(""))
}

/// A filter of statuses: "any" and each status in the reader's words.
pub fn status_filter<'s>(
    c: &Ctx,
    words: &str,
    statuses: impl IntoIterator<Item = &'s str>,
    chosen: &Option<String>,
) -> Field {
    let choices = statuses
        .into_iter()
        .map(|s| Choice::new(s, c.word(words, s)))
        .collect();
    Field::select("status", c.t.get("list.status"), choices).value(chosen.as_deref().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn thousands_are_grouped() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (1_234_567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
    }
}
