//! Demo data: a national board and two regional boards in the Philippines, a chain of command of
//! army and police units, and one account per role with freshly generated passwords; optionally
//! a large archive on top (`archive`).

pub mod archive;
mod cast;

use crate::audit::Actor;
use crate::auth::accounts::{self, NewAccount};
use crate::auth::password::{self, NewPassword};
use crate::config::MeetingSettings;
use crate::db::incidents::{Parts, Perpetrator, Secret, VictimCount};
use crate::db::indicator_baselines::Baseline;
use crate::db::{Db, DbConn, users};
use crate::domain::board::{DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::incident::{Harm, Involvement, PerpetratorKind, Severity, VictimAge};
use crate::domain::indicator::{Direction, Measure};
use crate::domain::meeting::Sex;
use crate::domain::period::Period;
use crate::domain::refusal;
use crate::domain::report::Officer;
use crate::domain::role::Grant;
use crate::domain::text::{Email, Label, NAME_MAX};
use crate::error::AppError;
use crate::incidents::{self, IncidentDraft};
use crate::indicators::definitions::{self, IndicatorDraft};
use crate::indicators::values::{self, RawFigure};
use crate::meetings::series::{self, SeriesDraft};
use crate::org::boards::{self, BoardDraft};
use crate::org::units::{self, UnitDraft};
use cast::{ACCOUNTS, BOARDS, SERIES, Scope, UNITS};
use chrono::{DateTime, Datelike, Utc};

pub struct DemoAccount {
    pub role: String,
    pub email: String,
    pub password: String,
}

pub struct DemoSummary {
    pub boards: usize,
    pub units: usize,
    pub accounts: Vec<DemoAccount>,
    pub archive: Option<archive::ArchiveSummary>,
}

/// Loads the demo into an empty database, with the archive if one is asked for; refuses a
/// database that already has accounts.
pub fn load(
    db: &Db,
    now: DateTime<Utc>,
    with_archive: Option<archive::Archive>,
) -> Result<DemoSummary, AppError> {
    if db.read_blocking(users::count)? > 0 {
        return Err(AppError::conflict(
            refusal::account_demo_needs_empty_database(),
        ));
    }
    let mut prepared = Vec::new();
    for (role, email, name, scope) in ACCOUNTS {
        let password = password::generate_readable();
        let hash = NewPassword::parse(&password)?.hash()?;
        prepared.push((*role, *email, *name, scope, password, hash));
    }
    let actor = Actor::system("demo load");
    let history = with_archive.map_or(0, |a| a.months);
    let (boards, officers, mut summary) = db.write_blocking(|conn| {
        let board_ids = insert_boards(conn, &actor, now)?;
        let unit_ids = insert_units(conn, &actor, now)?;
        insert_series(conn, &actor, &board_ids, history, now)?;
        insert_indicators(conn, &actor, &board_ids, now)?;
        insert_incidents(conn, &actor, &board_ids, &unit_ids, now)?;
        crate::reports::keys::init(conn, "bantay demo installation", now)?;
        let mut accounts_out = Vec::new();
        let mut officers = Vec::new();
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
            let user = accounts::create(conn, &actor, account, now)?;
            officers.push(Actor::user(user.id, email));
            accounts_out.push(DemoAccount {
                role: role.to_owned(),
                email: email.to_owned(),
                password,
            });
        }
        Ok::<_, AppError>((
            board_ids,
            officers,
            DemoSummary {
                boards: 0,
                units: unit_ids.len(),
                accounts: accounts_out,
                archive: None,
            },
        ))
    })?;
    summary.boards = boards.len();
    if let Some(wanted) = with_archive {
        let loaded = archive::load(db, wanted, &boards, now)?;
        summary.boards = loaded.boards;
        summary.units = loaded.units;
        summary.archive = Some(loaded);
    }
    let officer = |email: &str| officers.iter().find(|a| a.label == email);
    if let (Some(member), Some(secretary)) = (
        officer("member.r8@demo.bantay.example"),
        officer("secretary.r8@demo.bantay.example"),
    ) {
        db.write_blocking(|conn| {
            publish_last_month(conn, &actor, member, secretary, boards[1], now)
        })?;
    }
    Ok(summary)
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

fn insert_series(
    conn: &mut DbConn,
    actor: &Actor,
    board_ids: &[BoardId],
    history: u32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let today = now.date_naive();
    let this_month = today - chrono::TimeDelta::days(i64::from(today.day0()));
    let first = this_month
        .checked_sub_months(chrono::Months::new(history))
        .unwrap_or(this_month);
    for (board, rule, start, place) in SERIES {
        let draft = SeriesDraft {
            title: Label::parse("title", "Monthly oversight session", NAME_MAX)?,
            rrule: (*rule).to_owned(),
            first_date: first,
            start_time: chrono::NaiveTime::parse_from_str(start, "%H:%M")
                .map_err(|e| AppError::Internal(e.into()))?,
            duration_minutes: 180,
            location: (*place).to_owned(),
            is_public: true,
            exdates: Vec::new(),
        };
        let horizon = MeetingSettings::default().meeting_horizon_months;
        series::create(conn, actor, board_ids[*board], draft, now, horizon)?;
    }
    Ok(())
}

/// Two indicators on the national board and on Region VIII (so the national one rolls up), with
/// a baseline, this year's target and this month's figures.
fn insert_indicators(
    conn: &mut DbConn,
    actor: &Actor,
    board_ids: &[BoardId],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let month = format!("{}", now.format("%Y-%m"));
    let year = Period::Year(now.year());
    for board in [board_ids[0], board_ids[1]] {
        let incidents = IndicatorDraft {
            code: "CH-01".to_owned(),
            name: Label::parse("name", "Civilian-harm incidents reported", NAME_MAX)?,
            description:
                "Incidents documented by civil-society monitors and validated by the board"
                    .to_owned(),
            unit: "incidents".to_owned(),
            measure: Measure::Count,
            direction: Direction::LowerIsBetter,
            data_source: "Board incident register".to_owned(),
            responsible_unit_id: None,
            by_region: true,
            by_sex: false,
            by_age: false,
            agreed_decision_id: None,
            baseline: Some(Baseline {
                value: 12.0,
                date: first_of_year(now),
                note: "Monthly average of the previous year".to_owned(),
            }),
        };
        let safety = IndicatorDraft {
            code: "PS-02".to_owned(),
            name: Label::parse("name", "Residents who feel safe at checkpoints", NAME_MAX)?,
            description:
                "Perception survey: share of respondents who feel safe passing a checkpoint"
                    .to_owned(),
            unit: "% of respondents".to_owned(),
            measure: Measure::Percentage,
            direction: Direction::HigherIsBetter,
            data_source: "Quarterly perception survey".to_owned(),
            responsible_unit_id: None,
            by_region: false,
            by_sex: true,
            by_age: false,
            agreed_decision_id: None,
            baseline: Some(Baseline {
                value: 48.0,
                date: first_of_year(now),
                note: "Baseline survey".to_owned(),
            }),
        };
        for (draft, target, figures) in [
            (incidents, 8.0, vec![("Leyte", "", 3.0), ("Samar", "", 4.0)]),
            (safety, 60.0, vec![("", "female", 52.0), ("", "male", 63.0)]),
        ] {
            let (indicator, _) = definitions::create(conn, actor, board, draft, now)?;
            definitions::set_targets(
                conn,
                actor,
                indicator.id,
                vec![(year, target)],
                Some("Agreed at the first session of the year".to_owned()),
                now,
            )?;
            if board != board_ids[1] {
                continue;
            }
            for (region, sex, value) in figures {
                let figure = values::check(
                    &indicator,
                    RawFigure {
                        period: month.clone(),
                        region: region.to_owned(),
                        sex: sex.to_owned(),
                        value,
                        source: "Demo".to_owned(),
                        ..RawFigure::default()
                    },
                )?;
                values::record(conn, actor, &indicator, &figure, now, 0)?;
            }
        }
    }
    Ok(())
}

/// Region VIII's report of last month, drafted by the schedule, approved by the board's member
/// and published by its secretary, so the public pages have one to show.
fn publish_last_month(
    conn: &mut DbConn,
    actor: &Actor,
    member: &Actor,
    secretary: &Actor,
    board: BoardId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::reports;
    let today = now
        .with_timezone(&boards::find(conn, board)?.zone())
        .date_naive();
    let last_month = today
        .with_day(1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(today);
    let period = Period::parse_month("period", &last_month.format("%Y-%m").to_string())?;
    let (draft, _) = reports::draft(conn, actor, board, period, 5, now)?;
    let approved = reports::approve(conn, member, Officer::Member, draft.id, now)?;
    let templates = reports::template::Templates::load(None)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    let signed = reports::sign_for_publication(
        &approved,
        Officer::Secretary,
        true,
        &templates,
        &reports::keys::require(conn)?,
        now,
    )?;
    reports::publish(conn, secretary, approved.id, &signed, now)?;
    Ok(())
}

/// Two incidents documented by the Region VIII board: one alleged against the 19th Infantry
/// Battalion, one against an armed group. Made-up people only.
fn insert_incidents(
    conn: &mut DbConn,
    actor: &Actor,
    board_ids: &[BoardId],
    unit_ids: &[UnitId],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let battalion = unit_ids[3];
    let incidents = [
        (
            12,
            Severity::Moderate,
            vec![Harm::Injured, Harm::PropertyDestroyed],
            Perpetrator {
                kind: PerpetratorKind::Unit,
                unit_id: Some(battalion),
                group_name: String::new(),
                involvement: Involvement::Direct,
            },
            "A farmer was hurt and his hut damaged during a patrol",
        ),
        (
            40,
            Severity::Low,
            vec![Harm::Displacement],
            Perpetrator {
                kind: PerpetratorKind::NonStateArmedGroup,
                unit_id: None,
                group_name: "Unidentified armed group".to_owned(),
                involvement: Involvement::Unknown,
            },
            "Families left a sitio after threats",
        ),
    ];
    for (days_ago, severity, harms, perpetrator, summary) in incidents {
        let draft = IncidentDraft {
            board_id: board_ids[1],
            occurred_on: (now - chrono::TimeDelta::days(days_ago)).date_naive(),
            occurred_time: None,
            region: "Eastern Visayas".to_owned(),
            province: "Samar".to_owned(),
            municipality: "Catbalogan City".to_owned(),
            summary: summary.to_owned(),
            severity,
            unit_id: None,
            parts: Parts {
                harms,
                victims: vec![VictimCount {
                    sex: Sex::NotStated,
                    age_group: VictimAge::Unknown,
                    victims: 3,
                }],
                perpetrators: vec![perpetrator],
            },
            secret: Secret {
                narrative: "Demo narrative: confidential, seen by the secretariat only.".to_owned(),
                ..Secret::default()
            },
        };
        incidents::record(conn, actor, draft, Severity::High, now)?;
    }
    Ok(())
}

fn first_of_year(now: DateTime<Utc>) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(now.year(), 1, 1).unwrap_or(now.date_naive())
}
