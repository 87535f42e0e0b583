//! An immutable view of every analyzed file, answering every query: cheap to clone, read on any thread
//! while the host goes on taking changes. Queries take and give offsets in a file's own text; the
//! analysis works on its design's joined text, and the answers are mapped back to the files they fall in.

use super::{FileId, FileSnapshot};
use crate::analysis::Diagnostic;
use crate::catalog::Catalog;
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

    /// The snapshots of several designs as one.
    pub(super) fn merged(designs: Vec<Snapshot>) -> Self {
        let files = designs.iter().flat_map(|design| design.files.iter().map(|(id, f)| (id.clone(), f.clone())));
        Snapshot { files: Arc::new(files.collect()) }
    }

    /// The components and operations of every file whose name matches `query` (its characters in order,
    /// whatever their case), by file name and position; at most `limit`.
    pub fn workspace_symbols(&self, query: &str, limit: usize) -> Vec<(FileId, Symbol)> {
        let mut files: Vec<(&FileId, &Arc<FileSnapshot>)> = self.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        let mut found = Vec::new();
        for (id, _) in files {
            let symbols = self.document_symbols(id).unwrap_or_default();
            let matching = symbols.into_iter().filter(|symbol| matches(query, &symbol.name));
            found.extend(matching.map(|symbol| (id.clone(), Symbol { children: Vec::new(), ..symbol })));
            if found.len() >= limit {
                found.truncate(limit);
                break;
            }
        }
        found
    }

    /// A file's analyzed version: its text, line index and diagnostics.
    pub fn file(&self, file: &FileId) -> Option<&FileSnapshot> {
        self.files.get(file).map(|f| &**f)
    }

    /// Every file, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&FileId, &FileSnapshot)> {
        self.files.iter().map(|(id, f)| (id, &**f))
    }

    /// The catalog a file's design is checked against: the built-in one with its design.toml files'.
    pub fn catalog(&self, file: &FileId) -> Option<&Catalog> {
        Some(self.file(file)?.joined.analysis.catalog())
    }

    /// A file's diagnostics, sorted by position; none for an unknown file.
    pub fn diagnostics(&self, file: &FileId) -> &[Diagnostic] {
        self.file(file).map_or(&[], FileSnapshot::diagnostics)
    }

    /// The file of the same design whose text holds `range` of the joined text, and the range in it.
    fn locate(&self, near: &FileSnapshot, range: Range<usize>) -> Option<Location> {
        let (file, found) = self.files.iter().find(|(_, f)| {
            Arc::ptr_eq(&f.joined, &near.joined) && f.range.start <= range.start && range.start <= f.range.end
        })?;
        Some(Location { file: file.clone(), range: found.to_file(&range) })
    }

    pub fn hover(&self, file: &FileId, offset: usize) -> Option<HoverInfo> {
        let f = self.file(file)?;
        let info = ide::hover(&f.joined.analysis, &f.joined.text, f.to_joined(offset))?;
        Some(HoverInfo { range: f.to_file(&info.range), ..info })
    }

    pub fn completions(&self, file: &FileId, offset: usize) -> Option<Completions> {
        let f = self.file(file)?;
        let mut completions = ide::completions(&f.joined.analysis, &f.joined.text, f.to_joined(offset));
        for item in &mut completions.items {
            item.replace = f.to_file(&item.replace);
        }
        Some(completions)
    }

    /// The card of a component named in a completion item, rendered when the editor shows the item.
    pub fn component_documentation(&self, file: &FileId, component: &str) -> Option<String> {
        ide::component_documentation(&self.file(file)?.joined.analysis, component)
    }

    /// Where the component named at `offset` is declared, in whichever file of the design.
    pub fn definition(&self, file: &FileId, offset: usize) -> Option<Location> {
        let f = self.file(file)?;
        let range = ide::definition(&f.joined.analysis, f.to_joined(offset))?;
        self.locate(f, range)
    }

    /// Every place the component named at `offset` is used (and declared, when asked), in every file of
    /// the design.
    pub fn references(&self, file: &FileId, offset: usize, include_declaration: bool) -> Option<Vec<Location>> {
        let f = self.file(file)?;
        let ranges = ide::references(&f.joined.analysis, f.to_joined(offset), include_declaration)?;
        Some(ranges.into_iter().filter_map(|range| self.locate(f, range)).collect())
    }

    /// The outline of a file.
    pub fn document_symbols(&self, file: &FileId) -> Option<Vec<Symbol>> {
        let f = self.file(file)?;
        let all = ide::document_symbols(&f.joined.analysis, &f.joined.text);
        let within = |symbol: &Symbol| f.range.start <= symbol.range.start && symbol.range.end <= f.range.end;
        Some(all.into_iter().filter(within).map(|symbol| moved(symbol, f)).collect())
    }

    /// The semantic tokens of a file, or of those that overlap `within`.
    pub fn semantic_tokens(&self, file: &FileId, within: Option<Range<usize>>) -> Option<Vec<SemanticToken>> {
        let f = self.file(file)?;
        let within = within.map_or(f.range.clone(), |r| f.to_joined(r.start)..f.to_joined(r.end));
        let tokens = ide::semantic_tokens_in(&f.joined.analysis, &f.joined.text, within);
        let mine = tokens.into_iter().filter(|t| f.range.start <= t.range.start && t.range.end <= f.range.end);
        Some(mine.map(|token| SemanticToken { range: f.to_file(&token.range), ..token }).collect())
    }
}

/// Whether `name` holds the characters of `query` in order, whatever their case.
fn matches(query: &str, name: &str) -> bool {
    let mut name = name.chars().flat_map(char::to_lowercase);
    query.chars().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).all(|q| name.any(|n| n == q))
}

/// A symbol of the joined text, and its children, at offsets in the file's text.
fn moved(symbol: Symbol, file: &FileSnapshot) -> Symbol {
    Symbol {
        range: file.to_file(&symbol.range),
        selection_range: file.to_file(&symbol.selection_range),
        children: symbol.children.into_iter().map(|child| moved(child, file)).collect(),
        ..symbol
    }
}
