//! Compiles in every message catalogue found in `locales/`, so that a translator adds a
//! language by adding a file, without touching code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=locales");
    // Read when the script runs, not when it was compiled: a build directory copied from another
    // checkout would otherwise keep compiling in that checkout's catalogues.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("locales");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the locales directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = String::from("pub static CATALOGUES: &[(&str, &str)] = &[\n");
    for f in files {
        let code = f
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name");
        writeln!(out, "    ({code:?}, include_str!({:?})),", f.display()).expect("write");
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("catalogues.rs");
    std::fs::write(target, out).expect("write catalogues.rs");
}
