//! Incident counts by month, region, harm and alleged perpetrator, for `incidents/summary.csv`:
//! aggregates only, small counts suppressed. An incident with two harms or two perpetrators
//! counts once in each of its rows, so rows may add up to more than the incidents.

use crate::db::incidents::{Incident, Parts};
use crate::domain::disclosure::shown;
use crate::domain::ids::UnitId;
use crate::domain::incident::{Harm, PerpetratorKind};
use crate::error::AppError;
use std::collections::{BTreeMap, HashMap};

/// `victims` adds up the victims counted; `victims_not_counted` is how many of the row's
/// incidents have no victim count yet (their victims are unknown, not zero).
pub const COLUMNS: [&str; 8] = [
    "month",
    "region",
    "harm",
    "perpetrator_kind",
    "perpetrator",
    "incidents",
    "victims",
    "victims_not_counted",
];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    month: String,
    region: String,
    harm: &'static str,
    perpetrator_kind: &'static str,
    perpetrator: String,
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    incidents: u64,
    victims: u64,
    not_counted: u64,
}

/// The summary rows, ordered by month, region, harm and perpetrator, counts suppressed below
/// `threshold`.
pub fn rows(
    incidents: &[(Incident, Parts)],
    unit_names: &HashMap<UnitId, String>,
    threshold: u32,
) -> Vec<[String; 8]> {
    let mut tallies: BTreeMap<Key, Tally> = BTreeMap::new();
    for (incident, parts) in incidents {
        let victims: u64 = parts.victims.iter().map(|v| u64::from(v.victims)).sum();
        let mut alleged: Vec<(&'static str, String)> = parts
            .perpetrators
            .iter()
            .map(|p| {
                let name = match p.kind {
                    PerpetratorKind::Unit => p
                        .unit_id
                        .and_then(|u| unit_names.get(&u).cloned())
                        .unwrap_or_default(),
                    PerpetratorKind::NonStateArmedGroup => p.group_name.clone(),
                    PerpetratorKind::Unknown => String::new(),
                };
                (p.kind.as_str(), name)
            })
            .collect();
        if alleged.is_empty() {
            alleged.push((PerpetratorKind::Unknown.as_str(), String::new()));
        }
        alleged.sort();
        alleged.dedup();
        for harm in &parts.harms {
            for (kind, name) in &alleged {
                let tally = tallies
                    .entry(Key {
                        month: incident.occurred_on.format("%Y-%m").to_string(),
                        region: incident.region.clone(),
                        harm: Harm::as_str(*harm),
                        perpetrator_kind: kind,
                        perpetrator: name.clone(),
                    })
                    .or_default();
                tally.incidents += 1;
                tally.victims += victims;
                tally.not_counted += u64::from(parts.victims.is_empty());
            }
        }
    }
    tallies
        .into_iter()
        .map(|(k, t)| {
            [
                k.month,
                k.region,
                k.harm.to_owned(),
                k.perpetrator_kind.to_owned(),
                k.perpetrator,
                shown(t.incidents, threshold),
                shown(t.victims, threshold),
                shown(t.not_counted, threshold),
            ]
        })
        .collect()
}

/// The rows as a CSV file, with its header.
pub fn csv(rows: &[[String; 8]]) -> Result<Vec<u8>, AppError> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| AppError::Internal(e.into());
    out.write_record(COLUMNS).map_err(fail)?;
    for row in rows {
        out.write_record(row).map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::incidents::{Perpetrator, VictimCount};
    use crate::domain::ids::{BoardId, IncidentId};
    use crate::domain::incident::{IncidentStatus, Involvement, Severity, VictimAge};
    use crate::domain::meeting::Sex;
    use chrono::NaiveDate;

    fn incident(id: i64, day: u32, region: &str, parts: Parts) -> (Incident, Parts) {
        let at = NaiveDate::from_ymd_opt(2026, 10, day)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        (
            Incident {
                id: IncidentId(id),
                board_id: BoardId(1),
                occurred_on: at.date(),
                occurred_time: None,
                region: region.into(),
                province: String::new(),
                municipality: String::new(),
                summary: "s".into(),
                severity: Severity::Low,
                status: IncidentStatus::Reported,
                unit_id: None,
                reported_at: at,
                updated_at: at,
            },
            parts,
        )
    }

    fn parts(harms: &[Harm], victims: u32, unit: Option<i64>) -> Parts {
        Parts {
            harms: harms.to_vec(),
            victims: (victims > 0)
                .then_some(VictimCount {
                    sex: Sex::Female,
                    age_group: VictimAge::Adult,
                    victims,
                })
                .into_iter()
                .collect(),
            perpetrators: unit
                .map(|u| Perpetrator {
                    kind: PerpetratorKind::Unit,
                    unit_id: Some(UnitId(u)),
                    group_name: String::new(),
                    involvement: Involvement::Direct,
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn incidents_are_counted_per_harm_and_perpetrator_and_small_counts_hidden() {
        let names = HashMap::from([(UnitId(7), "7th Infantry Battalion".to_owned())]);
        let mut all = Vec::new();
        for day in 1..=6 {
            all.push(incident(
                day,
                u32::try_from(day).unwrap(),
                "Region VIII",
                parts(&[Harm::Displacement], 10, Some(7)),
            ));
        }
        all.push(incident(
            7,
            9,
            "Region VIII",
            parts(&[Harm::Killed, Harm::Injured], 2, None),
        ));
        // Victims not counted are not zero victims: the row says how many incidents lack a count.
        all.push(incident(
            8,
            10,
            "Region VIII",
            parts(&[Harm::ArbitraryArrestOrDetention], 0, None),
        ));
        // One row a line, its cells joined by commas, to read as the CSV does.
        let rows: Vec<String> = rows(&all, &names, 5).iter().map(|r| r.join(",")).collect();
        assert_eq!(
            rows,
            [
                "2026-10,Region VIII,arbitrary_arrest_or_detention,unknown,,<5,0,<5",
                "2026-10,Region VIII,displacement,unit,7th Infantry Battalion,6,60,0",
                "2026-10,Region VIII,injured,unknown,,<5,<5,0",
                "2026-10,Region VIII,killed,unknown,,<5,<5,0",
            ]
        );
    }
}
