//! Data-driven tests of hover, completion, navigation, the outline and the catalog cards.
//!
//! `tests/ide/{hover,completion,definition,references,symbols,semantic_tokens}/*.design` are designs with a
//! `$0` cursor marker (semantic tokens cover the whole file and need none), followed by the expected result
//! as comments after an `# expect:` line (`# none` when there is
//! none):
//!
//! ```text
//! component db: postgres$0
//! # expect:
//! # range 14..22 `postgres`
//! # ### PostgreSQL
//! ```
//!
//! A completion expectation lists the replaced range once, with `(incomplete)` when the list was cut to
//! what was typed, then one item per line in the returned order:
//! `- label [Kind] (preselect) — detail => "insert text"`, the last part only when it differs from the
//! label. Definition and references list ranges with their 1-based line; `(declaration)` marks what only
//! `include_declaration` adds. The outline lists one symbol per line, children indented, with `*` before
//! those whose range holds the cursor (what an editor's breadcrumbs show). `tests/ide/cards/*.md` hold
//! every mechanism, kind, technology and family card and the overview as rendered.
//!
//! Run with `UPDATE_EXPECT=1` to rewrite the expectations after an intentional change, then review the
//! diff.

use design_ls::analysis::analyze_text;
use design_ls::catalog::Catalog;
use design_ls::ide::{self, CompletionItem, Symbol};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

const MARKER: &str = "# expect:";
const CURSOR: &str = "$0";

fn render_hover(text: &str, offset: usize) -> String {
    match ide::hover(&analyze_text(text, Catalog::builtin()), text, offset) {
        None => "none\n".to_string(),
        Some(hover) => format!("range {:?} `{}`\n{}", hover.range, &text[hover.range.clone()], hover.markdown),
    }
}

fn render_completions(text: &str, offset: usize) -> String {
    let completions = ide::completions(&analyze_text(text, Catalog::builtin()), text, offset);
    let items = completions.items;
    check_invariants(&items, offset);
    let Some(first) = items.first() else { return "none\n".to_string() };
    // A list cut to `completion::LIMIT` items (the catalog's technologies are more) says so.
    let incomplete = if completions.incomplete { " (incomplete)" } else { "" };
    let mut out = format!("replace {:?} {:?}{incomplete}\n", first.replace, &text[first.replace.clone()]);
    for item in &items {
        write!(out, "- {} [{:?}]", item.label, item.kind).unwrap();
        if item.preselect {
            out.push_str(" (preselect)");
        }
        if let Some(detail) = &item.detail {
            write!(out, " — {detail}").unwrap();
        }
        if item.insert_text != item.label {
            write!(out, " => {:?}", item.insert_text).unwrap();
        }
        out.push('\n');
    }
    out
}

fn render_definition(text: &str, offset: usize) -> String {
    match ide::definition(&analyze_text(text, Catalog::builtin()), offset) {
        None => "none\n".to_string(),
        Some(range) => location(text, &range) + "\n",
    }
}

fn render_references(text: &str, offset: usize) -> String {
    let analysis = analyze_text(text, Catalog::builtin());
    let Some(all) = ide::references(&analysis, offset, true) else { return "none\n".to_string() };
    let references = ide::references(&analysis, offset, false).expect("references without the declaration");
    assert!(references.iter().all(|r| all.contains(r)), "{references:?} is not part of {all:?}");
    let mut out = String::new();
    for range in &all {
        let declaration = if references.contains(range) { "" } else { " (declaration)" };
        writeln!(out, "- {}{declaration}", location(text, range)).unwrap();
    }
    out
}

/// `line 3: 79..88 `events_db``.
fn location(text: &str, range: &Range<usize>) -> String {
    let line = text[..range.start].matches('\n').count() + 1;
    format!("line {line}: {range:?} `{}`", &text[range.clone()])
}

/// One token per line: `line 3: `bookings_db` variable [declaration]`.
fn render_semantic_tokens(text: &str, _offset: usize) -> String {
    let tokens = ide::semantic_tokens(&analyze_text(text, Catalog::builtin()), text);
    let mut out = String::new();
    for pair in tokens.windows(2) {
        assert!(pair[0].range.end <= pair[1].range.start, "tokens overlap or are out of order: {pair:#?}");
    }
    for token in &tokens {
        assert!(!text[token.range.clone()].contains(['\n', '\r']), "a token spans lines: {token:#?}");
        let modifiers: Vec<&str> = (0..ide::MODIFIERS.len())
            .filter(|bit| token.modifiers & (1 << bit) != 0)
            .map(|bit| ide::MODIFIERS[bit])
            .collect();
        write!(out, "- {} {}", location(text, &token.range), token.kind.name()).unwrap();
        if !modifiers.is_empty() {
            write!(out, " [{}]", modifiers.join(", ")).unwrap();
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("none\n");
    }
    out
}

fn render_symbols(text: &str, offset: usize) -> String {
    let symbols = ide::document_symbols(&analyze_text(text, Catalog::builtin()), text);
    let mut out = String::new();
    write_symbols(&mut out, &symbols, 0..text.len(), offset, 0);
    if out.is_empty() {
        out.push_str("none\n");
    }
    out
}

/// Writes each symbol on its line, after checking what editors require of the outline: names are not
/// empty, the name lies within the symbol, and children lie within their parent, in order.
fn write_symbols(out: &mut String, symbols: &[Symbol], parent: Range<usize>, offset: usize, depth: usize) {
    for pair in symbols.windows(2) {
        assert!(pair[0].range.end <= pair[1].range.start, "symbols overlap or are out of order: {pair:#?}");
    }
    for symbol in symbols {
        let Symbol { name, kind, detail, range, selection_range, children } = symbol;
        assert!(!name.is_empty(), "a symbol without a name: {symbol:#?}");
        let within = |outer: &Range<usize>, inner: &Range<usize>| outer.start <= inner.start && inner.end <= outer.end;
        assert!(within(range, selection_range), "the name lies outside the symbol: {symbol:#?}");
        assert!(within(&parent, range), "the symbol lies outside its parent {parent:?}: {symbol:#?}");
        let cursor = if range.contains(&offset) { "* " } else { "  " };
        write!(out, "{cursor}{}- {name} [{kind:?}]", "  ".repeat(depth)).unwrap();
        if let Some(detail) = detail {
            write!(out, " — {detail}").unwrap();
        }
        writeln!(out, " {range:?} name {selection_range:?}").unwrap();
        write_symbols(out, children, range.clone(), offset, depth + 1);
    }
}

/// What every completion list must satisfy whatever its content.
fn check_invariants(items: &[CompletionItem], offset: usize) {
    for pair in items.windows(2) {
        assert!(pair[0].sort_text < pair[1].sort_text, "items out of sort_text order: {pair:#?}");
        assert_eq!(pair[0].replace, pair[1].replace, "items replace different ranges");
    }
    for item in items {
        assert!(item.replace.start <= offset && offset <= item.replace.end, "replace misses the cursor: {item:#?}");
        assert!(items.iter().filter(|i| i.preselect).count() <= 1, "more than one item preselected");
        if item.kind == ide::CompletionKind::Mechanism {
            let catalog = Catalog::builtin();
            let mechanism = catalog.mechanism(&item.label).expect("a mechanism from the catalog");
            assert_eq!(item.documentation, Some(ide::Documentation::Card(ide::mechanism_card(&catalog, mechanism))));
        }
    }
}

/// Runs every fixture in `tests/ide/<dir>` through `render` and compares with its expectation.
fn run_fixtures(dir: &str, render: fn(&str, usize) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ide").join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "design"));
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    let mut outcomes = Outcomes::default();
    for path in paths {
        let content = std::fs::read_to_string(&path).unwrap();
        let (design, expected) = match content.find(MARKER) {
            Some(at) => (&content[..at], &content[at + MARKER.len()..]),
            None => (content.as_str(), ""),
        };
        // Semantic tokens cover the whole file; every other feature answers at the cursor.
        let offset = match design.find(CURSOR) {
            Some(offset) => offset,
            None if dir.ends_with("semantic_tokens") => 0,
            None => panic!("{} has no {CURSOR} marker", path.display()),
        };
        let text = design.replacen(CURSOR, "", 1);
        let actual = as_comments(&render(&text, offset));
        assert!(design.ends_with('\n'), "{}: the design must end with a line break", path.display());
        outcomes
            .compare(&path, expected.trim_start_matches('\n'), &actual, |actual| format!("{design}{MARKER}\n{actual}"));
    }
    outcomes.finish();
}

#[test]
fn hover_fixtures() {
    run_fixtures("hover", render_hover);
}

#[test]
fn completion_fixtures() {
    run_fixtures("completion", render_completions);
}

#[test]
fn definition_fixtures() {
    run_fixtures("definition", render_definition);
}

#[test]
fn references_fixtures() {
    run_fixtures("references", render_references);
}

#[test]
fn semantic_tokens_fixtures() {
    run_fixtures("semantic_tokens", render_semantic_tokens);
}

#[test]
fn symbols_fixtures() {
    run_fixtures("symbols", render_symbols);
}

/// Every mechanism, kind, technology and family card and the overview, each in its own file, so a catalog
/// change shows up card by card.
#[test]
fn catalog_cards() {
    let catalog = Catalog::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ide/cards");
    let mut cards = BTreeMap::new();
    for mechanism in &catalog.mechanisms {
        cards.insert(format!("mechanism-{}.md", mechanism.id), ide::mechanism_card(&catalog, mechanism));
    }
    for kind in &catalog.kinds {
        cards.insert(format!("kind-{}.md", kind.id), ide::kind_card(&catalog, kind));
    }
    for technology in &catalog.technologies {
        cards.insert(format!("technology-{}.md", technology.id), ide::technology_card(&catalog, technology));
    }
    for family in &catalog.families {
        cards.insert(format!("family-{}.md", family.id), ide::family_card(&catalog, family));
    }
    cards.insert("overview.md".to_string(), ide::overview_card(&catalog));
    let mut outcomes = Outcomes::default();
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !cards.contains_key(&name) {
            outcomes.stale(&path);
        }
    }
    for (name, card) in cards {
        let path = dir.join(name);
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        outcomes.compare(&path, &expected, &card, str::to_string);
    }
    outcomes.finish();
}

/// Offsets outside the text or inside a character yield nothing rather than a panic.
#[test]
fn offsets_out_of_range() {
    let text = "component 名前: postgres\n";
    let analysis = analyze_text(text, Catalog::builtin());
    for offset in [text.len(), text.len() + 1, usize::MAX, "component 名".len() - 1] {
        assert_eq!(ide::hover(&analysis, text, offset), None, "hover at {offset}");
        if offset != text.len() {
            assert!(ide::completions(&analysis, text, offset).items.is_empty(), "completion at {offset}");
        }
        if offset > text.len() {
            assert_eq!(ide::definition(&analysis, offset), None, "definition at {offset}");
            assert_eq!(ide::references(&analysis, offset, true), None, "references at {offset}");
        }
    }
}

/// The last line of a file often has no line break while the user types; fixtures always end with one.
#[test]
fn end_of_text_without_line_break() {
    let labels = |text: &str| -> Vec<String> {
        ide::completions(&analyze_text(text, Catalog::builtin()), text, text.len())
            .items
            .into_iter()
            .map(|i| i.label)
            .collect()
    };
    assert_eq!(
        labels("component db: postgres\noperation \"a\" {\n  mechanism: insert\n  ")[..2],
        ["store", "idempotency"]
    );
    assert_eq!(labels("component db:")[0], "postgres");
    assert_eq!(labels("operation \"create post\" {\n  mechanism: ")[0], "insert");
    let text = "component db: postgres";
    assert_eq!(ide::hover(&analyze_text(text, Catalog::builtin()), text, text.len()), None);
    assert!(ide::hover(&analyze_text(text, Catalog::builtin()), text, text.len() - 1).is_some());
    // Navigation takes the word just before the cursor too.
    let text = "component db: postgres\noperation \"a\" {\n  mechanism: insert\n  store: db";
    assert_eq!(ide::definition(&analyze_text(text, Catalog::builtin()), text.len()), Some(10..12));
}

/// Collects mismatches so one run reports them all, or rewrites them under `UPDATE_EXPECT=1`.
#[derive(Default)]
struct Outcomes {
    failures: Vec<String>,
}

impl Outcomes {
    fn compare(&mut self, path: &Path, expected: &str, actual: &str, file: impl Fn(&str) -> String) {
        if expected == actual {
            return;
        }
        if update() {
            std::fs::write(path, file(actual)).unwrap();
        } else {
            self.failures.push(format!("{}\n{}", path.display(), diff(expected, actual)));
        }
    }

    fn stale(&mut self, path: &Path) {
        if update() {
            std::fs::remove_file(path).unwrap();
        } else {
            self.failures.push(format!("{} matches no card", path.display()));
        }
    }

    fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{} expectation(s) differ (UPDATE_EXPECT=1 rewrites them; - expected, + actual):\n\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

fn update() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

/// Each line as a comment, so a fixture stays a valid design file after its expectation.
fn as_comments(text: &str) -> String {
    text.lines().map(|line| if line.is_empty() { "#\n".to_string() } else { format!("# {line}\n") }).collect()
}

/// A line diff (longest common subsequence), `-` for expected lines and `+` for actual ones.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] =
                if old[i] == new[j] { common[i + 1][j + 1] + 1 } else { common[i + 1][j].max(common[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            writeln!(out, "  {}", old[i]).unwrap();
            (i, j) = (i + 1, j + 1);
        } else if i < old.len() && (j == new.len() || common[i + 1][j] >= common[i][j + 1]) {
            writeln!(out, "- {}", old[i]).unwrap();
            i += 1;
        } else {
            writeln!(out, "+ {}", new[j]).unwrap();
            j += 1;
        }
    }
    out
}

/// A design with more candidates than one answer holds: the list is cut, says so, and keeps what matches
/// the typed text.
#[test]
fn long_lists_are_cut_to_what_was_typed() {
    let mut text: String = (0..150).map(|i| format!("component db{i}: postgres\n")).collect();
    text.push_str("operation \"a\" {\n  mechanism: insert\n  store: ");
    let all = ide::completions(&analyze_text(&text, Catalog::builtin()), &text, text.len());
    assert!(all.incomplete);
    assert_eq!(all.items.len(), ide::COMPLETION_LIMIT);
    assert_eq!(all.items[0].label, "db0");
    text.push_str("db14");
    let typed = ide::completions(&analyze_text(&text, Catalog::builtin()), &text, text.len());
    let labels: Vec<&str> = typed.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        labels,
        ["db14", "db140", "db141", "db142", "db143", "db144", "db145", "db146", "db147", "db148", "db149"]
    );
    assert!(typed.incomplete, "still cut: the editor must ask again when the user types on");
}
