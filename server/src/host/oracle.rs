//! The oracle the incremental machinery answers to, shared by the unit tests, the property tests and the
//! fuzz target: a host after any changes analyzes every file exactly as a host handed the final texts.

use super::file::File;
use super::{Design, Edit};
use crate::text::{self, Encoding};
use ropey::Rope;
use std::ops::Range;

/// Analyzes the design `host`, then each of its files again from scratch: `Err` describes the first difference in
/// the syntax, the lowered file, the diagnostics or the component uses.
pub fn check(host: &mut Design) -> Result<(), String> {
    host.analyze();
    let snapshot = host.snapshot();
    if snapshot.files().count() != host.files.len() {
        return Err(format!("the snapshot holds {} files, the host {}", snapshot.files().count(), host.files.len()));
    }
    for (id, entry) in &host.files {
        let mut fresh = File::new(entry.file.version(), entry.file.rope().clone());
        fresh.analyze();
        let (now, then) = (entry.file.snapshot(), fresh.snapshot());
        let differ = |what: &str| Err(format!("{id:?}: the {what} does not match a fresh analysis of\n{}", then.text));
        if now.text != then.text || entry.file.rope() != &now.rope {
            return differ("text");
        }
        if entry.file.syntax() != fresh.syntax() {
            return differ("syntax");
        }
        if now.analysis.file != then.analysis.file {
            return differ("lowered file");
        }
        if now.analysis.diagnostics != then.analysis.diagnostics {
            return differ("diagnostics");
        }
        if !now.analysis.uses().eq(then.analysis.uses()) {
            return differ("component uses");
        }
        let served = snapshot.file(id).map(|f| &f.text);
        if served != Some(&now.text) {
            return differ("snapshot");
        }
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
