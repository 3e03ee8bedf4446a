//! What the record form of an incident sends, read into the requests of `incidents::input`:
//! the single fields, the harms ticked, and the rows of each repeated group (victims,
//! perpetrators, sources, identities), blank rows left out.

use super::super::forms::Posted;
use crate::db::incidents::{Identity, Perpetrator, Source, VictimCount};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::incident::{Harm, Involvement, Reliability, Severity, VictimAge};
use crate::domain::meeting::Sex;
use crate::domain::refusal;
use crate::error::AppError;
use crate::incidents::LIST_MAX;
use crate::incidents::input::{ChangeIncidentRequest, Coordinates, RecordIncidentRequest};
use crate::incidents::views::SecretariatIncident;

/// Blank rows each repeated group offers beyond those filled in.
pub const BLANK_ROWS: usize = 3;

/// A repeated group: the request's field it fills (which refusals name) and its columns.
pub struct Group {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

const VICTIMS: usize = 0;
const PERPETRATORS: usize = 1;
const SOURCES: usize = 2;
const IDENTITIES: usize = 3;
pub const GROUPS: [Group; 4] = [
    Group {
        name: "victims",
        columns: &["sex", "age_group", "count"],
    },
    Group {
        name: "perpetrators",
        columns: &["kind", "unit_id", "group_name", "involvement"],
    },
    Group {
        name: "sources",
        columns: &["kind", "reliability", "description"],
    },
    Group {
        name: "victim_identities",
        columns: &["name", "sex", "age_group", "note"],
    },
];

pub fn cell_name(group: &str, row: usize, column: &str) -> String {
    format!("{group}-{row}-{column}")
}

/// What the form holds beyond its single fields: the harms ticked and each group's rows, blank
/// rows left out.
pub struct Typed {
    pub harms: Vec<String>,
    pub rows: [Vec<Vec<String>>; 4],
}

impl Typed {
    pub fn read(posted: &Posted) -> Self {
        let harms = Harm::ALL
            .iter()
            .map(|h| h.as_str())
            .filter(|h| posted.ticked(&format!("harm-{h}")))
            .map(str::to_owned)
            .collect();
        let rows = GROUPS.map(|g| {
            (0..LIST_MAX + BLANK_ROWS)
                .map_while(|n| {
                    posted.ticked(&cell_name(g.name, n, g.columns[0])).then(|| {
                        let cell =
                            |c: &&str| posted.get(&cell_name(g.name, n, c)).trim().to_owned();
                        g.columns.iter().map(cell).collect::<Vec<_>>()
                    })
                })
                .filter(|row| row.iter().any(|c| !c.is_empty()))
                .collect()
        });
        Self { harms, rows }
    }

    pub fn empty() -> Self {
        Self {
            harms: Vec::new(),
            rows: Default::default(),
        }
    }

    /// The record as stored, to correct it.
    pub fn of(s: &SecretariatIncident) -> Self {
        let unit = |u: Option<UnitId>| u.map(|u| u.to_string()).unwrap_or_default();
        let i = &s.shared;
        let victims = (i.victims.iter())
            .map(|v| {
                let (sex, age) = (v.sex.as_str().to_owned(), v.age_group.as_str().to_owned());
                vec![sex, age, v.victims.to_string()]
            })
            .collect();
        let perpetrators = (i.perpetrators.iter())
            .map(|p| {
                vec![
                    p.kind.as_str().to_owned(),
                    unit(p.unit_id),
                    p.group_name.clone(),
                    p.involvement.as_str().to_owned(),
                ]
            })
            .collect();
        let sources = (s.sources.iter())
            .map(|x| {
                vec![
                    x.kind.as_str().to_owned(),
                    x.reliability.as_str().to_owned(),
                    x.description.clone(),
                ]
            })
            .collect();
        let identities = (s.victim_identities.iter())
            .map(|x| {
                vec![
                    x.name.clone(),
                    x.sex.as_str().to_owned(),
                    x.age_group.as_str().to_owned(),
                    x.note.clone(),
                ]
            })
            .collect();
        Self {
            harms: i.harms.iter().map(|h| h.as_str().to_owned()).collect(),
            rows: [victims, perpetrators, sources, identities],
        }
    }

    fn harms(&self) -> Result<Vec<Harm>, AppError> {
        let harm = |h: &String| {
            h.parse()
                .map_err(|_| AppError::validation("harms", refusal::incident_harm_unknown(h)))
        };
        self.harms.iter().map(harm).collect()
    }

    fn victims(&self) -> Result<Vec<VictimCount>, AppError> {
        let field = GROUPS[VICTIMS].name;
        let rows = self.rows[VICTIMS].iter().enumerate();
        rows.map(|(n, r)| {
            Ok(VictimCount {
                sex: or_default(field, n, &r[0], Sex::NotStated)?,
                age_group: or_default(field, n, &r[1], VictimAge::Unknown)?,
                victims: r[2].parse().map_err(|_| {
                    AppError::validation(field, refusal::victim_count_not_number(&r[2], n + 1))
                })?,
            })
        })
        .collect()
    }

    fn perpetrators(&self) -> Result<Vec<Perpetrator>, AppError> {
        let field = GROUPS[PERPETRATORS].name;
        let rows = self.rows[PERPETRATORS].iter().enumerate();
        rows.map(|(n, r)| {
            Ok(Perpetrator {
                kind: pick(field, n, &r[0])?,
                unit_id: match r[1].as_str() {
                    "" => None,
                    raw => Some(UnitId(pick(field, n, raw)?)),
                },
                group_name: r[2].clone(),
                involvement: or_default(field, n, &r[3], Involvement::Unknown)?,
            })
        })
        .collect()
    }

    fn sources(&self) -> Result<Vec<Source>, AppError> {
        let field = GROUPS[SOURCES].name;
        let rows = self.rows[SOURCES].iter().enumerate();
        rows.map(|(n, r)| {
            Ok(Source {
                kind: pick(field, n, &r[0])?,
                reliability: or_default(field, n, &r[1], Reliability::Unknown)?,
                description: r[2].clone(),
            })
        })
        .collect()
    }

    fn identities(&self) -> Result<Vec<Identity>, AppError> {
        let field = GROUPS[IDENTITIES].name;
        let rows = self.rows[IDENTITIES].iter().enumerate();
        rows.map(|(n, r)| {
            Ok(Identity {
                name: r[0].clone(),
                sex: or_default(field, n, &r[1], Sex::NotStated)?,
                age_group: or_default(field, n, &r[2], VictimAge::Unknown)?,
                note: r[3].clone(),
            })
        })
        .collect()
    }
}

fn pick<T: std::str::FromStr>(field: &'static str, n: usize, raw: &str) -> Result<T, AppError> {
    let row = n + 1;
    match raw {
        "" => Err(AppError::validation(
            field,
            refusal::incident_row_choose(row),
        )),
        _ => raw
            .parse()
            .map_err(|_| AppError::validation(field, refusal::incident_row_not_a_choice(raw, row))),
    }
}

fn or_default<T: std::str::FromStr>(
    field: &'static str,
    n: usize,
    raw: &str,
    default: T,
) -> Result<T, AppError> {
    match raw {
        "" => Ok(default),
        _ => pick(field, n, raw),
    }
}

/// The whole record as the form gives it: the fields of `ChangeIncidentRequest` that correct
/// it, each one set (a blank time or place clears it).
pub fn correction(posted: &Posted, typed: &Typed) -> Result<ChangeIncidentRequest, AppError> {
    let text = |f: &str| Some(posted.get(f).to_owned());
    let time = posted.get("occurred_time").trim();
    Ok(ChangeIncidentRequest {
        occurred_on: Some(posted.date("occurred_on")?),
        occurred_time: Some((!time.is_empty()).then(|| time.to_owned())),
        region: text("region"),
        province: text("province"),
        municipality: text("municipality"),
        summary: text("summary"),
        severity: Some(posted.choice::<Severity>("severity")?),
        unit_id: Some(posted.opt_id("unit_id")?.map(UnitId)),
        harms: Some(typed.harms()?),
        victims: Some(typed.victims()?),
        perpetrators: Some(typed.perpetrators()?),
        narrative: text("narrative"),
        coordinates: Some(coordinates(posted)?),
        victim_identities: Some(typed.identities()?),
        sources: Some(typed.sources()?),
        ..ChangeIncidentRequest::default()
    })
}

/// A new record as the form gives it, for `board`.
pub fn record(
    board: BoardId,
    posted: &Posted,
    typed: &Typed,
) -> Result<RecordIncidentRequest, AppError> {
    let r = correction(posted, typed)?;
    Ok(RecordIncidentRequest {
        board_id: board,
        occurred_on: posted.date("occurred_on")?,
        occurred_time: r.occurred_time.flatten(),
        region: r.region.unwrap_or_default(),
        province: r.province.unwrap_or_default(),
        municipality: r.municipality.unwrap_or_default(),
        summary: r.summary.unwrap_or_default(),
        severity: posted.choice("severity")?,
        unit_id: r.unit_id.flatten(),
        harms: r.harms.unwrap_or_default(),
        victims: r.victims.unwrap_or_default(),
        perpetrators: r.perpetrators.unwrap_or_default(),
        narrative: r.narrative.unwrap_or_default(),
        coordinates: r.coordinates.flatten(),
        victim_identities: r.victim_identities.unwrap_or_default(),
        sources: r.sources.unwrap_or_default(),
    })
}

fn coordinates(posted: &Posted) -> Result<Option<Coordinates>, AppError> {
    let (lat, lon) = (
        posted.get("latitude").trim(),
        posted.get("longitude").trim(),
    );
    if lat.is_empty() && lon.is_empty() {
        return Ok(None);
    }
    let number = |raw: &str| raw.parse::<f64>().ok().filter(|n| n.is_finite());
    match (number(lat), number(lon)) {
        (Some(latitude), Some(longitude)) => Ok(Some(Coordinates {
            latitude,
            longitude,
        })),
        _ => Err(AppError::validation(
            "coordinates",
            refusal::incident_coordinates_both(),
        )),
    }
}
