//! Random changes, each a few edits as in one `didChange`, through the host's oracle: after each, the
//! design must analyze its file exactly as a fresh one handed the final text (the same chunks, lowered
//! file, diagnostics and component uses).

#![no_main]

use arbitrary::Arbitrary;
use design_ls::catalog::Catalog;
use design_ls::host::{oracle, Change, Design, FileId};
use design_ls::text::Encoding;
use libfuzzer_sys::fuzz_target;

const EXAMPLES: [&str; 5] = [
    include_str!("../../examples/ticketing/ticketing.design"),
    include_str!("../../examples/social-feed/social-feed.design"),
    include_str!("../../examples/job-scheduler/job-scheduler.design"),
    include_str!("../../examples/feature-flags/feature-flags.design"),
    include_str!("../../examples/broken/broken.design"),
];

/// Pieces that make and break declarations, blocks, strings and references.
const PIECES: [&str; 20] = [
    "component ",
    "operation \"x\" {\n",
    "}\n",
    "\n",
    "\r\n",
    "{",
    "}",
    "\"",
    ":",
    " db: postgres",
    "  store: db\n",
    "mechanism: insert",
    "# note\n",
    "é",
    "system \"s\"\n",
    "component db: redis\n",
    "component bookings_db: kafka\n",
    "bookings_db",
    "  inventory: seat_holds\n",
    "  path: a -> b\n",
];

#[derive(Debug, Arbitrary)]
enum Start {
    Example(u8),
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum Insert {
    Nothing,
    Piece(u8),
    Text(String),
}

#[derive(Debug, Arbitrary)]
struct Edit {
    /// Where the edit starts, as a fraction of the text's length.
    at: u16,
    /// How many bytes it replaces.
    length: u8,
    insert: Insert,
}

#[derive(Debug, Arbitrary)]
struct Input {
    start: Start,
    /// Each change is one `didChange`; its edits apply in order.
    changes: Vec<Vec<Edit>>,
}

/// Applies `edit` to `text` (snapped to char boundaries, as positions from the protocol are), and returns it
/// as a change brings it.
fn apply(edit: &Edit, text: &mut String) -> design_ls::host::Edit {
    let mut start = (edit.at as usize * (text.len() + 1)) >> 16;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + edit.length as usize).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let insert = match &edit.insert {
        Insert::Nothing => "",
        Insert::Piece(index) => PIECES[*index as usize % PIECES.len()],
        Insert::Text(inserted) => inserted,
    };
    oracle::byte_edit(text, start..end, insert)
}

fuzz_target!(|input: Input| {
    let mut text = match input.start {
        Start::Example(index) => EXAMPLES[index as usize % EXAMPLES.len()].to_string(),
        Start::Text(text) => text,
    };
    let mut design = Design::new(Catalog::builtin());
    let file = FileId::new("file:///fuzzed.design");
    design.apply(Change::Open { file: file.clone(), version: 1, text: text.clone() }).unwrap();
    for (version, change) in (2..).zip(input.changes.iter().filter(|edits| !edits.is_empty())) {
        let before = text.clone();
        let edits = change.iter().map(|edit| apply(edit, &mut text)).collect();
        design.apply(Change::Edit { file: file.clone(), version, edits, encoding: Encoding::Utf8 }).unwrap();
        if let Err(difference) = oracle::check(&mut design) {
            panic!("{change:?} turned\n{before:?}\ninto\n{text:?}\n{difference}");
        }
    }
});
