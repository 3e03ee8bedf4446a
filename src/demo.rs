//! Demo data: a national board and two regional boards in the Philippines, a chain of command of
//! army and police units, and one account per role with freshly generated passwords.

use crate::audit::Actor;
use crate::auth::accounts::{self, NewAccount};
use crate::auth::password::{self, NewPassword};
use crate::db::{Db, DbConn, users};
use crate::domain::board::{BoardLevel, DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::role::Grant;
use crate::domain::text::{Email, Label, NAME_MAX};
use crate::domain::unit::Service;
use crate::error::AppError;
use crate::org::boards::{self, BoardDraft};
use crate::org::units::{self, UnitDraft};
use chrono::{DateTime, Utc};

pub struct DemoAccount {
    pub role: String,
    pub email: String,
    pub password: String,
}

pub struct DemoSummary {
    pub boards: usize,
    pub units: usize,
    pub accounts: Vec<DemoAccount>,
}

/// (name, level, index of the parent in this list)
const BOARDS: &[(&str, BoardLevel, Option<usize>)] = &[
    (
        "Bantay Bayanihan National Forum",
        BoardLevel::National,
        None,
    ),
    (
        "Eastern Visayas Regional Forum (Region VIII)",
        BoardLevel::Regional,
        Some(0),
    ),
    (
        "Davao Regional Forum (Region XI)",
        BoardLevel::Regional,
        Some(0),
    ),
];

/// (name, abbreviation, service, index of the parent in this list)
const UNITS: &[(&str, &str, Service, Option<usize>)] = &[
    ("Philippine Army", "PA", Service::Army, None),
    ("8th Infantry Division", "8ID", Service::Army, Some(0)),
    ("802nd Infantry Brigade", "802IBde", Service::Army, Some(1)),
    ("19th Infantry Battalion", "19IB", Service::Army, Some(2)),
    ("10th Infantry Division", "10ID", Service::Army, Some(0)),
    (
        "1001st Infantry Brigade",
        "1001IBde",
        Service::Army,
        Some(4),
    ),
    ("Philippine National Police", "PNP", Service::Police, None),
    (
        "Police Regional Office 8",
        "PRO-8",
        Service::Police,
        Some(6),
    ),
    (
        "Leyte Police Provincial Office",
        "Leyte PPO",
        Service::Police,
        Some(7),
    ),
    (
        "Ormoc City Police Station",
        "Ormoc CPS",
        Service::Police,
        Some(8),
    ),
    (
        "Police Regional Office 11",
        "PRO-11",
        Service::Police,
        Some(6),
    ),
    (
        "Davao del Norte Police Provincial Office",
        "DdN PPO",
        Service::Police,
        Some(10),
    ),
];

enum Scope {
    Admin,
    Secretary(usize),
    Member(usize),
    Representative(usize),
}

/// (role shown to the user, e-mail, name, scope: board or unit index)
const ACCOUNTS: &[(&str, &str, &str, Scope)] = &[
    (
        "admin",
        "admin@demo.bantay.example",
        "Jose Rizal Dela Cruz",
        Scope::Admin,
    ),
    (
        "secretary (national)",
        "secretary@demo.bantay.example",
        "Maria Clara Santos",
        Scope::Secretary(0),
    ),
    (
        "secretary (Region VIII)",
        "secretary.r8@demo.bantay.example",
        "Teresa Magbanua Reyes",
        Scope::Secretary(1),
    ),
    (
        "member (Region VIII)",
        "member.r8@demo.bantay.example",
        "Gabriela Silang Bautista",
        Scope::Member(1),
    ),
    (
        "representative (8th Infantry Division)",
        "rep.8id@demo.bantay.example",
        "Col. Antonio Luna Garcia",
        Scope::Representative(1),
    ),
    (
        "representative (Police Regional Office 8)",
        "rep.pro8@demo.bantay.example",
        "PCol. Melchora Aquino Ramos",
        Scope::Representative(7),
    ),
];

/// Loads the demo into an empty database; refuses a database that already has accounts.
pub fn load(db: &Db, now: DateTime<Utc>) -> Result<DemoSummary, AppError> {
    if db.read_blocking(users::count)? > 0 {
        return Err(AppError::conflict(
            "the database already has accounts: demo data goes only into an empty database",
        ));
    }
    let mut prepared = Vec::new();
    for (role, email, name, scope) in ACCOUNTS {
        let password = password::generate_readable();
        let hash = NewPassword::parse(&password)?.hash()?;
        prepared.push((*role, *email, *name, scope, password, hash));
    }
    let actor = Actor::system("demo load");
    db.write_blocking(|conn| {
        let board_ids = insert_boards(conn, &actor, now)?;
        let unit_ids = insert_units(conn, &actor, now)?;
        let mut accounts_out = Vec::new();
        for (role, email, name, scope, password, hash) in prepared {
            let (is_admin, grants) = match scope {
                Scope::Admin => (true, vec![]),
                Scope::Secretary(b) => (false, vec![Grant::Secretary(board_ids[*b])]),
                Scope::Member(b) => (false, vec![Grant::Member(board_ids[*b])]),
                Scope::Representative(u) => (false, vec![Grant::Representative(unit_ids[*u])]),
            };
            let account = NewAccount {
                email: Email::parse(email)?,
                name: Label::parse("name", name, NAME_MAX)?,
                password_hash: hash,
                is_admin,
                grants,
            };
            accounts::create(conn, &actor, account, now)?;
            accounts_out.push(DemoAccount {
                role: role.to_owned(),
                email: email.to_owned(),
                password,
            });
        }
        Ok(DemoSummary {
            boards: board_ids.len(),
            units: unit_ids.len(),
            accounts: accounts_out,
        })
    })
}

fn insert_boards(
    conn: &mut DbConn,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<BoardId>, AppError> {
    let mut ids: Vec<BoardId> = Vec::new();
    for (name, level, parent) in BOARDS {
        let draft = BoardDraft {
            name: Label::parse("name", name, NAME_MAX)?,
            level: *level,
            parent_id: parent.and_then(|i| ids.get(i).copied()),
            time_zone: TimeZoneName::parse(DEFAULT_TIME_ZONE)?,
        };
        ids.push(boards::create(conn, actor, draft, now)?.id);
    }
    Ok(ids)
}

fn insert_units(
    conn: &mut DbConn,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<UnitId>, AppError> {
    let mut ids: Vec<UnitId> = Vec::new();
    for (name, abbreviation, service, parent) in UNITS {
        let draft = UnitDraft {
            name: Label::parse("name", name, NAME_MAX)?,
            abbreviation: Some(Label::parse("abbreviation", abbreviation, NAME_MAX)?),
            service: *service,
            parent_id: parent.and_then(|i| ids.get(i).copied()),
        };
        ids.push(units::create(conn, actor, draft, now)?.id);
    }
    Ok(ids)
}
