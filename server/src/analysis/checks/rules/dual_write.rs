//! Dual writes: a request that commits to its store and then publishes to a log, queue or search
//! engine makes two writes that fail apart. An outbox in the store, or CDC on it, turns them into one.

use super::context::Rule;
use crate::analysis::checks::Sink;
use crate::analysis::Code;

/// The roles through which a write announces itself downstream.
const ANNOUNCING: [&str; 3] = ["events", "projection", "stream"];
/// Kinds that are a second system to write to, not part of the store or a capture of it.
const SEPARATE: [&str; 3] = ["log", "queue", "search"];

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    if !rule.is_request_write() {
        return;
    }
    let Some((_, truth)) = rule.truth() else { return };
    // The truth is itself a log (event sourcing): the request writes only the log.
    if rule.is_kind(truth, "log") {
        return;
    }
    // No stream between the request and the index: the request writes the engine itself.
    if rule.mechanism.id == "search-index" && !rule.is_set("stream") {
        for engine in rule.bound("engine") {
            let store = rule.store_name(truth);
            sink.report(
                Code::DualWrite,
                engine.token.range.clone(),
                format!(
                    "this request commits to `{store}` and writes {} itself, with no stream between them: two \
                     writes that fail apart, so a crash or a timeout between them leaves the index without the \
                     change until something rewrites that document, and the engine's latency and outages become \
                     the request's; bind `stream:` to CDC or an outbox on `{store}` and let the indexer consume it",
                    rule.named(engine)
                ),
            );
        }
    }
    for role in ANNOUNCING {
        for bound in rule.bound(role) {
            let separate = SEPARATE.iter().any(|kind| rule.is_kind(bound, kind));
            let captured = ["outbox", "cdc"].iter().any(|kind| rule.is_kind(bound, kind));
            if !separate || captured || rule.same_store(bound, truth) {
                continue;
            }
            let store = rule.store_name(truth);
            sink.report(
                Code::DualWrite,
                bound.token.range.clone(),
                format!(
                    "this request commits to `{store}` and then writes {} as well: two writes that fail apart, \
                     so a crash or a timeout between them loses the event (downstream never learns of the \
                     change) or, retried, sends it twice; write the event to an outbox in `{store}` in the same \
                     transaction, or capture `{store}`'s changes with CDC, and let a relay publish it",
                    rule.named(bound)
                ),
            );
        }
    }
}
