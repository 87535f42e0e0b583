//! Consumers and retries: a stream that delivers at least once redelivers, so increments need
//! deduplication; clients retry a `POST`, so a create needs an idempotency key; a queue redelivers a
//! message that always fails, so its worker needs somewhere to park it.

use super::context::Rule;
use crate::analysis::checks::Sink;
use crate::analysis::{operation_keys, Code};
use crate::catalog::{Delivery, Retention};

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    increments(rule, sink);
    idempotency_key(rule, sink);
    dead_letter(rule, sink);
}

/// A counter's asynchronous updater that applies deltas from an at-least-once stream with no dedup.
fn increments(rule: &Rule, sink: &mut Sink) {
    if rule.mechanism.id != "counter" || rule.is_set("dedup") {
        return;
    }
    let (Some(updater), Some(stream)) = (rule.first("updater"), rule.first("stream")) else { return };
    // A stream processor with exactly-once state (Flink) counts each event once in its own state.
    if rule.guarantees(updater).and_then(|g| g.delivery) == Some(Delivery::ExactlyOnce) {
        return;
    }
    let at_least_once = rule.guarantees(stream).and_then(|g| g.delivery) == Some(Delivery::AtLeastOnce)
        || ["outbox", "cdc"].iter().any(|kind| rule.is_kind(stream, kind));
    if !at_least_once {
        return;
    }
    sink.report(
        Code::DuplicateIncrements,
        updater.token.range.clone(),
        format!(
            "{} applies increments from {}, which delivers at least once: an event redelivered after a crash \
             or a rebalance is counted twice, and the count drifts up for good; record the ids of applied \
             events in a `dedup:` table, in the same transaction as the count, or make each update idempotent \
             (set a value rather than add to it)",
            rule.named(updater),
            rule.named(stream)
        ),
    );
}

/// A `POST` insert without idempotency keys.
fn idempotency_key(rule: &Rule, sink: &mut Sink) {
    if rule.mechanism.id != "insert" || rule.is_set("idempotency") || rule.method().as_deref() != Some("POST") {
        return;
    }
    let Some(path) = operation_keys::field(rule.analysis.catalog(), rule.operation, "path") else { return };
    sink.report(
        Code::NoIdempotencyKey,
        path.key.range.clone(),
        "clients retry a `POST` that timed out, and each retry inserts a twin: take an idempotency key from \
         the client and bind `idempotency:` to where the keys and first results are kept, or allow \
         `no-idempotency-key` when a natural unique key already rejects the second insert",
    );
}

/// A queue that redelivers, or a log whose failing record blocks its partition, feeding a worker in a
/// mechanism that can park what keeps failing, with nowhere to park it.
fn dead_letter(rule: &Rule, sink: &mut Sink) {
    if rule.mechanism.role("dead_letter").is_none() || rule.is_set("dead_letter") {
        return;
    }
    for (from, to) in rule.mechanism.edges() {
        let Some(feed) = rule.first(from) else { continue };
        if !rule.feeds_a_process(to) {
            continue;
        }
        let Some(guarantees) = rule.guarantees(feed) else { continue };
        let redelivers = rule.is_kind(feed, "queue")
            && guarantees.delivery == Some(Delivery::AtLeastOnce)
            && (guarantees.retention == Some(Retention::DeleteOnAck) || guarantees.lease);
        let blocks = rule.is_kind(feed, "log") && guarantees.retention == Some(Retention::Replayable);
        let what = if redelivers {
            "redelivers a message until it is handled: one that always fails (a poison message) is retried for \
             ever or, past the queue's limit, silently dropped"
        } else if blocks {
            "hands its records out in order: one its consumer always fails on (a poison record) is retried for \
             ever and holds up everything behind it in its partition, or is skipped and lost"
        } else {
            continue;
        };
        sink.report(
            Code::NoDeadLetter,
            feed.token.range.clone(),
            format!(
                "{} {what}; bind `dead_letter:` to where failures are parked for a person or the reconciler",
                rule.named(feed)
            ),
        );
        return;
    }
}
