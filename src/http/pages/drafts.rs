//! Reports in the browser: a board's drafts with a preview, approval and publishing (the
//! secretariat), and acknowledging a published report with a short reply (representatives).
//! Each form calls the same operation as the API (`reports::workflow`).

use super::Ctx;
use super::forms::{Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status};
use super::glance::GlanceView;
use super::public::{officer_word, signoff_text};
use crate::auth::policy::Principal;
use crate::domain::ids::{BoardId, ReportId, UnitId};
use crate::domain::report::ReportStatus;
use crate::error::AppError;
use crate::reports::standing::{self, ReportStanding};
use crate::reports::views::{AssessmentRequest, AssessmentText};
use crate::reports::workflow::{self, Publisher};
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/reports", web::get().to(board_reports))
        .route("/desk/boards/{id}/reports", web::post().to(draft))
        .route("/desk/reports/{id}/assessment", web::get().to(assessment))
        .route("/desk/reports/{id}/assessment", web::post().to(assess))
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
    /// Whether the reader may write the board's assessment into it.
    assessable: bool,
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
fn who_can(c: &Ctx, r: &ReportStanding) -> String {
    let names: Vec<String> = (r.others.iter())
        .map(|(name, o)| format!("{name} ({})", officer_word(c, *o)))
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
    let (state, who) = (c.state(), c.principal()?);
    let found = standing::board_reports(&state.db, who, board, state.clock.now()).await?;
    let two_person = found.board.two_person_approval;
    let rows = (found.reports.iter())
        .map(|r| report_row(c, two_person, found.manages, refused.as_ref(), r))
        .collect();
    let t = c.t;
    let draft = found.manages.then(|| {
        FormView::new(
            "draft",
            t.get("reports.draft"),
            format!("/desk/boards/{board}/reports"),
            t.get("reports.draft_submit"),
        )
        .field(
            Field::text("period", t.get("reports.period"))
                .hint(t.get("reports.period_hint"))
                .value(found.last_month)
                .required(),
        )
        .settle(refused.as_ref())
    });
    Ok(c.render(
        status(refused.as_ref()),
        &ReportsPage {
            c,
            heading: t.fill1("reports.board_heading", "board", found.board.name),
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
    two_person: bool,
    manages: bool,
    refused: Option<&Refused>,
    standing: &ReportStanding,
) -> ReportRow {
    let t = c.t;
    let r = &standing.report;
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
    let mine = standing.yours();
    let mut note = String::new();
    match r.status {
        ReportStatus::Draft => {
            if mine {
                forms.push(form("approve", "approve", t.get("reports.approve")));
            } else {
                note = t.fill1("reports.waiting_approval", "names", who_can(c, standing));
            }
            // Drawn under the two-person rule only to show why publishing was refused (the rule
            // was turned on meanwhile) and, for whoever may approve, the way to approve.
            let refused_here = refused.is_some_and(|f| f.is_for(&format!("publish-{}", r.id)));
            if standing.publish_alone || refused_here {
                let submit = match two_person {
                    true => "reports.publish",
                    false => "reports.publish_alone",
                };
                forms.push(form("publish", "publish", t.get(submit)));
            }
        }
        ReportStatus::Approved => {
            if mine {
                forms.push(form("publish", "publish", t.get("reports.publish")));
            } else if standing.approved_by_reader {
                note = t.fill1("reports.approved_by_you", "names", who_can(c, standing));
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
                    who_can(c, standing),
                );
            }
        }
        ReportStatus::Published => {
            note = signoff_text(c, &r.signoff);
            if standing.correctable {
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
        assessable: manages && !r.status.is_public(),
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
                let templates = state.report_templates.clone();
                workflow::publish(&state.db, Publisher::Officer(who), id, templates, now).await?
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
        let (report, _) = workflow::readable(&c.state().db, c.principal()?, id).await?;
        board_page(&c, report.board_id, Some(refused)).await
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
    let published = standing::to_acknowledge(&c.state().db, c.principal()?).await?;
    let t = c.t;
    let rows = published
        .into_iter()
        .map(|p| {
            let r = &p.report;
            let open = (p.open.iter()).map(|(u, name)| Choice::new(u, name.clone()));
            ReportRow {
                id: r.id.0,
                period: format!("{} · {}", p.board, r.period),
                revision: r.revision,
                status: if p.acknowledged.is_empty() {
                    c.word("report_status", r.status.as_str())
                } else {
                    t.fill1(
                        "reports.acknowledged_by",
                        "units",
                        p.acknowledged.join(", "),
                    )
                },
                public: true,
                assessable: false,
                note: String::new(),
                forms: match p.open.first() {
                    None => Vec::new(),
                    Some((first, _)) => vec![
                        FormView::new(
                            format!("reply-{}", r.id),
                            "",
                            format!("/desk/reports/{}/reply", r.id),
                            t.get("reports.acknowledge"),
                        )
                        .field(
                            Field::select("unit_id", t.get("reports.unit"), open.collect())
                                .value(first)
                                .required(),
                        )
                        .field(
                            Field::long("text", t.get("reports.reply"))
                                .hint(t.get("reports.reply_hint")),
                        )
                        .settle(refused.as_ref()),
                    ],
                },
            }
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

#[derive(Template)]
#[template(path = "desk/assessment.html")]
struct AssessmentPage<'a> {
    c: &'a Ctx,
    heading: String,
    board_reports: String,
    glance: GlanceView,
    form: FormView,
}

/// The assessment's fields: each part in each language, named as the API's refusals name them.
const ASSESSMENT_FIELDS: [(&str, &str, &str); 6] = [
    ("en", "went_well", "en.went_well"),
    ("en", "fell_short", "en.fell_short"),
    ("en", "asks", "en.asks"),
    ("fil", "went_well", "fil.went_well"),
    ("fil", "fell_short", "fil.fell_short"),
    ("fil", "asks", "fil.asks"),
];

async fn assessment_page(
    c: &Ctx,
    id: ReportId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let report = workflow::for_assessment(&c.state().db, c.principal()?, id).await?;
    let doc = crate::reports::document(&report)?;
    let t = c.t;
    let mut form = FormView::new(
        "assessment",
        "",
        format!("/desk/reports/{id}/assessment"),
        t.get("assessment.save"),
    );
    for (language, part, name) in ASSESSMENT_FIELDS {
        let written = doc.assessment.iter().find(|a| a.language == language);
        let value = written.map_or("", |a| match part {
            "went_well" => &a.went_well,
            "fell_short" => &a.fell_short,
            _ => &a.asks,
        });
        let label = format!(
            "{} ({})",
            t.get(&format!("assessment.{part}")),
            t.get(&format!("assessment.in_{language}"))
        );
        form = form.field(Field::long(name, &label).value(value));
    }
    Ok(c.render(
        status(refused.as_ref()),
        &AssessmentPage {
            c,
            heading: t.fill2(
                "assessment.page_heading",
                "board",
                &doc.board.name,
                "period",
                &doc.period,
            ),
            board_reports: format!("/desk/boards/{}/reports", report.board_id),
            glance: GlanceView::of(c, &doc),
            form: form.settle(refused.as_ref()),
        },
    ))
}

async fn assessment(c: Ctx, id: web::Path<ReportId>) -> HttpResponse {
    let result = assessment_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn assess(c: Ctx, id: web::Path<ReportId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let written = |language: &str| {
            let get = |part: &str| posted.get(&format!("{language}.{part}")).to_owned();
            Some(AssessmentText {
                went_well: get("went_well"),
                fell_short: get("fell_short"),
                asks: get("asks"),
            })
        };
        let req = AssessmentRequest {
            en: written("en"),
            fil: written("fil"),
        };
        let (db, now) = (&c.state().db, c.state().clock.now());
        let report = workflow::assess(db, who, id, &req, now).await?;
        Ok(format!(
            "/desk/boards/{}/reports#report-{id}",
            report.board_id
        ))
    };
    let reshow = async |refused| assessment_page(&c, id, Some(refused)).await;
    settle_post(&c, form, "assessment", attempt, reshow).await
}
