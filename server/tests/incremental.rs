//! Incremental updates against the same work done from scratch, through the host's oracle: after random
//! edits (a few per change, as in one `didChange`), the design analyzes every file exactly as a fresh
//! one handed the final text.

use design_ls::catalog::Catalog;
use design_ls::host::{oracle, Change, Design, Edit, FileId};
use design_ls::text::Encoding;

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

/// One random edit of `text`, applied to it.
fn edit(rng: &mut Rng, text: &mut String) -> Edit {
    let mut start = rng.below(text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + rng.below(12)).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let insert = if rng.below(3) == 0 { "" } else { PIECES[rng.below(PIECES.len())] };
    oracle::byte_edit(text, start..end, insert)
}

/// A design holding one open file with `text`.
fn open(text: &str) -> (Design, FileId) {
    let mut design = Design::new(Catalog::builtin());
    let file = FileId::new("file:///edited.design");
    design.apply(Change::Open { file: file.clone(), version: 1, text: text.to_string() }).unwrap();
    (design, file)
}

fn check(seed: u64, text: &str, changes: usize) {
    let mut rng = Rng(seed);
    let mut text = text.to_string();
    let (mut design, file) = open(&text);
    for version in 2..changes as i32 + 2 {
        let before = text.clone();
        let edits: Vec<Edit> = (0..1 + rng.below(3)).map(|_| edit(&mut rng, &mut text)).collect();
        let change = Change::Edit { file: file.clone(), version, edits, encoding: Encoding::Utf8 };
        design.apply(change.clone()).unwrap();
        let checked = oracle::check(&mut design);
        assert!(checked.is_ok(), "seed {seed}: {change:?} turned\n{before}\ninto\n{text}\n{}", checked.unwrap_err());
        assert_eq!(design.snapshot().file(&file).unwrap().text(), text, "seed {seed}");
    }
}

#[test]
fn incremental_updates_equal_work_from_scratch() {
    let examples = [
        include_str!("../../examples/ticketing/ticketing.design"),
        include_str!("../../examples/broken/broken.design"),
        "",
    ];
    for (index, example) in examples.iter().enumerate() {
        for seed in 1..12 {
            check(seed * 31 + index as u64, example, 40);
        }
    }
}

/// Replaces the first `find` after `after` (a marker that places the edit) with `replace`, and checks the
/// incremental analysis against one from scratch. Returns the codes of the diagnostics, for the caller to
/// check that the step did what it meant to.
fn step(state: &mut (String, Design, FileId, i32), after: &str, find: &str, replace: &str) -> Vec<String> {
    let (text, design, file, version) = state;
    let from = text.find(after).unwrap_or_else(|| panic!("`{after}` is in the text"));
    let start = from + text[from..].find(find).unwrap_or_else(|| panic!("`{find}` follows `{after}`"));
    let edits = vec![oracle::byte_edit(text, start..start + find.len(), replace)];
    *version += 1;
    design.apply(Change::Edit { file: file.clone(), version: *version, edits, encoding: Encoding::Utf8 }).unwrap();
    if let Err(difference) = oracle::check(design) {
        panic!("after `{find}` → `{replace}`: {difference}");
    }
    let mut codes: Vec<String> =
        design.snapshot().diagnostics(file).iter().map(|d| d.code.as_str().to_string()).collect();
    codes.dedup();
    codes
}

/// Each way an edit can reach the findings kept from before it: declarations that move every component's
/// index, a changed host, a renamed component some operations use, and operation names that become
/// repeated and unique again.
#[test]
fn edits_to_declarations_and_names_equal_work_from_scratch() {
    let text = include_str!("../../examples/ticketing/ticketing.design").to_string();
    let (design, file) = open(&text);
    let state = &mut (text, design, file, 1);
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

/// A design of several files, changed at random: edits in any file, files opened over their text on disk,
/// closed back to it, saved, added and deleted. After each change the design analyzes exactly as one
/// handed the final texts.
#[test]
fn changes_across_the_files_of_a_design_equal_work_from_scratch() {
    let examples = [
        include_str!("../../examples/ticketing/ticketing.design"),
        include_str!("../../examples/broken/broken.design"),
        "component shared: postgres\n",
        "",
    ];
    let id = |index: usize| FileId::new(&format!("file:///d/{index}.design"));
    for seed in 1..10u64 {
        let mut rng = Rng(seed * 7919);
        let mut design = Design::new(Catalog::builtin());
        let mut open = [false; 5];
        for (step, version) in (0..60).zip(2..) {
            let index = rng.below(open.len());
            let (file, text) = (id(index), examples[rng.below(examples.len())].to_string());
            let current = design.snapshot().file(&file).map(|f| f.text().to_string());
            let change = match (rng.below(6), current) {
                (0, _) => Change::Disk { file, text: Some(text) },
                (1, Some(_)) if !open[index] => Change::Disk { file, text: None },
                (2, _) if !open[index] => Change::Open { file, version, text },
                (3, _) if open[index] => Change::Close { file },
                (_, Some(mut current)) if open[index] => {
                    let edits = (0..1 + rng.below(3)).map(|_| edit(&mut rng, &mut current)).collect();
                    Change::Edit { file, version, edits, encoding: Encoding::Utf8 }
                }
                _ => continue,
            };
            match change {
                Change::Open { .. } => open[index] = true,
                Change::Close { .. } => open[index] = false,
                _ => {}
            }
            let description = format!("seed {seed}, step {step}: {change:?}");
            design.apply(change).unwrap_or_else(|ignored| panic!("{description}: {ignored:?}"));
            if let Err(difference) = oracle::check(&mut design) {
                panic!("{description}\n{difference}");
            }
        }
    }
}
