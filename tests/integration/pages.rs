//! The web pages over HTTP, as a browser without JavaScript uses them: cookies, forms with
//! their anti-forgery token, redirects after a post. `outside_tools.rs` walks them in Chromium.

use crate::apps::{SetUp, code_at};
use crate::fixtures::world::{Account, World};
use crate::helpers::TestApp;
use awc::http::header::HeaderMap;
use awc::http::{Method, StatusCode};
use std::collections::BTreeMap;

/// A cookie jar and the last page's form token.
pub struct Browser<'a> {
    app: &'a TestApp,
    cookies: BTreeMap<String, String>,
    pub csrf: String,
    /// The codings its requests accept (`Accept-Encoding`), none when empty.
    pub accepts: &'static str,
}

pub struct Page {
    pub status: StatusCode,
    pub location: String,
    pub headers: HeaderMap,
    pub html: String,
    /// The body as it came, before any decoding.
    pub body: Vec<u8>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: BTreeMap::new(),
            csrf: String::new(),
            accepts: "",
        }
    }

    /// Sends a request with a body of a content type, as a browser with these cookies would.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<(String, Vec<u8>)>,
        lang: &str,
    ) -> Page {
        let client = awc::Client::builder().disable_redirects().finish();
        let jar = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut req = client
            .request(method, format!("{}{path}", self.app.base))
            .insert_header(("Accept-Language", lang));
        if !jar.is_empty() {
            req = req.insert_header(("Cookie", jar));
        }
        if !self.accepts.is_empty() {
            req = req.insert_header(("Accept-Encoding", self.accepts));
        }
        let mut res = match body {
            Some((content_type, bytes)) => {
                req.insert_header(("Content-Type", content_type))
                    .send_body(bytes)
                    .await
            }
            None => req.send().await,
        }
        .expect("request");
        for c in res.cookies().expect("cookies").iter() {
            if c.max_age().is_some_and(|a| a.is_zero()) || c.value().is_empty() {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_owned(), c.value().to_owned());
            }
        }
        let body = res.body().await.expect("body").to_vec();
        let html = String::from_utf8_lossy(&body).into_owned();
        if let Some(token) = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            self.csrf = token.to_owned();
        }
        Page {
            status: res.status(),
            location: res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
            headers: res.headers().clone(),
            html,
            body,
        }
    }

    /// The value of a cookie this browser holds.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// Puts a cookie into the jar, as a page of this site (or someone at the keyboard) could.
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    pub async fn get(&mut self, path: &str, lang: &str) -> Page {
        self.send(Method::GET, path, None, lang).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)], lang: &str) -> Page {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let form = "application/x-www-form-urlencoded".to_owned();
        self.send(Method::POST, path, Some((form, body.into_bytes())), lang)
            .await
    }

    /// Posts a file-upload form of the last page shown, with its anti-forgery token: `files` as
    /// (field, file name, bytes), `fields` as text.
    pub async fn upload(
        &mut self,
        path: &str,
        files: &[(&str, &str, &[u8])],
        fields: &[(&str, &str)],
        lang: &str,
    ) -> Page {
        let boundary = "bantay-test-boundary-7f3a";
        let mut body = Vec::new();
        let csrf = self.csrf.clone();
        for (name, value) in [("csrf", csrf.as_str())].iter().chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, file, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                     filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send(Method::POST, path, Some((content_type, body)), lang)
            .await
    }

    /// Posts a form of the last page shown, with its anti-forgery token, in English.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.submit_in(path, fields, "en").await
    }

    /// Posts a form of the last page shown, with its anti-forgery token, in a language.
    pub async fn submit_in(&mut self, path: &str, fields: &[(&str, &str)], lang: &str) -> Page {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all, lang).await
    }

    /// Signs in through the forms with the test password, whatever the outcome: the answer to
    /// the password, or where it leads on, to the code of the account's app or to setting one up
    /// (`sign_in_with`).
    pub async fn sign_in(&mut self, email: &str) -> Page {
        self.sign_in_with(email, crate::helpers::PASSWORD).await
    }

    /// Signs in with `password`, then as the holder of the account's app would: gives a code of
    /// it where the sign-in asks for one; where an app must be set up first, sets one up from the
    /// secret shown (the answer is then the page showing the recovery codes).
    pub async fn sign_in_with(&mut self, email: &str, password: &str) -> Page {
        let signed = self.password_step(email, password).await;
        let app = self.app;
        match (signed.status.as_u16(), signed.location.as_str()) {
            (303, "/signin/code") => {
                self.get("/signin/code", "en").await;
                let code = app.apps.next_code(email, app.clock.as_ref());
                self.submit("/signin/code", &[("code", &code)]).await
            }
            (303, "/desk/security") => {
                self.get("/desk/security", "en").await;
                self.submit("/desk/security/totp", &[]).await;
                let shown = self.get("/desk/security", "en").await;
                let secret = (shown.html.split_once(r#"id="totp-secret">"#))
                    .and_then(|(_, rest)| rest.split_once('<'))
                    .map(|(secret, _)| secret.to_owned())
                    .expect("the secret on the page");
                let (step, code) = code_at(&secret, app.clock.now());
                let confirmed =
                    (self.submit("/desk/security/totp/confirm", &[("code", &code)])).await;
                let recovery_codes = (confirmed.html.split(r#"<li><code>"#).skip(1))
                    .filter_map(|c| c.split_once('<').map(|(code, _)| code.to_owned()))
                    .collect();
                let set_up = SetUp {
                    secret,
                    step,
                    recovery_codes,
                };
                app.apps.keep(email, set_up);
                confirmed
            }
            _ => signed,
        }
    }

    /// Fills in and sends the sign-in form, and nothing after it.
    pub async fn password_step(&mut self, email: &str, password: &str) -> Page {
        self.get("/signin", "en").await;
        let csrf = self.csrf.clone();
        self.post(
            "/signin",
            &[("csrf", &csrf), ("email", email), ("password", password)],
            "en",
        )
        .await
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn grievance_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    app.db
        .read(|conn| {
            Ok::<_, bantay::db::Error>(
                bantay::db::schema::grievances::table
                    .count()
                    .get_result::<i64>(conn)?,
            )
        })
        .await
        .expect("count")
}

#[actix_web::test]
async fn a_form_without_this_browser_s_token_is_refused_and_files_nothing() {
    let w = World::build().await;
    let board = w.boards.a.to_string();
    let before = grievance_count(&w.app).await;
    let mut visitor = Browser::new(&w.app);
    let form = visitor.get("/grievances/new", "en").await;
    assert_eq!(form.status, 200);
    let good = visitor.csrf.clone();
    assert!(!good.is_empty(), "{}", form.html);
    let fields = |csrf: &'static str| {
        vec![
            ("csrf", csrf),
            ("category", "checkpoint"),
            ("description", "Stopped for an hour"),
        ]
    };
    // No token, and another browser's token: both refused.
    let mut attacker = Browser::new(&w.app);
    attacker.get("/grievances/new", "en").await;
    let theirs: &'static str = Box::leak(attacker.csrf.clone().into_boxed_str());
    for csrf in ["", theirs, "00ff"] {
        let mut f = fields(csrf);
        f.push(("board", &board));
        let r = visitor.post("/grievances/new", &f, "en").await;
        assert_eq!(r.status, 403, "token {csrf:?}: {}", r.html);
        assert!(r.html.contains("did not come from this site"), "{}", r.html);
    }
    assert_eq!(grievance_count(&w.app).await, before);
    // A GET never changes anything, whatever it carries.
    let r = visitor
        .get(
            &format!("/grievances/new?board={board}&description=x&csrf={good}"),
            "en",
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(grievance_count(&w.app).await, before);
    // With its own token the same form files once, then shows the code once.
    let good: &'static str = Box::leak(good.into_boxed_str());
    let mut f = fields(good);
    f.push(("board", &board));
    let r = visitor.post("/grievances/new", &f, "en").await;
    assert_eq!(r.status, 303, "{}", r.html);
    assert_eq!(r.location, "/grievances/filed");
    assert_eq!(grievance_count(&w.app).await, before + 1);
    let shown = visitor.get("/grievances/filed", "en").await;
    let code = shown
        .html
        .split("id=\"tracking-code\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the tracking code")
        .to_owned();
    let again = visitor.get("/grievances/filed", "en").await;
    assert!(!again.html.contains(&code), "the code is shown only once");
    // Following it needs the token too.
    let r = visitor
        .post("/grievances/status", &[("csrf", ""), ("code", &code)], "en")
        .await;
    assert_eq!(r.status, 403);
    let csrf = visitor.csrf.clone();
    let r = visitor
        .post(
            "/grievances/status",
            &[("csrf", &csrf), ("code", &code)],
            "en",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.html);
    assert!(r.html.contains("Received"), "{}", r.html);
}

#[actix_web::test]
async fn a_filipino_grievance_with_a_missing_answer_comes_back_with_the_note_beside_it_and_what_was_typed()
 {
    let w = World::build().await;
    let before = grievance_count(&w.app).await;
    let mut visitor = Browser::new(&w.app);
    let form = visitor.get("/grievances/new", "fil-PH,fil;q=0.9").await;
    assert!(form.html.contains("lang=\"fil\""), "{}", form.html);
    assert!(form.html.contains("Maghain ng hinaing"));
    let csrf = visitor.csrf.clone();
    let r = visitor
        .post(
            "/grievances/new",
            &[
                ("csrf", &csrf),
                ("board", &w.boards.a.to_string()),
                ("category", "harassment"),
                ("description", "   "),
                ("location", "Barangay <San Roque> & \"Ilog\""),
            ],
            "fil",
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.html);
    assert!(
        r.html.contains("Sabihin kung ano ang nangyari."),
        "{}",
        r.html
    );
    assert!(r.html.contains("aria-invalid=\"true\""));
    assert!(
        r.html
            .contains("value=\"Barangay &#60;San Roque&#62; &#38; &#34;Ilog&#34;\""),
        "what was typed comes back, escaped: {}",
        r.html
    );
    assert!(r.html.contains("value=\"harassment\" selected"));
    // A refusal from the service itself lands beside the contact details.
    let long_name = "Maria ".repeat(60);
    let r = visitor
        .post(
            "/grievances/new",
            &[
                ("csrf", &csrf),
                ("board", &w.boards.a.to_string()),
                ("category", "harassment"),
                ("description", "Hinarang kami"),
                ("name", &long_name),
            ],
            "fil",
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.html);
    let fieldset = r
        .html
        .split("<fieldset>")
        .nth(1)
        .expect("the contact fieldset");
    assert!(fieldset.contains("class=\"field-error\""), "{}", r.html);
    assert_eq!(grievance_count(&w.app).await, before);
    // The switch keeps the choice in a cookie for the next page.
    let r = visitor.get("/?lang=en", "fil").await;
    assert!(r.html.contains("lang=\"en\""));
    let r = visitor.get("/calendar", "fil").await;
    assert!(r.html.contains("lang=\"en\""), "the chosen language sticks");
}

#[actix_web::test]
async fn a_published_report_has_its_page_and_a_draft_has_none() {
    let w = World::build().await;
    let mut visitor = Browser::new(&w.app);
    let home = visitor.get("/", "en").await;
    let published = &w.reports.published;
    assert!(
        home.html
            .contains(&format!("href=\"/reports/{published}\"")),
        "{}",
        home.html
    );
    let page = visitor.get(&format!("/reports/{published}"), "en").await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains("Test installation report signer"),
        "{}",
        page.html
    );
    assert!(
        page.html
            .contains(&format!("/api/v1/public/reports/{published}/pdf"))
    );
    // A correction still in draft is not announced to the public.
    let sec = w.sec_a.token.as_str();
    let correction = w
        .app
        .create(
            &format!("/api/v1/reports/{published}/corrections"),
            sec,
            serde_json::json!({}),
        )
        .await["id"]
        .to_string();
    let page = visitor.get(&format!("/reports/{published}"), "en").await;
    assert!(
        !page.html.contains("A correction replaces"),
        "{}",
        page.html
    );
    let listed = w.app.get("/api/v1/public/reports", None).await.body;
    assert!(
        listed
            .as_array()
            .expect("list")
            .iter()
            .all(|r| r["superseded_by"].is_null()),
        "{listed}"
    );
    for hidden in [
        w.reports.draft.to_string().as_str(),
        correction.as_str(),
        "999999",
        "x",
    ] {
        let r = visitor.get(&format!("/reports/{hidden}"), "en").await;
        assert_eq!(r.status, 404, "{hidden}");
        assert!(r.html.contains("<h1>Not found</h1>"), "{}", r.html);
    }
}

/// Signs in through the sign-in form.
pub async fn signed_in<'a>(w: &'a World, who: &Account) -> Browser<'a> {
    let mut b = Browser::new(&w.app);
    let r = b.sign_in(&who.email).await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, "/desk"),
        "{}",
        r.html
    );
    b
}

#[actix_web::test]
async fn a_unit_reads_a_referred_grievance_without_the_filer_and_desk_forms_need_the_token() {
    let w = World::build().await;
    let grievance = w.grievance.id;
    let page = format!("/desk/grievances/{grievance}");
    let mut secretary = signed_in(&w, &w.sec_a).await;
    let seen = secretary.get(&page, "en").await;
    assert_eq!(seen.status, 200, "{}", seen.html);
    assert!(seen.html.contains("Juan Dela Cruz"), "{}", seen.html);
    assert!(
        seen.html.contains("Soldiers took my motorbike"),
        "{}",
        seen.html
    );

    let mut unit = signed_in(&w, &w.rep_x).await;
    let seen = unit.get(&page, "en").await;
    assert_eq!(seen.status, 200, "{}", seen.html);
    for secret in ["Juan Dela Cruz", "+63 917", "Soldiers took my motorbike"] {
        assert!(
            !seen.html.contains(secret),
            "{secret} shown to the unit: {}",
            seen.html
        );
    }
    let listed = unit.get("/desk/my/grievances", "en").await;
    assert!(listed.html.contains(&page), "{}", listed.html);
    assert!(!listed.html.contains("Juan Dela Cruz"), "{}", listed.html);
    // Another unit's representative does not see it at all.
    let mut other = signed_in(&w, &w.rep_y).await;
    assert_eq!(other.get(&page, "en").await.status, 404);

    // A status report without this browser's token changes nothing; with it, it is recorded.
    let action = w.actions.open;
    let post = format!("/desk/actions/{action}/status");
    for csrf in ["", "00ff"] {
        let r = unit
            .post(&post, &[("csrf", csrf), ("status", "blocked")], "en")
            .await;
        assert_eq!(r.status, 403, "{}", r.html);
    }
    let shown = unit.get(&format!("/desk/actions/{action}"), "en").await;
    assert!(
        shown.html.contains(r#"<dd id="action-status">open</dd>"#),
        "{}",
        shown.html
    );
    let csrf = unit.csrf.clone();
    let r = unit
        .post(
            &post,
            &[
                ("csrf", &csrf),
                ("status", "blocked"),
                ("note", "Road closed"),
            ],
            "en",
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, format!("/desk/actions/{action}").as_str())
    );
    let shown = unit.get(&format!("/desk/actions/{action}"), "en").await;
    assert!(
        shown
            .html
            .contains(r#"<dd id="action-status">blocked</dd>"#),
        "{}",
        shown.html
    );
    // Sent with a status a unit may not report, it comes back beside the field, unchanged.
    let csrf = unit.csrf.clone();
    let r = unit
        .post(&post, &[("csrf", &csrf), ("status", "verified")], "en")
        .await;
    assert_eq!(r.status, 422, "{}", r.html);
    assert!(r.html.contains(r#"id="status-status-error""#), "{}", r.html);
}

/// A form of `page` posted to `action` with a unit that does not exist (987654): refused beside
/// the field `error_id` in Filipino, with a link to the units page for a secretary of board A
/// who is also an admin and none for the secretary alone; nothing written either time.
pub async fn a_missing_unit_leads_only_an_admin_to_the_units_page(
    w: &World,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    error_id: &str,
) {
    let link = "href=\"/desk/admin/units#new-unit--heading\"";
    let both = w.admin_secretary_of_a().await;
    let mut admin = signed_in(w, &both).await;
    let mut sec = signed_in(w, &w.sec_a).await;
    let head = w.app.audit_head().await;

    admin.get(page, "fil").await;
    let refused = admin.submit_in(action, fields, "fil").await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.html);
    assert!(
        refused.html.contains(&format!("id=\"{error_id}\""))
            && refused.html.contains("walang yunit na may id 987654"),
        "{}",
        refused.html
    );
    offers_remedy(
        &refused,
        link,
        "Tingnan ang mga yunit, at idagdag ang kulang",
    );
    let landing = admin.get("/desk/admin/units", "fil").await;
    assert!(
        landing.html.contains("id=\"new-unit--heading\"")
            && landing.html.contains("action=\"/desk/admin/units\""),
        "the link lands on the form that adds a unit: {}",
        landing.html
    );

    sec.get(page, "fil").await;
    let refused = sec.submit_in(action, fields, "fil").await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.html);
    assert!(
        refused.html.contains("walang yunit na may id 987654"),
        "{}",
        refused.html
    );
    assert!(!refused.html.contains(link), "{}", refused.html);
    assert_eq!(w.app.audit_head().await, head, "nothing written");
}

/// The refusal on `page` offers its remedy: the link `link`, worded `words`.
pub fn offers_remedy(page: &Page, link: &str, words: &str) {
    assert!(
        page.html.contains(link) && page.html.contains(words),
        "{}",
        page.html
    );
}

/// The page without its anti-forgery tokens, which differ in every answer.
pub fn without_tokens(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .enumerate()
        .map(|(i, part)| match i {
            0 => part,
            _ => part.split_once('"').map_or(part, |(_, rest)| rest),
        })
        .collect()
}
