//! The only user of the cron crate. It only ticks, in UTC; the jobs decide what is due from
//! each board's own zone and claim their work in the database, so ticks from several instances,
//! or a tick after downtime, do each thing once.

use super::{JobContext, tick};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio_cron_scheduler::{Job, JobScheduler};

/// Starts ticking every `every`, with a first tick at once to catch up after downtime. A tick
/// still running when the next is due makes that one a no-op.
pub async fn start(ctx: JobContext, every: Duration) -> anyhow::Result<JobScheduler> {
    let ctx = Arc::new(ctx);
    let running = Arc::new(Mutex::new(()));
    let once = |ctx: Arc<JobContext>, running: Arc<Mutex<()>>| async move {
        if let Ok(_guard) = running.try_lock() {
            tick(&ctx).await;
        }
    };
    tokio::spawn(once(ctx.clone(), running.clone()));
    let scheduler = JobScheduler::new().await?;
    scheduler
        .add(Job::new_repeated_async(every, move |_, _| {
            Box::pin(once(ctx.clone(), running.clone()))
        })?)
        .await?;
    scheduler.start().await?;
    Ok(scheduler)
}
