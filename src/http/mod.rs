//! Everything HTTP: routes, extractors, middleware, the OpenAPI document, the web pages.

pub mod api;
pub mod extract;
mod feeds;
pub mod methods;
pub mod metrics;
mod middleware;
pub mod ops;
pub mod pages;
mod signin;
pub mod state;

use actix_web::dev::HttpServiceFactory;
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_actix_web::OpenApiFactory;
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

/// Where routes are registered: the OpenAPI collector describes each one as it goes, the served
/// app only routes. Each worker builds its own app, so describing the whole API there (and
/// dropping it) cost every worker several megabytes that the allocator kept.
trait Register {
    fn add<F: HttpServiceFactory + OpenApiFactory + 'static>(&mut self, route: F) -> &mut Self;
    /// Registers `family`'s routes under its prefix.
    fn family(&mut self, family: Family) -> &mut Self;
}

impl Register for ServiceConfig<'_> {
    fn add<F: HttpServiceFactory + OpenApiFactory + 'static>(&mut self, route: F) -> &mut Self {
        self.service(route)
    }

    fn family(&mut self, family: Family) -> &mut Self {
        self.service(scope(family.prefix()).configure(|cfg| family.routes(cfg)))
    }
}

impl Register for web::ServiceConfig {
    fn add<F: HttpServiceFactory + OpenApiFactory + 'static>(&mut self, route: F) -> &mut Self {
        self.service(route);
        self
    }

    fn family(&mut self, family: Family) -> &mut Self {
        self.service(web::scope(family.prefix()).configure(|cfg| family.routes(cfg)));
        self
    }
}

/// Every route outside `/api/v1`.
fn top_routes(cfg: &mut impl Register) {
    cfg.add(ops::healthz)
        .add(ops::readyz)
        .add(ops::metrics)
        .add(feeds::board_calendar)
        .add(feeds::meeting_calendar)
        .add(feeds::reports_feed);
}

/// Every route under `/api/v1`: a few single paths, the rest in families by first segment.
fn api_routes(cfg: &mut impl Register) {
    cfg.add(api::auth::me)
        .add(api::outbox::list)
        .add(api::actions::export);
    for family in Family::ALL {
        cfg.family(family);
    }
}

/// The API's routes grouped by the first segment of their path, the prefix of a scope. Each
/// handler's path is relative to its family's prefix. The router tries a scope's routes only
/// when the prefix matches: matching a path parameter costs a regex, and before scopes a request
/// to `/actions/{id}` was tried against some sixty such patterns first.
#[derive(Clone, Copy)]
enum Family {
    Auth,
    Users,
    Boards,
    Units,
    Audit,
    Series,
    Meetings,
    Indicators,
    Actions,
    Grievances,
    Incidents,
    Reports,
    Public,
}

impl Family {
    const ALL: [Self; 13] = [
        Self::Auth,
        Self::Users,
        Self::Boards,
        Self::Units,
        Self::Audit,
        Self::Series,
        Self::Meetings,
        Self::Indicators,
        Self::Actions,
        Self::Grievances,
        Self::Incidents,
        Self::Reports,
        Self::Public,
    ];

    fn prefix(self) -> &'static str {
        match self {
            Self::Auth => "/auth",
            Self::Users => "/users",
            Self::Boards => "/boards",
            Self::Units => "/units",
            Self::Audit => "/audit",
            Self::Series => "/series",
            Self::Meetings => "/meetings",
            Self::Indicators => "/indicators",
            Self::Actions => "/actions",
            Self::Grievances => "/grievances",
            Self::Incidents => "/incidents",
            Self::Reports => "/reports",
            Self::Public => "/public",
        }
    }

    fn routes(self, cfg: &mut impl Register) {
        match self {
            Self::Auth => cfg
                .add(api::auth::login)
                .add(api::auth::logout)
                .add(api::auth::list_tokens)
                .add(api::auth::create_token)
                .add(api::auth::revoke_token),
            Self::Users => cfg
                .add(api::users::list)
                .add(api::users::create)
                .add(api::users::show)
                .add(api::users::update),
            Self::Boards => cfg
                .add(api::boards::list)
                .add(api::boards::create)
                .add(api::boards::show)
                .add(api::boards::update)
                .add(api::series::list)
                .add(api::series::create)
                .add(api::meetings::list)
                .add(api::indicators::list)
                .add(api::indicators::create)
                .add(api::indicator_status::board_status)
                .add(api::indicator_status::reopen)
                .add(api::indicator_status::relock)
                .add(api::indicator_csv::export)
                .add(api::indicator_csv::import)
                .add(api::reports::list)
                .add(api::reports::draft),
            Self::Units => cfg
                .add(api::units::list)
                .add(api::units::create)
                .add(api::units::show)
                .add(api::units::update),
            Self::Audit => cfg.add(api::audit::list).add(api::audit::verify),
            Self::Series => cfg
                .add(api::series::show)
                .add(api::series::update)
                .add(api::series::remove),
            Self::Meetings => cfg
                .add(api::meetings::show)
                .add(api::meetings::update)
                .add(api::meeting_record::agenda_show)
                .add(api::meeting_record::agenda_replace)
                .add(api::meeting_record::attendance_list)
                .add(api::meeting_record::attendance_add)
                .add(api::meeting_record::attendance_remove)
                .add(api::meeting_record::minutes_show)
                .add(api::meeting_record::minutes_update)
                .add(api::meeting_record::decisions_list)
                .add(api::meeting_record::decisions_add)
                .add(api::meeting_record::decisions_update),
            Self::Indicators => cfg
                .add(api::indicators::show)
                .add(api::indicators::update)
                .add(api::indicators::targets)
                .add(api::indicators::set_targets)
                .add(api::indicators::list_values)
                .add(api::indicators::record_value),
            Self::Actions => cfg
                .add(api::actions::list)
                .add(api::actions::create)
                .add(api::actions::show)
                .add(api::actions::update)
                .add(api::actions::report)
                .add(api::actions::verify),
            Self::Grievances => cfg
                .add(api::grievances::file)
                .add(api::grievances::list)
                .add(api::grievances::show)
                .add(api::grievances::update),
            // Before `{id}`, which `summary.csv` would match too.
            Self::Incidents => cfg
                .add(api::incidents::summary_csv)
                .add(api::incidents::list)
                .add(api::incidents::create)
                .add(api::incidents::show)
                .add(api::incidents::update),
            Self::Reports => cfg
                .add(api::reports::show)
                .add(api::reports::pdf)
                .add(api::reports::publish)
                .add(api::reports::reply)
                .add(api::reports::approve)
                .add(api::reports::correct),
            Self::Public => cfg
                .add(api::grievances::file_public)
                .add(api::grievances::track)
                .add(api::public_reports::list)
                .add(api::public_reports::pdf)
                .add(api::public_reports::root_certificate)
                .add(api::public_reports::verify),
        };
    }
}

/// Registers every route; each one also lands in the OpenAPI document this returns.
fn routes(cfg: &mut ServiceConfig) {
    top_routes(cfg);
    cfg.service(scope("/api/v1").configure(|api| api_routes(api)));
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
        // The API first: the calendar feeds among the top routes have path parameters, and
        // every API request would be matched against their patterns on its way.
        .configure(|cfg| {
            cfg.service(web::scope("/api/v1").configure(api_routes));
            top_routes(cfg);
        })
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
