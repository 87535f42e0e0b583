//! One file of the host: its current text, and the last analyzed version of it, brought up to date
//! incrementally (only the chunks an edit touched are parsed again, only the operations it touched are
//! checked again) or from scratch after a full-text change or a panic.

use super::Edit;
use crate::analysis::{self, Analysis};
use crate::syntax::{parse_and_lower, Splice, Syntax};
use crate::text::{self, Encoding};
use ropey::Rope;
use std::sync::Arc;

/// One analyzed version of a file, cheap to clone and read without any lock held.
#[derive(Debug, Clone, Default)]
pub struct FileSnapshot {
    /// The editor's version of an open buffer; `None` for a file read from disk.
    pub version: Option<i32>,
    pub rope: Rope,
    // An `Arc<String>` rather than `Arc<str>`: the analyzed text moves in without a copy.
    pub text: Arc<String>,
    pub analysis: Arc<Analysis>,
}

pub(super) struct File {
    /// The current text and version; ahead of `snapshot` while edits wait for analysis.
    rope: Rope,
    version: Option<i32>,
    /// Bumped on every change, so that `analyze` knows whether the snapshot is behind.
    revision: u64,
    analyzed_revision: u64,
    /// The edits applied to `rope` since the last analysis.
    pending: Pending,
    snapshot: Arc<FileSnapshot>,
    syntax: Syntax,
    /// Whether the syntax and analysis cover the whole text; false after a panic in either, so the next
    /// analysis starts from scratch instead of updating what the panic left out.
    complete: bool,
}

#[derive(Clone, Copy)]
enum Pending {
    Nothing,
    /// Edits, folded into one span.
    Edits(Splice),
    /// A new text: nothing of the old syntax is worth reusing.
    Everything,
}

impl File {
    /// A file with `rope`'s text, not yet analyzed.
    pub fn new(version: Option<i32>, rope: Rope) -> Self {
        File {
            rope,
            version,
            revision: 1,
            analyzed_revision: 0,
            pending: Pending::Everything,
            snapshot: Arc::default(),
            syntax: Syntax::default(),
            complete: false,
        }
    }

    pub fn version(&self) -> Option<i32> {
        self.version
    }

    /// The current text.
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Replaces the whole text.
    pub fn replace(&mut self, version: Option<i32>, rope: Rope) {
        self.rope = rope;
        self.version = version;
        self.revision += 1;
        self.pending = Pending::Everything;
    }

    /// Applies the edits of one change to the text, in order, without analyzing: each edit's positions
    /// are in the text the previous one produced.
    pub fn edit(&mut self, version: i32, edits: Vec<Edit>, encoding: Encoding) {
        self.version = Some(version);
        self.revision += 1;
        for edit in edits {
            let Some((from, to)) = edit.range else {
                self.rope = Rope::from_str(&edit.text);
                self.pending = Pending::Everything;
                continue;
            };
            // A position past the end is a client bug; clamping keeps the edit well-formed.
            let rope = &mut self.rope;
            let end_of_text = rope.len_bytes();
            let offset = |(line, column): (usize, usize)| text::position_to_offset(rope, line, column, encoding);
            let start = offset(from).unwrap_or(end_of_text);
            let end = offset(to).unwrap_or(end_of_text).max(start);
            let start_char = rope.byte_to_char(start);
            rope.remove(start_char..rope.byte_to_char(end));
            rope.insert(start_char, &edit.text);
            let splice = Splice { start, old_end: end, new_end: start + edit.text.len() };
            self.pending = match self.pending {
                Pending::Nothing => Pending::Edits(splice),
                Pending::Edits(before) => Pending::Edits(before.then(splice)),
                Pending::Everything => Pending::Everything,
            };
        }
    }

    pub fn syntax(&self) -> &Syntax {
        &self.syntax
    }

    /// The last analyzed version.
    pub fn snapshot(&self) -> &Arc<FileSnapshot> {
        &self.snapshot
    }

    pub fn is_analyzed(&self) -> bool {
        self.analyzed_revision == self.revision
    }

    /// Brings the syntax and analysis up to date with every change since the last analysis. Should the
    /// analysis panic, the version is left served without diagnostics (as an empty text would be) and the
    /// next analysis starts from scratch.
    pub fn analyze(&mut self) {
        if self.is_analyzed() {
            return;
        }
        self.analyzed_revision = self.revision;
        let pending = std::mem::replace(&mut self.pending, Pending::Nothing);
        let text = match pending {
            Pending::Edits(splice) => spliced(&self.snapshot.text, &self.rope, splice),
            _ => self.rope.to_string(),
        };
        let previous = std::mem::take(&mut self.snapshot);
        let complete = std::mem::replace(&mut self.complete, false);
        // What is served if the analysis panics.
        self.snapshot = Arc::new(FileSnapshot {
            version: self.version,
            rope: self.rope.clone(),
            text: Arc::default(),
            analysis: Arc::default(),
        });
        let text = Arc::new(text);
        #[cfg(debug_assertions)]
        crate::faults::inject("analysis");
        let analysis = match pending {
            Pending::Edits(splice) if complete => {
                let previous = Arc::unwrap_or_clone(previous);
                let reparsed = self.syntax.edit(&previous.text, &text, splice);
                analysis::reanalyze(Arc::unwrap_or_clone(previous.analysis), &text, &self.syntax, reparsed, splice)
            }
            _ => {
                let (syntax, file) = parse_and_lower(&text);
                self.syntax = syntax;
                analysis::analyze_file(file)
            }
        };
        self.complete = true;
        self.snapshot = Arc::new(FileSnapshot {
            version: self.version,
            rope: self.rope.clone(),
            text,
            analysis: Arc::new(analysis),
        });
    }
}

/// The text of `rope`, built from the text it had before the edits `splice` folds together: one copy of
/// the untouched bytes, much quicker than gathering a large rope's every chunk.
fn spliced(old: &str, rope: &Rope, splice: Splice) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    text.push_str(&old[..splice.start]);
    for chunk in rope.byte_slice(splice.start..splice.new_end).chunks() {
        text.push_str(chunk);
    }
    text.push_str(&old[splice.old_end..]);
    text
}
