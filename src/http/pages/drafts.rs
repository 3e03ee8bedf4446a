//! Reports in the browser: a board's drafts with a preview, approval and publishing (the
//! secretariat), and acknowledging a published report with a short reply (representatives).
//! Each form calls the same operation as the API (`reports::workflow`).

use super::Ctx;
use super::forms::{Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status};
use super::public::{officer_word, signoff_text};
use crate::auth::policy::{
    self, Permission, Principal, ReportBoard, ReportStep, authorize, capacity_of,
};
use crate::db::reports as store;
use crate::domain::ids::{BoardId, ReportId, UnitId, UserId};
use crate::domain::refusal;
use crate::domain::report::ReportStatus;
use crate::domain::role::Grant;
use crate::error::AppError;
use crate::org::names::Names;
use crate::reports::workflow::{self, Publisher};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Months};

/// Published reports offered to representatives to acknowledge.
const TO_ACKNOWLEDGE: i64 = 12;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/reports", web::get().to(board_reports))
        .route("/desk/boards/{id}/reports", web::post().to(draft))
        .route("/desk/reports/{id}/approve", web::post().to(approve))
        .route("/desk/reports/{id}/publish", web::post().to(publish))
        .route("/desk/reports/{id}/correct", web::post().to(correct))
        .route("/desk/my/reports", web::get().to(mine))
        .route("/desk/reports/{id}/reply", web::post().to(reply));
}

struct ReportRow {
    id: i64,
    period: String,
    revision: i32,
    status: String,
    public: bool,
    /// Where it stands on its way to the public: how it was approved and published, or who may
    /// take the next step when the reader may not.
    note: String,
    forms: Vec<FormView>,
}

#[derive(Template)]
#[template(path = "desk/reports.html")]
struct ReportsPage<'a> {
    c: &'a Ctx,
    heading: String,
    rows: Vec<ReportRow>,
    draft: Option<FormView>,
    /// Representatives' page: published reports with the reply form.
    replying: bool,
}

/// The people who could take a report's next step, as "name (capacity)", or who nobody is.
fn who_can(
    c: &Ctx,
    people: &[(UserId, String, Vec<Grant>)],
    on: ReportBoard,
    step: ReportStep,
    except: Option<UserId>,
) -> String {
    let names: Vec<String> = people
        .iter()
        .filter(|(id, _, _)| Some(*id) != except)
        .filter_map(|(_, name, grants)| {
            capacity_of(grants, on, step).map(|o| format!("{name} ({})", officer_word(c, o)))
        })
        .collect();
    if names.is_empty() {
        c.t.get("reports.nobody").to_owned()
    } else {
        names.join(", ")
    }
}

async fn board_page(
    c: &Ctx,
    board: BoardId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let now = c.state().clock.now();
    let (b, all, people) = c
        .state()
        .db
        .read(move |conn| {
            let b = crate::org::boards::find(conn, board)?;
            let boards: Vec<BoardId> = std::iter::once(board).chain(b.parent_id).collect();
            let people = crate::db::users::on_boards(conn, &boards)?;
            Ok::<_, AppError>((b.clone(), store::list_for_board(conn, board)?, people))
        })
        .await?;
    let on = ReportBoard {
        board,
        parent: b.parent_id,
    };
    authorize(Some(who), Permission::ReadReports(on))?;
    let manager = authorize(Some(who), Permission::ManageReports(board)).is_ok();
    let two_person = b.two_person_approval;
    let rows = all
        .iter()
        .map(|r| report_row(c, who, on, two_person, &people, refused.as_ref(), r))
        .collect();
    let t = c.t;
    let last_month = now
        .with_timezone(&b.zone())
        .date_naive()
        .checked_sub_months(Months::new(1))
        .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
        .unwrap_or_default();
    let draft = manager.then(|| {
        FormView::new(
            "draft",
            t.get("reports.draft"),
            format!("/desk/boards/{board}/reports"),
            t.get("reports.draft_submit"),
        )
        .field(
            Field::text("period", t.get("reports.period"))
                .hint(t.get("reports.period_hint"))
                .value(last_month)
                .required(),
        )
        .settle(refused.as_ref())
    });
    Ok(c.render(
        status(refused.as_ref()),
        &ReportsPage {
            c,
            heading: t.fill1("reports.board_heading", "board", b.name),
            rows,
            draft,
            replying: false,
        },
    ))
}

/// One report's row on its board's page: its next step as a form for whoever may take it, or a
/// note naming who can.
fn report_row(
    c: &Ctx,
    who: &Principal,
    on: ReportBoard,
    two_person: bool,
    people: &[(UserId, String, Vec<Grant>)],
    refused: Option<&Refused>,
    r: &store::Report,
) -> ReportRow {
    let t = c.t;
    let may = |step| authorize(Some(who), Permission::ReportStep(on, step)).is_ok();
    let mut forms = Vec::new();
    let form = |id: &str, path: &str, submit: &str| {
        FormView::new(
            format!("{id}-{}", r.id),
            "",
            format!("/desk/reports/{}/{path}", r.id),
            submit,
        )
        .settle(refused)
    };
    let approved_by_me = two_person && r.approved_by == Some(who.user_id);
    let mine = workflow::next_step(who, on, r, two_person).is_some_and(|(_, mine)| mine);
    let mut note = String::new();
    match r.status {
        ReportStatus::Draft => {
            if mine {
                forms.push(form("approve", "approve", t.get("reports.approve")));
            } else {
                note = t.fill1(
                    "reports.waiting_approval",
                    "names",
                    who_can(c, people, on, ReportStep::Approve, None),
                );
            }
            // Drawn under the two-person rule only to show why publishing was refused (the rule
            // was turned on meanwhile) and, for whoever may approve, the way to approve.
            let refused_here = refused.is_some_and(|f| f.is_for(&format!("publish-{}", r.id)));
            if (!two_person && may(ReportStep::Publish)) || refused_here {
                let submit = match two_person {
                    true => "reports.publish",
                    false => "reports.publish_alone",
                };
                forms.push(form("publish", "publish", t.get(submit)));
            }
        }
        ReportStatus::Approved => {
            let approver = r.approved_by.filter(|_| two_person);
            if mine {
                forms.push(form("publish", "publish", t.get("reports.publish")));
            } else if approved_by_me {
                note = t.fill1(
                    "reports.approved_by_you",
                    "names",
                    who_can(c, people, on, ReportStep::Publish, approver),
                );
            } else {
                let approved_as = r
                    .signoff
                    .approved_as
                    .map(|o| officer_word(c, o))
                    .unwrap_or_default();
                note = t.fill2(
                    "reports.waiting_publication",
                    "approver",
                    approved_as,
                    "names",
                    who_can(c, people, on, ReportStep::Publish, approver),
                );
            }
        }
        ReportStatus::Published => {
            note = signoff_text(c, &r.signoff);
            if authorize(Some(who), Permission::ManageReports(on.board)).is_ok() {
                forms.push(form("correct", "correct", t.get("reports.correct")));
            }
        }
        ReportStatus::Superseded => {
            note = signoff_text(c, &r.signoff);
        }
    }
    ReportRow {
        id: r.id.0,
        period: r.period.clone(),
        revision: r.revision,
        status: c.word("report_status", r.status.as_str()),
        public: r.status.is_public(),
        note,
        forms,
    }
}

async fn board_reports(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = board_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn draft(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let board = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let state = c.state();
        let (period, now) = (posted.get("period").trim(), state.clock.now());
        let threshold = state.settings.small_count_threshold;
        workflow::draft(&state.db, who, board, period, threshold, now).await?;
        Ok(format!("/desk/boards/{board}/reports"))
    };
    let reshow = async |refused| board_page(&c, board, Some(refused)).await;
    settle_post(&c, form, "draft", attempt, reshow).await
}

/// A step of a report's way to the public.
#[derive(Clone, Copy)]
enum Step {
    Approve,
    Publish,
    /// Draft a correction of a published report.
    Correct,
}

/// Takes the step, then shows the board's reports again.
async fn step(c: Ctx, id: ReportId, form: Vec<(String, String)>, step: Step) -> HttpResponse {
    let attempt = async |who: &Principal, _: &Posted| {
        let state = c.state();
        let now = state.clock.now();
        let r = match step {
            Step::Publish => {
                let template = state.report_template.clone();
                workflow::publish(&state.db, Publisher::Officer(who), id, template, now).await?
            }
            Step::Approve => workflow::approve(&state.db, who, id, now).await?,
            Step::Correct => {
                let threshold = state.settings.small_count_threshold;
                workflow::correct(&state.db, who, id, threshold, now).await?
            }
        };
        Ok(format!("/desk/boards/{}/reports", r.board_id))
    };
    let reshow = async |refused| {
        let board = c
            .state()
            .db
            .read(move |conn| crate::reports::find(conn, id))
            .await?
            .board_id;
        board_page(&c, board, Some(refused)).await
    };
    let name = match step {
        Step::Approve => "approve",
        Step::Publish => "publish",
        Step::Correct => "correct",
    };
    settle_post(
        &c,
        Posted::from(form),
        format!("{name}-{id}"),
        attempt,
        reshow,
    )
    .await
}

async fn approve(c: Ctx, id: web::Path<ReportId>, form: FormBody) -> HttpResponse {
    step(c, id.into_inner(), form.into_inner(), Step::Approve).await
}

async fn publish(c: Ctx, id: web::Path<ReportId>, form: FormBody) -> HttpResponse {
    step(c, id.into_inner(), form.into_inner(), Step::Publish).await
}

async fn correct(c: Ctx, id: web::Path<ReportId>, form: FormBody) -> HttpResponse {
    step(c, id.into_inner(), form.into_inner(), Step::Correct).await
}

async fn my_page(c: &Ctx, refused: Option<Refused>) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let units = policy::acknowledging_units(who);
    if units.is_empty() {
        return Err(AppError::Forbidden(refusal::not_representative()));
    }
    let (names, published) = c
        .state()
        .db
        .read(|conn| {
            let mut published = Vec::new();
            for r in store::list_public(conn, None, Some(TO_ACKNOWLEDGE))? {
                let replied: Vec<UnitId> = store::replies_to(conn, r.id)?
                    .into_iter()
                    .map(|x| x.unit_id)
                    .collect();
                published.push((r, replied));
            }
            Ok::<_, AppError>((Names::load(conn)?, published))
        })
        .await?;
    let t = c.t;
    let rows = published
        .iter()
        .filter(|(r, _)| r.status == ReportStatus::Published)
        .map(|(r, replied)| {
            let open: Vec<Choice> = units
                .iter()
                .filter(|u| !replied.contains(u))
                .map(|u| Choice::new(u, names.unit(*u)))
                .collect();
            let acknowledged: Vec<String> = units
                .iter()
                .filter(|u| replied.contains(u))
                .map(|u| names.unit(*u))
                .collect();
            (r, open, acknowledged)
        })
        .map(|(r, open, acknowledged)| ReportRow {
            id: r.id.0,
            period: format!("{} · {}", names.board(r.board_id), r.period),
            revision: r.revision,
            status: if acknowledged.is_empty() {
                c.word("report_status", r.status.as_str())
            } else {
                t.fill1("reports.acknowledged_by", "units", acknowledged.join(", "))
            },
            public: true,
            note: String::new(),
            forms: if open.is_empty() {
                Vec::new()
            } else {
                let first = open[0].value.clone();
                vec![
                    FormView::new(
                        format!("reply-{}", r.id),
                        "",
                        format!("/desk/reports/{}/reply", r.id),
                        t.get("reports.acknowledge"),
                    )
                    .field(
                        Field::select("unit_id", t.get("reports.unit"), open)
                            .value(first)
                            .required(),
                    )
                    .field(
                        Field::long("text", t.get("reports.reply"))
                            .hint(t.get("reports.reply_hint")),
                    )
                    .settle(refused.as_ref()),
                ]
            },
        })
        .collect();
    Ok(c.render(
        status(refused.as_ref()),
        &ReportsPage {
            c,
            heading: t.get("reports.mine").to_owned(),
            rows,
            draft: None,
            replying: true,
        },
    ))
}

async fn mine(c: Ctx) -> HttpResponse {
    let result = my_page(&c, None).await;
    c.respond(result)
}

async fn reply(c: Ctx, id: web::Path<ReportId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let unit = UnitId(posted.id("unit_id")?);
        let (db, now) = (&c.state().db, c.state().clock.now());
        workflow::reply(db, who, id, unit, posted.get("text"), now).await?;
        Ok("/desk/my/reports".to_owned())
    };
    let reshow = async |refused| my_page(&c, Some(refused)).await;
    settle_post(&c, form, format!("reply-{id}"), attempt, reshow).await
}
