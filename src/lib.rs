//! bantay: the record and public face of a civil-society oversight board of the security
//! sector. `domain` holds the rules; `db`, `auth`, `audit` and `http` build the service on them.

pub mod actions;
pub mod audit;
pub mod auth;
pub mod charts;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod grievances;
pub mod http;
pub mod i18n;
pub mod incidents;
pub mod indicators;
pub mod jobs;
pub mod markup;
pub mod meetings;
pub mod org;
pub mod outbox;
pub mod reports;
pub mod startup;
