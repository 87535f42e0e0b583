//! One open document: its text, syntax tree and analysis, and how protocol edits change them.

use super::{catch, convert};
use crate::analysis::{self, Analysis};
use crate::syntax::{self, InputEdit, Splice, Tree};
use crate::text::{self, Encoding};
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
    tree: Tree,
    /// Whether the analysis covers the whole text; false after a check panicked, so the next change
    /// analyzes from scratch instead of updating what the panic left out.
    complete: bool,
}

impl Document {
    pub fn open(version: i32, text: String) -> Self {
        let tree = syntax::parse(&text, None);
        // A bug in a check must not take the document down with it: serve it without diagnostics.
        let analysis = catch("analysis", || analysis::analyze(&text, &tree));
        let complete = analysis.is_some();
        let analysis = Arc::new(analysis.unwrap_or_default());
        Self {
            snapshot: Snapshot { version, rope: Rope::from_str(&text), text: text.into(), analysis },
            tree,
            complete,
        }
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
        // The old tree, edited alongside the text; `None` after a full-text change, which leaves nothing
        // worth reusing.
        let mut old = Some(self.tree.clone());
        let mut splice: Option<Splice> = None;
        for change in changes {
            let Some(range) = change.range else {
                rope = Rope::from_str(&change.text);
                old = None;
                continue;
            };
            // A range past the end is a client bug; clamping keeps the edit well-formed.
            let end_of_text = rope.len_bytes();
            let start = convert::offset(&rope, range.start, encoding).unwrap_or(end_of_text);
            let end = convert::offset(&rope, range.end, encoding).unwrap_or(end_of_text).max(start);
            let start_position = text::point(&rope, start);
            let old_end_position = text::point(&rope, end);
            let start_char = rope.byte_to_char(start);
            rope.remove(start_char..rope.byte_to_char(end));
            rope.insert(start_char, &change.text);
            let new_end = start + change.text.len();
            if let Some(old) = &mut old {
                old.edit(&InputEdit {
                    start_byte: start,
                    old_end_byte: end,
                    new_end_byte: new_end,
                    start_position,
                    old_end_position,
                    new_end_position: text::point(&rope, new_end),
                });
                let edit = Splice { start, old_end: end, new_end };
                splice = Some(splice.map_or(edit, |splice| splice.then(edit)));
            }
        }
        let text = rope.to_string();
        let tree = syntax::parse(&text, old.as_ref());
        let previous = std::mem::take(&mut self.snapshot.analysis);
        let analysis = match (old, splice) {
            // Building on an analysis that a panic left empty would miss everything it lost.
            (Some(old), Some(splice)) if self.complete => {
                catch("analysis", || analysis::reanalyze(Arc::unwrap_or_clone(previous), &text, &old, &tree, splice))
            }
            _ => None,
        };
        let analysis = analysis.or_else(|| catch("analysis", || analysis::analyze(&text, &tree)));
        self.complete = analysis.is_some();
        let analysis = Arc::new(analysis.unwrap_or_default());
        self.snapshot = Snapshot { version, rope, text: text.into(), analysis };
        self.tree = tree;
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
    fn edits_apply_in_order_and_the_tree_matches_a_fresh_parse() {
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
        assert_eq!(nodes(&doc.tree), nodes(&syntax::parse(expected, None)));
    }

    /// Every node's kind and byte range, in document order.
    fn nodes(tree: &Tree) -> Vec<(String, std::ops::Range<usize>)> {
        fn walk(node: tree_sitter::Node, out: &mut Vec<(String, std::ops::Range<usize>)>) {
            out.push((node.kind().to_string(), node.byte_range()));
            for child in node.children(&mut node.walk()) {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        walk(tree.root_node(), &mut out);
        out
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
