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

/// Declares the codes: each variant with its stable name and its severity, in one table.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident;)*) => {
        /// Every diagnostic code the analysis can report. The string form is stable: users filter on it
        /// and silence it with `allow:`, the README documents it, and tests name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    SyntaxError = "syntax-error", Error;
    UnknownMechanism = "unknown-mechanism", Error;
    UnknownTechnology = "unknown-technology", Error;
    /// `as KIND` names no kind.
    UnknownKind = "unknown-kind", Error;
    UnknownShape = "unknown-shape", Error;
    UnknownRole = "unknown-role", Error;
    UnknownWord = "unknown-word", Error;
    UndeclaredComponent = "undeclared-component", Error;
    DuplicateComponent = "duplicate-component", Error;
    DuplicateOperation = "duplicate-operation", Error;
    DuplicateRole = "duplicate-role", Error;
    DuplicateSystem = "duplicate-system", Error;
    InvalidValue = "invalid-value", Error;
    InvalidHost = "invalid-host", Error;
    /// A known technology declared `as` a kind it cannot be.
    TechnologyKindMismatch = "technology-kind-mismatch", Error;
    /// A lease's or hold's duration of zero.
    ZeroDuration = "zero-duration", Error;
    /// A heartbeat at or above the expiry it renews.
    HeartbeatNotBelowExpiry = "heartbeat-not-below-expiry", Error;
    MissingValue = "missing-value", Warning;
    MissingMechanism = "missing-mechanism", Warning;
    MissingRole = "missing-role", Warning;
    RoleKindMismatch = "role-kind-mismatch", Warning;
    ShapeMismatch = "shape-mismatch", Warning;
    /// A heartbeat above half the expiry.
    SlowHeartbeat = "slow-heartbeat", Warning;
    /// A duration of years, or far beyond what the role can mean.
    ImplausibleDuration = "implausible-duration", Warning;
    /// A source of truth on a technology that loses data.
    NotDurable = "not-durable", Warning;
    NoMultiItemTransactions = "no-multi-item-transactions", Warning;
    NoConditionalWrites = "no-conditional-writes", Warning;
    NoAtomicIncrements = "no-atomic-increments", Warning;
    NoRangeScans = "no-range-scans", Warning;
    NoOrderedRanking = "no-ordered-ranking", Warning;
    /// A local cache that is a shared remote one.
    SharedLocalCache = "shared-local-cache", Warning;
    /// Two writes that must commit together land in different stores.
    SplitTransaction = "split-transaction", Warning;
    /// A request writes its store and a log, queue or search engine as two writes.
    DualWrite = "dual-write", Warning;
    /// Derived data that nothing can rebuild once it is lost.
    Unrebuildable = "unrebuildable", Warning;
    /// Increments from an at-least-once stream without deduplication.
    DuplicateIncrements = "duplicate-increments", Warning;
    /// A lease whose store cannot reject a stale holder.
    UnfencedLease = "unfenced-lease", Warning;
    PathNotNormalized = "path-not-normalized", Hint;
    UnusedComponent = "unused-component", Hint;
    /// A technology the catalog lacks, checked as the kind it is declared `as`.
    UnknownGuarantees = "unknown-guarantees", Hint;
    /// Idempotency keys kept apart from the rows they protect.
    IdempotencyElsewhere = "idempotency-elsewhere", Hint;
    /// A `POST` create without idempotency keys.
    NoIdempotencyKey = "no-idempotency-key", Hint;
    /// A worker fed by a redelivering queue without a dead-letter queue.
    NoDeadLetter = "no-dead-letter", Hint;
    /// A write shape on a `GET` path.
    WriteShapeOnRead = "write-shape-on-read", Hint;
}

impl Code {
    /// The code named `name`.
    pub fn named(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == name)
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
