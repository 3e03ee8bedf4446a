//! Demo data: a national board and two regional boards in the Philippines, a chain of command of
//! army and police units, one account per role with freshly generated passwords, and a year of
//! the Eastern Visayas board's work with twelve published reports (`year`); optionally a large
//! archive on top (`archive`).

pub mod archive;
mod cast;
mod year;

use crate::audit::Actor;
use crate::auth::accounts::{self, NewAccount};
use crate::auth::password::{self, NewPassword};
use crate::auth::{second_factor, totp};
use crate::config::MeetingSettings;
use crate::db::incidents::{Parts, Perpetrator, Secret, VictimCount};
use crate::db::indicator_baselines::Baseline;
use crate::db::series::Series;
use crate::db::{Db, DbConn, users};
use crate::domain::board::{DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::{BoardId, IndicatorId, UnitId};
use crate::domain::incident::{Harm, Involvement, PerpetratorKind, Severity, VictimAge};
use crate::domain::indicator::{Direction, Measure};
use crate::domain::local_time::to_utc;
use crate::domain::meeting::Sex;
use crate::domain::period::Period;
use crate::domain::refusal;
use crate::domain::role::Grant;
use crate::domain::text::{Email, Label, NAME_MAX};
use crate::error::AppError;
use crate::incidents::{self, IncidentDraft};
use crate::indicators::definitions::{self, IndicatorDraft};
use crate::indicators::values::{self, RawFigure};
use crate::meetings::schedule::recurrence_of;
use crate::meetings::series::{self, SeriesDraft};
use crate::org::boards::{self, BoardDraft};
use crate::org::units::{self, UnitDraft};
use cast::{ACCOUNTS, BOARDS, REGION_VIII, SERIES, Scope, UNITS};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub struct DemoAccount {
    pub role: String,
    pub email: String,
    pub password: String,
    /// The secret of the account's authenticator app.
    pub app_secret: Vec<u8>,
    /// The same as an `otpauth://` address, which authenticator apps also read.
    pub app_address: String,
}

impl DemoAccount {
    /// The app's secret as a person types it into an authenticator app.
    pub fn typed_secret(&self) -> String {
        totp::typed(&self.app_secret)
    }
}

pub struct DemoSummary {
    pub boards: usize,
    pub units: usize,
    pub accounts: Vec<DemoAccount>,
    pub archive: Option<archive::ArchiveSummary>,
}

/// Loads the demo into an empty database, with the archive if one is asked for; refuses a
/// database that already has accounts. The boards, units and accounts are set up before the
/// year of Region VIII that `year` walks; the other boards' sessions, this month's figures and
/// two fresh incidents come at `now`.
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
    let cal = year::Calendar::new(now)?;
    let start = cal.start();
    let (boards, setting, mut summary) = db.write_blocking(|conn| {
        let board_ids = insert_boards(conn, &actor, start)?;
        let unit_ids = insert_units(conn, &actor, start)?;
        crate::reports::keys::init(conn, "bantay demo installation", start)?;
        let accounts = insert_accounts(conn, &actor, prepared, &board_ids, &unit_ids, start)?;
        let indicators = define_indicators(conn, &actor, &board_ids, &cal, start)?;
        let earliest = cal.firsts[0].min(months_back(&cal, history));
        let sessions = year_sessions(conn, &actor, board_ids[REGION_VIII], earliest, &cal)?;
        let setting = year::Setting {
            board: board_ids[REGION_VIII],
            units: unit_ids,
            indicators,
            sessions,
        };
        let summary = DemoSummary {
            boards: board_ids.len(),
            units: setting.units.len(),
            accounts,
            archive: None,
        };
        Ok::<_, AppError>((board_ids, setting, summary))
    })?;
    year::walk(db, &cal, &setting, &summary.accounts)?;
    db.write_blocking(|conn| {
        for (board, rule, time, place) in SERIES.iter().filter(|s| s.0 != REGION_VIII) {
            let first = months_back(&cal, history);
            let series = (*rule, *time, *place);
            insert_series(conn, &actor, boards[*board], series, first, now)?;
        }
        let month = cal.period(year::MONTHS).to_string();
        this_months_figures(conn, &actor, &setting.indicators, &month, now)?;
        insert_incidents(conn, &actor, &boards, &setting.units, now)
    })?;
    if let Some(wanted) = with_archive {
        let loaded = archive::load(db, wanted, &boards, now)?;
        summary.boards = loaded.boards;
        summary.units = loaded.units;
        summary.archive = Some(loaded);
    }
    Ok(summary)
}

/// The first day of the month `months` before this one.
fn months_back(cal: &year::Calendar, months: u32) -> NaiveDate {
    let this_month = cal.firsts[year::MONTHS];
    this_month
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(this_month)
}

/// One account per role, created with its grants and an authenticator app set up; returns each
/// with its password and the app's secret.
fn insert_accounts(
    conn: &mut DbConn,
    actor: &Actor,
    prepared: Vec<(&str, &str, &str, &Scope, String, String)>,
    board_ids: &[BoardId],
    unit_ids: &[UnitId],
    now: DateTime<Utc>,
) -> Result<Vec<DemoAccount>, AppError> {
    let mut out = Vec::new();
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
        let user = accounts::create(conn, actor, account, now)?;
        let app_secret = totp::new_secret();
        second_factor::provision_totp(conn, actor, user.id, &app_secret, now)?;
        out.push(DemoAccount {
            role: role.to_owned(),
            email: email.to_owned(),
            password,
            app_address: totp::address(&app_secret, second_factor::ISSUER, email)?,
            app_secret,
        });
    }
    Ok(out)
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

/// A board's monthly session from `first` on.
fn insert_series(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    (rule, start, place): (&str, &str, &str),
    first: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Series, AppError> {
    let draft = SeriesDraft {
        title: Label::parse("title", "Monthly oversight session", NAME_MAX)?,
        rrule: rule.to_owned(),
        first_date: first,
        start_time: chrono::NaiveTime::parse_from_str(start, "%H:%M")
            .map_err(|e| AppError::Internal(e.into()))?,
        duration_minutes: 180,
        location: place.to_owned(),
        is_public: true,
        exdates: Vec::new(),
    };
    let horizon = MeetingSettings::default().meeting_horizon_months;
    Ok(series::create(conn, actor, board, draft, now, horizon)?.0)
}

/// Region VIII's monthly session, set up before the year (from `first`, earlier with an
/// archive); returns when each of the year's sessions starts, this month's last.
fn year_sessions(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    first: NaiveDate,
    cal: &year::Calendar,
) -> Result<Vec<DateTime<Utc>>, AppError> {
    let (_, rule, time, place) = SERIES
        .iter()
        .find(|s| s.0 == REGION_VIII)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("Region VIII has no session")))?;
    let made = insert_series(
        conn,
        actor,
        board,
        (*rule, *time, *place),
        first,
        cal.start(),
    )?;
    let this_month = year::MONTHS;
    let last = cal
        .after(this_month)
        .pred_opt()
        .unwrap_or(cal.firsts[this_month]);
    let starts: Vec<DateTime<Utc>> = recurrence_of(&made)?
        .occurrences(cal.firsts[0], last)
        .into_iter()
        .map(|o| to_utc(o.starts_local, cal.zone))
        .collect();
    if starts.len() != year::MONTHS + 1 {
        return Err(AppError::Internal(anyhow::anyhow!(
            "Region VIII's rule gives {} sessions in {} months",
            starts.len(),
            year::MONTHS + 1
        )));
    }
    Ok(starts)
}

/// Two indicators on the national board and on Region VIII (so the national one rolls up),
/// with a baseline and a target for each year the demo spans; returns Region VIII's.
fn define_indicators(
    conn: &mut DbConn,
    actor: &Actor,
    board_ids: &[BoardId],
    cal: &year::Calendar,
    now: DateTime<Utc>,
) -> Result<[IndicatorId; 2], AppError> {
    let years = cal.firsts[0].year()..=cal.firsts[year::MONTHS].year();
    let mut regional = Vec::new();
    for board in [board_ids[0], board_ids[REGION_VIII]] {
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
                date: cal.firsts[0],
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
            data_source: "Monthly perception survey".to_owned(),
            responsible_unit_id: None,
            by_region: false,
            by_sex: true,
            by_age: false,
            agreed_decision_id: None,
            baseline: Some(Baseline {
                value: 48.0,
                date: cal.firsts[0],
                note: "Baseline survey".to_owned(),
            }),
        };
        for (draft, target) in [(incidents, 8.0), (safety, 60.0)] {
            let (indicator, _) = definitions::create(conn, actor, board, draft, now)?;
            let targets = years.clone().map(|y| (Period::Year(y), target)).collect();
            let reason = Some("Agreed at the first session of the year".to_owned());
            definitions::set_targets(conn, actor, indicator.id, targets, reason, now)?;
            if board == board_ids[REGION_VIII] {
                regional.push(indicator.id);
            }
        }
    }
    match regional[..] {
        [incidents, safety] => Ok([incidents, safety]),
        _ => Err(AppError::Internal(anyhow::anyhow!(
            "Region VIII has {} indicators, not two",
            regional.len()
        ))),
    }
}

/// Region VIII's figures so far this month (`YYYY-MM`).
fn this_months_figures(
    conn: &mut DbConn,
    actor: &Actor,
    [incidents, safety]: &[IndicatorId; 2],
    month: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for (id, region, sex, value) in [
        (incidents, "Leyte", "", 3.0),
        (incidents, "Samar", "", 4.0),
        (safety, "", "female", 52.0),
        (safety, "", "male", 63.0),
    ] {
        let indicator = crate::indicators::find(conn, *id)?;
        let figure = values::check(
            &indicator,
            RawFigure {
                period: month.to_owned(),
                region: region.to_owned(),
                sex: sex.to_owned(),
                value,
                source: "Demo".to_owned(),
                ..RawFigure::default()
            },
        )?;
        values::record(conn, actor, &indicator, &figure, now, 0)?;
    }
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
            board_id: board_ids[REGION_VIII],
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
