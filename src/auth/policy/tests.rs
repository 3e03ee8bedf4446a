//! The policy's rules, role by role.

use super::*;

fn principal(is_admin: bool, grants: Vec<Grant>) -> Principal {
    Principal {
        user_id: UserId(7),
        email: "p@example.ph".into(),
        is_admin,
        grants,
        session_id: SessionId(1),
        via_api_token: false,
        passed_second_factor: true,
    }
}

#[test]
fn nothing_but_reading_boards_is_open_to_the_anonymous() {
    assert!(authorize(None, Permission::ReadBoards).is_ok());
    let chain = [UnitId(1)];
    for permission in [
        Permission::CreateBoard,
        Permission::EditBoard(BoardId(1)),
        Permission::MoveBoard,
        Permission::ListUnits,
        Permission::ReadUnit { chain: &chain },
        Permission::ManageUnits,
        Permission::ManageAccounts,
        Permission::ReadAccount(UserId(1)),
        Permission::EditOwnProfile(UserId(1)),
        Permission::ManageOwnTokens,
        Permission::IssueOwnToken,
        Permission::ManageOwnSecondFactor,
        Permission::ManageOwnSessions,
        Permission::ReadAudit,
        Permission::ReadMeetings,
        Permission::ReadMeetingRecord(BoardId(1)),
        Permission::ManageMeetings(BoardId(1)),
        Permission::ReadDecision {
            board: BoardId(1),
            chain: &chain,
        },
        Permission::ReadOutbox,
        Permission::ManageOutbox,
        Permission::ManageSigningKeys,
        Permission::ReadIndicators(BoardId(1)),
        Permission::ReadIndicator {
            board: BoardId(1),
            chain: &chain,
        },
        Permission::ManageIndicators(BoardId(1)),
        Permission::RecordIndicatorValues(BoardId(1)),
        Permission::ReadActions(BoardId(1)),
        Permission::ReadAction {
            board: BoardId(1),
            chain: &chain,
        },
        Permission::ReportProgress {
            board: BoardId(1),
            chain: &chain,
        },
        Permission::ManageActions(BoardId(1)),
        Permission::VerifyActions(BoardId(1)),
        Permission::ReadGrievances(BoardId(1)),
        Permission::ManageGrievances(BoardId(1)),
        Permission::ChangeGrievance {
            board: BoardId(1),
            chain: &chain,
            answer_only: true,
        },
        Permission::ReadIncidents(BoardId(1)),
        Permission::RecordIncidents(BoardId(1)),
        Permission::ManageIncidents(BoardId(1)),
        Permission::ChangeIncident {
            board: BoardId(1),
            concerned: &[],
            response_only: true,
        },
        Permission::ReadReports(ReportBoard {
            board: BoardId(1),
            parent: None,
        }),
        Permission::ManageReports(BoardId(1)),
        Permission::ReportStep(
            ReportBoard {
                board: BoardId(1),
                parent: None,
            },
            ReportStep::Approve,
        ),
        Permission::SetPublishingRule,
        Permission::AcknowledgeReport(UnitId(1)),
    ] {
        assert_eq!(
            authorize(None, permission),
            Err(Denial::NotSignedIn),
            "{permission:?}"
        );
    }
}

#[test]
fn an_api_token_cannot_manage_api_tokens() {
    let mut p = principal(true, vec![]);
    assert!(authorize(Some(&p), Permission::ManageOwnTokens).is_ok());
    assert!(authorize(Some(&p), Permission::IssueOwnToken).is_ok());
    p.via_api_token = true;
    assert!(authorize(Some(&p), Permission::ManageOwnTokens).is_err());
    assert!(authorize(Some(&p), Permission::IssueOwnToken).is_err());
    assert!(authorize(Some(&p), Permission::ManageAccounts).is_ok());
}

#[test]
fn only_a_session_that_passed_a_second_factor_issues_api_tokens() {
    let mut p = principal(false, vec![Grant::Member(BoardId(1))]);
    p.passed_second_factor = false;
    assert!(authorize(Some(&p), Permission::IssueOwnToken).is_err());
    assert!(authorize(Some(&p), Permission::ManageOwnTokens).is_ok());
}

#[test]
fn a_secretary_edits_only_their_own_board() {
    let sec = principal(false, vec![Grant::Secretary(BoardId(1))]);
    assert!(authorize(Some(&sec), Permission::EditBoard(BoardId(1))).is_ok());
    assert!(authorize(Some(&sec), Permission::EditBoard(BoardId(2))).is_err());
    assert!(authorize(Some(&sec), Permission::MoveBoard).is_err());
    let member = principal(false, vec![Grant::Member(BoardId(1))]);
    assert!(authorize(Some(&member), Permission::EditBoard(BoardId(1))).is_err());
}

#[test]
fn secretaries_keep_the_record_members_read_it_representatives_see_public_business() {
    let sec = principal(false, vec![Grant::Secretary(BoardId(1))]);
    let member = principal(false, vec![Grant::Member(BoardId(1))]);
    let rep = principal(false, vec![Grant::Representative(UnitId(2))]);
    let admin = principal(true, vec![]);
    let can = |p: &Principal, a| authorize(Some(p), a).is_ok();
    assert!(can(&sec, Permission::ManageMeetings(BoardId(1))));
    assert!(!can(&sec, Permission::ManageMeetings(BoardId(2))));
    assert!(!can(&member, Permission::ManageMeetings(BoardId(1))));
    assert!(!can(&admin, Permission::ManageMeetings(BoardId(1))));
    assert!(can(&member, Permission::ReadMeetingRecord(BoardId(1))));
    assert!(!can(&member, Permission::ReadMeetingRecord(BoardId(2))));
    assert!(can(&admin, Permission::ReadMeetingRecord(BoardId(2))));
    assert!(!can(&rep, Permission::ReadMeetingRecord(BoardId(1))));
    assert!(can(&rep, Permission::ReadMeetings));
}

#[test]
fn a_decision_is_the_boards_and_its_units_chain_of_command() {
    let member = principal(false, vec![Grant::Member(BoardId(1))]);
    let rep = principal(false, vec![Grant::Representative(UnitId(2))]);
    let admin = principal(true, vec![]);
    let read = |p: &Principal, board, chain: &[UnitId]| {
        authorize(Some(p), Permission::ReadDecision { board, chain }).is_ok()
    };
    let below = [UnitId(3), UnitId(2), UnitId(1)];
    assert!(read(&member, BoardId(1), &[]));
    assert!(!read(&member, BoardId(2), &[]));
    assert!(read(&admin, BoardId(2), &[]));
    assert!(read(&rep, BoardId(1), &below));
    assert!(!read(&rep, BoardId(1), &[UnitId(1)]));
    assert!(!read(&rep, BoardId(1), &[]));
}

#[test]
fn a_representative_sees_only_their_subtree() {
    let rep = principal(false, vec![Grant::Representative(UnitId(2))]);
    let below = [UnitId(3), UnitId(2), UnitId(1)];
    let above = [UnitId(1)];
    let elsewhere = [UnitId(9)];
    assert!(authorize(Some(&rep), Permission::ReadUnit { chain: &below }).is_ok());
    assert!(authorize(Some(&rep), Permission::ReadUnit { chain: &above }).is_err());
    assert!(authorize(Some(&rep), Permission::ReadUnit { chain: &elsewhere }).is_err());
    assert!(authorize(Some(&rep), Permission::ManageUnits).is_err());
}

#[test]
fn reports_are_approved_by_the_board_or_its_parent_and_published_by_secretaries() {
    let on = ReportBoard {
        board: BoardId(2),
        parent: Some(BoardId(1)),
    };
    let officer = |grants, step| report_officer(&principal(false, grants), on, step).ok();
    use ReportStep::{Approve, Publish};
    let sec = vec![Grant::Secretary(BoardId(2))];
    let member = vec![Grant::Member(BoardId(2))];
    let national = vec![Grant::Secretary(BoardId(1))];
    assert_eq!(officer(sec.clone(), Approve), Some(Officer::Secretary));
    assert_eq!(officer(sec, Publish), Some(Officer::Secretary));
    assert_eq!(officer(member.clone(), Approve), Some(Officer::Member));
    assert_eq!(officer(member, Publish), None);
    assert_eq!(
        officer(national.clone(), Approve),
        Some(Officer::ParentSecretary)
    );
    assert_eq!(officer(national, Publish), Some(Officer::ParentSecretary));
    assert_eq!(officer(vec![Grant::Member(BoardId(1))], Approve), None);
    assert_eq!(officer(vec![Grant::Secretary(BoardId(3))], Publish), None);
    let admin = principal(true, vec![]);
    assert!(authorize(Some(&admin), Permission::ReportStep(on, Publish)).is_err());
    assert!(authorize(Some(&admin), Permission::SetPublishingRule).is_ok());
    let sec = principal(false, vec![Grant::Secretary(BoardId(2))]);
    assert!(authorize(Some(&sec), Permission::SetPublishingRule).is_err());
}

#[test]
fn a_list_shows_the_boards_one_sits_on_and_the_units_one_represents() {
    assert_eq!(scope(&principal(true, vec![])), Scope::Everything);
    let p = principal(
        false,
        vec![Grant::Member(BoardId(2)), Grant::Representative(UnitId(5))],
    );
    assert_eq!(
        scope(&p),
        Scope::Within {
            boards: vec![BoardId(2)],
            units: vec![UnitId(5)],
        }
    );
    assert!(scope(&principal(false, vec![])).is_empty());
}

#[test]
fn a_case_is_seen_whole_by_the_secretariat_in_part_by_the_board_and_its_units() {
    let sight = |grants, case| {
        let chains = [vec![UnitId(3), UnitId(2)]];
        case_sight(&principal(false, grants), case, BoardId(1), &chains)
    };
    for case in [Case::Incident, Case::Grievance] {
        let sec = vec![Grant::Secretary(BoardId(1))];
        assert_eq!(sight(sec, case), Some(Sight::Secretariat));
        assert_eq!(
            sight(vec![Grant::Member(BoardId(1))], case),
            Some(Sight::Board)
        );
        let above = vec![Grant::Representative(UnitId(2))];
        assert_eq!(sight(above, case), Some(Sight::Unit));
        assert_eq!(sight(vec![Grant::Representative(UnitId(4))], case), None);
        assert_eq!(sight(vec![Grant::Secretary(BoardId(9))], case), None);
    }
    let admin = case_sight(&principal(true, vec![]), Case::Incident, BoardId(1), &[]);
    assert_eq!(admin, Some(Sight::Board));
}

#[test]
fn progress_is_reported_by_the_units_chain_or_the_boards_secretary() {
    let chain = [UnitId(3), UnitId(2)];
    let can = |grants| {
        let p = principal(false, grants);
        authorize(
            Some(&p),
            Permission::ReportProgress {
                board: BoardId(1),
                chain: &chain,
            },
        )
        .is_ok()
    };
    assert!(can(vec![Grant::Representative(UnitId(2))]));
    assert!(can(vec![Grant::Secretary(BoardId(1))]));
    assert!(!can(vec![Grant::Member(BoardId(1))]));
    assert!(!can(vec![Grant::Representative(UnitId(4))]));
    let read = |grants| {
        let p = principal(false, grants);
        authorize(
            Some(&p),
            Permission::ReadAction {
                board: BoardId(1),
                chain: &chain,
            },
        )
        .is_ok()
    };
    assert!(read(vec![Grant::Member(BoardId(1))]));
    assert!(read(vec![Grant::Representative(UnitId(3))]));
    assert!(!read(vec![Grant::Member(BoardId(2))]));
}

#[test]
fn an_indicator_is_seen_by_its_board_and_its_responsible_units_chain() {
    let chain = [UnitId(3), UnitId(2)];
    let read = |grants, chain: &[UnitId]| {
        let p = principal(false, grants);
        let board = BoardId(1);
        authorize(Some(&p), Permission::ReadIndicator { board, chain }).is_ok()
    };
    assert!(read(vec![Grant::Member(BoardId(1))], &[]));
    assert!(read(vec![Grant::Representative(UnitId(2))], &chain));
    assert!(!read(vec![Grant::Representative(UnitId(2))], &[]));
    assert!(!read(vec![Grant::Representative(UnitId(4))], &chain));
    assert!(!read(vec![Grant::Member(BoardId(2))], &chain));
    assert!(
        authorize(
            Some(&principal(true, vec![])),
            Permission::ReadIndicator {
                board: BoardId(1),
                chain: &[]
            }
        )
        .is_ok()
    );
}

#[test]
fn seats_name_the_boards_and_units_in_the_order_granted() {
    let p = principal(
        true,
        vec![
            Grant::Representative(UnitId(5)),
            Grant::Member(BoardId(2)),
            Grant::Secretary(BoardId(1)),
        ],
    );
    let s = seats(&p);
    let boards: Vec<_> = s.boards.iter().map(|s| (s.on, s.role)).collect();
    assert_eq!(boards, [(BoardId(2), "member"), (BoardId(1), "secretary")]);
    assert_eq!(
        s.units,
        [Seat {
            on: UnitId(5),
            role: "representative"
        }]
    );
}

#[test]
fn accounts_are_the_admins_and_each_ones_own() {
    let user = principal(false, vec![]);
    assert!(authorize(Some(&user), Permission::ReadAccount(UserId(7))).is_ok());
    assert!(authorize(Some(&user), Permission::ReadAccount(UserId(8))).is_err());
    assert!(authorize(Some(&user), Permission::ManageAccounts).is_err());
    let admin = principal(true, vec![]);
    assert!(authorize(Some(&admin), Permission::ReadAccount(UserId(8))).is_ok());
    assert!(authorize(Some(&admin), Permission::ManageAccounts).is_ok());
}

#[test]
fn the_secretariat_changes_a_case_and_the_unit_concerned_only_answers_it() {
    let concerned = [vec![UnitId(3), UnitId(2)]];
    let change = |grants, response_only| {
        let p = principal(false, grants);
        let permission = Permission::ChangeIncident {
            board: BoardId(1),
            concerned: &concerned,
            response_only,
        };
        authorize(Some(&p), permission).is_ok()
    };
    assert!(change(vec![Grant::Secretary(BoardId(1))], false));
    assert!(change(vec![Grant::Representative(UnitId(2))], true));
    assert!(!change(vec![Grant::Representative(UnitId(2))], false));
    assert!(!change(vec![Grant::Representative(UnitId(4))], true));
    // A member who also represents the unit sees the incident as the board does, not as a unit.
    let both = vec![Grant::Member(BoardId(1)), Grant::Representative(UnitId(2))];
    assert!(!change(both, true));
    let answer = |grants, answer_only| {
        let p = principal(false, grants);
        let permission = Permission::ChangeGrievance {
            board: BoardId(1),
            chain: &concerned[0],
            answer_only,
        };
        authorize(Some(&p), permission).is_ok()
    };
    assert!(answer(vec![Grant::Secretary(BoardId(1))], false));
    assert!(answer(vec![Grant::Representative(UnitId(3))], true));
    assert!(!answer(vec![Grant::Representative(UnitId(3))], false));
    assert!(!answer(vec![Grant::Member(BoardId(1))], true));
    assert!(!answer(vec![Grant::Representative(UnitId(9))], true));
}

#[test]
fn a_remedy_is_shown_only_to_whoever_may_take_it() {
    use crate::domain::ids::{DecisionId, IncidentId, MeetingId, ReportId};
    use crate::domain::period::Period;
    let (board, parent) = (BoardId(2), BoardId(1));
    let secretary = principal(false, vec![Grant::Secretary(board)]);
    let member = principal(false, vec![Grant::Member(board)]);
    let above = principal(false, vec![Grant::Secretary(parent)]);
    let elsewhere = principal(false, vec![Grant::Secretary(BoardId(3))]);
    let unit = principal(false, vec![Grant::Representative(UnitId(1))]);
    let admin = principal(true, vec![]);
    let period = Period::parse_month("period", "2026-03").expect("period");
    let who_may = |remedy: Remedy| {
        [&secretary, &member, &above, &elsewhere, &unit, &admin]
            .map(|p| may_remedy(Some(p), remedy))
    };
    let meeting = MeetingId(4);
    assert_eq!(
        who_may(Remedy::RescheduleSession {
            board,
            session: meeting
        }),
        [true, false, false, false, false, false]
    );
    assert_eq!(
        who_may(Remedy::RelinkDecision {
            board,
            meeting,
            decision: DecisionId(5)
        }),
        [true, false, false, false, false, false]
    );
    assert_eq!(
        who_may(Remedy::ApproveReport {
            board,
            parent: Some(parent),
            report: ReportId(6),
            period
        }),
        [true, true, true, false, false, false]
    );
    assert_eq!(
        who_may(Remedy::StepIncident {
            board,
            incident: IncidentId(7)
        }),
        [true, false, false, false, false, false]
    );
    assert_eq!(
        who_may(Remedy::AddUnit),
        [false, false, false, false, false, true]
    );
    assert!(!may_remedy(None, Remedy::AddUnit));
}

#[test]
fn a_second_factor_is_required_of_the_roles_the_installation_names() {
    use crate::domain::role::SecondFactorRoles;
    let roles = |text: &str| text.parse::<SecondFactorRoles>().expect(text);
    let secretary = [Grant::Secretary(BoardId(1))];
    let representative = [Grant::Representative(UnitId(1))];
    let defaults = roles("admin, secretary");
    assert_eq!(defaults, SecondFactorRoles::default());
    assert!(second_factor_required(true, &[], defaults));
    assert!(second_factor_required(false, &secretary, defaults));
    assert!(!second_factor_required(false, &representative, defaults));
    assert!(!second_factor_required(false, &[], defaults));
    assert!(second_factor_required(false, &representative, roles("all")));
    assert!(!second_factor_required(true, &secretary, roles("none")));
    assert!("admins".parse::<SecondFactorRoles>().is_err());
}
