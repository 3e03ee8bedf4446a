//! Series at daylight-saving changes, the rules a series may use, and the zone names boards take,
//! through the API and the pages; and, with the outside tools, sessions compared with those
//! python-dateutil and recurring-ical-events give for series drawn broadly.

mod daylight_saving;
mod references;
mod rules;

/// Words of the `rrule` crate that once reached users; the API speaks for itself.
const NOT_OUR_WORDS: [&str; 6] = [
    "should not be happening",
    "DTSTART",
    "then `",
    "timezone Local",
    "`",
    "never produces a session",
];
