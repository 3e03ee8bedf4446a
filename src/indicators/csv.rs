//! Indicator figures as CSV, the way monitors keep them in spreadsheets. Import checks every row
//! first and lists every problem with nothing written; a clean file is applied in the caller's
//! one transaction; the same file again changes nothing; export reads back as the same figures.

use super::values::{self, Outcome, RawFigure};
use crate::audit::Actor;
use crate::db::indicator_values::{self as store, Figure};
use crate::db::indicators::{self, Indicator};
use crate::db::{self, DbConn};
use crate::domain::ids::BoardId;
use crate::domain::indicator::AgeGroup;
use crate::domain::meeting::Sex;
use crate::domain::period::Period;
use crate::domain::refusal::{self, Reason};
use crate::error::{AppError, RowRefusal};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: [&str; 8] = [
    "indicator_code",
    "period",
    "region",
    "sex",
    "age_group",
    "value",
    "source",
    "note",
];
const REQUIRED: [&str; 3] = ["indicator_code", "period", "value"];
pub const ROWS_MAX: usize = 50_000;

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ImportSummary {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Every figure of the board's indicators, ordered by code, period and group; comma-separated
/// UTF-8 with a header.
pub fn export(conn: &mut DbConn, board: BoardId) -> db::Result<String> {
    let stored = store::list_for_board(conn, board)?;
    csv_file(|out| {
        for (code, stored) in stored {
            let v = stored.figure;
            let value = v.value.to_string();
            out.write_record([
                &code,
                &v.period,
                &v.region,
                &v.sex,
                &v.age_group,
                &value,
                &v.source,
                &v.note,
            ])?;
        }
        Ok(())
    })
}

/// A file to fill in for `period`: the header, and a row for each of the board's indicators and
/// each group its figures are divided into (sex, age group), the value left to the monitor.
pub fn template(conn: &mut DbConn, board: BoardId, period: Period) -> db::Result<String> {
    let all = indicators::list_for_board(conn, board)?;
    let period = period.to_string();
    let groups = |divided: bool, all: Vec<&'static str>| if divided { all } else { vec![""] };
    csv_file(|out| {
        for i in all {
            for sex in groups(i.by_sex, Sex::ALL.iter().map(|s| s.as_str()).collect()) {
                for age in groups(i.by_age, AgeGroup::ALL.iter().map(|a| a.as_str()).collect()) {
                    out.write_record([&i.code, &period, "", sex, age, "", "", ""])?;
                }
            }
        }
        Ok(())
    })
}

/// A CSV file: the header, then the rows `rows` writes.
fn csv_file(rows: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> db::Result<String> {
    let failed = |e: &dyn std::fmt::Display| db::Error::Setup(format!("CSV: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS)
        .and_then(|()| rows(&mut out))
        .map_err(|e| failed(&e))?;
    let bytes = out.into_inner().map_err(|e| failed(&e))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}

/// Checks the whole file, then records every figure; on any problem, nothing is written and
/// every problem is listed.
pub fn import(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    body: &[u8],
    now: DateTime<Utc>,
    lock_days: u32,
) -> Result<ImportSummary, AppError> {
    let by_code: HashMap<String, Indicator> = indicators::list_for_board(conn, board)?
        .into_iter()
        .map(|i| (i.code.clone(), i))
        .collect();
    let figures = parse(body, &by_code)?;
    let mut problems = Vec::new();
    let mut summary = ImportSummary {
        rows: figures.len(),
        ..ImportSummary::default()
    };
    let mut verdicts: HashMap<String, Option<Reason>> = HashMap::new();
    for (row, figure) in &figures {
        let unchanged = store::find(conn, figure)?.is_some_and(|e| e.figure.says_the_same(figure));
        if unchanged {
            continue;
        }
        let verdict = match verdicts.get(&figure.period) {
            Some(v) => v.clone(),
            None => {
                let v = values::ensure_open(conn, board, &figure.period, now, lock_days)
                    .err()
                    .and_then(|e| e.reason().cloned());
                verdicts.insert(figure.period.clone(), v.clone());
                v
            }
        };
        if let Some(reason) = verdict {
            problems.push(problem(*row, "period", reason));
        }
    }
    if !problems.is_empty() {
        return Err(refusal(problems));
    }
    for (_, figure) in &figures {
        let indicator = by_code
            .values()
            .find(|i| i.id == figure.indicator_id)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("indicator vanished")))?;
        match values::record(conn, actor, indicator, figure, now, lock_days)? {
            Outcome::Created => summary.created += 1,
            Outcome::Updated => summary.updated += 1,
            Outcome::Unchanged => summary.unchanged += 1,
        }
    }
    Ok(summary)
}

fn problem(row: usize, column: &str, reason: Reason) -> RowRefusal {
    RowRefusal {
        row,
        column: column.to_owned(),
        reason,
    }
}

fn refusal(mut rows: Vec<RowRefusal>) -> AppError {
    rows.sort_by_key(|p| p.row);
    let lines: HashSet<usize> = rows.iter().map(|p| p.row).collect();
    AppError::InvalidRows {
        reason: refusal::csv_rows_refused(lines.len()),
        rows,
    }
}

/// The file's text without its byte-order mark, and the delimiter its header uses most.
fn decode(body: &[u8]) -> Result<(&str, u8), AppError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body)
        .map_err(|e| AppError::validation("file", refusal::csv_not_utf8(e.valid_up_to())))?;
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    Ok((text, delimiter))
}

/// Unknown columns and missing required ones.
fn header_problems(header: &[String]) -> Vec<RowRefusal> {
    let mut problems = Vec::new();
    for name in header {
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(problem(
                1,
                name,
                refusal::csv_unknown_column(COLUMNS.join(", ")),
            ));
        }
    }
    for name in REQUIRED {
        if !header.iter().any(|h| h == name) {
            problems.push(problem(1, name, refusal::csv_missing_column()));
        }
    }
    problems
}

/// Reads and checks every row: (line number, checked figure), or every problem found.
fn parse(
    body: &[u8],
    by_code: &HashMap<String, Indicator>,
) -> Result<Vec<(usize, Figure)>, AppError> {
    let (text, delimiter) = decode(body)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = read_header(&mut reader)?;
    let mut problems = Vec::new();
    let mut figures = Vec::new();
    // Where each figure (indicator, period and groups) first appeared.
    let mut seen: HashMap<(i64, String, String, String, String), usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        if index >= ROWS_MAX {
            problems.push(problem(index + 2, "", refusal::csv_too_many_rows(ROWS_MAX)));
            break;
        }
        let row = line_of(&record, index);
        let checked = record
            .map_err(|e| problem(row, "", refusal::csv_unreadable_row(e)))
            .and_then(|record| check_row(&record, &header, row, by_code, delimiter));
        match checked {
            Ok(None) => {}
            Ok(Some(figure)) => {
                let key = (
                    figure.indicator_id.0,
                    figure.period.clone(),
                    figure.region.clone(),
                    figure.sex.clone(),
                    figure.age_group.clone(),
                );
                match seen.insert(key, row) {
                    Some(first) => problems.push(problem(
                        row,
                        "indicator_code",
                        refusal::csv_same_figure(first),
                    )),
                    None => figures.push((row, figure)),
                }
            }
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(figures)
    } else {
        Err(refusal(problems))
    }
}

/// The header's column names, trimmed and in lower case; refused with an unknown column or
/// without a required one.
fn read_header(reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>, AppError> {
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| AppError::validation("file", refusal::csv_unreadable_header(e)))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let problems = header_problems(&header);
    if problems.is_empty() {
        Ok(header)
    } else {
        Err(refusal(problems))
    }
}

/// The file's line of the `index`th record, the header being line 1.
fn line_of(record: &Result<csv::StringRecord, csv::Error>, index: usize) -> usize {
    record
        .as_ref()
        .ok()
        .and_then(|r| r.position())
        .map_or(index + 2, |p| {
            usize::try_from(p.line()).unwrap_or(index + 2)
        })
}

/// One row checked against its indicator; `None` for a blank row.
fn check_row(
    record: &csv::StringRecord,
    header: &[String],
    row: usize,
    by_code: &HashMap<String, Indicator>,
    delimiter: u8,
) -> Result<Option<Figure>, RowRefusal> {
    if record.iter().all(|f| f.trim().is_empty()) {
        return Ok(None);
    }
    if record.len() != header.len() {
        return Err(problem(
            row,
            "",
            refusal::csv_field_count(record.len(), header.len()),
        ));
    }
    let get = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .and_then(|i| record.get(i))
            .unwrap_or("")
            .trim()
    };
    let code = get("indicator_code");
    let indicator = by_code
        .get(code)
        .ok_or_else(|| problem(row, "indicator_code", refusal::csv_unknown_indicator(code)))?;
    let raw_value = get("value");
    let value = parse_number(raw_value, delimiter)
        .ok_or_else(|| problem(row, "value", refusal::not_a_number(raw_value)))?;
    let raw = RawFigure {
        period: get("period").to_owned(),
        region: get("region").to_owned(),
        sex: get("sex").to_owned(),
        age_group: get("age_group").to_owned(),
        value,
        source: get("source").to_owned(),
        note: get("note").to_owned(),
    };
    values::check(indicator, raw)
        .map(Some)
        .map_err(|e| problem(row, e.field, e.reason))
}

/// A number as spreadsheets write it; with `;` between fields, a decimal comma is accepted.
fn parse_number(raw: &str, delimiter: u8) -> Option<f64> {
    let text = if delimiter == b';' {
        raw.replace(',', ".")
    } else {
        raw.to_owned()
    };
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}
