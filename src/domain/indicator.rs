//! Indicators of security-sector performance (after the IATI results standard) and the one rule
//! that turns a month's figures into a status.
//!
//! **The status rule.** With the actual value `a`, the target `t` for the month (the month's
//! own, else its quarter's, else its year's), the baseline `b`, and "better" meaning higher or
//! lower as the indicator's direction says:
//! - no value for the month → **no data**;
//! - a target: `a` as good as `t` or better → **on track**; short of `t` but better than `b` →
//!   **at risk**; short of `t` and no better than `b` → **off track**; with no baseline, short of
//!   `t` by at most 10 % of `|t|` → **at risk**, further → **off track**;
//! - no target but a baseline: better than `b` → **on track**, equal → **at risk**, worse →
//!   **off track**;
//! - neither target nor baseline → **no data** (nothing to measure against);
//! - partial data (a disaggregated figure with some of its groups missing) can never be
//!   **on track**: it is reported **at risk** at best.
//!
//! **Totals and roll-ups.** A month's total is its undivided value when there is one; otherwise
//! counts are summed over their groups and percentages, ratios, indices and scales averaged
//! (unweighted). A national board's roll-up of the same indicator (same code) on its regional
//! boards uses the same sum-or-mean.

use super::meeting::Sex;
use super::vocabulary;

vocabulary!(
    /// What kind of number an indicator is.
    Measure, "measure", {
        Count = "count",
        Percentage = "percentage",
        Ratio = "ratio",
        Index = "index",
        QualitativeScale = "qualitative_scale",
    }
);

vocabulary!(
    Direction, "direction", {
        HigherIsBetter = "higher_is_better",
        LowerIsBetter = "lower_is_better",
    }
);

vocabulary!(
    Status, "status", {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
        NoData = "no_data",
    }
);

vocabulary!(
    /// Age groups of disaggregated figures: child (under 18), youth (18–35), adult (36–59),
    /// elder (60 and over).
    AgeGroup, "age_group", {
        Child = "child",
        Youth = "youth",
        Adult = "adult",
        Elder = "elder",
    }
);

/// Where an indicator's figures for one month stand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub baseline: Option<f64>,
    pub partial: bool,
}

impl Direction {
    /// How much better `a` is than `b`: positive when better, negative when worse.
    fn gain(self, a: f64, b: f64) -> f64 {
        match self {
            Self::HigherIsBetter => a - b,
            Self::LowerIsBetter => b - a,
        }
    }
}

/// The status rule described at the top of this module.
pub fn status(direction: Direction, r: Reading) -> Status {
    let Some(actual) = r.actual else {
        return Status::NoData;
    };
    let status = match (r.target, r.baseline) {
        (Some(target), baseline) => {
            let short_by = -direction.gain(actual, target);
            if short_by <= 0.0 {
                Status::OnTrack
            } else {
                match baseline {
                    Some(b) if direction.gain(actual, b) > 0.0 => Status::AtRisk,
                    Some(_) => Status::OffTrack,
                    None if short_by <= 0.1 * target.abs() => Status::AtRisk,
                    None => Status::OffTrack,
                }
            }
        }
        (None, Some(baseline)) => {
            let gain = direction.gain(actual, baseline);
            if gain > 0.0 {
                Status::OnTrack
            } else if gain == 0.0 {
                Status::AtRisk
            } else {
                Status::OffTrack
            }
        }
        (None, None) => Status::NoData,
    };
    if r.partial && status == Status::OnTrack {
        Status::AtRisk
    } else {
        status
    }
}

/// Sums counts and averages everything else; `None` for no values.
pub fn combine(measure: Measure, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    Some(match measure {
        Measure::Count => sum,
        _ => sum / values.len() as f64,
    })
}

/// The groups a figure disaggregated by sex is expected to have.
pub const SEXES_EXPECTED: [Sex; 2] = [Sex::Female, Sex::Male];

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::*;
    use Status::*;
    use rand::Rng;

    fn reading(actual: Option<f64>, target: Option<f64>, baseline: Option<f64>) -> Reading {
        Reading {
            actual,
            target,
            baseline,
            partial: false,
        }
    }

    #[test]
    fn named_cases_for_both_directions_with_and_without_targets() {
        // One case a line reads as the table it is.
        #[rustfmt::skip]
        let cases = [
            ("fewer incidents than the target", LowerIsBetter, Some(8.0), Some(10.0), Some(20.0), OnTrack),
            ("exactly on the target", LowerIsBetter, Some(10.0), Some(10.0), Some(20.0), OnTrack),
            ("fewer than baseline, more than target", LowerIsBetter, Some(15.0), Some(10.0), Some(20.0), AtRisk),
            ("back at the baseline", LowerIsBetter, Some(20.0), Some(10.0), Some(20.0), OffTrack),
            ("worse than the baseline", LowerIsBetter, Some(25.0), Some(10.0), Some(20.0), OffTrack),
            ("more women feel safe than targeted", HigherIsBetter, Some(72.0), Some(70.0), Some(40.0), OnTrack),
            ("better than baseline, short of target", HigherIsBetter, Some(55.0), Some(70.0), Some(40.0), AtRisk),
            ("below the baseline", HigherIsBetter, Some(35.0), Some(70.0), Some(40.0), OffTrack),
            ("no baseline, within ten percent", HigherIsBetter, Some(64.0), Some(70.0), None, AtRisk),
            ("no baseline, far short", HigherIsBetter, Some(50.0), Some(70.0), None, OffTrack),
            ("no baseline, lower is better, close", LowerIsBetter, Some(10.5), Some(10.0), None, AtRisk),
            ("no target, better than baseline", HigherIsBetter, Some(45.0), None, Some(40.0), OnTrack),
            ("no target, same as baseline", LowerIsBetter, Some(20.0), None, Some(20.0), AtRisk),
            ("no target, worse than baseline", LowerIsBetter, Some(22.0), None, Some(20.0), OffTrack),
            ("nothing to compare with", HigherIsBetter, Some(50.0), None, None, NoData),
            ("no value this month", HigherIsBetter, None, Some(70.0), Some(40.0), NoData),
        ];
        for (name, direction, actual, target, baseline, expected) in cases {
            assert_eq!(
                status(direction, reading(actual, target, baseline)),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn partial_data_is_never_on_track() {
        let mut r = reading(Some(80.0), Some(70.0), Some(40.0));
        assert_eq!(status(HigherIsBetter, r), OnTrack);
        r.partial = true;
        assert_eq!(status(HigherIsBetter, r), AtRisk);
        r.actual = Some(30.0);
        assert_eq!(status(HigherIsBetter, r), OffTrack);
    }

    fn random_reading(rng: &mut impl Rng) -> Reading {
        let maybe = |rng: &mut dyn rand::RngCore| {
            rng.random_bool(0.8)
                .then(|| f64::from(rng.random_range(-50..150)))
        };
        Reading {
            actual: maybe(rng),
            target: maybe(rng),
            baseline: maybe(rng),
            partial: rng.random_bool(0.2),
        }
    }

    /// Mirroring every number turns "lower is better" into "higher is better" with the same
    /// status; and improving the actual value never makes the status worse.
    #[test]
    fn the_rule_is_symmetric_in_direction_and_monotone_in_the_actual_value() {
        let rank = |s: Status| match s {
            OffTrack => 0,
            AtRisk => 1,
            OnTrack => 2,
            NoData => 3,
        };
        let mut rng = rand::rng();
        for _ in 0..20_000 {
            let r = random_reading(&mut rng);
            let mirrored = Reading {
                actual: r.actual.map(|v| -v),
                target: r.target.map(|v| -v),
                baseline: r.baseline.map(|v| -v),
                partial: r.partial,
            };
            assert_eq!(
                status(LowerIsBetter, r),
                status(HigherIsBetter, mirrored),
                "{r:?}"
            );
            if let Some(actual) = r.actual {
                let better = Reading {
                    actual: Some(actual + f64::from(rng.random_range(0..50))),
                    ..r
                };
                let (before, after) = (status(HigherIsBetter, r), status(HigherIsBetter, better));
                assert!(rank(after) >= rank(before), "{r:?}: {before:?} → {after:?}");
                assert_eq!(before == NoData, after == NoData);
            } else {
                assert_eq!(status(HigherIsBetter, r), NoData);
            }
            if r.partial {
                assert_ne!(status(HigherIsBetter, r), OnTrack);
            }
        }
    }

    #[test]
    fn every_word_is_what_serde_and_the_api_document_call_it() {
        fn check<T: serde::Serialize + Copy>(all: &[T], text: fn(T) -> &'static str) {
            for v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), text(*v));
            }
        }
        check(Measure::ALL, Measure::as_str);
        check(Direction::ALL, Direction::as_str);
        check(Status::ALL, Status::as_str);
        check(AgeGroup::ALL, AgeGroup::as_str);
    }

    #[test]
    fn counts_are_summed_and_other_measures_averaged() {
        assert_eq!(combine(Measure::Count, &[3.0, 4.0]), Some(7.0));
        assert_eq!(combine(Measure::Percentage, &[60.0, 70.0]), Some(65.0));
        assert_eq!(combine(Measure::Index, &[]), None);
    }
}
