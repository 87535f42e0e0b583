//! The `LanguageServer` implementation: protocol in, host changes and snapshot queries out.
//!
//! tower-lsp polls handlers concurrently, but polls each one for the first time in the order the
//! messages arrived. So every handler hands its change or its wish for a snapshot to the analyzer
//! synchronously, before its first `.await`: changes reach the host in order, and a request sees every
//! change received before it.

use super::log::log;
use super::pool::Pool;
use super::publish::Publisher;
use super::settings;
use super::settings::{apply_settings, pull_settings};
use super::transport::direct::{self, Direct};
use super::transport::Outbox;
use super::workspace::{file_id, index, uri, watch, Folders};
use super::{catch, commands, convert};
use crate::catalog::Catalog;
use crate::host::{Change, FileId, FileSnapshot, Host, Ignored, Snapshot};
use crate::text::Encoding;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService};

pub struct Backend {
    outbox: Outbox,
    client: Client,
    /// The workspace folders, known from `initialize`.
    folders: OnceLock<Arc<Folders>>,
    /// What the client said it can do, in `initialize`.
    can: OnceLock<ClientCan>,
    /// The folders of files opened on their own whose siblings were read.
    read_folders: Arc<std::sync::Mutex<HashSet<PathBuf>>>,
    /// Started in `initialize`, once the position encoding is known.
    host: OnceLock<Arc<Host>>,
    encoding: OnceLock<Encoding>,
    pool: Pool,
}

/// The most symbols `workspace/symbol` answers: the editor asks again as the user types more.
const WORKSPACE_SYMBOLS: usize = 256;

/// What the client can do that the server makes use of.
struct ClientCan {
    /// Register a watcher for files on disk after `initialize`.
    watch: bool,
    /// Show the progress of work the server starts (`window/workDoneProgress/create`).
    progress: bool,
    /// Answer `workspace/configuration` with the user's settings.
    configuration: bool,
}

impl ClientCan {
    fn of(capabilities: &ClientCapabilities) -> ClientCan {
        let workspace = capabilities.workspace.as_ref();
        let watched = workspace.and_then(|w| w.did_change_watched_files.as_ref());
        let window = capabilities.window.as_ref();
        ClientCan {
            watch: watched.and_then(|w| w.dynamic_registration).unwrap_or(false),
            progress: window.and_then(|w| w.work_done_progress).unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        }
    }
}

/// What a request's work gets: the snapshot, and the file it is about in it.
struct Request {
    snapshot: Snapshot,
    file: FileId,
}

impl Request {
    fn file(&self) -> Option<&FileSnapshot> {
        self.snapshot.file(&self.file)
    }
}

impl Backend {
    /// The service tower-lsp serves: the protocol's methods, and those whose answers the handlers
    /// write to `outbox` themselves (see `transport::direct`).
    pub fn service(outbox: Outbox) -> (LspService<Backend>, ClientSocket) {
        let backend = |client| Backend {
            outbox,
            client,
            folders: OnceLock::new(),
            can: OnceLock::new(),
            read_folders: Arc::default(),
            host: OnceLock::new(),
            encoding: OnceLock::new(),
            pool: Pool::new(),
        };
        LspService::build(backend)
            .custom_method(direct::DOCUMENT_SYMBOL, Backend::document_symbol_direct)
            .custom_method(direct::SEMANTIC_TOKENS_FULL, Backend::semantic_tokens_full_direct)
            .custom_method(direct::SEMANTIC_TOKENS_RANGE, Backend::semantic_tokens_range_direct)
            .finish()
    }

    /// The position encoding negotiated in `initialize`.
    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    /// Runs a request about a document: `body` gets the snapshot with every change received before the
    /// request, on the pool. An unknown document answers `null`.
    async fn with_snapshot<T: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        body: impl FnOnce(Request) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let Some(host) = self.host.get() else { return Ok(None) };
        let file = file_id(uri);
        let Some(snapshot) = host.snapshot(&file).await else { return Ok(None) };
        self.pool.run(method, move || body(Request { snapshot, file })).await
    }

    /// Runs a request about a position: `body` gets the snapshot, the file and the byte offset. A
    /// position past the document's end, or in a document not open, answers `null`.
    async fn at_position<T: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        position: Position,
        body: impl FnOnce(&Request, &FileSnapshot, usize) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let encoding = self.encoding();
        self.with_snapshot(method, uri, move |request| {
            let file = request.file()?;
            let offset = convert::offset(&file.rope, position, encoding)?;
            body(&request, file, offset)
        })
        .await
    }

    /// The semantic tokens of a document, or of the tokens that overlap `range` in it.
    async fn semantic_tokens(
        &self,
        method: &'static str,
        uri: &Uri,
        range: Option<Range>,
    ) -> Result<Option<SemanticTokens>> {
        let encoding = self.encoding();
        self.with_snapshot(method, uri, move |request| {
            let file = request.file()?;
            let within = match range {
                Some(range) => {
                    let start = convert::offset(&file.rope, range.start, encoding)?;
                    let end = convert::offset(&file.rope, range.end, encoding).unwrap_or(file.text().len());
                    Some(start..end)
                }
                None => None,
            };
            let tokens = request.snapshot.semantic_tokens(&request.file, within)?;
            let data = convert::semantic_tokens(&file.rope, &tokens, encoding);
            Some(SemanticTokens { result_id: None, data })
        })
        .await
    }

    /// `textDocument/documentSymbol`, answered directly.
    async fn document_symbol_direct(&self, request: Direct<DocumentSymbolParams>) -> Result<()> {
        let encoding = self.encoding();
        let uri = &request.params.text_document.uri;
        let symbols = self
            .with_snapshot("textDocument/documentSymbol", uri, move |request| {
                let rope = &request.file()?.rope;
                let symbols = request.snapshot.document_symbols(&request.file)?;
                let symbols = symbols.into_iter().map(|s| convert::symbol(rope, s, encoding));
                Some(DocumentSymbolResponse::Nested(symbols.collect()))
            })
            .await?;
        self.outbox.answer(&request.id, symbols);
        Ok(())
    }

    /// `textDocument/semanticTokens/full`, answered directly.
    async fn semantic_tokens_full_direct(&self, request: Direct<SemanticTokensParams>) -> Result<()> {
        let uri = &request.params.text_document.uri;
        let tokens = self.semantic_tokens("textDocument/semanticTokens/full", uri, None).await?;
        self.outbox.answer(&request.id, tokens);
        Ok(())
    }

    /// `textDocument/semanticTokens/range`, answered directly.
    async fn semantic_tokens_range_direct(&self, request: Direct<SemanticTokensRangeParams>) -> Result<()> {
        let params = request.params;
        let method = "textDocument/semanticTokens/range";
        let tokens = self.semantic_tokens(method, &params.text_document.uri, Some(params.range)).await?;
        self.outbox.answer(&request.id, tokens);
        Ok(())
    }

    /// Hands a change to the host; one it refuses is logged.
    fn apply(&self, step: &'static str, change: Change) {
        let Some(host) = self.host.get() else { return };
        let file = change.file().clone();
        let why = match catch(step, || host.apply(change)) {
            Some(Err(Ignored::NotOpen)) => "not open",
            Some(Err(Ignored::Stale)) => "its version is not newer",
            _ => return,
        };
        log("ignored change", || format!("ignored a change to {} ({why})", file.as_str()));
    }

    /// A location in the protocol's terms: the target file's URI and its range, positioned in that
    /// file's text.
    fn location(snapshot: &Snapshot, location: crate::host::Location, encoding: Encoding) -> Option<Location> {
        let uri = uri(&location.file)?;
        let rope = &snapshot.file(&location.file)?.rope;
        Some(convert::location(&uri, rope, location.range, encoding))
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let _ = self.folders.set(Arc::new(Folders::of(&params)));
        let _ = self.can.set(ClientCan::of(&params.capabilities));
        let offered = params.capabilities.general.and_then(|general| general.position_encodings);
        let encoding = if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        // The protocol allows a single `initialize`; tower-lsp rejects a second one before this.
        let _ = self.encoding.set(encoding);
        let publisher = Publisher { outbox: self.outbox.clone(), encoding };
        let _ = self.host.set(Arc::new(Host::start(Catalog::builtin(), publisher)));
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    _ => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![":".into(), ",".into()]),
                    resolve_provider: Some(true),
                    ..CompletionOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                    SemanticTokensOptions {
                        legend: convert::semantic_tokens_legend(),
                        full: Some(SemanticTokensFullOptions::Bool(true)),
                        range: Some(true),
                        ..SemanticTokensOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: commands::ALL.iter().map(|&command| command.into()).collect(),
                    ..ExecuteCommandOptions::default()
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo { name: "design-ls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            ..InitializeResult::default()
        })
    }

    /// Reads the workspace folders' designs, and asks the client to report changes to them on disk. Both
    /// go on after the handler returns: a client may answer the server's requests late, or never.
    async fn initialized(&self, _: InitializedParams) {
        let (Some(host), Some(folders), Some(can)) = (self.host.get(), self.folders.get(), self.can.get()) else {
            return;
        };
        if can.configuration {
            tokio::spawn(pull_settings(self.client.clone(), host.clone(), folders.clone()));
        }
        if folders.is_empty() {
            return;
        }
        host.set_roots(folders.uris());
        if can.watch {
            tokio::spawn(watch(self.client.clone()));
        }
        tokio::spawn(index(self.client.clone(), can.progress, host.clone(), folders.clone()));
    }

    /// New settings: pulled again when the client answers `workspace/configuration` (the settings this
    /// notification carries are then often empty), else read from it.
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (Some(host), Some(folders), Some(can)) = (self.host.get(), self.folders.get(), self.can.get()) else {
            return;
        };
        let (client, host, folders) = (self.client.clone(), host.clone(), folders.clone());
        match can.configuration {
            true => drop(tokio::spawn(pull_settings(client, host, folders))),
            false => {
                let section = params.settings.get(settings::SECTION).cloned().unwrap_or(params.settings);
                drop(tokio::spawn(apply_settings(client, host, folders, section)));
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let Some(folders) = self.folders.get().cloned() else { return };
        let read = move || params.changes.iter().filter_map(|event| folders.changed(event)).collect::<Vec<_>>();
        let changes = tokio::task::spawn_blocking(move || catch("didChangeWatchedFiles", read).unwrap_or_default());
        if let Some(host) = self.host.get() {
            host.apply_disk(changes.await.unwrap_or_default());
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let TextDocumentItem { uri, version, text, .. } = params.text_document;
        let file = file_id(&uri);
        self.apply("didOpen", Change::Open { file, version, text });
        // The design of a file opened on its own is its folder: its siblings are read from disk.
        let (Some(host), Some(folders)) = (self.host.get(), self.folders.get()) else { return };
        let (host, folders, read_before) = (host.clone(), folders.clone(), self.read_folders.clone());
        let read = move || {
            let mut read_before = read_before.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            catch("reading the folder of a file", || folders.siblings(&uri, &mut read_before)).unwrap_or_default()
        };
        if let Ok(changes) = tokio::task::spawn_blocking(read).await {
            host.apply_disk(changes);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let VersionedTextDocumentIdentifier { uri, version } = params.text_document;
        let (file, edits, encoding) = (file_id(&uri), convert::edits(params.content_changes), self.encoding());
        self.apply("didChange", Change::Edit { file, version, edits, encoding });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let file = file_id(&params.text_document.uri);
        self.apply("didClose", Change::Close { file });
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position_params;
        let encoding = self.encoding();
        self.at_position("textDocument/hover", &text_document.uri, position, move |request, file, offset| {
            let info = request.snapshot.hover(&request.file, offset)?;
            Some(convert::hover(&file.rope, info, encoding))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position;
        let encoding = self.encoding();
        let uri = text_document.uri;
        self.at_position("textDocument/completion", &uri.clone(), position, move |request, file, offset| {
            let completions = request.snapshot.completions(&request.file, offset)?;
            let items = completions.items.into_iter();
            let items = items.map(|item| convert::completion(&uri, &file.rope, item, encoding)).collect();
            // A plain array when the list is complete, which every client reads.
            Some(match completions.incomplete {
                false => CompletionResponse::Array(items),
                true => CompletionResponse::List(CompletionList { is_incomplete: true, items }),
            })
        })
        .await
    }

    /// Adds a component's card to the item the editor shows. An item whose document or component is
    /// gone comes back as it was.
    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let Some((uri, component)) = convert::completion_component(&item) else { return Ok(item) };
        let card = self
            .with_snapshot("completionItem/resolve", &uri, move |request| {
                request.snapshot.component_documentation(&request.file, &component)
            })
            .await?;
        item.documentation = card.map(convert::documentation).or(item.documentation);
        Ok(item)
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position_params;
        let encoding = self.encoding();
        self.at_position("textDocument/definition", &text_document.uri, position, move |request, _, offset| {
            let target = request.snapshot.definition(&request.file, offset)?;
            Some(GotoDefinitionResponse::Scalar(Backend::location(&request.snapshot, target, encoding)?))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position;
        let include_declaration = params.context.include_declaration;
        let encoding = self.encoding();
        self.at_position("textDocument/references", &text_document.uri, position, move |request, _, offset| {
            let targets = request.snapshot.references(&request.file, offset, include_declaration)?;
            let locations = targets.into_iter().filter_map(|t| Backend::location(&request.snapshot, t, encoding));
            Some(locations.collect())
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let Some(host) = self.host.get() else { return Ok(None) };
        let encoding = self.encoding();
        let Some(snapshot) = host.snapshot_all().await else { return Ok(None) };
        self.pool
            .run("workspace/symbol", move || {
                let found = snapshot.workspace_symbols(&params.query, WORKSPACE_SYMBOLS);
                let symbols = found.into_iter().filter_map(|(file, symbol)| {
                    let uri = uri(&file)?;
                    Some(convert::workspace_symbol(uri, &snapshot.file(&file)?.rope, symbol, encoding))
                });
                Some(WorkspaceSymbolResponse::Nested(symbols.collect()))
            })
            .await
    }

    /// Runs a command against the catalog of the design of the document it names, or the built-in one.
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let ExecuteCommandParams { command, arguments, .. } = params;
        let snapshot = match (commands::document(&command, &arguments), self.host.get()) {
            (Some(uri), Some(host)) => {
                let file = file_id(&uri);
                host.snapshot(&file).await.map(|snapshot| (snapshot, file))
            }
            _ => None,
        };
        let answer = self.pool.run("workspace/executeCommand", move || {
            let catalog = snapshot.as_ref().and_then(|(snapshot, file)| snapshot.catalog(file));
            Some(commands::execute(catalog.unwrap_or(&Catalog::builtin()), &command, &arguments))
        });
        answer.await?.unwrap_or_else(|| Err(Error::internal_error())).map(Some)
    }
}
