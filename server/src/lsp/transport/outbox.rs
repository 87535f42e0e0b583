//! The server's output: tower-lsp's messages and the workers' diagnostics, merged message by message.
//!
//! tower-lsp writes responses and the notifications of its `Client` from two queues it serves in turn,
//! so a response computed later can be written before a notification queued earlier: the client would
//! see a version's diagnostics after the answer to a request about a newer version. Diagnostics go
//! through here instead. A worker queues them before it answers anything about a newer version, and
//! the writer takes queued notifications first, so nothing about a newer version overtakes them.

use super::frames::{next_frame, write_frame, Frame};
use serde::Serialize;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Where workers and handlers queue notifications for the client.
#[derive(Clone)]
pub struct Outbox(mpsc::UnboundedSender<Vec<u8>>);

pub fn channel() -> (Outbox, mpsc::UnboundedReceiver<Vec<u8>>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    (Outbox(sender), receiver)
}

impl Outbox {
    pub fn notify(&self, method: &str, params: impl Serialize) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Answers request `id` with an error, for a request tower-lsp could not read.
    pub fn reply_error(&self, id: impl Serialize, code: i64, message: &str) {
        self.send(json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } }));
    }

    fn send(&self, message: serde_json::Value) {
        // After the writer has stopped (the client sent `exit`) there is no one left to tell.
        let _ = self.0.send(message.to_string().into_bytes());
    }
}

/// Writes what tower-lsp writes to `responses` and what is queued in `notifications` to `output`, whole
/// messages at a time, until tower-lsp's output ends.
pub async fn write(
    responses: impl AsyncRead + Unpin,
    mut notifications: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    // Reading a message is not cancel-safe, so it happens apart and whole messages come through a channel.
    let (frames, mut from_tower) = mpsc::unbounded_channel();
    let read = async move {
        let mut responses = BufReader::new(responses);
        // tower-lsp's own output: well-formed, and never cut however long.
        while let Some(Frame::Body(body)) = next_frame(&mut responses, u64::MAX).await {
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
