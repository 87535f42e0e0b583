//! A JSON-RPC client that drives the real `design-ls` binary over its stdio pipes, as an editor does.
//!
//! A reader thread parses each Content-Length frame as soon as it is complete and sends it over a channel
//! with its arrival `Instant`, so latencies do not include the time the driver takes to look at them.
//! Every wait has a deadline: a server that hangs fails the run with a message instead of blocking it.

use crate::watchdog::Watchdog;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

pub struct Client {
    server: Watchdog,
    stdin: ChildStdin,
    incoming: Receiver<(Instant, Value)>,
    /// Responses received while waiting for something else, in arrival order.
    backlog: VecDeque<(Instant, Value)>,
    /// Every `publishDiagnostics` received, in arrival order.
    published: Vec<Published>,
    next_id: u64,
    timeout: Duration,
}

/// One `textDocument/publishDiagnostics` notification.
pub struct Published {
    pub at: Instant,
    pub uri: String,
    pub version: Option<i64>,
    pub codes: Vec<String>,
}

impl Client {
    /// Starts the server; the returned instant is taken just before the process is spawned.
    pub fn spawn(server: &Path, timeout: Duration) -> Result<(Self, Instant), String> {
        let start = Instant::now();
        let mut child = Command::new(server)
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let (sender, incoming) = mpsc::channel();
        thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let server = Watchdog::new(child, timeout);
        let client =
            Self { server, stdin, incoming, backlog: VecDeque::new(), published: Vec::new(), next_id: 1, timeout };
        Ok((client, start))
    }

    pub fn pid(&self) -> u32 {
        self.server.child().id()
    }

    /// Sends a request; returns its id and the instant just before it was written.
    pub fn request(&mut self, method: &str, params: Value) -> Result<(u64, Instant), String> {
        let id = self.next_id;
        self.next_id += 1;
        let sent = self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        Ok((id, sent))
    }

    /// Sends a notification; returns the instant just before it was written.
    pub fn notify(&mut self, method: &str, params: Value) -> Result<Instant, String> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request and waits for its answer: the time between the two, and the result.
    pub fn round_trip(&mut self, method: &str, params: Value) -> Result<(Duration, Value), String> {
        let (id, sent) = self.request(method, params)?;
        let (at, result) = self.response(id, method)?;
        Ok((at - sent, result))
    }

    /// Waits for the response to request `id`; an error response fails the run.
    pub fn response(&mut self, id: u64, method: &str) -> Result<(Instant, Value), String> {
        let is_it = |message: &Value| message["id"] == id && message.get("method").is_none();
        if let Some(index) = self.backlog.iter().position(|(_, m)| is_it(m)) {
            let (at, message) = self.backlog.remove(index).expect("position is in range");
            return answer(at, message, method);
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let waiting_for = format!("the response to {method} ({:?})", self.timeout);
            let (at, message) = self.next(deadline, &waiting_for)?;
            if is_it(&message) {
                return answer(at, message, method);
            }
            if message.get("id").is_some() && message.get("method").is_none() {
                self.backlog.push_back((at, message));
            }
        }
    }

    /// Every `publishDiagnostics` received so far, in arrival order.
    pub fn published(&self) -> &[Published] {
        &self.published
    }

    /// Receives messages until `done`, shown every publication so far after each, returns a value; for at
    /// most `wait`. On `Err` the caller says what it waited for.
    pub fn await_published<T>(
        &mut self,
        wait: Duration,
        mut done: impl FnMut(&[Published]) -> Option<T>,
    ) -> Result<T, Stopped> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(value) = done(&self.published) {
                return Ok(value);
            }
            self.receive(deadline)?;
        }
    }

    /// Waits for the diagnostics of `version` of `uri` (or a newer version's, which the check of the
    /// whole conversation then flags), for at most `wait`.
    pub fn diagnostics(&mut self, uri: &str, version: i64, wait: Duration) -> Result<&Published, String> {
        let found = |p: &Published| p.uri == uri && p.version.is_some_and(|v| v >= version);
        if let Some(index) = self.published.iter().position(found) {
            return Ok(&self.published[index]);
        }
        let deadline = Instant::now() + wait;
        loop {
            self.next(deadline, &format!("the diagnostics of version {version} ({wait:?})"))?;
            if self.published.last().is_some_and(found) {
                return Ok(self.published.last().expect("just checked"));
            }
        }
    }

    /// Peak resident set size of the server so far, in KiB (`VmHWM` in `/proc/<pid>/status`).
    pub fn peak_rss_kib(&self) -> Result<u64, String> {
        self.rss_kib("VmHWM")
    }

    /// A size from `/proc/<pid>/status` in KiB: `VmRSS` (resident now) or `VmHWM` (the peak).
    pub fn rss_kib(&self, field: &str) -> Result<u64, String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .map_err(|e| format!("cannot read /proc/{}/status: {e}", self.pid()))?;
        let line = status
            .lines()
            .find(|l| l.strip_prefix(field).is_some_and(|rest| rest.starts_with(':')))
            .ok_or_else(|| format!("no {field} in /proc/<pid>/status"))?;
        let kib = line[field.len() + 1..].trim().trim_end_matches("kB").trim();
        kib.parse().map_err(|_| format!("unreadable {line}"))
    }

    /// Resets the server's peak RSS to its resident size (`echo 5 > /proc/<pid>/clear_refs`).
    pub fn reset_peak_rss(&self) -> std::io::Result<()> {
        std::fs::write(format!("/proc/{}/clear_refs", self.pid()), "5")
    }

    /// `shutdown`, then `exit`, then waits for the process to end with status 0. Returns every
    /// `publishDiagnostics` of the conversation.
    pub fn shutdown(mut self) -> Result<Vec<Published>, String> {
        self.round_trip("shutdown", Value::Null)?;
        self.notify("exit", Value::Null)?;
        let deadline = Instant::now() + self.timeout;
        loop {
            let status = self.server.child().try_wait();
            match status {
                Ok(Some(status)) if status.success() => break,
                Ok(Some(status)) => return Err(format!("the server ended with {status} after exit")),
                Ok(None) if Instant::now() > deadline => {
                    return Err(format!("the server still runs {:?} after exit", self.timeout))
                }
                Ok(None) => thread::sleep(Duration::from_millis(5)),
                Err(e) => return Err(format!("cannot wait for the server: {e}")),
            }
        }
        // Notifications still in the pipe count for the checks of the conversation.
        while let Ok((at, message)) = self.incoming.recv_timeout(Duration::from_millis(100)) {
            self.take(at, message);
        }
        Ok(std::mem::take(&mut self.published))
    }

    fn send(&mut self, message: &Value) -> Result<Instant, String> {
        let body = message.to_string();
        let stdin = &mut self.stdin;
        let (sent, written) = self.server.writing(|| {
            let sent = Instant::now();
            (sent, write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).and_then(|()| stdin.flush()))
        });
        match written {
            Ok(()) => Ok(sent),
            Err(_) if self.server.fired() => {
                Err(format!("the server stopped reading its input for {:?}; killed it", self.timeout))
            }
            Err(e) => Err(format!("cannot write to the server (did it crash?): {e}")),
        }
    }

    /// The next message, after recording diagnostics and answering requests from the server.
    fn next(&mut self, deadline: Instant, waiting_for: &str) -> Result<(Instant, Value), String> {
        self.receive(deadline).map_err(|stopped| stopped.waiting_for(waiting_for))
    }

    fn receive(&mut self, deadline: Instant) -> Result<(Instant, Value), Stopped> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok((at, message)) => {
                self.take(at, message.clone());
                Ok((at, message))
            }
            Err(RecvTimeoutError::Timeout) => Err(Stopped::TimedOut),
            Err(RecvTimeoutError::Disconnected) => Err(Stopped::Closed),
        }
    }

    fn take(&mut self, at: Instant, message: Value) {
        match message.get("method").and_then(Value::as_str) {
            Some("textDocument/publishDiagnostics") => {
                let params = &message["params"];
                let codes = params["diagnostics"].as_array().into_iter().flatten();
                self.published.push(Published {
                    at,
                    uri: params["uri"].as_str().unwrap_or_default().to_string(),
                    version: params["version"].as_i64(),
                    codes: codes.map(|d| d["code"].as_str().unwrap_or_default().to_string()).collect(),
                });
            }
            // A request from the server: answer it so the server never waits on us. No settings (one `null`
            // per item asked for); `null` to anything else (registering a watcher, creating a progress token).
            Some(method) if message.get("id").is_some() => {
                let result = match method {
                    "workspace/configuration" => {
                        let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                        Value::Array(vec![Value::Null; items])
                    }
                    _ => Value::Null,
                };
                let _ = self.send(&json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
            }
            _ => {}
        }
    }
}

/// Why a wait ended without what it waited for.
#[derive(Debug)]
pub enum Stopped {
    TimedOut,
    Closed,
}

impl Stopped {
    pub fn waiting_for(&self, what: &str) -> String {
        match self {
            Stopped::TimedOut => format!("timed out waiting for {what}"),
            Stopped::Closed => format!("the server closed its output while we waited for {what}"),
        }
    }
}

impl Drop for Client {
    /// A run that failed midway must not leave its server behind.
    fn drop(&mut self) {
        let mut child = self.server.child();
        if let Ok(None) = child.try_wait() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn answer(at: Instant, message: Value, method: &str) -> Result<(Instant, Value), String> {
    match message.get("error") {
        Some(error) => Err(format!("{method} answered an error: {error}")),
        None => Ok((at, message["result"].clone())),
    }
}

/// Reads one Content-Length framed message; `None` at the end of the stream or on a broken frame.
fn read_message(reader: &mut impl BufRead) -> Option<(Instant, Value)> {
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
            length = value.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let at = Instant::now();
    serde_json::from_slice(&body).ok().map(|message| (at, message))
}
