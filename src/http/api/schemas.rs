//! How the API describes the domain's own types, so that `domain/` stays free of the API's
//! framework: an id is a 64-bit integer, a vocabulary a string from its closed list, described by
//! the type's documentation.

use crate::domain::ids::{
    ActionId, AgendaItemId, AttendeeId, BoardId, DecisionId, GrievanceId, IncidentId, IndicatorId,
    MeetingId, ReportId, SeriesId, SessionId, UnitId, UserId,
};
use crate::domain::{action, board, grievance, incident, indicator, meeting, report, unit};
use std::borrow::Cow;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Required, schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};

fn integer_id() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .into()
}

/// A closed list of words; `doc` as the type's documentation comment reads.
fn words(words: impl IntoIterator<Item = &'static str>, doc: &str) -> RefOr<Schema> {
    let lines: Vec<&str> = doc
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    let description = lines.join("\n");
    let description = description.trim();
    ObjectBuilder::new()
        .schema_type(schema::SchemaType::Type(Type::String))
        .enum_values(Some(words))
        .description((!description.is_empty()).then(|| description.to_owned()))
        .into()
}

macro_rules! ids {
    ($($id:ty),+ $(,)?) => {$(
        impl PartialSchema for $id {
            fn schema() -> RefOr<Schema> {
                integer_id()
            }
        }

        impl ToSchema for $id {}

        /// A typed id as a handler's path (`web::Path<BoardId>`): the parameter `{id}`, as
        /// every route that takes one record names it.
        impl IntoParams for $id {
            fn into_params(parameter_in: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
                vec![id_parameter(parameter_in())]
            }
        }
    )+};
}

/// The path parameter `id`, an integer, as utoipa infers it for a `web::Path<i64>`.
fn id_parameter(parameter_in: Option<ParameterIn>) -> Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(parameter_in.unwrap_or_default())
        .required(Required::True)
        .schema(Some(integer_id()))
        .build()
}

ids!(
    ActionId,
    AgendaItemId,
    AttendeeId,
    BoardId,
    DecisionId,
    GrievanceId,
    IncidentId,
    IndicatorId,
    MeetingId,
    ReportId,
    SeriesId,
    SessionId,
    UnitId,
    UserId,
);

/// Vocabularies of `domain` (`vocabulary!`), each under its own name or the one given.
macro_rules! vocabularies {
    ($($word:ty $(as $name:literal)?),+ $(,)?) => {$(
        impl PartialSchema for $word {
            fn schema() -> RefOr<Schema> {
                words(<$word>::ALL.iter().map(|w| w.as_str()), <$word>::DOC)
            }
        }

        impl ToSchema for $word {
            $(fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            })?
        }
    )+};
}

vocabularies!(
    action::ActionStatus,
    action::SourceKind as "ActionSourceKind",
    indicator::Measure,
    indicator::Direction,
    indicator::Status,
    indicator::AgeGroup,
    report::ReportStatus,
    report::Officer,
    report::Language as "ReportLanguage",
    grievance::GrievanceStatus,
    grievance::GrievanceCategory,
    grievance::Intake as "GrievanceIntake",
    grievance::FilerStep,
    grievance::GrievanceOutcome,
    incident::IncidentStatus,
    incident::Harm,
    incident::Severity,
    incident::PerpetratorKind,
    incident::Involvement,
    incident::VictimAge,
    incident::SourceKind as "IncidentSourceKind",
    incident::Reliability,
    incident::ResponseKind,
    meeting::MeetingStatus,
    meeting::Sector,
    meeting::Sex,
    meeting::MinutesStatus,
);

impl PartialSchema for board::BoardLevel {
    fn schema() -> RefOr<Schema> {
        words(board::BoardLevel::ALL.map(|l| l.as_str()), "")
    }
}

impl ToSchema for board::BoardLevel {}

impl PartialSchema for unit::Service {
    fn schema() -> RefOr<Schema> {
        words(unit::Service::ALL.map(|s| s.as_str()), "")
    }
}

impl ToSchema for unit::Service {}

/// [`report::Signoff`] as the API shows it: the derive reads the fields' documentation here.
mod signoff {
    use crate::domain::report::Officer;

    /// How a report was approved and published, by role: printed on its face, its public page and
    /// in the API.
    #[derive(utoipa::ToSchema)]
    #[allow(dead_code)] // only read by the OpenAPI derive
    pub struct Signoff {
        /// The capacity in which the draft was approved; none if it was published unapproved, which
        /// only a board whose two-person rule an admin turned off allows.
        approved_as: Option<Officer>,
        /// The capacity in which it was published; none until it is.
        published_as: Option<Officer>,
        /// Whether the board's two-person rule was in force when it was published; none until it is.
        two_person_rule: Option<bool>,
    }
}

impl PartialSchema for report::Signoff {
    fn schema() -> RefOr<Schema> {
        signoff::Signoff::schema()
    }
}

impl ToSchema for report::Signoff {
    fn schemas(out: &mut Vec<(String, RefOr<Schema>)>) {
        signoff::Signoff::schemas(out);
    }
}
