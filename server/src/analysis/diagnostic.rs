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

/// Declares the codes: each variant with its stable name, severity, summary and example, in one table.
macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal, $example:literal;)*) => {
        /// Every diagnostic code the analysis can report. The string form is stable: users filter on it
        /// and silence it with `allow:`, the README documents it, and tests name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
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

            /// When it is reported, in a line (Markdown): for the README, hovers and completion.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            /// A design that draws it (Markdown).
            pub fn example(self) -> &'static str {
                match self {
                    $(Code::$variant => $example,)*
                }
            }
        }
    };
}

codes! {
    SyntaxError = "syntax-error", Error,
        "a line does not parse; the message says what belongs there",
        "`compnent db: postgres`, `shape create`, a missing `}`";
    UnknownMechanism = "unknown-mechanism", Error,
        "`mechanism:` names no catalog mechanism (with \"did you mean\")",
        "`mechanism: insret`";
    UnknownTechnology = "unknown-technology", Error,
        "a component's technology is not in the catalog: a typo gets \"did you mean\", anything else the nearest names and the escape hatch `as KIND`",
        "`component db: postgress`";
    UnknownKind = "unknown-kind", Error,
        "`as KIND` names no kind",
        "`component agg: flink-sql as workr`";
    UnknownShape = "unknown-shape", Error,
        "`shape:` names no shape",
        "`shape: derived`";
    UnknownRole = "unknown-role", Error,
        "a key is neither `path`, `shape`, `mechanism`, `note` nor a role of the mechanism (a misspelled or capitalised `path`, `shape`, `mechanism` or `note` gets a \"did you mean\" and is still read as that key)",
        "`colour: blue` in an insert, `Mechanism: insert`";
    UnknownWord = "unknown-word", Error,
        "a word the role does not accept, where the role takes words",
        "`token: fencing-tokn`";
    UndeclaredComponent = "undeclared-component", Error,
        "a role or `in` names a component that is not declared",
        "`indexer: price_indexer` with no such component";
    DuplicateComponent = "duplicate-component", Error,
        "a component name is declared twice",
        "two `component hot: …` lines";
    DuplicateOperation = "duplicate-operation", Error,
        "two operations share a name",
        "two `operation \"create order\"` blocks";
    DuplicateRole = "duplicate-role", Error,
        "a key appears twice in one operation",
        "two `store:` lines";
    DuplicateSystem = "duplicate-system", Error,
        "a second `system` line",
        "`system \"A\"` then `system \"B\"`";
    InvalidValue = "invalid-value", Error,
        "a value of the wrong form for its key",
        "`expiry: 30x`, `source: \"db\"`, `shape: a, b`";
    InvalidHost = "invalid-host", Error,
        "`in` on a technology that is not a table or outbox, or a host that is not a store",
        "`component keys: table in hot` where `hot` is redis";
    TechnologyKindMismatch = "technology-kind-mismatch", Error,
        "a known technology declared `as` a kind it cannot be",
        "`component hot: redis as search`";
    ZeroDuration = "zero-duration", Error,
        "a lease's expiry or heartbeat, or a hold's expiry, of zero",
        "`expiry: 0s`";
    HeartbeatNotBelowExpiry = "heartbeat-not-below-expiry", Error,
        "a claim's heartbeat at or above its expiry: a healthy holder loses its claim",
        "`expiry: 30s` with `heartbeat: 30s`";
    MissingValue = "missing-value", Warning,
        "a key or component with nothing after the `:`",
        "`indexer:`";
    MissingMechanism = "missing-mechanism", Warning,
        "an operation without `mechanism:`",
        "`operation \"refresh prices\" { shape: derive }`";
    MissingRole = "missing-role", Warning,
        "a required role of the mechanism is not bound; says what the design loses",
        "a `claim-lease` without `reclaimer`";
    RoleKindMismatch = "role-kind-mismatch", Warning,
        "a component of a kind the role cannot take",
        "`engine: hot` where `hot` is redis, not a search engine";
    ShapeMismatch = "shape-mismatch", Warning,
        "the shape is not one the mechanism realizes",
        "`shape: overwrite` with `mechanism: insert`";
    SlowHeartbeat = "slow-heartbeat", Warning,
        "a heartbeat above half the expiry: one slow renewal expires a healthy claim",
        "`expiry: 30s` with `heartbeat: 20s`";
    ImplausibleDuration = "implausible-duration", Warning,
        "an expiry of a year or more: a lock a crash leaves taken",
        "`expiry: 400d`";
    NotDurable = "not-durable", Warning,
        "a role that holds the source of truth is bound to a technology that loses data",
        "`store: profiles` where `profiles` is redis";
    NoMultiItemTransactions = "no-multi-item-transactions", Warning,
        "`transaction: yes` on a store without multi-item transactions",
        "`transaction: yes` with a Cassandra `store`";
    NoConditionalWrites = "no-conditional-writes", Warning,
        "a guard or frontier on a store without compare-and-set",
        "versioned-overwrite on ClickHouse";
    NoAtomicIncrements = "no-atomic-increments", Warning,
        "a counter on a store without atomic increments",
        "`counter: stats` where `stats` is clickhouse";
    NoRangeScans = "no-range-scans", Warning,
        "a due-time index on a store that orders only within a partition",
        "`due-scan` with a Cassandra `table`";
    NoOrderedRanking = "no-ordered-ranking", Warning,
        "a ranking on a store without sorted sets or ordered indexes",
        "`ranked:` a table in DynamoDB";
    SharedLocalCache = "shared-local-cache", Warning,
        "a snapshot's `local_cache` that is a shared remote cache",
        "`local_cache: shared` where `shared` is redis";
    SplitTransaction = "split-transaction", Warning,
        "an outbox, a hold or a write-through counter in another store than the state it must commit with",
        "a workflow's `outbox` `in` another database";
    DualWrite = "dual-write", Warning,
        "a request commits to its store and also writes a log, queue or search engine directly, instead of through an outbox or CDC",
        "`path: POST /posts` with `events: bus` where `bus` is kafka";
    Unrebuildable = "unrebuildable", Warning,
        "derived data fed only by a queue that deletes on ack, or kept only in a non-durable store, with no rebuild or repair path",
        "a view in redis fed by SQS";
    DuplicateIncrements = "duplicate-increments", Warning,
        "a counter's updater applies increments from an at-least-once stream without `dedup`",
        "`updater: w` and `stream: bus` with no `dedup:`";
    UnfencedLease = "unfenced-lease", Warning,
        "a lease in a store that cannot reject a stale holder's write: the token must be checked by the resource",
        "`claim-lease` with `store:` an SQS queue";
    PathNotNormalized = "path-not-normalized", Hint,
        "lower-case method, literal id, trailing slash, `//`, malformed `{param}`, another router's `:param` or `*`",
        "`path: post /orders/123/`, `GET /orders/:order_id`";
    UnusedComponent = "unused-component", Hint,
        "no operation binds the component and nothing lives `in` it (shown faded in editors)",
        "`component spare: worker`";
    UnknownGuarantees = "unknown-guarantees", Hint,
        "a technology the catalog lacks, declared `as` a kind: checked as that kind, its guarantees unknown",
        "`component agg: flink-sql as worker`";
    IdempotencyElsewhere = "idempotency-elsewhere", Hint,
        "an insert's idempotency keys in another store than its rows: a second write",
        "`idempotency: keys` where `keys` is redis";
    NoIdempotencyKey = "no-idempotency-key", Hint,
        "a `POST` insert without `idempotency`",
        "`path: POST /orders` with no `idempotency:`";
    StaleCache = "stale-cache", Hint,
        "a read's cache with no `invalidation`: after a write it serves the old value until eviction",
        "`mechanism: source-read` with `cache:` and no `invalidation:`";
    NoDeadLetter = "no-dead-letter", Hint,
        "a redelivering queue with no `dead_letter` where the mechanism can park failures",
        "a workflow `queue:` on SQS without `dead_letter:`";
    WriteShapeOnRead = "write-shape-on-read", Hint,
        "a write shape on a `GET` path",
        "`path: GET /feed` with `shape: derive`";
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
