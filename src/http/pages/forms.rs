//! The forms of the signed-in pages: what was posted, read field by field into the same types
//! the API takes, and a form's description for `templates/desk/macros.html`, which shows an
//! error beside the field it concerns and keeps what the person typed.

use super::Ctx;
use super::remedy::Link;
use crate::auth::policy::Principal;
use crate::domain::refusal;
use crate::error::AppError;
use crate::org::names::Names;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A form as actix reads it from a page's post.
pub type FormBody = web::Form<Vec<(String, String)>>;

/// A posted form, field by field (a field sent twice keeps its last value).
pub struct Posted {
    values: BTreeMap<String, String>,
}

impl From<Vec<(String, String)>> for Posted {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Self {
            values: pairs.into_iter().collect(),
        }
    }
}

impl From<FormBody> for Posted {
    fn from(form: FormBody) -> Self {
        Self::from(form.into_inner())
    }
}

impl Posted {
    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    pub fn csrf(&self) -> &str {
        self.get("csrf")
    }

    /// A checkbox: present when ticked.
    pub fn ticked(&self, field: &str) -> bool {
        self.values.contains_key(field)
    }

    /// An optional whole number: blank is none.
    pub fn opt_id(&self, field: &str) -> Result<Option<i64>, AppError> {
        match self.get(field).trim() {
            "" => Ok(None),
            raw => raw
                .parse()
                .map(Some)
                .map_err(|_| AppError::validation(field, refusal::form_not_a_choice(raw))),
        }
    }

    pub fn id(&self, field: &str) -> Result<i64, AppError> {
        self.opt_id(field)?
            .ok_or_else(|| AppError::validation(field, refusal::form_choose_one()))
    }

    pub fn number(&self, field: &str) -> Result<f64, AppError> {
        let raw = self.get(field).trim();
        raw.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| AppError::validation(field, refusal::not_a_number(raw)))
    }

    pub fn whole(&self, field: &str) -> Result<i32, AppError> {
        let raw = self.get(field).trim();
        raw.parse()
            .map_err(|_| AppError::validation(field, refusal::form_not_whole_number(raw)))
    }

    pub fn date(&self, field: &str) -> Result<NaiveDate, AppError> {
        let raw = self.get(field).trim();
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| AppError::validation(field, refusal::form_not_a_date(raw)))
    }

    /// A value of one of the domain's named kinds (status, sector, …).
    pub fn choice<T: std::str::FromStr>(&self, field: &str) -> Result<T, AppError> {
        let raw = self.get(field).trim();
        raw.parse()
            .map_err(|_| AppError::validation(field, refusal::form_not_a_choice(raw)))
    }
}

/// A form that was refused: which one, what was typed, and why, in the reader's words.
pub struct Refused {
    form: String,
    posted: Posted,
    field: Option<String>,
    message: String,
    remedy: Option<Link>,
    /// Each refused row of an uploaded file.
    problems: Vec<String>,
    pub status: StatusCode,
}

/// A desk form's post: the sign-in and this browser's token are checked, then `attempt` runs and
/// names the page to go to. A refusal about the input is drawn by `reshow` beside the form
/// `name`; anything else (not allowed, not found) becomes its own error page.
pub async fn settle_post(
    c: &Ctx,
    posted: impl Into<Posted>,
    name: impl Into<String>,
    attempt: impl AsyncFnOnce(&Principal, &Posted) -> Result<String, AppError>,
    reshow: impl AsyncFnOnce(Refused) -> Result<HttpResponse, AppError>,
) -> HttpResponse {
    let posted = posted.into();
    let result = async {
        let who = c.principal()?;
        c.check_csrf(posted.csrf())?;
        match attempt(who, &posted).await {
            Ok(next) => Ok(c.see_other(&next)),
            Err(e) => reshow(Refused::of(c, name, posted, e)?).await,
        }
    }
    .await;
    c.respond(result)
}

impl Refused {
    /// Whether this refuses the form `id`: a page draws that form even where it would not now
    /// offer it, so that the refusal and its remedy are seen.
    pub fn is_for(&self, id: &str) -> bool {
        self.form == id
    }

    /// A refusal to show beside the form, or the error itself when it is not about the input
    /// (not allowed, not found, a failure).
    pub fn of(
        c: &Ctx,
        form: impl Into<String>,
        posted: Posted,
        e: AppError,
    ) -> Result<Self, AppError> {
        let t = c.t;
        let mut problems = Vec::new();
        let (field, reason, status) = match e {
            AppError::Validation { field, reason } => {
                (field, reason, StatusCode::UNPROCESSABLE_ENTITY)
            }
            AppError::InvalidRows { reason, rows } => {
                problems = rows
                    .iter()
                    .map(|r| {
                        let problem = t.say(&r.reason);
                        t.fill(
                            "form.row_problem",
                            &[
                                ("row", &r.row),
                                ("column", &r.column),
                                ("problem", &problem),
                            ],
                        )
                    })
                    .collect();
                (
                    Some("file".to_owned()),
                    reason,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            }
            AppError::Conflict(reason) => (None, reason, StatusCode::CONFLICT),
            other => return Err(other),
        };
        Ok(Self {
            form: form.into(),
            posted,
            field,
            message: t.say(&reason),
            remedy: Link::remedy(c, &reason),
            problems,
            status,
        })
    }
}

/// The status of a page showing forms: 200, or the refusal's.
pub fn status(refused: Option<&Refused>) -> StatusCode {
    refused.map_or(StatusCode::OK, |r| r.status)
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl ToString, label: impl Into<String>) -> Self {
        Self {
            value: value.to_string(),
            label: label.into(),
        }
    }

    /// Every unit, by name.
    pub fn units(names: &Names) -> Vec<Self> {
        let units = names.units().iter();
        units
            .map(|(id, name)| Self::new(id, name.clone()))
            .collect()
    }
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// text, textarea, select, date, time, number, checkbox, file or hidden.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<Choice>,
    pub hint: String,
    pub error: String,
    pub required: bool,
}

impl Field {
    fn new(kind: &'static str, name: &'static str, label: &str) -> Self {
        Self {
            name,
            label: label.to_owned(),
            kind,
            value: String::new(),
            options: Vec::new(),
            hint: String::new(),
            error: String::new(),
            required: false,
        }
    }

    pub fn text(name: &'static str, label: &str) -> Self {
        Self::new("text", name, label)
    }

    pub fn long(name: &'static str, label: &str) -> Self {
        Self::new("textarea", name, label)
    }

    pub fn date(name: &'static str, label: &str) -> Self {
        Self::new("date", name, label)
    }

    pub fn time(name: &'static str, label: &str) -> Self {
        Self::new("time", name, label)
    }

    pub fn number(name: &'static str, label: &str) -> Self {
        Self::new("number", name, label)
    }

    pub fn month(name: &'static str, label: &str) -> Self {
        Self::new("month", name, label)
    }

    pub fn search(name: &'static str, label: &str) -> Self {
        Self::new("search", name, label)
    }

    pub fn checkbox(name: &'static str, label: &str) -> Self {
        Self::new("checkbox", name, label)
    }

    pub fn file(name: &'static str, label: &str) -> Self {
        Self::new("file", name, label)
    }

    pub fn hidden(name: &'static str, value: impl ToString) -> Self {
        Self::new("hidden", name, "").value(value)
    }

    pub fn select(name: &'static str, label: &str, options: Vec<Choice>) -> Self {
        Self {
            options,
            ..Self::new("select", name, label)
        }
    }

    pub fn value(mut self, value: impl ToString) -> Self {
        self.value = value.to_string();
        self
    }

    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = hint.to_owned();
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn checked(&self) -> bool {
        !self.value.is_empty()
    }
}

pub struct FormView {
    /// Unique on its page: ids of its fields start with it.
    pub id: String,
    pub title: String,
    pub action: String,
    pub submit: String,
    pub fields: Vec<Field>,
    /// A refusal not about one field.
    pub error: String,
    /// Where the reader can put the refusal right.
    pub remedy: Option<Link>,
    /// Each refused row of an uploaded file.
    pub problems: Vec<String>,
    pub multipart: bool,
}

impl FormView {
    pub fn new(
        id: impl Into<String>,
        title: &str,
        action: impl Into<String>,
        submit: &str,
    ) -> Self {
        Self {
            id: id.into(),
            title: title.to_owned(),
            action: action.into(),
            submit: submit.to_owned(),
            fields: Vec::new(),
            error: String::new(),
            remedy: None,
            problems: Vec::new(),
            multipart: false,
        }
    }

    pub fn field(mut self, field: Field) -> Self {
        self.fields.push(field);
        self
    }

    pub fn multipart(mut self) -> Self {
        self.multipart = true;
        self
    }

    /// Whether this form carries a refusal (a page opens the part of itself that holds it).
    pub fn refused(&self) -> bool {
        !self.error.is_empty() || self.fields.iter().any(|f| !f.error.is_empty())
    }

    /// Puts back what was posted, as when the form is drawn again to show what it would do.
    pub fn keep(mut self, posted: &Posted) -> Self {
        for f in &mut self.fields {
            if f.kind != "hidden" && f.kind != "file" {
                f.value = posted.get(f.name).to_owned();
            }
        }
        self
    }

    /// When this is the form refused, puts back what was typed and the reason beside its field.
    pub fn settle(mut self, refused: Option<&Refused>) -> Self {
        let Some(r) = refused.filter(|r| r.form == self.id) else {
            return self;
        };
        self = self.keep(&r.posted);
        match self
            .fields
            .iter_mut()
            .find(|f| r.field.as_deref() == Some(f.name))
        {
            Some(f) => f.error = r.message.clone(),
            None => self.error = r.message.clone(),
        }
        self.remedy = r.remedy.clone();
        self.problems = r.problems.clone();
        self
    }
}

/// A row's own small form in a list: buttons that act on that one record (move it, remove it),
/// each sending its `name=value`, and the refusal of the last attempt beside them.
pub struct RowForm {
    /// Unique on its page, like a [`FormView`]'s.
    pub id: String,
    pub action: String,
    /// What the row is, read after each button's label by screen readers ("Remove: Budget").
    pub about: String,
    pub buttons: Vec<Button>,
    pub error: String,
    pub remedy: Option<Link>,
}

pub struct Button {
    pub name: &'static str,
    pub value: &'static str,
    pub label: String,
}

impl RowForm {
    pub fn new(id: impl Into<String>, action: impl Into<String>, about: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            action: action.into(),
            about: about.into(),
            buttons: Vec::new(),
            error: String::new(),
            remedy: None,
        }
    }

    pub fn button(mut self, name: &'static str, value: &'static str, label: &str) -> Self {
        self.buttons.push(Button {
            name,
            value,
            label: label.to_owned(),
        });
        self
    }

    pub fn settle(mut self, refused: Option<&Refused>) -> Self {
        if let Some(r) = refused.filter(|r| r.form == self.id) {
            self.error = r.message.clone();
            self.remedy = r.remedy.clone();
        }
        self
    }
}
