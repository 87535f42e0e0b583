//! Features on long lists and long operations take time linear in what they cover. Each case is sized
//! so that a quadratic version takes minutes even optimized, while the linear one takes a second or two
//! in a debug build; the bound only guards against the quadratic version, it is no performance target.

use design_ls::analysis::{analyze_text, Analysis};
use design_ls::catalog::Catalog;
use design_ls::ide;
use std::sync::mpsc;
use std::time::Duration;

/// Far above what the linear versions take in a debug build on a busy machine.
const BOUND: Duration = Duration::from_secs(60);

/// Runs `work` on its own thread and fails if it has not finished within `BOUND`.
fn within_bound<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    result.recv_timeout(BOUND).unwrap_or_else(|_| panic!("{what} took longer than {BOUND:?}"))
}

/// A worker bound `n` times in one list of `consumers`.
fn long_list(n: usize) -> String {
    let list = vec!["w"; n].join(", ");
    format!("component w: worker\ncomponent log: kafka\noperation \"o\" {{\n  mechanism: append-log\n  log: log\n  consumers: {list}\n}}\n")
}

/// A worker bound by `n` fields of one operation (each after the first a repeated role).
fn long_operation(n: usize) -> String {
    let fields = "  consumers: w\n".repeat(n);
    format!("component w: worker\ncomponent log: kafka\noperation \"o\" {{\n  mechanism: append-log\n  log: log\n{fields}}}\n")
}

fn analyzed(text: String) -> (Analysis, String) {
    (analyze_text(&text, Catalog::builtin()), text)
}

#[test]
fn semantic_tokens_of_a_long_list() {
    let n = 200_000;
    let tokens = within_bound("semantic tokens of a 200k-item list", move || {
        let (analysis, text) = analyzed(long_list(n));
        ide::semantic_tokens(&analysis, &text)
    });
    let variables = tokens.iter().filter(|t| t.kind == ide::TokenType::Variable).count();
    // The two declarations, `log: log`, and every item of the list.
    assert_eq!(variables, 3 + n);
}

#[test]
fn hover_and_references_on_a_component_bound_by_many_fields() {
    let n = 100_000;
    let (card, references) = within_bound("hover and references in a 100k-field operation", move || {
        let (analysis, text) = analyzed(long_operation(n));
        let last_use = text.rfind("consumers: w").unwrap() + "consumers: ".len();
        let card = ide::hover(&analysis, &text, last_use).unwrap().markdown;
        (card, ide::references(&analysis, last_use, true).unwrap().len())
    });
    assert!(card.starts_with("### `w`\n\nComponent · "), "{}", &card[..100]);
    assert_eq!(references, n + 1);
}
