//! The body of each section of the report, one function a section.

use super::{BLACK, Cover, col, count_table, opt, suppression};
use crate::reports::document::ReportDocument;
use crate::reports::layout::{Align, Writer, number};
use crate::reports::template::Template;

pub(super) fn sessions(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    let s = &doc.sessions;
    if s.held.is_empty() {
        w.paragraph(&t.text("none", &[]), body, BLACK);
    } else {
        let columns = [
            col(t, "col_date", 1.6, Align::Left),
            col(t, "col_session", 3.7, Align::Left),
            col(t, "col_attendees", 1.1, Align::Right),
            col(t, "col_women", 1.0, Align::Right),
            col(t, "col_men", 0.9, Align::Right),
            col(t, "col_civil_society", 1.3, Align::Right),
            col(t, "col_security", 1.3, Align::Right),
        ];
        let rows: Vec<Vec<String>> = s
            .held
            .iter()
            .map(|h| {
                let a = &h.attendance;
                vec![
                    h.date.clone(),
                    h.title.clone(),
                    a.total.to_string(),
                    a.female.to_string(),
                    a.male.to_string(),
                    a.civil_society.to_string(),
                    (a.military + a.police).to_string(),
                ]
            })
            .collect();
        w.table(&columns, &rows);
    }
    let counts = [
        ("closed", s.closed_held.to_string()),
        ("not_recorded", s.not_recorded.to_string()),
        ("cancelled", s.cancelled.to_string()),
        ("postponed", s.postponed.to_string()),
    ];
    let values: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.paragraph(&t.text("sessions_other", &values), body, BLACK);
}

pub(super) fn assessment(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    let Some(a) = doc.assessment_in(&t.language) else {
        w.paragraph(&t.text("assessment_none", &[]), body, BLACK);
        return;
    };
    if a.language != t.language {
        let note = t.text(&format!("assessment_written_in_{}", a.language), &[]);
        w.paragraph(&note, w.style.small, super::GREY);
    }
    for (key, words) in [
        ("went_well", &a.went_well),
        ("fell_short", &a.fell_short),
        ("asks", &a.asks),
    ] {
        if words.is_empty() {
            continue;
        }
        w.subheading(&t.text(key, &[]));
        for paragraph in words.split('\n').filter(|p| !p.trim().is_empty()) {
            w.paragraph(paragraph.trim(), body, BLACK);
        }
    }
}

pub(super) fn decisions(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    if doc.decisions.is_empty() {
        w.paragraph(&t.text("none", &[]), body, BLACK);
    } else {
        let columns = [
            col(t, "col_date", 1.6, Align::Left),
            col(t, "col_decision", 5.0, Align::Left),
            col(t, "col_unit", 2.0, Align::Left),
        ];
        let rows: Vec<Vec<String>> = doc
            .decisions
            .iter()
            .map(|d| {
                vec![
                    d.session_date.clone(),
                    d.text.clone(),
                    d.unit.clone().unwrap_or_default(),
                ]
            })
            .collect();
        w.table(&columns, &rows);
    }
}

pub(super) fn indicators(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    if doc.indicators.is_empty() {
        w.paragraph(&t.text("none", &[]), body, BLACK);
    }
    if !doc.indicators.is_empty() {
        let columns = [
            col(t, "col_code", 1.0, Align::Left),
            col(t, "col_indicator", 3.5, Align::Left),
            col(t, "col_baseline", 1.1, Align::Right),
            col(t, "col_target", 1.0, Align::Right),
            col(t, "col_actual", 1.2, Align::Right),
            col(t, "col_status", 1.3, Align::Left),
        ];
        let rows: Vec<Vec<String>> = doc
            .indicators
            .iter()
            .map(|i| {
                vec![
                    i.code.clone(),
                    format!("{} ({})", i.name, i.unit),
                    opt(i.baseline, t),
                    opt(i.target, t),
                    opt(i.actual, t),
                    t.word(&i.status),
                ]
            })
            .collect();
        w.table(&columns, &rows);
        for i in &doc.indicators {
            w.line_chart(
                &t.text("trend_chart", &[("code", &i.code)]),
                &i.trend,
                i.target,
            );
        }
    }
}

pub(super) fn incidents(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    let small = w.style.small;
    let n = &doc.incidents;
    w.paragraph(
        &t.text(
            "incidents_total",
            &[
                ("total", &n.total),
                ("victims", &n.victims),
                ("uncounted", &n.victims_not_counted),
            ],
        ),
        body,
        BLACK,
    );
    let ceiling = f64::from(doc.small_count_threshold);
    let bars: Vec<(String, Option<f64>, String)> = n
        .by_harm
        .iter()
        .map(|c| (t.word(&c.label), c.count.parse().ok(), c.count.clone()))
        .collect();
    w.bar_chart(&t.text("harm_chart", &[]), &bars, ceiling);
    count_table(w, t, &t.text("by_harm", &[]), &n.by_harm);
    count_table(w, t, &t.text("by_region", &[]), &n.by_region);
    count_table(w, t, &t.text("by_unit", &[]), &n.by_unit);
    count_table(w, t, &t.text("by_status", &[]), &n.by_status);
    suppression(w, doc, t, small);
}

pub(super) fn grievances(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    let small = w.style.small;
    let g = &doc.grievances;
    w.paragraph(
        &t.text(
            "grievances_total",
            &[
                ("received", &g.received),
                ("ack_ok", &g.acknowledged_on_time),
                ("ack_due", &g.acknowledgement_due),
                ("resp_ok", &g.responded_on_time),
                ("resp_due", &g.response_due),
            ],
        ),
        body,
        BLACK,
    );
    if let Some(days) = g.median_days_to_decision {
        w.paragraph(
            &t.text("median_days", &[("days", &number(days))]),
            body,
            BLACK,
        );
    }
    count_table(w, t, &t.text("by_category", &[]), &g.by_category);
    count_table(w, t, &t.text("by_unit", &[]), &g.by_unit);
    count_table(w, t, &t.text("by_status", &[]), &g.by_status);
    suppression(w, doc, t, small);
}

pub(super) fn actions(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    let a = &doc.actions;
    let values = [
        ("opened", a.opened.to_string()),
        ("reported_done", a.reported_done.to_string()),
        ("verified", a.verified.to_string()),
        ("overdue", a.overdue.to_string()),
    ];
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.paragraph(&t.text("actions_total", &pairs), body, BLACK);
    if !a.by_unit.is_empty() {
        let columns = [
            col(t, "col_unit", 3.0, Align::Left),
            col(t, "col_open", 1.0, Align::Right),
            col(t, "col_reported_done", 1.3, Align::Right),
            col(t, "col_verified", 1.0, Align::Right),
            col(t, "col_overdue", 1.0, Align::Right),
        ];
        let rows: Vec<Vec<String>> = a
            .by_unit
            .iter()
            .map(|u| {
                vec![
                    u.unit.clone(),
                    u.open.to_string(),
                    u.reported_done.to_string(),
                    u.verified.to_string(),
                    u.overdue.to_string(),
                ]
            })
            .collect();
        w.table(&columns, &rows);
    }
}

pub(super) fn replies(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    let body = w.style.body;
    if doc.unit_replies.is_empty() {
        w.paragraph(&t.text("none", &[]), body, BLACK);
    } else {
        let columns = [
            col(t, "col_unit", 2.0, Align::Left),
            col(t, "col_reply", 5.0, Align::Left),
            col(t, "col_date", 1.6, Align::Left),
        ];
        let rows: Vec<Vec<String>> = doc
            .unit_replies
            .iter()
            .map(|r| {
                vec![
                    r.unit.clone(),
                    r.text.clone(),
                    r.at.get(..10).unwrap_or(&r.at).to_owned(),
                ]
            })
            .collect();
        w.table(&columns, &rows);
    }
}

pub(super) fn integrity(w: &mut Writer<'_>, doc: &ReportDocument, cover: &Cover<'_>, t: &Template) {
    let body = w.style.body;
    let seq = doc.audit_head.seq.to_string();
    w.paragraph(
        &t.text(
            "integrity_text",
            &[
                ("document_sha256", cover.document_sha256),
                ("audit_seq", &seq),
                ("audit_hash", &doc.audit_head.hash),
            ],
        ),
        body,
        BLACK,
    );
}
