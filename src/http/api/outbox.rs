//! `/api/v1/outbox`: what notifications are waiting, sent or failing, for admins.

use crate::error::AppError;
use crate::http::extract::SignedIn;
use crate::http::state::AppState;
use crate::outbox::{self, NotificationView, OutboxPageRequest};
use actix_web::{get, web};

#[utoipa::path(tag = "operations", params(OutboxPageRequest),
    responses((status = 200, body = Vec<NotificationView>)))]
#[get("/outbox")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    page: web::Query<OutboxPageRequest>,
) -> Result<web::Json<Vec<NotificationView>>, AppError> {
    let notifications = outbox::list(&state.db, &who.0, page.into_inner()).await?;
    Ok(web::Json(notifications))
}
