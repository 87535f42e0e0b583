//! The client's messages, checked before tower-lsp reads them.
//!
//! tower-lsp-server 0.23 stops reading for good at the first message it cannot decode, answers some
//! mistakes with the wrong error and others not at all, and has no batches. So every message is
//! triaged here first: what tower-lsp serves right is passed on with a clean header; what it would not
//! is answered here as JSON-RPC 2.0 and the Language Server Protocol say, with the request's id when
//! it can be read and `null` when it cannot; anything else is logged and dropped.

use super::direct;
use super::frames::{next_frame, write_frame, Frame};
use super::outbox::Outbox;
use super::peek::Peek;
use super::surrogates;
use crate::limits::MAX_MESSAGE_BYTES;
use crate::lsp::log::log;
use crate::text::echo;
use serde::Deserialize;
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::{AsyncRead, AsyncWrite, BufReader};
use tower_lsp_server::jsonrpc::{Id, Request, Response};

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;

/// Copies the messages of `input` that tower-lsp should serve to `output`, answering the others,
/// until `input` ends or `output` closes. Sets `shutdown` once a `shutdown` request has passed.
pub async fn forward(
    input: impl AsyncRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
    outbox: &Outbox,
    shutdown: &AtomicBool,
) {
    let mut input = BufReader::new(input);
    while let Some(frame) = next_frame(&mut input, MAX_MESSAGE_BYTES).await {
        let actions = match frame {
            Frame::Body(body) => triage(body),
            Frame::TooLong { length, peek } => too_long(length, &peek),
        };
        for action in actions {
            match action {
                Action::Forward { body, is_shutdown } => {
                    shutdown.fetch_or(is_shutdown, Ordering::Relaxed);
                    if write_frame(&mut output, &body).await.is_err() {
                        return; // tower-lsp stopped reading: the client sent `exit`.
                    }
                }
                Action::Reply { id, code, message } => outbox.reply_error(&id, code, &message),
            }
        }
    }
}

#[derive(Debug, PartialEq)]
enum Action {
    Forward { body: Vec<u8>, is_shutdown: bool },
    Reply { id: Id, code: i64, message: String },
}

fn reply(id: Id, code: i64, message: impl Into<String>) -> Action {
    Action::Reply { id, code, message: message.into() }
}

fn too_long(length: u64, peek: &Peek) -> Vec<Action> {
    let message = format!(
        "the message is {length} bytes long, over design-ls's limit of {} MiB for one message",
        MAX_MESSAGE_BYTES >> 20
    );
    log("message too long", || format!("skipped a message: {message}"));
    peek.request_id().map(|id| reply(id, PARSE_ERROR, message)).into_iter().collect()
}

/// What to do with one message's body.
fn triage(body: Vec<u8>) -> Vec<Action> {
    let (value, repaired) = match serde_json::from_slice::<Value>(&body) {
        Ok(value) => (value, None),
        Err(error) => {
            match surrogates::repaired(&body).and_then(|fixed| Some((serde_json::from_slice(&fixed).ok()?, fixed))) {
                Some((value, fixed)) => {
                    log("repaired text", || "replaced lone surrogates or invalid UTF-8 in a message with U+FFFD");
                    (value, Some(fixed))
                }
                None => return unreadable(&body, &error),
            }
        }
    };
    match value {
        Value::Array(items) if items.is_empty() => {
            vec![reply(Id::Null, INVALID_REQUEST, "an empty batch is not a request")]
        }
        Value::Array(items) => {
            let count = items.len();
            log("batch", || {
                format!(
                    "took a batch of {count} messages one by one: the Language Server Protocol has no batches, \
                     so each request is answered on its own"
                )
            });
            items.into_iter().map(|item| triage_message(item, None)).collect()
        }
        value => vec![triage_message(value, Some(repaired.unwrap_or(body)))],
    }
}

/// A body that is not JSON, or nested deeper than the 128 levels tower-lsp reads: a request whose id
/// can be read is answered for it, a response is dropped, anything else answered with a `null` id.
fn unreadable(body: &[u8], error: &serde_json::Error) -> Vec<Action> {
    let peek = Peek::scan(body);
    if peek.is_response() {
        log("unreadable response", || format!("dropped a response that cannot be read: {error}"));
        return Vec::new();
    }
    let id = peek.request_id().unwrap_or(Id::Null);
    vec![reply(id, PARSE_ERROR, format!("the message is not JSON that can be read: {error}"))]
}

/// One message, as JSON: passed on (as `body` when given, to save writing it again) or answered.
fn triage_message(value: Value, body: Option<Vec<u8>>) -> Action {
    let Value::Object(fields) = &value else {
        return reply(Id::Null, INVALID_REQUEST, "the message is not a JSON-RPC request, notification or response");
    };
    let id = match fields.get("id").map(Id::deserialize) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            return reply(Id::Null, INVALID_REQUEST, "the message's `id` is neither an integer nor a string")
        }
    };
    let invalid = |message: &str| reply(id.clone().unwrap_or(Id::Null), INVALID_REQUEST, message);
    if fields.get("jsonrpc") != Some(&Value::from("2.0")) {
        return invalid("the message's `jsonrpc` must be \"2.0\"");
    }
    let (is_shutdown, direct) = match fields.get("method") {
        Some(Value::String(method)) => {
            if let (Some(id), true) = (&id, method.starts_with("$/")) {
                // The protocol's own rule: a `$/` request the server does not know must be answered.
                return reply(id.clone(), METHOD_NOT_FOUND, format!("method not found: `{}`", echo(method)));
            }
            if Request::deserialize(&value).is_err() {
                return invalid("the request is not valid JSON-RPC");
            }
            let is_request = id.is_some();
            (is_request && method == "shutdown", is_request && direct::answers_directly(method))
        }
        Some(_) => return invalid("the message's `method` must be a string"),
        None if id.is_none() => return invalid("the message has neither a `method` nor an `id`"),
        None if Response::deserialize(&value).is_err() => {
            return invalid(
                "the message has an `id` but neither a `method` (for a request) nor one `result` or `error` \
                 (for a response)",
            );
        }
        None => (false, false),
    };
    let body = match (direct, id) {
        (true, Some(id)) => serde_json::to_vec(&direct::route(value, &id)).expect("a JSON value serializes"),
        _ => body.unwrap_or_else(|| serde_json::to_vec(&value).expect("a JSON value serializes")),
    };
    Action::Forward { body, is_shutdown }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn forwarded(value: Value) -> Action {
        Action::Forward { body: serde_json::to_vec(&value).unwrap(), is_shutdown: false }
    }

    fn triaged(body: &str) -> Vec<Action> {
        triage(body.as_bytes().to_vec())
    }

    #[test]
    fn good_messages_pass_as_they_came() {
        let request = r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#;
        let response = r#"{"jsonrpc":"2.0","id":"s1","result":null}"#;
        let notification = r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#;
        for body in [request, response, notification] {
            assert_eq!(triaged(body), [Action::Forward { body: body.into(), is_shutdown: false }]);
        }
        let shutdown = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
        assert_eq!(triaged(shutdown), [Action::Forward { body: shutdown.into(), is_shutdown: true }]);
    }

    #[test]
    fn what_is_not_json_is_a_parse_error_for_the_request_or_for_null() {
        let not_json = reply(
            Id::Null,
            PARSE_ERROR,
            "the message is not JSON that can be read: key must be a string at line 1 column 2",
        );
        assert_eq!(triaged("{oops"), [not_json]);
        let deep = format!(
            r#"{{"jsonrpc":"2.0","id":1,"method":"shutdown","params":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let [Action::Reply { id, code, .. }] = &triaged(&deep)[..] else { panic!() };
        assert_eq!((id, *code), (&Id::Number(1), PARSE_ERROR));
        let deep_response = format!(r#"{{"jsonrpc":"2.0","id":1,"result":{}{}}}"#, "[".repeat(200), "]".repeat(200));
        assert_eq!(triaged(&deep_response), []);
    }

    #[test]
    fn what_is_not_a_message_is_an_invalid_request() {
        let cases = [
            (r#"[1, 2]"#, vec![Id::Null, Id::Null]),
            ("[]", vec![Id::Null]),
            ("42", vec![Id::Null]),
            (r#"{"jsonrpc":"2.0","id":10}"#, vec![Id::Number(10)]),
            (r#"{"jsonrpc":"2.0","id":3,"method":5}"#, vec![Id::Number(3)]),
            (r#"{"id":4,"method":"shutdown"}"#, vec![Id::Number(4)]),
            (r#"{"jsonrpc":"2.0","id":true,"method":"x"}"#, vec![Id::Null]),
            (r#"{"jsonrpc":"2.0"}"#, vec![Id::Null]),
        ];
        for (body, ids) in cases {
            let got: Vec<_> = triaged(body)
                .into_iter()
                .map(|action| match action {
                    Action::Reply { id, code: INVALID_REQUEST, .. } => id,
                    other => panic!("{body}: {other:?}"),
                })
                .collect();
            assert_eq!(got, ids, "{body}");
        }
    }

    #[test]
    fn a_batch_is_taken_message_by_message() {
        let hover = json!({ "jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {} });
        let change = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {} });
        let batch = json!([hover, 7, change]).to_string();
        let bad = reply(Id::Null, INVALID_REQUEST, "the message is not a JSON-RPC request, notification or response");
        assert_eq!(triaged(&batch), [forwarded(hover), bad, forwarded(change)]);
    }

    #[test]
    fn unknown_dollar_requests_are_answered_method_not_found() {
        let request = r#"{"jsonrpc":"2.0","id":5,"method":"$/unknown"}"#;
        assert_eq!(triaged(request), [reply(Id::Number(5), METHOD_NOT_FOUND, "method not found: `$/unknown`")]);
        let long = format!(r#"{{"jsonrpc":"2.0","id":6,"method":"$/{}"}}"#, "x".repeat(100_000));
        let [Action::Reply { message, .. }] = &triaged(&long)[..] else { panic!() };
        assert_eq!(message, &format!("method not found: `$/{}…`", "x".repeat(61)));
    }

    #[test]
    fn lone_surrogates_are_replaced_so_the_edit_is_kept() {
        let change = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"text":"a\ud83d"}}"#;
        let kept = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"text":"a\uFFFD"}}"#;
        assert_eq!(triaged(change), [Action::Forward { body: kept.into(), is_shutdown: false }]);
    }

    #[test]
    fn a_message_too_long_is_answered_when_it_is_a_request() {
        let peek = Peek::scan(br#"{"jsonrpc":"2.0","id":9,"method":"textDocument/didOpen","params":{"#);
        let message = "the message is 1000000000000 bytes long, over design-ls's limit of 64 MiB for one message";
        assert_eq!(too_long(1_000_000_000_000, &peek), [reply(Id::Number(9), PARSE_ERROR, message)]);
        assert_eq!(too_long(1_000_000_000_000, &Peek::scan(br#"{"method":"x","params":{"#)), []);
    }
}
