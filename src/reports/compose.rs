//! Lays a report document out as pages, in the template's order and words: a cover with the
//! section list and their pages, the sections, and on every page a running header and
//! "page X of Y".

use super::document::{CountLine, ReportDocument};
use super::layout::{Align, Column, Draw, Measure, PAGE_H, PAGE_W, Page, Style, Writer, number};
use super::template::Template;
use crate::domain::report::{Officer, Signoff};

const GREY: [f32; 3] = [0.4, 0.4, 0.4];
const BLACK: [f32; 3] = [0.0, 0.0, 0.0];

/// What the cover says about this report besides its document.
pub struct Cover<'a> {
    pub revision: i32,
    pub draft: bool,
    pub document_sha256: &'a str,
    /// How it was approved and published; none for a draft.
    pub signoff: Option<Signoff>,
}

/// The sentence saying how a report was approved and published, by role, in the template's words.
pub fn signoff_text(signoff: &Signoff, t: &Template) -> String {
    let officer = |o: Option<Officer>| {
        o.map(|o| t.text(&format!("officer_{}", o.as_str()), &[]))
            .unwrap_or_default()
    };
    t.text(
        &format!("signoff_{}", signoff.sentence()),
        &[
            ("approver", &officer(signoff.approved_as)),
            ("publisher", &officer(signoff.published_as)),
        ],
    )
}

pub fn pages(
    doc: &ReportDocument,
    cover: &Cover<'_>,
    t: &Template,
    measure: &dyn Measure,
) -> Vec<Page> {
    let l = &t.layout;
    let style = Style {
        margin: l.margin_mm,
        body: l.body_pt,
        small: l.small_pt,
        heading: l.heading_pt,
        line_height: l.line_height,
        row: l.table_row_pt,
        chart_height: l.chart_height_mm,
        accent: l.accent,
        reserve: 8.0,
    };
    let mut w = Writer::new(measure, style);
    // The cover is page 1; sections start on page 2.
    w.new_page();
    let mut contents = Vec::new();
    for section in &t.sections {
        contents.push((t.text(section, &[]), w.page_number()));
        section_body(&mut w, section, doc, cover, t);
    }
    let mut pages = w.pages;
    pages[0] = cover_page(doc, cover, &contents, t, measure);
    let total = pages.len();
    let running = format!("{} · {}", doc.board.name, doc.period);
    for (i, page) in pages.iter_mut().enumerate() {
        let footer = t.text(
            "page_of",
            &[
                ("page", &(i + 1).to_string()),
                ("pages", &total.to_string()),
            ],
        );
        let size = l.small_pt;
        let fw = measure.width_mm(&footer, size, false);
        let y = l.margin_mm;
        page.items.push(text(
            PAGE_W - l.margin_mm - fw,
            y,
            size,
            false,
            GREY,
            &footer,
        ));
        page.items
            .push(text(l.margin_mm, y, size, false, GREY, &running));
        if cover.draft {
            let mark = t.text("draft_mark", &[]);
            let mw = measure.width_mm(&mark, size, true);
            page.items.push(text(
                (PAGE_W - mw) / 2.0,
                PAGE_H - l.margin_mm + 4.0,
                size,
                true,
                [0.7, 0.1, 0.1],
                &mark,
            ));
        }
        if i > 0 {
            let title = t.text("title", &[]);
            page.items.push(text(
                l.margin_mm,
                PAGE_H - l.margin_mm,
                size,
                false,
                GREY,
                &title,
            ));
        }
    }
    pages
}

fn text(x: f32, y: f32, size: f32, bold: bool, colour: [f32; 3], s: &str) -> Draw {
    Draw::Text {
        x,
        y,
        size,
        bold,
        colour,
        text: s.to_owned(),
    }
}

fn cover_page(
    doc: &ReportDocument,
    cover: &Cover<'_>,
    contents: &[(String, usize)],
    t: &Template,
    measure: &dyn Measure,
) -> Page {
    let l = &t.layout;
    let x = l.margin_mm;
    let mut items = Vec::new();
    let mut y = PAGE_H - 70.0;
    items.push(text(
        x,
        y,
        l.title_pt,
        true,
        l.accent,
        &t.text("title", &[]),
    ));
    y -= 10.0;
    items.push(text(
        x,
        y,
        l.heading_pt * 0.8,
        false,
        GREY,
        &t.text("subtitle", &[]),
    ));
    y -= 20.0;
    for (label, value) in [
        (t.text("board", &[]), doc.board.name.clone()),
        (t.text("period", &[]), doc.period.clone()),
    ] {
        items.push(text(x, y, l.body_pt, false, GREY, &label));
        items.push(text(x + 30.0, y, l.heading_pt, true, BLACK, &value));
        y -= 9.0;
    }
    let revision = cover.revision.to_string();
    items.push(text(
        x + 30.0,
        y,
        l.body_pt,
        false,
        GREY,
        &t.text("revision", &[("revision", &revision)]),
    ));
    if let Some(signoff) = &cover.signoff {
        let width = PAGE_W - 2.0 * x - 30.0;
        for line in super::layout::wrap(measure, &signoff_text(signoff, t), l.body_pt, false, width)
        {
            y -= 6.0;
            items.push(text(x + 30.0, y, l.body_pt, false, BLACK, &line));
        }
    }
    y -= 22.0;
    items.push(text(
        x,
        y,
        l.heading_pt,
        true,
        l.accent,
        &t.text("contents", &[]),
    ));
    y -= 3.0;
    items.push(Draw::Line {
        points: vec![(x, y), (PAGE_W - x, y)],
        width: 0.4,
        colour: l.accent,
    });
    for (title, page) in contents {
        y -= 7.0;
        items.push(text(x, y, l.body_pt, false, BLACK, title));
        let n = page.to_string();
        let w = measure.width_mm(&n, l.body_pt, false);
        items.push(text(PAGE_W - x - w, y, l.body_pt, false, BLACK, &n));
    }
    y = l.margin_mm + 14.0;
    items.push(text(
        x,
        y,
        l.small_pt,
        false,
        GREY,
        &format!("SHA-256 {}", cover.document_sha256),
    ));
    Page { items }
}

fn count_table(w: &mut Writer<'_>, t: &Template, title: &str, lines: &[CountLine]) {
    if lines.is_empty() {
        return;
    }
    w.subheading(title);
    let columns = [
        Column {
            title: t.text("col_label", &[]),
            share: 4.0,
            align: Align::Left,
        },
        Column {
            title: t.text("col_count", &[]),
            share: 1.0,
            align: Align::Right,
        },
    ];
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|c| vec![t.word(&c.label), c.count.clone()])
        .collect();
    w.table(&columns, &rows);
}

fn col(t: &Template, key: &str, share: f32, align: Align) -> Column {
    Column {
        title: t.text(key, &[]),
        share,
        align,
    }
}

fn opt(v: Option<f64>, t: &Template) -> String {
    v.map(number).unwrap_or_else(|| t.text("no_value", &[]))
}

fn section_body(
    w: &mut Writer<'_>,
    section: &str,
    doc: &ReportDocument,
    cover: &Cover<'_>,
    t: &Template,
) {
    let body = w.style.body;
    let small = w.style.small;
    w.heading(&t.text(section, &[]));
    match section {
        "sessions" => {
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
        "decisions" => {
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
        "indicators" => {
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
        "incidents" => {
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
        "grievances" => {
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
        "actions" => {
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
        "replies" => {
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
        "integrity" => {
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
        _ => {}
    }
    w.gap(4.0);
}

fn suppression(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template, size: f32) {
    let threshold = doc.small_count_threshold;
    if threshold > 1 {
        let (below, th) = ((threshold - 1).to_string(), threshold.to_string());
        w.paragraph(
            &t.text("suppression_note", &[("below", &below), ("threshold", &th)]),
            size,
            GREY,
        );
    }
}
