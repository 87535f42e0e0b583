//! Text free of any protocol: line and column arithmetic on a [`Rope`] (for many offsets at once too),
//! and how messages echo user input ([`echo`]).
//!
//! Lines break at `\n`, `\r\n` and a lone `\r` only (ropey with `cr_lines` and without
//! `unicode_lines`), exactly as the Language Server Protocol counts them. Columns are counted in
//! the chosen [`Encoding`]'s code units from the start of the line.

mod echo;
mod positions;

pub use echo::{echo, Echo, ECHO_LIMIT};
pub use positions::offsets_to_positions;

use ropey::{Rope, RopeSlice};

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    #[default]
    Utf16,
    /// Unicode scalar values (chars), for columns shown to people.
    Utf32,
}

/// The line and column of a byte offset. An offset past the end is clamped to the end; one inside
/// a multi-byte char counts as that char's start.
#[must_use]
pub fn offset_to_position(rope: &Rope, offset: usize, encoding: Encoding) -> (usize, usize) {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    // Most lines start in the chunk that holds the offset: the column is counted in it, without the
    // three more walks down the rope's tree that counting chars takes (a million diagnostics took
    // seconds to position).
    let (chunk, chunk_start, ..) = rope.chunk_at_byte(offset);
    if line_start >= chunk_start {
        let mut end = offset - chunk_start;
        while !chunk.is_char_boundary(end) {
            end -= 1;
        }
        let before = &chunk[line_start - chunk_start..end];
        let column = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => before.chars().count(),
        };
        return (line, column);
    }
    let char_index = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_index);
    let line_start = rope.line_to_char(line);
    let column = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_start),
        Encoding::Utf32 => char_index - line_start,
    };
    (line, column)
}

/// The byte offset of a line and column, or `None` for a line past the end. A column past the end
/// of the line is clamped to the line's end (before its line break); a column inside a char (a
/// UTF-8 continuation byte, the low half of a surrogate pair) snaps to that char's start.
#[must_use]
pub fn position_to_offset(rope: &Rope, line: usize, column: usize, encoding: Encoding) -> Option<usize> {
    let slice = rope.get_line(line)?;
    let content = slice.slice(..slice.len_chars() - line_break_chars(slice));
    let char_in_line = match encoding {
        Encoding::Utf8 => content.byte_to_char(column.min(content.len_bytes())),
        Encoding::Utf16 => content.utf16_cu_to_char(column.min(content.len_utf16_cu())),
        Encoding::Utf32 => column.min(content.len_chars()),
    };
    Some(rope.char_to_byte(rope.line_to_char(line) + char_in_line))
}

/// How many chars the line break ending `line` takes: 2 for `\r\n`, 1 for `\n` or `\r`, 0 on the
/// last line.
fn line_break_chars(line: RopeSlice) -> usize {
    let mut chars = line.chars_at(line.len_chars()).reversed();
    match (chars.next(), chars.next()) {
        (Some('\n'), Some('\r')) => 2,
        (Some('\n' | '\r'), _) => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Encoding::*;

    fn round_trip(text: &str) {
        let rope = Rope::from_str(text);
        for encoding in [Utf8, Utf16, Utf32] {
            // Every char boundary except the middle of a `\r\n`, which is no position at all.
            let offsets = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            for offset in offsets.filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n'))) {
                let (line, column) = offset_to_position(&rope, offset, encoding);
                assert_eq!(
                    position_to_offset(&rope, line, column, encoding),
                    Some(offset),
                    "{text:?} {offset} {encoding:?}"
                );
            }
        }
    }

    /// Line and column by chars alone, as they were computed before the shortcut through the chunk.
    fn by_chars(rope: &Rope, offset: usize, encoding: Encoding) -> (usize, usize) {
        let char_index = rope.byte_to_char(offset.min(rope.len_bytes()));
        let line = rope.char_to_line(char_index);
        let line_start = rope.line_to_char(line);
        let column = match encoding {
            Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
            Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_start),
            Utf32 => char_index - line_start,
        };
        (line, column)
    }

    proptest::proptest! {
        #[test]
        fn the_shortcut_agrees_with_counting_chars(
            pieces in proptest::collection::vec("[ab\r\n]{0,40}|é{1,300}|😀{1,300}|x{500,3000}", 0..12),
            offsets in proptest::collection::vec(0usize..40_000, 1..30),
        ) {
            let rope = Rope::from_str(&pieces.concat());
            for offset in offsets {
                for encoding in [Utf8, Utf16, Utf32] {
                    proptest::prop_assert_eq!(offset_to_position(&rope, offset, encoding), by_chars(&rope, offset, encoding));
                }
            }
        }
    }

    #[test]
    fn empty_document() {
        let rope = Rope::new();
        for encoding in [Utf8, Utf16, Utf32] {
            assert_eq!(offset_to_position(&rope, 0, encoding), (0, 0));
            assert_eq!(offset_to_position(&rope, 5, encoding), (0, 0));
            assert_eq!(position_to_offset(&rope, 0, 0, encoding), Some(0));
            assert_eq!(position_to_offset(&rope, 0, 9, encoding), Some(0));
            assert_eq!(position_to_offset(&rope, 1, 0, encoding), None);
        }
    }

    #[test]
    fn emoji_counts_per_encoding() {
        // 😀 is 4 bytes of UTF-8, 2 UTF-16 code units (a surrogate pair), 1 char.
        let rope = Rope::from_str("a😀b");
        assert_eq!(offset_to_position(&rope, 5, Utf8), (0, 5));
        assert_eq!(offset_to_position(&rope, 5, Utf16), (0, 3));
        assert_eq!(offset_to_position(&rope, 5, Utf32), (0, 2));
        assert_eq!(position_to_offset(&rope, 0, 5, Utf8), Some(5));
        assert_eq!(position_to_offset(&rope, 0, 3, Utf16), Some(5));
        assert_eq!(position_to_offset(&rope, 0, 2, Utf32), Some(5));
        round_trip("a😀b\n😀😀\n");
    }

    #[test]
    fn inside_a_char_snaps_to_its_start() {
        let rope = Rope::from_str("a😀b");
        // Between the two halves of the surrogate pair.
        assert_eq!(position_to_offset(&rope, 0, 2, Utf16), Some(1));
        // On a continuation byte.
        assert_eq!(position_to_offset(&rope, 0, 3, Utf8), Some(1));
        assert_eq!(offset_to_position(&rope, 3, Utf16), (0, 1));
    }

    #[test]
    fn cjk() {
        // Each of 日本 is 3 bytes of UTF-8 and 1 UTF-16 code unit.
        let rope = Rope::from_str("x\n日本 = y");
        assert_eq!(offset_to_position(&rope, 8, Utf8), (1, 6));
        assert_eq!(offset_to_position(&rope, 8, Utf16), (1, 2));
        assert_eq!(offset_to_position(&rope, 8, Utf32), (1, 2));
        assert_eq!(position_to_offset(&rope, 1, 2, Utf16), Some(8));
        round_trip("日本語\n中文 😀 한국어");
    }

    #[test]
    fn line_breaks() {
        let rope = Rope::from_str("ab\r\ncd\ref\ngh");
        assert_eq!(offset_to_position(&rope, 4, Utf16), (1, 0));
        assert_eq!(offset_to_position(&rope, 7, Utf16), (2, 0));
        assert_eq!(offset_to_position(&rope, 10, Utf16), (3, 0));
        // Columns past the end stop before the line break, whichever it is.
        assert_eq!(position_to_offset(&rope, 0, 99, Utf16), Some(2));
        assert_eq!(position_to_offset(&rope, 1, 99, Utf8), Some(6));
        assert_eq!(position_to_offset(&rope, 2, 99, Utf32), Some(9));
        // The last line has no line break.
        assert_eq!(position_to_offset(&rope, 3, 99, Utf16), Some(12));
        assert_eq!(position_to_offset(&rope, 4, 0, Utf16), None);
        round_trip("ab\r\ncd\ref\ngh");
        round_trip("\r\r\n\n\r");
    }

    #[test]
    fn trailing_newline_opens_an_empty_last_line() {
        let rope = Rope::from_str("ab\n");
        assert_eq!(offset_to_position(&rope, 3, Utf16), (1, 0));
        assert_eq!(position_to_offset(&rope, 1, 5, Utf16), Some(3));
        assert_eq!(position_to_offset(&rope, 2, 0, Utf16), None);
    }

    #[test]
    fn only_ascii_breaks_end_lines() {
        // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are ordinary characters to the protocol.
        let rope = Rope::from_str("a\u{85}b\u{2028}c\u{2029}d");
        assert_eq!(rope.len_lines(), 1);
        assert_eq!(offset_to_position(&rope, rope.len_bytes(), Utf32), (0, 7));
    }
}
