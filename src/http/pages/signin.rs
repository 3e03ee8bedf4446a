//! Signing in and out from a browser: the same check, throttle and session as the API's.

use super::Ctx;
use crate::auth::sessions;
use crate::error::AppError;
use crate::http::signin::{sign_in, signed_out};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signin", web::get().to(form))
        .route("/signin", web::post().to(submit))
        .route("/signout", web::post().to(sign_out));
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage<'a> {
    c: &'a Ctx,
    email: String,
    error: Option<String>,
}

async fn form(c: Ctx) -> HttpResponse {
    c.ok(&SignInPage {
        c: &c,
        email: String::new(),
        error: None,
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
            Ok((_, cookie)) => {
                let mut response = c.see_other("/desk");
                for set in [cookie, c.renewed_csrf_cookie()] {
                    response
                        .add_cookie(&set)
                        .map_err(|e| AppError::Internal(e.into()))?;
                }
                Ok(response)
            }
            Err(AppError::Unauthorized(_)) => Ok(c.render(
                StatusCode::UNAUTHORIZED,
                &SignInPage {
                    c: &c,
                    email,
                    error: Some(c.t.get("signin.failed").to_owned()),
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
        if let Some(who) = &c.who {
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
