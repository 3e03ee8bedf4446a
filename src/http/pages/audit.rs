//! The audit log for admins: a table of entries, newest first, filtered by who, what and when,
//! each with what it changed field by field; every value escaped by the template like any other
//! text. And the whole hash chain checked on request, as `bantay audit verify` checks it.

use super::Ctx;
use super::forms::Field;
use super::listing::{ListControls, ListQuery};
use crate::audit::Verification;
use crate::audit::diff::{FieldChange, changes};
use crate::audit::reading::{self, AuditBrowse};
use crate::domain::listing::Search;
use crate::error::AppError;
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/audit", web::get().to(audit))
        .route("/desk/audit/verify", web::get().to(verify));
}

struct Line {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    record: String,
    changes: Vec<FieldChange>,
}

#[derive(Template)]
#[template(path = "desk/audit.html")]
struct AuditPage<'a> {
    c: &'a Ctx,
    lines: Vec<Line>,
    controls: ListControls,
}

async fn audit(c: Ctx, query: web::Query<ListQuery>) -> HttpResponse {
    let result = async {
        let req = AuditBrowse {
            who: Search::parse(query.who.as_deref())?,
            what: Search::parse(query.what.as_deref())?,
            month: query.month()?,
            page: query.page()?,
        };
        let found = reading::browse(&c.state().db, c.principal()?, req).await?;
        let t = c.t;
        let filters = vec![
            Field::search("who", t.get("audit.who")).value(query.who.as_deref().unwrap_or("")),
            Field::search("what", t.get("audit.what")).value(query.what.as_deref().unwrap_or("")),
            Field::month("month", t.get("audit.month")).value(query.month.as_deref().unwrap_or("")),
        ];
        let controls = ListControls::new(&c, "/desk/audit", &query, filters, &found);
        let lines = found
            .items
            .into_iter()
            .map(|r| Line {
                seq: r.seq,
                at: r.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                changes: changes(r.before_json.as_deref(), r.after_json.as_deref()),
                actor: r.actor,
                action: r.action,
                record: format!("{} {}", r.entity, r.entity_id),
            })
            .collect();
        Ok::<_, AppError>(c.ok(&AuditPage {
            c: &c,
            lines,
            controls,
        }))
    }
    .await;
    c.respond(result)
}

#[derive(Template)]
#[template(path = "desk/audit_verify.html")]
struct VerifyPage<'a> {
    c: &'a Ctx,
    /// What the walk found, in the reader's words.
    finding: String,
    intact: bool,
    /// The newest entry's hash when whole; why the chain breaks where it does when not, as the
    /// check words it (the command line's words).
    detail: Option<String>,
}

async fn verify(c: Ctx) -> HttpResponse {
    let result = async {
        let found = reading::verify(&c.state().db, c.principal()?).await?;
        let t = c.t;
        let page = match found {
            Verification::Intact {
                entries,
                head_seq,
                head_hash,
            } => VerifyPage {
                c: &c,
                finding: t.fill("audit.intact", &[("entries", &entries), ("seq", &head_seq)]),
                intact: true,
                detail: Some(head_hash),
            },
            Verification::Broken { seq, reason } => VerifyPage {
                c: &c,
                finding: t.fill1("audit.broken", "seq", seq),
                intact: false,
                detail: Some(reason),
            },
        };
        Ok::<_, AppError>(c.ok(&page))
    }
    .await;
    c.respond(result)
}
