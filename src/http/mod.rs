//! Everything HTTP: routes, extractors, middleware, the OpenAPI document, the web pages.

pub mod api;
pub mod extract;
mod feeds;
mod files;
pub mod methods;
pub mod metrics;
mod middleware;
pub mod openapi;
pub mod ops;
pub mod page_cache;
pub mod pages;
mod routes;
mod signin;
pub mod state;
pub mod throttle;

use actix_web::middleware::{Compress, from_fn};
use actix_web::{HttpResponse, web};
use routes::{api_routes, top_routes};

/// Builds the app: routes, extractor error handlers and middleware. `openapi_json` is the
/// serialised [`openapi::document`] and `methods` what it says each path answers, both made once
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
        .route("/api/v1/openapi.json", web::get().to(openapi::serve))
        // The API first: the calendar feeds among the top routes have path parameters, and
        // every API request would be matched against their patterns on its way.
        .configure(|cfg| {
            cfg.service(web::scope("/api/v1").configure(api_routes));
            top_routes(cfg);
        })
        .configure(pages::routes)
        .default_service(web::to(|| async { HttpResponse::NotFound().finish() }))
        .wrap(from_fn(page_cache::serve))
        .wrap(from_fn(middleware::head_as_get))
        .wrap(from_fn(middleware::utf8_text))
        .wrap(from_fn(middleware::same_site_api_writes))
        .wrap(from_fn(middleware::json_errors))
        .wrap(from_fn(middleware::security_headers))
        .wrap(from_fn(middleware::observe))
        // gzip when the client asks: a page of fifty rows shrinks to a sixth or less. Pages reflect
        // a search beside the anti-forgery token, so that token is masked afresh in every answer
        // (`auth::tokens::csrf_token`, against BREACH).
        .wrap(Compress::default())
}
