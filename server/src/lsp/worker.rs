//! One thread per open document owns it: it applies the changes in the order they arrived and analyzes
//! off the protocol loop, so a large file never holds up requests about other documents.
//!
//! Changes and requests reach the worker through one channel, in the order they arrived. A request gets
//! the snapshot of exactly the version it was sent at. Changes that arrive while an analysis runs wait
//! in the channel; the worker then applies all of them and analyzes once, so a burst of keystrokes
//! costs one analysis, not one per keystroke, and only the newest version's diagnostics are published.

use super::document::{Document, Snapshot};
use super::log::log;
use super::store::{PublishLock, Store};
use super::transport::Outbox;
use super::{catch, convert};
use crate::text::Encoding;
use std::sync::{mpsc, Weak};
use tokio::sync::oneshot;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, TextDocumentContentChangeEvent, Uri};

pub enum Job {
    Change {
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    },
    /// A request's wish for the analyzed snapshot of every change before it.
    Snapshot(oneshot::Sender<Snapshot>),
}

/// What a worker needs to send diagnostics.
#[derive(Clone)]
pub struct Publisher {
    pub outbox: Outbox,
    pub encoding: Encoding,
}

/// Starts the worker of one open document. It stops when the store drops the job channel (on close,
/// on reopen, or when the store itself goes with the server); it holds the store only weakly, so the
/// store can go while workers are still running.
pub fn spawn(
    store: Weak<Store>,
    uri: Uri,
    generation: u64,
    version: i32,
    text: String,
    publisher: Publisher,
    lock: PublishLock,
) -> mpsc::Sender<Job> {
    let (jobs, inbox) = mpsc::channel();
    let name = uri.as_str().to_string();
    let worker = Worker { store, uri, generation, publisher, lock };
    let spawned = std::thread::Builder::new().name("design-ls document".into()).spawn(move || {
        let Some(mut document) = catch("didOpen", || Document::open(version, text)) else { return };
        worker.publish(&document);
        while let Ok(job) = inbox.recv() {
            // Everything that arrived meanwhile, in order, before one analysis.
            let mut changed = false;
            for job in std::iter::once(job).chain(inbox.try_iter()) {
                match job {
                    Job::Change { version, changes, encoding } => {
                        changed = true;
                        if catch("didChange", || document.apply(version, changes, encoding)) != Some(true) {
                            log("ignored change", || {
                                format!("ignored a change to {} (version {version})", worker.uri.as_str())
                            });
                        }
                    }
                    Job::Snapshot(reply) => {
                        document.analyze();
                        // The request may have been cancelled meanwhile.
                        let _ = reply.send(document.snapshot().clone());
                    }
                }
            }
            if changed {
                document.analyze();
                worker.publish(&document);
            }
        }
    });
    if let Err(error) = spawned {
        // Requests about the document then answer `null`, as for one never opened.
        log("thread", || format!("could not start a thread for {name}: {error}"));
    }
    jobs
}

struct Worker {
    store: Weak<Store>,
    uri: Uri,
    generation: u64,
    publisher: Publisher,
    lock: PublishLock,
}

impl Worker {
    /// Sends the diagnostics of the analyzed version unless a newer version was received meanwhile
    /// (its own analysis follows) or the document was closed.
    fn publish(&self, document: &Document) {
        let snapshot = document.snapshot();
        let Publisher { outbox, encoding } = &self.publisher;
        let _turn = self.lock.blocking_lock();
        let current =
            self.store.upgrade().is_some_and(|store| store.is_current(&self.uri, self.generation, snapshot.version));
        if !current {
            return;
        }
        let convert_all = || convert::diagnostics(&snapshot.rope, &snapshot.analysis.diagnostics, *encoding);
        if let Some(diagnostics) = catch("publishing diagnostics", convert_all) {
            let params = PublishDiagnosticsParams::new(self.uri.clone(), diagnostics, Some(snapshot.version));
            outbox.notify("textDocument/publishDiagnostics", params);
        }
    }
}
