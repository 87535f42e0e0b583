//! A panic inside a handler, against the real binary: it is caught, logged to stderr, answered with an
//! error, and the server keeps serving. Debug builds panic on purpose in the step `DESIGN_LS_PANIC_IN`
//! names.

mod common;

use common::{codes, Lsp};
use serde_json::{json, Value};
use std::process::Command;
use std::time::{Duration, Instant};

const URI: &str = "file:///shop.design";
const OTHER: &str = "file:///other.design";
const SHOP: &str = "component db: postgres\noperation \"create order\" {\n  mechanism: insert\n  store: db\n}\n";

/// A server that panics in `step`, initialized.
fn panicking_in(step: &str) -> Lsp {
    let mut command = Command::new(env!("CARGO_BIN_EXE_design-ls"));
    command.env("DESIGN_LS_PANIC_IN", step);
    let mut lsp = Lsp::spawn_command(command);
    lsp.result("initialize", json!({ "processId": null, "rootUri": null, "capabilities": {} }));
    lsp.notify("initialized", json!({}));
    lsp
}

/// Whether the server's stderr comes to hold `text`; stderr is read on its own thread, so what the
/// server wrote before its last answer may still be on the way. The server logs one line of a kind a
/// second, so panics in quick succession may show as one line.
fn logged(lsp: &Lsp, text: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !lsp.stderr().contains(text) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    lsp.stderr().contains(text)
}

fn position(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

#[test]
fn a_panicking_request_is_answered_with_an_error_and_the_server_keeps_serving() {
    let mut lsp = panicking_in("textDocument/hover");
    lsp.open(URI, 1, SHOP);
    assert_eq!(codes(&lsp.diagnostics(URI, 1)), [] as [&str; 0]);
    for _ in 0..3 {
        let answer = lsp.request("textDocument/hover", position(URI, 2, 14));
        assert_eq!(answer["error"]["code"], -32603, "{answer}");
    }
    assert!(logged(&lsp, "design-ls: panicked in textDocument/hover; still serving"), "{}", lsp.stderr());
    // Everything else still works: completion, edits and their diagnostics, a clean exit.
    let items = lsp.result("textDocument/completion", position(URI, 2, 13));
    assert_eq!(items[0]["label"], "insert");
    lsp.change(URI, 2, &[(Some([2, 13, 2, 19]), "insret")]);
    assert_eq!(codes(&lsp.diagnostics(URI, 2)), ["unknown-mechanism"]);
    let (status, _) = lsp.shutdown_and_exit();
    assert!(status.success());
}

#[test]
fn a_panicking_analysis_leaves_the_document_without_diagnostics_and_others_served() {
    let mut lsp = panicking_in("analysis");
    lsp.open(URI, 1, "component db: postgress\n");
    assert_eq!(lsp.diagnostics(URI, 1), [] as [Value; 0], "the document is served without diagnostics");
    assert!(logged(&lsp, "design-ls: panicked in analysis of file:///shop.design; still serving"), "{}", lsp.stderr());
    // Requests about it answer as for an empty document, and the server goes on with others.
    assert_eq!(lsp.result("textDocument/hover", position(URI, 0, 16)), Value::Null);
    lsp.open(OTHER, 1, SHOP);
    assert_eq!(lsp.diagnostics(OTHER, 1), [] as [Value; 0]);
    let (status, _) = lsp.shutdown_and_exit();
    assert!(status.success());
}

#[test]
fn a_panicking_change_is_logged_and_later_changes_still_apply() {
    let mut lsp = panicking_in("didChange");
    lsp.open(URI, 1, "component db: postgres\n");
    lsp.diagnostics(URI, 1);
    lsp.change(URI, 2, &[(Some([0, 14, 0, 22]), "postgress")]);
    lsp.change(URI, 3, &[(None, "component db: redis\n")]);
    // Every change panics before it applies; the server keeps answering on the text it has.
    let hover = lsp.result("textDocument/hover", position(URI, 0, 16));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("PostgreSQL"), "{hover}");
    assert!(logged(&lsp, "design-ls: panicked in didChange; still serving"), "{}", lsp.stderr());
    let (status, _) = lsp.shutdown_and_exit();
    assert!(status.success());
}
