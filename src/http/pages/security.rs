//! One's own sign-in security: an authenticator app as a second factor, set up from a QR code
//! (or its secret typed in) and confirmed with a first code, the recovery codes shown once,
//! replaced, and the app removed with a code of it (`auth::second_factor`); one's open sessions,
//! each with its device and network, ended one by one or all but this one
//! (`auth::own_sessions`).

use super::Ctx;
use super::forms::{Field, FormBody, FormView, Posted, Refused, RowForm, status};
use crate::auth::own_sessions;
use crate::auth::policy::Principal;
use crate::auth::second_factor::{self, CodeRequest, TotpEnrolmentView};
use crate::domain::ids::SessionId;
use crate::error::AppError;
use crate::http::signin::own_change;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(PAGE, web::get().to(show))
        .route(START, web::post().to(start))
        .route(CONFIRM, web::post().to(confirm))
        .route(REPLACE_CODES, web::post().to(replace_codes))
        .route(REMOVE, web::post().to(remove))
        .route(END_OTHERS, web::post().to(end_others))
        .route("/desk/security/sessions/{id}/end", web::post().to(end_one));
}

const PAGE: &str = "/desk/security";
const START: &str = "/desk/security/totp";
const CONFIRM: &str = "/desk/security/totp/confirm";
const REPLACE_CODES: &str = "/desk/security/recovery-codes";
const REMOVE: &str = "/desk/security/totp/remove";
const END_OTHERS: &str = "/desk/security/sessions/end-others";

#[derive(Template)]
#[template(path = "desk/security.html")]
struct SecurityPage<'a> {
    c: &'a Ctx,
    /// Whether an app is set up, and how many recovery codes are left, in words.
    state: String,
    setting_up: Option<TotpEnrolmentView>,
    forms: Vec<FormView>,
    /// Recovery codes just made, shown this once.
    codes: Vec<String>,
    sessions: Vec<SessionRow>,
    end_others: Option<RowForm>,
}

/// One of the reader's open sessions; the one they read with cannot be ended from its row.
struct SessionRow {
    device: String,
    address: String,
    started: String,
    last_used: String,
    current: bool,
    end: Option<RowForm>,
}

async fn page(
    c: &Ctx,
    codes: Vec<String>,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let (who, t) = (c.own_account()?, c.t);
    let db = &c.state().db;
    let factors = second_factor::state(db, who).await?;
    let setting_up = match factors.totp {
        true => None,
        false => second_factor::setting_up(db, who).await?,
    };
    let code = |hint| {
        Field::text("code", t.get("security.current_code"))
            .hint(t.get(hint))
            .required()
    };
    let (state, forms) = match (factors.totp, &setting_up) {
        (true, _) => (
            t.fill1("security.app_on", "count", factors.recovery_codes_left),
            vec![
                FormView::new(
                    "replace-codes",
                    t.get("security.replace_codes"),
                    REPLACE_CODES,
                    t.get("security.replace_codes_submit"),
                )
                .field(code("security.replace_codes_hint")),
                FormView::new(
                    "remove",
                    t.get("security.remove"),
                    REMOVE,
                    t.get("security.remove_submit"),
                )
                .field(code("security.remove_hint")),
            ],
        ),
        (false, Some(_)) => (
            t.get("security.app_setting_up").to_owned(),
            vec![
                FormView::new("confirm", "", CONFIRM, t.get("security.confirm")).field(
                    Field::text("code", t.get("security.first_code"))
                        .hint(t.get("security.first_code_hint"))
                        .required(),
                ),
            ],
        ),
        (false, None) => (
            t.get("security.app_off").to_owned(),
            vec![FormView::new("start", "", START, t.get("security.set_up"))],
        ),
    };
    let forms = (forms.into_iter())
        .map(|f| f.settle(refused.as_ref()))
        .collect();
    let open = own_sessions::list(db, who, c.state().clock.now()).await?;
    let end_others = (open.len() > 1).then(|| {
        RowForm::new("end-others", END_OTHERS, t.get("security.end_others"))
            .button("end", "yes", t.get("security.end_others"))
            .settle(refused.as_ref())
    });
    let at =
        |moment: chrono::DateTime<chrono::Utc>| moment.format("%Y-%m-%d %H:%M UTC").to_string();
    let sessions = (open.into_iter())
        .map(|s| SessionRow {
            end: (!s.current).then(|| {
                let action = format!("/desk/security/sessions/{}/end", s.id);
                RowForm::new(format!("end-{}", s.id), action, &s.device)
                    .button("end", "yes", t.get("security.end_session"))
                    .settle(refused.as_ref())
            }),
            started: at(s.started_at),
            last_used: at(s.last_used_at),
            current: s.current,
            device: s.device,
            address: s.address,
        })
        .collect();
    Ok(c.render(
        status(refused.as_ref()),
        &SecurityPage {
            c,
            state,
            setting_up,
            forms,
            codes,
            sessions,
            end_others,
        },
    ))
}

async fn show(c: Ctx) -> HttpResponse {
    c.respond(page(&c, Vec::new(), None).await)
}

async fn start(c: Ctx, form: FormBody) -> HttpResponse {
    let attempt = async |who: &Principal, _: &Posted| {
        let state = c.state();
        second_factor::start_totp(&state.db, who, state.clock.now()).await?;
        Ok(c.see_other(PAGE))
    };
    settle_own(&c, form, "start", attempt).await
}

/// The first code confirms the app; the recovery codes are drawn on the answer itself, since
/// they are shown only once.
async fn confirm(c: Ctx, form: FormBody) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        let request = CodeRequest {
            code: posted.get("code").to_owned(),
        };
        let state = c.state();
        let made = second_factor::confirm_totp(&state.db, who, request, state.clock.now()).await?;
        page(&c, made.recovery_codes, None).await
    };
    settle_own(&c, form, "confirm", attempt).await
}

/// New recovery codes, drawn on the answer itself as they are shown only once.
async fn replace_codes(c: Ctx, req: HttpRequest, form: FormBody) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        let state = c.state();
        let change = own_change(state, &req, posted.get("code").to_owned());
        let limiter = &state.login_limiter;
        let made = second_factor::replace_recovery_codes(&state.db, limiter, who, change).await?;
        page(&c, made.recovery_codes, None).await
    };
    settle_own(&c, form, "replace-codes", attempt).await
}

/// Removes the app; a reader whose role must have one is then led to set up another.
async fn remove(c: Ctx, req: HttpRequest, form: FormBody) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        let state = c.state();
        let change = own_change(state, &req, posted.get("code").to_owned());
        let (limiter, required) = (&state.login_limiter, state.settings.mfa_required);
        second_factor::remove_totp(&state.db, limiter, who, required, change).await?;
        Ok(c.see_other(PAGE))
    };
    settle_own(&c, form, "remove", attempt).await
}

async fn end_one(c: Ctx, id: web::Path<SessionId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, _: &Posted| {
        own_sessions::end(&c.state().db, who, id, c.state().clock.now()).await?;
        Ok(c.see_other(PAGE))
    };
    settle_own(&c, form, &format!("end-{id}"), attempt).await
}

async fn end_others(c: Ctx, form: FormBody) -> HttpResponse {
    let attempt = async |who: &Principal, _: &Posted| {
        own_sessions::end_others(&c.state().db, who, c.state().clock.now()).await?;
        Ok(c.see_other(PAGE))
    };
    settle_own(&c, form, "end-others", attempt).await
}

/// A post of one's own security forms, as `forms::settle_post` handles a desk form, but open
/// also to a sign-in that must set up its second factor first: the account and this browser's
/// token are checked, then `attempt` answers; a refusal is drawn beside the form `name`.
async fn settle_own(
    c: &Ctx,
    form: FormBody,
    name: &str,
    attempt: impl AsyncFnOnce(&Principal, &Posted) -> Result<HttpResponse, AppError>,
) -> HttpResponse {
    let posted = Posted::from(form);
    let result = async {
        let who = c.own_account()?;
        c.check_csrf(posted.csrf())?;
        match attempt(who, &posted).await {
            Ok(answer) => Ok(answer),
            Err(e) => page(c, Vec::new(), Some(Refused::of(c, name, posted, e)?)).await,
        }
    }
    .await;
    c.respond(result)
}
