//! What an audit entry changed, field by field, for people to read: the two JSON records
//! flattened to dotted paths and compared.

use serde_json::Value;
use std::collections::BTreeMap;

/// A field an entry touched: its value before and after, as short text; `None` where the
/// record had no such field (created, removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields that differ between `before` and `after` (JSON text of an entry), by path.
/// Text that is not JSON counts as one field named by nothing.
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let (mut was, mut now) = (BTreeMap::new(), BTreeMap::new());
    if let Some(text) = before {
        flatten("", &parse(text), &mut was);
    }
    if let Some(text) = after {
        flatten("", &parse(text), &mut now);
    }
    let mut fields: Vec<&String> = was.keys().chain(now.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter_map(|f| {
            let (b, a) = (was.get(f), now.get(f));
            (b != a).then(|| FieldChange {
                field: f.clone(),
                before: b.cloned(),
                after: a.cloned(),
            })
        })
        .collect()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// `value`'s leaves under `path`: objects open into `path.key`; anything else is one leaf.
fn flatten(path: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                let path = match path.is_empty() {
                    true => key.clone(),
                    false => format!("{path}.{key}"),
                };
                flatten(&path, v, out);
            }
        }
        Value::String(s) => {
            out.insert(path.to_owned(), s.clone());
        }
        Value::Null => {
            out.insert(path.to_owned(), "—".to_owned());
        }
        other => {
            out.insert(path.to_owned(), other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange {
            field: field.into(),
            before: before.map(Into::into),
            after: after.map(Into::into),
        }
    }

    #[test]
    fn only_the_fields_that_differ_are_shown() {
        let before = r#"{"title":"Old","due_date":"2026-01-31","status":"open","unit":{"id":3}}"#;
        let after = r#"{"title":"New","due_date":"2026-01-31","status":"open","unit":{"id":4},"note":null}"#;
        assert_eq!(
            changes(Some(before), Some(after)),
            vec![
                change("note", None, Some("—")),
                change("title", Some("Old"), Some("New")),
                change("unit.id", Some("3"), Some("4")),
            ]
        );
    }

    #[test]
    fn a_creation_shows_every_field_and_text_that_is_not_json_stays_whole() {
        assert_eq!(
            changes(None, Some(r#"{"a":[1,2],"b":true}"#)),
            vec![
                change("a", None, Some("[1,2]")),
                change("b", None, Some("true"))
            ]
        );
        assert_eq!(
            changes(Some("not json"), None),
            vec![change("", Some("not json"), None)]
        );
        assert!(changes(Some("{}"), Some("{}")).is_empty());
    }
}
