//! A small JSON-RPC client that drives the real `design-ls` binary over stdio, as an editor does.
//!
//! Every wait has a deadline, so a server that hangs fails the test instead of blocking it.

#![allow(dead_code)] // Each e2e test crate uses a different part of this module.

/// Running `design-ls` as a command, for the CLI tests.
pub mod cli;
/// Inputs with their expected results written after them.
pub mod fixtures;

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStderr, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long to wait for any one answer: generous, as tests run unoptimized and in parallel.
const TIMEOUT: Duration = Duration::from_secs(30);
/// How long the process may take to end after `exit`.
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Lsp {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages received but not yet claimed by a wait, in arrival order.
    backlog: VecDeque<Value>,
    /// Every message received, for assertions over the whole conversation.
    pub history: Vec<Value>,
    stderr: Arc<Mutex<String>>,
    /// The server's stderr when the test leaves it unread, kept open so the pipe fills.
    _unread_stderr: Option<ChildStderr>,
    next_id: i64,
}

impl Lsp {
    /// Starts the server without initializing it.
    pub fn spawn() -> Self {
        Self::spawn_command(Command::new(env!("CARGO_BIN_EXE_design-ls")))
    }

    /// Starts the server and initializes it with these client capabilities; returns the result.
    pub fn start(capabilities: Value) -> (Self, Value) {
        let mut lsp = Self::spawn();
        let result =
            lsp.result("initialize", json!({ "processId": null, "rootUri": null, "capabilities": capabilities }));
        lsp.notify("initialized", json!({}));
        (lsp, result)
    }

    /// Starts and initializes a server with an ordinary client (UTF-16 positions).
    pub fn new() -> Self {
        Self::start(json!({})).0
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).and_then(|()| stdin.flush()).expect("the server reads its stdin");
    }

    /// A second handle on the server's stdin, for writing from another thread while a test waits with
    /// a deadline: a server that stops reading would block a write for ever.
    pub fn stdin_clone(&self) -> std::fs::File {
        use std::os::fd::AsFd;
        let stdin = self.stdin.as_ref().expect("stdin is open");
        std::fs::File::from(stdin.as_fd().try_clone_to_owned().expect("stdin's descriptor can be duplicated"))
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params }));
        self.next_id
    }

    /// Sends a request and waits for the whole response message.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns its result, failing on an error response.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| m["id"] == id && m.get("method").is_none())
    }

    pub fn notification(&mut self, method: &str) -> Value {
        self.wait_for(method, |m| m["method"] == method && m.get("id").is_none())
    }

    /// Waits for the diagnostics published for one version of a document.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let what = format!("diagnostics for {uri} version {version}");
        let message = self.wait_for(&what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Takes the first message (received earlier or in time) that matches, leaving the others.
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_within(what, TIMEOUT, matches)
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        let document = json!({ "uri": uri, "languageId": "design", "version": version, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    /// Sends one `didChange` with these changes: `(Some(range), text)` edits, `(None, text)` replaces all.
    pub fn change(&mut self, uri: &str, version: i64, changes: &[(Option<[u32; 4]>, &str)]) {
        let changes: Vec<Value> = changes
            .iter()
            .map(|(range, text)| match range {
                Some(range) => json!({ "range": range_json(*range), "text": text }),
                None => json!({ "text": text }),
            })
            .collect();
        let params = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes });
        self.notify("textDocument/didChange", params);
    }

    /// `hover` or `completion` (`method`) at a position, returning the result.
    pub fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        let params = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
        self.result(&format!("textDocument/{method}"), params)
    }

    /// Shuts down and exits as an editor does, returning how the process ended and how long it took.
    pub fn shutdown_and_exit(mut self) -> (ExitStatus, Duration) {
        assert_eq!(self.result("shutdown", Value::Null), Value::Null);
        // Stdin stays open, as editors keep it: the server must quit on `exit` alone.
        self.notify("exit", Value::Null);
        self.wait_for_exit()
    }

    /// Closes the server's stdin, as when the editor dies, and waits for the process to end.
    pub fn close_input(mut self) -> (ExitStatus, Duration) {
        self.stdin = None;
        self.wait_for_exit()
    }

    fn wait_for_exit(&mut self) -> (ExitStatus, Duration) {
        let start = Instant::now();
        while start.elapsed() < EXIT_TIMEOUT {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, start.elapsed());
            }
            thread::sleep(Duration::from_millis(10));
        }
        panic!("the server did not end within {EXIT_TIMEOUT:?} (is something waiting on stdin?)");
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- server stderr ---\n{}", self.stderr());
        }
    }
}

/// `[start line, start character, end line, end character]` as a protocol range.
pub fn range_json([l0, c0, l1, c1]: [u32; 4]) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

/// The `code` of each diagnostic, in order.
pub fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

/// Reads one `Content-Length`-framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = Some(value.trim().parse().expect("a numeric Content-Length"));
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

// Helpers for the abuse tests (e2e_ordering, e2e_limits, e2e_security).

impl Lsp {
    /// Starts the server through `command`, e.g. the binary under `strace`, without initializing it.
    pub fn spawn_command(command: Command) -> Self {
        Self::spawn_reading_stderr(command, true)
    }

    /// Starts the server like a client that never reads the server's stderr: the pipe stays open and
    /// fills up. `stderr()` is then always empty.
    pub fn spawn_leaving_stderr_unread() -> Self {
        Self::spawn_reading_stderr(Command::new(env!("CARGO_BIN_EXE_design-ls")), false)
    }

    fn spawn_reading_stderr(mut command: Command, read_stderr: bool) -> Self {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server command starts");
        let (sender, incoming) = mpsc::channel();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        let unread_stderr = if read_stderr {
            thread::spawn(move || {
                let mut buffer = [0; 4096];
                while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                    sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..n]));
                }
            });
            None
        } else {
            Some(pipe)
        };
        let stdin = child.stdin.take();
        let backlog = VecDeque::new();
        Lsp { child, stdin, incoming, backlog, history: Vec::new(), stderr, _unread_stderr: unread_stderr, next_id: 0 }
    }

    /// The peak resident set of the server process so far, in MiB (`VmHWM`).
    pub fn peak_rss_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc is readable");
        let line = status.lines().find(|line| line.starts_with("VmHWM:")).expect("a VmHWM line");
        let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmHWM in kB");
        kib / 1024
    }

    /// `wait_for` with its own deadline, for answers that may legitimately take longer than `TIMEOUT`.
    pub fn wait_for_within(&mut self, what: &str, timeout: Duration, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(index).unwrap();
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) => {
                    self.history.push(message.clone());
                    if matches(&message) {
                        return message;
                    }
                    self.backlog.push_back(message);
                }
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {timeout:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed stdout while we waited for {what}"),
            }
        }
    }

    /// Moves every message that has already arrived into `history` and the backlog, without waiting.
    pub fn drain(&mut self) {
        while let Ok(message) = self.incoming.try_recv() {
            self.history.push(message.clone());
            self.backlog.push_back(message);
        }
    }
}

/// What the server should answer for `text`, computed with the library on the client's copy of the text.
/// Positions are UTF-16, the protocol's default.
pub mod expected {
    use design_ls::analysis::{self, Analysis, Severity};
    use design_ls::catalog::Catalog;
    use design_ls::ide;
    use design_ls::text::{self, Encoding};
    use ropey::Rope;
    use serde_json::{json, Value};
    use std::ops::Range;

    /// A text with its analysis, to compute several answers from.
    pub struct Answers {
        pub text: String,
        rope: Rope,
        pub analysis: Analysis,
    }

    impl Answers {
        pub fn new(text: &str) -> Self {
            Answers {
                text: text.to_string(),
                rope: Rope::from_str(text),
                analysis: analysis::analyze_text(text, Catalog::builtin()),
            }
        }

        pub fn position(&self, offset: usize) -> Value {
            let (line, character) = text::offset_to_position(&self.rope, offset, Encoding::Utf16);
            json!({ "line": line, "character": character })
        }

        pub fn range(&self, bytes: Range<usize>) -> Value {
            json!({ "start": self.position(bytes.start), "end": self.position(bytes.end) })
        }

        /// The byte offset of a protocol position, as the server resolves it; `None` past the last line.
        pub fn offset(&self, line: u32, character: u32) -> Option<usize> {
            text::position_to_offset(&self.rope, line as usize, character as usize, Encoding::Utf16)
        }

        /// Each diagnostic as the fields a user sees: code, severity, range and message.
        pub fn diagnostics(&self) -> Vec<Value> {
            let severity = |s: Severity| match s {
                Severity::Error => 1,
                Severity::Warning => 2,
                Severity::Information => 3,
                Severity::Hint => 4,
            };
            let diagnostics = self.analysis.diagnostics.iter();
            diagnostics
                .map(|d| {
                    json!({
                        "code": d.code.as_str(),
                        "severity": severity(d.severity),
                        "range": self.range(d.range.clone()),
                        "message": d.message,
                    })
                })
                .collect()
        }

        /// The hover at a position: `null` between tokens or past the end.
        pub fn hover(&self, line: u32, character: u32) -> Value {
            let Some(offset) = self.offset(line, character) else { return Value::Null };
            match ide::hover(&self.analysis, &self.text, offset) {
                Some(info) => json!({
                    "contents": { "kind": "markdown", "value": info.markdown },
                    "range": self.range(info.range),
                }),
                None => Value::Null,
            }
        }

        /// The completion items at a position as (label, edit range, new text); `null` past the end.
        pub fn completion(&self, line: u32, character: u32) -> Value {
            let Some(offset) = self.offset(line, character) else { return Value::Null };
            let items = ide::completions(&self.analysis, &self.text, offset).items.into_iter();
            items.map(|item| json!([item.label, self.range(item.replace), item.insert_text])).collect()
        }

        /// The outline, each symbol as name, detail, kind, range, selection range and children.
        pub fn symbols(&self) -> Value {
            fn convert(answers: &Answers, symbol: ide::Symbol) -> Value {
                let kind = match symbol.kind {
                    ide::SymbolKind::System => 3,
                    ide::SymbolKind::Component => 13,
                    ide::SymbolKind::Operation => 12,
                    ide::SymbolKind::Field => 7,
                };
                let children: Vec<Value> = symbol.children.into_iter().map(|c| convert(answers, c)).collect();
                json!({
                    "name": symbol.name,
                    "detail": symbol.detail,
                    "kind": kind,
                    "range": answers.range(symbol.range),
                    "selectionRange": answers.range(symbol.selection_range),
                    "children": children,
                })
            }
            let symbols = ide::document_symbols(&self.analysis, &self.text).into_iter();
            symbols.map(|symbol| convert(self, symbol)).collect()
        }

        /// The semantic tokens of the whole text in the protocol's relative encoding.
        pub fn semantic_tokens(&self) -> Value {
            let (mut line, mut start) = (0, 0);
            let mut data = Vec::new();
            for token in ide::semantic_tokens(&self.analysis, &self.text) {
                let (l0, c0) = text::offset_to_position(&self.rope, token.range.start, Encoding::Utf16);
                let (_, c1) = text::offset_to_position(&self.rope, token.range.end, Encoding::Utf16);
                let kind = ide::TokenType::ALL.iter().position(|&k| k == token.kind).unwrap();
                let delta_start = if l0 == line { c0 - start } else { c0 };
                data.extend([l0 - line, delta_start, c1 - c0, kind, token.modifiers as usize]);
                (line, start) = (l0, c0);
            }
            json!(data)
        }
    }

    /// The fields `Answers::diagnostics` keeps, from diagnostics the server published.
    pub fn seen_diagnostics(published: &[Value]) -> Vec<Value> {
        let fields = |d: &Value| json!({ "code": d["code"], "severity": d["severity"], "range": d["range"], "message": d["message"] });
        published.iter().map(fields).collect()
    }

    /// The fields `Answers::completion` keeps, from the server's answer.
    pub fn seen_completion(answer: &Value) -> Value {
        // An array of items, or a list cut to the limit (`{ "isIncomplete": true, "items": [...] }`).
        match answer.get("items").unwrap_or(answer).as_array() {
            Some(items) => {
                let item = |i: &Value| json!([i["label"], i["textEdit"]["range"], i["textEdit"]["newText"]]);
                items.iter().map(item).collect()
            }
            None => answer.clone(),
        }
    }

    /// The fields `Answers::symbols` keeps, from the server's answer.
    pub fn seen_symbols(answer: &Value) -> Value {
        let Some(symbols) = answer.as_array() else { return answer.clone() };
        let symbol = |s: &Value| {
            json!({
                "name": s["name"],
                "detail": s["detail"],
                "kind": s["kind"],
                "range": s["range"],
                "selectionRange": s["selectionRange"],
                "children": s.get("children").map_or(json!([]), seen_symbols),
            })
        };
        symbols.iter().map(symbol).collect()
    }
}
