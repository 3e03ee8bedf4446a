//! A signed-in account's long-lived API tokens as operations: listing, issuing and revoking
//! them, from a login session only; issuing one, from a session that passed a second factor.

use super::policy::{Permission, Principal, authorize};
use super::sessions;
use crate::db::Db;
use crate::db::sessions::ApiToken;
use crate::domain::ids::SessionId;
use crate::domain::refusal;
use crate::domain::text::Label;
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest an API token may last, in days.
const TOKEN_DAYS_MAX: i64 = 365;

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    id: SessionId,
    label: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            label: t.label,
            created_at: t.created_at.and_utc(),
            expires_at: t.expires_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = NewToken)]
pub struct NewTokenView {
    #[serde(flatten)]
    token: TokenView,
    /// Shown this once only.
    secret: String,
}

/// The caller's live API tokens (never their secrets).
pub async fn list(
    db: &Db,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<TokenView>, AppError> {
    authorize(Some(who), Permission::ManageOwnTokens)?;
    let tokens = sessions::list_api_tokens(db, who, now).await?;
    Ok(tokens.into_iter().map(TokenView::from).collect())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TokenRequest)]
pub struct IssueTokenRequest {
    /// What the token is for, e.g. "nightly CSV export": one line, no control characters.
    #[schema(min_length = 1, max_length = 100, format = "single-line")]
    label: String,
    /// 1–365, default 90.
    #[schema(minimum = 1, maximum = 365)]
    expires_in_days: Option<i64>,
}

/// Issues a token for scripts; returns it with its secret, which is shown this once only.
pub async fn issue(
    db: &Db,
    who: &Principal,
    req: IssueTokenRequest,
    now: DateTime<Utc>,
) -> Result<NewTokenView, AppError> {
    authorize(Some(who), Permission::IssueOwnToken)?;
    let label = Label::parse("label", &req.label, 100)?;
    let days = req.expires_in_days.unwrap_or(90);
    if !(1..=TOKEN_DAYS_MAX).contains(&days) {
        return Err(AppError::validation(
            "expires_in_days",
            refusal::token_days(TOKEN_DAYS_MAX),
        ));
    }
    let (token, secret) =
        sessions::create_api_token(db, who, label.into_inner(), TimeDelta::days(days), now).await?;
    Ok(NewTokenView {
        token: token.into(),
        secret,
    })
}

/// Revokes one of the caller's tokens; another account's token is "not found".
pub async fn revoke(
    db: &Db,
    who: &Principal,
    id: SessionId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    authorize(Some(who), Permission::ManageOwnTokens)?;
    sessions::revoke_api_token(db, who, id, now).await
}
