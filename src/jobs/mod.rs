//! Scheduled work. Each job is a plain function of the database and a moment, idempotent, and
//! callable from the scheduler, the command line and tests alike.

pub mod grievance_deadlines;
pub mod materialise;
pub mod overdue;
pub mod reminders;
pub mod report_drafts;
pub mod scheduler;

use crate::auth::rate_limit;
use crate::clock::SharedClock;
use crate::config::JobSettings;
use crate::db::Db;
use crate::outbox::{self, Mailer};

pub struct JobContext {
    pub db: Db,
    pub clock: SharedClock,
    pub settings: JobSettings,
    /// Counts below it are suppressed in drafted reports.
    pub small_count_threshold: u32,
    pub mailer: Option<Mailer>,
}

/// One tick: every job once, in order, each failure logged and the others still run.
pub async fn tick(ctx: &JobContext) {
    let now = ctx.clock.now();
    if let Err(e) =
        materialise::run(&ctx.db, now, ctx.settings.meetings.meeting_horizon_months).await
    {
        tracing::error!(error = %e, "materialising meetings failed");
    }
    if let Err(e) = reminders::run(&ctx.db, now, ctx.settings.meetings.reminder_days).await {
        tracing::error!(error = %e, "queuing reminders failed");
    }
    if let Err(e) = overdue::run(&ctx.db, now, ctx.settings.action_grace_days).await {
        tracing::error!(error = %e, "queuing overdue reminders failed");
    }
    if let Err(e) = grievance_deadlines::run(&ctx.db, now).await {
        tracing::error!(error = %e, "flagging missed grievance deadlines failed");
    }
    if let Err(e) = report_drafts::run(
        &ctx.db,
        now,
        &ctx.settings.reports,
        ctx.small_count_threshold,
    )
    .await
    {
        tracing::error!(error = %e, "drafting monthly reports failed");
    }
    if let Err(e) = outbox::deliver_due(&ctx.db, ctx.mailer.as_ref(), now).await {
        tracing::error!(error = %e, "delivering notifications failed");
    }
    if let Err(e) = rate_limit::sweep(&ctx.db, now).await {
        tracing::error!(error = %e, "sweeping the throttles' old counts failed");
    }
}
