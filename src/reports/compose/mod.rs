//! Lays a report document out as pages, in the template's order and words: a cover with the
//! section list and their pages, the sections, and on every page a running header and
//! "page X of Y".

mod sections;

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
    // Page 1 is the cover: who and when, the month at a glance, and the contents; sections start
    // on page 2.
    let (cover_items, below) = cover_top(doc, cover, t, measure);
    w.move_to(below);
    glance(&mut w, doc, t);
    let contents_top = w.y();
    w.new_page();
    let mut contents = Vec::new();
    for section in &t.sections {
        contents.push((t.text(section, &[]), w.page_number()));
        section_body(&mut w, section, doc, cover, t);
    }
    let mut pages = w.pages;
    pages[0].items.extend(cover_items);
    cover_bottom(&mut pages[0], contents_top, cover, &contents, t, measure);
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

/// The cover's head: title, board, month, revision and how it was signed off; and the height
/// down to which it reaches.
fn cover_top(
    doc: &ReportDocument,
    cover: &Cover<'_>,
    t: &Template,
    measure: &dyn Measure,
) -> (Vec<Draw>, f32) {
    let l = &t.layout;
    let x = l.margin_mm;
    let mut items = Vec::new();
    let mut y = PAGE_H - 50.0;
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
    y -= 16.0;
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
            y -= 5.0;
            items.push(text(x + 30.0, y, l.body_pt, false, BLACK, &line));
        }
    }
    (items, y - 6.0)
}

/// The month's key figures beside the previous month's published ones.
fn glance(w: &mut Writer<'_>, doc: &ReportDocument, t: &Template) {
    w.heading(&t.text("glance", &[]));
    let g = &doc.glance;
    let previous = match &g.previous_period {
        Some(period) => period.clone(),
        None => t.text("glance_no_previous", &[]),
    };
    let columns = [
        col(t, "col_figure", 4.0, Align::Left),
        col(t, "col_this_month", 1.3, Align::Right),
        Column {
            title: previous,
            share: 1.3,
            align: Align::Right,
        },
        col(t, "col_change", 1.3, Align::Right),
    ];
    let rows: Vec<Vec<String>> = (g.figures.iter())
        .map(|f| {
            vec![
                t.text(&format!("glance_{}", f.key), &[]),
                f.value.clone(),
                f.previous_shown(),
                f.change_shown(&t.text("no_change", &[])),
            ]
        })
        .collect();
    w.table(&columns, &rows);
}

/// The cover's foot, once the sections are laid out: the contents in two columns from
/// `top` down, and the document's hash.
fn cover_bottom(
    page: &mut Page,
    top: f32,
    cover: &Cover<'_>,
    contents: &[(String, usize)],
    t: &Template,
    measure: &dyn Measure,
) {
    let l = &t.layout;
    let x = l.margin_mm;
    let mut y = top - 4.0;
    page.items.push(text(
        x,
        y,
        l.body_pt,
        true,
        l.accent,
        &t.text("contents", &[]),
    ));
    let half = contents.len().div_ceil(2);
    let column = (PAGE_W - 2.0 * x) / 2.0;
    for (i, (title, n)) in contents.iter().enumerate() {
        let (cx, row) = if i < half {
            (x, i)
        } else {
            (x + column, i - half)
        };
        let ry = y - 5.0 * (row as f32 + 1.0);
        page.items
            .push(text(cx, ry, l.small_pt, false, BLACK, title));
        let n = n.to_string();
        let w = measure.width_mm(&n, l.small_pt, false);
        page.items.push(text(
            cx + column - 6.0 - w,
            ry,
            l.small_pt,
            false,
            BLACK,
            &n,
        ));
    }
    y = l.margin_mm + 8.0;
    page.items.push(text(
        x,
        y,
        l.small_pt,
        false,
        GREY,
        &format!("SHA-256 {}", cover.document_sha256),
    ));
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
    w.heading(&t.text(section, &[]));
    match section {
        "sessions" => sections::sessions(w, doc, t),
        "decisions" => sections::decisions(w, doc, t),
        "indicators" => sections::indicators(w, doc, t),
        "incidents" => sections::incidents(w, doc, t),
        "grievances" => sections::grievances(w, doc, t),
        "actions" => sections::actions(w, doc, t),
        "assessment" => sections::assessment(w, doc, t),
        "replies" => sections::replies(w, doc, t),
        "integrity" => sections::integrity(w, doc, cover, t),
        _ => {}
    }
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
