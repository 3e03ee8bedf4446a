//! Signed report PDFs, checked by pdfsig and pyHanko, with the installation's key or an operator's own.

use super::python;
use crate::helpers::bantay_cli;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// `pyhanko sign validate`, trusting only `root`.
fn pyhanko_validate(root: &Path, pdf: &Path) -> (bool, String) {
    let pyhanko = python().with_file_name("pyhanko");
    let args: Vec<&std::ffi::OsStr> = ["sign", "validate", "--pretty-print", "--trust"]
        .map(std::ffi::OsStr::new)
        .into_iter()
        .chain([
            root.as_os_str(),
            "--trust-replace".as_ref(),
            pdf.as_os_str(),
        ])
        .collect();
    tool(pyhanko.to_str().expect("path"), &args)
}

fn tool(name: &str, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is missing ({e}): run scripts/install-test-tools.sh"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn a_published_report_is_valid_for_pdfsig_and_pyhanko_and_one_changed_byte_breaks_both() {
    use crate::fixtures::world::World;
    let mut w = World::build().await;
    let sec = w.sec_a.bearer();
    let board: i64 = w.boards.a;
    let markers = [
        "MARKER-VICTIM-Amihan",
        "MARKER-NARRATIVE-ilog",
        "MARKER-FILER-Tala",
        "+63-MARKER-777",
    ];
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for n in 0..7 {
        let r = w
            .app
            .post_json(
                "/api/v1/incidents",
                sec,
                json!({"board_id": board, "occurred_on": today, "region": "Rehiyon ng Bicol",
                    "summary": format!("Pagsunog ng bahay {n}"), "severity": "low",
                    "harms": ["property_destroyed"],
                    "victims": [{"sex": "female", "age_group": "adult", "count": 2}],
                    "narrative": markers[1],
                    "victim_identities": [{"name": markers[0], "sex": "female", "age_group": "adult"}]}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = w
        .app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": board, "category": "harassment", "description": "Harassed",
                "contact": {"name": markers[2], "phone": markers[3]}}),
        )
        .await;
    assert_eq!(r.status, 201);
    w.close_this_month().await;
    let sec = w.sec_a.bearer();
    let drafted = w
        .app
        .create(
            &format!("/api/v1/boards/{board}/reports"),
            sec.expect("secA"),
            json!({"period": w.this_month}),
        )
        .await;
    let id = drafted["id"].clone();
    let words = json!({"en": {"went_well": "Every unit sent its representative.",
        "fell_short": "Seven houses burned in one month.", "asks": "The brigade reports by May."}});
    let assessed = (w.app)
        .request(
            awc::http::Method::PUT,
            &format!("/api/v1/reports/{id}/assessment"),
            sec,
            Some(words),
        )
        .await;
    assert_eq!(assessed.status, 200, "{}", assessed.text);
    let published = w
        .app
        .post_json(&format!("/api/v1/reports/{id}/publish"), sec, json!({}))
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    let pdf = w
        .app
        .raw(
            awc::http::Method::GET,
            &format!("/api/v1/public/reports/{id}/pdf"),
            None,
            None,
            &[],
        )
        .await
        .bytes;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&pdf))
    };
    assert_eq!(published.body["pdf_sha256"], sha.as_str());
    let root = w
        .app
        .get("/api/v1/public/root-certificate.pem", None)
        .await
        .text;
    let root_file = dir.path().join("root.pem");
    std::fs::write(&root_file, &root).expect("write");

    // Text and figures come back out; nothing personal does, nor in metadata or attachments.
    let (ok, text) = tool("pdftotext", &[file.as_os_str(), "-".as_ref()]);
    assert!(ok, "{text}");
    for expected in [
        "Monthly accountability report",
        "Rehiyon ng Bicol",
        "Incidents this month: 7. Victims counted: 14.",
        "not yet counted: 0.",
        // Board A's two-person rule is off (the world's admin turned it off): the cover says so.
        "Signed and published by a secretary of the board",
        // The board's words, signed with the report.
        "The board's assessment",
        "Seven houses burned in one month.",
        "The brigade reports by May.",
    ] {
        assert!(
            text.contains(expected),
            "pdftotext lacks {expected:?}:\n{text}"
        );
    }
    // The first page is the month at a glance, not a table of contents alone.
    let (ok, cover) = tool(
        "pdftotext",
        &["-layout", "-f", "1", "-l", "1"]
            .map(std::ffi::OsStr::new)
            .into_iter()
            .chain([file.as_os_str(), "-".as_ref()])
            .collect::<Vec<_>>(),
    );
    assert!(ok, "{cover}");
    let incidents = cover
        .lines()
        .find(|l| l.contains("Civilian-harm incidents"))
        .unwrap_or_else(|| panic!("no incidents line on the cover:\n{cover}"));
    assert!(cover.contains("The month at a glance"), "{cover}");
    assert!(
        incidents.split_whitespace().any(|w| w == "7"),
        "{incidents}"
    );
    // The report's document as open data: the SHA-256 the PDF prints is that of its bytes, and
    // nothing personal is in it either.
    let document = w
        .app
        .raw(
            awc::http::Method::GET,
            &format!("/api/v1/public/reports/{id}/document.json"),
            None,
            None,
            &[],
        )
        .await
        .bytes;
    let document_sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&document))
    };
    let printed: String = text.split_whitespace().collect();
    assert!(
        printed.contains(&format!("SHA-256{document_sha};")),
        "the PDF does not print {document_sha}:\n{text}"
    );
    let open_data = String::from_utf8_lossy(&document);
    assert!(open_data.contains("\"period\""), "{open_data}");
    for m in markers {
        assert!(!open_data.contains(m), "document.json holds {m}");
    }
    let (_, info) = tool("pdfinfo", &["-meta".as_ref(), file.as_os_str()]);
    // One attachment: the document itself, byte for byte (so it holds no marker either).
    let (_, attachments) = tool("pdfdetach", &["-list".as_ref(), file.as_os_str()]);
    assert!(attachments.contains("1 embedded files"), "{attachments}");
    assert!(attachments.contains(".json"), "{attachments}");
    let detached = dir.path().join("detached.json");
    let (ok, out) = tool(
        "pdfdetach",
        &[
            "-save".as_ref(),
            "1".as_ref(),
            "-o".as_ref(),
            detached.as_os_str(),
            file.as_os_str(),
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(
        std::fs::read(&detached).expect("detached"),
        document,
        "the embedded file is the document"
    );
    let raw = String::from_utf8_lossy(&pdf);
    for m in markers {
        for (what, haystack) in [
            ("text", &text),
            ("metadata", &info),
            ("bytes", &raw.to_string()),
        ] {
            assert!(!haystack.contains(m), "the PDF's {what} holds {m}");
        }
    }

    // poppler: valid, the whole file, and trusted once the root is in an NSS database.
    let (_, sig) = tool("pdfsig", &[file.as_os_str()]);
    assert!(sig.contains("Signature is Valid"), "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");
    assert!(sig.contains("ETSI.CAdES.detached"), "{sig}");
    let nss = dir.path().join("nss");
    std::fs::create_dir(&nss).expect("nss dir");
    let nss_arg = format!("sql:{}", nss.display());
    let (ok, out) = tool(
        "certutil",
        &[
            "-N".as_ref(),
            "-d".as_ref(),
            nss_arg.as_ref(),
            "--empty-password".as_ref(),
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = tool(
        "certutil",
        &[
            "-A",
            "-d",
            &nss_arg,
            "-n",
            "bantay root",
            "-t",
            "C,C,C",
            "-i",
        ]
        .map(std::ffi::OsStr::new)
        .iter()
        .copied()
        .chain([root_file.as_os_str()])
        .collect::<Vec<_>>(),
    );
    assert!(ok, "{out}");
    let (_, sig) = tool(
        "pdfsig",
        &["-nssdir".as_ref(), nss_arg.as_ref(), file.as_os_str()],
    );
    assert!(sig.contains("Certificate is Trusted"), "{sig}");

    // pyHanko: valid, trusted, covering the entire file.
    let validate = |pdf: &Path| pyhanko_validate(&root_file, pdf);
    let (ok, hanko) = validate(&file);
    assert!(ok, "{hanko}");
    assert!(hanko.contains("judged VALID"), "{hanko}");
    assert!(hanko.contains("entire file"), "{hanko}");

    // The Filipino edition: signed on its own, valid and whole for both validators, in Filipino.
    let fil_pdf = (w.app)
        .raw(
            awc::http::Method::GET,
            &format!("/api/v1/public/reports/{id}/pdf?language=fil"),
            None,
            None,
            &[],
        )
        .await
        .bytes;
    assert_ne!(fil_pdf, pdf);
    let fil_file = dir.path().join("report.fil.pdf");
    std::fs::write(&fil_file, &fil_pdf).expect("write");
    let (_, sig) = tool(
        "pdfsig",
        &["-nssdir".as_ref(), nss_arg.as_ref(), fil_file.as_os_str()],
    );
    for expected in [
        "Signature is Valid",
        "Total document signed",
        "Certificate is Trusted",
    ] {
        assert!(sig.contains(expected), "{expected}: {sig}");
    }
    let (ok, hanko) = validate(&fil_file);
    assert!(ok && hanko.contains("judged VALID"), "{hanko}");
    assert!(hanko.contains("entire file"), "{hanko}");
    let (ok, text) = tool("pdftotext", &[fil_file.as_os_str(), "-".as_ref()]);
    assert!(ok, "{text}");
    for expected in [
        "Buwanang ulat ng pananagutan",
        "Ang buwan sa isang sulyap",
        "Mga insidente ngayong buwan: 7.",
        // The board wrote in English only: the Filipino edition prints its words, saying so.
        "Isinulat ng lupon ang pagtatasa nito sa Ingles.",
        "Seven houses burned in one month.",
    ] {
        assert!(
            text.contains(expected),
            "the Filipino edition lacks {expected:?}:\n{text}"
        );
    }

    // The Atom feed parses with feedparser and lists this report with the PDF's SHA-256.
    let feed = w.app.get("/reports.atom", None).await.text;
    let mut child = Command::new(python())
        .args([
            "-c",
            "import feedparser, json, sys\n\
             d = feedparser.parse(sys.stdin.read())\n\
             print(json.dumps({'bozo': bool(d.bozo), 'version': d.version, \
             'summaries': [e.summary for e in d.entries]}))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(feed.as_bytes())
        .expect("write");
    let parsed: Value = serde_json::from_slice(&child.wait_with_output().expect("out").stdout)
        .expect("feedparser's answer");
    assert_eq!(parsed["bozo"], false, "{feed}");
    assert_eq!(parsed["version"], "atom10");
    assert!(parsed["summaries"].to_string().contains(&sha), "{parsed}");

    // The service and the CLI agree.
    let upload = async |bytes: Vec<u8>| w.app.verify_pdf(&bytes).await;
    let verdict = upload(pdf.clone()).await;
    assert_eq!(verdict["genuine"], true, "{verdict}");
    assert_eq!(verdict["report"]["id"], id);
    let cli = bantay_cli(
        &w.app.test_db,
        &["report", "verify", file.to_str().expect("path")],
        None,
    );
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stdout)
    );

    // One changed byte inside the signed content: everyone says no.
    let mut tampered = pdf.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x01;
    let bad = dir.path().join("tampered.pdf");
    std::fs::write(&bad, &tampered).expect("write");
    let (_, sig) = tool("pdfsig", &[bad.as_os_str()]);
    assert!(!sig.contains("Signature is Valid"), "{sig}");
    let (ok, hanko) = validate(&bad);
    assert!(!ok && !hanko.contains("judged VALID"), "{hanko}");
    let verdict = upload(tampered).await;
    assert_eq!(verdict["genuine"], false, "{verdict}");
    assert_eq!(verdict["signature"]["intact"], false, "{verdict}");
    let cli = bantay_cli(
        &w.app.test_db,
        &["report", "verify", bad.to_str().expect("path")],
        None,
    );
    assert!(
        !cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stdout)
    );
}

/// Runs `openssl` in `dir` with whitespace-separated `args`; panics on failure.
fn openssl(dir: &Path, args: &str) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args.split_whitespace())
        .output()
        .unwrap_or_else(|e| panic!("openssl is missing ({e}): run scripts/install-test-tools.sh"));
    assert!(
        out.status.success(),
        "openssl {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn an_operator_s_own_pkcs12_key_signs_reports_pyhanko_trusts_and_earlier_reports_stay_genuine()
 {
    use crate::fixtures::world::World;
    let w = World::build().await;
    let sec = w.sec_a.bearer();
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    // The operator's own PKI, made with OpenSSL: a root, an intermediate and a signing key.
    std::fs::write(
        d.join("ext.cnf"),
        "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n\
         [leaf]\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .expect("write");
    let p256 = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc";
    openssl(
        d,
        &format!(
            "req -x509 {p256} -keyout root.key -out root.crt -days 3650 \
             -subj /CN=Ombudsman-Root/O=Ombudsman -addext basicConstraints=critical,CA:TRUE \
             -addext keyUsage=critical,keyCertSign,cRLSign"
        ),
    );
    openssl(
        d,
        &format!("req {p256} -keyout ca.key -out ca.csr -subj /CN=Ombudsman-Issuing/O=Ombudsman"),
    );
    openssl(
        d,
        "x509 -req -in ca.csr -CA root.crt -CAkey root.key -CAcreateserial -out ca.crt \
         -days 1825 -extfile ext.cnf -extensions ca",
    );
    openssl(
        d,
        &format!(
            "req {p256} -keyout leaf.key -out leaf.csr -subj /CN=Ombudsman-Reports/O=Ombudsman"
        ),
    );
    openssl(
        d,
        "x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out leaf.crt \
         -days 365 -extfile ext.cnf -extensions leaf",
    );
    let read = |name: &str| std::fs::read_to_string(d.join(name)).expect("read");
    std::fs::write(d.join("cas.pem"), read("ca.crt") + &read("root.crt")).expect("write");
    let password = "Tagumpay-2026";
    // OpenSSL 3's default (PBES2, AES-256, PBKDF2) and the older 3DES kind.
    openssl(
        d,
        &format!(
            "pkcs12 -export -inkey leaf.key -in leaf.crt -certfile cas.pem -out modern.p12 \
             -passout pass:{password}"
        ),
    );
    openssl(
        d,
        &format!(
            "pkcs12 -export -inkey leaf.key -in leaf.crt -certfile cas.pem -out legacy.p12 \
             -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -passout pass:{password}"
        ),
    );
    let path = |name: &str| d.join(name).to_str().expect("path").to_owned();
    let installation_root = w
        .app
        .get("/api/v1/public/root-certificate.pem", None)
        .await
        .text;
    let earlier_pdf = w
        .app
        .get(
            &format!("/api/v1/public/reports/{}/pdf", w.reports.published),
            None,
        )
        .await
        .bytes;

    // A wrong password or a key that is not the chain's changes nothing and says why.
    let wrong = bantay_cli(
        &w.app.test_db,
        &["keys", "import", "--pkcs12", &path("modern.p12")],
        Some("not-the-password\n"),
    );
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("wrong password"), "{said}");
    let foreign = bantay_cli(
        &w.app.test_db,
        &[
            "keys",
            "import",
            "--key",
            &path("ca.key"),
            "--chain",
            &path("leaf.crt"),
        ],
        None,
    );
    assert!(!foreign.status.success());
    let said = String::from_utf8_lossy(&foreign.stderr);
    assert!(
        said.contains("no certificate of the chain is the key's"),
        "{said}"
    );
    assert_eq!(
        w.app
            .get("/api/v1/public/root-certificate.pem", None)
            .await
            .text,
        installation_root
    );

    // Each file imports, a PEM chain in any order too, and the root served is the operator's.
    std::fs::write(
        d.join("shuffled.pem"),
        read("root.crt") + &read("leaf.crt") + &read("ca.crt"),
    )
    .expect("write");
    for (args, stdin) in [
        (
            vec!["--pkcs12", "legacy.p12"],
            Some(format!("{password}\n")),
        ),
        (vec!["--key", "leaf.key", "--chain", "shuffled.pem"], None),
        (
            vec!["--pkcs12", "modern.p12"],
            Some(format!("{password}\n")),
        ),
    ] {
        let files: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("--") {
                    (*a).to_owned()
                } else {
                    path(a)
                }
            })
            .collect();
        let mut all = vec!["keys", "import"];
        all.extend(files.iter().map(String::as_str));
        let out = bantay_cli(&w.app.test_db, &all, stdin.as_deref());
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            read("root.crt"),
            "{args:?}"
        );
    }
    assert_eq!(
        w.app
            .get("/api/v1/public/root-certificate.pem", None)
            .await
            .text,
        read("root.crt")
    );

    // A report published now is signed by the operator's key through their intermediate.
    let id = &w.reports.draft;
    let r = w
        .app
        .post_json(&format!("/api/v1/reports/{id}/publish"), sec, json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let pdf = w
        .app
        .get(&format!("/api/v1/public/reports/{id}/pdf"), None)
        .await
        .bytes;
    std::fs::write(d.join("report.pdf"), &pdf).expect("write");
    let (ok, hanko) = pyhanko_validate(&d.join("root.crt"), &d.join("report.pdf"));
    assert!(ok && hanko.contains("judged VALID"), "{hanko}");
    assert!(hanko.contains("Ombudsman-Reports"), "{hanko}");

    // The service's own verification trusts the new root and still the one it replaced.
    for (what, bytes, signer) in [
        ("new", pdf, "Ombudsman-Reports"),
        ("earlier", earlier_pdf, "report signer"),
    ] {
        let verdict = w.app.verify_pdf(&bytes).await;
        assert_eq!(verdict["genuine"], true, "{what}: {verdict}");
        assert!(
            verdict["signature"]["signer"]
                .as_str()
                .is_some_and(|s| s.contains(signer)),
            "{what}: {verdict}"
        );
    }
}
