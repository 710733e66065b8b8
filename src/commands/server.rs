//! `plumb server`: the language server, over standard input and output.

use anyhow::Result;

use crate::ExitStatus;

/// `plumb server`: serves the editor that started it until it asks the server to exit.
pub(crate) fn run() -> Result<ExitStatus> {
    let (connection, threads) = plumb_server::Connection::stdio();
    let options = plumb_server::Options { panic_on: crate::panic::test_target() };
    plumb_server::run(&connection, options)?;
    // The writer ends once the connection's sender is gone.
    drop(connection);
    threads.join()?;
    Ok(ExitStatus::Success)
}
