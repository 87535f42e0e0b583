//! The analysis host: every document the server knows, open buffers and files on disk alike. It takes
//! changes ([`Host::apply`]) and hands out immutable snapshots ([`Snapshot`]) that answer every query.
//! Nothing here knows the protocol; how a file is parsed and analyzed again after an edit (chunks,
//! splices, relowering, reused findings) is private to it.
//!
//! rust-analyzer's `AnalysisHost` / `Analysis` split is the model: one owner applies changes in order,
//! and any number of snapshots are read on other threads meanwhile.

mod configs;
mod design;
mod file;
mod joined;
pub mod oracle;
mod pool;
mod snapshot;
mod turns;

pub use design::Design;
pub use file::FileSnapshot;
pub use snapshot::{Location, Snapshot};

use crate::catalog::Catalog;
use crate::config::{Config, Problem};
use crate::text::Encoding;
use configs::Configs;
use ropey::Rope;
use std::collections::HashMap;
use std::fmt;
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use tokio::sync::oneshot;
use turns::{Job, Turns};

/// A file's identity: its URI (`file:///…`, `untitled:…`) or path, as the caller names it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(Arc<str>);

impl FileId {
    pub fn new(name: &str) -> Self {
        FileId(name.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// One edit of a change: the text that replaces a range, or the whole text when `range` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// From and to, each a line and a column in the change's encoding, in the text the previous edit of
    /// the change produced.
    pub range: Option<((usize, usize), (usize, usize))>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An editor opened a buffer (or opened it again): its text wins over the file on disk.
    Open { file: FileId, version: i32, text: String },
    /// Edits to an open buffer, as one `didChange` brings them.
    Edit { file: FileId, version: i32, edits: Vec<Edit>, encoding: Encoding },
    /// The editor closed a buffer: the file falls back to its text on disk, or is forgotten.
    Close { file: FileId },
    /// A file's text on disk, or `None` once it is gone. An open buffer keeps its own text meanwhile.
    Disk { file: FileId, text: Option<String> },
}

/// Why a change was not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// An edit or close for a buffer that is not open.
    NotOpen,
    /// An edit whose version is not newer than the buffer's.
    Stale,
}

/// What the host tells its owner as it works.
pub trait Listener: Send + Sync + 'static {
    /// The analysis of `updated` changed, or they are gone (then not in `snapshot`): their diagnostics are
    /// worth publishing. Called for one design at a time, in the order its versions were analyzed.
    fn updated(&self, snapshot: &Snapshot, updated: &[FileId]);
    /// The mistakes of a design.toml (none once it is fixed or gone), at offsets in `text`.
    fn config(&self, file: &FileId, text: &Rope, problems: &[Problem]);
    /// The analysis of `file` panicked (the panic hook has printed the panic); it is served without
    /// diagnostics until its next change.
    fn panicked(&self, step: &'static str, file: Option<&FileId>);
}

/// Every design the server knows, each analyzed in its own turn on a small pool of threads.
///
/// Changes and requests for snapshots of one design are handled strictly in the order they arrived, so a
/// request sees exactly the changes made before it. The changes that arrive while a design is analyzed
/// wait; the next turn applies all of them and analyzes once, so a burst of keystrokes costs one
/// analysis. Designs take turns independently: a large one never holds up requests about another.
pub struct Host {
    jobs: mpsc::Sender<Job>,
    /// The newest version received of each open buffer, checked as each change arrives.
    open: Versions,
}

/// The newest version received of each open buffer: a version analyzed after a newer one arrived is not
/// worth publishing, since its successor's analysis follows.
type Versions = Arc<Mutex<HashMap<FileId, i32>>>;

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock happens between whole updates of the map, so it is still consistent.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Host {
    /// Starts the host, checking designs against `catalog`: its dispatcher thread and its pool. Both stop
    /// once the host is dropped.
    pub fn start(catalog: Arc<Catalog>, listener: impl Listener) -> Host {
        let (jobs, inbox) = mpsc::channel();
        let open = Versions::default();
        let turns = Turns::new(listener, jobs.clone(), open.clone(), Configs::new(catalog));
        let spawned = std::thread::Builder::new().name("design-ls host".into()).spawn(move || turns.dispatch(inbox));
        // Without the thread every request answers `null`.
        drop(spawned);
        Host { jobs, open }
    }

    /// Takes one change in: quick, the analysis happens on the pool. An edit or close of a buffer that is
    /// not open, or an edit whose version is not newer, is refused here.
    pub fn apply(&self, change: Change) -> Result<(), Ignored> {
        let mut open = lock(&self.open);
        match &change {
            Change::Open { file, version, .. } => {
                open.insert(file.clone(), *version);
            }
            Change::Edit { file, version, .. } => {
                let newest = open.get_mut(file).ok_or(Ignored::NotOpen)?;
                if *version <= *newest {
                    return Err(Ignored::Stale);
                }
                *newest = *version;
            }
            Change::Close { file } => {
                open.remove(file).ok_or(Ignored::NotOpen)?;
            }
            Change::Disk { .. } => {}
        }
        drop(open);
        let _ = self.jobs.send(Job::Changes(vec![change]));
        Ok(())
    }

    /// Takes in changes of files on disk together (a workspace read at start): each design is analyzed
    /// once, with all of its files.
    pub fn apply_disk(&self, changes: Vec<Change>) {
        let disk = changes.into_iter().filter(|change| matches!(change, Change::Disk { .. }));
        let _ = self.jobs.send(Job::Changes(disk.collect()));
    }

    /// The user's settings, under every design.toml: the design.toml they name as an extra catalog (read
    /// from disk like any other, with [`Host::apply_disk`]), and the levels they set.
    pub fn set_user(&self, catalog: Option<FileId>, levels: Config) {
        let _ = self.jobs.send(Job::User(catalog, levels));
    }

    /// The workspace folders (URIs): the design.toml at the root of one applies to every design in it.
    pub fn set_roots(&self, roots: Vec<String>) {
        let _ = self.jobs.send(Job::Roots(roots));
    }

    /// The snapshot of `file`'s design, analyzed with every change taken in before this call. Call it
    /// before anything that may let a later change in (for a protocol handler: before its first
    /// `.await`); wait for the answer anywhere. `None` when the host is stopping.
    pub fn snapshot(&self, file: &FileId) -> impl std::future::Future<Output = Option<Snapshot>> + use<> {
        let (reply, snapshot) = oneshot::channel();
        let _ = self.jobs.send(Job::Snapshot(file.clone(), reply));
        async move { snapshot.await.ok() }
    }
}

impl Host {
    /// The snapshot of every design, each with every change taken in before this call (see
    /// [`Host::snapshot`]).
    pub fn snapshot_all(&self) -> impl std::future::Future<Output = Option<Snapshot>> + use<> {
        let (reply, answers) = oneshot::channel();
        let _ = self.jobs.send(Job::Everything(reply));
        async move {
            let mut designs = Vec::new();
            for answer in answers.await.ok()? {
                designs.push(answer.await.ok()?);
            }
            Some(Snapshot::merged(designs))
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.jobs.send(Job::Stop);
    }
}

impl Change {
    /// The file the change is about.
    pub fn file(&self) -> &FileId {
        match self {
            Change::Open { file, .. }
            | Change::Edit { file, .. }
            | Change::Close { file }
            | Change::Disk { file, .. } => file,
        }
    }
}

#[cfg(test)]
mod tests;
