//! The Atom feed (RFC 4287) of published reports: one entry per report, with its PDF in each
//! language and each PDF's SHA-256, newest first.

use crate::db::reports::{Edition, Report};
use crate::markup::escape;
use std::fmt::Write;

/// One published report as the feed lists it.
pub struct Entry<'a> {
    pub report: &'a Report,
    pub board_name: &'a str,
    pub editions: &'a [Edition],
    pub superseded_by: Option<i64>,
}

/// The feed; `base` is the service's address as the reader reached it (no trailing slash).
pub fn feed(installation: &str, base: &str, title: &str, entries: &[Entry<'_>]) -> String {
    let updated = entries
        .iter()
        .filter_map(|e| e.report.published_at)
        .max()
        .map(|t| t.and_utc().to_rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".to_owned());
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <id>urn:bantay:{installation}:reports</id>\n\
         <title>{}</title>\n\
         <updated>{updated}</updated>\n\
         <author><name>bantay</name></author>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/reports.atom\"/>\n",
        escape(title),
        escape(base),
    );
    for e in entries {
        let r = e.report;
        let Some(published) = r.published_at else {
            continue;
        };
        let published = published.and_utc().to_rfc3339();
        let mut pdfs = String::new();
        let mut hashes = Vec::new();
        for edition in e.editions {
            let language = &edition.language;
            let query = match language.as_str() {
                "en" => String::new(),
                other => format!("?language={other}"),
            };
            let href = format!("{base}/api/v1/public/reports/{}/pdf{query}", r.id);
            let _ = writeln!(
                pdfs,
                "<link rel=\"alternate\" type=\"application/pdf\" hreflang=\"{}\" href=\"{}\"/>",
                escape(language),
                escape(&href)
            );
            hashes.push(format!(
                "{} SHA-256 {}",
                escape(language),
                edition.pdf_sha256
            ));
        }
        let hashes = hashes.join("; ");
        let document = format!("{base}/api/v1/public/reports/{}/document.json", r.id);
        let tables = format!("{base}/api/v1/public/reports/{}/tables.csv", r.id);
        let status = match e.superseded_by {
            Some(newer) => format!(" Superseded by report {newer}."),
            None => String::new(),
        };
        let correction = match r.supersedes_id {
            Some(old) => format!(" Corrects report {old}."),
            None => String::new(),
        };
        let _ = write!(
            xml,
            "<entry>\n\
             <id>urn:bantay:{installation}:report:{}</id>\n\
             <title>{} — {} (revision {})</title>\n\
             <updated>{published}</updated>\n\
             <published>{published}</published>\n\
             {pdfs}\
             <link rel=\"related\" type=\"application/json\" href=\"{}\"/>\n\
             <link rel=\"related\" type=\"text/csv\" href=\"{}\"/>\n\
             <summary>Signed PDFs: {hashes}.{correction}{status}</summary>\n\
             </entry>\n",
            r.id,
            escape(e.board_name),
            escape(&r.period),
            r.revision,
            escape(&document),
            escape(&tables),
        );
    }
    xml.push_str("</feed>\n");
    xml
}
