//! The files of one design, owned by one thread at a time: changes apply in order, and one analysis
//! brings every changed file up to date. Single-threaded and synchronous; [`super::Host`] runs designs
//! side by side.

use super::file::{File, FileSnapshot};
use super::{Change, FileId, Ignored, Snapshot};
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

#[derive(Default)]
pub struct Design {
    pub(super) files: HashMap<FileId, Entry>,
    /// Files changed since they were last analyzed.
    dirty: HashSet<FileId>,
    /// Files whose snapshot changed (or that are gone) since [`Design::take_updated`] last asked.
    updated: HashSet<FileId>,
    /// What the last snapshot holds: updated in place when no snapshot shares it any more.
    analyzed: Arc<HashMap<FileId, Arc<FileSnapshot>>>,
}

pub(super) struct Entry {
    pub(super) file: File,
    /// Open in an editor.
    open: bool,
    /// While the buffer is open, the file's text on disk to fall back to when it closes.
    disk: Option<Rope>,
}

impl Design {
    pub fn new() -> Self {
        Design::default()
    }

    /// Applies one change. Cheap: only the text changes; [`Design::analyze`] brings the analysis up to date.
    pub fn apply(&mut self, change: Change) -> Result<(), Ignored> {
        match change {
            Change::Open { file, version, text } => {
                match self.files.get_mut(&file) {
                    Some(entry) => {
                        if !entry.open {
                            entry.disk = Some(entry.file.rope().clone());
                        }
                        entry.open = true;
                        entry.file.replace(Some(version), Rope::from_str(&text));
                    }
                    None => {
                        let file_text = File::new(Some(version), Rope::from_str(&text));
                        self.files.insert(file.clone(), Entry { file: file_text, open: true, disk: None });
                    }
                }
                self.dirty.insert(file);
            }
            Change::Edit { file, version, edits, encoding } => {
                let entry = self.files.get_mut(&file).filter(|e| e.open).ok_or(Ignored::NotOpen)?;
                if entry.file.version().is_some_and(|current| version <= current) {
                    return Err(Ignored::Stale);
                }
                entry.file.edit(version, edits, encoding);
                self.dirty.insert(file);
            }
            Change::Close { file } => {
                let entry = self.files.get_mut(&file).filter(|e| e.open).ok_or(Ignored::NotOpen)?;
                match entry.disk.take() {
                    Some(rope) => {
                        entry.open = false;
                        entry.file.replace(None, rope);
                        self.dirty.insert(file);
                    }
                    None => self.forget(file),
                }
            }
            Change::Disk { file, text } => match (self.files.get_mut(&file), text) {
                (Some(entry), text) if entry.open => entry.disk = text.map(|text| Rope::from_str(&text)),
                (Some(entry), Some(text)) => {
                    // A watcher reports saves of unchanged text too.
                    if *entry.file.rope() != text {
                        entry.file.replace(None, Rope::from_str(&text));
                        self.dirty.insert(file);
                    }
                }
                (None, Some(text)) => {
                    let disk = File::new(None, Rope::from_str(&text));
                    self.files.insert(file.clone(), Entry { file: disk, open: false, disk: None });
                    self.dirty.insert(file);
                }
                (Some(_), None) => self.forget(file),
                (None, None) => {}
            },
        }
        Ok(())
    }

    fn forget(&mut self, file: FileId) {
        self.files.remove(&file);
        self.dirty.remove(&file);
        Arc::make_mut(&mut self.analyzed).remove(&file);
        self.updated.insert(file);
    }

    /// Whether the design holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether an editor has the file open.
    pub fn is_open(&self, file: &FileId) -> bool {
        self.files.get(file).is_some_and(|entry| entry.open)
    }

    /// Brings every changed file's analysis up to date. A file whose analysis panics is served without
    /// diagnostics until its next change; those files are returned, so the caller can say so.
    pub fn analyze(&mut self) -> Vec<FileId> {
        let mut panicked = Vec::new();
        let mut dirty: Vec<FileId> = self.dirty.drain().collect();
        dirty.sort();
        for id in dirty {
            let Some(entry) = self.files.get_mut(&id) else { continue };
            let file = &mut entry.file;
            // Out of the map while it is analyzed: the file then holds its last analysis alone (unless a
            // request still reads it), so the incremental update takes it over instead of copying it.
            Arc::make_mut(&mut self.analyzed).remove(&id);
            if panic::catch_unwind(AssertUnwindSafe(|| file.analyze())).is_err() {
                panicked.push(id.clone());
            }
            Arc::make_mut(&mut self.analyzed).insert(id.clone(), file.snapshot().clone());
            self.updated.insert(id);
        }
        panicked
    }

    /// The analysis of every file as it stands after the last [`Design::analyze`].
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(self.analyzed.clone())
    }

    /// The files whose analysis changed, or that were forgotten, since the last call; sorted.
    pub fn take_updated(&mut self) -> Vec<FileId> {
        let mut updated: Vec<FileId> = self.updated.drain().collect();
        updated.sort();
        updated
    }
}
