//! Stacked bars: columns along a time axis (`columns`), or one bar a row for named groups
//! (`rows`), each stack split into its layers' colours.

use super::{Plot, Stacks, WIDTH, Words, category_axis, escape, nice_ceiling};
use super::{no_figures, number, open, ticks, value_axis};
use std::fmt::Write;

const HEIGHT: u32 = 230;

/// Stacked columns, one per category, with a value axis from zero.
pub fn columns(stacks: &Stacks, words: &Words) -> String {
    if stacks.is_empty() {
        return no_figures(words);
    }
    let plot = Plot::framed(HEIGHT);
    let top = nice_ceiling(f64::from(stacks.highest()));
    let mut out = String::new();
    open(&mut out, words, WIDTH, HEIGHT);
    value_axis(&mut out, words, top, &plot, true);
    let step = plot.step(stacks.categories.len());
    let bar = (step * 0.7).max(1.0);
    for i in 0..stacks.categories.len() {
        let x = plot.left as f64 + step * i as f64 + (step - bar) / 2.0;
        stack(&mut out, stacks, i, |from, to| {
            let (y0, y1) = (plot.y(from, top), plot.y(to, top));
            (x, y1, bar, y0 - y1)
        });
    }
    category_axis(&mut out, words, &stacks.categories, &plot, HEIGHT);
    out.push_str("</svg>");
    out
}

/// The `i`-th stack, a rectangle for each layer's share that is not zero; `place` gives the
/// rectangle (x, y, width, height) of the values from `from` to `to`.
fn stack(
    out: &mut String,
    stacks: &Stacks,
    i: usize,
    place: impl Fn(f64, f64) -> (f64, f64, f64, f64),
) {
    let mut base = 0.0;
    for (n, layer) in stacks.layers.iter().enumerate() {
        let value = f64::from(layer.values.get(i).copied().unwrap_or(0));
        if value == 0.0 {
            continue;
        }
        let (x, y, width, height) = place(base, base + value);
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" \
             fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}, {}: {}</title></rect>",
            stacks.colour(n),
            escape(stacks.categories.get(i).map_or("", String::as_str)),
            escape(&layer.name),
            number(value)
        );
        base += value;
    }
}

/// Height of one group's row: its name above, its bar below.
const ROW: u32 = 44;

/// Stacked bars, one a row, each group's name written above its bar, with a value axis along
/// the bottom.
pub fn rows(stacks: &Stacks, words: &Words) -> String {
    if stacks.is_empty() {
        return no_figures(words);
    }
    let height = 24 + ROW * stacks.categories.len() as u32 + 44;
    let (left, right, top_y) = (8u32, WIDTH - 16, 12u32);
    let bottom = height - 44;
    let top = nice_ceiling(f64::from(stacks.highest()));
    let span = f64::from(right - left);
    let x = |v: f64| f64::from(left) + span * (v / top).clamp(0.0, 1.0);
    let mut out = String::new();
    open(&mut out, words, WIDTH, height);
    for tick in ticks(top, true) {
        let at = x(tick);
        let _ = write!(
            out,
            "<line x1=\"{at:.1}\" y1=\"{top_y}\" x2=\"{at:.1}\" y2=\"{bottom}\" \
             stroke=\"#cfd6dd\"/><text x=\"{at:.1}\" y=\"{}\" text-anchor=\"middle\" \
             font-size=\"12\" fill=\"#1b1f24\">{}</text>",
            bottom + 16,
            number(tick)
        );
    }
    for (i, group) in stacks.categories.iter().enumerate() {
        let row_top = top_y + ROW * i as u32;
        let _ = write!(
            out,
            "<text x=\"{left}\" y=\"{}\" font-size=\"13\" fill=\"#1b1f24\">{} ({})</text>",
            row_top + 14,
            escape(group),
            stacks.total(i)
        );
        let y = f64::from(row_top + 20);
        stack(&mut out, stacks, i, |from, to| {
            (x(from), y, x(to) - x(from), 18.0)
        });
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#4f5862\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" \
         fill=\"#1b1f24\">{}</text></svg>",
        (left + right) / 2,
        height - 6,
        escape(words.x_axis)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::Layer;

    fn words() -> Words<'static> {
        Words {
            id: "c1",
            title: "Incidents <by> month",
            x_axis: "Month",
            y_axis: "Incidents",
            no_figures: "No figures",
        }
    }

    fn stacks() -> Stacks {
        Stacks {
            categories: vec!["01".into(), "02".into(), "03".into()],
            layers: vec![
                Layer {
                    name: "Killed".into(),
                    values: vec![2, 0, 1],
                    colour: None,
                },
                Layer {
                    name: "Injured & \"hurt\"".into(),
                    values: vec![2, 0, 0],
                    colour: None,
                },
            ],
        }
    }

    /// The heights of the rectangles drawn, in order.
    fn attribute(svg: &str, name: &str) -> Vec<f64> {
        svg.split("<rect ")
            .skip(1)
            .filter_map(|r| {
                let from = r.find(&format!(" {name}=\""))? + name.len() + 3;
                r[from..].split('"').next()?.parse().ok()
            })
            .collect()
    }

    #[test]
    fn column_heights_are_proportional_to_the_counts() {
        let svg = columns(&stacks(), &words());
        let heights = attribute(&svg, "height");
        assert_eq!(heights.len(), 3, "no rectangle for a zero: {svg}");
        assert!(
            (heights[0] - heights[1]).abs() < 0.2,
            "2 and 2: {heights:?}"
        );
        assert!(
            (heights[0] - 2.0 * heights[2]).abs() < 0.2,
            "2 against 1: {heights:?}"
        );
    }

    #[test]
    fn a_chart_is_an_image_named_by_its_escaped_title() {
        let svg = columns(&stacks(), &words());
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"c1-title\""));
        assert!(svg.contains("<title id=\"c1-title\">Incidents &lt;by&gt; month</title>"));
        assert!(svg.contains("Injured &amp; &quot;hurt&quot;"));
        assert!(svg.contains("width=\"100%\"") && svg.contains("viewBox=\"0 0 360 230\""));
        assert!(svg.contains(">Month</text>") && svg.contains(">Incidents</text>"));
    }

    #[test]
    fn empty_figures_are_drawn_as_a_sentence() {
        let empty = Stacks {
            categories: vec!["01".into()],
            layers: vec![Layer {
                name: "Killed".into(),
                values: vec![0],
                colour: None,
            }],
        };
        for svg in [columns(&empty, &words()), rows(&empty, &words())] {
            assert!(svg.contains(">No figures</text>"), "{svg}");
            assert_eq!(attribute(&svg, "height").len(), 1, "only the frame: {svg}");
        }
        assert!(columns(&Stacks::default(), &words()).contains(">No figures</text>"));
    }

    #[test]
    fn a_layer_with_a_colour_of_its_own_keeps_it() {
        let mut s = stacks();
        s.layers[1].colour = Some("#a11a1a");
        let svg = columns(&s, &words());
        assert!(
            svg.contains("fill=\"#0b5394\""),
            "the palette's first: {svg}"
        );
        assert!(svg.contains("fill=\"#a11a1a\""), "its own: {svg}");
        assert_eq!(s.legend()[1].colour, "#a11a1a");
    }

    #[test]
    fn row_lengths_are_proportional_and_each_row_is_named_with_its_total() {
        let svg = rows(&stacks(), &words());
        let widths = attribute(&svg, "width");
        assert_eq!(widths.len(), 3, "{svg}");
        assert!((widths[0] - 2.0 * widths[2]).abs() < 0.2, "{widths:?}");
        assert!(svg.contains(">01 (4)</text>") && svg.contains(">03 (1)</text>"));
    }
}
