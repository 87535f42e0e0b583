//! The base protocol's framing: a header of `Name: value` lines, each ending in `\r\n`, a blank line,
//! then `Content-Length` bytes of body.
//!
//! Reading is strict about the form and lenient about recovery: header names are matched without
//! regard to case, as the specification says, and a malformed header costs only its own message: the
//! reader looks for the next `Content-Length` header and goes on from there. A body longer than the
//! reader's limit is skipped as it streams by, never held in memory.

use super::peek::Peek;
use crate::lsp::log::log;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// A header longer than this is junk; the reader keeps only its tail, where a real header may begin.
const MAX_HEADER: usize = 8 * 1024;
/// How much of a junk header's tail is kept.
const KEPT_TAIL: usize = 1024;
const CONTENT_LENGTH: &[u8] = b"content-length";

pub enum Frame {
    Body(Vec<u8>),
    /// A message longer than the limit, skipped: its length, and what a scan of it found.
    TooLong {
        length: u64,
        peek: Peek,
    },
}

/// The next frame of `input`, skipping what cannot be read as one; `None` at the end of the input
/// (also when it ends inside a body). Bodies longer than `limit` bytes are skipped.
pub async fn next_frame(input: &mut (impl AsyncBufRead + Unpin), limit: u64) -> Option<Frame> {
    let length = next_header(input).await?;
    if length <= limit {
        // Grown as the bytes arrive: a length the client lies about costs only what it sends.
        let mut body = Vec::new();
        (&mut *input).take(length).read_to_end(&mut body).await.ok()?;
        return (body.len() as u64 == length).then_some(Frame::Body(body));
    }
    let mut peek = Peek::default();
    let mut left = length;
    while left > 0 {
        let buffer = input.fill_buf().await.ok()?;
        if buffer.is_empty() {
            return None;
        }
        let n = buffer.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        peek.feed(&buffer[..n]);
        input.consume(n);
        left -= n as u64;
    }
    Some(Frame::TooLong { length, peek })
}

/// Reads up to the end of the next header that has a `Content-Length`, and returns that length.
async fn next_header(input: &mut (impl AsyncBufRead + Unpin)) -> Option<u64> {
    let mut header = Vec::new();
    loop {
        if (&mut *input).take(KEPT_TAIL as u64).read_until(b'\n', &mut header).await.ok()? == 0 {
            return None;
        }
        if header.len() > MAX_HEADER {
            header.drain(..header.len() - KEPT_TAIL);
        }
        let Some(lines) = header.strip_suffix(b"\r\n\r\n") else { continue };
        match content_length(lines) {
            Ok(length) => return Some(length),
            Err(()) => {
                if let Some(length) = recovered_content_length(lines) {
                    return Some(length);
                }
                if !lines.iter().all(u8::is_ascii_whitespace) {
                    log("malformed header", || format!("skipped a malformed header: {}", escaped(lines)));
                }
                header.clear();
            }
        }
    }
}

/// The `Content-Length` of a well-formed header (its lines without the blank line that ends it).
fn content_length(lines: &[u8]) -> Result<u64, ()> {
    let mut length = None;
    for line in split(lines, b"\r\n") {
        let colon = line.iter().position(|&b| b == b':').ok_or(())?;
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.is_empty() || !name.iter().all(|&b| is_token(b)) || value.iter().any(|&b| b == b'\r' || b == b'\n') {
            return Err(());
        }
        if name.eq_ignore_ascii_case(CONTENT_LENGTH) {
            if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
                return Err(());
            }
            // Digits only, so parsing fails only past u64: longer than any limit anyway.
            let value = std::str::from_utf8(value).map_err(drop)?.parse().unwrap_or(u64::MAX);
            if length.is_some_and(|length| length != value) {
                return Err(());
            }
            length = Some(value);
        }
    }
    length.ok_or(())
}

/// The length from the last `Content-Length` of a malformed header, when a well-formed header starts
/// there: the bytes before it belong to a message whose header was broken (one ending in a bare `\r`,
/// a length cut short) or are junk, and only they are lost.
fn recovered_content_length(lines: &[u8]) -> Option<u64> {
    let at = lines.windows(CONTENT_LENGTH.len()).rposition(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))?;
    let length = content_length(&lines[at..]).ok()?;
    log("malformed header", || format!("skipped {} bytes of malformed header before a message", at));
    Some(length)
}

/// A `token` character of HTTP header names (RFC 9110), which the base protocol's headers follow.
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn split<'a>(bytes: &'a [u8], separator: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.windows(separator.len()).position(|w| w == separator) {
            Some(at) => {
                rest = Some(&current[at + separator.len()..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Bytes shown in a log line: printable ASCII as is, the rest escaped, at most 80 of them.
fn escaped(bytes: &[u8]) -> String {
    let shown: String = bytes.iter().take(80).flat_map(|&b| std::ascii::escape_default(b)).map(char::from).collect();
    if bytes.len() > 80 {
        format!("\"{shown}\"… ({} bytes)", bytes.len())
    } else {
        format!("\"{shown}\"")
    }
}

/// Writes one message with its header.
pub async fn write_frame(output: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> std::io::Result<()> {
    output.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    output.write_all(body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The bodies read from `input`, with `TooLong` frames shown as `<N bytes skipped>`.
    async fn bodies(input: &[u8], limit: u64) -> Vec<String> {
        let mut input = input;
        let mut bodies = Vec::new();
        while let Some(frame) = next_frame(&mut input, limit).await {
            bodies.push(match frame {
                Frame::Body(body) => String::from_utf8(body).unwrap(),
                Frame::TooLong { length, .. } => format!("<{length} bytes skipped>"),
            });
        }
        bodies
    }

    #[tokio::test]
    async fn header_names_are_matched_without_regard_to_case() {
        let input = "content-length: 2\r\n\r\n{}CONTENT-LENGTH:3\r\ncontent-type: x\r\n\r\n[1]";
        assert_eq!(bodies(input.as_bytes(), 100).await, ["{}", "[1]"]);
    }

    #[tokio::test]
    async fn a_header_ending_in_a_bare_carriage_return_costs_only_its_own_message() {
        for broken in ["Content-Length: 2\r\r{}", "Content-Length: 2\n\n{}", "Content-Length: 2\r\n\r{}"] {
            let input = format!("{broken}{}{}", frame("[1]"), frame("[2]"));
            assert_eq!(bodies(input.as_bytes(), 100).await, ["[1]", "[2]"], "{broken:?}");
        }
    }

    #[tokio::test]
    async fn junk_and_headers_without_a_length_are_skipped() {
        let mut input = Vec::new();
        input.extend(b"\xff\xfe\x00junk\r\n\r\n");
        input.extend(b"Content-Length: nine\r\n\r\n");
        input.extend(b"Content-Type: x\r\n\r\n");
        input.extend(format!("garbage{}", frame("[1]")).as_bytes());
        input.extend(vec![b'x'; 50_000]);
        input.extend(format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}", frame("[2]")).as_bytes());
        // Cut short: the input ends inside this body.
        input.extend(b"Content-Length: 100\r\n\r\n{");
        assert_eq!(bodies(&input, 100).await, ["[1]", "[2]"]);
    }

    /// A header that is malformed before its last `Content-Length` is read from there: its body is
    /// skipped (or served) rather than taken for headers, which would lose the messages after it.
    #[tokio::test]
    async fn a_malformed_header_is_read_from_its_last_length() {
        let input = "Bad Name: 1\r\nContent-Length: 3\r\n\r\n[1]Content-Length: 1\r\nContent-Length: 3\r\n\r\n[2]";
        assert_eq!(bodies(input.as_bytes(), 100).await, ["[1]", "[2]"]);
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_skipped_and_scanned_not_kept() {
        let long = format!(r#"{{"jsonrpc":"2.0","method":"m","params":"{}","id":7}}"#, "x".repeat(1000));
        let input = frame(&long) + &frame("[1]");
        let mut reader = input.as_bytes();
        let Some(Frame::TooLong { length, peek }) = next_frame(&mut reader, 100).await else { panic!("not skipped") };
        assert_eq!(length, long.len() as u64);
        assert_eq!(peek.request_id(), Some(7.into()));
        assert_eq!(bodies(reader, 100).await, ["[1]"]);
    }

    #[tokio::test]
    async fn a_huge_length_allocates_nothing_up_front() {
        assert_eq!(bodies(b"Content-Length: 99999999999999999999999\r\n\r\n{}", 100).await, Vec::<String>::new());
        assert_eq!(bodies(b"Content-Length: 999999999999\r\n\r\n{}", u64::MAX).await, Vec::<String>::new());
    }
}
