//! A mistake in a design.toml: where it is, how serious, and what to do about it.

use crate::analysis::Severity;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range of the token at fault: a key, a value or a table header.
    pub range: Range<usize>,
    /// An error leaves out the entry it is in (a technology, a mechanism, one severity); a warning
    /// does not.
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Problem {
    pub fn error(range: Range<usize>, message: impl Into<String>) -> Self {
        Problem { range, severity: Severity::Error, message: message.into() }
    }

    pub fn warning(range: Range<usize>, message: impl Into<String>) -> Self {
        Problem { range, severity: Severity::Warning, message: message.into() }
    }
}
