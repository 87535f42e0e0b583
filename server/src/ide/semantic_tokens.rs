//! Semantic tokens: what a name means, which a grammar cannot know. A known mechanism and a typo of one
//! look alike to tree-sitter and TextMate; here only names the catalog or the design resolves get a token,
//! so an unresolved name keeps its plain colour next to its diagnostic.

use super::{overlapping, SemanticToken, TokenType};
use crate::analysis::{Analysis, Binding, Code};
use crate::catalog::Role;
use crate::syntax::{Atom, Token, Value};
use std::ops::Range;

/// The token is where the name is introduced.
pub const DECLARATION: u32 = 1;
/// The name comes from the catalog (a mechanism, shape, technology or role word), not from the design.
pub const DEFAULT_LIBRARY: u32 = 1 << 1;
/// Modifier names, by bit.
pub const MODIFIERS: [&str; 2] = ["declaration", "defaultLibrary"];

/// The tokens of the file in source order; they never overlap and never span lines.
pub fn semantic_tokens(analysis: &Analysis, text: &str) -> Vec<SemanticToken> {
    semantic_tokens_in(analysis, text, 0..text.len())
}

/// The tokens that overlap the bytes `within`, in source order. Only the declarations there are visited,
/// so an editor showing a screenful of a large file does not pay for the whole file.
pub fn semantic_tokens_in(analysis: &Analysis, text: &str, within: Range<usize>) -> Vec<SemanticToken> {
    let file = &analysis.file;
    let catalog = analysis.catalog();
    let mut tokens = Vec::new();
    let mut push = |range: Range<usize>, kind: TokenType, modifiers: u32| {
        if !range.is_empty() && range.start < within.end && within.start < range.end {
            tokens.push(SemanticToken { range, kind, modifiers });
        }
    };

    for system in &file.systems[overlapping(&file.systems, |s| &s.range, &within)] {
        push(keyword(text, system.range.start, "system"), TokenType::Keyword, 0);
    }
    for component in &file.components[overlapping(&file.components, |c| &c.range, &within)] {
        push(keyword(text, component.range.start, "component"), TokenType::Keyword, 0);
        push(component.name.range.clone(), TokenType::Variable, DECLARATION);
        if let Some(technology) = &component.technology {
            if analysis.technology_of(component).is_some() {
                push(technology.range.clone(), TokenType::Type, DEFAULT_LIBRARY);
            }
            let mut after = technology.range.end;
            if let Some(kind) = &component.kind {
                push(infix_keyword(text, after..kind.range.start, "as"), TokenType::Keyword, 0);
                if catalog.kind(&kind.text).is_some() {
                    push(kind.range.clone(), TokenType::Type, DEFAULT_LIBRARY);
                }
                after = kind.range.end;
            }
            if let Some(host) = &component.host {
                push(infix_keyword(text, after..host.range.start, "in"), TokenType::Keyword, 0);
                if analysis.component(&host.text).is_some() {
                    push(host.range.clone(), TokenType::Variable, 0);
                }
            }
        }
    }
    for operation in &file.operations[overlapping(&file.operations, |o| &o.range, &within)] {
        push(keyword(text, operation.range.start, "operation"), TokenType::Keyword, 0);
        push(operation.name.range.clone(), TokenType::Function, DECLARATION);
        let mechanism = analysis.mechanism_of(operation);
        for field in &operation.fields {
            push(field.key.range.clone(), TokenType::Property, 0);
            let Some(Value::List(atoms)) = &field.value else { continue };
            let catalog_word = |word: &Token| match field.key.text.as_str() {
                "mechanism" => catalog.mechanism(&word.text).is_some(),
                "shape" => catalog.shape(&word.text).is_some(),
                "allow" => Code::named(&word.text).is_some(),
                _ => false,
            };
            // Once per field, not per value: a list of n values costs n lookups, not n².
            let role = mechanism.and_then(|m| m.role(&field.key.text));
            for atom in atoms {
                if let Some((kind, modifiers)) = atom_token(analysis, role, atom, catalog_word) {
                    push(atom.token().range.clone(), kind, modifiers);
                }
            }
        }
    }
    tokens.sort_by_key(|token| token.range.start);
    tokens
}

fn atom_token(
    analysis: &Analysis,
    role: Option<&Role>,
    atom: &Atom,
    catalog_word: impl Fn(&Token) -> bool,
) -> Option<(TokenType, u32)> {
    match atom {
        Atom::Word(word) if catalog_word(word) => Some((TokenType::EnumMember, DEFAULT_LIBRARY)),
        Atom::Word(_) => match analysis.binding(role?, atom) {
            Binding::Component(_) => Some((TokenType::Variable, 0)),
            Binding::Word => Some((TokenType::EnumMember, DEFAULT_LIBRARY)),
            _ => None,
        },
        Atom::Quantity(_) => Some((TokenType::Number, 0)),
        Atom::Text(_) => None,
    }
}

/// The keyword that starts a declaration, unless recovery kept a declaration whose keyword was misspelled.
fn keyword(text: &str, start: usize, word: &str) -> Range<usize> {
    if text.get(start..).is_some_and(|rest| rest.starts_with(word)) {
        start..start + word.len()
    } else {
        start..start
    }
}

/// The keyword `word` (`as`, `in`) in the gap `between` two parts of a component declaration.
fn infix_keyword(text: &str, between: Range<usize>, word: &str) -> Range<usize> {
    let Some(gap) = text.get(between.clone()) else { return between.start..between.start };
    gap.find(word).map_or(between.start..between.start, |at| between.start + at..between.start + at + word.len())
}
