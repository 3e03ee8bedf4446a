//! The audit log for admins: the latest entries, newest first, every value escaped by the
//! template like any other text.

use super::Ctx;
use crate::auth::policy::{Permission, authorize};
use crate::db::audit_log::{self, AuditRow};
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
        authorize(Some(c.principal()?), Permission::ReadAudit)?;
        let mut rows = c
            .state()
            .db
            .read(|conn| {
                let last = audit_log::head(conn)?.map_or(0, |(seq, _)| seq);
                audit_log::page(conn, (last - SHOWN).max(0), SHOWN)
            })
            .await?;
        rows.reverse();
        Ok::<_, AppError>(c.ok(&AuditPage { c: &c, rows }))
    }
    .await;
    c.respond(result)
}
