//! Incremental updates against the same work done from scratch: after random edits (a few per change,
//! as in one `didChange`), relowering must give exactly the file lowered from the new tree, and
//! reanalyzing exactly the diagnostics and component uses of a full analysis.

use design_ls::analysis::{analyze, reanalyze};
use design_ls::syntax::{lower, parse, relower, InputEdit, Point, Splice};

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

fn point(text: &str, offset: usize) -> Point {
    let before = &text[..offset];
    Point::new(before.matches('\n').count(), offset - before.rfind('\n').map_or(0, |i| i + 1))
}

/// One random edit applied to `text` and `tree` alike.
fn edit(rng: &mut Rng, text: &mut String, tree: &mut design_ls::syntax::Tree) -> Splice {
    let mut start = rng.below(text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + rng.below(12)).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let insert = if rng.below(3) == 0 { "" } else { PIECES[rng.below(PIECES.len())] };
    let (start_position, old_end_position) = (point(text, start), point(text, end));
    text.replace_range(start..end, insert);
    let new_end = start + insert.len();
    tree.edit(&InputEdit {
        start_byte: start,
        old_end_byte: end,
        new_end_byte: new_end,
        start_position,
        old_end_position,
        new_end_position: point(text, new_end),
    });
    Splice { start, old_end: end, new_end }
}

fn check(seed: u64, text: &str, changes: usize) {
    let mut rng = Rng(seed);
    let mut text = text.to_string();
    let mut tree = parse(&text, None);
    let mut file = lower(&text, &tree);
    let mut analysis = analyze(&text, &tree);
    for _ in 0..changes {
        let before = text.clone();
        let mut old = tree.clone();
        let mut splice = edit(&mut rng, &mut text, &mut old);
        for _ in 0..rng.below(3) {
            splice = splice.then(edit(&mut rng, &mut text, &mut old));
        }
        tree = parse(&text, Some(&old));
        let context = || format!("seed {seed}, after {splice:?} turned\n{before}\ninto\n{text}");
        relower(&mut file, &text, &old, &tree, splice);
        assert_eq!(file, lower(&text, &tree), "{}", context());
        analysis = reanalyze(analysis, &text, &old, &tree, splice);
        let scratch = analyze(&text, &tree);
        assert_eq!(analysis.diagnostics, scratch.diagnostics, "{}", context());
        assert_eq!(analysis.uses, scratch.uses, "{}", context());
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
