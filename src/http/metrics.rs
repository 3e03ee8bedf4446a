//! Request counters and latency histograms, written out as Prometheus text.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    // route pattern → (method, status) → observations: a key is written once, when its route is
    // first seen, and only looked up after that.
    series: Mutex<ByRoute>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        // Clients choose the method token; only the standard ones get a series of their own.
        let method = match method {
            "GET" => "GET",
            "HEAD" => "HEAD",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            "DELETE" => "DELETE",
            "OPTIONS" => "OPTIONS",
            _ => "OTHER",
        };
        let secs = elapsed.as_secs_f64();
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let by_route = match series.get_mut(route) {
            Some(by_route) => by_route,
            None => series.entry(route.to_owned()).or_default(),
        };
        let s = by_route.entry((method, status)).or_default();
        s.count += 1;
        s.sum += secs;
        for (bucket, bound) in s.buckets.iter_mut().zip(BUCKETS) {
            if secs <= bound {
                *bucket += 1;
            }
        }
    }

    pub fn render(&self) -> String {
        let series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str("# HELP bantay_http_requests_total HTTP requests answered.\n");
        out.push_str("# TYPE bantay_http_requests_total counter\n");
        for (route, (method, status), s) in flat(&series) {
            let _ = writeln!(
                out,
                "bantay_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}",
                escape(route),
                s.count
            );
        }
        out.push_str("# HELP bantay_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE bantay_http_request_duration_seconds histogram\n");
        for (route, (method, status), s) in flat(&series) {
            let labels = format!(
                "method=\"{method}\",route=\"{}\",status=\"{status}\"",
                escape(route)
            );
            for (count, bound) in s.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "bantay_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "bantay_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "bantay_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "bantay_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        out
    }
}

type ByRoute = BTreeMap<String, BTreeMap<(&'static str, u16), Series>>;

/// Every series with its route, method and status.
fn flat(series: &ByRoute) -> impl Iterator<Item = (&String, &(&'static str, u16), &Series)> {
    series
        .iter()
        .flat_map(|(route, by)| by.iter().map(move |(key, s)| (route, key, s)))
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
