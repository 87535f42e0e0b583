//! A document's syntax as chunks, each parsed on its own: the text is cut before every line that starts a
//! declaration (`system`, `component` or `operation` at the start of the line), and an edit reparses only
//! the chunks it touches.
//!
//! Tree-sitter cannot reuse the nodes of a long top-level repetition (it marks them fragile), so one tree
//! for the whole file costs a time proportional to the file on every reparse, even an incremental one.
//! Chunks keep a keystroke's cost to the edited declaration. The cut only falls where a declaration
//! starts, so a well-formed file parses exactly as it would whole; a block left open ends at the next
//! declaration instead of swallowing it.

use super::incremental::{Reparsed, Splice};
use super::lower::lower_chunk;
use super::nodes::{SourceFile, SyntaxError};
use super::{errors, parse};
use crate::parallel;
use std::ops::Range;

/// The chunks of a document. Their trees are not kept: each chunk is lowered right after it is parsed,
/// and parsed anew, whole, when an edit touches it. A chunk is one declaration, so that costs what an
/// incremental reparse of it would, while the trees of a large document took most of its memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syntax {
    chunks: Vec<Chunk>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Chunk {
    /// Byte offset in the document; the chunk runs to the next chunk's start (or the end of the text).
    start: usize,
    /// Its syntax errors, relative to `start`: found once, when it is parsed, so a keystroke does not
    /// look through every chunk for them.
    errors: Vec<SyntaxError>,
}

impl Chunk {
    /// Parses `text[range]` and lowers it (with the document's offsets).
    fn parse(text: &str, range: Range<usize>) -> (Chunk, SourceFile) {
        let source = &text[range.clone()];
        let tree = parse(source);
        let file = lower_chunk(source, range.start, &tree);
        (Chunk { start: range.start, errors: errors::of_tree(source, &tree) }, file)
    }
}

/// The keywords whose lines start a chunk.
const KEYWORDS: [&str; 3] = ["system", "component", "operation"];
/// How far after a cut the bytes it depends on reach: the longest keyword, then the blank after it.
const LONGEST_KEYWORD: usize = "operation".len();

impl Default for Syntax {
    /// The syntax of an empty text.
    fn default() -> Syntax {
        let mut syntax = Syntax { chunks: Vec::new() };
        syntax.keep_one();
        syntax
    }
}

impl Syntax {
    /// Parses and lowers `text`: its syntax, and the lowered declarations of each chunk, in order.
    pub(super) fn parse(text: &str) -> (Syntax, Vec<SourceFile>) {
        let ranges: Vec<Range<usize>> = cuts(text, 0..text.len()).collect();
        let parsed = parallel::map(&ranges, text.len(), |range| Chunk::parse(text, range.clone()));
        let (chunks, files) = parsed.into_iter().unzip();
        let mut syntax = Syntax { chunks };
        syntax.keep_one();
        (syntax, files)
    }

    /// An empty text still has one (empty) chunk, so every offset belongs to a chunk.
    fn keep_one(&mut self) {
        if self.chunks.is_empty() {
            self.chunks.push(Chunk { start: 0, errors: Vec::new() });
        }
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
    /// the span of `text` whose chunks were parsed anew, with what they declare; the chunks outside it
    /// only moved.
    pub fn edit(&mut self, old_text: &str, text: &str, splice: Splice) -> Reparsed {
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
        let old_end = self.chunks.get(last + 1).map_or(old_text.len(), |next| next.start);
        let shift = |offset: usize| offset - splice.old_end + splice.new_end;
        let region = self.chunks[first].start..shift(old_end.max(splice.old_end));

        let mut file = SourceFile::default();
        let mut fresh = Vec::new();
        for range in cuts(text, region.clone()) {
            let (chunk, part) = Chunk::parse(text, range);
            file.systems.extend(part.systems);
            file.components.extend(part.components);
            file.operations.extend(part.operations);
            fresh.push(chunk);
        }
        for chunk in &mut self.chunks[last + 1..] {
            chunk.start = shift(chunk.start);
        }
        self.chunks.splice(first..=last, fresh);
        self.keep_one();
        Reparsed { region, file }
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
