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

/// Notes of operations that no request starts: they say what does.
pub const TRIGGERS: [&str; 6] = [
    "triggered by each committed change, not by a request",
    "runs on a schedule ⏰ — no request path",
    "メッセージ駆動: started by the stream, no HTTP path",
    "déclenché par l'événement du domaine, pas par l'API",
    "started by the nightly batch 🌙",
    "consumer-driven; the request path is the upstream write",
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

/// Descriptions of components, by the role they were declared for (tables, outboxes, processes).
pub fn purpose_descriptions(purpose: &str) -> &'static [&'static str] {
    match purpose {
        "idempotency" => &["one row per request, keyed by idempotency key", "clés d'idempotence, purgées après 24 h"],
        "dedup" => &["ids of events already applied", "処理済みイベントの ID"],
        "hold" => &["🔒 holds with holder and expiry", "one row per held seat"],
        "dead_letter" => &["messages that kept failing — à revoir", "poison messages, paged to on-call 📟"],
        "view" | "projection" => &["read model, one row per query shape", "dénormalisé pour la lecture"],
        "counter" => &["aggregate rows, sharded by id", "カウンター (sharded ×16)"],
        _ => &[],
    }
}

/// Descriptions of components, by their first kind.
pub fn kind_descriptions(kind: &str) -> &'static [&'static str] {
    match kind {
        "store" => &["primary store — données des commandes", "Zürich region, three replicas", "system of record 📒"],
        "table" => &["append-only, never updated", "one row per entity, versioned", "パーティション: 月ごと"],
        "outbox" => &["events committed with the row, relayed après commit", "outbox → relay → bus 📨"],
        "log" => &["domain events, partitioned by id", "retained 7 days, replayable ⏪"],
        "queue" => &["work queue, visibility timeout 30 s", "à traiter dans l'ordre d'arrivée"],
        "cdc" => &["tails the primary's WAL", "変更データキャプチャ"],
        "cache" => &["ホットキャッシュ (TTL 5 分)", "hot keys only; misses go to the store"],
        "search" => &["full-text search over titles 🔎", "index rebuilt from the store on mapping changes"],
        "time-series" => &["per-minute rollups, 90-day retention", "métriques par minute"],
        "coordination" => &["three-node quorum", "leases and leader election 🗳️"],
        "blob" => &["one object per batch, immutable", "versioned bucket, eu-west-1"],
        "worker" => &["stateless, scaled by lag", "idempotent consumer ♻️"],
        "scheduler" => &["runs every minute ⏰", "cron: 0 3 * * * (nightly)"],
        "service" => &["read API behind the gateway", "façade de recherche"],
        _ => &["see the runbook 📘"],
    }
}

/// Durations for a lease's expiry and the heartbeat that renews it, a third of it.
pub const LEASES: [(&str, &str); 8] = [
    ("9s", "3s"),
    ("15s", "5s"),
    ("30s", "10s"),
    ("45s", "15s"),
    ("90s", "30s"),
    ("1m30s", "30s"),
    ("3m", "1m"),
    ("6m", "2m"),
];

/// How long a hold lasts before it lapses.
pub const HOLDS: [&str; 7] = ["10m", "15m", "20m", "30m", "1h", "1h30m", "2h"];

/// Any other duration.
pub const DURATIONS: [&str; 6] = ["250ms", "30s", "90s", "5m", "2h", "7d"];

pub const COLUMNS: [&str; 3] = ["run_at", "due_at", "next_attempt_at"];

/// Names of the processes of a list role (`workers: …`, `consumers: …`).
pub const PROCESSES: [&str; 8] =
    ["audit", "notifier", "search_sync", "fanout", "billing", "metrics", "mailer", "archiver"];
