//! The vocabulary of generated designs: domain nouns and free text in several scripts, so positions are
//! exercised with multi-byte characters (2-byte é, 3-byte 日本語, 4-byte emoji).

/// The entity each module of the design is about.
pub const NOUNS: [&str; 16] = [
    "order", "booking", "payment", "ticket", "user", "post", "job", "flag", "invoice", "shipment", "review", "message",
    "device", "session", "report", "coupon",
];

pub const NOTES: [&str; 12] = [
    "idempotent: retrying the same request is a no-op",
    "rebuilt nightly — résumé of the day's changes",
    "日本語のメモ: 再試行は冪等です",
    "ships behind a flag 🚩, rollout 10% → 100%",
    "owned by the Zürich team; São Paulo reads a replica",
    "naïve retries are fine here: the guard rejects stale writes",
    "Ελληνικά: η ενημέρωση είναι ατομική",
    "latency budget ≤ 50 ms at p99 ⏱️",
    "reads fall back to the store when the cache misses",
    "emoji in text 🎉🔥 must not shift columns",
    "Привет: the consumer deduplicates by event id",
    "façade over the legacy API, café-hours batch",
];

pub const COMMENTS: [&str; 8] = [
    "Writes land in the store first; everything else is derived.",
    "注意: この操作は順序を保証しない",
    "The worker below is shared with the nightly repair — keep it idempotent.",
    "🔒 holds expire on their own; no manual cleanup.",
    "Crée la réservation puis publie l'événement.",
    "Ordering: by key only, not global.",
    "Σημείωση: the cache is a hint, never the truth.",
    "Reviewed 2024-05 ✔ by the platform group.",
];

pub const DESCRIPTIONS: [&str; 8] = [
    "primary store — données des commandes",
    "one row per request, keyed by idempotency key",
    "domain events, partitioned by id",
    "ホットキャッシュ (TTL 5 分)",
    "full-text search over titles 🔎",
    "runs every minute ⏰",
    "Zürich region, three replicas",
    "append-only, never updated",
];

pub const DURATIONS: [&str; 6] = ["250ms", "30s", "90s", "5m", "2h", "7d"];

pub const COLUMNS: [&str; 3] = ["run_at", "due_at", "next_attempt_at"];
