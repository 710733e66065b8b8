//! `plumb server`: the language server, over standard input and output.

use std::sync::Arc;

use anyhow::Result;

use crate::ExitStatus;
use crate::cli::ServerArgs;

/// `plumb server`: serves the editor that started it until it asks the server to exit.
pub(crate) fn run(args: &ServerArgs) -> Result<ExitStatus> {
    let (connection, threads) = plumb_server::Connection::stdio();
    let cache = super::cache(&args.cache)?.map(Arc::new);
    let options = plumb_server::Options { panic_on: crate::panic::test_target(), cache: cache.clone() };
    plumb_server::run(&connection, options)?;
    // Sweeps the cache when due; its warnings go to the editor's log of the server.
    if let Some(cache) = cache {
        crate::output::notices(&cache.finish());
    }
    // The writer ends once the connection's sender is gone.
    drop(connection);
    threads.join()?;
    Ok(ExitStatus::Success)
}
