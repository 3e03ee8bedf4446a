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

/// The tables one incident is written across.
struct IncidentRows {
    incidents: Rows,
    harms: Rows,
    victims: Rows,
    perpetrators: Rows,
    events: Rows,
}

impl IncidentRows {
    fn open(conn: &mut DbConn) -> Result<Self, AppError> {
        let incident_columns = [
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
        ];
        let perpetrator_columns = [
            "incident_id",
            "kind",
            "unit_id",
            "group_name",
            "involvement",
        ];
        Ok(Self {
            incidents: Rows::numbered(conn, "incidents", &incident_columns)?,
            harms: Rows::numbered(conn, "incident_harms", &["incident_id", "harm"])?,
            victims: Rows::numbered(
                conn,
                "incident_victims",
                &["incident_id", "sex", "age_group", "victims"],
            )?,
            perpetrators: Rows::numbered(conn, "incident_perpetrators", &perpetrator_columns)?,
            events: Rows::numbered(
                conn,
                "incident_events",
                &["incident_id", "status", "note", "at"],
            )?,
        })
    }

    fn flush(&mut self, conn: &mut DbConn) -> Result<(), AppError> {
        Ok(flush_all(
            conn,
            &mut [
                &mut self.incidents,
                &mut self.harms,
                &mut self.victims,
                &mut self.perpetrators,
                &mut self.events,
            ],
        )?)
    }
}

const SETTLED: [IncidentStatus; 3] = [
    IncidentStatus::Closed,
    IncidentStatus::ResponseRecorded,
    IncidentStatus::NotCredible,
];
const OPEN: [IncidentStatus; 4] = [
    IncidentStatus::Reported,
    IncidentStatus::UnderAssessment,
    IncidentStatus::Credible,
    IncidentStatus::UnderInvestigation,
];

impl MonthPlan<'_> {
    /// Returns the ids of the incidents written.
    pub(super) fn write_incidents(
        &self,
        conn: &mut DbConn,
        rng: &mut StdRng,
    ) -> Result<Vec<i64>, AppError> {
        let mut rows = IncidentRows::open(conn)?;
        let mut ids = Vec::new();
        for _ in 0..self.incidents {
            ids.push(self.write_incident(&mut rows, rng));
            if rows.incidents.pending() == BATCH {
                rows.flush(conn)?;
            }
        }
        rows.flush(conn)?;
        Ok(ids)
    }

    fn write_incident(&self, rows: &mut IncidentRows, rng: &mut StdRng) -> i64 {
        let id = rows.incidents.next_id();
        let reported = self.moment(rng, 0);
        let occurred = (reported - TimeDelta::days(rng.random_range(0..4))).date();
        let statuses: &[IncidentStatus] = if self.closed_long_ago {
            &SETTLED
        } else {
            &OPEN
        };
        let status = Self::pick(rng, statuses);
        let updated = reported + TimeDelta::days(rng.random_range(1..40));
        let unit = if rng.random_bool(0.7) {
            Value::Int(self.unit(rng))
        } else {
            Value::Null
        };
        rows.incidents.add(&[
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
        self.write_parties(rows, rng, id);
        let steps = [
            (IncidentStatus::Reported.as_str(), reported),
            (status.as_str(), updated),
        ];
        push_history(&mut rows.events, id, steps);
        id
    }

    /// An incident's harms, victims and perpetrator.
    fn write_parties(&self, rows: &mut IncidentRows, rng: &mut StdRng, id: i64) {
        let first = rng.random_range(0..Harm::ALL.len());
        for harm in [first, (first + 1) % Harm::ALL.len()]
            .iter()
            .take(rng.random_range(1..3))
        {
            rows.harms
                .add(&[Value::Int(id), Value::Text(Harm::ALL[*harm].as_str())]);
        }
        rows.victims.add(&[
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
        rows.perpetrators.add(&[
            Value::Int(id),
            Value::Text(kind.as_str()),
            unit,
            Value::Text(group),
            Value::Text(Self::pick(rng, Involvement::ALL).as_str()),
        ]);
    }
}
