//! A board-month's incidents, with their victims, perpetrators, sources and history, written in
//! bulk.

use super::{INCIDENT_SUMMARIES, MonthPlan, PLACES, push_history};
use crate::db::DbConn;
use crate::db::bulk::{BATCH, Rows, Value, flush_all};
use crate::domain::incident::{
    Harm, IncidentStatus, Involvement, PerpetratorKind, Severity, VictimAge,
};
use crate::domain::meeting::Sex;
use crate::error::AppError;
use chrono::TimeDelta;
use rand::Rng;
use rand::rngs::StdRng;

impl MonthPlan<'_> {
    /// Returns the ids of the incidents written.
    pub(super) fn write_incidents(
        &self,
        conn: &mut DbConn,
        rng: &mut StdRng,
    ) -> Result<Vec<i64>, AppError> {
        let mut incidents = Rows::numbered(
            conn,
            "incidents",
            &[
                "board_id",
                "occurred_on",
                "region",
                "province",
                "municipality",
                "summary",
                "severity",
                "status",
                "unit_id",
                "reported_at",
                "updated_at",
            ],
        )?;
        let mut harms = Rows::numbered(conn, "incident_harms", &["incident_id", "harm"])?;
        let mut victims = Rows::numbered(
            conn,
            "incident_victims",
            &["incident_id", "sex", "age_group", "victims"],
        )?;
        let mut perpetrators = Rows::numbered(
            conn,
            "incident_perpetrators",
            &[
                "incident_id",
                "kind",
                "unit_id",
                "group_name",
                "involvement",
            ],
        )?;
        let mut events = Rows::numbered(
            conn,
            "incident_events",
            &["incident_id", "status", "note", "at"],
        )?;
        let settled = [
            IncidentStatus::Closed,
            IncidentStatus::ResponseRecorded,
            IncidentStatus::NotCredible,
        ];
        let open = [
            IncidentStatus::Reported,
            IncidentStatus::UnderAssessment,
            IncidentStatus::Credible,
            IncidentStatus::UnderInvestigation,
        ];
        let mut ids = Vec::new();
        for _ in 0..self.incidents {
            let id = incidents.next_id();
            ids.push(id);
            let reported = self.moment(rng, 0);
            let occurred = (reported - TimeDelta::days(rng.random_range(0..4))).date();
            let status = Self::pick(
                rng,
                if self.closed_long_ago {
                    &settled
                } else {
                    &open
                },
            );
            let updated = reported + TimeDelta::days(rng.random_range(1..40));
            let unit = if rng.random_bool(0.7) {
                Value::Int(self.unit(rng))
            } else {
                Value::Null
            };
            incidents.add(&[
                Value::Int(self.board.0),
                Value::Date(occurred),
                Value::Text("Archive region"),
                Value::Text(Self::pick(rng, PLACES)),
                Value::Text(Self::pick(rng, PLACES)),
                Value::Text(Self::pick(rng, INCIDENT_SUMMARIES)),
                Value::Text(Self::pick(rng, Severity::ALL).as_str()),
                Value::Text(status.as_str()),
                unit,
                Value::Time(reported),
                Value::Time(updated),
            ]);
            let first = rng.random_range(0..Harm::ALL.len());
            for harm in [first, (first + 1) % Harm::ALL.len()]
                .iter()
                .take(rng.random_range(1..3))
            {
                harms.add(&[Value::Int(id), Value::Text(Harm::ALL[*harm].as_str())]);
            }
            victims.add(&[
                Value::Int(id),
                Value::Text(Self::pick(rng, Sex::ALL).as_str()),
                Value::Text(Self::pick(rng, VictimAge::ALL).as_str()),
                Value::Int(rng.random_range(1..6)),
            ]);
            let kind = Self::pick(rng, PerpetratorKind::ALL);
            let (unit, group) = match kind {
                PerpetratorKind::Unit => (Value::Int(self.unit(rng)), ""),
                PerpetratorKind::NonStateArmedGroup => (Value::Null, "Unidentified armed group"),
                PerpetratorKind::Unknown => (Value::Null, ""),
            };
            perpetrators.add(&[
                Value::Int(id),
                Value::Text(kind.as_str()),
                unit,
                Value::Text(group),
                Value::Text(Self::pick(rng, Involvement::ALL).as_str()),
            ]);
            let steps = [
                (IncidentStatus::Reported.as_str(), reported),
                (status.as_str(), updated),
            ];
            push_history(&mut events, id, steps);
            if incidents.pending() == BATCH {
                flush_all(
                    conn,
                    &mut [
                        &mut incidents,
                        &mut harms,
                        &mut victims,
                        &mut perpetrators,
                        &mut events,
                    ],
                )?;
            }
        }
        flush_all(
            conn,
            &mut [
                &mut incidents,
                &mut harms,
                &mut victims,
                &mut perpetrators,
                &mut events,
            ],
        )?;
        Ok(ids)
    }
}
