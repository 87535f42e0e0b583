//! Sequences of JSON-RPC messages, realistic and not, against the server in process: no panic, and
//! every request read before `exit` gets exactly one response (requests after it are never read; those
//! in or after a frame that lies about its length, or in one whose header is broken, at most one).

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const EXAMPLES: [&str; 2] =
    [include_str!("../../examples/ticketing/ticketing.design"), include_str!("../../examples/broken/broken.design")];
const URIS: [&str; 4] = ["file:///a.design", "file:///b.design", "untitled:Untitled-1", "not a uri"];
const METHODS: [&str; 16] = [
    "initialize",
    "initialized",
    "shutdown",
    "exit",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/range",
    "workspace/executeCommand",
    "$/cancelRequest",
];

#[derive(Debug, Arbitrary)]
enum Message {
    Initialize {
        utf8: bool,
    },
    Initialized,
    Open {
        document: u8,
        version: i32,
        text: Text,
    },
    Change {
        document: u8,
        version: i32,
        changes: Vec<Change>,
    },
    Close {
        document: u8,
    },
    Hover {
        document: u8,
        at: Position,
    },
    Completion {
        document: u8,
        at: Position,
    },
    Definition {
        document: u8,
        at: Position,
    },
    References {
        document: u8,
        at: Position,
        include_declaration: bool,
    },
    Symbols {
        document: u8,
    },
    TokensFull {
        document: u8,
    },
    TokensRange {
        document: u8,
        start: Position,
        end: Position,
    },
    Execute {
        command: Command,
        arguments: Vec<Json>,
    },
    /// Cancels the request sent this many requests ago.
    Cancel {
        back: u8,
    },
    Shutdown,
    Exit,
    /// A known method with parameters of any shape, as a request or a notification.
    Garbage {
        method: u8,
        params: Json,
        request: bool,
    },
    Unknown {
        method: String,
        params: Json,
        request: bool,
    },
    /// A response from the client, to a request the server never sent.
    ClientResponse {
        id: i64,
        result: Json,
    },
    /// Bytes between messages (never a header: they hold no `:`).
    Junk(Vec<u8>),
    /// A well-framed body that is not JSON.
    BadBody(Vec<u8>),
    /// A change whose text holds a lone surrogate escape, as JavaScript clients can send.
    LoneSurrogate {
        document: u8,
        version: i32,
        at: Position,
        low: bool,
    },
    /// Several messages in one JSON array.
    Batch(Vec<Message>),
    /// A message framed with a `Content-Length` that is off by `delta` bytes.
    LyingLength {
        message: Box<Message>,
        delta: i8,
    },
    /// A message whose header ends in a bare `\r`, or is written in lower case.
    OddHeader {
        message: Box<Message>,
        lower_case: bool,
    },
}

#[derive(Debug, Arbitrary)]
enum Text {
    Example(u8),
    Own(String),
}

#[derive(Debug, Arbitrary)]
struct Change {
    range: Option<(Position, Position)>,
    text: String,
}

#[derive(Debug, Arbitrary)]
enum Position {
    Near { line: u8, character: u8 },
    Far { line: u32, character: u32 },
}

#[derive(Debug, Arbitrary)]
enum Command {
    Mechanisms,
    Explain,
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum Json {
    Null,
    Bool(bool),
    Number(i64),
    Text(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => json!(b),
            Json::Number(n) => json!(n),
            Json::Text(s) => json!(s),
            Json::Array(items) => items.iter().map(Json::value).collect(),
            Json::Object(fields) => Value::Object(fields.iter().map(|(k, v)| (k.clone(), v.value())).collect()),
        }
    }
}

impl Position {
    fn value(&self) -> Value {
        match *self {
            Position::Near { line, character } => json!({ "line": line, "character": character }),
            Position::Far { line, character } => json!({ "line": line, "character": character }),
        }
    }
}

fn uri(document: u8) -> &'static str {
    URIS[document as usize % URIS.len()]
}

fn at(document: u8, position: &Position) -> Value {
    json!({ "textDocument": { "uri": uri(document) }, "position": position.value() })
}

/// The client's side: the bytes it sends and the ids of its requests, those before the first `exit` apart.
#[derive(Default)]
struct Session {
    bytes: Vec<u8>,
    ids: Vec<Value>,
    /// How many of `ids` were sent before anything that may be `exit`.
    answerable: Option<usize>,
    /// The first of `ids` sent in or after a frame that lies about its length.
    lying_from: Option<usize>,
    /// `ids` sent in a frame whose header is broken.
    lost: HashSet<usize>,
    /// Whether anything was sent that is answered with a `null` id.
    malformed: bool,
    /// Where the next message goes: a frame of its own, or the batch being built.
    batch: Option<Vec<Value>>,
}

impl Session {
    fn frame(&mut self, body: &[u8]) {
        self.bytes.extend(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        self.bytes.extend(body);
    }

    /// Sends a message, or adds it to the batch being built.
    fn message(&mut self, message: Value) {
        // Deeper than serde_json reads: answered as not JSON, with a `null` id unless it is a request.
        self.malformed |= depth(&message) > 127;
        match &mut self.batch {
            Some(batch) => batch.push(message),
            None => self.frame(&serde_json::to_vec(&message).unwrap()),
        }
    }

    /// The bytes and new ids that adding `message` gives, taken out of the session.
    fn framed_apart(&mut self, message: &Message) -> (Vec<u8>, std::ops::Range<usize>) {
        let (bytes_before, ids_before) = (self.bytes.len(), self.ids.len());
        self.add(message);
        (self.bytes.split_off(bytes_before), ids_before..self.ids.len())
    }

    fn send(&mut self, method: &str, params: Option<Value>, request: bool) {
        let mut message = Map::new();
        message.insert("jsonrpc".into(), json!("2.0"));
        if request {
            // Numbers and strings, both valid ids.
            let n = self.ids.len() + 1;
            let id = if n.is_multiple_of(2) { json!(n) } else { json!(format!("r{n}")) };
            message.insert("id".into(), id.clone());
            self.ids.push(id);
        }
        message.insert("method".into(), json!(method));
        if let Some(params) = params {
            message.insert("params".into(), params);
        }
        if method == "exit" && self.answerable.is_none() {
            self.answerable = Some(self.ids.len() - usize::from(request));
        }
        self.message(Value::Object(message));
    }

    fn request(&mut self, method: &str, params: Value) {
        self.send(method, Some(params), true);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(method, Some(params), false);
    }

    fn add(&mut self, message: &Message) {
        match message {
            Message::Initialize { utf8 } => {
                let encodings = if *utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
                let capabilities = json!({ "general": { "positionEncodings": encodings } });
                self.request("initialize", json!({ "processId": null, "capabilities": capabilities }));
            }
            Message::Initialized => self.notify("initialized", json!({})),
            Message::Open { document, version, text } => {
                let text = match text {
                    Text::Example(index) => EXAMPLES[*index as usize % EXAMPLES.len()],
                    Text::Own(text) => text,
                };
                let item = json!({ "uri": uri(*document), "languageId": "design", "version": version, "text": text });
                self.notify("textDocument/didOpen", json!({ "textDocument": item }));
            }
            Message::Change { document, version, changes } => {
                let changes: Vec<Value> = changes
                    .iter()
                    .map(|change| match &change.range {
                        Some((start, end)) => json!({
                            "range": { "start": start.value(), "end": end.value() },
                            "text": change.text,
                        }),
                        None => json!({ "text": change.text }),
                    })
                    .collect();
                let document = json!({ "uri": uri(*document), "version": version });
                self.notify("textDocument/didChange", json!({ "textDocument": document, "contentChanges": changes }));
            }
            Message::Close { document } => {
                self.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri(*document) } }))
            }
            Message::Hover { document, at: position } => self.request("textDocument/hover", at(*document, position)),
            Message::Completion { document, at: position } => {
                self.request("textDocument/completion", at(*document, position))
            }
            Message::Definition { document, at: position } => {
                self.request("textDocument/definition", at(*document, position))
            }
            Message::References { document, at: position, include_declaration } => {
                let mut params = at(*document, position);
                params["context"] = json!({ "includeDeclaration": include_declaration });
                self.request("textDocument/references", params)
            }
            Message::Symbols { document } => {
                self.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri(*document) } }))
            }
            Message::TokensFull { document } => {
                self.request("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": uri(*document) } }))
            }
            Message::TokensRange { document, start, end } => {
                let range = json!({ "start": start.value(), "end": end.value() });
                let params = json!({ "textDocument": { "uri": uri(*document) }, "range": range });
                self.request("textDocument/semanticTokens/range", params)
            }
            Message::Execute { command, arguments } => {
                let command = match command {
                    Command::Mechanisms => "design-ls.mechanisms",
                    Command::Explain => "design-ls.explain",
                    Command::Other(name) => name,
                };
                let arguments: Vec<Value> = arguments.iter().map(Json::value).collect();
                self.request("workspace/executeCommand", json!({ "command": command, "arguments": arguments }))
            }
            Message::Cancel { back } => {
                let id = self.ids.len().checked_sub(*back as usize + 1).map_or(json!(0), |i| self.ids[i].clone());
                self.notify("$/cancelRequest", json!({ "id": id }))
            }
            Message::Shutdown => self.send("shutdown", None, true),
            Message::Exit => self.send("exit", None, false),
            Message::Garbage { method, params, request } => {
                self.send(METHODS[*method as usize % METHODS.len()], Some(params.value()), *request)
            }
            Message::Unknown { method, params, request } => self.send(method, Some(params.value()), *request),
            Message::ClientResponse { id, result } => {
                self.message(json!({ "jsonrpc": "2.0", "id": id, "result": result.value() }))
            }
            Message::Junk(bytes) if self.batch.is_none() => {
                self.malformed = true;
                self.bytes.extend(bytes.iter().filter(|&&b| b != b':'));
                self.bytes.extend(b"\r\n");
            }
            Message::BadBody(bytes) if self.batch.is_none() => {
                self.malformed = true;
                self.frame(&[b"#".as_slice(), bytes].concat());
            }
            // In a batch: an entry that is no message.
            Message::Junk(_) | Message::BadBody(_) => {
                self.malformed = true;
                self.message(json!(0));
            }
            Message::LoneSurrogate { document, version, at, low } if self.batch.is_none() => {
                let escape = if *low { r"\ude00" } else { r"\ud83d" };
                let range = json!({ "start": at.value(), "end": at.value() });
                let params = json!({ "textDocument": { "uri": uri(*document), "version": version },
                                     "contentChanges": [{ "range": range, "text": "@" }] });
                let body = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": params });
                self.frame(body.to_string().replace('@', escape).as_bytes());
            }
            Message::LoneSurrogate { .. } => {}
            Message::Batch(messages) if self.batch.is_none() => {
                let first_id = self.ids.len();
                self.batch = Some(Vec::new());
                for message in messages {
                    self.add(message);
                }
                let batch = Value::Array(self.batch.take().unwrap_or_default());
                self.malformed |= batch.as_array().is_some_and(Vec::is_empty);
                // Too deep to read as a whole: one parse error with a `null` id answers the batch.
                if depth(&batch) > 127 {
                    self.malformed = true;
                    self.lost.extend(first_id..self.ids.len());
                }
                self.frame(&serde_json::to_vec(&batch).unwrap());
            }
            Message::LyingLength { message, delta } if self.batch.is_none() => {
                let (bytes, ids) = self.framed_apart(message);
                let Some(header_end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
                    self.bytes.extend(bytes);
                    return;
                };
                let length = (bytes.len() - header_end - 4) as i64 + i64::from(*delta);
                self.bytes.extend(format!("Content-Length: {}\r\n\r\n", length.max(0)).as_bytes());
                self.bytes.extend(&bytes[header_end + 4..]);
                if *delta != 0 {
                    self.malformed = true;
                    self.lying_from.get_or_insert(ids.start);
                }
            }
            Message::OddHeader { message, lower_case } if self.batch.is_none() => {
                let (bytes, ids) = self.framed_apart(message);
                let header = if *lower_case { "content-length:" } else { "Content-Length:" };
                let bytes = String::from_utf8_lossy(&bytes).replacen("Content-Length:", header, 1);
                let bytes = if *lower_case { bytes } else { bytes.replacen("\r\n\r\n", "\r\r", 1) };
                if !*lower_case {
                    self.malformed = true;
                    self.lost.extend(ids);
                }
                self.bytes.extend(bytes.as_bytes());
            }
            // Framing has no meaning inside a batch: the message goes in as it is.
            Message::Batch(messages) => messages.iter().for_each(|message| self.add(message)),
            Message::LyingLength { message, .. } | Message::OddHeader { message, .. } => self.add(message),
        }
    }
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The messages in a stream of `Content-Length` frames.
fn messages(mut output: &[u8]) -> Vec<Value> {
    let mut messages = Vec::new();
    while !output.is_empty() {
        let header_end = output.windows(4).position(|w| w == b"\r\n\r\n").expect("a header ends with a blank line");
        let header = std::str::from_utf8(&output[..header_end]).expect("headers are ASCII");
        let length: usize = header
            .lines()
            .find_map(|line| line.strip_prefix("Content-Length: "))
            .and_then(|length| length.parse().ok())
            .unwrap_or_else(|| panic!("no Content-Length in {header:?}"));
        let body = &output[header_end + 4..header_end + 4 + length];
        messages.push(serde_json::from_slice(body).expect("the server writes JSON"));
        output = &output[header_end + 4 + length..];
    }
    messages
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap())
}

/// Serves `input` to its end (or to `exit`) and returns everything the server wrote.
async fn serve(input: Vec<u8>) -> Vec<u8> {
    let (mut client_in, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, mut client_out) = tokio::io::duplex(1 << 16);
    let write = async move {
        // After `exit` the server stops reading, and the write fails.
        let _ = client_in.write_all(&input).await;
    };
    let read = async move {
        let mut output = Vec::new();
        client_out.read_to_end(&mut output).await.expect("reading from a duplex stream");
        output
    };
    let ((), _, output) = tokio::join!(write, design_ls::lsp::serve(server_in, server_out), read);
    output
}

/// A session: most start as every client does, so the fuzzer spends its time past the handshake.
#[derive(Debug, Arbitrary)]
struct Input {
    skip_handshake: bool,
    utf8: bool,
    messages: Vec<Message>,
}

fuzz_target!(|input: Input| {
    let mut session = Session::default();
    if !input.skip_handshake {
        session.add(&Message::Initialize { utf8: input.utf8 });
        session.add(&Message::Initialized);
    }
    for message in &input.messages {
        session.add(message);
    }
    let output = runtime()
        .block_on(async { tokio::time::timeout(Duration::from_secs(30), serve(session.bytes)).await })
        .expect("the server answered and stopped within 30 s");

    let mut answers: HashMap<String, usize> = HashMap::new();
    for message in messages(&output) {
        if message.get("method").is_some() {
            continue; // A notification (diagnostics) or a request from the server.
        }
        let id = message.get("id").unwrap_or_else(|| panic!("a response without an id: {message}"));
        if id.is_null() {
            assert!(session.malformed, "an answer for a null id, though nothing malformed was sent: {message}");
            assert!(message["error"]["code"] == -32700 || message["error"]["code"] == -32600, "{message}");
            continue;
        }
        assert!(session.ids.contains(id), "a response to an id never sent: {message}");
        *answers.entry(id.to_string()).or_default() += 1;
    }
    let answerable = session.answerable.unwrap_or(session.ids.len()).min(session.lying_from.unwrap_or(usize::MAX));
    for (index, id) in session.ids.iter().enumerate() {
        let count = answers.get(&id.to_string()).copied().unwrap_or(0);
        if index < answerable && !session.lost.contains(&index) {
            assert_eq!(count, 1, "request {id} got {count} responses");
        } else {
            assert!(count <= 1, "request {id} (after exit) got {count} responses");
        }
    }
});
