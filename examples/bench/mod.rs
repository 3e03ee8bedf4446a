//! What the benchmark examples share: where they write their figures and how they sum up timings.

use std::path::PathBuf;
use std::time::Duration;

/// The output folder named by the first argument, created if it is missing.
pub fn out_dir(usage: &'static str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or(usage)?);
    std::fs::create_dir_all(&out)?;
    Ok(out)
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}
