//! Diagnostics as the analysis reports them: byte ranges, severities and stable codes.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

/// Every diagnostic code the analysis can report. The string form is stable: users filter on it, the
/// README documents it, and tests name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    SyntaxError,
    UnknownMechanism,
    UnknownTechnology,
    UnknownShape,
    UnknownRole,
    UnknownWord,
    UndeclaredComponent,
    DuplicateComponent,
    DuplicateOperation,
    DuplicateRole,
    DuplicateSystem,
    InvalidValue,
    InvalidHost,
    MissingValue,
    MissingMechanism,
    MissingRole,
    RoleKindMismatch,
    ShapeMismatch,
    PathNotNormalized,
    UnusedComponent,
}

impl Code {
    pub const ALL: [Code; 20] = [
        Code::SyntaxError,
        Code::UnknownMechanism,
        Code::UnknownTechnology,
        Code::UnknownShape,
        Code::UnknownRole,
        Code::UnknownWord,
        Code::UndeclaredComponent,
        Code::DuplicateComponent,
        Code::DuplicateOperation,
        Code::DuplicateRole,
        Code::DuplicateSystem,
        Code::InvalidValue,
        Code::InvalidHost,
        Code::MissingValue,
        Code::MissingMechanism,
        Code::MissingRole,
        Code::RoleKindMismatch,
        Code::ShapeMismatch,
        Code::PathNotNormalized,
        Code::UnusedComponent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::SyntaxError => "syntax-error",
            Code::UnknownMechanism => "unknown-mechanism",
            Code::UnknownTechnology => "unknown-technology",
            Code::UnknownShape => "unknown-shape",
            Code::UnknownRole => "unknown-role",
            Code::UnknownWord => "unknown-word",
            Code::UndeclaredComponent => "undeclared-component",
            Code::DuplicateComponent => "duplicate-component",
            Code::DuplicateOperation => "duplicate-operation",
            Code::DuplicateRole => "duplicate-role",
            Code::DuplicateSystem => "duplicate-system",
            Code::InvalidValue => "invalid-value",
            Code::InvalidHost => "invalid-host",
            Code::MissingValue => "missing-value",
            Code::MissingMechanism => "missing-mechanism",
            Code::MissingRole => "missing-role",
            Code::RoleKindMismatch => "role-kind-mismatch",
            Code::ShapeMismatch => "shape-mismatch",
            Code::PathNotNormalized => "path-not-normalized",
            Code::UnusedComponent => "unused-component",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::SyntaxError
            | Code::UnknownMechanism
            | Code::UnknownTechnology
            | Code::UnknownShape
            | Code::UnknownRole
            | Code::UnknownWord
            | Code::UndeclaredComponent
            | Code::DuplicateComponent
            | Code::DuplicateOperation
            | Code::DuplicateRole
            | Code::DuplicateSystem
            | Code::InvalidValue
            | Code::InvalidHost => Severity::Error,
            Code::MissingValue
            | Code::MissingMechanism
            | Code::MissingRole
            | Code::RoleKindMismatch
            | Code::ShapeMismatch => Severity::Warning,
            Code::PathNotNormalized | Code::UnusedComponent => Severity::Hint,
        }
    }

    /// Whether the flagged text can be deleted without loss (rendered faded by editors).
    pub fn unnecessary(self) -> bool {
        self == Code::UnusedComponent
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range of the offending token in the document.
    pub range: Range<usize>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, range: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic { range, code, severity: code.severity(), message: message.into() }
    }
}
