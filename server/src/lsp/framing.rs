//! Re-framing of the client's byte stream before tower-lsp reads it.
//!
//! tower-lsp-server 0.23 stops reading for good at the first message it cannot decode (a garbled
//! header, a body that is not JSON-RPC), which would end the whole session over one bad message.
//! So every message is checked here first: well-formed ones are passed on with a clean header. A
//! request that cannot be read but whose id can is answered with an error, so its client does not
//! wait for ever; anything else is logged to stderr and dropped.

use super::outbox::Outbox;
use serde::de::IgnoredAny;
use serde::Deserialize;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Id, Request, Response};

/// A longer header line is junk; reading it in pieces keeps memory bounded.
const MAX_HEADER_LINE: u64 = 1024;
const CONTENT_LENGTH: &[u8] = b"Content-Length:";

/// Copies the well-formed messages of `input` to `output` until `input` ends or `output` closes.
pub async fn forward(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin, outbox: &Outbox) {
    let mut input = BufReader::new(input);
    while let Some(body) = next_body(&mut input).await {
        if let Err(problem) = json_rpc(&body) {
            match unanswered_request(&body) {
                Some(id) => outbox.reply_error(id, problem.code(), &problem.to_string()),
                None => eprintln!("design-ls: dropped a message that is not JSON-RPC ({} bytes)", body.len()),
            }
            continue;
        }
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err() || output.write_all(&body).await.is_err() {
            return; // The server stopped reading: it has exited.
        }
    }
}

/// The body of the next message whose header has a `Content-Length`, skipping anything else;
/// `None` at the end of the input.
pub(super) async fn next_body(input: &mut (impl AsyncBufRead + Unpin)) -> Option<Vec<u8>> {
    let mut length = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if (&mut *input).take(MAX_HEADER_LINE).read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        if let Some(at) = line.windows(CONTENT_LENGTH.len()).position(|w| w == CONTENT_LENGTH) {
            let value = std::str::from_utf8(&line[at + CONTENT_LENGTH.len()..]).ok();
            length = value.and_then(|v| v.trim().parse::<u64>().ok());
        } else if line == b"\r\n" || line == b"\n" {
            // The end of a header: a body follows if it said how long.
            if let Some(length) = length.take() {
                let mut body = Vec::new();
                (&mut *input).take(length).read_to_end(&mut body).await.ok()?;
                // A shorter body means the input ended inside it.
                return (body.len() as u64 == length).then_some(body);
            }
        }
        // Anything else is another header (`Content-Type`) or junk.
    }
}

/// Why a body is not a message tower-lsp can decode.
#[derive(Debug)]
enum Problem {
    /// Not JSON, or JSON nested deeper than the 128 levels tower-lsp reads.
    Parse(serde_json::Error),
    /// JSON, but neither a request, a notification nor a response.
    Invalid,
}

impl Problem {
    /// The JSON-RPC error code.
    fn code(&self) -> i64 {
        match self {
            Problem::Parse(_) => -32700,
            Problem::Invalid => -32600,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Problem::Parse(error) => write!(f, "the message is not JSON that can be read: {error}"),
            Problem::Invalid => write!(f, "the message is not a JSON-RPC request, notification or response"),
        }
    }
}

/// Whether tower-lsp can decode `body`. Its codec reads a JSON value first, with serde_json's limit of
/// 128 nested levels, so this does too: typed parsing alone skips unknown fields at any depth.
fn json_rpc(body: &[u8]) -> Result<(), Problem> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(Problem::Parse)?;
    let request = Request::deserialize(&value).is_ok();
    if request || Response::deserialize(&value).is_ok() {
        Ok(())
    } else {
        Err(Problem::Invalid)
    }
}

/// The id of a request in `body`, read leniently (the rest skipped, however deep): a request that
/// cannot be decoded still deserves an answer.
fn unanswered_request(body: &[u8]) -> Option<Id> {
    #[derive(Deserialize)]
    struct Lenient {
        id: Option<Id>,
        method: Option<IgnoredAny>,
    }
    let lenient: Lenient = serde_json::from_slice(body).ok()?;
    lenient.method.and(lenient.id).filter(|id| !matches!(id, Id::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    async fn forwarded(input: &[u8]) -> String {
        forwarded_and_replies(input).await.0
    }

    /// What reaches tower-lsp, and the error replies sent straight to the client.
    async fn forwarded_and_replies(input: &[u8]) -> (String, Vec<String>) {
        let (outbox, mut replies) = super::super::outbox::channel();
        let mut output = Vec::new();
        forward(input, &mut output, &outbox).await;
        drop(outbox);
        let mut sent = Vec::new();
        while let Some(reply) = replies.recv().await {
            sent.push(String::from_utf8(reply).unwrap());
        }
        (String::from_utf8(output).unwrap(), sent)
    }

    #[tokio::test]
    async fn keeps_good_messages_and_drops_the_rest() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let response = r#"{"jsonrpc":"2.0","id":7,"result":null}"#;
        let mut input = Vec::new();
        input.extend(b"\xff\xfe\x00junk\r\n\r\n");
        input.extend(frame("{oops").as_bytes());
        input.extend(frame(good).as_bytes());
        input.extend(frame("[1, 2]").as_bytes());
        input.extend(b"Content-Length: nine\r\n\r\n");
        input.extend(format!("garbage{}", frame(response)).as_bytes());
        input.extend(vec![b'x'; 5000]);
        input.extend(format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}", frame(good)).as_bytes());
        // Cut short: the input ends inside this body.
        input.extend(b"Content-Length: 100\r\n\r\n{");
        assert_eq!(forwarded(&input).await, frame(good) + &frame(response) + &frame(good));
    }

    /// JSON nested deeper than tower-lsp reads: a request is answered with an error for its id (found
    /// by fuzzing: it used to be dropped, and its client waited for ever); a response is dropped rather
    /// than passed on to fail in tower-lsp's codec with an error that answers nothing.
    #[tokio::test]
    async fn too_deeply_nested_messages_are_refused_and_requests_answered() {
        let deep = format!("{}{}", "[".repeat(127), "]".repeat(127));
        let request = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"shutdown","params":{deep}}}"#);
        let response = format!(r#"{{"jsonrpc":"2.0","id":2,"result":{deep}}}"#);
        let fine = format!(
            r#"{{"jsonrpc":"2.0","id":3,"method":"shutdown","params":{}{}}}"#,
            "[".repeat(126),
            "]".repeat(126)
        );
        let input = frame(&request) + &frame(&response) + &frame(&fine);
        let (forwarded, replies) = forwarded_and_replies(input.as_bytes()).await;
        assert_eq!(forwarded, frame(&fine));
        assert_eq!(replies.len(), 1, "{replies:?}");
        let reply: serde_json::Value = serde_json::from_str(&replies[0]).unwrap();
        assert_eq!(reply["id"], 1);
        assert_eq!(reply["error"]["code"], -32700);
        assert_eq!(
            reply["error"]["message"],
            "the message is not JSON that can be read: recursion limit exceeded at line 1 column 180"
        );
    }

    #[tokio::test]
    async fn a_huge_length_does_not_allocate_up_front() {
        assert_eq!(forwarded(b"Content-Length: 99999999999999\r\n\r\n{}").await, "");
    }
}
