//! What an incident's record must hold before it is stored: text trimmed and bounded, lists
//! without repeats, perpetrators named consistently, units that exist.

use super::{
    IncidentDraft, LIST_MAX, NARRATIVE_MAX, NOTE_MAX, PLACE_MAX, SUMMARY_MAX, VICTIMS_MAX,
};
use crate::db::incidents::{Parts, Secret};
use crate::db::{DbConn, units};
use crate::domain::ids::UnitId;
use crate::domain::incident::PerpetratorKind;
use crate::domain::recurrence::check_date;
use crate::domain::refusal::{self, Remedy, Word};
use crate::domain::text::{Label, trimmed};
use crate::error::AppError;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Checks and tidies a draft: trims text, drops nothing silently, fills in the responsible unit.
pub(super) fn check_draft(
    conn: &mut DbConn,
    d: &mut IncidentDraft,
    today: NaiveDate,
) -> Result<(), AppError> {
    check_date("occurred_on", d.occurred_on)?;
    if d.occurred_on > today {
        return Err(AppError::validation(
            "occurred_on",
            refusal::incident_date_future(d.occurred_on, today),
        ));
    }
    d.region = Label::parse("region", &d.region, PLACE_MAX)?.into_inner();
    for (field, place) in [
        ("province", &mut d.province),
        ("municipality", &mut d.municipality),
    ] {
        *place = Label::parse_optional(field, place, PLACE_MAX)?
            .map(Label::into_inner)
            .unwrap_or_default();
    }
    d.summary = trimmed("summary", &d.summary, SUMMARY_MAX)?;
    if d.summary.is_empty() {
        return Err(AppError::validation(
            "summary",
            refusal::incident_summary_empty(),
        ));
    }
    check_parts(conn, &mut d.parts)?;
    check_secret(&mut d.secret)?;
    if let Some(unit) = d.unit_id {
        check_unit(conn, "unit_id", unit)?;
    } else {
        d.unit_id = d.parts.perpetrators.iter().find_map(|p| p.unit_id);
    }
    Ok(())
}

fn check_parts(conn: &mut DbConn, p: &mut Parts) -> Result<(), AppError> {
    if p.harms.is_empty() {
        return Err(AppError::validation(
            "harms",
            refusal::incident_harms_empty(),
        ));
    }
    let mut seen = HashSet::new();
    if let Some(twice) = p.harms.iter().find(|h| !seen.insert(**h)) {
        return Err(AppError::validation(
            "harms",
            refusal::incident_harm_twice(Word::of("harm", twice.as_str())),
        ));
    }
    check_count("victims", p.victims.len())?;
    let mut groups = HashSet::new();
    for v in &p.victims {
        if v.victims == 0 || v.victims > VICTIMS_MAX {
            return Err(AppError::validation(
                "victims",
                refusal::victim_count_range(VICTIMS_MAX),
            ));
        }
        if !groups.insert((v.sex, v.age_group)) {
            return Err(AppError::validation(
                "victims",
                refusal::victim_group_twice(
                    Word::of("age_group", v.age_group.as_str()),
                    Word::of("sex", v.sex.as_str()),
                ),
            ));
        }
    }
    check_count("perpetrators", p.perpetrators.len())?;
    for x in &mut p.perpetrators {
        x.group_name = x.group_name.trim().to_owned();
        match x.kind {
            PerpetratorKind::Unit => {
                let unit = x.unit_id.ok_or_else(|| {
                    AppError::validation("perpetrators", refusal::perpetrator_unit_missing())
                })?;
                check_unit(conn, "perpetrators", unit)?;
                if !x.group_name.is_empty() {
                    return Err(AppError::validation(
                        "perpetrators",
                        refusal::perpetrator_unit_with_group(),
                    ));
                }
            }
            PerpetratorKind::NonStateArmedGroup => {
                if x.unit_id.is_some() {
                    return Err(AppError::validation(
                        "perpetrators",
                        refusal::perpetrator_group_with_unit(),
                    ));
                }
                x.group_name = Label::parse_optional("perpetrators", &x.group_name, PLACE_MAX)?
                    .map(Label::into_inner)
                    .unwrap_or_default();
            }
            PerpetratorKind::Unknown => {
                if x.unit_id.is_some() || !x.group_name.is_empty() {
                    return Err(AppError::validation(
                        "perpetrators",
                        refusal::perpetrator_unknown_named(),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_secret(s: &mut Secret) -> Result<(), AppError> {
    s.narrative = trimmed("narrative", &s.narrative, NARRATIVE_MAX)?;
    if let Some((lat, lon)) = s.coordinates
        && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
    {
        return Err(AppError::validation(
            "coordinates",
            refusal::incident_coordinates_range(),
        ));
    }
    check_count("victim_identities", s.identities.len())?;
    for person in &mut s.identities {
        person.name = Label::parse("victim_identities", &person.name, 200)?.into_inner();
        person.note = trimmed("victim_identities", &person.note, NOTE_MAX)?;
    }
    check_count("sources", s.sources.len())?;
    for source in &mut s.sources {
        source.description = trimmed("sources", &source.description, NOTE_MAX)?;
    }
    Ok(())
}

fn check_count(field: &'static str, n: usize) -> Result<(), AppError> {
    if n > LIST_MAX {
        return Err(AppError::validation(
            field,
            refusal::incident_list_too_long(LIST_MAX),
        ));
    }
    Ok(())
}

fn check_unit(conn: &mut DbConn, field: &'static str, unit: UnitId) -> Result<(), AppError> {
    units::find(conn, unit).map(|_| ()).map_err(|_| {
        let refused = refusal::incident_unit_unknown(unit).remedied(Remedy::AddUnit);
        AppError::validation(field, refused)
    })
}
