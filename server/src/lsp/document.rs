//! One open document: its text, syntax tree and analysis, and how protocol edits change them.

use super::{catch, convert};
use crate::analysis::{self, Analysis};
use crate::syntax::{Splice, Syntax};
use crate::text::Encoding;
use ropey::Rope;
use std::sync::Arc;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

/// One version of a document, cheap to clone and read without any lock held.
#[derive(Clone)]
pub struct Snapshot {
    pub version: i32,
    pub rope: Rope,
    pub text: Arc<str>,
    pub analysis: Arc<Analysis>,
}

pub struct Document {
    snapshot: Snapshot,
    syntax: Syntax,
    /// Whether the syntax and analysis cover the whole text; false after a panic in either, so the next
    /// change starts from scratch instead of updating what the panic left out.
    complete: bool,
}

impl Document {
    pub fn open(version: i32, text: String) -> Self {
        let mut document = Document {
            snapshot: Snapshot { version, rope: Rope::from_str(&text), text: "".into(), analysis: Arc::default() },
            syntax: Syntax::parse(""),
            complete: false,
        };
        document.analyze_from_scratch(text);
        document
    }

    /// Parses and analyzes the whole text; a bug in a check must not take the document down with it, so
    /// a panic leaves it served without diagnostics.
    fn analyze_from_scratch(&mut self, text: String) {
        let analyzed = catch("analysis", || {
            let syntax = Syntax::parse(&text);
            let analysis = analysis::analyze(&text, &syntax);
            (syntax, analysis)
        });
        self.complete = analyzed.is_some();
        let (syntax, analysis) = analyzed.unwrap_or_else(|| (Syntax::parse(""), Analysis::default()));
        self.syntax = syntax;
        self.snapshot.text = text.into();
        self.snapshot.analysis = Arc::new(analysis);
    }

    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Applies the changes of one `didChange` notification in order, then reparses once, reusing
    /// the old tree edited alongside the text. Returns false (and changes nothing) when `version`
    /// is not newer than the current one.
    pub fn change(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) -> bool {
        if version <= self.snapshot.version {
            return false;
        }
        let mut rope = self.snapshot.rope.clone();
        // The edits folded into one span; `None` after a full-text change, which leaves nothing to reuse.
        let mut splice: Option<Splice> = None;
        let mut whole = false;
        for change in changes {
            let Some(range) = change.range else {
                rope = Rope::from_str(&change.text);
                whole = true;
                continue;
            };
            // A range past the end is a client bug; clamping keeps the edit well-formed.
            let end_of_text = rope.len_bytes();
            let start = convert::offset(&rope, range.start, encoding).unwrap_or(end_of_text);
            let end = convert::offset(&rope, range.end, encoding).unwrap_or(end_of_text).max(start);
            let start_char = rope.byte_to_char(start);
            rope.remove(start_char..rope.byte_to_char(end));
            rope.insert(start_char, &change.text);
            let edit = Splice { start, old_end: end, new_end: start + change.text.len() };
            splice = Some(splice.map_or(edit, |splice| splice.then(edit)));
        }
        let text = rope.to_string();
        self.snapshot.version = version;
        self.snapshot.rope = rope;
        match splice.filter(|_| self.complete && !whole) {
            Some(splice) => {
                let previous = std::mem::take(&mut self.snapshot.analysis);
                let old_text = std::mem::replace(&mut self.snapshot.text, "".into());
                let syntax = &mut self.syntax;
                let analysis = catch("analysis", || {
                    let region = syntax.edit(&old_text, &text, splice);
                    analysis::reanalyze(Arc::unwrap_or_clone(previous), &text, syntax, region, splice)
                });
                match analysis {
                    Some(analysis) => {
                        self.snapshot.text = text.into();
                        self.snapshot.analysis = Arc::new(analysis);
                    }
                    None => self.analyze_from_scratch(text),
                }
            }
            None => self.analyze_from_scratch(text),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        let ((l0, c0), (l1, c1)) = range;
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    fn full(text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent { range: None, range_length: None, text: text.into() }
    }

    #[test]
    fn edits_apply_in_order_and_the_analysis_matches_a_fresh_one() {
        let mut doc = Document::open(1, "component db: postgres\r\ncomponent 😀x: redis\n".into());
        let changes = vec![
            // Replace `x` after the emoji (UTF-16 column 12) with `cache`…
            edit(((1, 12), (1, 13)), "cache"),
            // …then, in the text that produced, rename `db` and join the lines.
            edit(((0, 10), (0, 12)), "store"),
            edit(((0, 25), (1, 0)), " "),
        ];
        assert!(doc.change(2, changes, Encoding::Utf16));
        let expected = "component store: postgres component 😀cache: redis\n";
        assert_eq!(&*doc.snapshot().text, expected);
        assert_eq!(doc.snapshot().rope.to_string(), expected);
        let fresh = analysis::analyze_text(expected);
        assert_eq!(doc.snapshot().analysis.file, fresh.file);
        assert_eq!(doc.snapshot().analysis.diagnostics, fresh.diagnostics);
    }

    #[test]
    fn stale_versions_are_ignored() {
        let mut doc = Document::open(3, "a".into());
        assert!(!doc.change(3, vec![full("b")], Encoding::Utf16));
        assert!(!doc.change(2, vec![full("b")], Encoding::Utf16));
        assert_eq!(&*doc.snapshot().text, "a");
        assert!(doc.change(4, vec![full("b")], Encoding::Utf16));
        assert_eq!((doc.snapshot().version, &*doc.snapshot().text), (4, "b"));
    }

    #[test]
    fn full_text_then_incremental_edits() {
        let mut doc = Document::open(1, "old".into());
        let changes = vec![full("ab\ncd"), edit(((1, 0), (1, 1)), "x"), edit(((9, 0), (9, 0)), "!")];
        assert!(doc.change(2, changes, Encoding::Utf8));
        assert_eq!(&*doc.snapshot().text, "ab\nxd!");
    }
}
