//! How a role's value resolves against the design's components and the catalog.

use super::{duration, Analysis};
use crate::catalog::Role;
use crate::syntax::Atom;
use std::ops::Range;

/// A component bound to a role of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use<'a> {
    /// Index into `file.operations`.
    pub operation: usize,
    /// The key of the field naming it.
    pub role: &'a str,
    /// The component name's token in the operation.
    pub range: Range<usize>,
}

/// What one value of a role resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// A declared component (index into `file.components`); its kind may still not fit the role.
    Component(usize),
    /// One of the role's accepted words.
    Word,
    /// A well-formed duration for a duration role.
    Duration,
    /// A column name for a column role.
    Column,
    /// An identifier that is neither a declared component nor a word the role accepts.
    Unresolved,
    /// A quantity that is not a duration: a unit that is not one of w, d, h, m, s, ms, units out of order,
    /// or too long a time; `duration::parse` says which.
    BadDuration,
    /// The wrong form of value altogether (a string, or a number where a name belongs).
    WrongForm,
}

pub(super) fn bind(analysis: &Analysis, role: &Role, atom: &Atom) -> Binding {
    match atom {
        Atom::Word(word) => {
            if role.words.contains(&word.text) {
                Binding::Word
            } else if let Some((index, _)) = analysis.component(&word.text) {
                if role.accepts_components() {
                    Binding::Component(index)
                } else {
                    Binding::WrongForm
                }
            } else if role.column {
                Binding::Column
            } else {
                Binding::Unresolved
            }
        }
        Atom::Quantity(quantity) if role.duration => {
            if duration::parse(&quantity.text).is_ok() {
                Binding::Duration
            } else {
                Binding::BadDuration
            }
        }
        Atom::Quantity(_) | Atom::Text(_) => Binding::WrongForm,
    }
}
