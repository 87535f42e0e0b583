//! Re-framing of the client's byte stream before tower-lsp reads it.
//!
//! tower-lsp-server 0.23 stops reading for good at the first message it cannot decode (a garbled
//! header, a body that is not JSON-RPC), which would end the whole session over one bad message.
//! So every message is checked here first: well-formed ones are passed on with a clean header,
//! anything else is logged to stderr and dropped.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// A longer header line is junk; reading it in pieces keeps memory bounded.
const MAX_HEADER_LINE: u64 = 1024;
const CONTENT_LENGTH: &[u8] = b"Content-Length:";

/// Copies the well-formed messages of `input` to `output` until `input` ends or `output` closes.
pub async fn forward(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut input = BufReader::new(input);
    while let Some(body) = next_body(&mut input).await {
        if !is_json_rpc(&body) {
            eprintln!("design-ls: dropped a message that is not JSON-RPC ({} bytes)", body.len());
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

/// Whether tower-lsp can decode `body` (a request, notification or response).
fn is_json_rpc(body: &[u8]) -> bool {
    serde_json::from_slice::<Request>(body).is_ok() || serde_json::from_slice::<Response>(body).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    async fn forwarded(input: &[u8]) -> String {
        let mut output = Vec::new();
        forward(input, &mut output).await;
        String::from_utf8(output).unwrap()
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

    #[tokio::test]
    async fn a_huge_length_does_not_allocate_up_front() {
        assert_eq!(forwarded(b"Content-Length: 99999999999999\r\n\r\n{}").await, "");
    }
}
