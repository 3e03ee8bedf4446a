//! A small line chart of monthly values with the target drawn as a dashed line: gaps where a
//! month has no figure, points on every figure.

use super::{
    Key, Mark, Plot, Words, category_axis, colour, escape, nice_ceiling, no_figures, open,
};
use super::{WIDTH, number, value_axis};
use std::fmt::Write;

const HEIGHT: u32 = 210;

/// A value per month and the target the month was held to, either possibly missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trend {
    /// Short labels of the months, oldest first.
    pub labels: Vec<String>,
    pub values: Vec<Option<f64>>,
    pub targets: Vec<Option<f64>>,
}

impl Trend {
    /// The legend's entries, named in the reader's language: the values, and the target when
    /// one is drawn.
    pub fn legend(&self, actual: &str, target: &str) -> Vec<Key> {
        let mut keys = vec![Key {
            name: actual.to_owned(),
            colour: colour(0),
            mark: Mark::Line,
        }];
        if self.targets.iter().any(Option::is_some) {
            keys.push(Key {
                name: target.to_owned(),
                colour: colour(1),
                mark: Mark::Dashed,
            });
        }
        keys
    }
}

/// The line of the values and the dashed line of the targets, on an axis from zero (or from
/// the lowest value, when one is below zero).
pub fn trend(t: &Trend, words: &Words) -> String {
    let known: Vec<f64> = t
        .values
        .iter()
        .chain(&t.targets)
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if t.values.iter().flatten().next().is_none() {
        return no_figures(words);
    }
    let plot = Plot::framed(HEIGHT);
    let low = known.iter().copied().fold(0.0, f64::min);
    let high = known.iter().copied().fold(0.0, f64::max);
    let top = nice_ceiling(high - low);
    let step = plot.step(t.labels.len());
    let point = |i: usize, v: f64| {
        (
            plot.left as f64 + step * (i as f64 + 0.5),
            plot.y(v - low, top),
        )
    };
    let mut out = String::new();
    open(&mut out, words, WIDTH, HEIGHT);
    value_axis(&mut out, words, top, &plot, false);
    if low < 0.0 {
        let (_, zero) = point(0, 0.0);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{zero:.1}\" x2=\"{}\" y2=\"{zero:.1}\" stroke=\"#4f5862\"/>",
            plot.left, plot.right
        );
    }
    let targets = path(&t.targets, &point);
    if !targets.is_empty() {
        let _ = write!(
            out,
            "<path d=\"{targets}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" \
             stroke-dasharray=\"6 4\"/>",
            colour(1)
        );
    }
    let _ = write!(
        out,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>",
        path(&t.values, &point),
        colour(0)
    );
    for (i, v) in t.values.iter().enumerate() {
        if let Some(v) = v {
            let (x, y) = point(i, *v);
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{}\"><title>{}: {}</title>\
                 </circle>",
                colour(0),
                escape(t.labels.get(i).map_or("", String::as_str)),
                number(*v)
            );
        }
    }
    category_axis(&mut out, words, &t.labels, &plot, HEIGHT);
    out.push_str("</svg>");
    out
}

/// A path through the known points, lifting the pen over missing ones; a lone point is a dot.
fn path(values: &[Option<f64>], point: &impl Fn(usize, f64) -> (f64, f64)) -> String {
    let mut d = String::new();
    let mut drawing = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) if v.is_finite() => {
                let (x, y) = point(i, *v);
                let pen = if drawing { 'L' } else { 'M' };
                let _ = write!(d, "{pen}{x:.1} {y:.1} ");
                let lone = !drawing && !values.get(i + 1).is_some_and(|n| n.is_some());
                if lone {
                    let _ = write!(d, "h0.1 ");
                }
                drawing = true;
            }
            _ => drawing = false,
        }
    }
    d.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words<'static> {
        Words {
            id: "i7",
            title: "INC-01 against its target",
            x_axis: "Month",
            y_axis: "Count",
            no_figures: "No figures",
        }
    }

    fn ys(d: &str) -> Vec<f64> {
        d.split(['M', 'L'])
            .filter_map(|p| p.split_whitespace().nth(1)?.parse().ok())
            .collect()
    }

    fn paths(svg: &str) -> Vec<String> {
        svg.split("<path d=\"")
            .skip(1)
            .filter_map(|p| p.split('"').next().map(str::to_owned))
            .collect()
    }

    #[test]
    fn values_sit_at_heights_proportional_to_them_and_gaps_lift_the_pen() {
        let t = Trend {
            labels: vec!["01".into(), "02".into(), "03".into(), "04".into()],
            values: vec![Some(10.0), Some(5.0), None, Some(0.0)],
            targets: vec![Some(8.0); 4],
        };
        let svg = trend(&t, &words());
        let drawn = paths(&svg);
        let (targets, values) = (&drawn[0], &drawn[1]);
        let y = ys(values);
        let bottom = f64::from(Plot::framed(HEIGHT).bottom);
        assert_eq!(y.len(), 3, "{values}");
        assert!(
            ((bottom - y[0]) - 2.0 * (bottom - y[1])).abs() < 0.2,
            "{y:?}"
        );
        assert!((y[2] - bottom).abs() < 0.01, "zero on the axis: {y:?}");
        assert_eq!(
            values.matches('M').count(),
            2,
            "the gap starts a new line: {values}"
        );
        assert_eq!(ys(targets).len(), 4);
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        assert_eq!(svg.matches("<circle").count(), 3);
    }

    #[test]
    fn the_legend_names_the_target_only_when_there_is_one() {
        let mut t = Trend {
            labels: vec!["01".into()],
            values: vec![Some(1.0)],
            targets: vec![None],
        };
        assert_eq!(t.legend("Value", "Target").len(), 1);
        t.targets[0] = Some(2.0);
        let keys = t.legend("Value", "Target");
        assert_eq!(
            (keys[1].name.as_str(), keys[1].mark),
            ("Target", Mark::Dashed)
        );
    }

    #[test]
    fn a_trend_without_any_figure_is_drawn_as_a_sentence() {
        let t = Trend {
            labels: vec!["01".into()],
            values: vec![None],
            targets: vec![Some(3.0)],
        };
        let svg = trend(&t, &words());
        assert!(svg.contains(">No figures</text>"));
        assert!(!svg.contains("<path"));
    }

    #[test]
    fn a_value_below_zero_moves_the_axis_down() {
        let t = Trend {
            labels: vec!["01".into(), "02".into()],
            values: vec![Some(-4.0), Some(4.0)],
            targets: vec![None, None],
        };
        let svg = trend(&t, &words());
        let drawn = paths(&svg);
        assert_eq!(drawn.len(), 1, "no target, no dashed line");
        let y = ys(&drawn[0]);
        let bottom = f64::from(Plot::framed(HEIGHT).bottom);
        assert!(
            (y[0] - bottom).abs() < 0.01,
            "the lowest value on the axis: {y:?}"
        );
        assert!(y[1] < y[0]);
    }
}
