//! Passwords without an admin in between: asking for a link to choose a new one, and choosing
//! one on the page an e-mailed link opens (an invitation or a reset; `auth::links`).

use super::Ctx;
use crate::auth::links::{self, ResetRequest, SetPasswordRequest};
use crate::db::account_links::Purpose;
use crate::error::AppError;
use crate::http::throttle::throttle;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let link = format!("{}/{{token}}", links::PATH);
    cfg.route(FORGOT, web::get().to(forgot_form))
        .route(FORGOT, web::post().to(forgot))
        .route(&link, web::get().to(choose_form))
        .route(&link, web::post().to(choose));
}

const FORGOT: &str = "/signin/forgot";

#[derive(Template)]
#[template(path = "password_forgot.html")]
struct ForgotPage<'a> {
    c: &'a Ctx,
    /// The request went out (whether or not an account has the address).
    sent: bool,
}

async fn forgot_form(c: Ctx) -> HttpResponse {
    c.ok(&ForgotPage { c: &c, sent: false })
}

#[derive(Deserialize)]
struct Forgot {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

/// Always the same answer, as on the API.
async fn forgot(c: Ctx, req: HttpRequest, form: web::Form<Forgot>) -> HttpResponse {
    let result = async {
        let Forgot { csrf, email } = form.into_inner();
        c.check_csrf(&csrf)?;
        let state = c.state();
        throttle(state, &req, "reset").await?;
        let request = ResetRequest { email };
        links::request_reset(&state.db, request, &state.public_url, state.clock.now()).await?;
        Ok(c.ok(&ForgotPage { c: &c, sent: true }))
    }
    .await;
    c.respond(result)
}

#[derive(Template)]
#[template(path = "password_choose.html")]
struct ChoosePage<'a> {
    c: &'a Ctx,
    /// What the link is for; none once it no longer works.
    purpose: Option<&'static str>,
    action: String,
    error: Option<String>,
}

async fn choose_page(
    c: &Ctx,
    token: &str,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let purpose = links::live(&c.state().db, token, c.state().clock.now()).await?;
    let page = ChoosePage {
        c,
        purpose: purpose.map(Purpose::as_str),
        action: format!("{}/{token}", links::PATH),
        error,
    };
    Ok(match (&page.purpose, &page.error) {
        (None, _) => c.render(StatusCode::NOT_FOUND, &page),
        (Some(_), Some(_)) => c.render(StatusCode::UNPROCESSABLE_ENTITY, &page),
        (Some(_), None) => c.ok(&page),
    })
}

async fn choose_form(c: Ctx, token: web::Path<String>) -> HttpResponse {
    c.respond(choose_page(&c, &token, None).await)
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
}

/// Sets the password and sends the person to sign in with it; a refused password is said
/// beside the form.
async fn choose(c: Ctx, token: web::Path<String>, form: web::Form<Choice>) -> HttpResponse {
    let token = token.into_inner();
    let result = async {
        let Choice {
            csrf,
            password,
            again,
        } = form.into_inner();
        c.check_csrf(&csrf)?;
        if password != again {
            return choose_page(&c, &token, Some(c.t.get("choose.mismatch").to_owned())).await;
        }
        let request = SetPasswordRequest {
            token: token.clone(),
            password,
        };
        match links::set_password(&c.state().db, request, c.state().clock.now()).await {
            Ok(()) => Ok(c.see_other("/signin?password=set")),
            Err(AppError::Validation { reason, .. }) => {
                let said = format!("{}: {}", c.t.get("choose.password"), c.t.say(&reason));
                choose_page(&c, &token, Some(said)).await
            }
            Err(AppError::NotFound(_)) => choose_page(&c, &token, None).await,
            Err(e) => Err(e),
        }
    }
    .await;
    c.respond(result)
}
