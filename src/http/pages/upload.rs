//! File uploads from a page (`multipart/form-data`): read in parts, within a size limit, before
//! anything is looked at.

use crate::domain::refusal;
use crate::error::AppError;
use actix_multipart::Multipart;
use actix_web::HttpRequest;
use std::collections::BTreeMap;

/// One part of a `multipart/form-data` body.
pub struct Part {
    pub bytes: Vec<u8>,
}

impl Part {
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }
}

/// Reads every part of a form upload (at most 8), refusing a body declared or found larger than
/// `limit` bytes.
pub async fn read_upload(
    req: &HttpRequest,
    form: Multipart,
    limit: usize,
) -> Result<BTreeMap<String, Part>, AppError> {
    // The declared length bounds everything the multipart reader will see, headers included.
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .ok_or_else(|| AppError::BadRequest(refusal::upload_needs_length()))?;
    if declared > limit {
        return Err(AppError::PayloadTooLarge(refusal::upload_too_large(limit)));
    }
    read_multipart(form, limit).await
}

async fn read_multipart(
    mut form: Multipart,
    limit: usize,
) -> Result<BTreeMap<String, Part>, AppError> {
    use futures_util::StreamExt as _;
    let unreadable =
        |e: actix_multipart::MultipartError| AppError::BadRequest(refusal::form_unreadable(e));
    let mut parts = BTreeMap::new();
    let mut total = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or_default().to_owned();
        if parts.len() >= 8 {
            return Err(AppError::BadRequest(refusal::form_too_many_parts()));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            total += chunk.len();
            if total > limit {
                return Err(AppError::PayloadTooLarge(refusal::upload_too_large(limit)));
            }
            bytes.extend_from_slice(&chunk);
        }
        parts.insert(name, Part { bytes });
    }
    Ok(parts)
}
