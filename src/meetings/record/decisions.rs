//! What a meeting decided, and who is to carry it out: kept by the board's secretaries, seen by
//! the board's people and by the representatives of the unit a decision falls to. Closes when
//! the minutes are approved.

use super::TEXT_MAX;
use crate::audit::{self, Actor, Change};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::agenda;
use crate::db::decisions::{self, Decision};
use crate::db::{Db, DbConn};
use crate::domain::ids::{AgendaItemId, DecisionId, MeetingId, UnitId};
use crate::domain::refusal::{self, Remedy};
use crate::domain::text::{check_text, trimmed};
use crate::error::{AppError, not_found};
use crate::meetings::views::DecisionView;
use crate::meetings::{ensure_record_open, find, kept, readable};
use crate::org::units;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DecisionInput)]
pub struct DecisionRequest {
    #[schema(min_length = 1, max_length = 10000, format = "text-not-blank")]
    pub text: String,
    pub agenda_item_id: Option<AgendaItemId>,
    /// The unit that is to carry the decision out, if any.
    pub responsible_unit_id: Option<UnitId>,
    /// Who is responsible, in words.
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub responsible: String,
}

/// The decisions of a meeting this principal may see, in the order they were taken.
pub async fn list(db: &Db, who: &Principal, id: MeetingId) -> Result<Vec<DecisionView>, AppError> {
    let (m, _) = readable(db, who, id).await?;
    let (list, tree) = db
        .read(move |conn| {
            Ok::<_, AppError>((decisions::list(conn, m.id)?, crate::db::units::tree(conn)?))
        })
        .await?;
    let board = m.board_id;
    let seen = |d: &Decision| {
        let chain = d
            .responsible_unit_id
            .map(|unit| tree.chain(unit))
            .unwrap_or_default();
        authorize(
            Some(who),
            Permission::ReadDecision {
                board,
                chain: &chain,
            },
        )
        .is_ok()
    };
    Ok(list
        .into_iter()
        .filter(seen)
        .map(DecisionView::from)
        .collect())
}

pub async fn add(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    req: DecisionRequest,
    now: DateTime<Utc>,
) -> Result<DecisionView, AppError> {
    save(db, who, id, None, req, now).await
}

pub async fn edit(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    decision: DecisionId,
    req: DecisionRequest,
    now: DateTime<Utc>,
) -> Result<DecisionView, AppError> {
    save(db, who, id, Some(decision), req, now).await
}

/// Records a decision of the meeting, or changes `decision`: its keepers' work.
async fn save(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    decision: Option<DecisionId>,
    req: DecisionRequest,
    now: DateTime<Utc>,
) -> Result<DecisionView, AppError> {
    let m = kept(db, who, id).await?;
    let actor = who.actor();
    let saved = db.write(move |conn| match decision {
        None => insert(conn, &actor, m.id, req, now),
        Some(d) => update(conn, &actor, m.id, d, req, now),
    });
    Ok(saved.await?.into())
}

fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    draft: DecisionRequest,
    now: DateTime<Utc>,
) -> Result<Decision, AppError> {
    find(conn, meeting)?;
    ensure_record_open(conn, meeting)?;
    let decision = Decision {
        id: DecisionId(0),
        meeting_id: meeting,
        agenda_item_id: None,
        text: String::new(),
        responsible_unit_id: None,
        responsible: String::new(),
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
    };
    let decision = apply(conn, decision, draft)?;
    let decision = decisions::insert(conn, &decision)?;
    audit::record(
        conn,
        actor,
        Change::created("decision", decision.id, &decision),
        now,
    )?;
    Ok(decision)
}

fn update(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    id: DecisionId,
    draft: DecisionRequest,
    now: DateTime<Utc>,
) -> Result<Decision, AppError> {
    find(conn, meeting)?;
    let before = decisions::find(conn, meeting, id).map_err(not_found("decision", id))?;
    ensure_record_open(conn, meeting)?;
    let mut after = apply(conn, before.clone(), draft)?;
    if (
        after.agenda_item_id,
        &after.text,
        after.responsible_unit_id,
        &after.responsible,
    ) == (
        before.agenda_item_id,
        &before.text,
        before.responsible_unit_id,
        &before.responsible,
    ) {
        return Ok(before);
    }
    after.updated_at = now.naive_utc();
    let after = decisions::update(conn, &after)?;
    audit::record(
        conn,
        actor,
        Change::updated("decision", id, &before, &after),
        now,
    )?;
    Ok(after)
}

fn apply(conn: &mut DbConn, mut d: Decision, draft: DecisionRequest) -> Result<Decision, AppError> {
    let text = trimmed("text", &draft.text, TEXT_MAX)?;
    if text.is_empty() {
        return Err(AppError::validation("text", refusal::decision_text_empty()));
    }
    check_text("responsible", &draft.responsible, TEXT_MAX)?;
    if let Some(item) = draft.agenda_item_id
        && !agenda::list(conn, d.meeting_id)?
            .iter()
            .any(|i| i.id == item)
    {
        return Err(AppError::validation(
            "agenda_item_id",
            refusal::agenda_item_not_here(item),
        ));
    }
    if let Some(unit) = draft.responsible_unit_id {
        units::find(conn, unit).map_err(|_| {
            let refused = refusal::decision_unit_missing(unit).remedied(Remedy::AddUnit);
            AppError::validation("responsible_unit_id", refused)
        })?;
    }
    d.agenda_item_id = draft.agenda_item_id;
    d.text = text.to_owned();
    d.responsible_unit_id = draft.responsible_unit_id;
    d.responsible = draft.responsible.trim().to_owned();
    Ok(d)
}
