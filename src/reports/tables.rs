//! A report's tables as one CSV file in long form — `table,row,column,value`, one figure a
//! line — so that anyone can reuse the figures with a spreadsheet or a script without retyping
//! them. Drawn from the document alone, so every figure is the one the PDF prints, suppressed
//! counts included (`<5`), and the same document always gives the same bytes.

use super::document::{CountLine, ReportDocument};

/// The header every table's lines share.
const HEADER: [&str; 4] = ["table", "row", "column", "value"];

pub fn csv(doc: &ReportDocument) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    let mut line = |table: &str, row: &str, column: &str, value: &str| {
        out.write_record([table, row, column, value])
    };
    for f in &doc.glance.figures {
        line("glance", &f.key, "this_month", &f.value)?;
        if let Some(previous) = &f.previous {
            line("glance", &f.key, "previous_month", previous)?;
        }
    }
    for s in &doc.sessions.held {
        let a = &s.attendance;
        let row = format!("{} {}", s.date, s.title);
        for (column, n) in [
            ("present", a.total),
            ("women", a.female),
            ("men", a.male),
            ("civil_society", a.civil_society),
            ("military", a.military),
            ("police", a.police),
            ("government", a.government),
        ] {
            line("sessions", &row, column, &n.to_string())?;
        }
    }
    for i in &doc.indicators {
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        line("indicators", &i.code, "baseline", &number(i.baseline))?;
        line("indicators", &i.code, "target", &number(i.target))?;
        line("indicators", &i.code, "actual", &number(i.actual))?;
        line("indicators", &i.code, "status", &i.status)?;
        for (month, value) in &i.trend {
            line("indicator_trends", &i.code, month, &number(*value))?;
        }
    }
    let n = &doc.incidents;
    let g = &doc.grievances;
    let counts: [(&str, &[CountLine]); 7] = [
        ("incidents_by_harm", &n.by_harm),
        ("incidents_by_region", &n.by_region),
        ("incidents_by_unit", &n.by_unit),
        ("incidents_by_status", &n.by_status),
        ("grievances_by_category", &g.by_category),
        ("grievances_by_unit", &g.by_unit),
        ("grievances_by_status", &g.by_status),
    ];
    for (table, lines) in counts {
        for c in lines {
            line(table, &c.label, "count", &c.count)?;
        }
    }
    for u in &doc.actions.by_unit {
        for (column, n) in [
            ("open", u.open),
            ("reported_done", u.reported_done),
            ("verified", u.verified),
            ("overdue", u.overdue),
        ] {
            line("actions_by_unit", &u.unit, column, &n.to_string())?;
        }
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
