//! The methods each documented path answers, read from the OpenAPI document, so that another
//! method on a known path gets 405 with an `Allow` header instead of a 404.

use utoipa::openapi::OpenApi;

pub struct Methods {
    /// Path templates split at `/` (a `{name}` segment matches any one segment), with the
    /// methods they answer, as an `Allow` header lists them.
    paths: Vec<(Vec<String>, String)>,
}

impl Methods {
    pub fn of(doc: &OpenApi) -> Self {
        let paths = doc
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let json = serde_json::to_value(item).unwrap_or_default();
                let allow: Vec<String> = ["get", "put", "post", "delete", "patch"]
                    .iter()
                    .filter(|m| json.get(**m).is_some())
                    .map(|m| m.to_uppercase())
                    .collect();
                let segments = template.split('/').map(str::to_owned).collect();
                (segments, allow.join(", "))
            })
            .collect();
        Self { paths }
    }

    /// The `Allow` header of `path` when it is a documented path and `method` is not among its
    /// methods. Where templates overlap (`/incidents/summary.csv`, `/incidents/{id}`), the one
    /// with the most literal segments decides.
    pub fn refusing(&self, method: &str, path: &str) -> Option<String> {
        let asked: Vec<&str> = path.split('/').collect();
        let literal = |template: &[String]| -> Option<usize> {
            let fits = template.len() == asked.len()
                && template
                    .iter()
                    .zip(&asked)
                    .all(|(t, a)| t == a || (t.starts_with('{') && !a.is_empty()));
            fits.then(|| template.iter().filter(|t| !t.starts_with('{')).count())
        };
        let matching: Vec<(usize, &str)> = self
            .paths
            .iter()
            .filter_map(|(template, allow)| literal(template).map(|n| (n, allow.as_str())))
            .collect();
        let best = matching.iter().map(|(n, _)| *n).max()?;
        let allow: Vec<&str> = matching
            .iter()
            .filter(|(n, _)| *n == best)
            .flat_map(|(_, allow)| allow.split(", "))
            .collect();
        (!allow.contains(&method)).then(|| allow.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undocumented_method_on_a_documented_path_is_refused_with_the_documented_ones() {
        let methods = Methods::of(&crate::http::openapi::document());
        assert_eq!(
            methods.refusing("TRACE", "/api/v1/actions/12").as_deref(),
            Some("GET, PATCH")
        );
        assert_eq!(methods.refusing("GET", "/api/v1/actions/12"), None);
        assert_eq!(methods.refusing("DELETE", "/api/v1/nothing/here"), None);
        assert_eq!(methods.refusing("PUT", "/healthz").as_deref(), Some("GET"));
    }
}
