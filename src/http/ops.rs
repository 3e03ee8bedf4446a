//! Operations endpoints: liveness, readiness and metrics.

use super::state::AppState;
use crate::domain::refusal;
use crate::error::AppError;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

/// The process is up and its database answers.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health), (status = 503, description = "Database unreachable")))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, AppError> {
    state.db.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "the database does not answer");
        AppError::Unavailable(refusal::database_not_answering())
    })?;
    Ok(web::Json(Health { status: "ready" }))
}

/// Request counts and latencies in Prometheus text format.
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "text/plain", body = String)))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render() + &state.page_cache.render())
}
