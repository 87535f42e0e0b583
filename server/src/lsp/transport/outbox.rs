//! The server's output: tower-lsp's messages and the workers' diagnostics, merged message by message.
//!
//! tower-lsp writes responses and the notifications of its `Client` from two queues it serves in turn,
//! so a response computed later can be written before a notification queued earlier: the client would
//! see a version's diagnostics after the answer to a request about a newer version. Diagnostics go
//! through here instead. A worker queues them before it answers anything about a newer version, and
//! the writer takes queued notifications first, so nothing about a newer version overtakes them.
//!
//! Answers written directly (see `transport::direct`) go through here too, and tower-lsp's own empty answer
//! for the same id is dropped. Everything queued here is written as JSON straight from its typed form.

use super::frames::{next_frame, write_frame, Frame};
use super::peek::Peek;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::Id;

/// Where workers and handlers queue messages for the client.
#[derive(Clone)]
pub struct Outbox {
    queue: mpsc::UnboundedSender<Vec<u8>>,
    answered: Answered,
}

/// The ids answered through the outbox whose answer from tower-lsp has yet to be dropped.
type Answered = Arc<Mutex<HashSet<Id>>>;

/// The outbox, and what `write` takes from it.
pub fn channel() -> (Outbox, Queued) {
    let (queue, receiver) = mpsc::unbounded_channel();
    let answered = Answered::default();
    (Outbox { queue, answered: answered.clone() }, Queued { receiver, answered })
}

pub struct Queued {
    receiver: mpsc::UnboundedReceiver<Vec<u8>>,
    answered: Answered,
}

#[derive(Serialize)]
struct Notification<'a, P> {
    jsonrpc: &'static str,
    method: &'a str,
    params: P,
}

#[derive(Serialize)]
struct Answer<'a, R> {
    jsonrpc: &'static str,
    id: &'a Id,
    result: R,
}

#[derive(Serialize)]
struct Failure<'a> {
    jsonrpc: &'static str,
    id: &'a Id,
    error: Error<'a>,
}

#[derive(Serialize)]
struct Error<'a> {
    code: i64,
    message: &'a str,
}

impl Outbox {
    pub fn notify(&self, method: &str, params: impl Serialize) {
        self.send(&Notification { jsonrpc: "2.0", method, params });
    }

    /// Answers request `id` with `result`, in place of tower-lsp.
    pub fn answer(&self, id: &Id, result: impl Serialize) {
        self.answered.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone());
        self.send(&Answer { jsonrpc: "2.0", id, result });
    }

    /// Answers request `id` with an error, for a request tower-lsp could not read.
    pub fn reply_error(&self, id: &Id, code: i64, message: &str) {
        self.send(&Failure { jsonrpc: "2.0", id, error: Error { code, message } });
    }

    fn send(&self, message: &impl Serialize) {
        // Only a map with keys that are not strings fails to serialize, and no message holds one.
        let Ok(bytes) = serde_json::to_vec(message) else { return };
        // After the writer has stopped (the client sent `exit`) there is no one left to tell.
        let _ = self.queue.send(bytes);
    }
}

/// Writes what tower-lsp writes to `responses` and what is queued in the outbox to `output`, whole
/// messages at a time, until tower-lsp's output ends.
pub async fn write(responses: impl AsyncRead + Unpin, queued: Queued, mut output: impl AsyncWrite + Unpin) {
    let Queued { receiver: mut notifications, answered } = queued;
    // Reading a message is not cancel-safe, so it happens apart and whole messages come through a channel.
    let (frames, mut from_tower) = mpsc::unbounded_channel();
    let read = async move {
        let mut responses = BufReader::new(responses);
        // tower-lsp's own output: well-formed, and never cut however long.
        while let Some(Frame::Body(body)) = next_frame(&mut responses, u64::MAX).await {
            if already_answered(&answered, &body) {
                continue;
            }
            if frames.send(body).is_err() {
                return;
            }
        }
    };
    let write = async move {
        loop {
            let body = tokio::select! {
                biased;
                Some(notification) = notifications.recv() => notification,
                message = from_tower.recv() => match message {
                    Some(message) => message,
                    None => return,
                },
            };
            let written = async {
                write_frame(&mut output, &body).await?;
                output.flush().await
            };
            if written.await.is_err() {
                return; // The client closed its input.
            }
        }
    };
    tokio::join!(read, write);
}

/// Whether `body` is tower-lsp's answer to a request the outbox has answered already; forgets the id
/// once that answer is dropped.
fn already_answered(answered: &Answered, body: &[u8]) -> bool {
    let mut answered = answered.lock().unwrap_or_else(PoisonError::into_inner);
    if answered.is_empty() {
        return false;
    }
    Peek::scan(body).response_id().is_some_and(|id| answered.remove(&id))
}
