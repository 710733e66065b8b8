//! The server's loop: the protocol's messages in, documents analysed on a thread of their own,
//! answers and diagnostics out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    ClientCapabilities, CodeActionProviderCapability, CodeLensOptions, DiagnosticOptions,
    DiagnosticServerCapabilities, DidChangeWatchedFilesRegistrationOptions, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, ExecuteCommandOptions, FileSystemWatcher, FullDocumentDiagnosticReport,
    GlobPattern, HoverProviderCapability, InitializeParams, InitializeResult, LogMessageParams, MessageType,
    OneOf, PublishDiagnosticsParams, Registration, RegistrationParams, RelatedFullDocumentDiagnosticReport,
    SaveOptions, ServerCapabilities, ServerInfo, ShowDocumentParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use plumb_engine::Workspace;
use serde_json::Value;

use crate::analysis::{self, Analysis, Done, Job, Shared};
use crate::settings::{Annotations, Settings};
use crate::{Error, Options, convert, features};

/// The configuration files whose changes the server watches.
const CONFIG_FILES: [&str; 3] = ["**/plumb.toml", "**/.plumb.toml", "**/pyproject.toml"];

/// What the client can do, as its capabilities say.
#[derive(Debug, Default)]
#[allow(clippy::struct_excessive_bools)] // each is one capability of the protocol
struct Client {
    /// It pulls diagnostics (`textDocument/diagnostic`): they are not pushed.
    pulls: bool,
    /// It can be told to pull again.
    refreshes_diagnostics: bool,
    /// It answers `workspace/configuration`.
    configuration: bool,
    /// It watches files for the server when asked.
    watches: bool,
    /// It opens web pages (`window/showDocument`).
    shows_documents: bool,
    /// It can be told to ask for code lenses or inlay hints again.
    refreshes_lenses: bool,
    refreshes_hints: bool,
}

impl Client {
    fn from_capabilities(capabilities: &ClientCapabilities) -> Self {
        let workspace = capabilities.workspace.as_ref();
        let flag = |value: Option<bool>| value == Some(true);
        Self {
            pulls: capabilities.text_document.as_ref().is_some_and(|text| text.diagnostic.is_some()),
            refreshes_diagnostics: flag(workspace.and_then(|w| w.diagnostic.as_ref()?.refresh_support)),
            configuration: flag(workspace.and_then(|w| w.configuration)),
            watches: flag(workspace.and_then(|w| w.did_change_watched_files?.dynamic_registration)),
            shows_documents: capabilities
                .window
                .as_ref()
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
            refreshes_lenses: flag(workspace.and_then(|w| w.code_lens.as_ref()?.refresh_support)),
            refreshes_hints: flag(workspace.and_then(|w| w.inlay_hint.as_ref()?.refresh_support)),
        }
    }
}

/// An open document.
struct Doc {
    version: i32,
    text: Arc<String>,
    /// Its file; `None` for a document with no file (`untitled:`), which is not analysed.
    path: Option<PathBuf>,
    /// When to analyse it (after a pause in typing), unless it is analysed.
    due: Option<Instant>,
    /// The analysis of the latest version, once done.
    analysis: Option<Arc<Analysis>>,
    /// Requests that wait for the analysis of the latest version.
    waiting: Vec<Request>,
}

struct Server<'c> {
    connection: &'c Connection,
    client: Client,
    settings: Settings,
    folders: Vec<PathBuf>,
    workspaces: HashMap<PathBuf, Arc<Workspace>>,
    docs: HashMap<Uri, Doc>,
    shared: Shared,
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// The server's own requests: the id of the next one, and those asking for the settings.
    next_id: i32,
    configuration_requests: Vec<RequestId>,
}

/// Whether the loop goes on.
#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

pub(crate) fn serve(connection: &Connection, options: Options) -> Result<(), Error> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)
        .map_err(|error| Error(format!("invalid initialize parameters: {error}")))?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "plumb".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result).unwrap_or_default())?;
    let shared = Shared { panic_on: options.panic_on, cache: options.cache, ..Shared::default() };
    let (done_sender, done) = crossbeam_channel::unbounded();
    let jobs = analysis::spawn(shared.clone(), done_sender)
        .map_err(|error| Error(format!("cannot start the analysis thread: {error}")))?;
    let mut server = Server {
        connection,
        client: Client::from_capabilities(&params.capabilities),
        settings: Settings::default(),
        folders: folders(&params),
        workspaces: HashMap::new(),
        docs: HashMap::new(),
        shared,
        jobs,
        done,
        next_id: 0,
        configuration_requests: Vec::new(),
    };
    if let Some(value) = &params.initialization_options {
        server.apply_settings(value);
    }
    server.initialized();
    server.serve()
}

/// What the server does.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(true) })),
            ..TextDocumentSyncOptions::default()
        })),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![features::OPEN_RULE_DOCS.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("plumb".to_owned()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            ..DiagnosticOptions::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders the client opened (or its root).
fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders.iter().filter_map(|folder| convert::path_of(&folder.uri)).collect();
    }
    #[allow(deprecated)]
    params.root_uri.as_ref().and_then(convert::path_of).into_iter().collect()
}

/// The `textDocument.uri` of a request's parameters.
fn document_of(params: &Value) -> Option<Uri> {
    serde_json::from_value(params.get("textDocument")?.get("uri")?.clone()).ok()
}

impl Server<'_> {
    fn serve(&mut self) -> Result<(), Error> {
        loop {
            let wait = self
                .next_due()
                .map_or(Duration::from_secs(3600), |due| due.saturating_duration_since(Instant::now()));
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else { return Ok(()) };
                    if self.handle(message)? == Flow::Exit {
                        return Ok(());
                    }
                }
                recv(self.done) -> done => {
                    if let Ok(done) = done {
                        self.finished(done);
                    }
                }
                default(wait) => {}
            }
            self.start_due();
        }
    }

    fn handle(&mut self, message: Message) -> Result<Flow, ProtocolError> {
        match message {
            Message::Request(request) => {
                if self.connection.handle_shutdown(&request)? {
                    return Ok(Flow::Exit);
                }
                self.request(request);
            }
            Message::Notification(notification) => self.notification(notification),
            Message::Response(response) => self.response(&response),
        }
        Ok(Flow::Continue)
    }

    fn send(&self, message: impl Into<Message>) {
        // The client is gone when this fails: the loop ends when its receiver closes.
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: notify::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_owned(), params));
    }

    fn ask<R: req::Request>(&mut self, params: R::Params) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), R::METHOD.to_owned(), params));
        id
    }

    /// Writes to the client's log.
    fn log(&self, typ: MessageType, message: String) {
        self.notify::<notify::LogMessage>(LogMessageParams { typ, message });
    }

    /// After the handshake: asks for the settings and to be told of configuration changes.
    fn initialized(&mut self) {
        self.request_settings();
        if !self.client.configuration {
            self.watch();
        }
    }

    fn request_settings(&mut self) {
        if self.client.configuration {
            let item = lsp_types::ConfigurationItem { scope_uri: None, section: Some("plumb".to_owned()) };
            let id =
                self.ask::<req::WorkspaceConfiguration>(lsp_types::ConfigurationParams { items: vec![item] });
            self.configuration_requests.push(id);
        }
    }

    /// Asks the client to watch the configuration files and the coverage reports.
    fn watch(&mut self) {
        if !self.client.watches {
            return;
        }
        let reports = self.settings.coverage.iter().map(|pattern| {
            let name = pattern.rsplit(['/', '\\']).next().unwrap_or(pattern);
            format!("**/{name}")
        });
        let watchers = CONFIG_FILES
            .into_iter()
            .map(str::to_owned)
            .chain(reports)
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob), kind: None })
            .collect();
        self.next_id += 1;
        let registration = Registration {
            id: format!("plumb-watch-{}", self.next_id),
            method: notify::DidChangeWatchedFiles::METHOD.to_owned(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers })
                .ok(),
        };
        self.ask::<req::RegisterCapability>(RegistrationParams { registrations: vec![registration] });
    }

    /// Takes new settings; an invalid value is logged and the settings stay as they were.
    fn apply_settings(&mut self, value: &Value) {
        match Settings::from_value(value) {
            Ok(settings) if settings == self.settings => {}
            Ok(settings) => {
                let coverage_changed = settings.coverage != self.settings.coverage;
                self.settings = settings;
                if coverage_changed {
                    self.shared.forget_coverage();
                    self.watch();
                }
                self.reanalyse_all();
                self.refresh_annotations();
            }
            Err(error) => self.log(MessageType::ERROR, error),
        }
    }

    fn refresh_annotations(&mut self) {
        if self.client.refreshes_lenses {
            self.ask::<req::CodeLensRefresh>(());
        }
        if self.client.refreshes_hints {
            self.ask::<req::InlayHintRefreshRequest>(());
        }
    }

    fn response(&mut self, response: &Response) {
        let Some(index) = self.configuration_requests.iter().position(|id| *id == response.id) else {
            return;
        };
        self.configuration_requests.remove(index);
        let value = response
            .response_result
            .as_ref()
            .ok()
            .and_then(|result| result.get(0))
            .filter(|value| !value.is_null())
            .cloned();
        // No `plumb` section (an error, or `null`): the settings stay those of
        // `initializationOptions`.
        if let Some(value) = value {
            self.apply_settings(&value);
        }
        self.watch();
    }

    fn notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        match method.as_str() {
            notify::DidOpenTextDocument::METHOD => self.opened(params),
            notify::DidChangeTextDocument::METHOD => self.changed(params),
            notify::DidSaveTextDocument::METHOD => self.saved(params),
            notify::DidCloseTextDocument::METHOD => self.closed(params),
            notify::DidChangeWatchedFiles::METHOD => self.files_changed(),
            notify::DidChangeConfiguration::METHOD => self.configuration_changed(&params),
            notify::DidChangeWorkspaceFolders::METHOD => self.folders_changed(params),
            _ => {}
        }
    }

    fn opened(&mut self, params: Value) {
        let Ok(params) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params) else {
            return;
        };
        let document = params.text_document;
        let doc = Doc {
            version: document.version,
            text: Arc::new(document.text),
            path: convert::path_of(&document.uri),
            due: Some(Instant::now()),
            analysis: None,
            waiting: Vec::new(),
        };
        self.shared.set_latest(&document.uri, Some(doc.version));
        self.docs.insert(document.uri, doc);
    }

    fn changed(&mut self, params: Value) {
        let Ok(params) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params) else {
            return;
        };
        let debounce = Duration::from_millis(self.settings.debounce_ms);
        let uri = params.text_document.uri;
        let Some(doc) = self.docs.get_mut(&uri) else { return };
        // Full synchronisation: the last change holds the whole text.
        let Some(change) = params.content_changes.into_iter().last() else { return };
        doc.version = params.text_document.version;
        doc.text = Arc::new(change.text);
        doc.analysis = None;
        doc.due = Some(Instant::now() + debounce);
        self.shared.set_latest(&uri, Some(doc.version));
    }

    fn saved(&mut self, params: Value) {
        let Ok(params) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(params) else {
            return;
        };
        let uri = params.text_document.uri;
        let Some(doc) = self.docs.get_mut(&uri) else { return };
        if let Some(text) = params.text {
            doc.text = Arc::new(text);
        }
        doc.analysis = None;
        doc.due = Some(Instant::now());
    }

    fn closed(&mut self, params: Value) {
        let Ok(params) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params) else {
            return;
        };
        let uri = params.text_document.uri;
        if let Some(doc) = self.docs.remove(&uri) {
            for request in doc.waiting {
                self.send(Response::new_ok(request.id, Value::Null));
            }
        }
        self.shared.set_latest(&uri, None);
        if !self.client.pulls {
            self.notify::<notify::PublishDiagnostics>(PublishDiagnosticsParams {
                uri,
                diagnostics: Vec::new(),
                version: None,
            });
        }
    }

    /// A configuration file or a coverage report changed: everything is read again.
    fn files_changed(&mut self) {
        for workspace in self.workspaces.values() {
            workspace.forget_configs();
        }
        self.shared.forget_coverage();
        self.reanalyse_all();
    }

    fn configuration_changed(&mut self, params: &Value) {
        if self.client.configuration {
            self.request_settings();
        } else if let Some(settings) = params.get("settings").filter(|settings| !settings.is_null()) {
            self.apply_settings(settings);
        }
    }

    fn folders_changed(&mut self, params: Value) {
        let Ok(params) = serde_json::from_value::<lsp_types::DidChangeWorkspaceFoldersParams>(params) else {
            return;
        };
        let removed: Vec<PathBuf> =
            params.event.removed.iter().filter_map(|f| convert::path_of(&f.uri)).collect();
        self.folders.retain(|folder| !removed.contains(folder));
        self.workspaces.retain(|dir, _| !removed.contains(dir));
        self.folders.extend(params.event.added.iter().filter_map(|f| convert::path_of(&f.uri)));
        // Files of a folder added were in a workspace of their own directory until now.
        self.workspaces.clear();
        self.reanalyse_all();
    }

    fn reanalyse_all(&mut self) {
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            doc.analysis = None;
            doc.due = Some(now);
        }
    }

    /// The workspace a file belongs to: the innermost folder holding it, else its directory.
    fn workspace_for(&mut self, path: &Path) -> Arc<Workspace> {
        let folder = self
            .folders
            .iter()
            .filter(|folder| path.starts_with(folder))
            .max_by_key(|folder| folder.as_os_str().len());
        let dir = folder.cloned().unwrap_or_else(|| path.parent().unwrap_or(path).to_path_buf());
        self.workspaces.entry(dir).or_insert_with_key(|dir| Arc::new(Workspace::open(dir.clone()))).clone()
    }

    fn next_due(&self) -> Option<Instant> {
        self.docs.values().filter_map(|doc| doc.due).min()
    }

    /// Sends the documents whose time has come to the analysing thread.
    fn start_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, doc)| doc.due.is_some_and(|due| due <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            self.start(&uri);
        }
    }

    fn start(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.get_mut(uri) else { return };
        doc.due = None;
        let (version, text, path) = (doc.version, doc.text.clone(), doc.path.clone());
        let Some(path) = path else {
            // No file: no configuration to resolve, nothing to analyse.
            self.finished(Done { uri: uri.clone(), version, analysis: Arc::new(Analysis::default()) });
            return;
        };
        let workspace = self.workspace_for(&path);
        let job = Job {
            uri: uri.clone(),
            version,
            path,
            text,
            workspace,
            coverage: self.settings.coverage.clone(),
        };
        let _ = self.jobs.send(job);
    }

    /// An analysis is done: kept, published and used to answer the requests that wait for it,
    /// unless the document changed since.
    fn finished(&mut self, done: Done) {
        let Some(doc) = self.docs.get_mut(&done.uri) else { return };
        if doc.version != done.version || doc.due.is_some() {
            return; // stale
        }
        doc.analysis = Some(done.analysis.clone());
        let waiting = std::mem::take(&mut doc.waiting);
        let analysis = done.analysis;
        let typ = if analysis.crashed { MessageType::ERROR } else { MessageType::WARNING };
        for message in &analysis.log {
            self.log(typ, message.clone());
        }
        if self.client.pulls {
            if self.client.refreshes_diagnostics {
                self.ask::<req::WorkspaceDiagnosticRefresh>(());
            }
        } else {
            let diagnostics = diagnostics(&analysis, &done.uri);
            let params = PublishDiagnosticsParams { uri: done.uri, diagnostics, version: Some(done.version) };
            self.notify::<notify::PublishDiagnostics>(params);
        }
        for request in waiting {
            self.request(request);
        }
    }

    /// Answers a request, or keeps it until the analysis it needs is done.
    fn request(&mut self, request: Request) {
        let answer = match request.method.as_str() {
            req::ExecuteCommand::METHOD => Some(self.execute(&request.params)),
            req::CodeLensRequest::METHOD
            | req::InlayHintRequest::METHOD
            | req::HoverRequest::METHOD
            | req::CodeActionRequest::METHOD
            | req::DocumentDiagnosticRequest::METHOD => self.about_document(&request),
            _ => {
                let message = format!("plumb server does not handle {}", request.method);
                self.send(Response::new_err(request.id, ErrorCode::MethodNotFound as i32, message));
                return;
            }
        };
        match answer {
            Some(answer) => self.send(Response::new_ok(request.id, answer)),
            None => self.wait(request),
        }
    }

    /// Keeps a request until its document is analysed, which starts now.
    fn wait(&mut self, request: Request) {
        let Some(uri) = document_of(&request.params) else { return };
        let Some(doc) = self.docs.get_mut(&uri) else { return };
        doc.due = Some(Instant::now());
        doc.waiting.push(request);
    }

    /// The answer to a request about a document, from its analysis; `None` while the latest
    /// version is not analysed.
    fn about_document(&self, request: &Request) -> Option<Value> {
        let Some(uri) = document_of(&request.params) else { return Some(Value::Null) };
        let Some(doc) = self.docs.get(&uri) else { return Some(empty_answer(&request.method)) };
        let analysis = doc.analysis.as_deref()?;
        let answer = self.answer(&request.method, &request.params, analysis, doc, &uri);
        Some(answer.unwrap_or(Value::Null))
    }

    fn answer(
        &self,
        method: &str,
        params: &Value,
        analysis: &Analysis,
        doc: &Doc,
        uri: &Uri,
    ) -> serde_json::Result<Value> {
        let settings = &self.settings;
        match method {
            req::CodeLensRequest::METHOD => match settings.annotations {
                Annotations::CodeLens => serde_json::to_value(features::code_lenses(analysis, settings)),
                Annotations::InlayHint => Ok(Value::Array(Vec::new())),
            },
            req::InlayHintRequest::METHOD => match settings.annotations {
                Annotations::InlayHint => {
                    let range = param(params, "range");
                    serde_json::to_value(features::inlay_hints(analysis, &doc.text, range, settings))
                }
                Annotations::CodeLens => Ok(Value::Array(Vec::new())),
            },
            req::HoverRequest::METHOD => {
                serde_json::to_value(features::hover(analysis, &doc.text, param(params, "position")))
            }
            req::CodeActionRequest::METHOD => {
                serde_json::to_value(features::code_actions(analysis, &doc.text, uri, param(params, "range")))
            }
            _ => serde_json::to_value(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: None,
                        items: diagnostics(analysis, uri),
                    },
                }),
            )),
        }
    }

    /// `plumb.openRuleDocs RULE`: the client opens the rule's documentation.
    fn execute(&mut self, params: &Value) -> Value {
        let command = params.get("command").and_then(Value::as_str);
        let rule = params.get("arguments").and_then(|arguments| arguments.get(0)).and_then(Value::as_str);
        let (Some(features::OPEN_RULE_DOCS), Some(rule)) = (command, rule) else { return Value::Null };
        let address = convert::rule_docs(rule);
        match convert::web_uri(&address) {
            Some(uri) if self.client.shows_documents => {
                let params =
                    ShowDocumentParams { uri, external: Some(true), take_focus: Some(true), selection: None };
                self.ask::<req::ShowDocument>(params);
            }
            _ => self.notify::<notify::ShowMessage>(lsp_types::ShowMessageParams {
                typ: MessageType::INFO,
                message: format!("The documentation of {rule}: {address}"),
            }),
        }
        Value::Null
    }
}

/// A member of a request's parameters (a position, a range), or its default.
fn param<T: serde::de::DeserializeOwned + Default>(params: &Value, name: &str) -> T {
    params.get(name).and_then(|value| serde_json::from_value(value.clone()).ok()).unwrap_or_default()
}

/// The answer to a request about a document that is not open.
fn empty_answer(method: &str) -> Value {
    match method {
        req::HoverRequest::METHOD => Value::Null,
        req::DocumentDiagnosticRequest::METHOD => serde_json::json!({"kind": "full", "items": []}),
        _ => Value::Array(Vec::new()),
    }
}

/// A document's diagnostics: its findings, or why it was not analysed. A document whose
/// analysis failed has none (the failure is in the log).
fn diagnostics(analysis: &Analysis, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
    if let Some(refused) = &analysis.refused {
        return vec![convert::notice(refused)];
    }
    analysis.findings.iter().map(|finding| convert::diagnostic(finding, uri)).collect()
}
