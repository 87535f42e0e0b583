//! In-process benches of what an editor waits for, on a design of about 10k lines: parsing and analyzing
//! it whole (opening it), one keystroke's incremental reparse and reanalysis, hover and completion.
//! `cargo bench -p design-ls`; `bench/` measures the same end to end, over stdio.

use design_ls::analysis::{self, Analysis};
use design_ls::catalog::Catalog;
use design_ls::host::{Change, Design, Edit, FileId};
use design_ls::ide;
use design_ls::text::Encoding;
use divan::Bencher;

fn main() {
    divan::main();
}

const EXAMPLES: [&str; 4] = [
    include_str!("../../examples/ticketing/ticketing.design"),
    include_str!("../../examples/social-feed/social-feed.design"),
    include_str!("../../examples/job-scheduler/job-scheduler.design"),
    include_str!("../../examples/feature-flags/feature-flags.design"),
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
    bencher.bench(|| analysis::analyze_text(&text, Catalog::builtin()));
}

/// Typing a character into a note in the middle of the design, then deleting it, through the host.
#[divan::bench]
fn keystroke(bencher: Bencher) {
    let text = design(10_000);
    let middle = text.len() / 2;
    let at = middle + text[middle..].find("note: \"").expect("a note") + "note: \"".len();
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let file = FileId::new("file:///bench.design");
    let mut design = Design::new(Catalog::builtin());
    design.apply(Change::Open { file: file.clone(), version: 1, text }).expect("opened");
    design.analyze();
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        let edit = match version % 2 {
            0 => Edit { range: Some(((line, column), (line, column))), text: "x".into() },
            _ => Edit { range: Some(((line, column), (line, column + 1))), text: String::new() },
        };
        let change = Change::Edit { file: file.clone(), version, edits: vec![edit], encoding: Encoding::Utf8 };
        design.apply(change).expect("a newer version");
        design.analyze();
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
