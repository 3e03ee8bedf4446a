//! The board's assessment of a month, written in English and Filipino from its report's own
//! figures: what went well, what fell short, and what the board asks of the units.

use crate::reports::document::{Assessment, IndicatorLine, ReportDocument};

/// Sentences in both languages, side by side.
#[derive(Default)]
struct Said {
    en: Vec<String>,
    fil: Vec<String>,
}

impl Said {
    fn add(&mut self, en: impl Into<String>, fil: impl Into<String>) {
        self.en.push(en.into());
        self.fil.push(fil.into());
    }
}

/// The assessment of the month `doc` reports, in English and in Filipino.
pub(super) fn assessment(doc: &ReportDocument) -> Vec<Assessment> {
    let (mut well, mut short, mut asks) = (Said::default(), Said::default(), Said::default());
    sessions(doc, &mut well, &mut short);
    if let Some(line) = indicator(doc, "CH-01") {
        harm(line, &mut well, &mut short);
    }
    if let Some(line) = indicator(doc, "PS-02") {
        safety(line, &mut well, &mut short);
    }
    grievances(doc, &mut well, &mut short, &mut asks);
    actions(doc, &mut well, &mut short, &mut asks);
    if short.en.is_empty() {
        short.add(
            "No shortfall was noted this month.",
            "Walang naitalang pagkukulang ngayong buwan.",
        );
    }
    if asks.en.is_empty() {
        asks.add(
            "The board asks every unit to report progress on its open actions before the next \
             session.",
            "Hinihiling ng lupon sa bawat yunit na iulat ang pag-usad ng mga bukas nitong aksyon \
             bago ang susunod na pulong.",
        );
    }
    let written = |language: &str, pick: fn(&Said) -> &Vec<String>| Assessment {
        language: language.to_owned(),
        went_well: pick(&well).join(" "),
        fell_short: pick(&short).join(" "),
        asks: pick(&asks).join(" "),
    };
    vec![written("en", |s| &s.en), written("fil", |s| &s.fil)]
}

fn indicator<'a>(doc: &'a ReportDocument, code: &str) -> Option<&'a IndicatorLine> {
    doc.indicators.iter().find(|i| i.code == code)
}

/// A figure as the report prints it: whole, or to one decimal.
fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn sessions(doc: &ReportDocument, well: &mut Said, short: &mut Said) {
    let a = &doc.sessions.attendance;
    if doc.sessions.held.is_empty() {
        short.add(
            "No session was held this month.",
            "Walang pulong na idinaos ngayong buwan.",
        );
        return;
    }
    well.add(
        format!(
            "The monthly session was held with {} participants, {} of them women.",
            a.total, a.female
        ),
        format!(
            "Idinaos ang buwanang pulong na dinaluhan ng {} katao, {} sa kanila ay kababaihan.",
            a.total, a.female
        ),
    );
}

/// The month's figure and the one before it, from the line's trend.
fn this_and_last(line: &IndicatorLine) -> (Option<f64>, Option<f64>) {
    let before = line.trend.iter().rev().nth(1).and_then(|(_, v)| *v);
    (line.actual, before)
}

fn harm(line: &IndicatorLine, well: &mut Said, short: &mut Said) {
    let (Some(now), Some(target)) = (line.actual, line.target) else {
        return;
    };
    let (n, t) = (number(now), number(target));
    if now <= target {
        well.add(
            format!("Civilian-harm incidents ({n}) stayed within the target of {t}."),
            format!(
                "Nanatili sa loob ng target na {t} ang mga insidente ng pinsala sa mga sibilyan \
                 ({n})."
            ),
        );
        return;
    }
    if let (_, Some(before)) = this_and_last(line)
        && now < before
    {
        let b = number(before);
        well.add(
            format!("Civilian-harm incidents fell from {b} to {n}."),
            format!("Bumaba mula {b} tungo sa {n} ang mga insidente ng pinsala sa mga sibilyan."),
        );
    }
    short.add(
        format!("Civilian-harm incidents ({n}) remained above the target of {t}."),
        format!(
            "Lampas pa rin sa target na {t} ang mga insidente ng pinsala sa mga sibilyan ({n})."
        ),
    );
}

fn safety(line: &IndicatorLine, well: &mut Said, short: &mut Said) {
    let (Some(now), Some(target)) = (line.actual, line.target) else {
        return;
    };
    let (x, t) = (number(now), number(target));
    if now >= target {
        well.add(
            format!("Residents who feel safe at checkpoints reached {x}%, meeting the target."),
            format!(
                "Umabot sa {x}% ang mga residenteng panatag sa mga checkpoint, abot na sa target."
            ),
        );
    } else if this_and_last(line).1.is_some_and(|before| now > before) {
        well.add(
            format!("Residents who feel safe at checkpoints rose to {x}%."),
            format!("Tumaas sa {x}% ang mga residenteng panatag sa mga checkpoint."),
        );
        short.add(
            format!("At {x}%, the share who feel safe is still below the target of {t}%."),
            format!("Sa {x}%, mas mababa pa rin sa target na {t}% ang mga panatag."),
        );
    } else {
        short.add(
            format!("Only {x}% of residents feel safe at checkpoints, short of the {t}% target."),
            format!(
                "{x}% lamang ng mga residente ang panatag sa mga checkpoint, kulang sa target na \
                 {t}%."
            ),
        );
    }
}

/// Answers on time, when the counts are large enough to say so; late ones bring an ask.
fn grievances(doc: &ReportDocument, well: &mut Said, short: &mut Said, asks: &mut Said) {
    let g = &doc.grievances;
    let due = match g.response_due.parse::<u64>() {
        Ok(due) if due > 0 => due,
        _ => return,
    };
    match g.responded_on_time.parse::<u64>() {
        Ok(ok) if ok == due => {
            well.add(
                format!("All {due} grievances due were answered on time."),
                format!(
                    "Nasagot sa takdang panahon ang lahat ng {due} na hinaing na dapat nang \
                     sagutin."
                ),
            );
            return;
        }
        Ok(0) => short.add(
            format!("None of the {due} grievances due was answered on time."),
            format!(
                "Wala sa {due} na hinaing na dapat nang sagutin ang nasagot sa takdang panahon."
            ),
        ),
        Ok(ok) => short.add(
            format!("Only {ok} of the {due} grievances due were answered on time."),
            format!(
                "Sa {due} na hinaing na dapat nang sagutin, {ok} lamang ang nasagot sa takdang \
                 panahon."
            ),
        ),
        Err(_) => short.add(
            format!("Fewer than five of the {due} grievances due were answered on time."),
            format!(
                "Wala pang lima sa {due} na hinaing na dapat nang sagutin ang nasagot sa takdang \
                 panahon."
            ),
        ),
    }
    asks.add(
        "The board asks the units to answer referred grievances within ten working days.",
        "Hinihiling ng lupon sa mga yunit na sagutin ang mga inirefer na hinaing sa loob ng \
         sampung araw ng trabaho.",
    );
}

fn actions(doc: &ReportDocument, well: &mut Said, short: &mut Said, asks: &mut Said) {
    let a = &doc.actions;
    match a.verified {
        0 => {}
        1 => well.add(
            "One follow-up action was verified as done.",
            "Isang aksyong pagsubaybay ang napatunayang tapos na.",
        ),
        v => well.add(
            format!("The board verified {v} follow-up actions as done."),
            format!("Napatunayan ng lupon na tapos na ang {v} aksyong pagsubaybay."),
        ),
    }
    match a.overdue {
        0 => return,
        1 => short.add(
            "One follow-up action is overdue.",
            "Isang aksyong pagsubaybay ang lampas na sa takdang petsa.",
        ),
        o => short.add(
            format!("There are {o} follow-up actions overdue."),
            format!("May {o} aksyong pagsubaybay na lampas na sa takdang petsa."),
        ),
    }
    let late: Vec<&str> = (a.by_unit.iter())
        .filter(|u| u.overdue > 0)
        .map(|u| u.unit.as_str())
        .collect();
    asks.add(
        format!(
            "The board asks the units concerned ({}) to complete their overdue actions before \
             the next session.",
            late.join(", ")
        ),
        format!(
            "Hinihiling ng lupon sa mga yunit na may kinalaman ({}) na tapusin ang kanilang mga \
             naantalang aksyon bago ang susunod na pulong.",
            late.join(", ")
        ),
    );
}
