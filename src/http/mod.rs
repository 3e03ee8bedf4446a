//! Everything HTTP: routes, extractors, middleware, the OpenAPI document, the web pages.

pub mod api;
pub mod extract;
mod feeds;
pub mod methods;
pub mod metrics;
mod middleware;
pub mod ops;
pub mod pages;
pub mod state;

use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_actix_web::scope::scope;
use utoipa_actix_web::service_config::ServiceConfig;

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

/// Registers every route; each one also lands in the OpenAPI document this returns.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(ops::healthz)
        .service(ops::readyz)
        .service(ops::metrics)
        .service(feeds::board_calendar)
        .service(feeds::meeting_calendar)
        .service(feeds::reports_feed)
        .service(
            scope("/api/v1")
                .service(api::auth::login)
                .service(api::auth::logout)
                .service(api::auth::me)
                .service(api::auth::list_tokens)
                .service(api::auth::create_token)
                .service(api::auth::revoke_token)
                .service(api::users::list)
                .service(api::users::create)
                .service(api::users::show)
                .service(api::users::update)
                .service(api::boards::list)
                .service(api::boards::create)
                .service(api::boards::show)
                .service(api::boards::update)
                .service(api::units::list)
                .service(api::units::create)
                .service(api::units::show)
                .service(api::units::update)
                .service(api::audit::list)
                .service(api::audit::verify)
                .service(api::outbox::list)
                .service(api::series::list)
                .service(api::series::create)
                .service(api::series::show)
                .service(api::series::update)
                .service(api::series::remove)
                .service(api::meetings::list)
                .service(api::meetings::show)
                .service(api::meetings::update)
                .service(api::meeting_record::agenda_show)
                .service(api::meeting_record::agenda_replace)
                .service(api::meeting_record::attendance_list)
                .service(api::meeting_record::attendance_add)
                .service(api::meeting_record::attendance_remove)
                .service(api::meeting_record::minutes_show)
                .service(api::meeting_record::minutes_update)
                .service(api::meeting_record::decisions_list)
                .service(api::meeting_record::decisions_add)
                .service(api::meeting_record::decisions_update)
                .service(api::indicators::list)
                .service(api::indicators::create)
                .service(api::indicators::show)
                .service(api::indicators::update)
                .service(api::indicators::targets)
                .service(api::indicators::set_targets)
                .service(api::indicators::list_values)
                .service(api::indicators::record_value)
                .service(api::indicator_status::board_status)
                .service(api::indicator_status::reopen)
                .service(api::indicator_status::relock)
                .service(api::indicator_csv::export)
                .service(api::indicator_csv::import)
                .service(api::actions::list)
                .service(api::actions::export)
                .service(api::actions::create)
                .service(api::actions::show)
                .service(api::actions::update)
                .service(api::actions::report)
                .service(api::actions::verify)
                .service(api::grievances::file_public)
                .service(api::grievances::track)
                .service(api::grievances::file)
                .service(api::grievances::list)
                .service(api::grievances::show)
                .service(api::grievances::update)
                .service(api::incidents::summary_csv)
                .service(api::incidents::list)
                .service(api::incidents::create)
                .service(api::incidents::show)
                .service(api::incidents::update)
                .service(api::reports::list)
                .service(api::reports::draft)
                .service(api::reports::show)
                .service(api::reports::pdf)
                .service(api::reports::publish)
                .service(api::reports::reply)
                .service(api::public_reports::list)
                .service(api::public_reports::pdf)
                .service(api::public_reports::root_certificate)
                .service(api::public_reports::verify)
                .service(api::reports::approve)
                .service(api::reports::correct),
        );
}

/// The OpenAPI document, collected from the same registration the server uses.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes)
        .split_for_parts();
    openapi_json_route(&mut doc);
    doc
}

/// Builds the app: routes, extractor error handlers and middleware. `openapi_json` is the
/// serialised [`openapi_document`] and `methods` what it says each path answers, both made once
/// per process rather than once per worker.
pub fn app(
    state: web::Data<state::AppState>,
    openapi_json: web::Data<String>,
    methods: web::Data<methods::Methods>,
) -> actix_web::App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    use utoipa_actix_web::AppExt;
    let limit = state.settings.max_body_bytes;
    actix_web::App::new()
        .app_data(state)
        .app_data(openapi_json)
        .app_data(methods)
        .app_data(
            web::JsonConfig::default()
                .limit(limit)
                .error_handler(extract::json_error),
        )
        .app_data(web::PayloadConfig::new(limit))
        .app_data(web::PathConfig::default().error_handler(extract::path_error))
        .app_data(web::QueryConfig::default().error_handler(extract::query_error))
        .app_data(
            web::FormConfig::default()
                .limit(limit)
                .error_handler(extract::form_error),
        )
        // Before the /api/v1 scope, which would otherwise answer this path with its 404.
        .route("/api/v1/openapi.json", web::get().to(openapi_json_handler))
        .into_utoipa_app()
        .configure(routes)
        .into_app()
        .configure(pages::routes)
        .default_service(web::to(|| async { HttpResponse::NotFound().finish() }))
        .wrap(from_fn(middleware::utf8_text))
        .wrap(from_fn(middleware::same_site_api_writes))
        .wrap(from_fn(middleware::json_errors))
        .wrap(from_fn(middleware::security_headers))
        .wrap(from_fn(middleware::observe))
}

async fn openapi_json_handler(doc: web::Data<String>) -> HttpResponse {
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
