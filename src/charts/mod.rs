//! Charts drawn on the server as SVG text: pure functions from typed series to markup that
//! scales to any width (a `viewBox`, `width="100%"`), named for screen readers by its title.
//! The figures themselves are the page's to show as a table beside each chart.

pub mod bars;
pub mod lines;

use crate::domain::period::Period;
use crate::markup::escape;
use chrono::Datelike;
use std::fmt::Write;

/// Colours of a chart's series, each at least 3:1 against white (WCAG 1.4.11), in the order
/// series take them.
pub const PALETTE: [&str; 8] = [
    "#0b5394", "#b34700", "#1e6b34", "#a11a1a", "#6a3d9a", "#00707a", "#4f5862", "#7a5c00",
];

/// The colour of the `n`-th series.
pub fn colour(n: usize) -> &'static str {
    PALETTE[n % PALETTE.len()]
}

/// The words a chart shows, already in the reader's language.
pub struct Words<'a> {
    /// Unique on the page: the chart's title is found by `{id}-title`.
    pub id: &'a str,
    pub title: &'a str,
    pub x_axis: &'a str,
    pub y_axis: &'a str,
    /// Drawn instead of the plot when there is nothing to draw.
    pub no_figures: &'a str,
}

/// One series of counts: a part of each stack, drawn in one colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub name: String,
    pub values: Vec<u32>,
    /// A colour that carries meaning (red for overdue, say); `None` takes the palette's next.
    pub colour: Option<&'static str>,
}

/// Counts by category (a month, a unit), split into layers that stack.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stacks {
    /// Short labels drawn along the categories' axis.
    pub categories: Vec<String>,
    pub layers: Vec<Layer>,
}

impl Stacks {
    /// The height of the `i`-th stack.
    pub fn total(&self, i: usize) -> u32 {
        self.layers
            .iter()
            .map(|l| l.values.get(i).copied().unwrap_or(0))
            .sum()
    }

    /// The height of the highest stack.
    pub fn highest(&self) -> u32 {
        (0..self.categories.len())
            .map(|i| self.total(i))
            .max()
            .unwrap_or(0)
    }

    /// Whether every stack is empty.
    pub fn is_empty(&self) -> bool {
        self.highest() == 0
    }

    /// The colour of the `n`-th layer.
    pub fn colour(&self, n: usize) -> &'static str {
        self.layers
            .get(n)
            .and_then(|l| l.colour)
            .unwrap_or_else(|| colour(n))
    }

    /// The legend's entries: each layer's name and colour.
    pub fn legend(&self) -> Vec<Key> {
        self.layers
            .iter()
            .enumerate()
            .map(|(n, l)| Key {
                name: l.name.clone(),
                colour: self.colour(n),
                mark: Mark::Block,
            })
            .collect()
    }
}

/// An entry of a chart's legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub colour: &'static str,
    pub mark: Mark,
}

/// How a legend's entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A filled square, for a part of a bar.
    Block,
    /// A line, for a series of values.
    Line,
    /// A dashed line, for a target.
    Dashed,
}

/// The legend as an HTML list, each entry with its swatch drawn as a tiny SVG.
pub fn legend(keys: &[Key]) -> String {
    let mut out = String::from("<ul class=\"legend\">");
    for k in keys {
        let line = |dashes: &str| {
            format!(
                "<line x1=\"0\" y1=\"7\" x2=\"14\" y2=\"7\" stroke=\"{}\" stroke-width=\"3\"{dashes}/>",
                k.colour
            )
        };
        let swatch = match k.mark {
            Mark::Block => format!("<rect width=\"14\" height=\"14\" fill=\"{}\"/>", k.colour),
            Mark::Line => line(""),
            Mark::Dashed => line(" stroke-dasharray=\"4 2\""),
        };
        let _ = write!(
            out,
            "<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\" \
             focusable=\"false\">{swatch}</svg> {}</li>",
            escape(&k.name)
        );
    }
    out.push_str("</ul>");
    out
}

/// The top of a value axis: the smallest 1, 2 or 5 times a power of ten at or above `max`
/// (1 when there is nothing above zero).
pub fn nice_ceiling(max: f64) -> f64 {
    if max.is_nan() || max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|top| *top >= max * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A number as an axis or a table shows it: whole numbers without decimals, others with at
/// most two.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let text = format!("{v:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// The opening of a chart: its `viewBox`, role and title, and the frame when there is nothing
/// to draw.
fn open(out: &mut String, words: &Words, width: u32, height: u32) {
    let id = escape(words.id);
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {width} \
         {height}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title>",
        escape(words.title)
    );
}

/// The width of every chart's `viewBox`: near a phone's, so that its words stay readable there.
const WIDTH: u32 = 360;

/// The chart said to have no figures: a low empty frame with the sentence in its middle.
fn no_figures(words: &Words) -> String {
    let (width, height) = (WIDTH, 64);
    let mut out = String::new();
    open(&mut out, words, width, height);
    let _ = write!(
        out,
        "<rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#767676\"/>\
         <text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" \
         fill=\"#1b1f24\">{}</text></svg>",
        width - 2,
        height - 2,
        width / 2,
        height / 2 + 5,
        escape(words.no_figures)
    );
    out
}

/// Where an axis from zero to `top` is marked: every whole number up to 5 when counting, else
/// zero, the half and the top.
fn ticks(top: f64, whole: bool) -> Vec<f64> {
    if whole && top <= 5.0 {
        (0..=top as u32).map(f64::from).collect()
    } else {
        vec![0.0, top / 2.0, top]
    }
}

/// The value axis along the left, marked by [`ticks`], with the axis title written upwards.
fn value_axis(out: &mut String, words: &Words, top: f64, plot: &Plot, whole: bool) {
    for tick in ticks(top, whole) {
        let y = plot.y(tick, top);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#cfd6dd\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\" \
             fill=\"#1b1f24\">{}</text>",
            plot.left,
            plot.right,
            plot.left - 4,
            y + 4.0,
            number(tick)
        );
    }
    let middle = (plot.top + plot.bottom) / 2;
    let _ = write!(
        out,
        "<text x=\"12\" y=\"{middle}\" transform=\"rotate(-90 12 {middle})\" \
         text-anchor=\"middle\" font-size=\"12\" fill=\"#1b1f24\">{}</text>\
         <line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#4f5862\"/>\
         <line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\" stroke=\"#4f5862\"/>",
        escape(words.y_axis),
        l = plot.left,
        r = plot.right,
        t = plot.top,
        b = plot.bottom,
    );
}

/// Labels along the bottom, one per column (a line break in a label starts a second line), and
/// the axis title under them.
fn category_axis(out: &mut String, words: &Words, labels: &[String], plot: &Plot, height: u32) {
    let step = plot.step(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let x = plot.left as f64 + step * (i as f64 + 0.5);
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" \
             fill=\"#1b1f24\">",
            plot.bottom + 14,
        );
        for (n, line) in label.split('\n').enumerate() {
            let dy = if n == 0 { 0 } else { 12 };
            let _ = write!(
                out,
                "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>",
                escape(line)
            );
        }
        out.push_str("</text>");
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" \
         fill=\"#1b1f24\">{}</text>",
        (plot.left + plot.right) / 2,
        height - 6,
        escape(words.x_axis)
    );
}

/// Months as a chart's axis names them: the month's number, and under it the year on the
/// first month and on each January.
pub fn month_axis(months: impl IntoIterator<Item = Period>) -> Vec<String> {
    (months.into_iter().enumerate())
        .map(|(i, p)| {
            let day = p.first_day();
            if i == 0 || day.month() == 1 {
                day.format("%m\n%Y").to_string()
            } else {
                day.format("%m").to_string()
            }
        })
        .collect()
}

/// The plotting area inside a chart's margins.
struct Plot {
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
}

impl Plot {
    /// The plotting area of a chart `height` high with a value axis on the left and two lines of
    /// labels under it.
    fn framed(height: u32) -> Self {
        Self {
            left: 38,
            right: WIDTH - 6,
            top: 10,
            bottom: height - 48,
        }
    }

    /// The width of each of `n` columns.
    fn step(&self, n: usize) -> f64 {
        f64::from(self.right - self.left) / n.max(1) as f64
    }

    /// Where a value sits, on an axis from 0 to `top`.
    fn y(&self, value: f64, top: f64) -> f64 {
        let span = f64::from(self.bottom - self.top);
        f64::from(self.bottom) - span * (value / top).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_top_is_a_round_number_at_or_above_the_largest_value() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(3.0), 5.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(0.3), 0.5);
    }

    #[test]
    fn a_count_axis_is_marked_at_whole_numbers() {
        assert_eq!(ticks(5.0, true), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(ticks(1.0, true), [0.0, 1.0]);
        assert_eq!(ticks(20.0, true), [0.0, 10.0, 20.0]);
        assert_eq!(ticks(0.5, false), [0.0, 0.25, 0.5]);
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(4.0), "4");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
    }

    #[test]
    fn the_legend_names_each_series_beside_its_colour() {
        let html = legend(&[
            Key {
                name: "Killed & hurt".into(),
                colour: PALETTE[0],
                mark: Mark::Block,
            },
            Key {
                name: "Target".into(),
                colour: PALETTE[1],
                mark: Mark::Dashed,
            },
        ]);
        assert!(html.contains("fill=\"#0b5394\"/></svg> Killed &amp; hurt</li>"));
        assert!(html.contains("stroke-dasharray"));
    }
}
