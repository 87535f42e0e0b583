//! The oracle the incremental machinery answers to, shared by the unit tests, the property tests and the
//! fuzz target: a host after any changes analyzes every file exactly as a host handed the final texts.

use super::{Change, Design, Edit};
use crate::text::{self, Encoding};
use ropey::Rope;
use std::ops::Range;

/// Analyzes `design`, then a design handed the final texts of its files from scratch: `Err` describes the
/// first difference in the joined text, the syntax, the lowered file, the diagnostics, the component
/// uses or what each file serves.
pub fn check(design: &mut Design) -> Result<(), String> {
    design.analyze();
    let mut fresh = Design::new(design.analyzed.catalog().clone());
    fresh.configure(design.applied.clone());
    for (id, entry) in &design.files {
        let text = entry.rope.to_string();
        let change = match entry.version {
            Some(version) => Change::Open { file: id.clone(), version, text },
            None => Change::Disk { file: id.clone(), text: Some(text) },
        };
        fresh.apply(change).map_err(|ignored| format!("{id:?}: {ignored:?}"))?;
    }
    fresh.analyze();
    let (now, then) = (&design.analyzed, &fresh.analyzed);
    let differ = |what: &str| Err(format!("the {what} does not match a fresh analysis of\n{}", then.joined.text));
    if now.joined.text != then.joined.text {
        return differ("joined text");
    }
    if now.syntax != then.syntax {
        return differ("syntax");
    }
    if now.joined.analysis.file != then.joined.analysis.file {
        return differ("lowered file");
    }
    if now.joined.analysis.diagnostics != then.joined.analysis.diagnostics {
        return differ("diagnostics");
    }
    if !now.joined.analysis.uses().eq(then.joined.analysis.uses()) {
        return differ("component uses");
    }
    let (served, expected) = (design.snapshot(), fresh.snapshot());
    for (id, file) in expected.files() {
        let same = served.file(id).is_some_and(|f| {
            f.text() == file.text() && f.version == file.version && f.diagnostics() == file.diagnostics()
        });
        if !same {
            return differ(&format!("snapshot of {id:?}"));
        }
    }
    if served.files().count() != expected.files().count() {
        return differ("set of files");
    }
    Ok(())
}

/// Replaces the bytes `range` of `text` with `new`, and returns the edit as a change brings it (UTF-8
/// columns). An end of `range` between a `\r` and its `\n`, which no position names, moves before the `\r`.
pub fn byte_edit(text: &mut String, range: Range<usize>, new: &str) -> Edit {
    let snap = |offset: usize| match offset > 0 && text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
        true => offset - 1,
        false => offset,
    };
    let (start, end) = (snap(range.start), snap(range.end));
    let rope = Rope::from_str(text);
    let at = |offset| text::offset_to_position(&rope, offset, Encoding::Utf8);
    let edit = Edit { range: Some((at(start), at(end))), text: new.to_string() };
    text.replace_range(start..end, new);
    edit
}
