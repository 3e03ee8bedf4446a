//! The series forms of a board's sessions page: how a series repeats, chosen in plain words (the
//! second Tuesday, day 15, every two weeks on Monday and Thursday) or written out as a rule, and
//! the next sessions those choices give, shown before anything is saved.

use super::Ctx;
use super::forms::{Choice, Field, FormView, Posted, Refused};
use crate::auth::policy::Principal;
use crate::db::series::Series;
use crate::domain::recurrence::plain::{Chosen, DAYS, Pattern, code};
use crate::error::AppError;
use crate::meetings::series::Preview;
use actix_web::HttpResponse;
use chrono::{Datelike, Weekday};

/// Sessions listed by "Show the next sessions".
pub const PREVIEW_COUNT: usize = 5;

/// What a new series' form offers first: the second Tuesday of every month.
const FIRST_OFFER: &str = "FREQ=MONTHLY;BYDAY=2TU";

/// The kind of the rule written out, beside the patterns' kinds.
const RULE: &str = "rule";

/// A series form drawn again after a post that saved nothing.
pub enum Again {
    Refused(Refused),
    /// The next sessions of what was chosen in the form named `form`.
    Preview {
        form: String,
        posted: Posted,
        preview: Preview,
    },
}

impl Again {
    pub fn refused(&self) -> Option<&Refused> {
        match self {
            Self::Refused(r) => Some(r),
            Self::Preview { .. } => None,
        }
    }
}

/// One way of repeating: its radio button, the fields it reads, and for the weekly kind the
/// weekdays to tick.
pub struct Repeat {
    pub kind: &'static str,
    pub label: String,
    pub chosen: bool,
    pub fields: Vec<Field>,
    pub ticks: Vec<Field>,
}

/// The next sessions listed in the form.
pub struct PreviewView {
    pub heading: String,
    pub sessions: Vec<String>,
    /// Said when the rule gives none from the date they are counted from.
    pub none: String,
}

/// A series form as drawn: the frame (action, submit, a refusal not about one field), the
/// fields before and after the choice of how it repeats, and the next sessions once asked for.
pub struct SeriesForm {
    pub form: FormView,
    pub head: Vec<Field>,
    /// The choice's legend and its refusal.
    pub repeats: Field,
    pub kinds: Vec<Repeat>,
    /// The refusal about the weekdays ticked.
    pub days_error: String,
    pub tail: Vec<Field>,
    pub preview: Option<PreviewView>,
    pub preview_label: String,
    /// Whether it holds a refusal or the next sessions (its page opens the part that holds it).
    pub open: bool,
}

/// The form to set up a series on a board.
pub fn create_form(c: &Ctx, board: impl std::fmt::Display, again: Option<&Again>) -> SeriesForm {
    let t = c.t;
    let frame = FormView::new(
        "new-series",
        t.get("series.new"),
        format!("/desk/boards/{board}/series"),
        t.get("series.create"),
    );
    let head = vec![
        Field::text("title", t.get("series.title")).required(),
        Field::date("first_date", t.get("series.first_date"))
            .hint(t.get("series.first_date_hint"))
            .required(),
    ];
    let tail = tail_fields(c, "09:00", 180, "", true);
    drawn(c, frame, head, FIRST_OFFER, tail, again)
}

/// A series' own form: its title, how it repeats, time and place, changed from today on.
pub fn change_form(c: &Ctx, s: &Series, again: Option<&Again>) -> SeriesForm {
    let t = c.t;
    let frame = FormView::new(
        format!("series-{}", s.id),
        "",
        format!("/desk/series/{}/edit", s.id),
        t.get("series.change_submit"),
    );
    let head = vec![
        Field::text("title", t.get("series.title"))
            .value(&s.title)
            .required(),
    ];
    let start = s.start_time.format("%H:%M").to_string();
    let tail = tail_fields(c, &start, s.duration_minutes, &s.location, s.is_public);
    drawn(c, frame, head, &s.rrule, tail, again)
}

fn tail_fields(c: &Ctx, start: &str, minutes: i32, location: &str, public: bool) -> Vec<Field> {
    let t = c.t;
    vec![
        Field::time("start_time", t.get("series.start_time"))
            .value(start)
            .required(),
        Field::number("duration_minutes", t.get("series.duration"))
            .value(minutes)
            .required(),
        Field::text("location", t.get("series.location")).value(location),
        Field::checkbox("is_public", t.get("series.public")).value(if public { "on" } else { "" }),
    ]
}

/// The form with its choices preset to `rule`'s pattern (or to the rule written out when it is
/// none), then put back as posted when `again` concerns it.
fn drawn(
    c: &Ctx,
    frame: FormView,
    head: Vec<Field>,
    rule: &str,
    tail: Vec<Field>,
    again: Option<&Again>,
) -> SeriesForm {
    let mut frame = frame;
    frame.fields = head;
    frame.fields.extend(choice_fields(c, rule));
    frame.fields.extend(tail);
    let mut preview = None;
    let mut frame = match again {
        Some(Again::Refused(r)) => frame.settle(Some(r)),
        Some(Again::Preview {
            form,
            posted,
            preview: p,
        }) if *form == frame.id => {
            preview = Some(preview_view(c, p));
            frame.keep(posted)
        }
        _ => frame,
    };
    let open = preview.is_some() || frame.refused();
    let fields = &mut frame.fields;
    let head = take(fields, &["title", "first_date"]);
    let tail = take(
        fields,
        &["start_time", "duration_minutes", "location", "is_public"],
    );
    let repeats = take(fields, &["repeats"]).pop();
    let days_error = take(fields, &["days"]).pop().map(|f| f.error);
    let chosen = repeats.as_ref().map_or(RULE, |r| r.value.as_str());
    let ticks = take(fields, &TICKS);
    let t = c.t;
    let mut kind = |kind: &'static str, names: &[&str], ticks: Vec<Field>| Repeat {
        kind,
        label: t.get(&format!("series.kind.{kind}")).to_owned(),
        chosen: kind == chosen,
        fields: take(fields, names),
        ticks,
    };
    let kinds = vec![
        kind("monthly_weekday", &["nth_every", "nth", "weekday"], vec![]),
        kind("monthly_day", &["day_every", "month_day"], vec![]),
        kind("weekly", &["week_every"], ticks),
        kind(RULE, &["rrule"], vec![]),
    ];
    SeriesForm {
        head,
        repeats: repeats.unwrap_or_else(|| Field::hidden("repeats", RULE)),
        kinds,
        days_error: days_error.unwrap_or_default(),
        tail,
        preview,
        preview_label: t.get("series.preview").to_owned(),
        open,
        form: frame,
    }
}

/// Takes the fields named out of `fields`, in their order.
fn take(fields: &mut Vec<Field>, names: &[&str]) -> Vec<Field> {
    let (taken, rest) = std::mem::take(fields)
        .into_iter()
        .partition(|f| names.contains(&f.name));
    *fields = rest;
    taken
}

/// The weekdays' boxes of the weekly choice, in `DAYS`' order: each its own name, since a form
/// keeps the last value of a name sent twice.
const TICKS: [&str; 7] = [
    "on_mo", "on_tu", "on_we", "on_th", "on_fr", "on_sa", "on_su",
];

/// The fields of every way of repeating, holding `rule`'s values where it is a pattern. None is
/// marked required: each is needed only under its own choice, and the page checks that one.
fn choice_fields(c: &Ctx, rule: &str) -> Vec<Field> {
    let t = c.t;
    let pattern = Pattern::of_rule(rule);
    let (mut nth, mut weekday, mut month_day) = (2, Weekday::Tue, 15);
    let (mut every_months, mut every_weeks, mut days) = (1, 1, Vec::new());
    match &pattern {
        Some(Pattern::MonthlyWeekday { every, nth: n, day }) => {
            (every_months, nth, weekday) = (*every, *n, *day);
        }
        Some(Pattern::MonthlyDay { every, day }) => (every_months, month_day) = (*every, *day),
        Some(Pattern::Weekly { every, days: d }) => (every_weeks, days) = (*every, d.clone()),
        None => {}
    }
    let weekdays = DAYS.map(|(d, code)| Choice::new(code, day_name(c, d)));
    let nths = [1, 2, 3, 4, -1].map(|n| Choice::new(n, t.get(&format!("series.nth.{n}"))));
    let month_days = (1..=31)
        .map(|d| Choice::new(d, d.to_string()))
        .chain([Choice::new(-1, t.get("series.last_day"))])
        .collect();
    let mut fields = vec![
        Field::text("repeats", t.get("series.repeats"))
            .value(pattern.as_ref().map_or(RULE, Pattern::kind)),
        Field::number("nth_every", t.get("series.every_months")).value(every_months),
        Field::select("nth", t.get("series.nth"), nths.into()).value(nth),
        Field::select("weekday", t.get("series.weekday"), weekdays.into()).value(code(weekday)),
        Field::number("day_every", t.get("series.every_months")).value(every_months),
        Field::select("month_day", t.get("series.month_day"), month_days).value(month_day),
        Field::number("week_every", t.get("series.every_weeks")).value(every_weeks),
        Field::hidden("days", ""),
    ];
    fields.extend(DAYS.iter().zip(TICKS).map(|((d, _), name)| {
        let ticked = if days.contains(d) { "on" } else { "" };
        Field::checkbox(name, &day_name(c, *d)).value(ticked)
    }));
    fields.push(
        Field::text("rrule", t.get("series.rule"))
            .hint(t.get("series.rule_hint"))
            .value(rule),
    );
    fields
}

fn day_name(c: &Ctx, day: Weekday) -> String {
    c.t.get(&format!("weekday.{}", day.num_days_from_monday()))
        .to_owned()
}

/// The rule the posted choices make: a pattern's, or the one written out. A choice that makes
/// none is refused beside its field.
pub fn chosen_rule(posted: &Posted) -> Result<String, AppError> {
    let kind = posted.get("repeats");
    if kind.is_empty() || kind == RULE {
        return Ok(posted.get("rrule").trim().to_owned());
    }
    let every = match kind {
        "monthly_weekday" => "nth_every",
        "monthly_day" => "day_every",
        _ => "week_every",
    };
    let chosen = Chosen {
        kind,
        every: posted.get(every),
        nth: posted.get("nth"),
        weekday: posted.get("weekday"),
        month_day: posted.get("month_day"),
        days: DAYS
            .iter()
            .zip(TICKS)
            .filter(|(_, name)| posted.ticked(name))
            .map(|((d, _), _)| *d)
            .collect(),
    };
    chosen.pattern().map(|p| p.rrule()).map_err(|e| {
        let field = match e.field {
            "every" => every,
            "kind" => "repeats",
            other => other,
        };
        AppError::validation(field, e.reason)
    })
}

/// A refusal of the rule a pattern made is shown beside the choice, not the rule's own field.
pub fn on_choices(posted: &Posted) -> impl Fn(AppError) -> AppError {
    let chose = !matches!(posted.get("repeats"), "" | RULE);
    move |e| match e {
        AppError::Validation {
            field: Some(f),
            reason,
        } if chose && f == "rrule" => AppError::validation("repeats", reason),
        other => other,
    }
}

fn preview_view(c: &Ctx, p: &Preview) -> PreviewView {
    let t = c.t;
    let sessions = p
        .sessions
        .iter()
        .map(|o| {
            let start = o.starts_local;
            t.fill(
                "series.preview_row",
                &[
                    ("weekday", &day_name(c, start.weekday())),
                    ("date", &start.date()),
                    ("time", &start.format("%H:%M")),
                    ("zone", &p.zone),
                ],
            )
        })
        .collect();
    PreviewView {
        heading: t.get("series.preview_heading").to_owned(),
        sessions,
        none: t.fill1("series.preview_none", "date", p.from),
    }
}

/// A "Show the next sessions" post: the sign-in and this browser's token are checked, `show`
/// lists the sessions, and `reshow` draws the page with them (or with the refusal) beside the
/// form `name`. Nothing is written.
pub async fn settle_preview(
    c: &Ctx,
    posted: Posted,
    name: String,
    show: impl AsyncFnOnce(&Principal, &Posted) -> Result<Preview, AppError>,
    reshow: impl AsyncFnOnce(Again) -> Result<HttpResponse, AppError>,
) -> HttpResponse {
    let result = async {
        let who = c.principal()?;
        c.check_csrf(posted.csrf())?;
        let again = match show(who, &posted).await {
            Ok(preview) => Again::Preview {
                form: name,
                posted,
                preview,
            },
            Err(e) => Again::Refused(Refused::of(c, name, posted, e)?),
        };
        reshow(again).await
    }
    .await;
    c.respond(result)
}
