//! Files that never change once published (a signed report's PDF): named by their SHA-256 as
//! the `ETag`, cached by anyone for a year, answered 304 when the reader holds them already, and
//! a byte range at a time for a download resumed on a poor connection.

use crate::domain::refusal;
use crate::error::AppError;
use crate::reports::public::PublicFile;
use actix_web::http::StatusCode;
use actix_web::http::header::{
    self, ByteRangeSpec, CacheControl, CacheDirective, ContentEncoding, EntityTag, Header,
    HeaderValue, IfNoneMatch, IfRange, Range,
};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, ResponseError};

const A_YEAR: u32 = 365 * 24 * 60 * 60;

/// A published file, and its type.
pub struct Published {
    file: PublicFile,
    content_type: &'static str,
}

impl Published {
    pub fn of(file: PublicFile, content_type: &'static str) -> Self {
        Self { file, content_type }
    }

    /// The answer to `req`: 304 when its `If-None-Match` names this file, 206 with one byte range
    /// when `Range` asks for one (and `If-Range`, if sent, names this file), 416 when that range
    /// lies outside the file (saying how long the file is), else the whole file.
    pub fn answer(self, req: &HttpRequest) -> HttpResponse {
        let tag = EntityTag::new_strong(self.file.sha256.clone());
        let held = match IfNoneMatch::parse(req) {
            Ok(IfNoneMatch::Any) => true,
            Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(&tag)),
            Err(_) => false,
        };
        if held {
            return self.headers(HttpResponse::NotModified(), &tag).finish();
        }
        let len = self.file.bytes.len() as u64;
        match self.range(req, &tag) {
            None => self
                .headers(HttpResponse::Ok(), &tag)
                .content_type(self.content_type)
                .body(self.file.bytes),
            Some(Some((from, to))) => {
                let part = self.file.bytes[from as usize..=to as usize].to_vec();
                self.headers(HttpResponse::PartialContent(), &tag)
                    .content_type(self.content_type)
                    .insert_header((header::CONTENT_RANGE, format!("bytes {from}-{to}/{len}")))
                    .body(part)
            }
            Some(None) => {
                let outside = refusal::range_outside_file(len.saturating_sub(1), len);
                let mut answer = AppError::BadRequest(outside).error_response();
                *answer.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
                if let Ok(whole) = HeaderValue::from_str(&format!("bytes */{len}")) {
                    answer.headers_mut().insert(header::CONTENT_RANGE, whole);
                }
                answer
            }
        }
    }

    /// The one byte range asked for, if one is (`Some(None)`: outside the file). Several ranges,
    /// or a range meant for another version of the file, get the whole file.
    fn range(&self, req: &HttpRequest, tag: &EntityTag) -> Option<Option<(u64, u64)>> {
        let Ok(Range::Bytes(specs)) = Range::parse(req) else {
            return None;
        };
        let [spec]: [ByteRangeSpec; 1] = specs.try_into().ok()?;
        let same_file = match IfRange::parse(req) {
            Ok(IfRange::EntityTag(sent)) => sent.strong_eq(tag),
            Ok(IfRange::Date(_)) => false,
            Err(_) => req.headers().get(header::IF_RANGE).is_none(),
        };
        same_file.then(|| spec.to_satisfiable_range(self.file.bytes.len() as u64))
    }

    fn headers(&self, mut answer: HttpResponseBuilder, tag: &EntityTag) -> HttpResponseBuilder {
        answer
            .insert_header(header::ETag(tag.clone()))
            .insert_header(CacheControl(vec![
                CacheDirective::Public,
                CacheDirective::MaxAge(A_YEAR),
                CacheDirective::Extension("immutable".to_owned(), None),
            ]))
            .insert_header((header::ACCEPT_RANGES, "bytes"))
            // Compressed already (a PDF's streams), and a range counts the bytes as stored.
            .insert_header(ContentEncoding::Identity)
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", self.file.file_name),
            ));
        answer
    }
}
