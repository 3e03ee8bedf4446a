//! Who and what the demo holds: its boards, units, accounts, monthly sessions and the people
//! who come to Region VIII's.

use crate::domain::board::BoardLevel;
use crate::domain::meeting::{Sector, Sex};
use crate::domain::unit::Service;

/// (name, level, index of the parent in this list)
pub(super) const BOARDS: &[(&str, BoardLevel, Option<usize>)] = &[
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

/// Region VIII's place in `BOARDS`: the board whose year the demo holds.
pub(super) const REGION_VIII: usize = 1;

/// (name, abbreviation, service, index of the parent in this list)
pub(super) const UNITS: &[(&str, &str, Service, Option<usize>)] = &[
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

pub(super) enum Scope {
    Admin,
    Secretary(usize),
    Member(usize),
    Representative(usize),
}

/// (role shown to the user, e-mail, name, scope: board or unit index)
pub(super) const ACCOUNTS: &[(&str, &str, &str, Scope)] = &[
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
        "member (Region XI)",
        "member.r11@demo.bantay.example",
        "Leona Florentino Villanueva",
        Scope::Member(2),
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

/// Each board's monthly session, from the start of this month (or `history` months earlier) on.
pub(super) const SERIES: &[(usize, &str, &str, &str)] = &[
    (
        0,
        "FREQ=MONTHLY;BYDAY=1TH",
        "10:00",
        "Camp Aguinaldo, Quezon City",
    ),
    (
        1,
        "FREQ=MONTHLY;BYDAY=2TU",
        "09:00",
        "Leyte Park Hotel, Tacloban City",
    ),
    (
        2,
        "FREQ=MONTHLY;BYDAY=-1FR",
        "09:00",
        "Regional Development Council Hall, Davao City",
    ),
];

/// Region VIII's regular participants: name, organisation, sector, sex. The first
/// four hold the Region VIII accounts above and come to every session.
pub(super) const ROSTER: &[(&str, &str, Sector, Sex)] = &[
    (
        "Teresa Magbanua Reyes",
        "Board secretariat",
        Sector::CivilSociety,
        Sex::Female,
    ),
    (
        "Gabriela Silang Bautista",
        "Leyte Women's Network",
        Sector::CivilSociety,
        Sex::Female,
    ),
    (
        "Col. Antonio Luna Garcia",
        "8th Infantry Division",
        Sector::Military,
        Sex::Male,
    ),
    (
        "PCol. Melchora Aquino Ramos",
        "Police Regional Office 8",
        Sector::Police,
        Sex::Female,
    ),
    (
        "Rosalinda Abad",
        "Samar Island Peace Advocates",
        Sector::CivilSociety,
        Sex::Female,
    ),
    (
        "Ernesto Catubig",
        "Eastern Visayas Farmers' Forum",
        Sector::CivilSociety,
        Sex::Male,
    ),
    (
        "Marites Dagami",
        "Tacloban Youth for Peace",
        Sector::CivilSociety,
        Sex::Female,
    ),
    (
        "Renato Obando",
        "Diocesan social action centre",
        Sector::CivilSociety,
        Sex::Male,
    ),
    (
        "Lt. Col. Ramil Bacarro",
        "802nd Infantry Brigade",
        Sector::Military,
        Sex::Male,
    ),
    (
        "Capt. Joy Sabenorio",
        "19th Infantry Battalion",
        Sector::Military,
        Sex::Female,
    ),
    (
        "PLtCol. Dante Ocampo",
        "Leyte Police Provincial Office",
        Sector::Police,
        Sex::Male,
    ),
    (
        "PMaj. Liza Penaranda",
        "Ormoc City Police Station",
        Sector::Police,
        Sex::Female,
    ),
    (
        "Cora Mendoza",
        "Commission on Human Rights, Region VIII",
        Sector::Government,
        Sex::Female,
    ),
    (
        "Jun Villacorta",
        "Provincial Government of Samar",
        Sector::Government,
        Sex::Male,
    ),
    (
        "Nilda Baylon",
        "Regional Peace and Order Council",
        Sector::Government,
        Sex::Female,
    ),
    (
        "Alma Cinco",
        "Community radio, Borongan",
        Sector::Other,
        Sex::Female,
    ),
];
