//! A lenient look at a message that cannot be read whole (too long, not JSON, nested too deeply):
//! whether its top level names a `method`, a `result` or an `error`, and its `id`, so a request that
//! cannot be served still gets an answer for its id.
//!
//! It reads byte by byte in constant memory, keeping only the top level's keys and the `id`'s text,
//! so it runs over a body of any length as it streams by, and at any nesting depth.

use tower_lsp_server::jsonrpc::Id;

/// Longer keys are none of those looked for; a longer `id` is not read.
const MAX_KEY: usize = 8;
const MAX_ID: usize = 1024;

#[derive(Default)]
pub struct Peek {
    /// How many objects and arrays are open.
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// At the top level: reading a key (until its `:`), or a value (until `,` or `}`).
    in_value: bool,
    /// The top-level key being read, or the one whose value is being read.
    key: Vec<u8>,
    key_too_long: bool,
    /// The text of the `id`'s value so far; `None` when too long.
    id_text: Option<Vec<u8>>,
    id: Option<Id>,
    method: bool,
    result_or_error: bool,
}

impl Peek {
    pub fn scan(bytes: &[u8]) -> Peek {
        let mut peek = Peek::default();
        peek.feed(bytes);
        peek
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// The id of the request this seems to be: a top-level `method` and a readable `id`.
    pub fn request_id(&self) -> Option<Id> {
        self.id.clone().filter(|_| self.method)
    }

    /// The id of the response this seems to be.
    pub fn response_id(&self) -> Option<Id> {
        self.id.clone().filter(|_| self.is_response())
    }

    /// Whether this seems to be a response: a `result` or an `error` and no `method`.
    pub fn is_response(&self) -> bool {
        self.result_or_error && !self.method
    }

    fn byte(&mut self, b: u8) {
        let top = self.depth == 1;
        if top && self.in_value && self.key == b"id" {
            if let Some(text) = &mut self.id_text {
                text.push(b);
                if text.len() > MAX_ID {
                    self.id_text = None;
                }
            }
        }
        if self.in_string {
            match b {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                _ if top && !self.in_value => self.key_byte(b),
                _ => {}
            }
            return;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth == 1 {
                    self.start_key();
                }
            }
            b'}' | b']' => {
                if top {
                    self.end_value();
                }
                self.depth = self.depth.saturating_sub(1);
            }
            b':' if top && !self.in_value => {
                self.in_value = true;
                self.id_text = Some(Vec::new());
            }
            b',' if top => {
                self.end_value();
                self.start_key();
            }
            _ => {}
        }
    }

    fn key_byte(&mut self, b: u8) {
        if self.key.len() < MAX_KEY {
            self.key.push(b);
        } else {
            self.key_too_long = true;
        }
    }

    fn start_key(&mut self) {
        self.in_value = false;
        self.key.clear();
        self.key_too_long = false;
    }

    fn end_value(&mut self) {
        if !self.in_value || self.key_too_long {
            return;
        }
        match self.key.as_slice() {
            b"id" => {
                // The text ends with the `,` or `}` that closed it.
                let text = self.id_text.take().unwrap_or_default();
                let text = text.strip_suffix(b",").or_else(|| text.strip_suffix(b"}")).unwrap_or(&text);
                self.id = serde_json::from_slice(text).ok();
            }
            b"method" => self.method = true,
            b"result" | b"error" => self.result_or_error = true,
            _ => {}
        }
        self.in_value = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_id_of_a_request_wherever_it_is() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        for body in [
            format!(r#"{{"jsonrpc":"2.0","id":12,"method":"x","params":{deep}}}"#),
            r#"{"params":{"id":1,"s":"\"},"},"method" : "x" , "id" : 12 }"#.to_string(),
            format!(r#"{{"method":"x","params":{deep},"id":12}}"#),
        ] {
            assert_eq!(Peek::scan(body.as_bytes()).request_id(), Some(12.into()), "{body}");
        }
        let body = r#"{"id":"a\"b","method":"x","params":{"#;
        assert_eq!(Peek::scan(body.as_bytes()).request_id(), Some("a\"b".into()), "cut short after the id");
    }

    #[test]
    fn notifications_responses_and_junk_have_no_request_id() {
        let notification = Peek::scan(br#"{"jsonrpc":"2.0","method":"x","params":{"id":3}}"#);
        assert_eq!((notification.request_id(), notification.is_response()), (None, false));
        let response = Peek::scan(br#"{"jsonrpc":"2.0","id":3,"result":[[[]]]}"#);
        assert_eq!((response.request_id(), response.is_response()), (None, true));
        let junk = Peek::scan(b"\x00\xff{{{\"id\":");
        assert_eq!((junk.request_id(), junk.is_response()), (None, false));
        let array = Peek::scan(br#"[{"id":1,"method":"x"}]"#);
        assert_eq!(array.request_id(), None, "only the top level counts");
        let bad_id = Peek::scan(br#"{"id":{"a":1},"method":"x"}"#);
        assert_eq!(bad_id.request_id(), None);
    }
}
