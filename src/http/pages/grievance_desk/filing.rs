//! The secretariat files a grievance for someone who came in, called, wrote or sent a text
//! message: the form holds exactly the fields of the API's request (`FileGrievanceRequest`),
//! and the tracking code for the complainant is shown once, on the grievance's page.

use super::super::Ctx;
use super::super::forms::{
    Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status,
};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::auth::tokens::{sign_for_cookie, verify_cookie};
use crate::db::grievances::Contact;
use crate::domain::grievance::{GrievanceCategory, Intake};
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::error::AppError;
use crate::grievances::{Deadlines, FileGrievanceRequest, workflow};
use crate::org::names::Names;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::cell::RefCell;

/// Carries a new grievance's tracking code to its page, once.
const FILED_COOKIE: &str = "bantay_desk_filed";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/desk/boards/{id}/grievances/new",
        web::get().to(new_grievance),
    )
    .route(
        "/desk/boards/{id}/grievances",
        web::post().to(file_grievance),
    );
}

#[derive(Template)]
#[template(path = "desk/grievance_new.html")]
struct FilingPage<'a> {
    c: &'a Ctx,
    board_id: BoardId,
    board: String,
    form: FormView,
}

async fn filing_page(
    c: &Ctx,
    board: BoardId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    authorize(Some(c.principal()?), Permission::ManageGrievances(board))?;
    let names = Names::read(&c.state().db).await?;
    let t = c.t;
    let contact_hint = t.get("grievances.contact_hint");
    let form = FormView::new(
        "file",
        "",
        format!("/desk/boards/{board}/grievances"),
        t.get("grievances.file_submit"),
    )
    .field(
        Field::select(
            "intake",
            t.get("grievances.intake"),
            c.choices("grievance_intake", Intake::ALL, Intake::as_str),
        )
        .required(),
    )
    .field(
        Field::select(
            "category",
            t.get("grievance.category"),
            c.choices(
                "category",
                GrievanceCategory::ALL,
                GrievanceCategory::as_str,
            ),
        )
        .required(),
    )
    .field(
        Field::long("description", t.get("grievances.file_description"))
            .hint(t.get("grievances.file_description_hint"))
            .required(),
    )
    .field(Field::text("location", t.get("grievance.location")))
    .field(Field::select(
        "alleged_unit_id",
        t.get("grievance.unit"),
        Choice::units(&names),
    ))
    .field(Field::text("contact_name", t.get("grievances.contact_name")).hint(contact_hint))
    .field(Field::text(
        "contact_phone",
        t.get("grievances.contact_phone"),
    ))
    .field(Field::text(
        "contact_email",
        t.get("grievances.contact_email"),
    ))
    .settle(refused.as_ref());
    Ok(c.render(
        status(refused.as_ref()),
        &FilingPage {
            c,
            board_id: board,
            board: names.board(board),
            form,
        },
    ))
}

async fn new_grievance(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = filing_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

/// Files it (the same operation as `POST /api/v1/grievances`), then opens its page.
async fn file_grievance(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let board = id.into_inner();
    let filed = RefCell::new(None);
    let attempt = async |who: &Principal, posted: &Posted| {
        let request = FileGrievanceRequest {
            board_id: board,
            category: posted.choice("category")?,
            description: posted.get("description").to_owned(),
            location: posted.get("location").to_owned(),
            alleged_unit_id: posted.opt_id("alleged_unit_id")?.map(UnitId),
            contact: Some(Contact {
                name: posted.get("contact_name").to_owned(),
                phone: posted.get("contact_phone").to_owned(),
                email: posted.get("contact_email").to_owned(),
            }),
            intake: Some(posted.choice("intake")?),
        };
        let state = c.state();
        let rules = Deadlines::from_settings(&state.settings);
        let view = workflow::file(&state.db, who, request, rules, state.clock.now()).await?;
        let id = view.id;
        filed.replace(Some((id, view.tracking_code)));
        Ok(format!("/desk/grievances/{id}"))
    };
    let reshow = async |refused| filing_page(&c, board, Some(refused)).await;
    let mut response = settle_post(&c, form, "file", attempt, reshow).await;
    if let Some((id, code)) = filed.into_inner() {
        let sealed = sign_for_cookie(&c.state().cookie_key, &format!("{id}:{code}"));
        let cookie = Cookie::build(FILED_COOKIE, sealed)
            .path(format!("/desk/grievances/{id}"))
            .http_only(true)
            .secure(c.secure())
            .same_site(SameSite::Strict)
            .max_age(time::Duration::minutes(10))
            .finish();
        if let Err(e) = response.add_cookie(&cookie) {
            tracing::error!(error = %e, "the tracking code could not be carried to its page");
        }
    }
    response
}

/// The tracking code of grievance `id` if this browser has just filed it.
pub(super) fn code_once(c: &Ctx, req: &HttpRequest, id: GrievanceId) -> Option<String> {
    let sealed = req.cookie(FILED_COOKIE)?;
    let carried = verify_cookie(&c.state().cookie_key, sealed.value())?;
    let (of, code) = carried.split_once(':')?;
    (of == id.to_string()).then(|| code.to_owned())
}

/// Forgets the tracking code once its page has shown it.
pub(super) fn forget_code(response: &mut HttpResponse, id: GrievanceId) {
    let mut gone = Cookie::build(FILED_COOKIE, "")
        .path(format!("/desk/grievances/{id}"))
        .finish();
    gone.make_removal();
    let _ = response.add_cookie(&gone);
}
