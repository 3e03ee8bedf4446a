//! `/api/v1/audit`: the audit log, for admins.

use crate::audit::Verification;
use crate::audit::reading::{self, AuditEntryView, AuditPageRequest};
use crate::error::AppError;
use crate::http::extract::SignedIn;
use crate::http::state::AppState;
use actix_web::{get, web};

#[utoipa::path(tag = "audit", params(AuditPageRequest),
    responses((status = 200, body = Vec<AuditEntryView>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<AuditPageRequest>,
) -> Result<web::Json<Vec<AuditEntryView>>, AppError> {
    let entries = reading::list(&state.db, &who.0, query.into_inner()).await?;
    Ok(web::Json(entries))
}

/// Walks the whole chain and reports the first broken entry, as `bantay audit verify` does.
#[utoipa::path(tag = "audit", responses((status = 200, body = Verification)))]
#[get("/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Verification>, AppError> {
    Ok(web::Json(reading::verify(&state.db, &who.0).await?))
}
