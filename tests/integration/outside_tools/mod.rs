//! Checks made with tools nobody here wrote: Python's `icalendar` and `recurring_ical_events`
//! for calendars, `aiosmtpd` as the mail server. They are ignored by a plain `cargo test`;
//! `scripts/test.sh` installs the tools and runs them (as CI does).

mod browser;
mod calendars;
mod mail;
mod signatures;

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn python() -> PathBuf {
    let path = std::env::var_os("BANTAY_TEST_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/bin/python"),
        PathBuf::from,
    );
    assert!(
        path.exists(),
        "{} is missing: run scripts/install-test-tools.sh",
        path.display()
    );
    path
}

/// Runs `tests/tools/calendar_check.py MODE` with `input` on stdin; insists it succeeds.
pub fn calendar_check(mode: &str, input: &str) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/calendar_check.py");
    let mut child = Command::new(python())
        .arg(script)
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python output");
    assert!(
        out.status.success(),
        "calendar_check {mode} refused:\n{}\ninput:\n{input}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from calendar_check")
}
