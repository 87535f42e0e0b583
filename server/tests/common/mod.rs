//! A small JSON-RPC client that drives the real `design-ls` binary over stdio, as an editor does.
//!
//! Every wait has a deadline, so a server that hangs fails the test instead of blocking it.

#![allow(dead_code)] // Each e2e test crate uses a different part of this module.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
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
    next_id: i64,
}

impl Lsp {
    /// Starts the server without initializing it.
    pub fn spawn() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_design-ls"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the design-ls binary starts");
        let (sender, incoming) = mpsc::channel();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        thread::spawn(move || {
            let mut stdout = stdout;
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let stdin = child.stdin.take();
        Lsp { child, stdin, incoming, backlog: VecDeque::new(), history: Vec::new(), stderr, next_id: 0 }
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
        if let Some(index) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(index).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
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
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed stdout while we waited for {what}"),
            }
        }
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
