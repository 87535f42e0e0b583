//! The `LanguageServer` implementation: protocol in, store updates and ide queries out.
//!
//! tower-lsp polls handlers concurrently, but polls each one for the first time in the order the
//! messages arrived. So every handler updates or reads the store synchronously, before its first
//! `.await`: changes reach a document's worker in order, and a request waits for the analysis of
//! every change received before it.

use super::direct::{self, Direct};
use super::document::Snapshot;
use super::log::log;
use super::pool::Pool;
use super::store::Store;
use super::transport::Outbox;
use super::worker::Publisher;
use super::{catch, commands, convert};
use crate::ide;
use crate::text::Encoding;
use std::sync::{Arc, OnceLock};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};

pub struct Backend {
    outbox: Outbox,
    store: Arc<Store>,
    encoding: OnceLock<Encoding>,
    pool: Pool,
}

impl Backend {
    /// The service tower-lsp serves: the protocol's methods, and those whose answers the handlers
    /// write to `outbox` themselves (see `lsp::direct`).
    pub fn service(outbox: Outbox) -> (LspService<Backend>, ClientSocket) {
        let backend = |_client| Backend { outbox, store: Arc::default(), encoding: OnceLock::new(), pool: Pool::new() };
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

    /// Runs a request about a document: `body` gets the document's snapshot, once analyzed with every
    /// change received before the request, on the pool. An unknown document answers `null`.
    async fn with_snapshot<T: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        body: impl FnOnce(Snapshot) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let Some(snapshot) = self.store.snapshot(uri).await else { return Ok(None) };
        self.pool.run(method, move || body(snapshot)).await
    }

    /// Runs a request about a position: `body` gets the snapshot and the byte offset. A position past
    /// the document's end answers `null`.
    async fn at_position<T: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        position: Position,
        body: impl FnOnce(&Snapshot, usize) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let encoding = self.encoding();
        self.with_snapshot(method, uri, move |snapshot| {
            let offset = convert::offset(&snapshot.rope, position, encoding)?;
            body(&snapshot, offset)
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
        self.with_snapshot(method, uri, move |snapshot| {
            let tokens = match range {
                Some(range) => {
                    let start = convert::offset(&snapshot.rope, range.start, encoding)?;
                    let end = convert::offset(&snapshot.rope, range.end, encoding).unwrap_or(snapshot.text.len());
                    ide::semantic_tokens_in(&snapshot.analysis, &snapshot.text, start..end)
                }
                None => ide::semantic_tokens(&snapshot.analysis, &snapshot.text),
            };
            let data = convert::semantic_tokens(&snapshot.rope, &tokens, encoding);
            Some(SemanticTokens { result_id: None, data })
        })
        .await
    }

    /// `textDocument/documentSymbol`, answered directly.
    async fn document_symbol_direct(&self, request: Direct<DocumentSymbolParams>) -> Result<()> {
        let encoding = self.encoding();
        let uri = &request.params.text_document.uri;
        let symbols = self
            .with_snapshot("textDocument/documentSymbol", uri, move |snapshot| {
                let symbols = ide::document_symbols(&snapshot.analysis, &snapshot.text);
                let symbols = symbols.into_iter().map(|s| convert::symbol(&snapshot.rope, s, encoding));
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
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params.capabilities.general.and_then(|general| general.position_encodings);
        let encoding = if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        // The protocol allows a single `initialize`; tower-lsp rejects a second one before this.
        let _ = self.encoding.set(encoding);
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

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let TextDocumentItem { uri, version, text, .. } = params.text_document;
        let publisher = Publisher { outbox: self.outbox.clone(), encoding: self.encoding() };
        catch("didOpen", || self.store.open(uri, version, text, publisher));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let VersionedTextDocumentIdentifier { uri, version } = params.text_document;
        let changes = params.content_changes;
        let encoding = self.encoding();
        if catch("didChange", || self.store.change(&uri, version, changes, encoding)) == Some(false) {
            log("ignored change", || {
                format!("ignored a change to {} (not open, or version {version} not newer)", uri.as_str())
            });
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(lock) = catch("didClose", || self.store.close(&uri)).flatten() else {
            return;
        };
        let turn = lock.lock().await;
        // Reopened while waiting: the open publishes its own diagnostics.
        if !self.store.is_open(&uri) {
            let params = PublishDiagnosticsParams::new(uri.clone(), Vec::new(), None);
            self.outbox.notify("textDocument/publishDiagnostics", params);
        }
        drop(turn);
        self.store.release(&uri, &lock);
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position_params;
        let encoding = self.encoding();
        self.at_position("textDocument/hover", &text_document.uri, position, move |snapshot, offset| {
            let info = ide::hover(&snapshot.analysis, &snapshot.text, offset)?;
            Some(convert::hover(&snapshot.rope, info, encoding))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position;
        let encoding = self.encoding();
        let uri = text_document.uri;
        self.at_position("textDocument/completion", &uri.clone(), position, move |snapshot, offset| {
            let completions = ide::completions(&snapshot.analysis, &snapshot.text, offset);
            let items = completions.items.into_iter();
            let items = items.map(|item| convert::completion(&uri, &snapshot.rope, item, encoding)).collect();
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
            .with_snapshot("completionItem/resolve", &uri, move |snapshot| {
                ide::component_documentation(&snapshot.analysis, &component)
            })
            .await?;
        item.documentation = card.map(convert::documentation).or(item.documentation);
        Ok(item)
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position_params;
        let encoding = self.encoding();
        let uri = text_document.uri;
        self.at_position("textDocument/definition", &uri.clone(), position, move |snapshot, offset| {
            let target = ide::definition(&snapshot.analysis, offset)?;
            Some(GotoDefinitionResponse::Scalar(convert::location(&uri, &snapshot.rope, target, encoding)))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let TextDocumentPositionParams { text_document, position } = params.text_document_position;
        let include_declaration = params.context.include_declaration;
        let encoding = self.encoding();
        let uri = text_document.uri;
        self.at_position("textDocument/references", &uri.clone(), position, move |snapshot, offset| {
            let ranges = ide::references(&snapshot.analysis, offset, include_declaration)?;
            let locations = ranges.into_iter().map(|r| convert::location(&uri, &snapshot.rope, r, encoding));
            Some(locations.collect())
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let ExecuteCommandParams { command, arguments, .. } = params;
        let answer = self.pool.run("workspace/executeCommand", move || Some(commands::execute(&command, &arguments)));
        answer.await?.unwrap_or_else(|| Err(Error::internal_error())).map(Some)
    }
}
