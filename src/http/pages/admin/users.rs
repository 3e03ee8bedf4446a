//! The accounts for their admin: who has which role on which board or unit, a new account with
//! its first role, and each account's page to add or take away roles and to disable it.

use super::AdminNav;
use crate::auth::accounts::{self, CreateUserRequest, EditUserRequest, ListUsersRequest, RoleView};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::auth::second_factor;
use crate::domain::ids::{BoardId, UnitId, UserId};
use crate::domain::refusal;
use crate::error::AppError;
use crate::http::pages::Ctx;
use crate::http::pages::forms::{
    Choice, Field, FormBody, FormView, Posted, Refused, RowForm, settle_post, status,
};
use crate::org::names::Names;
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let one = "/desk/admin/users/{id}";
    cfg.route(LIST, web::get().to(list))
        .route(LIST, web::post().to(create))
        .route(one, web::get().to(show))
        .route(one, web::post().to(rename))
        .route(&format!("{one}/access"), web::post().to(access))
        .route(&format!("{one}/roles"), web::post().to(add_role))
        .route(
            &format!("{one}/second-factor/reset"),
            web::post().to(reset_second_factor),
        )
        .route(
            &format!("{one}/roles/{{role}}"),
            web::post().to(remove_role),
        );
}

const LIST: &str = "/desk/admin/users";
/// Accounts on one page of the list.
const LISTED: i64 = 200;

struct UserRow {
    id: UserId,
    name: String,
    email: String,
    roles: Vec<String>,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "desk/admin/users.html")]
struct ListPage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    /// Which accounts these are ("accounts 1–500"), and the pages before and after.
    range: String,
    previous: Option<i64>,
    next: Option<i64>,
    rows: Vec<UserRow>,
    create: FormView,
}

struct RoleRow {
    label: String,
    remove: RowForm,
}

#[derive(Template)]
#[template(path = "desk/admin/user.html")]
struct UserPage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    name: String,
    email: String,
    disabled: bool,
    roles: Vec<RoleRow>,
    access: RowForm,
    /// The account's second factor, in words.
    second_factor: String,
    reset: Option<RowForm>,
    add_role: FormView,
    details: FormView,
}

/// A role as a choice of a form: `secretary-3`, `member-3`, `representative-7`.
fn role_key(r: &RoleView) -> String {
    match (r.board_id, r.unit_id) {
        (Some(b), _) => format!("{}-{b}", r.role),
        (None, Some(u)) => format!("{}-{u}", r.role),
        (None, None) => r.role.clone(),
    }
}

/// The role a choice names; the operation checks that it is one.
fn role_of(key: &str, field: &str) -> Result<RoleView, AppError> {
    let (role, id) = key
        .split_once('-')
        .and_then(|(role, id)| Some((role, id.parse::<i64>().ok()?)))
        .ok_or_else(|| AppError::validation(field, refusal::form_not_a_choice(key)))?;
    let board = role != "representative";
    Ok(RoleView {
        role: role.to_owned(),
        board_id: board.then_some(BoardId(id)),
        unit_id: (!board).then_some(UnitId(id)),
    })
}

fn role_label(c: &Ctx, names: &Names, r: &RoleView) -> String {
    let scope = match (r.board_id, r.unit_id) {
        (Some(b), _) => names.board(b),
        (None, Some(u)) => names.unit(u),
        (None, None) => String::new(),
    };
    format!("{} · {scope}", c.word("role", &r.role))
}

/// Every role there is to give, as choices.
async fn role_choices(c: &Ctx, names: &Names) -> Result<Vec<Choice>, AppError> {
    let roles = accounts::roles_to_give(&c.state().db, c.principal()?).await?;
    let choice = |r: &RoleView| Choice::new(role_key(r), role_label(c, names, r));
    Ok(roles.iter().map(choice).collect())
}

/// The reader, once the policy has said that they keep the accounts.
fn keeper(c: &Ctx) -> Result<&Principal, AppError> {
    let who = c.principal()?;
    authorize(Some(who), Permission::ManageAccounts)?;
    Ok(who)
}

/// Where a page of the account list starts.
#[derive(serde::Deserialize)]
struct From {
    from: Option<i64>,
}

async fn list_page(c: &Ctx, from: i64, refused: Option<Refused>) -> Result<HttpResponse, AppError> {
    let who = keeper(c)?;
    let paging = ListUsersRequest {
        limit: Some(LISTED + 1),
        offset: Some(from),
    };
    let mut found = accounts::list(&c.state().db, who, paging).await?;
    let more = found.len() > LISTED as usize;
    found.truncate(LISTED as usize);
    let names = Names::read(&c.state().db).await?;
    let t = c.t;
    let create = FormView::new(
        "new-user",
        t.get("admin.new_user"),
        LIST,
        t.get("admin.new_user_submit"),
    )
    .field(
        Field::text("email", t.get("admin.email"))
            .hint(t.get("admin.invitation_hint"))
            .required(),
    )
    .field(Field::text("name", t.get("admin.name")).required())
    .field(Field::select(
        "role",
        t.get("admin.first_role"),
        role_choices(c, &names).await?,
    ))
    .settle(refused.as_ref());
    let rows = found
        .iter()
        .map(|u| UserRow {
            id: u.id(),
            name: u.name().to_owned(),
            email: u.email().to_owned(),
            roles: u.roles().iter().map(|r| role_label(c, &names, r)).collect(),
            disabled: u.disabled(),
        })
        .collect();
    Ok(c.render(
        status(refused.as_ref()),
        &ListPage {
            c,
            nav: AdminNav::new(c, LIST),
            range: t.fill2(
                "admin.accounts_range",
                "from",
                from + 1,
                "to",
                from + found.len() as i64,
            ),
            previous: (from > 0).then(|| (from - LISTED).max(0)),
            next: more.then_some(from + LISTED),
            rows,
            create,
        },
    ))
}

async fn user_page(
    c: &Ctx,
    id: UserId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let who = keeper(c)?;
    let u = accounts::show(&c.state().db, who, id).await?;
    let names = Names::read(&c.state().db).await?;
    let t = c.t;
    let refused = refused.as_ref();
    let base = format!("{LIST}/{id}");
    let roles = u
        .roles()
        .iter()
        .map(|r| {
            let label = role_label(c, &names, r);
            let remove = RowForm::new(
                format!("role-{}", role_key(r)),
                format!("{base}/roles/{}", role_key(r)),
                &label,
            )
            .button("remove", "yes", t.get("admin.remove_role"))
            .settle(refused);
            RoleRow { label, remove }
        })
        .collect();
    let access = match u.disabled() {
        true => RowForm::new("access", format!("{base}/access"), u.name()).button(
            "disabled",
            "no",
            t.get("admin.enable"),
        ),
        false => RowForm::new("access", format!("{base}/access"), u.name()).button(
            "disabled",
            "yes",
            t.get("admin.disable"),
        ),
    }
    .settle(refused);
    let factors = second_factor::state_of(&c.state().db, who, id).await?;
    let second_factor = match factors.totp {
        true => t.fill1(
            "admin.second_factor_on",
            "count",
            factors.recovery_codes_left,
        ),
        false => t.get("admin.second_factor_off").to_owned(),
    };
    let reset = (factors.totp && who.may_reset_second_factor_of(id)).then(|| {
        let about = t.get("admin.reset_second_factor");
        RowForm::new(
            "reset-second-factor",
            format!("{base}/second-factor/reset"),
            about,
        )
        .button("reset", "yes", t.get("admin.reset_second_factor_submit"))
        .settle(refused)
    });
    let add_role = FormView::new(
        "role",
        t.get("admin.add_role"),
        format!("{base}/roles"),
        t.get("admin.add_role_submit"),
    )
    .field(Field::select("role", t.get("admin.role"), role_choices(c, &names).await?).required())
    .settle(refused);
    let details = FormView::new("details", "", base, t.get("admin.save"))
        .field(
            Field::text("name", t.get("admin.name"))
                .value(u.name())
                .required(),
        )
        .field(
            Field::text("email", t.get("admin.email"))
                .value(u.email())
                .required(),
        )
        .settle(refused);
    Ok(c.render(
        status(refused),
        &UserPage {
            c,
            nav: AdminNav::new(c, LIST),
            name: u.name().to_owned(),
            email: u.email().to_owned(),
            disabled: u.disabled(),
            roles,
            access,
            second_factor,
            reset,
            add_role,
            details,
        },
    ))
}

async fn list(c: Ctx, at: web::Query<From>) -> HttpResponse {
    c.respond(list_page(&c, at.from.unwrap_or(0).max(0), None).await)
}

async fn show(c: Ctx, id: web::Path<UserId>) -> HttpResponse {
    c.respond(user_page(&c, id.into_inner(), None).await)
}

async fn create(c: Ctx, form: FormBody) -> HttpResponse {
    let attempt = async |who: &_, posted: &Posted| {
        let roles = match posted.get("role") {
            "" => Vec::new(),
            key => vec![role_of(key, "role")?],
        };
        let req = CreateUserRequest {
            email: posted.get("email").to_owned(),
            name: posted.get("name").to_owned(),
            roles,
            ..CreateUserRequest::default()
        };
        let state = c.state();
        let u = accounts::add(&state.db, who, req, &state.public_url, state.clock.now()).await?;
        Ok(format!("{LIST}/{}", u.id()))
    };
    let reshow = async |refused| list_page(&c, 0, Some(refused)).await;
    settle_post(&c, form, "new-user", attempt, reshow).await
}

/// A form of an account's page: the change it asks for, built from what was posted and the
/// account as it stands, goes to `accounts::edit`; then back to the page.
async fn account_form(
    c: Ctx,
    id: UserId,
    form: FormBody,
    name: String,
    change: impl AsyncFnOnce(&Posted, Vec<RoleView>) -> Result<EditUserRequest, AppError>,
) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        let now = accounts::show(&c.state().db, who, id).await?;
        let req = change(posted, now.roles().to_vec()).await?;
        accounts::edit(&c.state().db, who, id, req, c.state().clock.now()).await?;
        Ok(format!("{LIST}/{id}"))
    };
    let reshow = async |refused| user_page(&c, id, Some(refused)).await;
    settle_post(&c, form, name, attempt, reshow).await
}

async fn rename(c: Ctx, id: web::Path<UserId>, form: FormBody) -> HttpResponse {
    account_form(
        c,
        id.into_inner(),
        form,
        "details".into(),
        async |posted, _| {
            Ok(EditUserRequest {
                name: Some(posted.get("name").to_owned()),
                email: Some(posted.get("email").to_owned()),
                ..EditUserRequest::default()
            })
        },
    )
    .await
}

/// Removes the account's second factors for a holder who lost them; its sessions end.
async fn reset_second_factor(c: Ctx, id: web::Path<UserId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, _: &Posted| {
        second_factor::reset(&c.state().db, who, id, c.state().clock.now()).await?;
        Ok(format!("{LIST}/{id}"))
    };
    let reshow = async |refused| user_page(&c, id, Some(refused)).await;
    settle_post(&c, form, "reset-second-factor", attempt, reshow).await
}

/// Disables the account (its sessions end at once), or enables it again.
async fn access(c: Ctx, id: web::Path<UserId>, form: FormBody) -> HttpResponse {
    account_form(
        c,
        id.into_inner(),
        form,
        "access".into(),
        async |posted, _| {
            let disabled = match posted.get("disabled") {
                "yes" => true,
                "no" => false,
                other => {
                    return Err(AppError::validation(
                        "disabled",
                        refusal::form_not_a_choice(other),
                    ));
                }
            };
            Ok(EditUserRequest {
                disabled: Some(disabled),
                ..EditUserRequest::default()
            })
        },
    )
    .await
}

async fn add_role(c: Ctx, id: web::Path<UserId>, form: FormBody) -> HttpResponse {
    account_form(
        c,
        id.into_inner(),
        form,
        "role".into(),
        async |posted, mut roles| {
            if posted.get("role").is_empty() {
                return Err(AppError::validation("role", refusal::form_choose_one()));
            }
            roles.push(role_of(posted.get("role"), "role")?);
            Ok(EditUserRequest {
                roles: Some(roles),
                ..EditUserRequest::default()
            })
        },
    )
    .await
}

async fn remove_role(c: Ctx, path: web::Path<(UserId, String)>, form: FormBody) -> HttpResponse {
    let (id, key) = path.into_inner();
    let name = format!("role-{key}");
    account_form(c, id, form, name, async |_, roles| {
        Ok(EditUserRequest {
            roles: Some(roles.into_iter().filter(|r| role_key(r) != key).collect()),
            ..EditUserRequest::default()
        })
    })
    .await
}
