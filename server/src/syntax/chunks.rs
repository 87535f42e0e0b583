//! A document's syntax as chunks, each parsed on its own: the text is cut before every line that starts a
//! declaration (`system`, `component` or `operation` at the start of the line), and an edit reparses only
//! the chunks it touches.
//!
//! Tree-sitter cannot reuse the nodes of a long top-level repetition (it marks them fragile), so one tree
//! for the whole file costs a time proportional to the file on every reparse, even an incremental one.
//! Chunks keep a keystroke's cost to the edited declaration. The cut only falls where a declaration
//! starts, so a well-formed file parses exactly as it would whole; a block left open ends at the next
//! declaration instead of swallowing it.

use super::incremental::Splice;
use super::nodes::SyntaxError;
use super::{errors, parse};
use crate::parallel;
use std::ops::Range;
use tree_sitter::{InputEdit, Point, Tree};

pub struct Syntax {
    chunks: Vec<Chunk>,
}

struct Chunk {
    /// Byte offset in the document; the chunk runs to the next chunk's start (or the end of the text).
    start: usize,
    /// Parsed from the chunk's text alone, so its offsets are relative to `start`.
    tree: Tree,
    /// Its syntax errors, relative to `start` too: found once, when it is parsed, so a keystroke does not
    /// look through every chunk for them.
    errors: Vec<SyntaxError>,
}

impl Chunk {
    /// Parses `text[range]` (reusing `old`, already edited, when given).
    fn parse(text: &str, range: Range<usize>, old: Option<&Tree>) -> Chunk {
        let source = &text[range.clone()];
        let tree = parse(source, old);
        Chunk { start: range.start, errors: errors::of_tree(source, &tree), tree }
    }
}

/// The keywords whose lines start a chunk.
const KEYWORDS: [&str; 3] = ["system", "component", "operation"];
/// How far after a cut the bytes it depends on reach: the longest keyword, then the blank after it.
const LONGEST_KEYWORD: usize = "operation".len();

impl Syntax {
    pub fn parse(text: &str) -> Syntax {
        Syntax::parse_with(text, |_, _, _| ()).0
    }

    /// Parses `text`, running `then` on each chunk's offset, tree and text right after parsing it, on the
    /// same thread: opening a document lowers each chunk while its tree is still in the cache.
    pub(super) fn parse_with<R: Send>(text: &str, then: impl Fn(usize, &Tree, &str) -> R + Sync) -> (Syntax, Vec<R>) {
        let ranges: Vec<Range<usize>> = cuts(text, 0..text.len()).collect();
        let parsed = parallel::map(&ranges, text.len(), |range| {
            let chunk = Chunk::parse(text, range.clone(), None);
            let result = then(chunk.start, &chunk.tree, &text[range.clone()]);
            (chunk, result)
        });
        let (chunks, results) = parsed.into_iter().unzip();
        let mut syntax = Syntax { chunks };
        syntax.keep_one();
        (syntax, results)
    }

    /// An empty text still has one (empty) chunk, so every offset belongs to a chunk.
    fn keep_one(&mut self) {
        if self.chunks.is_empty() {
            self.chunks.push(Chunk::parse("", 0..0, None));
        }
    }

    /// Each chunk's offset in the document, its tree and its text.
    pub fn chunks<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, &'a Tree, &'a str)> + 'a {
        self.chunks_from(text, 0)
    }

    /// The chunks that start in `span` (found by binary search: a keystroke must not walk every chunk).
    pub fn chunks_in<'a>(
        &'a self,
        text: &'a str,
        span: Range<usize>,
    ) -> impl Iterator<Item = (usize, &'a Tree, &'a str)> + 'a {
        let first = self.chunks.partition_point(|chunk| chunk.start < span.start);
        self.chunks_from(text, first).take_while(move |(start, ..)| *start < span.end)
    }

    fn chunks_from<'a>(&'a self, text: &'a str, first: usize) -> impl Iterator<Item = (usize, &'a Tree, &'a str)> + 'a {
        self.chunks[first..].iter().enumerate().map(move |(index, chunk)| {
            let end = self.chunks.get(first + index + 1).map_or(text.len(), |next| next.start);
            (chunk.start, &chunk.tree, &text[chunk.start..end])
        })
    }

    /// The syntax errors of every chunk, in order.
    pub fn errors(&self) -> Vec<SyntaxError> {
        let with_errors = self.chunks.iter().filter(|chunk| !chunk.errors.is_empty());
        with_errors
            .flat_map(|chunk| {
                chunk.errors.iter().map(|error| {
                    let mut error = error.clone();
                    error.moved(&|offset| offset + chunk.start);
                    error
                })
            })
            .collect()
    }

    /// The index of the chunk holding byte `offset` (the last one for the end of the text).
    fn holding(&self, offset: usize) -> usize {
        self.chunks.partition_point(|chunk| chunk.start <= offset).saturating_sub(1)
    }

    /// Applies one change, whose edits `splice` folds into one span, from `old_text` to `text`. Returns
    /// the span of `text` whose chunks were parsed anew; the chunks outside it only moved.
    pub fn edit(&mut self, old_text: &str, text: &str, splice: Splice) -> Range<usize> {
        // The chunk holding the byte before the edit: deleting the line break before a declaration
        // joins it to that chunk. Through the chunk holding the byte at the edit's end, so the cut after
        // the span follows unedited text.
        let mut first = self.holding(splice.start.saturating_sub(1));
        // An edit in a chunk's opening keyword may unmake its cut ("component" → "compo"): the chunk
        // before it is then parsed anew too, so the cuts start where one is still certain.
        while first > 0 && splice.start <= self.chunks[first].start + LONGEST_KEYWORD {
            first -= 1;
        }
        let last = self.holding(splice.old_end);
        let old = self.chunks[first].start..self.chunks.get(last + 1).map_or(old_text.len(), |next| next.start);
        let shift = |offset: usize| offset - splice.old_end + splice.new_end;
        let region = old.start..shift(old.end.max(splice.old_end));

        let mut fresh: Vec<Chunk> = Vec::new();
        for range in cuts(text, region.clone()) {
            // One chunk edited inside: tree-sitter reuses what the edit left alone.
            let reuse = first == last && range == region;
            let chunk = if reuse {
                let mut tree = self.chunks[first].tree.clone();
                tree.edit(&input_edit(&old_text[old.clone()], &text[region.clone()], splice, old.start));
                Chunk::parse(text, range, Some(&tree))
            } else {
                Chunk::parse(text, range, None)
            };
            fresh.push(chunk);
        }
        for chunk in &mut self.chunks[last + 1..] {
            chunk.start = shift(chunk.start);
        }
        self.chunks.splice(first..=last, fresh);
        self.keep_one();
        region
    }
}

/// The chunks of `text[span]` (none when it is empty), where `span` starts where a chunk may start: at
/// the start of the text or of a declaration's line.
fn cuts(text: &str, span: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let end = span.end;
    let mut start = span.start;
    std::iter::from_fn(move || {
        if start >= end {
            return None;
        }
        let mut next = end;
        let mut line = start;
        while let Some(newline) = text[line..end].find(['\n', '\r']).map(|i| line + i) {
            line = newline + 1;
            if text[newline..].starts_with("\r\n") {
                line += 1;
            }
            if line < end && starts_declaration(&text[line..end]) {
                next = line;
                break;
            }
        }
        let range = start..next;
        start = next;
        Some(range)
    })
}

/// Whether a line starts with a declaration keyword followed by a space or tab.
fn starts_declaration(line: &str) -> bool {
    KEYWORDS.iter().any(|keyword| line.strip_prefix(keyword).is_some_and(|rest| rest.starts_with([' ', '\t'])))
}

/// The edit of `splice` relative to a chunk starting at `base`, whose old text is `old` and new text `new`.
fn input_edit(old: &str, new: &str, splice: Splice, base: usize) -> InputEdit {
    let (start, old_end, new_end) = (splice.start - base, splice.old_end - base, splice.new_end - base);
    InputEdit {
        start_byte: start,
        old_end_byte: old_end,
        new_end_byte: new_end,
        start_position: point(new, start),
        old_end_position: point(old, old_end),
        new_end_position: point(new, new_end),
    }
}

/// Tree-sitter's row and byte column of an offset (rows break at `\n`).
fn point(text: &str, offset: usize) -> Point {
    let before = &text[..offset];
    Point::new(before.matches('\n').count(), offset - before.rfind('\n').map_or(0, |i| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        cuts(text, 0..text.len()).map(|range| &text[range]).collect()
    }

    #[test]
    fn cuts_fall_before_declaration_lines() {
        let text =
            "# c\nsystem \"s\"\ncomponent a: b\n  component x\noperation \"o\" {\n}\ncomponents\r\noperation\t\"p\" {}";
        assert_eq!(
            pieces(text),
            [
                "# c\n",
                "system \"s\"\n",
                "component a: b\n  component x\n",
                "operation \"o\" {\n}\ncomponents\r\n",
                "operation\t\"p\" {}"
            ]
        );
        assert_eq!(pieces(""), [] as [&str; 0]);
        assert_eq!(pieces("component a: b"), ["component a: b"]);
    }
}
