//! The open documents: for each, the version last received and the channel to its worker; and one
//! publish lock per URI that orders the diagnostics sent for it.

use super::document::Snapshot;
use super::worker::{self, Job, Publisher};
use crate::text::Encoding;
use std::collections::HashMap;
use std::sync::{mpsc, Arc, Mutex, MutexGuard, PoisonError};
use tokio::sync::oneshot;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

/// Held while checking that a version is current and sending its diagnostics, so an older
/// version's diagnostics can never be sent after a newer one's.
pub type PublishLock = Arc<tokio::sync::Mutex<()>>;

#[derive(Default)]
pub struct Store {
    // A std mutex: every update is quick and synchronous, never across an `.await`.
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    documents: HashMap<Uri, Entry>,
    // Kept past a close while a publish still holds or awaits the lock, so a reopen cannot
    // overtake the close's empty diagnostics.
    publish_locks: HashMap<Uri, PublishLock>,
    /// Counts opens, so a closed document's worker knows it no longer speaks for the URI.
    opened: u64,
}

struct Entry {
    /// Which open this is (see `Inner::opened`).
    generation: u64,
    /// The newest version received.
    received: i32,
    jobs: mpsc::Sender<Job>,
}

impl Store {
    /// Opens (or reopens) a document: its worker analyzes it and publishes its diagnostics.
    pub fn open(self: &Arc<Self>, uri: Uri, version: i32, text: String, publisher: Publisher) {
        let mut inner = self.lock();
        inner.opened += 1;
        let generation = inner.opened;
        let lock = inner.publish_locks.entry(uri.clone()).or_default().clone();
        let jobs = worker::spawn(Arc::downgrade(self), uri.clone(), generation, version, text, publisher, lock);
        // A reopen replaces the entry: the old worker's channel closes and it stops.
        inner.documents.insert(uri, Entry { generation, received: version, jobs });
    }

    /// Hands one `didChange` notification to the document's worker. False when the document is not
    /// open or the version is not newer than the last one received.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> bool {
        let mut inner = self.lock();
        let Some(entry) = inner.documents.get_mut(uri).filter(|entry| version > entry.received) else {
            return false;
        };
        entry.received = version;
        entry.jobs.send(Job::Change { version, changes, encoding }).is_ok()
    }

    /// Closes a document, returning the lock to publish its empty diagnostics under.
    pub fn close(&self, uri: &Uri) -> Option<PublishLock> {
        let mut inner = self.lock();
        inner.documents.remove(uri)?;
        inner.publish_locks.get(uri).cloned()
    }

    /// Drops a closed document's publish lock once nobody else holds or awaits it.
    pub fn release(&self, uri: &Uri, lock: &PublishLock) {
        let mut inner = self.lock();
        // Two references: the map's and the caller's.
        if !inner.documents.contains_key(uri) && Arc::strong_count(lock) == 2 {
            inner.publish_locks.remove(uri);
        }
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.lock().documents.contains_key(uri)
    }

    /// Whether the worker of open `generation` still speaks for `uri` and `version` is the newest
    /// received: only then are its diagnostics worth sending.
    pub fn is_current(&self, uri: &Uri, generation: u64, version: i32) -> bool {
        let inner = self.lock();
        inner.documents.get(uri).is_some_and(|entry| entry.generation == generation && entry.received == version)
    }

    /// The snapshot of every change received so far, analyzed. Must be called before the request's
    /// first `.await`, so "so far" means "before the request": the worker answers in arrival order.
    pub fn snapshot(&self, uri: &Uri) -> impl std::future::Future<Output = Option<Snapshot>> + use<> {
        let (reply, snapshot) = oneshot::channel();
        if let Some(entry) = self.lock().documents.get(uri) {
            // A failed send drops `reply`: the answer is then `None`, as for a document never opened.
            let _ = entry.jobs.send(Job::Snapshot(reply));
        }
        async move { snapshot.await.ok() }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock happens between whole updates of the map, so it is
        // still consistent.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
