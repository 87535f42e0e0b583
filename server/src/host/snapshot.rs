//! An immutable view of every analyzed file, answering every query: cheap to clone, read on any thread
//! while the host goes on taking changes.

use super::{FileId, FileSnapshot};
use crate::analysis::Diagnostic;
use crate::ide::{self, Completions, HoverInfo, SemanticToken, Symbol};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Snapshot {
    files: Arc<HashMap<FileId, Arc<FileSnapshot>>>,
}

/// A range in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Snapshot {
    pub(super) fn new(files: Arc<HashMap<FileId, Arc<FileSnapshot>>>) -> Self {
        Snapshot { files }
    }

    /// A file's analyzed version: its text, line index and analysis.
    pub fn file(&self, file: &FileId) -> Option<&FileSnapshot> {
        self.files.get(file).map(|f| &**f)
    }

    /// Every file, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&FileId, &FileSnapshot)> {
        self.files.iter().map(|(id, f)| (id, &**f))
    }

    /// A file's diagnostics, sorted by position; none for an unknown file.
    pub fn diagnostics(&self, file: &FileId) -> &[Diagnostic] {
        self.file(file).map_or(&[], |f| &f.analysis.diagnostics)
    }

    pub fn hover(&self, file: &FileId, offset: usize) -> Option<HoverInfo> {
        let f = self.file(file)?;
        ide::hover(&f.analysis, &f.text, offset)
    }

    pub fn completions(&self, file: &FileId, offset: usize) -> Option<Completions> {
        let f = self.file(file)?;
        Some(ide::completions(&f.analysis, &f.text, offset))
    }

    /// The card of a component named in a completion item, rendered when the editor shows the item.
    pub fn component_documentation(&self, file: &FileId, component: &str) -> Option<String> {
        ide::component_documentation(&self.file(file)?.analysis, component)
    }

    /// Where the component named at `offset` is declared.
    pub fn definition(&self, file: &FileId, offset: usize) -> Option<Location> {
        let range = ide::definition(&self.file(file)?.analysis, offset)?;
        Some(Location { file: file.clone(), range })
    }

    /// Every place the component named at `offset` is used (and declared, when asked).
    pub fn references(&self, file: &FileId, offset: usize, include_declaration: bool) -> Option<Vec<Location>> {
        let ranges = ide::references(&self.file(file)?.analysis, offset, include_declaration)?;
        Some(ranges.into_iter().map(|range| Location { file: file.clone(), range }).collect())
    }

    /// The outline of a file.
    pub fn document_symbols(&self, file: &FileId) -> Option<Vec<Symbol>> {
        let f = self.file(file)?;
        Some(ide::document_symbols(&f.analysis, &f.text))
    }

    /// The semantic tokens of a file, or of those that overlap `within`.
    pub fn semantic_tokens(&self, file: &FileId, within: Option<Range<usize>>) -> Option<Vec<SemanticToken>> {
        let f = self.file(file)?;
        Some(match within {
            Some(within) => ide::semantic_tokens_in(&f.analysis, &f.text, within),
            None => ide::semantic_tokens(&f.analysis, &f.text),
        })
    }
}
