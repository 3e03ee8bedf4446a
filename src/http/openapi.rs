//! The OpenAPI document: collected from the same route registration the server uses, with what
//! every operation shares declared once here: the error answers, and sign-in by bearer token or
//! session cookie except for the open operations.

use super::{api, extract, routes};
use actix_web::{HttpResponse, web};
use utoipa::openapi::path::{HttpMethod, Operation, PathItem};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::{IntoResponses, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bantay",
        description = "Workflow service of a civil-society oversight board of the security sector."
    ),
    components(schemas(crate::error::ErrorBody, crate::error::ErrorDetail)),
    modifiers(&SecuritySchemes)
)]
struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(extract::SESSION_COOKIE))),
        );
    }
}

/// The OpenAPI document, collected from the same registration the server uses.
pub fn document() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::described)
        .split_for_parts();
    openapi_json_route(&mut doc);
    shared(&mut doc);
    if let Some(components) = doc.components.as_mut() {
        components.schemas.values_mut().for_each(line_patterns);
    }
    doc
}

/// Gives every string marked `single-line`, `single-line-or-blank`, `text` or `text-not-blank` the
/// pattern that states it: one pattern, kept beside the rule it describes, rather than a copy at
/// each field.
fn line_patterns(schema: &mut utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>) {
    use crate::domain::text::{
        SINGLE_LINE_OR_BLANK_PATTERN, SINGLE_LINE_PATTERN, TEXT_NOT_BLANK_PATTERN, TEXT_PATTERN,
    };
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ArrayItems, Schema, SchemaFormat};
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            if let Some(SchemaFormat::Custom(format)) = &object.format {
                object.pattern = match format.as_str() {
                    "single-line" => Some(SINGLE_LINE_PATTERN.to_owned()),
                    "single-line-or-blank" => Some(SINGLE_LINE_OR_BLANK_PATTERN.to_owned()),
                    "text" => Some(TEXT_PATTERN.to_owned()),
                    "text-not-blank" => Some(TEXT_NOT_BLANK_PATTERN.to_owned()),
                    _ => object.pattern.take(),
                };
            }
            object.properties.values_mut().for_each(line_patterns);
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                line_patterns(items);
            }
        }
        Schema::AllOf(all) => all.items.iter_mut().for_each(line_patterns),
        Schema::OneOf(one) => one.items.iter_mut().for_each(line_patterns),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(line_patterns),
        _ => {}
    }
}

pub(super) async fn serve(doc: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.get_ref().clone())
}

/// The document describes itself too, so that it covers every route the server answers.
fn openapi_json_route(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
    use utoipa::openapi::response::ResponseBuilder;
    let operation = OperationBuilder::new()
        .tag("operations")
        .summary(Some("This OpenAPI document"))
        .response(
            "200",
            ResponseBuilder::new()
                .description("OpenAPI 3.1 JSON")
                .build(),
        )
        .build();
    doc.paths.paths.insert(
        "/api/v1/openapi.json".to_owned(),
        PathItem::new(HttpMethod::Get, operation),
    );
}

/// Paths that answer whatever the request: the probes and this document.
const PROBES: [&str; 3] = ["/healthz", "/readyz", "/api/v1/openapi.json"];

/// Families anyone may call without signing in, by their tag.
const OPEN_TAGS: [&str; 2] = ["public", "feeds"];

/// Operations elsewhere that need no sign-in: the probes, the metrics, this document, signing
/// in, choosing a password from an e-mailed link, and the directory of boards.
const OPEN: [(HttpMethod, &str); 9] = [
    (HttpMethod::Get, "/healthz"),
    (HttpMethod::Get, "/readyz"),
    (HttpMethod::Get, "/metrics"),
    (HttpMethod::Get, "/api/v1/openapi.json"),
    (HttpMethod::Post, "/api/v1/auth/login"),
    (HttpMethod::Post, "/api/v1/auth/password-reset"),
    (HttpMethod::Post, "/api/v1/auth/password"),
    (HttpMethod::Get, "/api/v1/boards"),
    (HttpMethod::Get, "/api/v1/boards/{id}"),
];

/// Gives every operation the shared error answers ([`api::ApiErrors`]) and, unless it is open,
/// the sign-in it needs.
fn shared(doc: &mut utoipa::openapi::OpenApi) {
    let errors = api::ApiErrors::responses();
    let signed_in = vec![
        SecurityRequirement::new("bearer", Vec::<String>::new()),
        SecurityRequirement::new("session_cookie", Vec::<String>::new()),
    ];
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, operation) in operations(item) {
            if !PROBES.contains(&path.as_str()) {
                for (status, answer) in &errors {
                    operation
                        .responses
                        .responses
                        .entry(status.clone())
                        .or_insert_with(|| answer.clone());
                }
            }
            let tagged_open = operation
                .tags
                .iter()
                .flatten()
                .any(|tag| OPEN_TAGS.contains(&tag.as_str()));
            let open = tagged_open || OPEN.iter().any(|(m, p)| *m == method && p == path);
            if !open {
                operation.security = Some(signed_in.clone());
            }
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = (HttpMethod, &mut Operation)> {
    [
        (HttpMethod::Get, &mut item.get),
        (HttpMethod::Put, &mut item.put),
        (HttpMethod::Post, &mut item.post),
        (HttpMethod::Delete, &mut item.delete),
        (HttpMethod::Options, &mut item.options),
        (HttpMethod::Head, &mut item.head),
        (HttpMethod::Patch, &mut item.patch),
        (HttpMethod::Trace, &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_mut().map(|o| (method, o)))
}
