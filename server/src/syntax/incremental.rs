//! Lowering again after an edit: only the items of the chunks the edit reparsed are lowered anew; the
//! others keep their lowered form, moved by the change in length before them. Per keystroke the cost then
//! follows the size of the edited declaration, not of the file.

use super::chunks::Syntax;
use super::nodes::*;
use std::collections::HashSet;
use std::ops::Range;

/// What the edits of one change replaced, as one span: the bytes before `start` are untouched, and the
/// bytes from `old_end` in the old text are those from `new_end` in the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Splice {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Splice {
    /// One span covering `self` and then `next`, whose offsets are in the text `self` produced.
    pub fn then(self, next: Splice) -> Splice {
        let end = self.new_end.max(next.old_end);
        Splice {
            start: self.start.min(next.start),
            old_end: end - self.new_end + self.old_end,
            new_end: end - next.old_end + next.new_end,
        }
    }

    /// Where a range of the old text outside the replaced bytes is in the new text.
    pub fn moved(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= self.old_end {
            range.start - self.old_end + self.new_end..range.end - self.old_end + self.new_end
        } else {
            range
        }
    }

    /// Where an old offset is in the new text; `None` inside the replaced bytes.
    fn map(&self, old: usize) -> Option<usize> {
        if old < self.start {
            Some(old)
        } else if old >= self.old_end {
            Some(old - self.old_end + self.new_end)
        } else {
            None
        }
    }
}

/// What [`Syntax::edit`] parsed anew: the span of the new text, and what its chunks declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reparsed {
    pub region: Range<usize>,
    /// The declarations lowered from the span, at their offsets in the new text; no syntax errors.
    pub file: SourceFile,
}

/// What relowering replaced, for the analysis to check again only what may have changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relowered {
    /// The indices of the operations replaced, in the old `operations`.
    pub operations_before: Range<usize>,
    /// The indices of the operations lowered anew, in the new `operations`.
    pub operations_now: Range<usize>,
    /// The names of the operations replaced.
    pub operation_names_before: Vec<String>,
    /// Names of components whose declaration appeared, disappeared or changed its name, technology, kind
    /// or host.
    pub component_names: HashSet<String>,
    /// Whether a `system` or `component` line was replaced, changed or not.
    pub declarations_replaced: bool,
}

/// Brings `file`, lowered from the old text, up to date with `syntax`, which [`Syntax::edit`] brought up
/// to date with the new text, parsing anew what `reparsed` holds.
pub fn relower(file: &mut SourceFile, syntax: &Syntax, reparsed: Reparsed, splice: Splice) -> Relowered {
    let Reparsed { region, file: fresh } = reparsed;
    let delta = |offset: usize| offset - splice.old_end + splice.new_end;
    let fresh_declarations = !fresh.systems.is_empty() || !fresh.components.is_empty();
    let (systems, _) =
        replace(&mut file.systems, fresh.systems, &region, splice, |s| s.range.start, |s| s.moved(&delta));
    let text = |token: &Option<crate::syntax::Token>| token.as_ref().map(|t| t.text.clone());
    let declared = |c: &ComponentDecl| (c.name.text.clone(), text(&c.technology), text(&c.kind), text(&c.host));
    let added: Vec<_> = fresh.components.iter().map(declared).collect();
    let (removed, _) =
        replace(&mut file.components, fresh.components, &region, splice, |c| c.range.start, |c| c.moved(&delta));
    let declarations_replaced = fresh_declarations || !systems.is_empty() || !removed.is_empty();
    let removed: Vec<_> = removed.iter().map(declared).collect();
    let component_names = if removed == added {
        HashSet::new()
    } else {
        removed.into_iter().chain(added).map(|(name, ..)| name).collect()
    };
    let count = fresh.operations.len();
    let (removed, at) =
        replace(&mut file.operations, fresh.operations, &region, splice, |o| o.range.start, |o| o.moved(&delta));
    file.errors = syntax.errors();
    Relowered {
        operations_before: at..at + removed.len(),
        operations_now: at..at + count,
        operation_names_before: removed.into_iter().map(|operation| operation.name.text).collect(),
        component_names,
        declarations_replaced,
    }
}

/// Replaces the items of `items` (sorted, old offsets) that start in `region` or inside the replaced bytes
/// with `fresh` (sorted, new offsets), and moves those after the splice to their new offsets. Returns the
/// items replaced and the index they were at.
fn replace<T>(
    items: &mut Vec<T>,
    fresh: Vec<T>,
    region: &Range<usize>,
    splice: Splice,
    start: impl Fn(&T) -> usize,
    moved: impl Fn(&mut T),
) -> (Vec<T>, usize) {
    let new_start = |item: &T| splice.map(start(item));
    let first = items.partition_point(|item| new_start(item).is_some_and(|s| s < region.start));
    let end = first + items[first..].partition_point(|item| new_start(item).is_none_or(|s| s < region.end));
    items[end..].iter_mut().for_each(moved);
    (items.splice(first..end, fresh).collect(), first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_compose() {
        // "abcdef": replace "cd" with "XYZ" → "abXYZef", then insert "!" at 6 → "abXYZe!f".
        let first = Splice { start: 2, old_end: 4, new_end: 5 };
        let second = Splice { start: 6, old_end: 6, new_end: 7 };
        assert_eq!(first.then(second), Splice { start: 2, old_end: 5, new_end: 7 });
        // Then delete "ab" at the front: everything from old offset 5 on is at new offset 5.
        let third = Splice { start: 0, old_end: 2, new_end: 0 };
        assert_eq!(first.then(second).then(third), Splice { start: 0, old_end: 5, new_end: 5 });
    }
}
