//! A careless or hostile client, against the real binary over stdio: text that is not valid Unicode,
//! a stderr nobody reads, messages too long or lying about their length, malformed headers, what
//! JSON-RPC and the protocol say must be answered, slow requests and cancellation.

mod common;

use common::expected::{seen_diagnostics, Answers};
use common::{codes, Lsp};
use serde_json::{json, Value};
use std::io::Write;
use std::process::Command;
use std::time::Duration;

const URI: &str = "file:///shop.design";
const TEXT: &str = "component db: postgres\n";

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn hover_at(line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } })
}

/// The error answer for `id`, as `(code, message)`.
fn error_for(lsp: &mut Lsp, id: Value) -> (i64, String) {
    let answer = lsp.wait_for(&format!("the answer for id {id}"), |m| m["id"] == id && m.get("method").is_none());
    let error = &answer["error"];
    (
        error["code"].as_i64().unwrap_or_else(|| panic!("not an error: {answer}")),
        error["message"].as_str().unwrap().into(),
    )
}

/// JavaScript strings can hold half of a surrogate pair, which `JSON.stringify` writes as a lone
/// `\ud83d` escape. The change used to be dropped whole, and the server's text never matched the
/// editor's again; now the half is one U+FFFD, one UTF-16 code unit like the half it replaces.
#[test]
fn a_change_with_a_lone_surrogate_is_applied_and_positions_stay_in_step() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, TEXT);
    lsp.diagnostics(URI, 1);
    let change = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{URI}","version":2}},"contentChanges":[{{"range":{},"text":"\ud83d"}}]}}}}"#,
        common::range_json([0, 0, 0, 0])
    );
    lsp.send_raw(&frame(&change));
    let text = format!("\u{FFFD}{TEXT}");
    let answers = Answers::new(&text);
    assert_eq!(seen_diagnostics(&lsp.diagnostics(URI, 2)), answers.diagnostics());
    // `postgres` now starts at UTF-16 column 15, as in the editor.
    let hover = lsp.result("textDocument/hover", hover_at(0, 16));
    assert_eq!(hover["range"], common::range_json([0, 15, 0, 23]));
    assert_eq!(hover, answers.hover(0, 16));
}

/// Every ignored message used to be logged with a blocking write to stderr: once the pipe filled, the
/// server stalled for good, stdin included.
#[test]
fn a_client_that_never_reads_stderr_cannot_stall_the_server() {
    let mut lsp = Lsp::spawn_leaving_stderr_unread();
    lsp.result("initialize", json!({ "processId": null, "capabilities": {} }));
    lsp.notify("initialized", json!({}));
    // Each is ignored and was logged in about 80 bytes: 400 KB, several times what a pipe holds.
    let mut changes = Vec::new();
    for version in 1..=5000 {
        let params = json!({ "textDocument": { "uri": "file:///never-opened.design", "version": version }, "contentChanges": [{ "text": "x" }] });
        changes.extend(frame(
            &json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": params }).to_string(),
        ));
    }
    // Written apart, so a server that stops reading fails the deadline instead of blocking the test.
    let mut stdin = lsp.stdin_clone();
    let (written, done) = std::sync::mpsc::channel();
    std::thread::spawn(move || written.send(stdin.write_all(&changes).is_ok()));
    let read = done.recv_timeout(Duration::from_secs(30));
    assert_eq!(read, Ok(true), "the server stopped reading its input");
    lsp.open(URI, 1, TEXT);
    assert_eq!(codes(&lsp.diagnostics(URI, 1)), ["unused-component"]);
    let hover = lsp.result("textDocument/hover", hover_at(0, 16));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("PostgreSQL"), "{hover}");
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

/// A request longer than the limit is skipped as it streams by, never held whole, and answered with a
/// parse error for its id; the session goes on.
#[test]
fn a_message_over_the_size_limit_is_skipped_and_answered() {
    let mut lsp = Lsp::new();
    let idle = lsp.peak_rss_mib();
    let text = "x".repeat(80 << 20);
    let open = json!({ "jsonrpc": "2.0", "id": 50, "method": "textDocument/hover", "params": { "text": text } });
    let body = open.to_string();
    drop(text);
    lsp.send_raw(&frame(&body));
    let (code, message) = error_for(&mut lsp, json!(50));
    assert_eq!(
        (code, message.as_str()),
        (
            -32700,
            format!("the message is {} bytes long, over design-ls's limit of 64 MiB for one message", body.len())
                .as_str()
        )
    );
    lsp.open(URI, 1, TEXT);
    assert_eq!(codes(&lsp.diagnostics(URI, 1)), ["unused-component"]);
    let grown = lsp.peak_rss_mib() - idle;
    assert!(grown < 40, "the server's peak grew by {grown} MiB for a message it skips");
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

/// A `Content-Length` of a terabyte used to make the server keep everything that followed.
#[test]
fn a_length_of_a_terabyte_costs_no_memory() {
    let mut lsp = Lsp::new();
    let idle = lsp.peak_rss_mib();
    lsp.send_raw(b"Content-Length: 1000000000000\r\n\r\n");
    let chunk = vec![b'{'; 1 << 20];
    for _ in 0..100 {
        lsp.send_raw(&chunk);
    }
    let grown = lsp.peak_rss_mib() - idle;
    assert!(grown < 40, "the server's peak grew by {grown} MiB while it skipped 100 MiB");
    // The input ends inside the body: the server stops, without a `shutdown` first.
    assert_eq!(lsp.close_input().0.code(), Some(1));
}

#[test]
fn header_names_are_read_without_regard_to_case() {
    let mut lsp = Lsp::new();
    let body = json!({ "jsonrpc": "2.0", "id": 7, "method": "shutdown" }).to_string();
    lsp.send_raw(
        format!("content-length: {}\r\nCONTENT-TYPE: application/vscode-jsonrpc\r\n\r\n{body}", body.len()).as_bytes(),
    );
    assert_eq!(lsp.response(7)["result"], Value::Null);
}

/// A header ended by a bare `\r` used to cost the next, valid message too.
#[test]
fn a_malformed_header_costs_only_its_own_message() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, TEXT);
    lsp.diagnostics(URI, 1);
    let lost =
        json!({ "jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": hover_at(0, 16) }).to_string();
    let kept =
        json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": hover_at(0, 16) }).to_string();
    lsp.send_raw(format!("Content-Length: {}\r\r{lost}", lost.len()).as_bytes());
    lsp.send_raw(&frame(&kept));
    let answer = lsp.response(2);
    assert!(answer["result"]["contents"]["value"].as_str().unwrap().contains("PostgreSQL"), "{answer}");
    lsp.shutdown_and_exit();
}

/// JSON-RPC 2.0: what cannot be read as JSON is a parse error, what is not a request an invalid
/// request, each answered with the request's id when it can be read and `null` when it cannot.
#[test]
fn what_is_not_a_request_is_answered_as_json_rpc_says() {
    let mut lsp = Lsp::new();
    lsp.send_raw(&frame("{oops"));
    let not_json = lsp.wait_for("the answer to `{oops`", |m| m["error"]["code"] == -32700);
    assert_eq!(
        not_json,
        json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": -32700, "message": "the message is not JSON that can be read: key must be a string at line 1 column 2" },
        })
    );
    lsp.send_raw(&frame("42"));
    let not_an_object = lsp.wait_for("the answer to `42`", |m| m["error"]["code"] == -32600);
    assert_eq!(not_an_object["id"], Value::Null);
    assert_eq!(not_an_object["error"]["message"], "the message is not a JSON-RPC request, notification or response");
    lsp.send_raw(&frame(r#"{"jsonrpc":"2.0","id":10}"#));
    assert_eq!(
        error_for(&mut lsp, json!(10)),
        (
            -32600,
            "the message has an `id` but neither a `method` (for a request) nor one `result` or `error` (for a response)"
                .into()
        )
    );
    lsp.send_raw(&frame("[]"));
    let empty_batch = lsp.wait_for("the answer to `[]`", |m| m["error"]["code"] == -32600);
    assert_eq!(
        (empty_batch["id"].clone(), empty_batch["error"]["message"].clone()),
        (Value::Null, json!("an empty batch is not a request"))
    );
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

/// The protocol has no batches, but JSON-RPC does: each message of one is taken in turn, none dropped.
#[test]
fn a_batch_is_taken_message_by_message() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, TEXT);
    lsp.diagnostics(URI, 1);
    let change = json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": { "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": "component db: redis\n" }] },
    });
    let hover = json!({ "jsonrpc": "2.0", "id": 30, "method": "textDocument/hover", "params": hover_at(0, 16) });
    lsp.send(json!([change, hover, "junk"]));
    let answer = lsp.response(30);
    assert!(answer["result"]["contents"]["value"].as_str().unwrap().contains("Redis"), "{answer}");
    assert_eq!(codes(&lsp.diagnostics(URI, 2)), ["unused-component"]);
    let junk = lsp.wait_for("the answer to the batch's junk", |m| m["error"]["code"] == -32600);
    assert_eq!(junk["id"], Value::Null);
    lsp.shutdown_and_exit();
}

/// The protocol: a `$/` notification may be ignored, but a `$/` request must be answered MethodNotFound.
#[test]
fn an_unknown_dollar_request_is_answered_method_not_found() {
    let mut lsp = Lsp::new();
    lsp.notify("$/somethingElse", json!({}));
    let id = lsp.send_request("$/somethingElse", json!({}));
    assert_eq!(error_for(&mut lsp, json!(id)), (-32601, "method not found: `$/somethingElse`".into()));
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

/// The protocol: `exit` without `shutdown` first ends the process with status 1.
#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let mut lsp = Lsp::new();
    lsp.notify("exit", Value::Null);
    let (status, _) = lsp.close_input();
    assert_eq!(status.code(), Some(1));
}

/// A server whose outline takes two seconds more (a debug build's `DESIGN_LS_SLOW_IN`).
fn slow_outlines() -> Lsp {
    let mut command = Command::new(env!("CARGO_BIN_EXE_design-ls"));
    command.env("DESIGN_LS_SLOW_IN", "textDocument/documentSymbol");
    let mut lsp = Lsp::spawn_command(command);
    lsp.result("initialize", json!({ "processId": null, "capabilities": {} }));
    lsp.notify("initialized", json!({}));
    lsp.open(URI, 1, TEXT);
    lsp.diagnostics(URI, 1);
    lsp
}

fn ask_outline(lsp: &mut Lsp) -> i64 {
    lsp.send_request("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }))
}

/// The threads the server answers on: one per core, two at least.
fn answering_threads() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from).max(2)
}

/// Request work used to run on the protocol loop: a slow request held up every other one.
#[test]
fn slow_requests_hold_up_no_other_request_while_a_thread_is_free() {
    let mut lsp = slow_outlines();
    let slow: Vec<i64> = (1..answering_threads()).map(|_| ask_outline(&mut lsp)).collect();
    let hover = lsp.send_request("textDocument/hover", hover_at(0, 16));
    let first = lsp.wait_for("an answer", |m| m.get("id").is_some() && m.get("method").is_none());
    assert_eq!(first["id"], hover, "the hover is answered first: {first}");
    for id in slow {
        assert_eq!(lsp.response(id)["result"][0]["name"], "db");
    }
    lsp.shutdown_and_exit();
}

/// A request cancelled while its work runs is answered at once; the protocol loop used to be stuck in
/// that work, so the cancellation was read only after the answer.
#[test]
fn a_running_request_is_cancelled_at_once() {
    let mut lsp = slow_outlines();
    let slow = ask_outline(&mut lsp);
    // Long enough for the work to start (the outline of one line), well short of its two seconds.
    std::thread::sleep(Duration::from_millis(500));
    lsp.notify("$/cancelRequest", json!({ "id": slow }));
    let hover = lsp.send_request("textDocument/hover", hover_at(0, 16));
    let first = lsp.wait_for("an answer", |m| m.get("id").is_some() && m.get("method").is_none());
    assert_eq!((first["id"].clone(), first["error"]["code"].clone()), (json!(slow), json!(-32800)), "{first}");
    assert!(lsp.response(hover)["result"]["contents"]["value"].as_str().unwrap().contains("PostgreSQL"));
    lsp.shutdown_and_exit();
}

/// With every thread busy, a cancelled request that waits for one is answered at once and never run.
#[test]
fn a_request_waiting_for_a_core_is_cancelled_at_once() {
    let mut lsp = slow_outlines();
    let busy: Vec<i64> = (0..answering_threads()).map(|_| ask_outline(&mut lsp)).collect();
    let waiting = ask_outline(&mut lsp);
    lsp.notify("$/cancelRequest", json!({ "id": waiting }));
    let first = lsp.wait_for("an answer", |m| m.get("id").is_some() && m.get("method").is_none());
    assert_eq!(first["id"], waiting, "the cancelled request is answered first: {first}");
    assert_eq!(first["error"]["code"], -32800, "{first}");
    for id in busy {
        assert_eq!(lsp.response(id)["result"][0]["name"], "db");
    }
    lsp.shutdown_and_exit();
}

/// The outline and semantic tokens are written straight from their typed form (tower-lsp would build a
/// JSON tree of them first, a gigabyte for a large design), and tower-lsp's own empty answer dropped.
#[test]
fn answers_written_directly_come_once_and_whole() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, TEXT);
    lsp.diagnostics(URI, 1);
    let document = json!({ "textDocument": { "uri": URI } });
    let symbols = lsp.send_request("textDocument/documentSymbol", document.clone());
    let tokens = lsp.send_request("textDocument/semanticTokens/full", document.clone());
    let range = json!({ "textDocument": { "uri": URI }, "range": common::range_json([0, 0, 1, 0]) });
    let ranged = lsp.send_request("textDocument/semanticTokens/range", range);
    let unknown =
        lsp.send_request("textDocument/documentSymbol", json!({ "textDocument": { "uri": "file:///none.design" } }));
    let answers = Answers::new(TEXT);
    assert_eq!(common::expected::seen_symbols(&lsp.response(symbols)["result"]), answers.symbols());
    assert_eq!(lsp.response(tokens)["result"]["data"], answers.semantic_tokens());
    assert_eq!(lsp.response(ranged)["result"]["data"], answers.semantic_tokens());
    assert_eq!(lsp.response(unknown)["result"], Value::Null);
    // Whatever tower-lsp answered for them would have come before the answer to `shutdown`.
    lsp.result("shutdown", Value::Null);
    lsp.drain();
    for id in [symbols, tokens, ranged, unknown] {
        let count = lsp.history.iter().filter(|m| m["id"] == id && m.get("method").is_none()).count();
        assert_eq!(count, 1, "answers to request {id}");
    }
}
