//! The report benchmark's Rust side (`scripts/bench-report.sh` runs it beside ReportLab): a
//! reference report of 20+ pages, 500+ table rows and two kinds of chart, rendered and signed
//! `RUNS` times. Prints the median wall time of rendering and of signing, and the process's peak
//! resident memory; writes the reference document as JSON for the ReportLab script.
//!
//! Usage: report_bench OUT_DIR

mod bench;

use bantay::reports::compose::{self, Cover};
use bantay::reports::document::{
    Actions, Assessment, Attendance, AuditHead, BoardPart, CountLine, DecisionLine, Glance,
    Grievances, Incidents, IndicatorLine, ReportDocument, SessionLine, Sessions, UnitActions,
    UnitReply,
};
use bantay::reports::sign::Signer;
use bantay::reports::{pdf, template::Templates};
use std::time::Instant;

const RUNS: usize = 5;

fn reference() -> ReportDocument {
    let lines = |prefix: &str, n: usize| -> Vec<CountLine> {
        (0..n)
            .map(|i| CountLine {
                label: format!("{prefix} {i}"),
                count: if i % 7 == 0 {
                    "<5".to_owned()
                } else {
                    (5 + i * 3).to_string()
                },
            })
            .collect()
    };
    let month = |i: u32| {
        format!(
            "{}-{:02}",
            if i < 2 { 2025 } else { 2026 },
            (i + 10) % 12 + 1
        )
    };
    ReportDocument {
        format: 1,
        board: BoardPart {
            id: 1,
            name: "Eastern Visayas Regional Forum (Region VIII)".into(),
            level: "regional".into(),
            time_zone: "Asia/Manila".into(),
        },
        period: "2026-10".into(),
        small_count_threshold: 5,
        glance: Glance::default(),
        assessment: vec![Assessment {
            language: "en".into(),
            went_well: "Every unit named in last month's decisions sent a representative, and the \
                police provincial offices answered each referred grievance within the deadline."
                .into(),
            fell_short: "Two incidents of property destroyed at checkpoints in Samar are still \
                under investigation after three months, and the brigade concerned has not \
                reported on either."
                .into(),
            asks: "The brigade reports in the December session on both investigations; the \
                division reviews checkpoint conduct with the civil-society members."
                .into(),
        }],
        sessions: Sessions {
            held: (1..=4)
                .map(|w| SessionLine {
                    date: format!("2026-10-{:02}", w * 7),
                    title: format!("Session {w}, Tacloban City"),
                    attendance: Attendance { total: 24, female: 11, male: 12, not_stated: 1, civil_society: 12, military: 5, police: 4, government: 3, ..Attendance::default() },
                })
                .collect(),
            closed_held: 2,
            not_recorded: 0,
            cancelled: 1,
            postponed: 0,
            attendance: Attendance::default(),
        },
        decisions: (0..60)
            .map(|i| DecisionLine {
                session_date: "2026-10-14".into(),
                text: format!("Decision {i}: the unit reports on the checkpoint complaints of the barangays along the national road and explains the measures taken since the last session."),
                unit: Some(format!("{}th Infantry Battalion", 10 + i % 40)),
            })
            .collect(),
        indicators: (0..12)
            .map(|i| IndicatorLine {
                code: format!("IND-{i:02}"),
                name: format!("Indicator {i} of security-sector performance"),
                unit: "incidents".into(),
                direction: "lower_is_better".into(),
                baseline: Some(20.0),
                target: Some(12.0),
                actual: Some(10.0 + f64::from(i)),
                status: "at_risk".into(),
                trend: (0..12).map(|m| (month(m), Some(f64::from(10 + (m * 7 + i) % 13)))).collect(),
            })
            .collect(),
        incidents: Incidents {
            total: "214".into(),
            victims: "388".into(),
            victims_not_counted: "12".into(),
            by_harm: lines("Harm", 7),
            by_region: lines("Municipality", 150),
            by_unit: lines("Unit", 120),
            by_status: lines("Stage", 7),
        },
        grievances: Grievances {
            received: "96".into(),
            by_category: lines("Category", 6),
            by_unit: lines("Unit", 60),
            by_status: lines("Stage", 7),
            acknowledged_on_time: "80".into(),
            acknowledgement_due: "90".into(),
            responded_on_time: "61".into(),
            response_due: "75".into(),
            median_days_to_decision: Some(8.5),
        },
        actions: Actions {
            opened: 140,
            reported_done: 61,
            verified: 40,
            overdue: 22,
            by_unit: (0..160)
                .map(|i| UnitActions { unit: format!("Unit {i}"), open: i % 9, reported_done: i % 4, verified: i % 3, overdue: i % 5 })
                .collect(),
        },
        unit_replies: (0..10)
            .map(|i| UnitReply { unit: format!("Unit {i}"), text: "Received and noted; the unit will report at the next session.".into(), at: "2026-10-03T02:00:00+00:00".into() })
            .collect(),
        audit_head: AuditHead { seq: 123_456, hash: "ab".repeat(32) },
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = bench::out_dir("usage: report_bench OUT_DIR")?;
    let mut doc = reference();
    doc.glance = doc.glance_against(Some(&reference()));
    std::fs::write(out.join("reference.json"), serde_json::to_vec_pretty(&doc)?)?;
    let templates = Templates::load(None)?;
    let template = templates.get("en");
    let fonts = pdf::fonts()?;
    let signer = Signer::generate("Benchmark board", chrono::Utc::now())?;
    let sha = doc.sha256();
    let (mut render, mut sign) = (Vec::new(), Vec::new());
    let mut last = (Vec::new(), 0);
    for _ in 0..RUNS {
        let started = Instant::now();
        let cover = Cover {
            revision: 1,
            draft: false,
            document_sha256: &sha,
            signoff: Some(bantay::domain::report::Signoff {
                approved_as: Some(bantay::domain::report::Officer::Member),
                published_as: Some(bantay::domain::report::Officer::Secretary),
                two_person_rule: Some(true),
            }),
        };
        let pages = compose::pages(&doc, &cover, template, fonts);
        let bytes = pdf::render(fonts, &pages, "Benchmark report", chrono::Utc::now());
        render.push(started.elapsed());
        let started = Instant::now();
        let signed = signer.sign(&bytes, chrono::Utc::now())?;
        sign.push(started.elapsed());
        last = (signed, pages.len());
    }
    std::fs::write(out.join("bantay.pdf"), &last.0)?;
    let rows = doc.decisions.len()
        + doc.indicators.len()
        + doc.incidents.by_region.len()
        + doc.incidents.by_unit.len()
        + doc.incidents.by_harm.len()
        + doc.incidents.by_status.len()
        + doc.grievances.by_category.len()
        + doc.grievances.by_unit.len()
        + doc.grievances.by_status.len()
        + doc.actions.by_unit.len()
        + doc.unit_replies.len()
        + doc.sessions.held.len();
    println!(
        "{{\"pages\": {}, \"table_rows\": {rows}, \"charts\": {}, \"render_ms\": {:.2}, \"sign_ms\": {:.2}, \"peak_rss_kib\": {}, \"bytes\": {}}}",
        last.1,
        doc.indicators.len() + 1,
        bench::median(render).as_secs_f64() * 1000.0,
        bench::median(sign).as_secs_f64() * 1000.0,
        peak_rss_kib(),
        last.0.len()
    );
    Ok(())
}
