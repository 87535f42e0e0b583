//! Arbitrary bytes as a document: parsing, analysis and every editor query must not panic, and every
//! range they return must lie in the text, on char boundaries.

#![no_main]

use design_ls::analysis::analyze_text;
use design_ls::catalog::Catalog;
use design_ls::ide;
use libfuzzer_sys::fuzz_target;
use std::ops::Range;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = analyze_text(&text, Catalog::builtin());

    let mut previous = 0;
    for diagnostic in &analysis.diagnostics {
        assert_valid(&text, &diagnostic.range, "diagnostic");
        assert!(diagnostic.range.start >= previous, "diagnostics out of order: {:?}", analysis.diagnostics);
        previous = diagnostic.range.start;
    }

    let tokens = ide::semantic_tokens(&analysis, &text);
    let mut end = 0;
    for token in &tokens {
        assert_valid(&text, &token.range, "semantic token");
        assert!(!token.range.is_empty(), "empty semantic token {token:?}");
        assert!(token.range.start >= end, "semantic tokens overlap or are unsorted: {tokens:?}");
        assert!(!text[token.range.clone()].contains(['\n', '\r']), "semantic token spans lines: {token:?}");
        end = token.range.end;
    }

    for symbol in ide::document_symbols(&analysis, &text) {
        assert_symbol(&text, &symbol);
    }

    for offset in offsets(&text) {
        if let Some(info) = ide::hover(&analysis, &text, offset) {
            assert_valid(&text, &info.range, "hover");
        }
        for item in ide::completions(&analysis, &text, offset).items {
            assert_valid(&text, &item.replace, "completion");
        }
        if let Some(target) = ide::definition(&analysis, offset) {
            assert_valid(&text, &target, "definition");
        }
        for include_declaration in [false, true] {
            for range in ide::references(&analysis, offset, include_declaration).unwrap_or_default() {
                assert_valid(&text, &range, "reference");
            }
        }
    }
});

/// Where to ask: every char boundary of a short text; in a longer one, a spread of offsets and those
/// just after the completion trigger characters.
fn offsets(text: &str) -> Vec<usize> {
    let boundaries = (0..=text.len()).filter(|&i| text.is_char_boundary(i));
    if text.len() <= 64 {
        return boundaries.collect();
    }
    let step = text.len() / 16;
    let spread = boundaries.filter(|i| i % step == 0 || *i == text.len());
    let triggers = text.match_indices([':', ',', ' ']).map(|(i, _)| i + 1).take(16);
    spread.chain(triggers).collect()
}

fn assert_valid(text: &str, range: &Range<usize>, what: &str) {
    assert!(range.start <= range.end && range.end <= text.len(), "{what} range {range:?} outside the text");
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} range {range:?} splits a char"
    );
}

fn assert_symbol(text: &str, symbol: &ide::Symbol) {
    assert_valid(text, &symbol.range, "symbol");
    assert_valid(text, &symbol.selection_range, "symbol selection");
    let (range, selection) = (&symbol.range, &symbol.selection_range);
    // The protocol requires the name inside the item; VS Code rejects the outline otherwise.
    assert!(range.start <= selection.start && selection.end <= range.end, "selection outside its symbol: {symbol:?}");
    for child in &symbol.children {
        assert_symbol(text, child);
    }
}
