//! Incremental updates against the same work done from scratch: after random edits (a few per change,
//! as in one `didChange`), reparsing the touched chunks and relowering must give exactly the file
//! lowered from a fresh parse, and reanalyzing exactly the diagnostics and component uses of a full
//! analysis.

use design_ls::analysis::{analyze_file, reanalyze, Analysis};
use design_ls::catalog::Catalog;
use design_ls::syntax::{parse_and_lower, relower, Splice, Syntax};

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
    let (mut syntax, mut file) = parse_and_lower(&text);
    let mut analysis = analyze_file(file.clone(), Catalog::builtin());
    for _ in 0..changes {
        let before = text.clone();
        let mut splice = edit(&mut rng, &mut text);
        for _ in 0..rng.below(3) {
            splice = splice.then(edit(&mut rng, &mut text));
        }
        let context = || format!("seed {seed}, after {splice:?} turned\n{before}\ninto\n{text}");
        let reparsed = syntax.edit(&before, &text, splice);
        let (fresh_syntax, fresh) = parse_and_lower(&text);
        relower(&mut file, &syntax, reparsed.clone(), splice);
        assert_eq!(file, fresh, "{}", context());
        assert_eq!(syntax, fresh_syntax, "{}", context());
        analysis = reanalyze(analysis, &text, &syntax, reparsed, splice);
        let scratch = analyze_file(fresh, Catalog::builtin());
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

/// Replaces the first `find` after `after` (a marker that places the edit) with `replace`, and checks the
/// incremental analysis against one from scratch. Returns the codes of the diagnostics, for the caller to
/// check that the step did what it meant to.
fn step(state: &mut (String, Syntax, Analysis), after: &str, find: &str, replace: &str) -> Vec<String> {
    let (text, syntax, analysis) = state;
    let from = text.find(after).unwrap_or_else(|| panic!("`{after}` is in the text"));
    let start = from + text[from..].find(find).unwrap_or_else(|| panic!("`{find}` follows `{after}`"));
    let before = text.clone();
    text.replace_range(start..start + find.len(), replace);
    let splice = Splice { start, old_end: start + find.len(), new_end: start + replace.len() };
    let reparsed = syntax.edit(&before, text, splice);
    *analysis =
        reanalyze(std::mem::replace(analysis, Analysis::empty(Catalog::builtin())), text, syntax, reparsed, splice);
    let scratch = analyze_file(parse_and_lower(text).1, Catalog::builtin());
    assert_eq!(analysis.diagnostics, scratch.diagnostics, "after `{find}` → `{replace}`");
    assert_eq!(analysis.uses().collect::<Vec<_>>(), scratch.uses().collect::<Vec<_>>(), "after `{find}` → `{replace}`");
    let mut codes: Vec<String> = scratch.diagnostics.iter().map(|d| d.code.as_str().to_string()).collect();
    codes.dedup();
    codes
}

/// Each way an edit can reach the findings kept from before it: declarations that move every component's
/// index, a changed host, a renamed component some operations use, and operation names that become
/// repeated and unique again.
#[test]
fn edits_to_declarations_and_names_equal_work_from_scratch() {
    let text = include_str!("../../examples/ticketing.design").to_string();
    let (syntax, file) = parse_and_lower(&text);
    let analysis = analyze_file(file, Catalog::builtin());
    let state = &mut (text, syntax, analysis);
    assert_eq!(step(state, "", "", ""), [] as [&str; 0], "the example is clean");
    // A declaration before all others, in a chunk of its own (the comments before `system`): every
    // component's index moves by one, though no operation names the new one.
    assert_eq!(step(state, "", "# Ticketing", "component spare: redis\n# Ticketing"), ["unused-component"]);
    assert_eq!(step(state, "", "component spare: redis\n", ""), [] as [&str; 0]);
    // A host that is not declared, then the right one again.
    assert_eq!(step(state, "component seat_holds", "in bookings_db", "in booking_db"), ["undeclared-component"]);
    assert_eq!(step(state, "component seat_holds", "in booking_db", "in bookings_db"), [] as [&str; 0]);
    // A component renamed: the operations naming it report it, and the others keep their findings.
    let renamed = step(state, "component confirmer", "confirmer", "confirmed");
    assert_eq!(renamed, ["unused-component", "undeclared-component"]);
    assert_eq!(step(state, "component confirmed", "confirmed", "confirmer"), [] as [&str; 0]);
    // Two operations with one name, then unique names again.
    assert_eq!(step(state, "", "operation \"seat hold\"", "operation \"create order\""), ["duplicate-operation"]);
    assert_eq!(step(state, "create order", "operation \"create order\"", "operation \"seat hold\""), [] as [&str; 0]);
}
