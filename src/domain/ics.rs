//! RFC 5545 calendar text: events in UTC (so no VTIMEZONE is needed), escaped, folded at 75
//! octets and ended with CRLF.

use chrono::{DateTime, Utc};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Confirmed,
    Tentative,
    Cancelled,
}

impl EventStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "CONFIRMED",
            Self::Tentative => "TENTATIVE",
            Self::Cancelled => "CANCELLED",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    /// Stable for the life of the occurrence, whatever happens to it.
    pub uid: String,
    /// Raised each time the occurrence moves, so that clients replace their copy.
    pub sequence: i32,
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub status: EventStatus,
}

pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//bantay//oversight board sessions//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("SEQUENCE:{}", e.sequence));
        line(&mut out, &format!("DTSTAMP:{}", utc(e.stamp)));
        line(&mut out, &format!("DTSTART:{}", utc(e.start)));
        line(&mut out, &format!("DTEND:{}", utc(e.end)));
        line(&mut out, &format!("STATUS:{}", e.status.as_str()));
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if !e.location.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&e.location)));
        }
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values: backslash, semicolon, comma and newlines escaped; other controls dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so that no line exceeds 75 octets, never inside a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    let _ = out.write_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(summary: &str) -> Event {
        let t = DateTime::parse_from_rfc3339("2026-12-08T01:00:00Z")
            .unwrap()
            .to_utc();
        Event {
            uid: "meeting-1@test".into(),
            sequence: 2,
            stamp: t,
            start: t,
            end: t + chrono::TimeDelta::hours(3),
            summary: summary.into(),
            location: "Camp Aguinaldo, Quezon City".into(),
            description: "1. Opening\n2. Incidents; follow-up".into(),
            status: EventStatus::Cancelled,
        }
    }

    #[test]
    fn lines_end_with_crlf_and_fold_before_75_octets_without_splitting_characters() {
        let text = calendar("Board", &[event(&"Pagpupulong ñ ".repeat(20))]);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", "Pagpupulong ñ ".repeat(20))));
    }

    #[test]
    fn text_values_are_escaped_and_times_are_utc() {
        let text = calendar("Board", &[event("Session")]);
        assert!(text.contains("LOCATION:Camp Aguinaldo\\, Quezon City\r\n"));
        assert!(text.contains("DESCRIPTION:1. Opening\\n2. Incidents\\; follow-up\r\n"));
        assert!(text.contains("DTSTART:20261208T010000Z\r\n"));
        assert!(text.contains("DTEND:20261208T040000Z\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\nSUMMARY:Session"));
        assert!(text.contains("SEQUENCE:2\r\n"));
    }
}
