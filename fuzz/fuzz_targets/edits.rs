//! Random changes, each a few edits as in one `didChange`: reparsing the touched chunks and
//! relowering must give exactly the file of a fresh parse, and reanalyzing exactly the diagnostics and
//! component uses of a full analysis.

#![no_main]

use arbitrary::Arbitrary;
use design_ls::analysis::{analyze_file, reanalyze};
use design_ls::catalog::Catalog;
use design_ls::syntax::{parse_and_lower, relower, Splice};
use libfuzzer_sys::fuzz_target;

const EXAMPLES: [&str; 5] = [
    include_str!("../../examples/ticketing.design"),
    include_str!("../../examples/social-feed.design"),
    include_str!("../../examples/job-scheduler.design"),
    include_str!("../../examples/feature-flags.design"),
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

/// Applies `edit` to `text` (snapped to char boundaries, as positions from the protocol are).
fn apply(edit: &Edit, text: &mut String) -> Splice {
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
    text.replace_range(start..end, insert);
    Splice { start, old_end: end, new_end: start + insert.len() }
}

fuzz_target!(|input: Input| {
    let mut text = match input.start {
        Start::Example(index) => EXAMPLES[index as usize % EXAMPLES.len()].to_string(),
        Start::Text(text) => text,
    };
    let (mut syntax, mut file) = parse_and_lower(&text);
    let mut analysis = analyze_file(file.clone(), Catalog::builtin());
    for change in input.changes.iter().filter(|edits| !edits.is_empty()) {
        let before = text.clone();
        let mut edits = change.iter();
        let mut splice = apply(edits.next().unwrap(), &mut text);
        for edit in edits {
            splice = splice.then(apply(edit, &mut text));
        }
        let reparsed = syntax.edit(&before, &text, splice);
        let (fresh_syntax, fresh) = parse_and_lower(&text);
        relower(&mut file, &syntax, reparsed.clone(), splice);
        let context = || format!("after {splice:?} turned\n{before:?}\ninto\n{text:?}");
        assert_eq!(syntax, fresh_syntax, "chunks differ {}", context());
        assert_eq!(file, fresh, "file differs {}", context());
        analysis = reanalyze(analysis, &text, &syntax, reparsed, splice);
        let scratch = analyze_file(fresh, Catalog::builtin());
        assert_eq!(analysis.diagnostics, scratch.diagnostics, "diagnostics differ {}", context());
        assert_eq!(analysis.uses().collect::<Vec<_>>(), scratch.uses().collect::<Vec<_>>(), "uses differ {}", context());
        assert_eq!(analysis.file, scratch.file, "analysed file differs {}", context());
    }
});
