//! An incident's whole record as one form, drawn: when and where, what happened (harms, victims
//! counted by sex and age group), who is alleged and how they took part, sources and their
//! reliability, and the confidential part (narrative, coordinates, identities). A repeated
//! group has a row per entry and a few blank rows; more rows come after saving.

use super::super::Ctx;
use super::super::forms::{Choice, Field, FormView, Refused};
use super::typed::{BLANK_ROWS, GROUPS, Typed, cell_name};
use crate::domain::incident::{
    Harm, Involvement, PerpetratorKind, Reliability, Severity, SourceKind, VictimAge,
};
use crate::domain::meeting::Sex;
use crate::incidents::views::SecretariatIncident;
use crate::org::names::Names;

/// A box to tick.
pub struct Tick {
    pub name: String,
    pub label: String,
    pub checked: bool,
}

/// One input of a repeated group's row.
pub struct Cell {
    pub name: String,
    pub label: String,
    /// text, number or select.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<Choice>,
}

pub struct GroupView {
    pub name: &'static str,
    pub legend: String,
    pub hint: String,
    pub row_label: String,
    pub error: String,
    pub rows: Vec<Vec<Cell>>,
}

/// A part of the form under its own legend: single fields, then the harms (legend, refusal,
/// boxes), then repeated groups.
pub struct Section {
    pub legend: String,
    pub fields: Vec<Field>,
    pub harms: Option<(String, String, Vec<Tick>)>,
    pub groups: Vec<GroupView>,
}

/// The form as drawn: its frame (action, submit, a refusal not about one field) and sections.
pub struct RecordForm {
    pub form: FormView,
    pub sections: Vec<Section>,
}

impl RecordForm {
    /// Whether it carries a refusal (the page opens the part of itself that holds it).
    pub fn refused(&self) -> bool {
        self.form.refused()
            || self.sections.iter().any(|s| {
                s.fields.iter().any(|f| !f.error.is_empty())
                    || s.harms.as_ref().is_some_and(|(_, e, _)| !e.is_empty())
                    || s.groups.iter().any(|g| !g.error.is_empty())
            })
    }
}

/// The single fields, holding the stored record's values when there is one.
fn single_fields(c: &Ctx, names: &Names, s: Option<&SecretariatIncident>) -> Vec<Field> {
    let t = c.t;
    let value = |f: fn(&SecretariatIncident) -> String| s.map(f).unwrap_or_default();
    let place = s.and_then(|s| s.coordinates.as_ref());
    let severities = c.choices("severity", Severity::ALL, Severity::as_str);
    vec![
        Field::date("occurred_on", t.get("incidents.occurred_on"))
            .value(value(|s| s.shared.occurred_on.to_string()))
            .required(),
        Field::time("occurred_time", t.get("incident.occurred_time")).value(value(|s| {
            s.shared.occurred_time.clone().unwrap_or_default()
        })),
        Field::text("region", t.get("incidents.region"))
            .value(value(|s| s.shared.region.clone()))
            .required(),
        Field::text("province", t.get("incidents.province"))
            .value(value(|s| s.shared.province.clone())),
        Field::text("municipality", t.get("incidents.municipality"))
            .value(value(|s| s.shared.municipality.clone())),
        Field::select("severity", t.get("incidents.severity"), severities)
            .value(s.map_or("moderate", |s| s.shared.severity.as_str()))
            .required(),
        Field::long("summary", t.get("incidents.summary"))
            .hint(t.get("incidents.summary_hint"))
            .value(value(|s| s.shared.summary.clone()))
            .required(),
        Field::select("unit_id", t.get("incidents.unit"), Choice::units(names))
            .hint(t.get("incident.unit_hint"))
            .value(value(|s| {
                s.shared.unit_id.map(|u| u.to_string()).unwrap_or_default()
            })),
        Field::long("narrative", t.get("incidents.narrative"))
            .hint(t.get("incidents.narrative_hint"))
            .value(value(|s| s.narrative.clone())),
        Field::text("latitude", t.get("incident.latitude"))
            .value(place.map(|x| x.latitude.to_string()).unwrap_or_default()),
        Field::text("longitude", t.get("incident.longitude"))
            .value(place.map(|x| x.longitude.to_string()).unwrap_or_default()),
    ]
}

/// The form to record an incident (`current` none) or to correct one; `typed` is what was sent
/// when `refused` is this form's refusal.
pub fn record_form(
    c: &Ctx,
    names: &Names,
    frame: FormView,
    current: Option<&SecretariatIncident>,
    typed: Option<&Typed>,
    refused: Option<&Refused>,
) -> RecordForm {
    let stored;
    let typed = match typed {
        Some(typed) => typed,
        None => {
            stored = current.map_or_else(Typed::empty, Typed::of);
            &stored
        }
    };
    let mut form = frame;
    for field in single_fields(c, names, current) {
        form = form.field(field);
    }
    // Fields the refusals of the whole record name; their messages go beside their parts.
    for part in ["coordinates", "harms"]
        .into_iter()
        .chain(GROUPS.map(|g| g.name))
    {
        form = form.field(Field::hidden(part, ""));
    }
    let mut form = form.settle(refused);
    let mut fields = std::mem::take(&mut form.fields);
    let mut take = |wanted: &[&str]| -> Vec<Field> {
        let at = |f: &Field| wanted.contains(&f.name);
        let (taken, left) = std::mem::take(&mut fields).into_iter().partition(at);
        fields = left;
        taken
    };
    let when = take(&[
        "occurred_on",
        "occurred_time",
        "region",
        "province",
        "municipality",
    ]);
    let what = take(&["severity", "summary"]);
    let responsible = take(&["unit_id"]);
    let mut secret = take(&["narrative", "latitude", "longitude"]);
    let error = |name: &str| {
        let carrier = fields.iter().find(|f| f.name == name);
        carrier.map(|f| f.error.clone()).unwrap_or_default()
    };
    if let Some(latitude) = secret.iter_mut().find(|f| f.name == "latitude") {
        latitude.error = error("coordinates");
    }
    let ticks = Harm::ALL
        .iter()
        .map(|h| Tick {
            name: format!("harm-{}", h.as_str()),
            label: c.word("harm", h.as_str()),
            checked: typed.harms.iter().any(|x| x == h.as_str()),
        })
        .collect();
    let t = c.t;
    let harms = Some((t.get("incident.harms").to_owned(), error("harms"), ticks));
    let [victims, perpetrators, sources, identities] = groups(c, names, typed, &error);
    let section = |legend: &str, fields, harms, groups| Section {
        legend: t.get(legend).to_owned(),
        fields,
        harms,
        groups,
    };
    let sections = vec![
        section("incident.part_when", when, None, vec![]),
        section("incident.part_what", what, harms, vec![victims]),
        section("incident.part_who", responsible, None, vec![perpetrators]),
        section("incident.part_sources", vec![], None, vec![sources]),
        section("incident.part_secret", secret, None, vec![identities]),
    ];
    RecordForm { form, sections }
}

/// A column's label (a catalogue key), kind, and choices if it is chosen from a list.
fn column(
    c: &Ctx,
    names: &Names,
    group: &str,
    column: &str,
) -> (String, &'static str, Vec<Choice>) {
    let list = |choices: Vec<Choice>| ("select", choices);
    let (kind, choices) = match (group, column) {
        (_, "sex") => list(c.choices("sex", Sex::ALL, Sex::as_str)),
        (_, "age_group") => list(c.choices("age_group", VictimAge::ALL, VictimAge::as_str)),
        (_, "count") => ("number", Vec::new()),
        ("perpetrators", "kind") => list(c.choices(
            "perpetrator_kind",
            PerpetratorKind::ALL,
            PerpetratorKind::as_str,
        )),
        (_, "unit_id") => list(Choice::units(names)),
        (_, "involvement") => list(c.choices("involvement", Involvement::ALL, Involvement::as_str)),
        (_, "kind") => list(c.choices("incident_source", SourceKind::ALL, SourceKind::as_str)),
        (_, "reliability") => list(c.choices("reliability", Reliability::ALL, Reliability::as_str)),
        _ => ("text", Vec::new()),
    };
    let label = c.t.get(&format!("incident.{group}_{column}")).to_owned();
    (label, kind, choices)
}

/// Each group's rows: those typed or stored, then blank ones.
fn groups(c: &Ctx, names: &Names, typed: &Typed, error: &dyn Fn(&str) -> String) -> [GroupView; 4] {
    let t = c.t;
    let mut n = 0;
    GROUPS.map(|g| {
        let rows = &typed.rows[n];
        n += 1;
        let columns: Vec<_> = (g.columns.iter())
            .map(|x| column(c, names, g.name, x))
            .collect();
        let blank = vec![String::new(); columns.len()];
        let drawn = rows.iter().chain(std::iter::repeat_n(&blank, BLANK_ROWS));
        let row = |(r, values): (usize, &Vec<String>)| {
            (columns.iter().zip(g.columns).zip(values))
                .map(|(((label, kind, options), column), value)| Cell {
                    name: cell_name(g.name, r, column),
                    label: label.clone(),
                    kind,
                    value: value.clone(),
                    options: (options.iter())
                        .map(|o| Choice::new(&o.value, o.label.clone()))
                        .collect(),
                })
                .collect()
        };
        GroupView {
            name: g.name,
            legend: t.get(&format!("incident.group_{}", g.name)).to_owned(),
            hint: t.get(&format!("incident.group_{}_hint", g.name)).to_owned(),
            row_label: t.get("incident.row").to_owned(),
            error: error(g.name),
            rows: drawn.enumerate().map(row).collect(),
        }
    })
}
