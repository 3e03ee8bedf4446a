//! Monthly reports: the document's content and privacy, its lifecycle, and the drafting job.

mod assessment;
mod dashboard;
mod document;
mod drafting;
mod editions;
mod files;
mod publishing;

use crate::fixtures::scene::Scene;
use crate::fixtures::world::World;
use crate::helpers::Response;
use serde_json::json;

impl Scene {
    /// The secretary drafts (or redrafts) the board's report for `period`: the answer as it came.
    async fn draft(&self, period: &str) -> Response {
        let path = format!("/api/v1/boards/{}/reports", self.board);
        let body = json!({ "period": period });
        self.app.post_json(&path, Some(&self.sec), body).await
    }
}

impl World {
    /// The document of the world's published report, as the public downloads it.
    async fn published_document(&self) -> serde_json::Value {
        let path = format!(
            "/api/v1/public/reports/{}/document.json",
            self.reports.published
        );
        self.app.get(&path, None).await.body
    }
}
