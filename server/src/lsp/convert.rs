//! Conversions between the analysis's byte offsets and the protocol's positions and types.

use crate::analysis::{self, Severity};
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

fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let (line, column) = text::offset_to_position(rope, offset, encoding);
    // Only a document of more than 4 GiB overflows; saturating keeps the answer well-formed.
    let saturate = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position::new(saturate(line), saturate(column))
}

pub fn range(rope: &Rope, bytes: ops::Range<usize>, encoding: Encoding) -> Range {
    Range::new(position(rope, bytes.start, encoding), position(rope, bytes.end, encoding))
}

pub fn diagnostic(rope: &Rope, diagnostic: &analysis::Diagnostic, encoding: Encoding) -> Diagnostic {
    let code = diagnostic.code;
    Diagnostic {
        range: range(rope, diagnostic.range.clone(), encoding),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Information => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
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

// `deprecated` must be spelled out: the type has no default, and `tags` supersedes the field.
#[allow(deprecated)]
pub fn symbol(rope: &Rope, item: ide::Symbol, encoding: Encoding) -> DocumentSymbol {
    let children: Vec<_> = item.children.into_iter().map(|child| symbol(rope, child, encoding)).collect();
    DocumentSymbol {
        name: item.name,
        detail: item.detail,
        kind: match item.kind {
            SymbolKind::System => ls_types::SymbolKind::NAMESPACE,
            // The icons completion shows for components and roles.
            SymbolKind::Component => ls_types::SymbolKind::VARIABLE,
            SymbolKind::Operation => ls_types::SymbolKind::FUNCTION,
            SymbolKind::Field => ls_types::SymbolKind::PROPERTY,
        },
        tags: None,
        deprecated: None,
        range: range(rope, item.range, encoding),
        selection_range: range(rope, item.selection_range, encoding),
        children: (!children.is_empty()).then_some(children),
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
/// Tokens never span lines, so a token's length is the distance between its two columns.
pub fn semantic_tokens(rope: &Rope, tokens: &[ide::SemanticToken], encoding: Encoding) -> Vec<SemanticToken> {
    let mut previous = Position::new(0, 0);
    let mut encoded = Vec::with_capacity(tokens.len());
    for token in tokens {
        let Range { start, end } = range(rope, token.range.clone(), encoding);
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
