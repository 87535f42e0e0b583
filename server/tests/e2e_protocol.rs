//! The protocol itself, against the real binary: the handshake, robustness against bad input, and
//! a clean exit.

mod common;

use common::Lsp;
use serde_json::{json, Value};

#[test]
fn initialize_announces_the_capabilities_with_utf16_by_default() {
    let (lsp, result) = Lsp::start(json!({}));
    assert_eq!(
        result["capabilities"],
        json!({
            "positionEncoding": "utf-16",
            "textDocumentSync": { "openClose": true, "change": 2 },
            "hoverProvider": true,
            "completionProvider": { "triggerCharacters": [":", ","], "resolveProvider": true },
            "definitionProvider": true,
            "referencesProvider": true,
            "documentSymbolProvider": true,
            "workspaceSymbolProvider": true,
            "semanticTokensProvider": {
                "legend": {
                    "tokenTypes": ["keyword", "property", "enumMember", "type", "variable", "function", "number"],
                    "tokenModifiers": ["declaration", "defaultLibrary"],
                },
                "full": true,
                "range": true,
            },
            "executeCommandProvider": { "commands": ["design-ls.mechanisms", "design-ls.explain"] },
        })
    );
    assert_eq!(result["serverInfo"]["name"], "design-ls");
    drop(lsp);
}

#[test]
fn initialize_picks_utf8_when_the_client_offers_it() {
    let offers = json!({ "general": { "positionEncodings": ["utf-16", "utf-8"] } });
    let (_lsp, result) = Lsp::start(offers);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
}

#[test]
fn initialize_falls_back_to_utf16_when_utf8_is_not_offered() {
    let offers = json!({ "general": { "positionEncodings": ["utf-32"] } });
    let (_lsp, result) = Lsp::start(offers);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn an_unknown_method_is_an_error_and_the_server_keeps_serving() {
    let mut lsp = Lsp::new();
    let response = lsp.request("design/noSuchMethod", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    lsp.notify("design/noSuchNotification", json!({}));
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn malformed_messages_and_binary_junk_do_not_end_the_session() {
    let mut lsp = Lsp::new();
    lsp.send_raw(b"Content-Length: 9\r\n\r\n{\"jsonrpc");
    lsp.send_raw(b"Content-Length: 6\r\n\r\n[1, 2]");
    lsp.send_raw(b"Content-Length: 2\r\n\r\n{}");
    lsp.send_raw(b"Content-Length: ten\r\n\r\n");
    let junk: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    lsp.send_raw(&junk);
    lsp.send_raw(b"\r\n\r\n");
    // Valid JSON-RPC whose params do not fit the method: an error answer, not a lost server.
    let response = lsp.request("textDocument/hover", json!({ "textDocument": 42 }));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    // A notification with broken params is dropped.
    lsp.notify("textDocument/didOpen", json!({ "textDocument": "nope" }));
    assert_eq!(lsp.at("hover", "file:///none.design", 0, 0), Value::Null);
    // The cut body, the batch's two numbers and the empty object, each answered for an unknown id.
    let errors: Vec<(Value, Value)> = lsp
        .history
        .iter()
        .filter(|m| m["id"].is_null() && m.get("error").is_some())
        .map(|m| (m["error"]["code"].clone(), m["error"]["message"].clone()))
        .collect();
    let invalid = "the message is not a JSON-RPC request, notification or response";
    assert_eq!(
        errors,
        [
            (
                json!(-32700),
                json!("the message is not JSON that can be read: EOF while parsing a string at line 1 column 9")
            ),
            (json!(-32600), json!(invalid)),
            (json!(-32600), json!(invalid)),
            (json!(-32600), json!("the message's `jsonrpc` must be \"2.0\"")),
        ]
    );
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn requests_about_unknown_documents_or_positions_answer_null() {
    let mut lsp = Lsp::new();
    let uri = "file:///known.design";
    lsp.open(uri, 1, "component db: postgres\n");
    lsp.diagnostics(uri, 1);
    for method in ["hover", "completion"] {
        assert_eq!(lsp.at(method, "file:///unknown.design", 0, 0), Value::Null, "{method}");
        // The document has two lines (the second empty), so line 2 is past its end.
        assert_eq!(lsp.at(method, uri, 2, 0), Value::Null, "{method}");
        assert_eq!(lsp.at(method, uri, 4_000_000_000, 4_000_000_000), Value::Null, "{method}");
    }
}

#[test]
fn shutdown_then_exit_ends_the_process_with_status_0_promptly() {
    let lsp = Lsp::new();
    let (status, took) = lsp.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
    assert!(took.as_secs_f64() < 1.0, "took {took:?} to exit");
}

#[test]
fn the_process_ends_when_its_input_closes() {
    let mut lsp = Lsp::new();
    lsp.open("file:///a.design", 1, "component db: postgres\n");
    lsp.close_input();
}
