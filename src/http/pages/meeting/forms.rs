//! The forms of a meeting's page, drawn for the record's keeper.

use crate::db::{agenda::AgendaItem, decisions::Decision, meetings::Meeting, minutes::Minutes};
use crate::domain::ids::MeetingId;
use crate::domain::meeting::{MeetingStatus, MinutesStatus, Sector, Sex};
use crate::http::pages::Ctx;
use crate::http::pages::forms::{Choice, Field, FormView, Refused, RowForm};
use crate::org::names::Names;

/// The session's own forms: its title, time and place; and postponing, cancelling or putting it
/// back on the calendar.
pub(super) fn schedule_forms(
    c: &Ctx,
    m: &Meeting,
    refused: Option<&Refused>,
) -> (FormView, RowForm) {
    let t = c.t;
    let action = format!("/desk/meetings/{}/schedule", m.id);
    // Drawn inside a disclosure whose summary is its title.
    let change = FormView::new("schedule", "", &action, t.get("meeting.change_submit"))
        .field(
            Field::text("title", t.get("meeting.title"))
                .value(&m.title)
                .required(),
        )
        .field(
            Field::date("date", t.get("meeting.date"))
                .value(m.starts_local.format("%Y-%m-%d"))
                .hint(t.get("meeting.date_hint"))
                .required(),
        )
        .field(
            Field::time("time", t.get("meeting.time"))
                .value(m.starts_local.format("%H:%M"))
                .required(),
        )
        .field(
            Field::number("duration_minutes", t.get("meeting.duration"))
                .value(m.duration_minutes)
                .required(),
        )
        .field(Field::text("location", t.get("meeting.place")).value(&m.location))
        .field(
            Field::checkbox("is_public", t.get("meeting.public")).value(if m.is_public {
                "on"
            } else {
                ""
            }),
        )
        .field(Field::hidden(
            "starts_was",
            m.starts_local.format("%Y-%m-%dT%H:%M"),
        ))
        .settle(refused);
    let mut steps = RowForm::new("status", action, &m.title);
    for (to, label) in [
        (MeetingStatus::Postponed, "meeting.postpone"),
        (MeetingStatus::Cancelled, "meeting.cancel"),
        (MeetingStatus::Scheduled, "meeting.reinstate"),
    ] {
        if to != m.status
            && !(to == MeetingStatus::Postponed && m.status == MeetingStatus::Cancelled)
        {
            steps = steps.button("status", to.as_str(), t.get(label));
        }
    }
    (change, steps.settle(refused))
}

/// An agenda item's buttons: one place earlier or later, or off the agenda.
pub(super) fn item_form(c: &Ctx, base: &str, i: &AgendaItem, n: usize, last: usize) -> RowForm {
    let t = c.t;
    let mut form = RowForm::new(
        format!("item-{}", i.id),
        format!("{base}/agenda/{}", i.id),
        &i.title,
    );
    if n > 0 {
        form = form.button("move", "earlier", t.get("meeting.item_earlier"));
    }
    if n < last {
        form = form.button("move", "later", t.get("meeting.item_later"));
    }
    form.button("move", "off", t.get("meeting.item_remove"))
}

/// The forms that add to the record: an agenda item, an attendee, a decision.
pub(super) fn record_forms(
    c: &Ctx,
    id: MeetingId,
    items: &[AgendaItem],
    names: &Names,
    refused: Option<&Refused>,
) -> Vec<FormView> {
    let t = c.t;
    let mut forms = Vec::new();
    let base = format!("/desk/meetings/{id}");
    forms.push(
        FormView::new(
            "agenda",
            t.get("meeting.add_item"),
            format!("{base}/agenda"),
            t.get("meeting.add_item_submit"),
        )
        .field(Field::text("title", t.get("meeting.item_title")).required())
        .field(Field::long(
            "description",
            t.get("meeting.item_description"),
        ))
        .field(Field::checkbox("is_public", t.get("meeting.item_public")).value("on"))
        .settle(refused),
    );
    forms.push(
        FormView::new(
            "attendance",
            t.get("meeting.add_attendee"),
            format!("{base}/attendance"),
            t.get("meeting.add_attendee_submit"),
        )
        .field(Field::text("name", t.get("meeting.attendee_name")).required())
        .field(Field::text("organisation", t.get("meeting.organisation")).required())
        .field(
            Field::select(
                "sector",
                t.get("meeting.sector"),
                c.choices("sector", Sector::ALL, Sector::as_str),
            )
            .required(),
        )
        .field(
            Field::select(
                "sex",
                t.get("meeting.sex"),
                c.choices("sex", Sex::ALL, Sex::as_str),
            )
            .required(),
        )
        .settle(refused),
    );
    forms.push(decision_form(c, &base, items, names, None).settle(refused));
    forms
}

/// The form that records a decision, or edits `decided`.
pub(super) fn decision_form(
    c: &Ctx,
    base: &str,
    items: &[AgendaItem],
    names: &Names,
    decided: Option<&Decision>,
) -> FormView {
    let t = c.t;
    let item_choices = items
        .iter()
        .map(|i| Choice::new(i.id, i.title.clone()))
        .collect();
    let form = match decided {
        None => FormView::new(
            "decision",
            t.get("meeting.add_decision"),
            format!("{base}/decisions"),
            t.get("meeting.add_decision_submit"),
        ),
        Some(d) => FormView::new(
            format!("edit-decision-{}", d.id),
            "",
            format!("{base}/decisions/{}", d.id),
            t.get("meeting.edit_decision_submit"),
        ),
    };
    let value = |f: fn(&Decision) -> String| decided.map(f).unwrap_or_default();
    form.field(
        Field::long("text", t.get("meeting.decision_text"))
            .value(value(|d| d.text.clone()))
            .required(),
    )
    .field(
        Field::select(
            "agenda_item_id",
            t.get("meeting.decision_item"),
            item_choices,
        )
        .value(value(|d| {
            d.agenda_item_id.map(|i| i.to_string()).unwrap_or_default()
        })),
    )
    .field(
        Field::select(
            "responsible_unit_id",
            t.get("meeting.decision_unit"),
            Choice::units(names),
        )
        .value(value(|d| {
            d.responsible_unit_id
                .map(|u| u.to_string())
                .unwrap_or_default()
        })),
    )
    .field(
        Field::text("responsible", t.get("meeting.decision_responsible"))
            .value(value(|d| d.responsible.clone())),
    )
}

/// The form that writes the minutes or moves them on; `later` are the sessions they may be
/// approved at.
pub(super) fn minutes_form(
    c: &Ctx,
    id: MeetingId,
    minutes: Option<&Minutes>,
    later: &[Meeting],
    refused: Option<&Refused>,
) -> FormView {
    let t = c.t;
    let minutes_status = minutes.map(|n| n.status);
    let current = minutes_status.unwrap_or(MinutesStatus::Draft);
    let steps: Vec<Choice> = (current.next_steps().iter())
        .filter(|s| **s != MinutesStatus::Approved || !later.is_empty())
        .map(|s| Choice::new(s.as_str(), c.word("minutes_status", s.as_str())))
        .collect();
    let mut form = FormView::new(
        "minutes",
        t.get("meeting.minutes_edit"),
        format!("/desk/meetings/{id}/minutes"),
        t.get("meeting.minutes_save"),
    );
    if current.is_editable() {
        form = form.field(
            Field::long("body", t.get("meeting.minutes_text"))
                .value(minutes.map(|n| n.body.clone()).unwrap_or_default()),
        );
    }
    form = form.field(
        Field::select("status", t.get("meeting.minutes_step"), steps)
            .hint(t.get("meeting.minutes_step_hint")),
    );
    if current == MinutesStatus::Circulated && !later.is_empty() {
        form = form.field(Field::select(
            "approved_at_meeting",
            t.get("meeting.approved_at"),
            later
                .iter()
                .map(|n| {
                    Choice::new(
                        n.id,
                        format!("{} · {}", n.starts_local.format("%Y-%m-%d"), n.title),
                    )
                })
                .collect(),
        ));
    }
    form.settle(refused)
}
