//! Editor features on byte offsets: hover cards, completion, navigation and the outline. No protocol types here.

mod cards;
mod completion;
mod explain;
mod flow;
mod hover;
mod navigation;
mod semantic_tokens;
mod symbols;

pub use cards::{
    family_card, kind_card, mechanism_card, operation_key_card, overview_card, role_card, shape_card, technology_card,
};
pub use completion::{completions, component_documentation, LIMIT as COMPLETION_LIMIT};
pub use explain::find_mechanism;
pub use flow::{operation_flow, FlowNode, FlowValue};
pub use hover::hover;
pub use navigation::{definition, references};
pub use semantic_tokens::{semantic_tokens, semantic_tokens_in, DECLARATION, DEFAULT_LIBRARY, MODIFIERS};
pub use symbols::document_symbols;

use std::ops::Range;

/// A hover card: Markdown for the token under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    /// The byte range of the hovered token.
    pub range: Range<usize>,
    pub markdown: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Snippet,
    Mechanism,
    Technology,
    Component,
    Word,
    Role,
    Shape,
}

/// A completion item's documentation: a card ready to show, or a component's card, which lists every use
/// of the component and is rendered only for the item the editor shows (with [`component_documentation`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Documentation {
    Card(String),
    /// The component's name.
    Component(String),
}

/// The answer to a completion request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completions {
    /// Best first.
    pub items: Vec<CompletionItem>,
    /// More items would have matched: the editor should ask again as the user types.
    pub incomplete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (a mechanism's title, a component's technology).
    pub detail: Option<String>,
    /// What the documentation side panel shows.
    pub documentation: Option<Documentation>,
    /// Text that replaces `replace`; a snippet with `$1` placeholders when `snippet` is set.
    pub insert_text: String,
    pub snippet: bool,
    /// The byte range the insertion replaces (the partial word under the cursor, possibly empty).
    pub replace: Range<usize>,
    pub preselect: bool,
    /// Sort key; items are also returned in this order.
    pub sort_text: String,
    /// What the editor filters on when it differs from the label.
    pub filter_text: Option<String>,
}

/// An entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// One line shown beside the name: a component's technology, an operation's mechanism, a field's value.
    pub detail: Option<String>,
    /// The byte range of the whole item.
    pub range: Range<usize>,
    /// The byte range of its name.
    pub selection_range: Range<usize>,
    pub children: Vec<Symbol>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    System,
    Component,
    Operation,
    Field,
}

/// A name whose meaning the analysis resolved, for semantic highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: Range<usize>,
    pub kind: TokenType,
    /// Bits of `MODIFIERS`.
    pub modifiers: u32,
}

/// Standard LSP token types, so every client colours them without configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// `system`, `component`, `operation`, `in`.
    Keyword,
    /// A field key.
    Property,
    /// A catalog value: a mechanism, a shape, a word a role accepts.
    EnumMember,
    /// A known technology.
    Type,
    /// A declared component.
    Variable,
    /// An operation's name.
    Function,
    /// A quantity or duration.
    Number,
}

impl TokenType {
    /// The legend, in the order of the protocol's token type indices.
    pub const ALL: [TokenType; 7] = [
        TokenType::Keyword,
        TokenType::Property,
        TokenType::EnumMember,
        TokenType::Type,
        TokenType::Variable,
        TokenType::Function,
        TokenType::Number,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TokenType::Keyword => "keyword",
            TokenType::Property => "property",
            TokenType::EnumMember => "enumMember",
            TokenType::Type => "type",
            TokenType::Variable => "variable",
            TokenType::Function => "function",
            TokenType::Number => "number",
        }
    }
}

/// The indices of the items (in source order, each within its own range, one after another: declarations,
/// the fields of an operation, the values of a list) that overlap `within`, found by binary search.
fn overlapping<T>(items: &[T], range: impl Fn(&T) -> &Range<usize>, within: &Range<usize>) -> Range<usize> {
    let end = items.partition_point(|item| range(item).start < within.end);
    let mut start = items[..end].partition_point(|item| range(item).start < within.start);
    // The one starting before `within` may reach into it.
    while start > 0 && range(&items[start - 1]).end > within.start {
        start -= 1;
    }
    start..end
}
