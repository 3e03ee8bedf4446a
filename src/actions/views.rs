//! What the action operations answer: an action, its updates, a page of actions. The API writes
//! each as JSON by hand (`json_out`: the benchmarked fast path, byte for byte as serde_json);
//! serde and utoipa describe them to the API's schema.

use super::Dated;
use super::json_out::{self, JsonOut, WriteJson};
use super::json_time;
use crate::db::actions::ActionUpdate;
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::ids::{ActionId, BoardId, UnitId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// About what one action, and one of its updates, takes in JSON with a short description: the
/// answer's buffer is sized once from them.
const DETAIL_BYTES: usize = 512;
const UPDATE_BYTES: usize = 160;

#[derive(Serialize, ToSchema)]
pub struct ActionView {
    pub id: ActionId,
    pub board_id: BoardId,
    pub title: String,
    pub description: String,
    pub source_kind: SourceKind,
    pub source_id: Option<i64>,
    pub unit_id: UnitId,
    #[serde(serialize_with = "json_time::date")]
    pub due_date: NaiveDate,
    pub status: ActionStatus,
    /// Still owed by the unit after its due date (in the board's time zone).
    pub overdue: bool,
    #[serde(serialize_with = "json_time::instant_opt")]
    pub verified_at: Option<DateTime<Utc>>,
    pub verified_by: Option<UserId>,
    #[serde(serialize_with = "json_time::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::instant")]
    pub updated_at: DateTime<Utc>,
}

impl From<Dated> for ActionView {
    fn from(dated: Dated) -> Self {
        let overdue = dated.overdue();
        let a = dated.action;
        Self {
            overdue,
            id: a.id,
            board_id: a.board_id,
            title: a.title,
            description: a.description,
            source_kind: a.source_kind,
            source_id: a.source_id,
            unit_id: a.unit_id,
            due_date: a.due_date,
            status: a.status,
            verified_at: a.verified_at.map(|t| t.and_utc()),
            verified_by: a.verified_by,
            created_at: a.created_at.and_utc(),
            updated_at: a.updated_at.and_utc(),
        }
    }
}

impl ActionView {
    /// The view as JSON text.
    pub fn to_json(&self) -> Vec<u8> {
        json_out::bytes(self, DETAIL_BYTES)
    }

    /// The fields without their braces: [`ActionDetailView`] writes its own after them.
    fn write_fields(&self, out: &mut JsonOut) {
        out.raw("\"id\":");
        out.int(self.id.0);
        out.raw(",\"board_id\":");
        out.int(self.board_id.0);
        out.raw(",\"title\":");
        out.str(&self.title);
        out.raw(",\"description\":");
        out.str(&self.description);
        out.raw(",\"source_kind\":");
        out.str(self.source_kind.as_str());
        out.raw(",\"source_id\":");
        out.int_opt(self.source_id);
        out.raw(",\"unit_id\":");
        out.int(self.unit_id.0);
        out.raw(",\"due_date\":");
        out.date(self.due_date);
        out.raw(",\"status\":");
        out.str(self.status.as_str());
        out.raw(",\"overdue\":");
        out.bool(self.overdue);
        out.raw(",\"verified_at\":");
        out.instant_opt(self.verified_at.as_ref());
        out.raw(",\"verified_by\":");
        out.int_opt(self.verified_by.map(|u| u.0));
        out.raw(",\"created_at\":");
        out.instant(&self.created_at);
        out.raw(",\"updated_at\":");
        out.instant(&self.updated_at);
    }
}

impl WriteJson for ActionView {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw("{");
        self.write_fields(out);
        out.raw("}");
    }
}

#[derive(Serialize, ToSchema)]
pub struct UpdateView {
    /// status (a unit's report), verified or sent_back (the board's verdict).
    pub kind: String,
    pub status: String,
    pub note: String,
    pub author_user_id: Option<UserId>,
    #[serde(serialize_with = "json_time::instant")]
    pub at: DateTime<Utc>,
}

impl WriteJson for UpdateView {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw("{\"kind\":");
        out.str(&self.kind);
        out.raw(",\"status\":");
        out.str(&self.status);
        out.raw(",\"note\":");
        out.str(&self.note);
        out.raw(",\"author_user_id\":");
        out.int_opt(self.author_user_id.map(|u| u.0));
        out.raw(",\"at\":");
        out.instant(&self.at);
        out.raw("}");
    }
}

impl From<ActionUpdate> for UpdateView {
    fn from(u: ActionUpdate) -> Self {
        Self {
            kind: u.kind,
            status: u.status,
            note: u.note,
            author_user_id: u.author_user_id,
            at: u.created_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = ActionDetail)]
pub struct ActionDetailView {
    #[serde(flatten)]
    pub action: ActionView,
    /// Reports and verdicts, oldest first.
    pub updates: Vec<UpdateView>,
}

impl WriteJson for ActionDetailView {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw("{");
        self.action.write_fields(out);
        out.raw(",\"updates\":");
        self.updates.write_json(out);
        out.raw("}");
    }
}

impl ActionDetailView {
    pub fn new(action: Dated, updates: Vec<ActionUpdate>) -> Self {
        Self {
            action: ActionView::from(action),
            updates: updates.into_iter().map(UpdateView::from).collect(),
        }
    }

    /// The view as JSON text.
    pub fn to_json(&self) -> Vec<u8> {
        json_out::bytes(self, DETAIL_BYTES + UPDATE_BYTES * self.updates.len())
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = ActionPage)]
pub struct ActionPageView {
    pub items: Vec<ActionView>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<ActionId>,
}

impl ActionPageView {
    /// A page of at most `limit` actions: a full one points on to the next.
    pub fn new(found: Vec<Dated>, limit: i64) -> Self {
        let items: Vec<ActionView> = found.into_iter().map(ActionView::from).collect();
        let next_after = (items.len() as i64 == limit)
            .then(|| items.last().map(|a| a.id))
            .flatten();
        Self { items, next_after }
    }

    /// The view as JSON text.
    pub fn to_json(&self) -> Vec<u8> {
        json_out::bytes(self, DETAIL_BYTES * self.items.len())
    }
}

impl WriteJson for ActionPageView {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw("{\"items\":");
        self.items.write_json(out);
        out.raw(",\"next_after\":");
        out.int_opt(self.next_after.map(|a| a.0));
        out.raw("}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::json_out::tests::{awkward_strings, written};
    use chrono::TimeZone;

    fn views() -> Vec<ActionView> {
        let instants = [
            Utc.with_ymd_and_hms(2016, 12, 29, 15, 41, 0).unwrap(),
            Utc.timestamp_opt(1_795_000_000, 123_456_000).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
        ];
        let days = [
            NaiveDate::from_ymd_opt(2027, 1, 15).unwrap(),
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
        ];
        awkward_strings()
            .into_iter()
            .enumerate()
            .map(|(n, text)| ActionView {
                id: ActionId([1, i64::MAX, -7][n % 3]),
                board_id: BoardId(n as i64),
                title: text.clone(),
                description: text.repeat(n % 3),
                source_kind: SourceKind::ALL[n % SourceKind::ALL.len()],
                source_id: (n % 2 == 0).then_some(i64::MIN + n as i64),
                unit_id: UnitId(0),
                due_date: days[n % days.len()],
                status: ActionStatus::ALL[n % ActionStatus::ALL.len()],
                overdue: n % 2 == 1,
                verified_at: (n % 4 == 0).then_some(instants[n % instants.len()]),
                verified_by: (n % 3 == 0).then_some(UserId(n as i64)),
                created_at: instants[n % instants.len()],
                updated_at: instants[(n + 1) % instants.len()],
            })
            .collect()
    }

    #[test]
    fn action_views_are_written_as_serde_json_writes_them() {
        let mut views = views();
        for view in &views {
            assert_eq!(written(view), serde_json::to_string(view).unwrap());
        }
        let updates: Vec<UpdateView> = awkward_strings()
            .into_iter()
            .enumerate()
            .map(|(n, text)| UpdateView {
                kind: text.clone(),
                status: "reported_done".into(),
                note: text,
                author_user_id: (n % 2 == 0).then_some(UserId(n as i64)),
                at: Utc.timestamp_opt(1_795_000_000 + n as i64, 0).unwrap(),
            })
            .collect();
        let page = ActionPageView {
            items: views.split_off(views.len() / 2),
            next_after: Some(ActionId(42)),
        };
        assert_eq!(written(&page), serde_json::to_string(&page).unwrap());
        let empty = ActionPageView {
            items: Vec::new(),
            next_after: None,
        };
        assert_eq!(written(&empty), serde_json::to_string(&empty).unwrap());
        for updates in [Vec::new(), updates] {
            let detail = ActionDetailView {
                action: views.pop().unwrap(),
                updates,
            };
            assert_eq!(written(&detail), serde_json::to_string(&detail).unwrap());
        }
    }
}
