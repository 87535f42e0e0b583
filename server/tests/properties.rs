//! Bounded property tests of what `fuzz/` checks at length: analysis and every editor query survive any
//! text and return ranges inside it; an incremental update equals the same work from scratch; line and
//! column conversion agrees with a plain count of the text. The cases come from a fixed seed, so a run is
//! repeatable; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` explore further.

use design_ls::analysis::analyze_text;
use design_ls::catalog::Catalog;
use design_ls::host::{oracle, Change, Design, FileId};
use design_ls::ide;
use design_ls::text::{offset_to_position, position_to_offset, Encoding};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngSeed};
use ropey::Rope;
use std::ops::Range;

const EXAMPLES: [&str; 2] =
    [include_str!("../../examples/ticketing/ticketing.design"), include_str!("../../examples/broken/broken.design")];

/// Pieces that make and break declarations, blocks, strings, paths and references.
const PIECES: [&str; 30] = [
    "system ",
    "component ",
    "operation ",
    "\"x\"",
    " {\n",
    "}\n",
    "{",
    "}",
    "\"",
    ":",
    ",",
    " ",
    "\n",
    "\r\n",
    "\r",
    "# note\n",
    " in ",
    "db",
    "postgres",
    "redis",
    "table",
    "mechanism: ",
    "insert",
    "store: ",
    "shape: create",
    "path: POST /a/{id}",
    "10m",
    "é",
    "😀",
    "日本",
];

/// `cases` cases from a fixed seed, unless `PROPTEST_CASES` or `PROPTEST_RNG_SEED` say otherwise.
fn config(cases: u32) -> Config {
    let default = Config::default();
    Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() { default.cases } else { cases },
        rng_seed: match default.rng_seed {
            RngSeed::Random => RngSeed::Fixed(20261127),
            chosen => chosen,
        },
        // Failures become named regression tests below, not files beside this one.
        failure_persistence: None,
        ..default
    }
}

/// Design-like text: pieces of the notation mixed with any chars.
fn design_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![4 => select(&PIECES[..]).prop_map(String::from), 1 => any::<char>().prop_map(String::from)];
    prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
}

fn assert_valid(text: &str, range: &Range<usize>, what: &str) {
    assert!(range.start <= range.end && range.end <= text.len(), "{what} range {range:?} outside {text:?}");
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end), "{what} {range:?} splits a char");
}

/// Every query the editor makes, at every char boundary: no panic, and ranges in the text.
fn check_queries(text: &str) {
    let analysis = analyze_text(text, Catalog::builtin());
    let mut previous = 0;
    for diagnostic in &analysis.diagnostics {
        assert_valid(text, &diagnostic.range, "diagnostic");
        assert!(diagnostic.range.start >= previous, "diagnostics out of order: {:?}", analysis.diagnostics);
        previous = diagnostic.range.start;
    }
    let mut end = 0;
    let tokens = ide::semantic_tokens(&analysis, text);
    for token in &tokens {
        assert_valid(text, &token.range, "semantic token");
        assert!(!token.range.is_empty() && token.range.start >= end, "token {token:?} empty, overlapping or unsorted");
        assert!(!text[token.range.clone()].contains(['\n', '\r']), "token {token:?} spans lines");
        end = token.range.end;
    }
    // A range request gives exactly the tokens of the whole file that overlap the range.
    let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(3).collect();
    for (i, &start) in boundaries.iter().enumerate() {
        for &end in boundaries[i..].iter().step_by(5) {
            let overlapping = tokens.iter().filter(|t| t.range.start < end && start < t.range.end);
            let expected: Vec<_> = overlapping.cloned().collect();
            assert_eq!(ide::semantic_tokens_in(&analysis, text, start..end), expected, "tokens in {start}..{end}");
        }
    }
    let mut symbols = ide::document_symbols(&analysis, text);
    while let Some(symbol) = symbols.pop() {
        assert_valid(text, &symbol.range, "symbol");
        assert_valid(text, &symbol.selection_range, "symbol name");
        let (range, name) = (&symbol.range, &symbol.selection_range);
        assert!(range.start <= name.start && name.end <= range.end, "name outside its symbol: {symbol:?}");
        symbols.extend(symbol.children);
    }
    for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        if let Some(info) = ide::hover(&analysis, text, offset) {
            assert_valid(text, &info.range, "hover");
        }
        for item in ide::completions(&analysis, text, offset).items {
            assert_valid(text, &item.replace, "completion");
        }
        if let Some(target) = ide::definition(&analysis, offset) {
            assert_valid(text, &target, "definition");
        }
        for reference in ide::references(&analysis, offset, true).unwrap_or_default() {
            assert_valid(text, &reference, "reference");
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn analysis_and_queries_survive_any_text(text in design_text()) {
        check_queries(&text);
    }
}

/// One edit: where it starts (a byte offset, modulo the text's length plus one), how many bytes it
/// replaces, what it inserts.
type Edit = (usize, usize, String);

/// Applies `edit` to `text`, snapped to char boundaries as positions from the protocol are, and returns
/// it as a change brings it.
fn apply(&(at, length, ref insert): &Edit, text: &mut String) -> design_ls::host::Edit {
    let mut start = at % (text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + length).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    oracle::byte_edit(text, start..end, insert)
}

/// Applies `changes` (each the edits of one `didChange`) to a design, checking it after each against the
/// host's oracle; returns the final text and its diagnostics as `code message` lines.
fn check_incremental(text: &str, changes: &[Vec<Edit>]) -> (String, Vec<String>) {
    let mut text = text.to_string();
    let mut design = Design::new(Catalog::builtin());
    let file = FileId::new("file:///edited.design");
    design.apply(Change::Open { file: file.clone(), version: 1, text: text.clone() }).unwrap();
    for (version, change) in (2..).zip(changes.iter().filter(|edits| !edits.is_empty())) {
        let before = text.clone();
        let edits = change.iter().map(|edit| apply(edit, &mut text)).collect();
        design.apply(Change::Edit { file: file.clone(), version, edits, encoding: Encoding::Utf8 }).unwrap();
        if let Err(difference) = oracle::check(&mut design) {
            panic!("{change:?} turned {before:?} into {text:?}: {difference}");
        }
    }
    let snapshot = design.snapshot();
    assert_eq!(snapshot.file(&file).unwrap().text(), text);
    let diagnostics =
        snapshot.diagnostics(&file).iter().map(|d| format!("{} {}", d.code.as_str(), d.message)).collect();
    (text, diagnostics)
}

fn edit() -> impl Strategy<Value = Edit> {
    let insert = prop_oneof![
        1 => Just(String::new()),
        3 => select(&PIECES[..]).prop_map(String::from),
        1 => design_text(),
    ];
    (any::<usize>(), 0..24usize, insert)
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn incremental_updates_equal_work_from_scratch(
        text in prop_oneof![select(&EXAMPLES[..]).prop_map(String::from), design_text()],
        changes in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8),
    ) {
        check_incremental(&text, &changes);
    }
}

#[test]
fn an_edit_that_unmakes_a_declaration_line_joins_it_to_the_chunk_before() {
    // Found by `fuzz/` (target `edits`): deleting "ompone" turns "component c" into "cnt c", a line that
    // no longer starts a chunk, yet only its own chunk was parsed again, still cut before it. The block
    // above then looked closed off by it: "not closed" and "unexpected `}`" instead of this.
    let text = "operation \"o\" {\n  mechanism: insert\ncomponent c: redis\n}\n";
    let (text, diagnostics) = check_incremental(text, &[vec![(37, 6, String::new())]]);
    assert_eq!(text, "operation \"o\" {\n  mechanism: insert\ncnt c: redis\n}\n");
    assert_eq!(
        diagnostics,
        [
            "missing-role insert needs `store`: a primary store that takes the insert and enforces the unique key, \
             or nothing durable decides whether the entity already exists; it takes a store or table",
            "syntax-error unexpected `c`: separate list values with `,` and put each field on its own line",
        ]
    );
}

/// The line and column of every char boundary, counted directly: lines end at `\n`, `\r\n` or `\r`.
fn expected_positions(text: &str, encoding: Encoding) -> Vec<(usize, (usize, usize))> {
    let units = |c: char| match encoding {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    };
    let mut positions = Vec::new();
    let (mut line, mut column) = (0, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        positions.push((offset, (line, column)));
        match c {
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {
                chars.next();
                (line, column) = (line + 1, 0);
            }
            '\n' | '\r' => (line, column) = (line + 1, 0),
            c => column += units(c),
        }
    }
    positions.push((text.len(), (line, column)));
    positions
}

/// Text of any chars, with every kind of line break.
fn unicode_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        select(&["\n", "\r\n", "\r", "é", "😀", "日", "\u{85}", "\u{2028}", "a"][..]).prop_map(String::from),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn positions_round_trip_and_clamp(text in unicode_text(), extra in 0..4usize) {
        let rope = Rope::from_str(&text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let expected = expected_positions(&text, encoding);
            for &(offset, position) in &expected {
                prop_assert_eq!(offset_to_position(&rope, offset, encoding), position, "offset {} {:?}", offset, encoding);
                let (line, column) = position;
                prop_assert_eq!(position_to_offset(&rope, line, column, encoding), Some(offset));
            }
            // Inside a char: its start. Past the end: the end.
            for (offset, c) in text.char_indices() {
                for inside in offset + 1..offset + c.len_utf8() {
                    prop_assert_eq!(offset_to_position(&rope, inside, encoding), offset_to_position(&rope, offset, encoding));
                }
            }
            let end = expected.last().unwrap().1;
            prop_assert_eq!(offset_to_position(&rope, text.len() + 1 + extra, encoding), end);
            // Each line: a column past its end stops before its line break; a column inside a char
            // snaps to the char's start; the line after the last one is no position.
            let lines = end.0 + 1;
            for line in 0..lines {
                let on_line: Vec<_> = expected.iter().filter(|(_, (l, _))| *l == line).collect();
                let &&(line_end, (_, width)) = on_line.last().unwrap();
                prop_assert_eq!(position_to_offset(&rope, line, width + 1 + extra, encoding), Some(line_end));
                for column in 0..width {
                    let at = on_line.iter().rev().find(|(_, (_, c))| *c <= column).unwrap().0;
                    prop_assert_eq!(position_to_offset(&rope, line, column, encoding), Some(at), "{:?} {} {}", encoding, line, column);
                }
            }
            prop_assert_eq!(position_to_offset(&rope, lines + extra, 0, encoding), None);
        }
    }
}
