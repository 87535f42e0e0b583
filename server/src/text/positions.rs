//! The positions of many offsets at once. An answer about a large document (its outline, its semantic
//! tokens) holds hundreds of thousands of positions, mostly near one another: each looked up on its own
//! walks the rope's tree five times, while reading the bytes from one offset to the next costs a few
//! nanoseconds a byte.

use super::{offset_to_position, Encoding};
use ropey::iter::Bytes;
use ropey::Rope;
use std::iter::Peekable;

/// Past this many bytes from the previous offset, a position is looked up rather than read up to.
const READ_AT_MOST: usize = 2048;

/// The line and column of each of `offsets`, exactly as [`offset_to_position`] gives them; quickest for
/// offsets in ascending order (an offset before the previous one is looked up).
#[must_use]
pub fn offsets_to_positions(rope: &Rope, offsets: &[usize], encoding: Encoding) -> Vec<(usize, usize)> {
    let mut positions = Vec::with_capacity(offsets.len());
    let mut reader: Option<Reader> = None;
    for &offset in offsets {
        let offset = offset.min(rope.len_bytes());
        let near = reader.as_ref().is_some_and(|r| offset >= r.at && offset - r.at <= READ_AT_MOST);
        if !near {
            reader = Some(Reader::new(rope, offset, encoding));
        }
        let reader = reader.as_mut().expect("set just above");
        reader.read_to(offset);
        positions.push((reader.line, reader.column));
    }
    positions
}

/// Reads a rope forward, char by char, keeping the line and column of where it is.
struct Reader<'a> {
    bytes: Peekable<Bytes<'a>>,
    encoding: Encoding,
    /// A char boundary: the start of the char that holds the last offset read to, or that offset.
    at: usize,
    line: usize,
    column: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of the char that holds `offset`.
    fn new(rope: &'a Rope, offset: usize, encoding: Encoding) -> Reader<'a> {
        let at = rope.char_to_byte(rope.byte_to_char(offset));
        let (line, column) = offset_to_position(rope, at, encoding);
        Reader { bytes: rope.bytes_at(at).peekable(), encoding, at, line, column }
    }

    /// Moves over every char that ends at or before `offset`: one that `offset` falls inside counts as
    /// its start, as in [`offset_to_position`].
    fn read_to(&mut self, offset: usize) {
        while let Some(&first) = self.bytes.peek() {
            let length = match first {
                0..0x80 => 1,
                0xc0..0xe0 => 2,
                0xe0..0xf0 => 3,
                _ => 4,
            };
            if self.at + length > offset {
                return;
            }
            for _ in 0..length {
                self.bytes.next();
            }
            self.at += length;
            match first {
                b'\n' => self.next_line(),
                // `\r\n` is one line break: the `\r` ends the line only when no `\n` follows.
                b'\r' if self.bytes.peek() != Some(&b'\n') => self.next_line(),
                _ => {
                    self.column += match self.encoding {
                        Encoding::Utf8 => length,
                        Encoding::Utf16 => 1 + usize::from(length == 4),
                        Encoding::Utf32 => 1,
                    }
                }
            }
        }
    }

    fn next_line(&mut self) {
        self.line += 1;
        self.column = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every offset of `text`, in order, in all three encodings, against one lookup each.
    fn agrees(text: &str, offsets: &[usize]) {
        let rope = Rope::from_str(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let one_by_one: Vec<_> = offsets.iter().map(|&o| offset_to_position(&rope, o, encoding)).collect();
            assert_eq!(offsets_to_positions(&rope, offsets, encoding), one_by_one, "{text:?} {encoding:?}");
        }
    }

    #[test]
    fn every_offset_of_mixed_text() {
        let text = "a😀b\r\n日本\rx\n\n\r\r\n😀";
        agrees(text, &(0..=text.len() + 2).collect::<Vec<_>>());
        agrees("", &[0, 0, 3]);
    }

    #[test]
    fn offsets_far_apart_are_looked_up() {
        let text = format!("{}\n😀{}\r\nend", "x".repeat(5000), "é".repeat(3000));
        agrees(&text, &[3, 4999, 5000, 5001, 5005, 9000, 11_007, 11_008, text.len()]);
    }

    proptest! {
        #[test]
        fn agrees_with_one_lookup_each(
            text in "[a\r\né日😀]{0,60}",
            mut offsets in proptest::collection::vec(0usize..200, 0..20),
        ) {
            offsets.sort_unstable();
            agrees(&text, &offsets);
        }
    }
}
