//! The report-signing keys for their admin: whose they are, how long they last and the root's
//! fingerprint; creating them, or bringing in the installation's own (`reports::keys`).

use super::AdminNav;
use crate::error::AppError;
use crate::http::pages::Ctx;
use crate::http::pages::forms::{Field, FormBody, FormView, Posted, Refused, settle_post, status};
use crate::http::pages::upload::read_upload;
use crate::reports::keys::{self, KeysFile, KeysView};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(PAGE, web::get().to(show))
        .route(PAGE, web::post().to(create))
        .route(REPLACE, web::post().to(replace));
}

const PAGE: &str = "/desk/admin/keys";
const REPLACE: &str = "/desk/admin/keys/replace";

#[derive(Template)]
#[template(path = "desk/admin/keys.html")]
struct KeysPage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    keys: Option<KeysView>,
    /// The signing certificate's validity, in words.
    valid: String,
    create: Option<FormView>,
    replace: FormView,
    notice: String,
}

#[derive(serde::Deserialize)]
struct Done {
    replaced: Option<String>,
}

async fn page(c: &Ctx, notice: String, refused: Option<Refused>) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let keys = keys::state(&c.state().db, who).await?;
    let t = c.t;
    let create = keys.is_none().then(|| {
        FormView::new(
            "create",
            t.get("keys.create"),
            PAGE,
            t.get("keys.create_submit"),
        )
        .field(
            Field::text("organisation", t.get("keys.organisation"))
                .hint(t.get("keys.organisation_hint"))
                .required(),
        )
        .settle(refused.as_ref())
    });
    let password = Field {
        kind: "password",
        ..Field::text("password", t.get("keys.password"))
    };
    let mut replace = FormView::new(
        "replace",
        t.get(if keys.is_some() {
            "keys.replace"
        } else {
            "keys.bring_in"
        }),
        REPLACE,
        t.get("keys.replace_submit"),
    )
    .multipart()
    .field(Field::file("pkcs12", t.get("keys.pkcs12")).hint(t.get("keys.pkcs12_hint")))
    .field(password)
    .field(Field::file("key", t.get("keys.key_pem")).hint(t.get("keys.pem_hint")))
    .field(Field::file("chain", t.get("keys.chain_pem")))
    .settle(refused.as_ref());
    for f in replace.fields.iter_mut().filter(|f| f.kind == "password") {
        f.value.clear();
    }
    let valid = keys.as_ref().map_or_else(String::new, |k| {
        t.fill2(
            "keys.valid",
            "from",
            k.valid_from.format("%Y-%m-%d"),
            "until",
            k.valid_until.format("%Y-%m-%d"),
        )
    });
    Ok(c.render(
        status(refused.as_ref()),
        &KeysPage {
            c,
            nav: AdminNav::new(c, PAGE),
            keys,
            valid,
            create,
            replace,
            notice,
        },
    ))
}

async fn show(c: Ctx, done: web::Query<Done>) -> HttpResponse {
    let notice = done
        .into_inner()
        .replaced
        .map(|subject| c.t.fill1("keys.replaced", "subject", subject))
        .unwrap_or_default();
    c.respond(page(&c, notice, None).await)
}

async fn create(c: Ctx, form: FormBody) -> HttpResponse {
    let attempt = async |who: &_, posted: &Posted| {
        let state = c.state();
        keys::create(
            &state.db,
            who,
            posted.get("organisation"),
            state.clock.now(),
        )
        .await?;
        Ok(PAGE.to_owned())
    };
    let reshow = async |refused| page(&c, String::new(), Some(refused)).await;
    settle_post(&c, form, "create", attempt, reshow).await
}

async fn replace(c: Ctx, req: HttpRequest, form: Multipart) -> HttpResponse {
    let limit = c.state().settings.max_body_bytes;
    let result = async {
        let who = c.principal()?;
        let parts = read_upload(&req, form, limit).await?;
        c.check_csrf(parts.get("csrf").map_or("", |p| p.text()))?;
        let given = |name: &str| parts.get(name).filter(|p| !p.bytes.is_empty());
        let file = match (given("pkcs12"), given("key"), given("chain")) {
            (Some(p12), None, None) => Ok(KeysFile::Pkcs12 {
                der: p12.bytes.clone(),
                password: parts.get("password").map_or("", |p| p.text()).to_owned(),
            }),
            (None, Some(key), Some(chain)) => Ok(KeysFile::Pem {
                key: key.text().to_owned(),
                chain: chain.text().to_owned(),
            }),
            _ => Err(AppError::validation(
                "pkcs12",
                crate::domain::refusal::key_file_choice(),
            )),
        };
        let state = c.state();
        let outcome = match file {
            Ok(file) => keys::replace(&state.db, who, file, state.clock.now()).await,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(subject) => Ok(c.see_other(&format!(
                "{PAGE}?replaced={}",
                crate::http::pages::encode(&subject)
            ))),
            Err(e) => {
                let refused = Refused::of(&c, "replace", Posted::from(Vec::new()), e)?;
                page(&c, String::new(), Some(refused)).await
            }
        }
    }
    .await;
    c.respond(result)
}
