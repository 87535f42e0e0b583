//! The outline: the system, components and operations in source order, each operation's fields inside it.

use super::{Symbol, SymbolKind};
use crate::analysis::{operation_keys, Analysis};
use crate::syntax::{Field, Token};
use crate::text::echo;
use std::ops::Range;

pub fn document_symbols(analysis: &Analysis, text: &str) -> Vec<Symbol> {
    let file = &analysis.file;
    let systems = file.systems.iter().map(|system| Symbol {
        detail: Some("system".to_string()),
        ..symbol(text, &system.name, SymbolKind::System, &system.range)
    });
    let components = file.components.iter().map(|component| {
        let host = component.host.as_ref().map_or(String::new(), |h| format!(" in {}", echo(&h.text)));
        Symbol {
            detail: component.technology.as_ref().map(|t| format!("{}{host}", echo(&t.text))),
            ..symbol(text, &component.name, SymbolKind::Component, &component.range)
        }
    });
    let operations = file.operations.iter().map(|operation| {
        let fields = operation.fields.iter().map(|field| Symbol {
            detail: value_text(text, field),
            ..symbol(text, &field.key, SymbolKind::Field, &field.range)
        });
        Symbol {
            detail: operation_keys::field(analysis.catalog(), operation, "mechanism")
                .and_then(|field| value_text(text, field)),
            children: fields.collect(),
            ..symbol(text, &operation.name, SymbolKind::Operation, &operation.range)
        }
    });
    let mut symbols: Vec<Symbol> = systems.chain(components).chain(operations).collect();
    symbols.sort_by_key(|s| s.range.start);
    symbols
}

fn symbol(text: &str, name: &Token, kind: SymbolKind, range: &Range<usize>) -> Symbol {
    // VS Code rejects a symbol with an empty name; an empty string shows as its quotes instead.
    let shown = if name.text.is_empty() { &text[name.range.clone()] } else { &name.text };
    Symbol {
        name: echo(shown).to_string(),
        kind,
        detail: None,
        range: range.clone(),
        selection_range: name.range.clone(),
        children: Vec::new(),
    }
}

/// The value as written, quotes and commas included (cut when long, as a list may be).
fn value_text(text: &str, field: &Field) -> Option<String> {
    field.value.as_ref().map(|value| echo(&text[value.range()]).to_string())
}
