//! The open documents, and one publish lock per URI that orders the diagnostics sent for it.

use super::document::{Document, Snapshot};
use crate::text::Encoding;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

/// Held while checking that a version is current and sending its diagnostics, so an older
/// version's diagnostics can never be sent after a newer one's.
pub type PublishLock = Arc<tokio::sync::Mutex<()>>;

#[derive(Default)]
pub struct Store {
    // A std mutex: every update happens synchronously, never across an `.await`.
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    documents: HashMap<Uri, Document>,
    // Kept past a close while a publish still holds or awaits the lock, so a reopen cannot
    // overtake the close's empty diagnostics.
    publish_locks: HashMap<Uri, PublishLock>,
}

impl Store {
    /// Opens (or reopens) a document, returning the lock to publish its diagnostics under.
    pub fn open(&self, uri: Uri, version: i32, text: String) -> PublishLock {
        let document = Document::open(version, text);
        let mut inner = self.lock();
        inner.documents.insert(uri.clone(), document);
        inner.publish_locks.entry(uri).or_default().clone()
    }

    /// Applies one `didChange` notification. `None` when the document is not open or the version
    /// is not newer than the current one.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Option<PublishLock> {
        let mut inner = self.lock();
        if !inner.documents.get_mut(uri)?.change(version, changes, encoding) {
            return None;
        }
        inner.publish_locks.get(uri).cloned()
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

    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        self.lock().documents.get(uri).map(|document| document.snapshot().clone())
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock happens between whole-document updates (see
        // `Document::change`), so the map is still consistent.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
