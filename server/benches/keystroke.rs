//! In-process benches of what an editor waits for, on a design of about 10k lines: parsing and analyzing
//! it whole (opening it), one keystroke's incremental reparse and reanalysis, hover and completion.
//! `cargo bench -p design-ls`; `bench/` measures the same end to end, over stdio.

use design_ls::analysis::{self, Analysis};
use design_ls::catalog::Catalog;
use design_ls::ide;
use design_ls::syntax::{parse_and_lower, Splice};
use divan::Bencher;

fn main() {
    divan::main();
}

const EXAMPLES: [&str; 4] = [
    include_str!("../../examples/ticketing.design"),
    include_str!("../../examples/social-feed.design"),
    include_str!("../../examples/job-scheduler.design"),
    include_str!("../../examples/feature-flags.design"),
];

/// The examples over and over, each copy's components and operations renamed so the design stays clean.
fn design(lines: usize) -> String {
    let mut text = String::new();
    for copy in 0.. {
        for example in EXAMPLES {
            if text.lines().count() >= lines {
                return text;
            }
            text.push_str(&renamed(example, copy));
        }
    }
    unreachable!("the loop returns once the design is long enough")
}

/// `example` with every component name and operation name suffixed by `copy`, and its system line dropped.
fn renamed(example: &str, copy: usize) -> String {
    let analysis = analysis::analyze_text(example, Catalog::builtin());
    let file = &analysis.file;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for component in &file.components {
        edits.push((component.name.range.clone(), format!("{}_{copy}", component.name.text)));
        if let Some(host) = &component.host {
            edits.push((host.range.clone(), format!("{}_{copy}", host.text)));
        }
    }
    for (_, used) in analysis.uses() {
        edits.push((used.range.clone(), format!("{}_{copy}", &example[used.range.clone()])));
    }
    for operation in &file.operations {
        edits.push((operation.name.range.clone(), format!("\"{} {copy}\"", operation.name.text)));
    }
    for system in &file.systems {
        edits.push((system.range.clone(), String::new()));
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut text = example.to_string();
    for (range, replacement) in edits {
        text.replace_range(range, &replacement);
    }
    text
}

/// A design with its offsets of interest: a mechanism name and a role value in the middle.
struct Fixture {
    text: String,
    analysis: Analysis,
    mechanism: usize,
    role_value: usize,
}

fn fixture() -> Fixture {
    let text = design(10_000);
    let middle = text.len() / 2;
    let mechanism = middle + text[middle..].find("mechanism: ").expect("a mechanism") + "mechanism: ".len();
    let role_value = middle + text[middle..].find("  store: ").expect("a store role") + "  store: ".len();
    let analysis = analysis::analyze_text(&text, Catalog::builtin());
    assert!(analysis.diagnostics.iter().all(|d| d.code.as_str() != "syntax-error"), "the design parses cleanly");
    Fixture { text, analysis, mechanism, role_value }
}

#[divan::bench]
fn open(bencher: Bencher) {
    let text = design(10_000);
    bencher.bench(|| analysis::analyze_file(parse_and_lower(&text).1, Catalog::builtin()));
}

/// Typing a character into a note in the middle of the design, then deleting it.
#[divan::bench]
fn keystroke(bencher: Bencher) {
    let mut text = design(10_000);
    let middle = text.len() / 2;
    let at = middle + text[middle..].find("note: \"").expect("a note") + "note: \"".len();
    let (mut syntax, file) = parse_and_lower(&text);
    let mut current = Some(analysis::analyze_file(file, Catalog::builtin()));
    let mut typed = false;
    bencher.bench_local(|| {
        let before = text.clone();
        let splice = if typed {
            Splice { start: at, old_end: at + 1, new_end: at }
        } else {
            Splice { start: at, old_end: at, new_end: at + 1 }
        };
        text.replace_range(splice.start..splice.old_end, if typed { "" } else { "x" });
        typed = !typed;
        let reparsed = syntax.edit(&before, &text, splice);
        current = Some(analysis::reanalyze(current.take().expect("an analysis"), &text, &syntax, reparsed, splice));
    });
}

#[divan::bench]
fn hover(bencher: Bencher) {
    let fixture = fixture();
    bencher.bench(|| ide::hover(&fixture.analysis, &fixture.text, fixture.mechanism));
}

#[divan::bench]
fn completion_of_mechanisms(bencher: Bencher) {
    let fixture = fixture();
    bencher.bench(|| ide::completions(&fixture.analysis, &fixture.text, fixture.mechanism));
}

#[divan::bench]
fn completion_of_components(bencher: Bencher) {
    let fixture = fixture();
    bencher.bench(|| ide::completions(&fixture.analysis, &fixture.text, fixture.role_value));
}
