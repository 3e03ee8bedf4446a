//! Series, meetings and their record through the API; the jobs called as the scheduler calls them.

mod calendar;
mod jobs;
mod record;
