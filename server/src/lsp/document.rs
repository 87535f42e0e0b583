//! One open document: its text, syntax tree and analysis, and how protocol edits change them.

use super::{catch, convert};
use crate::analysis::{self, Analysis};
use crate::catalog::Catalog;
use crate::syntax::{parse_and_lower, Splice, Syntax};
use crate::text::Encoding;
use ropey::Rope;
use std::sync::Arc;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

/// One version of a document, cheap to clone and read without any lock held.
#[derive(Clone)]
pub struct Snapshot {
    pub version: i32,
    pub rope: Rope,
    // An `Arc<String>` rather than `Arc<str>`: the analyzed text moves in without a copy.
    pub text: Arc<String>,
    pub analysis: Arc<Analysis>,
}

pub struct Document {
    version: i32,
    rope: Rope,
    /// The edits applied to `rope` since the last analysis.
    pending: Pending,
    /// The last analyzed version.
    snapshot: Snapshot,
    syntax: Syntax,
    /// Whether the syntax and analysis cover the whole text; false after a panic in either, so the next
    /// analysis starts from scratch instead of updating what the panic left out.
    complete: bool,
}

enum Pending {
    Nothing,
    /// Edits, folded into one span.
    Edits(Splice),
    /// A full-text change: nothing of the old syntax is worth reusing.
    Everything,
}

impl Document {
    /// A document, analyzed.
    pub fn open(version: i32, text: String) -> Self {
        let rope = Rope::from_str(&text);
        let mut document = Document {
            version,
            rope: rope.clone(),
            pending: Pending::Nothing,
            snapshot: Snapshot {
                version,
                rope,
                text: Arc::default(),
                analysis: Arc::new(Analysis::empty(Catalog::builtin())),
            },
            syntax: Syntax::default(),
            complete: false,
        };
        document.analyze_from_scratch(text);
        document
    }

    /// The last analyzed version.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Applies the changes of one `didChange` notification to the text, in order, without analyzing.
    /// Returns false (and changes nothing) when `version` is not newer than the current one.
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) -> bool {
        if version <= self.version {
            return false;
        }
        self.version = version;
        for change in changes {
            let Some(range) = change.range else {
                self.rope = Rope::from_str(&change.text);
                self.pending = Pending::Everything;
                continue;
            };
            // A range past the end is a client bug; clamping keeps the edit well-formed.
            let rope = &mut self.rope;
            let end_of_text = rope.len_bytes();
            let start = convert::offset(rope, range.start, encoding).unwrap_or(end_of_text);
            let end = convert::offset(rope, range.end, encoding).unwrap_or(end_of_text).max(start);
            let start_char = rope.byte_to_char(start);
            rope.remove(start_char..rope.byte_to_char(end));
            rope.insert(start_char, &change.text);
            let edit = Splice { start, old_end: end, new_end: start + change.text.len() };
            self.pending = match self.pending {
                Pending::Nothing => Pending::Edits(edit),
                Pending::Edits(splice) => Pending::Edits(splice.then(edit)),
                Pending::Everything => Pending::Everything,
            };
        }
        true
    }

    /// Brings the syntax and analysis up to date with every change applied since the last analysis:
    /// incrementally when it can, from scratch after a full-text change or a panic.
    pub fn analyze(&mut self) {
        if self.version == self.snapshot.version {
            return;
        }
        let pending = std::mem::replace(&mut self.pending, Pending::Nothing);
        let text = match pending {
            Pending::Edits(splice) => spliced(&self.snapshot.text, &self.rope, splice),
            _ => self.rope.to_string(),
        };
        self.snapshot.version = self.version;
        self.snapshot.rope = self.rope.clone();
        match pending {
            Pending::Edits(splice) if self.complete => {
                let previous =
                    std::mem::replace(&mut self.snapshot.analysis, Arc::new(Analysis::empty(Catalog::builtin())));
                let old_text = std::mem::take(&mut self.snapshot.text);
                let syntax = &mut self.syntax;
                let analysis = catch("analysis", || {
                    let reparsed = syntax.edit(&old_text, &text, splice);
                    analysis::reanalyze(Arc::unwrap_or_clone(previous), &text, syntax, reparsed, splice)
                });
                match analysis {
                    Some(analysis) => {
                        self.snapshot.text = text.into();
                        self.snapshot.analysis = Arc::new(analysis);
                    }
                    None => self.analyze_from_scratch(text),
                }
            }
            _ => self.analyze_from_scratch(text),
        }
    }

    /// Parses and analyzes the whole text; a bug in a check must not take the document down with it, so
    /// a panic leaves it served without diagnostics.
    fn analyze_from_scratch(&mut self, text: String) {
        let analyzed = catch("analysis", || {
            let (syntax, file) = parse_and_lower(&text);
            (syntax, analysis::analyze_file(file, Catalog::builtin()))
        });
        self.complete = analyzed.is_some();
        let (syntax, analysis) = analyzed.unwrap_or_else(|| (Syntax::default(), Analysis::empty(Catalog::builtin())));
        self.syntax = syntax;
        self.snapshot.text = text.into();
        self.snapshot.analysis = Arc::new(analysis);
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
        assert!(doc.apply(2, changes, Encoding::Utf16));
        doc.analyze();
        let expected = "component store: postgres component 😀cache: redis\n";
        assert_eq!(&*doc.snapshot().text, expected);
        assert_eq!(doc.snapshot().rope.to_string(), expected);
        let fresh = analysis::analyze_text(expected, Catalog::builtin());
        assert_eq!(doc.snapshot().analysis.file, fresh.file);
        assert_eq!(doc.snapshot().analysis.diagnostics, fresh.diagnostics);
    }

    #[test]
    fn changes_applied_before_one_analysis_equal_analyzing_each() {
        let mut doc = Document::open(1, "component db: postgres\n".into());
        assert!(doc.apply(2, vec![edit(((0, 14), (0, 22)), "redis")], Encoding::Utf16));
        assert!(doc.apply(3, vec![edit(((1, 0), (1, 0)), "component bus: kafka\n")], Encoding::Utf16));
        assert_eq!(doc.snapshot().version, 1, "nothing is analyzed before `analyze`");
        doc.analyze();
        let expected = "component db: redis\ncomponent bus: kafka\n";
        assert_eq!((doc.snapshot().version, doc.snapshot().text.as_str()), (3, expected));
        assert_eq!(doc.snapshot().analysis.file, analysis::analyze_text(expected, Catalog::builtin()).file);
    }

    #[test]
    fn stale_versions_are_ignored() {
        let mut doc = Document::open(3, "a".into());
        assert!(!doc.apply(3, vec![full("b")], Encoding::Utf16));
        assert!(!doc.apply(2, vec![full("b")], Encoding::Utf16));
        doc.analyze();
        assert_eq!(&*doc.snapshot().text, "a");
        assert!(doc.apply(4, vec![full("b")], Encoding::Utf16));
        doc.analyze();
        assert_eq!((doc.snapshot().version, doc.snapshot().text.as_str()), (4, "b"));
    }

    #[test]
    fn full_text_then_incremental_edits() {
        let mut doc = Document::open(1, "old".into());
        let changes = vec![full("ab\ncd"), edit(((1, 0), (1, 1)), "x"), edit(((9, 0), (9, 0)), "!")];
        assert!(doc.apply(2, changes, Encoding::Utf8));
        doc.analyze();
        assert_eq!(&*doc.snapshot().text, "ab\nxd!");
    }
}
