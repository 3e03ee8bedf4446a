//! The tests of `reports::layout`.

use super::*;

/// Every character 2 mm wide at 10 pt, whatever the font.
struct Mono;

impl Measure for Mono {
    fn width_mm(&self, text: &str, size: f32, _: bool) -> f32 {
        text.chars().count() as f32 * 0.2 * size
    }
}

fn style() -> Style {
    Style {
        margin: 20.0,
        body: 10.0,
        small: 8.0,
        heading: 14.0,
        line_height: 1.4,
        row: 14.0,
        chart_height: 50.0,
        accent: [0.1, 0.3, 0.5],
        reserve: 8.0,
    }
}

fn texts(page: &Page) -> Vec<String> {
    page.items
        .iter()
        .filter_map(|d| match d {
            Draw::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn paragraphs_wrap_at_the_measured_width() {
    let w = Writer::new(&Mono, style());
    let lines = w.wrap("aaaa bbbb cccc", 10.0, false, 15.0);
    assert_eq!(lines, ["aaaa", "bbbb", "cccc"]);
    let lines = w.wrap("aaaa bbbb cccc", 10.0, false, 20.0);
    assert_eq!(lines, ["aaaa bbbb", "cccc"]);
    let cut = w.wrap("abcdefghij", 10.0, false, 10.0);
    assert_eq!(cut, ["abcde", "fghij"]);
}

#[test]
fn a_long_table_breaks_across_pages_and_repeats_its_header() {
    let mut w = Writer::new(&Mono, style());
    let columns = [
        Column {
            title: "Unit".into(),
            share: 3.0,
            align: Align::Left,
        },
        Column {
            title: "Count".into(),
            share: 1.0,
            align: Align::Right,
        },
    ];
    let rows: Vec<Vec<String>> = (0..120)
        .map(|i| vec![format!("U{i}"), i.to_string()])
        .collect();
    w.table(&columns, &rows);
    assert!(w.pages.len() >= 3, "{} pages", w.pages.len());
    for page in &w.pages {
        let t = texts(page);
        assert_eq!(t[0], "Unit", "every page starts with the header");
        assert_eq!(t[1], "Count");
    }
    let all: Vec<String> = w.pages.iter().flat_map(texts).collect();
    for i in 0..120 {
        assert!(all.contains(&format!("U{i}")), "row {i} is missing");
    }
    // Right-aligned numbers end at the column's right edge, less the padding.
    let ends: Vec<f32> = w.pages[0]
        .items
        .iter()
        .filter_map(|d| match d {
            Draw::Text { x, text, size, .. } if text.parse::<u32>().is_ok() => {
                Some(x + Mono.width_mm(text, *size, false))
            }
            _ => None,
        })
        .collect();
    assert!(
        ends.windows(2).all(|p| (p[0] - p[1]).abs() < 0.01),
        "{ends:?}"
    );
    for page in &w.pages {
        for d in &page.items {
            if let Draw::Text { y, .. } = d {
                assert!(
                    *y >= 20.0 + 8.0 - 0.01,
                    "text below the bottom margin at {y}"
                );
            }
        }
    }
}

#[test]
fn numbers_print_without_needless_decimals() {
    assert_eq!(number(7.0), "7");
    assert_eq!(number(63.5), "63.5");
    assert_eq!(number(1.0 / 3.0), "0.33");
}
