//! What a snapshot knows of one file: its version and text, and its part of its design's analysis.

use super::joined::Joined;
use crate::analysis::Diagnostic;
use ropey::Rope;
use std::ops::Range;
use std::sync::Arc;

/// One analyzed version of a file, cheap to clone and read without any lock held.
#[derive(Debug, Clone)]
pub struct FileSnapshot {
    /// The editor's version of an open buffer; `None` for a file read from disk.
    pub version: Option<i32>,
    pub rope: Rope,
    /// Where the file's text lies in its design's joined text.
    pub(super) range: Range<usize>,
    pub(super) joined: Arc<Joined>,
    /// The file's diagnostics, at offsets in its own text.
    pub(super) diagnostics: Arc<Vec<Diagnostic>>,
}

impl FileSnapshot {
    /// The file's text, as analyzed.
    pub fn text(&self) -> &str {
        &self.joined.text[self.range.clone()]
    }

    /// The file's diagnostics, sorted by position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// An offset in the file as an offset in the joined text.
    pub(super) fn to_joined(&self, offset: usize) -> usize {
        self.range.start + offset.min(self.range.len())
    }

    /// A range of the joined text within the file, as a range of the file's text.
    pub(super) fn to_file(&self, range: &Range<usize>) -> Range<usize> {
        let at = |offset: usize| offset.clamp(self.range.start, self.range.end) - self.range.start;
        at(range.start)..at(range.end)
    }
}
