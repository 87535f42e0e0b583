//! The files of one design (a folder's `*.design` files), owned by one thread at a time: changes apply
//! in order, and one analysis brings the whole design up to date. The files are analyzed as one text,
//! joined in the order of their names (see [`super::joined`]), so that they share one namespace of
//! components and operations. Single-threaded and synchronous; [`super::Host`] runs designs side by side.

use super::file::FileSnapshot;
use super::joined::Analyzed;
use super::{Change, Edit, FileId, Ignored, Snapshot};
use crate::analysis::Diagnostic;
use crate::catalog::Catalog;
use crate::config::Applied;
use crate::syntax::Splice;
use crate::text::{self, Encoding};
use ropey::Rope;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// What separates two files in the joined text: a line break, so that each starts on a line of its own.
const SEPARATOR: &str = "\n";

pub struct Design {
    /// In the order they are joined.
    pub(super) files: BTreeMap<FileId, Entry>,
    /// What changed in the joined text since the last analysis: the edits, folded into one span.
    pending: Option<Splice>,
    pub(super) analyzed: Analyzed,
    /// The design.toml files over the design: its catalog, and the level of each code.
    pub(super) applied: Applied,
    /// What the last snapshot holds: updated in place when no snapshot shares it any more.
    snapshots: Arc<HashMap<FileId, Arc<FileSnapshot>>>,
    /// Files changed by the changes since the last analysis: their diagnostics are published again
    /// whatever they are, for their new version.
    touched: BTreeSet<FileId>,
    /// Files whose diagnostics changed (or that are gone) since [`Design::take_updated`] last asked.
    updated: BTreeSet<FileId>,
}

pub(super) struct Entry {
    pub(super) rope: Rope,
    pub(super) version: Option<i32>,
    /// Open in an editor.
    open: bool,
    /// While the buffer is open, the file's text on disk to fall back to when it closes.
    disk: Option<Rope>,
}

impl Design {
    /// An empty design, checked against `catalog`.
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Design {
            files: BTreeMap::new(),
            pending: None,
            analyzed: Analyzed::new(catalog.clone()),
            applied: Applied::new(&catalog, &[]),
            snapshots: Arc::default(),
            touched: BTreeSet::new(),
            updated: BTreeSet::new(),
        }
    }

    /// Applies one change. Cheap: only the texts change; [`Design::analyze`] brings the analysis up to date.
    pub fn apply(&mut self, change: Change) -> Result<(), Ignored> {
        match change {
            Change::Open { file, version, text } => {
                let rope = Rope::from_str(&text);
                match self.files.get_mut(&file) {
                    Some(entry) => {
                        if !entry.open {
                            entry.disk = Some(entry.rope.clone());
                        }
                        entry.open = true;
                        self.replace(&file, Some(version), rope);
                    }
                    None => self.insert(file, Entry { rope, version: Some(version), open: true, disk: None }),
                }
            }
            Change::Edit { file, version, edits, encoding } => {
                let entry = self.files.get(&file).filter(|e| e.open).ok_or(Ignored::NotOpen)?;
                if entry.version.is_some_and(|current| version <= current) {
                    return Err(Ignored::Stale);
                }
                self.edit(&file, version, edits, encoding);
            }
            Change::Close { file } => {
                let entry = self.files.get_mut(&file).filter(|e| e.open).ok_or(Ignored::NotOpen)?;
                entry.open = false;
                match entry.disk.take() {
                    Some(rope) => self.replace(&file, None, rope),
                    None => self.remove(&file),
                }
            }
            Change::Disk { file, text } => match (self.files.get_mut(&file), text) {
                (Some(entry), text) if entry.open => entry.disk = text.map(|text| Rope::from_str(&text)),
                // A watcher reports saves of unchanged text too.
                (Some(entry), Some(text)) if entry.rope == text.as_str() => {}
                (Some(_), Some(text)) => self.replace(&file, None, Rope::from_str(&text)),
                (None, Some(text)) => {
                    self.insert(file, Entry { rope: Rope::from_str(&text), version: None, open: false, disk: None })
                }
                (Some(_), None) => self.remove(&file),
                (None, None) => {}
            },
        }
        Ok(())
    }

    /// Where a file starts in the joined text, and whether it is the last.
    fn start_of(&self, file: &FileId) -> (usize, bool) {
        let mut start = 0;
        let mut files = self.files.iter().peekable();
        while let Some((id, entry)) = files.next() {
            if id == file {
                return (start, files.peek().is_none());
            }
            start += entry.rope.len_bytes() + SEPARATOR.len();
        }
        (start, true)
    }

    fn changed(&mut self, file: &FileId, splice: Splice) {
        self.pending = Some(self.pending.map_or(splice, |before| before.then(splice)));
        self.touched.insert(file.clone());
    }

    fn insert(&mut self, file: FileId, entry: Entry) {
        let length = entry.rope.len_bytes();
        let was_empty = self.files.is_empty();
        self.files.insert(file.clone(), entry);
        let (start, last) = self.start_of(&file);
        let splice = match (was_empty, last) {
            (true, _) => Splice { start: 0, old_end: 0, new_end: length },
            // After the separator that now ends the file before.
            (false, true) => {
                let end = start - SEPARATOR.len();
                Splice { start: end, old_end: end, new_end: end + SEPARATOR.len() + length }
            }
            (false, false) => Splice { start, old_end: start, new_end: start + length + SEPARATOR.len() },
        };
        self.changed(&file, splice);
    }

    fn remove(&mut self, file: &FileId) {
        let (start, last) = self.start_of(file);
        let Some(entry) = self.files.remove(file) else { return };
        let length = entry.rope.len_bytes();
        let splice = match (self.files.is_empty(), last) {
            (true, _) => Splice { start: 0, old_end: length, new_end: 0 },
            (false, true) => {
                let end = start - SEPARATOR.len();
                Splice { start: end, old_end: start + length, new_end: end }
            }
            (false, false) => Splice { start, old_end: start + length + SEPARATOR.len(), new_end: start },
        };
        self.changed(file, splice);
        self.touched.remove(file);
        Arc::make_mut(&mut self.snapshots).remove(file);
        self.updated.insert(file.clone());
    }

    fn replace(&mut self, file: &FileId, version: Option<i32>, rope: Rope) {
        let (start, _) = self.start_of(file);
        let Some(entry) = self.files.get_mut(file) else { return };
        let splice = Splice { start, old_end: start + entry.rope.len_bytes(), new_end: start + rope.len_bytes() };
        (entry.rope, entry.version) = (rope, version);
        self.changed(file, splice);
    }

    /// Applies the edits of one change in order: each edit's positions are in the text the previous one
    /// produced. A position past the end is a client bug; clamping keeps the edit well-formed.
    fn edit(&mut self, file: &FileId, version: i32, edits: Vec<Edit>, encoding: Encoding) {
        let (start, _) = self.start_of(file);
        let Some(entry) = self.files.get_mut(file) else { return };
        entry.version = Some(version);
        let mut splices = Vec::with_capacity(edits.len());
        for edit in edits {
            let rope = &mut entry.rope;
            let end_of_text = rope.len_bytes();
            let (from, to) = match edit.range {
                Some((from, to)) => {
                    let offset = |(line, column)| text::position_to_offset(rope, line, column, encoding);
                    let from = offset(from).unwrap_or(end_of_text);
                    (from, offset(to).unwrap_or(end_of_text).max(from))
                }
                None => (0, end_of_text),
            };
            let from_char = rope.byte_to_char(from);
            rope.remove(from_char..rope.byte_to_char(to));
            rope.insert(from_char, &edit.text);
            splices.push(Splice { start: start + from, old_end: start + to, new_end: start + from + edit.text.len() });
        }
        for splice in splices {
            self.changed(file, splice);
        }
    }

    /// Checks the design against another catalog, or reports its codes at other levels: the whole design
    /// is analyzed again, from scratch.
    pub fn configure(&mut self, applied: Applied) {
        self.analyzed = Analyzed::new(applied.catalog().clone());
        self.applied = applied;
        let length = self.files.values().map(|e| e.rope.len_bytes() + SEPARATOR.len()).sum::<usize>();
        self.pending = Some(Splice { start: 0, old_end: 0, new_end: length.saturating_sub(SEPARATOR.len()) });
    }

    /// Whether every change has been analyzed.
    pub fn is_analyzed(&self) -> bool {
        self.pending.is_none()
    }

    /// Whether the design holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Brings the analysis up to date with every change. When the analysis panics, every file is served
    /// without diagnostics until the next change, and the files are returned so the caller can say so.
    pub fn analyze(&mut self) -> Vec<FileId> {
        let Some(splice) = self.pending.take() else { return Vec::new() };
        let text = self.joined_text(splice);
        // The old snapshots let go of the last analysis, so that the update can take it over.
        let before: HashMap<FileId, Arc<Vec<Diagnostic>>> =
            self.snapshots.iter().map(|(id, file)| (id.clone(), file.diagnostics.clone())).collect();
        Arc::make_mut(&mut self.snapshots).clear();
        let analyzed = self.analyzed.update(text, splice);
        let joined = &self.analyzed.joined;
        let mut diagnostics = joined.analysis.diagnostics.iter().peekable();
        let mut snapshots = HashMap::with_capacity(self.files.len());
        let mut start = 0;
        for (id, entry) in &self.files {
            let end = start + entry.rope.len_bytes();
            // A diagnostic at the line break after a file is at the file's end.
            let mut own = Vec::new();
            while let Some(diagnostic) = diagnostics.next_if(|d| d.range.start <= end) {
                let at = |offset: usize| offset.clamp(start, end) - start;
                let range = at(diagnostic.range.start)..at(diagnostic.range.end);
                own.push(Diagnostic { range, ..diagnostic.clone() });
            }
            let own = Arc::new(self.applied.apply(&own));
            if self.touched.contains(id) || before.get(id) != Some(&own) {
                self.updated.insert(id.clone());
            }
            let range = start..end;
            let file = FileSnapshot {
                version: entry.version,
                rope: entry.rope.clone(),
                range,
                joined: joined.clone(),
                diagnostics: own,
            };
            snapshots.insert(id.clone(), Arc::new(file));
            start = end + SEPARATOR.len();
        }
        self.snapshots = Arc::new(snapshots);
        self.touched.clear();
        match analyzed {
            true => Vec::new(),
            false => self.files.keys().cloned().collect(),
        }
    }

    /// The joined text after the edits `splice` folds together: the untouched bytes of the last analyzed
    /// text, one copy, and the changed span gathered from the files.
    fn joined_text(&self, splice: Splice) -> String {
        let old = &self.analyzed.joined.text;
        let mut text = String::with_capacity(old.len() + splice.new_end - splice.old_end);
        text.push_str(&old[..splice.start]);
        self.gather(splice.start..splice.new_end, &mut text);
        text.push_str(&old[splice.old_end..]);
        text
    }

    /// Appends the bytes `range` of the joined text, read from the files.
    fn gather(&self, range: Range<usize>, text: &mut String) {
        let mut start = 0;
        let mut files = self.files.values().peekable();
        while let Some(entry) = files.next() {
            let end = start + entry.rope.len_bytes();
            if end >= range.start && start < range.end {
                let from = range.start.max(start) - start;
                let to = range.end.min(end) - start;
                for chunk in entry.rope.byte_slice(from..to).chunks() {
                    text.push_str(chunk);
                }
            }
            if files.peek().is_some() && range.start <= end && end < range.end {
                text.push_str(SEPARATOR);
            }
            start = end + SEPARATOR.len();
            if start >= range.end {
                break;
            }
        }
    }

    /// The analysis of every file as it stands after the last [`Design::analyze`].
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(self.snapshots.clone())
    }

    /// The files whose diagnostics changed, or that are gone, since the last call; sorted.
    pub fn take_updated(&mut self) -> Vec<FileId> {
        std::mem::take(&mut self.updated).into_iter().collect()
    }
}
