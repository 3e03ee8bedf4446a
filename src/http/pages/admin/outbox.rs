//! The outbox for its admin: the newest notifications with where each stands, why the last
//! attempt failed, and a button to send a waiting one now (`outbox::send_now`).

use super::AdminNav;
use crate::error::AppError;
use crate::http::pages::Ctx;
use crate::http::pages::forms::{FormBody, Posted, Refused, RowForm, settle_post, status};
use crate::outbox::{self, NotificationView, OutboxPageRequest};
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(LIST, web::get().to(list))
        .route("/desk/admin/outbox/{id}/send", web::post().to(send_now));
}

const LIST: &str = "/desk/admin/outbox";
/// Notifications on the page: the newest, which are the ones an admin asks about.
const SHOWN: i64 = 100;

struct Row {
    n: NotificationView,
    queued: String,
    status: String,
    /// When it was sent, or when it will be tried next.
    when: String,
    send: Option<RowForm>,
}

#[derive(Template)]
#[template(path = "desk/admin/outbox.html")]
struct OutboxPage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    rows: Vec<Row>,
}

fn at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

async fn page(c: &Ctx, refused: Option<Refused>) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let shown = outbox::list(&c.state().db, who, OutboxPageRequest::newest(SHOWN)).await?;
    let rows = shown
        .into_iter()
        .map(|n| {
            let send = (n.status == "pending").then(|| {
                RowForm::new(
                    format!("send-{}", n.id),
                    format!("/desk/admin/outbox/{}/send", n.id),
                    &n.subject,
                )
                .button("send", "now", c.t.get("outbox.send_now"))
                .settle(refused.as_ref())
            });
            let when = match (n.sent_at, n.status.as_str()) {
                (Some(sent), _) => at(sent),
                (None, "pending") => {
                    c.t.fill1("outbox.next_attempt", "at", at(n.next_attempt_at))
                }
                (None, _) => String::new(),
            };
            Row {
                queued: at(n.created_at),
                status: c.word("outbox_status", &n.status),
                when,
                send,
                n,
            }
        })
        .collect();
    Ok(c.render(
        status(refused.as_ref()),
        &OutboxPage {
            c,
            nav: AdminNav::new(c, LIST),
            rows,
        },
    ))
}

async fn list(c: Ctx) -> HttpResponse {
    c.respond(page(&c, None).await)
}

async fn send_now(c: Ctx, id: web::Path<i64>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &_, _: &Posted| {
        let state = c.state();
        outbox::send_now(&state.db, who, id, state.clock.now()).await?;
        Ok(format!("{LIST}#notification-{id}"))
    };
    let reshow = async |refused| page(&c, Some(refused)).await;
    settle_post(&c, form, format!("send-{id}"), attempt, reshow).await
}
