//! Server-rendered pages: askama templates (`templates/`), words from the message catalogues
//! (`locales/`), one stylesheet, no JavaScript build. Every state-changing form is a POST that
//! carries an anti-forgery token; access is decided by the same policy module as the API.

mod actions;
mod admin;
mod audit;
mod dashboard;
mod desk;
mod drafts;
mod forms;
mod glance;
mod grievance_desk;
mod grievances;
mod incidents;
mod indicator;
mod indicators;
mod listing;
mod meeting;
mod meetings;
mod password;
mod public;
mod public_dashboard;
mod remedy;
mod security;
mod series_form;
mod signin;
mod upload;

use crate::auth::policy::Principal;
use crate::auth::tokens;
use crate::domain::refusal;
use crate::error::AppError;
use crate::http::extract::presented_token;
use crate::http::extract::{MaybeSignedIn, secure_cookies};
use crate::http::page_cache;
use crate::http::state::AppState;
use crate::i18n::{self, Catalogue};
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, dev::Payload, web};
use askama::Template;
use std::future::Future;
use std::pin::Pin;

pub(super) const LANG_COOKIE: &str = "bantay_lang";
pub(super) const CSRF_COOKIE: &str = "bantay_csrf";
const STYLESHEET: &str = include_str!("../../../static/app.css");

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/app.css", web::get().to(stylesheet))
        .configure(public::routes)
        .configure(public_dashboard::routes)
        .configure(grievances::routes)
        .configure(signin::routes)
        .configure(password::routes)
        .configure(security::routes)
        .configure(desk::routes)
        .configure(dashboard::routes)
        .configure(actions::routes)
        .configure(meetings::routes)
        .configure(meeting::routes)
        .configure(drafts::routes)
        .configure(grievance_desk::routes)
        .configure(incidents::routes)
        .configure(indicators::routes)
        .configure(indicator::routes)
        .configure(audit::routes)
        .configure(admin::routes);
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(STYLESHEET)
}

/// A link of the language switch.
pub struct LanguageLink {
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// What every page needs: the reader's language, the form token, who is signed in.
pub struct Ctx {
    pub t: &'static Catalogue,
    /// The anti-forgery token the page's forms carry.
    pub csrf: String,
    pub who: Option<Principal>,
    /// The account of a sign-in that must set up a second factor before anything else: it
    /// reaches its security page and signing out only.
    pub enrolling: Option<Principal>,
    pub languages: Vec<LanguageLink>,
    browser_secret: String,
    cookies: Vec<Cookie<'static>>,
    /// Whether cookies this page sets are marked `Secure`.
    secure: bool,
    state: web::Data<AppState>,
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let signed_in = MaybeSignedIn::from_request(&req, payload);
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state missing")))?;
            let who = signed_in.await?.0;
            let enrolling = match (&who, presented_token(&req)) {
                (None, Some(token)) => crate::http::extract::enrolling(&state, token).await?,
                _ => None,
            };
            let secure = secure_cookies(&state, &req);
            let mut cookies = Vec::new();
            let query = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
                .map(|q| q.into_inner())
                .unwrap_or_default();
            let asked = query
                .iter()
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| i18n::known(v));
            if let Some(code) = asked {
                cookies.push(cookie(LANG_COOKIE, code.to_owned(), secure, SameSite::Lax));
            }
            let code = asked
                .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| i18n::known(c.value())))
                .or_else(|| {
                    req.headers()
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .and_then(i18n::negotiate)
                })
                .unwrap_or(i18n::DEFAULT);
            let t = i18n::catalogue(code);
            let browser_secret = match req.cookie(CSRF_COOKIE) {
                Some(c) if tokens::looks_valid(c.value()) => c.value().to_owned(),
                _ => {
                    let (fresh, set) = new_browser(secure);
                    cookies.push(set);
                    fresh
                }
            };
            Ok(Self {
                t,
                csrf: tokens::csrf_token(&state.cookie_key, &browser_secret),
                who,
                enrolling,
                languages: language_links(req.path(), &query, t.code),
                browser_secret,
                cookies,
                secure,
                state,
            })
        })
    }
}

/// A new browser's anti-forgery secret, and the cookie that keeps it.
pub(super) fn new_browser(secure: bool) -> (String, Cookie<'static>) {
    let fresh = tokens::generate();
    let set = cookie(CSRF_COOKIE, fresh.clone(), secure, SameSite::Strict);
    (fresh, set)
}

fn cookie(name: &'static str, value: String, secure: bool, same_site: SameSite) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(same_site)
        .max_age(time::Duration::days(365))
        .finish()
}

/// This page in each language: the same path and query, `lang` replaced.
fn language_links(path: &str, query: &[(String, String)], current: &str) -> Vec<LanguageLink> {
    let kept: String = query
        .iter()
        .filter(|(k, _)| k != "lang")
        .map(|(k, v)| format!("{}={}&", encode(k), encode(v)))
        .collect();
    i18n::all()
        .iter()
        .map(|c| LanguageLink {
            name: c.name.clone(),
            href: format!("{path}?{kept}lang={}", encode(c.code)),
            current: c.code == current,
        })
        .collect()
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Ctx {
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Whether cookies set in answer to this request are marked `Secure`.
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// The account signed in, or a refusal that sends the reader to sign in (or, one who must
    /// set up a second factor first, to do that).
    pub fn principal(&self) -> Result<&Principal, AppError> {
        self.who
            .as_ref()
            .ok_or_else(|| AppError::Unauthorized(refusal::sign_in_first()))
    }

    /// The account signed in, or one that must set up a second factor before anything else:
    /// for its own security page and signing out.
    pub fn own_account(&self) -> Result<&Principal, AppError> {
        self.who
            .as_ref()
            .or(self.enrolling.as_ref())
            .ok_or_else(|| AppError::Unauthorized(refusal::sign_in_first()))
    }

    /// A word of one of the domain's vocabularies (statuses, sectors, …) in the reader's
    /// language: the catalogue's `{vocabulary}.{value}`.
    pub fn word(&self, vocabulary: &str, value: &str) -> String {
        self.t.get(&format!("{vocabulary}.{value}")).to_owned()
    }

    /// A vocabulary's values as choices of a form.
    pub fn choices<T: Copy>(
        &self,
        vocabulary: &str,
        values: &[T],
        name: fn(T) -> &'static str,
    ) -> Vec<forms::Choice> {
        values
            .iter()
            .map(|v| forms::Choice::new(name(*v), self.word(vocabulary, name(*v))))
            .collect()
    }

    /// A new anti-forgery secret for this browser, given at sign-in: a secret planted in the
    /// browser before, or a token read from a page before, is then worth nothing.
    pub fn renewed_csrf_cookie(&self) -> Cookie<'static> {
        cookie(
            CSRF_COOKIE,
            tokens::generate(),
            self.secure,
            SameSite::Strict,
        )
    }

    /// Refuses a form whose anti-forgery token is not this browser's.
    pub fn check_csrf(&self, presented: &str) -> Result<(), AppError> {
        if tokens::csrf_matches(&self.state.cookie_key, &self.browser_secret, presented) {
            Ok(())
        } else {
            Err(AppError::Forbidden(refusal::form_expired()))
        }
    }

    /// The page, with any cookie this request set.
    pub fn render(&self, status: StatusCode, page: &impl Template) -> HttpResponse {
        match page.render() {
            Ok(html) => {
                let mut response = HttpResponse::build(status);
                response.content_type(ContentType::html());
                for c in &self.cookies {
                    response.cookie(c.clone());
                }
                let mut response = response.body(html);
                response
                    .extensions_mut()
                    .insert(page_cache::ShownToken(self.csrf.clone()));
                response
            }
            Err(e) => AppError::Internal(e.into()).error_response(),
        }
    }

    pub fn ok(&self, page: &impl Template) -> HttpResponse {
        self.render(StatusCode::OK, page)
    }

    /// A redirect after a successful POST (303, so the browser follows with a GET).
    pub fn see_other(&self, location: &str) -> HttpResponse {
        let mut response = HttpResponse::SeeOther();
        response.insert_header((header::LOCATION, location));
        for c in &self.cookies {
            response.cookie(c.clone());
        }
        response.finish()
    }

    /// The page, or a page saying what went wrong in the reader's language. A page that needs
    /// an account sends a reader without one to sign in.
    pub fn respond(&self, result: Result<HttpResponse, AppError>) -> HttpResponse {
        match result {
            Ok(response) => response,
            Err(AppError::Unauthorized(_)) if self.enrolling.is_some() => {
                self.see_other("/desk/security")
            }
            Err(AppError::Unauthorized(_)) => self.see_other("/signin"),
            Err(e) => {
                if let AppError::Internal(cause) = &e {
                    tracing::error!(error = ?cause, "page failed");
                }
                let page = ErrorPage {
                    c: self,
                    title: self.t.get(match e.status_code() {
                        StatusCode::NOT_FOUND => "error.not_found",
                        StatusCode::FORBIDDEN => "error.forbidden",
                        StatusCode::TOO_MANY_REQUESTS => "error.too_many",
                        s if s.is_server_error() => "error.internal",
                        _ => "error.bad_request",
                    }),
                    message: e.say(self.t),
                    remedy: e.reason().and_then(|r| remedy::Link::remedy(self, r)),
                };
                let mut response = self.render(e.status_code(), &page);
                if let AppError::TooManyRequests {
                    retry_after_secs, ..
                } = e
                    && let Ok(value) = header::HeaderValue::from_str(&retry_after_secs.to_string())
                {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    c: &'a Ctx,
    title: &'a str,
    message: String,
    remedy: Option<remedy::Link>,
}
