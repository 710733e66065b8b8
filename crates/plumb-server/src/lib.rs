//! plumb's language server: complexity in the editor, as you type.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is `plumb server`'s behaviour and settings (`docs/editors.md`).
//!
//! [`run`] serves one client over a [`Connection`] (the binary's standard input and output).
//! Each open document is analysed from its unsaved text, as `plumb check` analyses the file of
//! that name (its configuration, its language, its suppressions): on open, on change (after a
//! pause in typing, the latest version only), on save. The server publishes its findings as
//! diagnostics and answers pull diagnostics; it shows each function's complexities in a code
//! lens or an inlay hint, explains them on hover over the function's name, and offers code
//! actions that allow a rule for a function or open the rule's documentation. Configuration
//! files are read again when they change, and each workspace folder has its own
//! [`plumb_engine::Workspace`].
//!
//! ```
//! use lsp_server::{Connection, Message, Notification, Request};
//!
//! let (server, client) = Connection::memory();
//! let serving = std::thread::spawn(move || plumb_server::run(&server, plumb_server::Options::default()));
//! let initialize = serde_json::json!({"capabilities": {}, "rootUri": null});
//! client.sender.send(Request::new(1.into(), "initialize".into(), initialize).into())?;
//! let Message::Response(response) = client.receiver.recv()? else { panic!("a response") };
//! assert_eq!(response.response_result.unwrap()["serverInfo"]["name"], "plumb");
//! client.sender.send(Notification::new("initialized".into(), serde_json::json!({})).into())?;
//! client.sender.send(Request::new(2.into(), "shutdown".into(), ()).into())?;
//! let Message::Response(response) = client.receiver.recv()? else { panic!("a response") };
//! assert_eq!(response.id, 2.into());
//! client.sender.send(Notification::new("exit".into(), ()).into())?;
//! serving.join().unwrap()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod analysis;
mod convert;
mod features;
mod server;
mod settings;

pub use lsp_server::Connection;
pub use settings::{Annotations, Functions, Settings};

/// How the server runs, besides what the client says.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// For tests of failure paths: analysing a file whose path ends with this panics, as a bug
    /// in the analysis would.
    pub panic_on: Option<String>,
    /// The result cache, shared with `plumb check` ([`plumb_engine::Cache`]); `None` to measure
    /// every document.
    pub cache: Option<std::sync::Arc<plumb_engine::Cache>>,
}

/// Serves one client over `connection`: the initialization handshake, then requests and
/// notifications until `exit`. Returns when the client has asked the server to shut down and
/// exit, or has gone away.
pub fn run(connection: &Connection, options: Options) -> Result<(), Error> {
    server::serve(connection, options)
}

/// Why the server stopped before the client asked it to: the protocol was broken (a message
/// out of place, the connection lost during the handshake) or a thread could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<lsp_server::ProtocolError> for Error {
    fn from(error: lsp_server::ProtocolError) -> Self {
        Self(error.to_string())
    }
}
