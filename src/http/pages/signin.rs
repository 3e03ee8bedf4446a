//! Signing in and out from a browser: the same check, throttle and session as the API's, with
//! the second step (a code) for an account that has a second factor.

use super::Ctx;
use crate::auth::sessions;
use crate::db::sessions::Stage;
use crate::error::AppError;
use crate::http::extract::presented_token;
use crate::http::signin::{complete_sign_in, sign_in, signed_out};
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signin", web::get().to(form))
        .route("/signin", web::post().to(submit))
        .route(CODE, web::get().to(code_form))
        .route(CODE, web::post().to(submit_code))
        .route("/signout", web::post().to(sign_out));
}

const CODE: &str = "/signin/code";

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage<'a> {
    c: &'a Ctx,
    email: String,
    error: Option<String>,
    /// Arrived from choosing a password (`?password=set`).
    password_set: bool,
}

#[derive(Deserialize)]
struct Arrival {
    password: Option<String>,
}

async fn form(c: Ctx, arrival: web::Query<Arrival>) -> HttpResponse {
    c.ok(&SignInPage {
        c: &c,
        email: String::new(),
        error: None,
        password_set: arrival.password.as_deref() == Some("set"),
    })
}

#[derive(Deserialize)]
struct Credentials {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn submit(c: Ctx, req: HttpRequest, form: web::Form<Credentials>) -> HttpResponse {
    let result = async {
        let Credentials {
            csrf,
            email,
            password,
        } = form.into_inner();
        c.check_csrf(&csrf)?;
        match sign_in(c.state(), &req, email.trim(), password).await {
            Ok((signed_in, cookie)) => {
                let next = match signed_in.stage {
                    Stage::AwaitingCode => CODE,
                    Stage::AwaitingEnrolment => "/desk/security",
                    Stage::Open => "/desk",
                };
                entered(&c, next, cookie)
            }
            Err(AppError::Unauthorized(_)) => Ok(c.render(
                StatusCode::UNAUTHORIZED,
                &SignInPage {
                    c: &c,
                    email,
                    error: Some(c.t.get("signin.failed").to_owned()),
                    password_set: false,
                },
            )),
            Err(e) => Err(e),
        }
    }
    .await;
    c.respond(result)
}

/// Where a sign-in goes next, holding its new session cookie and a fresh form token.
fn entered(c: &Ctx, next: &str, cookie: Cookie<'static>) -> Result<HttpResponse, AppError> {
    let mut response = c.see_other(next);
    for set in [cookie, c.renewed_csrf_cookie()] {
        response
            .add_cookie(&set)
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "signin_code.html")]
struct CodePage<'a> {
    c: &'a Ctx,
    error: Option<String>,
}

/// The second step's form, for a browser whose sign-in awaits its code; anyone else starts at
/// the password.
async fn code_form(c: Ctx, req: HttpRequest) -> HttpResponse {
    if c.who.is_some() {
        return c.see_other("/desk");
    }
    if presented_token(&req).is_none() {
        return c.see_other("/signin");
    }
    c.ok(&CodePage { c: &c, error: None })
}

#[derive(Deserialize)]
struct Code {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

async fn submit_code(c: Ctx, req: HttpRequest, form: web::Form<Code>) -> HttpResponse {
    let result = async {
        let Code { csrf, code } = form.into_inner();
        c.check_csrf(&csrf)?;
        match complete_sign_in(c.state(), &req, code).await {
            Ok((_, cookie)) => entered(&c, "/desk", cookie),
            Err(AppError::Unauthorized(reason)) => Ok(c.render(
                StatusCode::UNAUTHORIZED,
                &CodePage {
                    c: &c,
                    error: Some(c.t.say(&reason)),
                },
            )),
            Err(e) => Err(e),
        }
    }
    .await;
    c.respond(result)
}

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(c: Ctx, form: web::Form<Token>) -> HttpResponse {
    let result = async {
        c.check_csrf(&form.csrf)?;
        if let Ok(who) = c.own_account() {
            sessions::sign_out(&c.state().db, who, c.state().clock.now()).await?;
        }
        let mut response = c.see_other("/");
        response
            .add_cookie(&signed_out())
            .map_err(|e| AppError::Internal(e.into()))?;
        Ok(response)
    }
    .await;
    c.respond(result)
}
