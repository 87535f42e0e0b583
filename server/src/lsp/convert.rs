//! Conversions between the analysis's byte offsets and the protocol's positions and types.

use crate::analysis::{self, Severity};
use crate::config;
use crate::host;
use crate::ide::{self, CompletionKind, HoverInfo, SymbolKind};
use crate::text::{self, Encoding};
use ropey::Rope;
use serde_json::json;
use std::ops;
use tower_lsp_server::ls_types::{
    self, CompletionItem, CompletionItemKind, CompletionTextEdit, Diagnostic, DiagnosticSeverity, DiagnosticTag,
    DocumentSymbol, Documentation, Hover, HoverContents, InsertTextFormat, Location, MarkupContent, MarkupKind,
    NumberOrString, Position, Range, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend,
    TextEdit, Uri,
};

/// The byte offset of a position; `None` for a line past the end.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> Option<usize> {
    text::position_to_offset(rope, position.line as usize, position.character as usize, encoding)
}

/// The edits of one `didChange`, for the host.
pub fn edits(changes: Vec<ls_types::TextDocumentContentChangeEvent>) -> Vec<host::Edit> {
    let at = |position: Position| (position.line as usize, position.character as usize);
    let edit = |change: ls_types::TextDocumentContentChangeEvent| host::Edit {
        range: change.range.map(|range| (at(range.start), at(range.end))),
        text: change.text,
    };
    changes.into_iter().map(edit).collect()
}

fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let (line, column) = text::offset_to_position(rope, offset, encoding);
    protocol_position(line, column)
}

fn protocol_position(line: usize, column: usize) -> Position {
    // Only a document of more than 4 GiB overflows; saturating keeps the answer well-formed.
    let saturate = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position::new(saturate(line), saturate(column))
}

pub fn range(rope: &Rope, bytes: ops::Range<usize>, encoding: Encoding) -> Range {
    Range::new(position(rope, bytes.start, encoding), position(rope, bytes.end, encoding))
}

/// A document's diagnostics, their positions found in one pass over the text.
pub fn diagnostics(rope: &Rope, diagnostics: &[analysis::Diagnostic], encoding: Encoding) -> Vec<Diagnostic> {
    let mut offsets: Vec<usize> = diagnostics.iter().flat_map(|d| [d.range.start, d.range.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = Positions::of(rope, offsets, encoding);
    diagnostics.iter().map(|d| diagnostic(positions.range(&d.range), d)).collect()
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A design.toml's mistakes, as diagnostics of that file.
pub fn config_problems(rope: &Rope, problems: &[config::Problem], encoding: Encoding) -> Vec<Diagnostic> {
    let diagnostic = |problem: &config::Problem| Diagnostic {
        range: range(rope, problem.range.clone(), encoding),
        severity: Some(severity(problem.severity)),
        code: Some(NumberOrString::String(CONFIG_CODE.into())),
        source: Some("design-ls".into()),
        message: problem.message.clone(),
        ..Diagnostic::default()
    };
    problems.iter().map(diagnostic).collect()
}

/// The code of every mistake in a design.toml: they are not the analysis's codes.
const CONFIG_CODE: &str = "design-toml";

fn diagnostic(range: Range, diagnostic: &analysis::Diagnostic) -> Diagnostic {
    let code = diagnostic.code;
    Diagnostic {
        range,
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(code.as_str().into())),
        source: Some("design-ls".into()),
        message: diagnostic.message.clone(),
        tags: code.unnecessary().then(|| vec![DiagnosticTag::UNNECESSARY]),
        ..Diagnostic::default()
    }
}

pub fn hover(rope: &Rope, hover: HoverInfo, encoding: Encoding) -> Hover {
    Hover { contents: HoverContents::Markup(markdown(hover.markdown)), range: Some(range(rope, hover.range, encoding)) }
}

/// A completion item of the document `uri`. A component's card comes later, through
/// `completionItem/resolve`, with what `data` names.
pub fn completion(uri: &Uri, rope: &Rope, item: ide::CompletionItem, encoding: Encoding) -> CompletionItem {
    let (documentation, data) = match item.documentation {
        Some(ide::Documentation::Card(card)) => (Some(documentation(card)), None),
        Some(ide::Documentation::Component(name)) => (None, Some(json!({ "uri": uri.as_str(), "component": name }))),
        None => (None, None),
    };
    CompletionItem {
        kind: Some(kind(item.kind)),
        detail: item.detail,
        documentation,
        data,
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: range(rope, item.replace, encoding),
            new_text: item.insert_text,
        })),
        insert_text_format: Some(if item.snippet { InsertTextFormat::SNIPPET } else { InsertTextFormat::PLAIN_TEXT }),
        preselect: item.preselect.then_some(true),
        sort_text: Some(item.sort_text),
        filter_text: item.filter_text,
        label: item.label,
        ..CompletionItem::default()
    }
}

/// The editor icon for a kind of completion.
fn kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
        CompletionKind::Mechanism => CompletionItemKind::FUNCTION,
        CompletionKind::Technology => CompletionItemKind::MODULE,
        CompletionKind::Component => CompletionItemKind::VARIABLE,
        CompletionKind::Word => CompletionItemKind::VALUE,
        CompletionKind::Role => CompletionItemKind::PROPERTY,
        CompletionKind::Shape => CompletionItemKind::ENUM_MEMBER,
    }
}

pub fn location(uri: &Uri, rope: &Rope, bytes: ops::Range<usize>, encoding: Encoding) -> Location {
    Location::new(uri.clone(), range(rope, bytes, encoding))
}

/// An entry of the outline, with its children. Their positions are found together, in one pass over
/// the text they cover.
pub fn symbol(rope: &Rope, item: ide::Symbol, encoding: Encoding) -> DocumentSymbol {
    let mut offsets = Vec::new();
    symbol_offsets(&item, &mut offsets);
    offsets.sort_unstable();
    offsets.dedup();
    let positions = Positions::of(rope, offsets, encoding);
    converted_symbol(&positions, item)
}

fn symbol_offsets(item: &ide::Symbol, offsets: &mut Vec<usize>) {
    let ranges = [&item.range, &item.selection_range];
    offsets.extend(ranges.iter().flat_map(|range| [range.start, range.end]));
    for child in &item.children {
        symbol_offsets(child, offsets);
    }
}

// `deprecated` must be spelled out: the type has no default, and `tags` supersedes the field.
#[allow(deprecated)]
fn converted_symbol(positions: &Positions, item: ide::Symbol) -> DocumentSymbol {
    let children: Vec<_> = item.children.into_iter().map(|child| converted_symbol(positions, child)).collect();
    DocumentSymbol {
        name: item.name,
        detail: item.detail,
        kind: symbol_kind(item.kind),
        tags: None,
        deprecated: None,
        range: positions.range(&item.range),
        selection_range: positions.range(&item.selection_range),
        children: (!children.is_empty()).then_some(children),
    }
}

fn symbol_kind(kind: SymbolKind) -> ls_types::SymbolKind {
    match kind {
        SymbolKind::System => ls_types::SymbolKind::NAMESPACE,
        // The icons completion shows for components and roles.
        SymbolKind::Component => ls_types::SymbolKind::VARIABLE,
        SymbolKind::Operation => ls_types::SymbolKind::FUNCTION,
        SymbolKind::Field => ls_types::SymbolKind::PROPERTY,
    }
}

/// A workspace symbol: a top-level item of a file, where its name is.
pub fn workspace_symbol(uri: Uri, rope: &Rope, item: ide::Symbol, encoding: Encoding) -> ls_types::WorkspaceSymbol {
    let range = range(rope, item.selection_range, encoding);
    ls_types::WorkspaceSymbol {
        name: item.name,
        kind: symbol_kind(item.kind),
        tags: None,
        container_name: item.detail,
        location: ls_types::OneOf::Left(Location { uri, range }),
        data: None,
    }
}

/// The positions of a set of offsets, found together (see [`text::offsets_to_positions`]).
struct Positions {
    /// Ascending, without repeats.
    offsets: Vec<usize>,
    positions: Vec<Position>,
}

impl Positions {
    fn of(rope: &Rope, offsets: Vec<usize>, encoding: Encoding) -> Positions {
        let positions = text::offsets_to_positions(rope, &offsets, encoding);
        Positions {
            positions: positions.into_iter().map(|(line, column)| protocol_position(line, column)).collect(),
            offsets,
        }
    }

    /// The range between two of the offsets.
    fn range(&self, bytes: &ops::Range<usize>) -> Range {
        let at = |offset| self.positions[self.offsets.binary_search(&offset).expect("the offsets include the range's")];
        Range::new(at(bytes.start), at(bytes.end))
    }
}

/// The token types and modifiers `semantic_tokens` indexes into, announced in `initialize`.
pub fn semantic_tokens_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: ide::TokenType::ALL.iter().map(|kind| SemanticTokenType::new(kind.name())).collect(),
        token_modifiers: ide::MODIFIERS.iter().map(|&name| SemanticTokenModifier::new(name)).collect(),
    }
}

/// The protocol's relative encoding: each token's line and start as a delta from the previous token.
/// Tokens never span lines, so a token's length is the distance between its two columns. The tokens are
/// in source order, so their positions are found in one pass.
pub fn semantic_tokens(rope: &Rope, tokens: &[ide::SemanticToken], encoding: Encoding) -> Vec<SemanticToken> {
    let offsets: Vec<usize> = tokens.iter().flat_map(|token| [token.range.start, token.range.end]).collect();
    let positions = text::offsets_to_positions(rope, &offsets, encoding);
    let mut previous = Position::new(0, 0);
    let mut encoded = Vec::with_capacity(tokens.len());
    for (token, ends) in tokens.iter().zip(positions.chunks_exact(2)) {
        let (start, end) = (protocol_position(ends[0].0, ends[0].1), protocol_position(ends[1].0, ends[1].1));
        let index = ide::TokenType::ALL.iter().position(|&kind| kind == token.kind).unwrap_or_default();
        encoded.push(SemanticToken {
            delta_line: start.line - previous.line,
            delta_start: if start.line == previous.line {
                start.character - previous.character
            } else {
                start.character
            },
            length: end.character - start.character,
            token_type: u32::try_from(index).unwrap_or_default(),
            token_modifiers_bitset: token.modifiers,
        });
        previous = start;
    }
    encoded
}

/// The document and component a completion item's `data` names, for `completionItem/resolve`.
pub fn completion_component(item: &CompletionItem) -> Option<(Uri, String)> {
    let data = item.data.as_ref()?;
    let uri = data.get("uri")?.as_str()?.parse().ok()?;
    Some((uri, data.get("component")?.as_str()?.to_string()))
}

pub fn documentation(markdown_text: String) -> Documentation {
    Documentation::MarkupContent(markdown(markdown_text))
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent { kind: MarkupKind::Markdown, value }
}
