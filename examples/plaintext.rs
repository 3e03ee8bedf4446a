//! The read benchmark's reference (`scripts/bench.sh`): the smallest actix-web program, one
//! route answering "Hello, World!", built with the same actix-web as bantay. What the machine
//! and the framework can do at best, so that bantay's reads are judged against it.
//!
//! Usage: plaintext ADDRESS WORKERS   (GET /plaintext)

use actix_web::{App, HttpServer, web};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(address), Some(workers)) = (args.next(), args.next()) else {
        eprintln!("usage: plaintext ADDRESS WORKERS");
        std::process::exit(2);
    };
    let workers: usize = workers.parse().map_err(std::io::Error::other)?;
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(|| {
            App::new().route("/plaintext", web::get().to(|| async { "Hello, World!" }))
        })
        .workers(workers)
        .bind(&address)?;
        if let Some(bound) = server.addrs().first() {
            println!("plaintext listening on http://{bound}");
        }
        server.run().await
    })
}
