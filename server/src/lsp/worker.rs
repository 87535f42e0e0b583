//! One thread per open document owns it: it applies the changes in the order they arrived and analyzes
//! off the protocol loop, so a large file never holds up requests about other documents.
//!
//! Changes that arrive while an analysis runs wait in the channel; the worker then applies all of them
//! and analyzes once, so a burst of keystrokes costs one analysis, not one per keystroke, and only the
//! newest version's diagnostics are published.

use super::document::{Document, Snapshot};
use super::store::{PublishLock, Store};
use super::{catch, convert};
use crate::text::Encoding;
use std::sync::{mpsc, Arc};
use tokio::runtime::Handle;
use tokio::sync::watch;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::Client;

pub enum Job {
    Change { version: i32, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding },
}

/// What a worker needs to send diagnostics.
#[derive(Clone)]
pub struct Publisher {
    pub client: Client,
    pub runtime: Handle,
    pub encoding: Encoding,
}

/// Starts the worker of one open document. It stops when the store drops the job channel (on close
/// or reopen).
pub fn spawn(
    store: Arc<Store>,
    uri: Uri,
    generation: u64,
    version: i32,
    text: String,
    publisher: Publisher,
    lock: PublishLock,
) -> (mpsc::Sender<Job>, watch::Receiver<Option<Snapshot>>) {
    let (jobs, inbox) = mpsc::channel();
    let (snapshots, latest) = watch::channel(None);
    let name = uri.as_str().to_string();
    let worker = Worker { store, uri, generation, publisher, lock, snapshots };
    let spawned = std::thread::Builder::new().name("design-ls document".into()).spawn(move || {
        let Some(mut document) = catch("didOpen", || Document::open(version, text)) else { return };
        worker.publish(&document);
        while let Ok(job) = inbox.recv() {
            // Everything that arrived meanwhile, in order, before one analysis.
            for Job::Change { version, changes, encoding } in std::iter::once(job).chain(inbox.try_iter()) {
                if catch("didChange", || document.apply(version, changes, encoding)) != Some(true) {
                    eprintln!("design-ls: ignored change to {} (version {version})", worker.uri.as_str());
                }
            }
            // Requests from now on wait for this analysis anyway, and without the channel's reference
            // the analysis can update the previous one in place instead of copying it.
            worker.snapshots.send_replace(None);
            document.analyze();
            worker.publish(&document);
        }
    });
    if let Err(error) = spawned {
        // Requests about the document then answer `null`, as for one never opened.
        eprintln!("design-ls: could not start a thread for {name}: {error}");
    }
    (jobs, latest)
}

struct Worker {
    store: Arc<Store>,
    uri: Uri,
    generation: u64,
    publisher: Publisher,
    lock: PublishLock,
    snapshots: watch::Sender<Option<Snapshot>>,
}

impl Worker {
    /// Makes the analyzed snapshot visible to requests, then sends its diagnostics unless a newer
    /// version was received meanwhile (its own analysis follows) or the document was closed.
    fn publish(&self, document: &Document) {
        let snapshot = document.snapshot().clone();
        self.snapshots.send_replace(Some(snapshot.clone()));
        let Publisher { client, runtime, encoding } = &self.publisher;
        runtime.block_on(async {
            let _turn = self.lock.lock().await;
            if !self.store.is_current(&self.uri, self.generation, snapshot.version) {
                return;
            }
            let convert_all = || {
                let diagnostics = snapshot.analysis.diagnostics.iter();
                diagnostics.map(|d| convert::diagnostic(&snapshot.rope, d, *encoding)).collect()
            };
            if let Some(diagnostics) = catch("publishing diagnostics", convert_all) {
                client.publish_diagnostics(self.uri.clone(), diagnostics, Some(snapshot.version)).await;
            }
        });
    }
}
