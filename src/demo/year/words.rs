//! What the year's records say: Eastern Visayas places, kinds of harm, complaints, decisions,
//! agenda and replies. Everyone they speak of is made up.

use crate::domain::grievance::GrievanceCategory;
use crate::domain::incident::{Harm, ResponseKind, Severity};

/// The security-sector side a record falls to: its units are those of `cast::UNITS` that a
/// demo representative answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Army,
    Police,
}

impl Side {
    /// The unit its representative answers for: an index into `cast::UNITS`.
    pub(super) fn head(self) -> usize {
        match self {
            Self::Army => 1,
            Self::Police => 7,
        }
    }

    /// The side of a unit of Region VIII.
    pub(super) fn of(unit: usize) -> Self {
        if unit >= Self::Police.head() {
            Self::Police
        } else {
            Self::Army
        }
    }

    /// The unit that answers for `place`: the battalion in Samar, the brigade in Leyte; the
    /// city station in Ormoc, the provincial office in Leyte, the regional office elsewhere.
    pub(super) fn unit_for(self, place: &Place) -> usize {
        match (self, place.island, place.municipality) {
            (Self::Army, "Samar", _) => 3,
            (Self::Army, _, _) => 2,
            (Self::Police, _, "Ormoc City") => 9,
            (Self::Police, _, _) if place.province == "Leyte" => 8,
            (Self::Police, _, _) => 7,
        }
    }
}

pub(super) struct Place {
    pub province: &'static str,
    pub municipality: &'static str,
    /// The island group CH-01 counts it under.
    pub island: &'static str,
}

const fn place(province: &'static str, municipality: &'static str, island: &'static str) -> Place {
    Place {
        province,
        municipality,
        island,
    }
}

pub(super) const PLACES: &[Place] = &[
    place("Leyte", "Tacloban City", "Leyte"),
    place("Samar", "Catbalogan City", "Samar"),
    place("Leyte", "Ormoc City", "Leyte"),
    place("Northern Samar", "Catarman", "Samar"),
    place("Leyte", "Palo", "Leyte"),
    place("Samar", "Basey", "Samar"),
    place("Leyte", "Abuyog", "Leyte"),
    place("Eastern Samar", "Borongan City", "Samar"),
    place("Leyte", "Baybay City", "Leyte"),
    place("Samar", "Calbayog City", "Samar"),
    place("Southern Leyte", "Sogod", "Leyte"),
    place("Northern Samar", "Las Navas", "Samar"),
    place("Leyte", "Burauen", "Leyte"),
    place("Samar", "Gandara", "Samar"),
    place("Biliran", "Naval", "Leyte"),
    place("Eastern Samar", "Dolores", "Samar"),
    place("Leyte", "Kananga", "Leyte"),
    place("Samar", "Paranas", "Samar"),
    place("Southern Leyte", "Maasin City", "Leyte"),
    place("Northern Samar", "Lope de Vega", "Samar"),
];

/// Who an incident is alleged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Alleged {
    Unit(Side),
    ArmedGroup,
    Unknown,
}

/// A kind of incident: its summary (no names), harms, gravity, who is alleged and how many
/// people it harmed.
pub(super) struct Harmful {
    pub summary: &'static str,
    pub harms: &'static [Harm],
    pub severity: Severity,
    pub alleged: Alleged,
    pub victims: u32,
}

pub(super) const HARMS: &[Harmful] = &[
    Harmful {
        summary: "A farmer was hurt and his hut damaged during a patrol",
        harms: &[Harm::Injured, Harm::PropertyDestroyed],
        severity: Severity::Moderate,
        alleged: Alleged::Unit(Side::Army),
        victims: 1,
    },
    Harmful {
        summary: "A motorist was held for hours at a checkpoint and his cargo seized",
        harms: &[Harm::ArbitraryArrestOrDetention],
        severity: Severity::Low,
        alleged: Alleged::Unit(Side::Police),
        victims: 1,
    },
    Harmful {
        summary: "Families left their sitio after threats from armed men",
        harms: &[Harm::Displacement],
        severity: Severity::Moderate,
        alleged: Alleged::ArmedGroup,
        victims: 14,
    },
    Harmful {
        summary: "Two fishermen were detained overnight for lacking papers",
        harms: &[Harm::ArbitraryArrestOrDetention],
        severity: Severity::Low,
        alleged: Alleged::Unit(Side::Police),
        victims: 2,
    },
    Harmful {
        summary: "A resident was wounded in crossfire during an encounter",
        harms: &[Harm::Injured],
        severity: Severity::High,
        alleged: Alleged::ArmedGroup,
        victims: 1,
    },
    Harmful {
        summary: "Crops were destroyed when troops camped on farmland",
        harms: &[Harm::PropertyDestroyed],
        severity: Severity::Low,
        alleged: Alleged::Unit(Side::Army),
        victims: 3,
    },
    Harmful {
        summary: "A woman reported harassment by personnel at a checkpoint",
        harms: &[Harm::SexualAndGenderBasedViolence],
        severity: Severity::High,
        alleged: Alleged::Unit(Side::Police),
        victims: 1,
    },
    Harmful {
        summary: "A community leader reported being followed and photographed",
        harms: &[Harm::Other],
        severity: Severity::Low,
        alleged: Alleged::Unknown,
        victims: 1,
    },
    Harmful {
        summary: "A village water system was damaged during an operation",
        harms: &[Harm::PropertyDestroyed],
        severity: Severity::Moderate,
        alleged: Alleged::Unit(Side::Army),
        victims: 0,
    },
    Harmful {
        summary: "A vendor was hurt when a gathering was dispersed",
        harms: &[Harm::Injured],
        severity: Severity::Moderate,
        alleged: Alleged::Unit(Side::Police),
        victims: 1,
    },
    Harmful {
        summary: "A resident was killed by unidentified gunmen",
        harms: &[Harm::Killed],
        severity: Severity::Critical,
        alleged: Alleged::Unknown,
        victims: 1,
    },
    Harmful {
        summary: "Houses were burned and residents fled after an armed group's raid",
        harms: &[Harm::PropertyDestroyed, Harm::Displacement],
        severity: Severity::High,
        alleged: Alleged::ArmedGroup,
        victims: 9,
    },
];

/// The notes of an incident's steps, in lifecycle order.
pub(super) const ASSESSING: &str = "Assigned to the board's monitors for verification.";
pub(super) const CORROBORATED: &str = "Two independent sources corroborate the account.";
pub(super) const UNCORROBORATED: &str = "The sources could not be corroborated.";
pub(super) const INVESTIGATING: &str = "The unit concerned was asked for its report.";
pub(super) const CLOSED_AFTER_RESPONSE: &str = "The board reviewed the response.";
pub(super) const CLOSED_UNCORROBORATED: &str = "Closed: nothing more came to light.";

/// What the security sector answered to an incident.
pub(super) const RESPONSES: &[(ResponseKind, &str)] = &[
    (
        ResponseKind::Acknowledgement,
        "The unit acknowledged the incident and met the family with the barangay council.",
    ),
    (
        ResponseKind::Amends,
        "The unit paid for the repairs and replaced what was lost.",
    ),
    (
        ResponseKind::DisciplinaryAction,
        "Administrative proceedings were opened against the personnel involved.",
    ),
    (
        ResponseKind::Referral,
        "The case was referred to the provincial prosecutor.",
    ),
];

/// A kind of complaint: the filer's words (the secretariat's only), what the unit is told and
/// what it answers.
pub(super) struct Complaint {
    pub category: GrievanceCategory,
    pub side: Side,
    pub words: &'static str,
    pub for_unit: &'static str,
    pub answer: &'static str,
}

pub(super) const COMPLAINTS: &[Complaint] = &[
    Complaint {
        category: GrievanceCategory::Checkpoint,
        side: Side::Police,
        words: "I was made to wait two hours at the checkpoint and my motorcycle was searched \
                without any explanation.",
        for_unit: "A motorist reports a long wait and a search without explanation at a \
                   checkpoint.",
        answer: "The checkpoint team was reminded of the rules on searches; the motorist may \
                 call the station for an apology.",
    },
    Complaint {
        category: GrievanceCategory::ConductOfPersonnel,
        side: Side::Army,
        words: "Soldiers staying at our barangay hall drink and play loud music late at night.",
        for_unit: "Residents report drinking and noise at night by troops quartered in a \
                   barangay hall.",
        answer: "The detachment commander met the barangay captain; the troops moved to their \
                 own quarters.",
    },
    Complaint {
        category: GrievanceCategory::ArrestOrDetention,
        side: Side::Police,
        words: "My brother was taken to the station and for a whole day nobody told us why.",
        for_unit: "A family was not told for a day why a relative was held at a station.",
        answer: "The arrest was for an outstanding warrant; the station now informs families \
                 within hours.",
    },
    Complaint {
        category: GrievanceCategory::PropertyDamage,
        side: Side::Army,
        words: "A military truck broke our fence and the driver did not stop.",
        for_unit: "A fence was damaged by a military truck that did not stop.",
        answer: "The battalion identified the vehicle and repaired the fence.",
    },
    Complaint {
        category: GrievanceCategory::Harassment,
        side: Side::Police,
        words: "The men at the checkpoint keep asking my daughter for her number when she \
                passes on her way to school.",
        for_unit: "A student is repeatedly asked for her number by checkpoint personnel.",
        answer: "The personnel concerned were relieved from checkpoint duty pending an \
                 investigation.",
    },
    Complaint {
        category: GrievanceCategory::Checkpoint,
        side: Side::Army,
        words: "Farmers are asked to pay before they can bring their produce through the \
                checkpoint.",
        for_unit: "Farmers report being asked for money at a checkpoint.",
        answer: "No fee is allowed; the checkpoint was inspected and the soldiers concerned \
                 face charges.",
    },
    Complaint {
        category: GrievanceCategory::Other,
        side: Side::Army,
        words: "We asked twice for the date of the community dialogue and nobody answered.",
        for_unit: "Residents asked for the date of the promised community dialogue.",
        answer: "The dialogue is set for the last Saturday of the month at the barangay hall.",
    },
];

/// How a grievance reached the secretariat when it filed it for someone.
pub(super) const INTAKES: &[crate::domain::grievance::Intake] = &[
    crate::domain::grievance::Intake::WalkIn,
    crate::domain::grievance::Intake::Phone,
    crate::domain::grievance::Intake::TextMessage,
    crate::domain::grievance::Intake::Letter,
];

/// A decision of the board, the unit it names (an index into `cast::UNITS`), and the two
/// follow-up actions it leads to, each with its unit.
pub(super) struct Resolution {
    pub text: &'static str,
    pub unit: Option<usize>,
    pub actions: [(&'static str, usize); 2],
}

pub(super) const RESOLUTIONS: &[Resolution] = &[
    Resolution {
        text: "The 802nd Infantry Brigade will brief its checkpoint personnel on the rules of \
               conduct and report at the next session.",
        unit: Some(2),
        actions: [
            ("Brief checkpoint personnel on the rules of conduct", 2),
            ("Post the rules of conduct at every army checkpoint", 3),
        ],
    },
    Resolution {
        text: "Police Regional Office 8 will report the outcome of the administrative cases \
               opened after last month's incidents.",
        unit: Some(7),
        actions: [
            ("Report the outcome of the administrative cases", 7),
            (
                "Share the detention log review with the board's monitors",
                9,
            ),
        ],
    },
    Resolution {
        text: "The board will hold a community dialogue with the displaced families before the \
               next session.",
        unit: None,
        actions: [
            ("Send a representative to the community dialogue", 3),
            ("Provide security for the community dialogue", 8),
        ],
    },
    Resolution {
        text: "The 19th Infantry Battalion will meet the affected families with the municipal \
               social welfare office.",
        unit: Some(3),
        actions: [
            (
                "Meet the affected families with the social welfare office",
                3,
            ),
            ("Report on the assistance given to the families", 1),
        ],
    },
    Resolution {
        text: "Leyte Police Provincial Office will post the complaints hotline at every \
               checkpoint.",
        unit: Some(8),
        actions: [
            ("Post the complaints hotline at every checkpoint", 8),
            ("Train station desk officers to log complaints", 9),
        ],
    },
    Resolution {
        text: "The 8th Infantry Division will give the board the after-operation report of \
               the encounter discussed.",
        unit: Some(1),
        actions: [
            ("Provide the after-operation report to the board", 1),
            ("Account for the property damaged during the operation", 2),
        ],
    },
    Resolution {
        text: "The board asks the units to answer referred grievances within ten working days.",
        unit: None,
        actions: [
            ("Name a focal person for referred grievances", 7),
            ("Name a focal person for referred grievances", 1),
        ],
    },
    Resolution {
        text: "Ormoc City Police Station will review its detention log with the board's \
               monitors.",
        unit: Some(9),
        actions: [
            ("Open the detention log to the board's monitors", 9),
            ("Report on detainees held beyond the legal period", 8),
        ],
    },
];

/// Every session's agenda; decisions are taken under the third item.
pub(super) const AGENDA: [&str; 4] = [
    "Matters arising and open follow-up actions",
    "The board's published report",
    "Incidents and grievances of the month",
    "Indicators: the month's figures",
];

/// What the units' representatives write when they acknowledge a published report.
pub(super) const REPLIES: [&str; 3] = [
    "Received. The division will report on its open actions at the next session.",
    "Noted. Station commanders have been asked to act on the referred grievances.",
    "Acknowledged; the overdue items are being followed up with the units concerned.",
];
