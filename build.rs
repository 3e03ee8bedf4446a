//! Compiles in every message catalogue found in `locales/`, so that a translator adds a
//! language by adding a file, without touching code; and writes one constructor per refusal of
//! the English catalogue (`refusal.<code>`, see `src/domain/refusal.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=locales");
    // Read when the script runs, not when it was compiled: a build directory copied from another
    // checkout would otherwise keep compiling in that checkout's catalogues.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("locales");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the locales directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = String::from("pub static CATALOGUES: &[(&str, &str)] = &[\n");
    for f in &files {
        let code = f
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name");
        writeln!(out, "    ({code:?}, include_str!({:?})),", f.display()).expect("write");
    }
    out.push_str("];\n");
    std::fs::write(Path::new(&out_dir).join("catalogues.rs"), out).expect("write catalogues.rs");

    let english = std::fs::read_to_string(dir.join("en.json")).expect("locales/en.json");
    let english: BTreeMap<String, String> =
        serde_json::from_str(&english).expect("locales/en.json: a flat object of texts");
    let mut refusals = String::new();
    for (key, text) in &english {
        if let Some(code) = key.strip_prefix("refusal.") {
            constructor(&mut refusals, code, text);
        }
    }
    std::fs::write(Path::new(&out_dir).join("refusals.rs"), refusals).expect("write refusals.rs");
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `pub fn <code>(<placeholder>: impl Fill, …) -> Reason`, the placeholders in alphabetical order.
fn constructor(out: &mut String, code: &str, text: &str) {
    assert!(
        is_identifier(code),
        "refusal.{code}: a refusal's code is lower-case letters, digits and _"
    );
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in &names {
        assert!(
            is_identifier(name) && !matches!(*name, "type" | "ref" | "move" | "match" | "fn"),
            "refusal.{code}: {{{name}}} must be a lower-case name that is not a Rust keyword"
        );
    }
    let params: Vec<String> = names.iter().map(|n| format!("{n}: impl Fill")).collect();
    let values: Vec<String> = names
        .iter()
        .map(|n| format!("({n:?}, {n}.value())"))
        .collect();
    writeln!(
        out,
        "/// {text:?}\npub fn {code}({}) -> Reason {{\n    Reason::coded({code:?}, vec![{}])\n}}\n",
        params.join(", "),
        values.join(", ")
    )
    .expect("write");
}
