//! Incremental updates against the same work done from scratch: after random edits (a few per change,
//! as in one `didChange`), reparsing the touched chunks and relowering must give exactly the file
//! lowered from a fresh parse, and reanalyzing exactly the diagnostics and component uses of a full
//! analysis.

use design_ls::analysis::{analyze, reanalyze};
use design_ls::syntax::{lower, relower, Splice, Syntax};

/// Small deterministic generator: the test needs varied edits, not a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Pieces that make and break declarations, blocks, strings and references.
const PIECES: [&str; 18] = [
    "component ",
    "operation \"x\" {\n",
    "}\n",
    "\n",
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
];

/// One random edit of `text`.
fn edit(rng: &mut Rng, text: &mut String) -> Splice {
    let mut start = rng.below(text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + rng.below(12)).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let insert = if rng.below(3) == 0 { "" } else { PIECES[rng.below(PIECES.len())] };
    text.replace_range(start..end, insert);
    Splice { start, old_end: end, new_end: start + insert.len() }
}

fn check(seed: u64, text: &str, changes: usize) {
    let mut rng = Rng(seed);
    let mut text = text.to_string();
    let mut syntax = Syntax::parse(&text);
    let mut file = lower(&text, &syntax);
    let mut analysis = analyze(&text, &syntax);
    for _ in 0..changes {
        let before = text.clone();
        let mut splice = edit(&mut rng, &mut text);
        for _ in 0..rng.below(3) {
            splice = splice.then(edit(&mut rng, &mut text));
        }
        let context = || format!("seed {seed}, after {splice:?} turned\n{before}\ninto\n{text}");
        let region = syntax.edit(&before, &text, splice);
        let fresh = Syntax::parse(&text);
        relower(&mut file, &text, &syntax, region.clone(), splice);
        assert_eq!(file, lower(&text, &fresh), "{}", context());
        analysis = reanalyze(analysis, &text, &syntax, region, splice);
        let scratch = analyze(&text, &fresh);
        assert_eq!(analysis.diagnostics, scratch.diagnostics, "{}", context());
        assert_eq!(analysis.uses().collect::<Vec<_>>(), scratch.uses().collect::<Vec<_>>(), "{}", context());
    }
}

#[test]
fn incremental_updates_equal_work_from_scratch() {
    let examples =
        [include_str!("../../examples/ticketing.design"), include_str!("../../examples/broken/broken.design"), ""];
    for (index, example) in examples.iter().enumerate() {
        for seed in 1..12 {
            check(seed * 31 + index as u64, example, 40);
        }
    }
}
