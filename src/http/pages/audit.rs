//! The audit log for admins: the latest entries, newest first, every value escaped by the
//! template like any other text.

use super::Ctx;
use crate::audit::reading;
use crate::db::audit_log::AuditRow;
use crate::error::AppError;
use actix_web::{HttpResponse, web};
use askama::Template;

const SHOWN: i64 = 100;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/audit", web::get().to(audit));
}

#[derive(Template)]
#[template(path = "desk/audit.html")]
struct AuditPage<'a> {
    c: &'a Ctx,
    rows: Vec<AuditRow>,
}

async fn audit(c: Ctx) -> HttpResponse {
    let result = async {
        let rows = reading::latest(&c.state().db, c.principal()?, SHOWN).await?;
        Ok::<_, AppError>(c.ok(&AuditPage { c: &c, rows }))
    }
    .await;
    c.respond(result)
}
