//! Files that never change once published (a signed report's PDF): named by their SHA-256 as
//! the `ETag`, cached by anyone for a year, answered 304 when the reader holds them already, and
//! a byte range at a time for a download resumed on a poor connection.
//!
//! Fast path, with its measured reason: a file once served is known by its address for good
//! ([`KnownFiles`]), so a reader who holds it gets 304 without a trip to the database (see the
//! README's code map for the figures; guarded by `tests/integration/reports/files.rs`, which
//! checks 304 and 200 by curl, and by `editions.rs`, which downloads both editions).

use crate::domain::refusal;
use crate::error::AppError;
use crate::reports::public::PublicFile;
use actix_web::http::StatusCode;
use actix_web::http::header::{
    self, ByteRangeSpec, CacheControl, CacheDirective, ContentEncoding, EntityTag, Header,
    HeaderValue, IfNoneMatch, IfRange, Range,
};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, ResponseError};
use std::collections::HashMap;
use std::sync::Mutex;

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
        if held(req, &tag) {
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

    fn headers(&self, answer: HttpResponseBuilder, tag: &EntityTag) -> HttpResponseBuilder {
        headers(answer, tag, &self.file.file_name)
    }
}

/// Whether the reader holds the file tagged `tag` already (`If-None-Match`).
fn held(req: &HttpRequest, tag: &EntityTag) -> bool {
    match IfNoneMatch::parse(req) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(tag)),
        Err(_) => false,
    }
}

/// The headers of every answer about a published file, 304 included.
fn headers(
    mut answer: HttpResponseBuilder,
    tag: &EntityTag,
    file_name: &str,
) -> HttpResponseBuilder {
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
            format!("attachment; filename=\"{file_name}\""),
        ));
    answer
}

/// How many addresses [`KnownFiles`] keeps before it starts over.
const KNOWN_MAX: usize = 100_000;

/// The published files served so far, by the address they were asked at (path and query): their
/// SHA-256 and name. A published file never changes and is never withdrawn, so what is known
/// stays true; only a file served whole is learnt, so a draft (404) never is.
#[derive(Default)]
pub struct KnownFiles(Mutex<HashMap<String, (String, String)>>);

impl KnownFiles {
    /// 304, when the reader holds the file at this address already and it is known.
    fn not_modified(&self, req: &HttpRequest) -> Option<HttpResponse> {
        req.headers().get(header::IF_NONE_MATCH)?;
        let known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (sha256, file_name) = known.get(&req.uri().to_string())?;
        let tag = EntityTag::new_strong(sha256.clone());
        held(req, &tag).then(|| headers(HttpResponse::NotModified(), &tag, file_name).finish())
    }

    /// The answer to `req` for the file `fetch` reads, of type `content_type`: 304 when the
    /// reader holds it and it is known, without reading it.
    pub async fn serve(
        &self,
        req: &HttpRequest,
        fetch: impl Future<Output = Result<PublicFile, AppError>>,
        content_type: &'static str,
    ) -> Result<HttpResponse, AppError> {
        if let Some(held) = self.not_modified(req) {
            return Ok(held);
        }
        Ok(self.answer(req, Published::of(fetch.await?, content_type)))
    }

    /// The answer to `req` about `file`, which is then known at this address.
    fn answer(&self, req: &HttpRequest, file: Published) -> HttpResponse {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if known.len() >= KNOWN_MAX {
            known.clear();
        }
        known.insert(
            req.uri().to_string(),
            (file.file.sha256.clone(), file.file.file_name.clone()),
        );
        drop(known);
        file.answer(req)
    }
}
