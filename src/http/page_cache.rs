//! Pages served again while nothing they show can have changed: signed-in pages, and the
//! public pages a publication-day crowd reads (the home page, a report's page, the dashboard)
//! for readers who are not signed in.
//!
//! A page is drawn from the record and the clock. Every change to the record appends to the
//! audit log in its own transaction, and write transactions are serialised across instances, so
//! the newest audit entry names the state of the record; with the minute of the clock, it is the
//! page's version. A page is kept for one reader's session, browser and language, and served
//! again only at the same version: after any change, or a minute later, it is drawn afresh.
//!
//! Measured reason (scripts/bench.sh, scale-1 archive, 64 connections): drawing the desk takes
//! about a dozen queries and 0.4 ms of CPU; served again, it takes the session check the page
//! needs anyway. The secretary's desk went from 2,491 to 45,874 requests/s (p99 38.4 to 4.8 ms),
//! a page of 50 incidents from 3,974 to 22,543. Guarded by `tests/integration/page_cache.rs` (a change made by another
//! instance, the clock passing a due date, a session signed out), and by the role × route table
//! (`access.rs`), which fails when a write succeeds without an audit entry.
//!
//! A kept page is kept without its anti-forgery token, and served with one masked afresh, as a
//! drawn page is (`auth::tokens::csrf_token`, against BREACH). A public page is kept for
//! everyone who reads it in the same language; a reader new to the site gets the anti-forgery
//! cookie a drawn page would have set.

use super::extract::{Authenticated, idle_limit, secure_cookies, session_token};
use super::state::AppState;
use crate::auth::{sessions, tokens};
use crate::db::audit_log;
use crate::domain::ids::SessionId;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage, HttpResponse, web};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// What all kept pages may hold together; past it, the cache starts over.
const BUDGET_BYTES: usize = 64 << 20;

/// The admin's outbox shows deliveries, which are not changes to the record.
const NOT_KEPT: &[&str] = &["/desk/admin/outbox"];

/// Public pages kept for readers who are not signed in: drawn from published reports alone.
const PUBLIC: &[&str] = &["/", "/dashboard"];
const PUBLIC_UNDER: &str = "/reports/";

/// Whose page and which: everything a page's drawing reads from the request.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    /// None for a reader who is not signed in.
    session: Option<SessionId>,
    /// The anti-forgery and language cookies, and the languages the browser asks for.
    browser: [String; 3],
    uri: String,
}

/// The state of the record (its newest audit entry) and the minute a page was drawn in.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Version {
    audit_head: i64,
    minute: i64,
}

#[derive(Clone)]
struct Kept {
    version: Version,
    content_type: HeaderValue,
    /// The page cut where its anti-forgery token stood.
    parts: Vec<Bytes>,
}

impl Kept {
    fn bytes(&self) -> usize {
        self.parts.iter().map(Bytes::len).sum()
    }

    fn with_token(&self, token: &str) -> Bytes {
        let mut body = Vec::with_capacity(self.bytes() + token.len() * self.parts.len());
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(token.as_bytes());
            }
            body.extend_from_slice(part);
        }
        body.into()
    }
}

/// The anti-forgery token a drawn page carries, which its forms repeat: put in the response's
/// extensions by the page.
pub struct ShownToken(pub String);

#[derive(Default)]
pub struct PageCache {
    pages: Mutex<(HashMap<Key, Kept>, usize)>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl PageCache {
    /// The page kept for `key` at `version`: its content type and its parts.
    fn find(&self, key: &Key, version: Version) -> Option<Kept> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let found = pages
            .0
            .get(key)
            .filter(|kept| kept.version == version)
            .cloned();
        let counter = match found {
            Some(_) => &self.hits,
            None => &self.misses,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn keep(&self, key: Key, kept: Kept) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let (map, bytes) = &mut *pages;
        if *bytes + kept.bytes() > BUDGET_BYTES {
            map.clear();
            *bytes = 0;
        }
        *bytes += kept.bytes();
        if let Some(old) = map.insert(key, kept) {
            *bytes -= old.bytes();
        }
    }

    /// Prometheus text: pages served again, and pages drawn.
    pub fn render(&self) -> String {
        format!(
            "# HELP bantay_page_cache_hits_total Pages served again unchanged.\n\
             # TYPE bantay_page_cache_hits_total counter\n\
             bantay_page_cache_hits_total {}\n\
             # HELP bantay_page_cache_misses_total Pages drawn afresh.\n\
             # TYPE bantay_page_cache_misses_total counter\n\
             bantay_page_cache_misses_total {}\n",
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed)
        )
    }
}

/// Serves a page again when its version has not moved, or draws it and keeps it. A signed-in
/// reader's session is checked here, in the same trip to the database as the version, and handed
/// on to the page.
pub async fn serve(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some((state, kind)) = kept_kind(&req) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let now = state.clock.now();
    // Anything but a live session (or a database error) is the page's to answer.
    let (principal, audit_head) = match kind {
        Kind::SignedIn(hash) => {
            let idle = idle_limit(&state);
            let found = sessions::read_signed_in(&state.db, hash, idle, now, |conn, who| {
                Ok((who.clone(), head(conn)?))
            })
            .await;
            let Ok(Some((principal, head))) = found else {
                return Ok(next.call(req).await?.map_into_boxed_body());
            };
            (Some(principal), head)
        }
        Kind::Public => match state.db.read(head).await {
            Ok(head) => (None, head),
            Err(_) => return Ok(next.call(req).await?.map_into_boxed_body()),
        },
    };
    let version = Version {
        audit_head,
        minute: now.timestamp().div_euclid(60),
    };
    let cookie = |name| {
        req.cookie(name)
            .map(|c| c.value().to_owned())
            .filter(|v| name != super::pages::CSRF_COOKIE || tokens::looks_valid(v))
            .unwrap_or_default()
    };
    let browser_secret = cookie(super::pages::CSRF_COOKIE);
    let key = Key {
        session: principal.as_ref().map(|p| p.session_id),
        browser: [
            browser_secret.clone(),
            cookie(super::pages::LANG_COOKIE),
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        ],
        uri: req.uri().to_string(),
    };
    if let Some(kept) = state.page_cache.find(&key, version) {
        let mut res = HttpResponse::Ok();
        let secret = if browser_secret.is_empty() {
            let (fresh, set) = super::pages::new_browser(secure_cookies(&state, req.request()));
            res.cookie(set);
            fresh
        } else {
            browser_secret
        };
        let token = tokens::csrf_token(&state.cookie_key, &secret);
        let res = res
            .insert_header((header::CONTENT_TYPE, kept.content_type.clone()))
            .body(kept.with_token(&token));
        return Ok(req.into_response(res));
    }
    if let Some(principal) = principal {
        req.extensions_mut().insert(Authenticated(principal));
    }
    let new_browser = browser_secret.is_empty();
    let res = next.call(req).await?.map_into_boxed_body();
    let drawn = res.status() == StatusCode::OK && sets_no_cookie_but(&res, new_browser);
    let content_type = res.headers().get(header::CONTENT_TYPE).cloned();
    let shown = res
        .response()
        .extensions()
        .get::<ShownToken>()
        .map(|t| t.0.clone());
    let (Some(content_type), Some(shown), true) = (content_type, shown, drawn) else {
        return Ok(res);
    };
    let (req, res) = res.into_parts();
    let (res, body) = res.into_parts();
    let body = actix_web::body::to_bytes(body)
        .await
        .map_err(actix_web::error::ErrorInternalServerError)?;
    let parts = cut(&body, shown.as_bytes());
    state.page_cache.keep(
        key,
        Kept {
            version,
            content_type,
            parts,
        },
    );
    Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(body))))
}

fn head(conn: &mut crate::db::DbConn) -> crate::db::Result<i64> {
    Ok(audit_log::head(conn)?.map_or(0, |(seq, _)| seq))
}

/// Whether the answer sets no cookie, but for a new browser's anti-forgery cookie, which a page
/// served again sets afresh.
fn sets_no_cookie_but(res: &ServiceResponse<BoxBody>, new_browser: bool) -> bool {
    let prefix = format!("{}=", super::pages::CSRF_COOKIE);
    let mut set = res.headers().get_all(header::SET_COOKIE);
    match (set.next(), set.next()) {
        (None, _) => true,
        (Some(only), None) => new_browser && only.to_str().is_ok_and(|c| c.starts_with(&prefix)),
        _ => false,
    }
}

/// The pieces of `body` between the places `token` stands.
fn cut(body: &Bytes, token: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&body[from..], token) {
        parts.push(body.slice(from..from + at));
        from += at + token.len();
    }
    parts.push(body.slice(from..));
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whose page a request is for.
enum Kind {
    /// A signed-in page, with the hashed session token.
    SignedIn(String),
    /// A public page, for a reader who is not signed in.
    Public,
}

/// The state, and whose page it is, of a request for a page that may be kept: a GET of a
/// signed-in page with a session cookie, or of a public page without one.
fn kept_kind(req: &ServiceRequest) -> Option<(web::Data<AppState>, Kind)> {
    let path = req.path();
    let desk = path == "/desk" || path.starts_with("/desk/");
    let public = PUBLIC.contains(&path) || path.starts_with(PUBLIC_UNDER);
    if req.method() != Method::GET
        || !(desk || public)
        || NOT_KEPT.iter().any(|p| path.starts_with(p))
    {
        return None;
    }
    if req.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    let state = req.app_data::<web::Data<AppState>>()?.clone();
    let kind = match session_token(req.request(), &state) {
        Some(token) if desk => Kind::SignedIn(sessions::presented_hash(&token)?),
        None if public => Kind::Public,
        _ => return None,
    };
    Some((state, kind))
}
