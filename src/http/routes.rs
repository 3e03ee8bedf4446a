//! Every route of the API and the feeds, one per line with its method and full path: the handler
//! sits beside the URL it answers. The pages have their own list (`pages::routes`). A test holds
//! each line's URL to the path its handler is registered at.

use super::{api, feeds, ops};
use actix_web::dev::HttpServiceFactory;
use actix_web::web;
use utoipa_actix_web::OpenApiFactory;
use utoipa_actix_web::scope::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Where routes are registered: the OpenAPI collector describes each one as it goes, the served
/// app only routes. Each worker builds its own app, so describing the whole API there (and
/// dropping it) cost every worker several megabytes that the allocator kept.
pub(super) trait Register {
    fn add<F: HttpServiceFactory + OpenApiFactory + 'static>(
        &mut self,
        route: &'static str,
        handler: F,
    ) -> &mut Self;
    /// Registers `family`'s routes under its prefix.
    fn family(&mut self, family: Family) -> &mut Self;
}

impl Register for ServiceConfig<'_> {
    fn add<F: HttpServiceFactory + OpenApiFactory + 'static>(
        &mut self,
        _: &'static str,
        handler: F,
    ) -> &mut Self {
        self.service(handler)
    }

    fn family(&mut self, family: Family) -> &mut Self {
        self.service(scope(family.prefix()).configure(|cfg| family.routes(cfg)))
    }
}

impl Register for web::ServiceConfig {
    fn add<F: HttpServiceFactory + OpenApiFactory + 'static>(
        &mut self,
        _: &'static str,
        handler: F,
    ) -> &mut Self {
        self.service(handler);
        self
    }

    fn family(&mut self, family: Family) -> &mut Self {
        self.service(web::scope(family.prefix()).configure(|cfg| family.routes(cfg)));
        self
    }
}

/// Every route outside `/api/v1`.
pub(super) fn top_routes(cfg: &mut impl Register) {
    cfg.add("GET /healthz", ops::healthz)
        .add("GET /readyz", ops::readyz)
        .add("GET /metrics", ops::metrics)
        .add("GET /boards/{id}/meetings.ics", feeds::board_calendar)
        .add("GET /meetings/{id}/calendar.ics", feeds::meeting_calendar)
        .add("GET /reports.atom", feeds::reports_feed);
}

/// Every route under `/api/v1`: a few single paths, the rest in families by first segment.
pub(super) fn api_routes(cfg: &mut impl Register) {
    cfg.add("GET /api/v1/me", api::auth::me)
        .add("GET /api/v1/outbox", api::outbox::list)
        .add("GET /api/v1/actions.csv", api::actions::export);
    for family in Family::ALL {
        cfg.family(family);
    }
}

/// The API's routes grouped by the first segment of their path, the prefix of a scope. Each
/// handler's path is relative to its family's prefix. The router tries a scope's routes only
/// when the prefix matches: matching a path parameter costs a regex, and before scopes a request
/// to `/actions/{id}` was tried against some sixty such patterns first.
#[derive(Clone, Copy)]
pub(super) enum Family {
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
                .add("POST /api/v1/auth/login", api::auth::login)
                .add("POST /api/v1/auth/logout", api::auth::logout)
                .add(
                    "POST /api/v1/auth/password-reset",
                    api::auth::request_password_reset,
                )
                .add("POST /api/v1/auth/password", api::auth::set_password)
                .add("POST /api/v1/auth/second-factor", api::auth::second_step)
                .add("GET /api/v1/auth/second-factor", api::auth::second_factors)
                .add("POST /api/v1/auth/totp", api::auth::start_totp)
                .add("POST /api/v1/auth/totp/confirm", api::auth::confirm_totp)
                .add("POST /api/v1/auth/totp/remove", api::auth::remove_totp)
                .add(
                    "POST /api/v1/auth/recovery-codes",
                    api::auth::replace_recovery_codes,
                )
                .add("GET /api/v1/auth/sessions", api::auth::list_sessions)
                .add("DELETE /api/v1/auth/sessions/{id}", api::auth::end_session)
                .add(
                    "POST /api/v1/auth/sessions/end-others",
                    api::auth::end_other_sessions,
                )
                .add("GET /api/v1/auth/tokens", api::auth::list_tokens)
                .add("POST /api/v1/auth/tokens", api::auth::create_token)
                .add("DELETE /api/v1/auth/tokens/{id}", api::auth::revoke_token),
            Self::Users => cfg
                .add("GET /api/v1/users", api::users::list)
                .add("POST /api/v1/users", api::users::create)
                .add("GET /api/v1/users/{id}", api::users::show)
                .add("PATCH /api/v1/users/{id}", api::users::update)
                .add(
                    "POST /api/v1/users/{id}/second-factor/reset",
                    api::users::reset_second_factor,
                ),
            Self::Boards => board_routes(cfg),
            Self::Units => cfg
                .add("GET /api/v1/units", api::units::list)
                .add("POST /api/v1/units", api::units::create)
                .add("GET /api/v1/units/{id}", api::units::show)
                .add("PATCH /api/v1/units/{id}", api::units::update),
            Self::Audit => cfg
                .add("GET /api/v1/audit", api::audit::list)
                .add("GET /api/v1/audit/verify", api::audit::verify),
            Self::Series => cfg
                .add("GET /api/v1/series/{id}", api::series::show)
                .add("PATCH /api/v1/series/{id}", api::series::update)
                .add("DELETE /api/v1/series/{id}", api::series::remove),
            Self::Meetings => meeting_routes(cfg),
            Self::Indicators => cfg
                .add("GET /api/v1/indicators/{id}", api::indicators::show)
                .add("PATCH /api/v1/indicators/{id}", api::indicators::update)
                .add(
                    "GET /api/v1/indicators/{id}/targets",
                    api::indicators::targets,
                )
                .add(
                    "PUT /api/v1/indicators/{id}/targets",
                    api::indicators::set_targets,
                )
                .add(
                    "GET /api/v1/indicators/{id}/values",
                    api::indicators::list_values,
                )
                .add(
                    "POST /api/v1/indicators/{id}/values",
                    api::indicators::record_value,
                ),
            Self::Actions => cfg
                .add("GET /api/v1/actions", api::actions::list)
                .add("POST /api/v1/actions", api::actions::create)
                .add("GET /api/v1/actions/{id}", api::actions::show)
                .add("PATCH /api/v1/actions/{id}", api::actions::update)
                .add("POST /api/v1/actions/{id}/updates", api::actions::report)
                .add("POST /api/v1/actions/{id}/verify", api::actions::verify),
            Self::Grievances => cfg
                .add("POST /api/v1/grievances", api::grievances::file)
                .add("GET /api/v1/grievances", api::grievances::list)
                .add("GET /api/v1/grievances/{id}", api::grievances::show)
                .add("PATCH /api/v1/grievances/{id}", api::grievances::update),
            // Before `{id}`, which `summary.csv` would match too.
            Self::Incidents => cfg
                .add(
                    "GET /api/v1/incidents/summary.csv",
                    api::incidents::summary_csv,
                )
                .add("GET /api/v1/incidents", api::incidents::list)
                .add("POST /api/v1/incidents", api::incidents::create)
                .add("GET /api/v1/incidents/{id}", api::incidents::show)
                .add("PATCH /api/v1/incidents/{id}", api::incidents::update),
            Self::Reports => cfg
                .add("GET /api/v1/reports/{id}", api::reports::show)
                .add("GET /api/v1/reports/{id}/pdf", api::reports::pdf)
                .add("POST /api/v1/reports/{id}/publish", api::reports::publish)
                .add("POST /api/v1/reports/{id}/replies", api::reports::reply)
                .add("POST /api/v1/reports/{id}/approve", api::reports::approve)
                .add("PUT /api/v1/reports/{id}/assessment", api::reports::assess)
                .add(
                    "POST /api/v1/reports/{id}/corrections",
                    api::reports::correct,
                ),
            Self::Public => cfg
                .add(
                    "POST /api/v1/public/grievances",
                    api::grievances::file_public,
                )
                .add(
                    "GET /api/v1/public/grievances/{code}",
                    api::grievances::track,
                )
                .add("GET /api/v1/public/reports", api::public_reports::list)
                .add(
                    "GET /api/v1/public/reports/{id}/pdf",
                    api::public_reports::pdf,
                )
                .add(
                    "GET /api/v1/public/reports/{id}/document.json",
                    api::public_reports::document,
                )
                .add(
                    "GET /api/v1/public/reports/{id}/tables.csv",
                    api::public_reports::tables,
                )
                .add(
                    "GET /api/v1/public/root-certificate.pem",
                    api::public_reports::root_certificate,
                )
                .add("POST /api/v1/public/verify", api::public_reports::verify),
        };
    }
}

/// Under `/api/v1/boards`: the boards, and each board's own lists and months.
fn board_routes<R: Register>(cfg: &mut R) -> &mut R {
    cfg.add("GET /api/v1/boards", api::boards::list)
        .add("POST /api/v1/boards", api::boards::create)
        .add("GET /api/v1/boards/{id}", api::boards::show)
        .add("PATCH /api/v1/boards/{id}", api::boards::update)
        .add("GET /api/v1/boards/{id}/series", api::series::list)
        .add("POST /api/v1/boards/{id}/series", api::series::create)
        .add("GET /api/v1/boards/{id}/meetings", api::meetings::list)
        .add("GET /api/v1/boards/{id}/indicators", api::indicators::list)
        .add(
            "POST /api/v1/boards/{id}/indicators",
            api::indicators::create,
        )
        .add(
            "GET /api/v1/boards/{id}/indicator-status",
            api::indicator_status::board_status,
        )
        .add(
            "POST /api/v1/boards/{id}/indicator-periods/{period}/reopen",
            api::indicator_status::reopen,
        )
        .add(
            "POST /api/v1/boards/{id}/indicator-periods/{period}/relock",
            api::indicator_status::relock,
        )
        .add(
            "GET /api/v1/boards/{id}/indicator-values.csv",
            api::indicator_csv::export,
        )
        .add(
            "POST /api/v1/boards/{id}/indicator-values.csv",
            api::indicator_csv::import,
        )
        .add("GET /api/v1/boards/{id}/reports", api::reports::list)
        .add("POST /api/v1/boards/{id}/reports", api::reports::draft)
}

/// Under `/api/v1/meetings`: one meeting and its record.
fn meeting_routes<R: Register>(cfg: &mut R) -> &mut R {
    cfg.add("GET /api/v1/meetings/{id}", api::meetings::show)
        .add("PATCH /api/v1/meetings/{id}", api::meetings::update)
        .add(
            "GET /api/v1/meetings/{id}/agenda",
            api::meeting_record::agenda_show,
        )
        .add(
            "PUT /api/v1/meetings/{id}/agenda",
            api::meeting_record::agenda_replace,
        )
        .add(
            "GET /api/v1/meetings/{id}/attendance",
            api::meeting_record::attendance_list,
        )
        .add(
            "POST /api/v1/meetings/{id}/attendance",
            api::meeting_record::attendance_add,
        )
        .add(
            "DELETE /api/v1/meetings/{id}/attendance/{entry}",
            api::meeting_record::attendance_remove,
        )
        .add(
            "GET /api/v1/meetings/{id}/minutes",
            api::meeting_record::minutes_show,
        )
        .add(
            "PATCH /api/v1/meetings/{id}/minutes",
            api::meeting_record::minutes_update,
        )
        .add(
            "GET /api/v1/meetings/{id}/decisions",
            api::meeting_record::decisions_list,
        )
        .add(
            "POST /api/v1/meetings/{id}/decisions",
            api::meeting_record::decisions_add,
        )
        .add(
            "PATCH /api/v1/meetings/{id}/decisions/{decision}",
            api::meeting_record::decisions_update,
        )
}

/// Registers every route; each one also lands in the OpenAPI document this returns.
pub(super) fn described(cfg: &mut ServiceConfig) {
    top_routes(cfg);
    cfg.service(scope("/api/v1").configure(|api| api_routes(api)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Registers nothing: compares each line's URL with where its handler is registered.
    struct Check {
        prefix: String,
        wrong: Vec<String>,
    }

    impl Register for Check {
        fn add<F: HttpServiceFactory + OpenApiFactory + 'static>(
            &mut self,
            route: &'static str,
            handler: F,
        ) -> &mut Self {
            for (path, item) in handler.paths().paths {
                for method in methods(&item) {
                    let actual = format!("{method} {}{path}", self.prefix);
                    if actual != route {
                        self.wrong.push(format!("{route:?} is {actual:?}"));
                    }
                }
            }
            self
        }

        fn family(&mut self, family: Family) -> &mut Self {
            let outer = self.prefix.clone();
            self.prefix.push_str(family.prefix());
            family.routes(self);
            self.prefix = outer;
            self
        }
    }

    fn methods(item: &utoipa::openapi::path::PathItem) -> Vec<&'static str> {
        [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
        ]
        .into_iter()
        .filter_map(|(m, there)| there.then_some(m))
        .collect()
    }

    #[test]
    fn each_route_is_listed_with_the_method_and_full_path_its_handler_answers() {
        let mut check = Check {
            prefix: String::new(),
            wrong: Vec::new(),
        };
        top_routes(&mut check);
        check.prefix = "/api/v1".to_owned();
        api_routes(&mut check);
        assert!(check.wrong.is_empty(), "{:#?}", check.wrong);
    }
}
