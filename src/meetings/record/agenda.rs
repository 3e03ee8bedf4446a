//! A meeting's agenda: the items in order, and what it carries over from earlier sessions for
//! those who see the record. It closes when the minutes are approved.

use super::TEXT_MAX;
use crate::audit::{self, Actor, Change};
use crate::auth::policy::Principal;
use crate::db::actions::Action;
use crate::db::agenda::{self, AgendaItem};
use crate::db::decisions::{self, Decision};
use crate::db::meetings::Meeting;
use crate::db::{Db, DbConn};
use crate::domain::ids::{AgendaItemId, MeetingId};
use crate::domain::refusal::{self, Remedy};
use crate::domain::text::{Label, check_text};
use crate::error::AppError;
use crate::meetings::views::AgendaView;
use crate::meetings::{Sight, carry_over, ensure_record_open, find, kept, readable};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashSet;
use utoipa::ToSchema;

pub const AGENDA_MAX_ITEMS: usize = 100;
const TITLE_MAX: usize = 300;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AgendaInput)]
pub struct ReplaceAgendaRequest {
    /// The whole agenda in order; items left out are removed.
    #[schema(max_items = 100)]
    items: Vec<AgendaItemRequest>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AgendaItemInput)]
pub struct AgendaItemRequest {
    /// An existing item's id, to keep it (decisions refer to it); omit for a new item.
    pub id: Option<AgendaItemId>,
    #[schema(min_length = 1, max_length = 300, format = "single-line")]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub description: String,
    #[serde(default)]
    pub is_public: bool,
}

impl From<AgendaItem> for AgendaItemRequest {
    /// The item as it stands, to submit again unchanged.
    fn from(i: AgendaItem) -> Self {
        Self {
            id: Some(i.id),
            title: i.title,
            description: i.description,
            is_public: i.is_public,
        }
    }
}

/// A meeting's agenda as one may see it.
pub struct Agenda {
    pub items: Vec<AgendaItem>,
    /// The decisions of the board's previous session (matters arising): for the record's readers.
    pub carried_over: Vec<Decision>,
    /// The board's follow-up actions not yet verified: for the record's readers.
    pub open_actions: Vec<Action>,
}

/// The agenda; closed items and what it carries over only for those who see the record.
pub async fn show(db: &Db, who: &Principal, id: MeetingId) -> Result<AgendaView, AppError> {
    let (meeting, seen) = readable(db, who, id).await?;
    let mut agenda = db
        .read(move |conn| {
            let items = agenda::list(conn, meeting.id)?;
            match seen {
                Sight::Record => with_carried(conn, &meeting, items),
                Sight::Public => Ok(Agenda {
                    items,
                    carried_over: Vec::new(),
                    open_actions: Vec::new(),
                }),
            }
        })
        .await?;
    agenda
        .items
        .retain(|i| seen == Sight::Record || i.is_public);
    Ok(agenda.into())
}

/// Replaces the agenda with `items` in order (items with an id keep it).
pub async fn replace(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    req: ReplaceAgendaRequest,
    now: DateTime<Utc>,
) -> Result<AgendaView, AppError> {
    let meeting = kept(db, who, id).await?;
    Ok(store(db, who, meeting, req.items, now).await?.into())
}

/// Adds one item at the end of the agenda.
pub async fn append(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    item: AgendaItemRequest,
    now: DateTime<Utc>,
) -> Result<AgendaView, AppError> {
    let meeting = kept(db, who, id).await?;
    let mut items = as_submitted(db, id).await?;
    items.push(item);
    Ok(store(db, who, meeting, items, now).await?.into())
}

/// Where one agenda item goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shift {
    /// One place up; the first item stays first.
    Earlier,
    /// One place down; the last item stays last.
    Later,
    /// Off the agenda.
    Off,
}

/// Moves one item one place earlier or later, or takes it off the agenda.
pub async fn shift(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    item: AgendaItemId,
    to: Shift,
    now: DateTime<Utc>,
) -> Result<AgendaView, AppError> {
    let meeting = kept(db, who, id).await?;
    let mut items = as_submitted(db, id).await?;
    let at = items
        .iter()
        .position(|i| i.id == Some(item))
        .ok_or_else(|| AppError::NotFound(refusal::agenda_item_not_here(item)))?;
    match to {
        Shift::Earlier if at > 0 => items.swap(at, at - 1),
        Shift::Later if at + 1 < items.len() => items.swap(at, at + 1),
        Shift::Off => drop(items.remove(at)),
        Shift::Earlier | Shift::Later => {}
    }
    Ok(store(db, who, meeting, items, now).await?.into())
}

/// The agenda as it stands, to submit again with a change.
async fn as_submitted(db: &Db, id: MeetingId) -> Result<Vec<AgendaItemRequest>, AppError> {
    let current = db.read(move |conn| agenda::list(conn, id)).await?;
    Ok(current.into_iter().map(AgendaItemRequest::from).collect())
}

async fn store(
    db: &Db,
    who: &Principal,
    meeting: Meeting,
    items: Vec<AgendaItemRequest>,
    now: DateTime<Utc>,
) -> Result<Agenda, AppError> {
    let drafts = items
        .into_iter()
        .map(|i| {
            Ok(AgendaDraft {
                id: i.id,
                title: Label::parse("title", &i.title, TITLE_MAX)?,
                description: i.description.trim().to_owned(),
                is_public: i.is_public,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let actor = who.actor();
    db.write(move |conn| {
        let items = replace_items(conn, &actor, meeting.id, drafts, now)?;
        with_carried(conn, &meeting, items)
    })
    .await
}

/// The agenda with what it carries over, for those who see the record.
pub(super) fn with_carried(
    conn: &mut DbConn,
    meeting: &Meeting,
    items: Vec<AgendaItem>,
) -> Result<Agenda, AppError> {
    Ok(Agenda {
        items,
        carried_over: carry_over::matters_arising(conn, meeting)?,
        open_actions: carry_over::open_actions(conn, meeting)?,
    })
}

/// One agenda line as submitted: an existing item keeps its id, a new one has none.
struct AgendaDraft {
    id: Option<AgendaItemId>,
    title: Label,
    description: String,
    is_public: bool,
}

/// Replaces the agenda with `items`, in that order. Existing items named by id are kept (and
/// keep their id, which decisions refer to); items left out are removed unless a decision cites
/// them.
fn replace_items(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    items: Vec<AgendaDraft>,
    now: DateTime<Utc>,
) -> Result<Vec<AgendaItem>, AppError> {
    let board = find(conn, meeting)?.board_id;
    ensure_record_open(conn, meeting)?;
    if items.len() > AGENDA_MAX_ITEMS {
        return Err(AppError::validation(
            "items",
            refusal::agenda_too_many(AGENDA_MAX_ITEMS),
        ));
    }
    let before = agenda::list(conn, meeting)?;
    let known: HashSet<AgendaItemId> = before.iter().map(|i| i.id).collect();
    let mut kept = HashSet::new();
    for item in &items {
        if let Some(id) = item.id {
            if !known.contains(&id) {
                return Err(AppError::validation(
                    "items",
                    refusal::agenda_item_not_here(id),
                ));
            }
            if !kept.insert(id) {
                return Err(AppError::validation(
                    "items",
                    refusal::agenda_item_twice(id),
                ));
            }
        }
        check_text("description", &item.description, TEXT_MAX)?;
    }
    for old in before.iter().filter(|i| !kept.contains(&i.id)) {
        if let Some(decision) = decisions::citing_agenda_item(conn, old.id)? {
            let relink = Remedy::RelinkDecision {
                board,
                meeting,
                decision,
            };
            return Err(AppError::Conflict(
                refusal::agenda_item_has_decisions(old.id, &old.title).remedied(relink),
            ));
        }
        agenda::delete(conn, old.id)?;
    }
    for (index, item) in items.into_iter().enumerate() {
        let mut row = AgendaItem {
            id: item.id.unwrap_or(AgendaItemId(0)),
            meeting_id: meeting,
            position: i32::try_from(index + 1).unwrap_or(i32::MAX),
            title: item.title.into_inner(),
            description: item.description,
            is_public: item.is_public,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        };
        match before.iter().find(|b| Some(b.id) == item.id) {
            Some(old) => {
                row.created_at = old.created_at;
                let unchanged = old.position == row.position
                    && old.title == row.title
                    && old.description == row.description
                    && old.is_public == row.is_public;
                if !unchanged {
                    agenda::update(conn, &row)?;
                }
            }
            None => {
                agenda::insert(conn, &row)?;
            }
        }
    }
    let after = agenda::list(conn, meeting)?;
    let same = before.len() == after.len()
        && before.iter().zip(&after).all(|(b, a)| {
            (b.id, b.position, &b.title, &b.description, b.is_public)
                == (a.id, a.position, &a.title, &a.description, a.is_public)
        });
    if !same {
        audit::record(
            conn,
            actor,
            Change::updated("agenda", meeting, &before, &after),
            now,
        )?;
    }
    Ok(after)
}
