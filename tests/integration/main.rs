//! The one integration-test binary: every test gets a fresh database and a server on
//! 127.0.0.1:0. With TEST_DATABASE_URL set (postgres://…), the same tests run on PostgreSQL.

mod access;
mod actions;
mod api_contract;
mod architecture;
mod audit_chain;
mod auth;
mod cli;
mod concurrency;
mod cross_site;
mod fixtures;
mod grievance_status;
mod grievances;
mod helpers;
mod hostile_input;
mod incident_pages;
mod incidents;
mod indicators;
mod meeting_page;
mod meeting_record;
mod meetings;
mod notices;
mod ops;
mod org;
mod outside_tools;
mod pages;
mod parity;
mod reach;
mod recurrence;
mod reports;
mod scheduler;
mod sessions;
