//! Dual writes: a write that commits to its store and then writes another system (a log, a queue, a
//! search engine, a second database) makes two writes that fail apart. An outbox in the store, or CDC
//! on it, turns them into one. A cache is left out: it is expected to lag and is rebuilt from the store.

use super::context::Rule;
use crate::analysis::checks::Sink;
use crate::analysis::Code;

/// The roles through which a write announces itself downstream: the write itself fills them.
const ANNOUNCING: [&str; 2] = ["events", "projection"];

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    if rule.method().as_deref() == Some("GET") {
        return;
    }
    let Some((_, truth)) = rule.truth() else { return };
    // The truth is itself a log (event sourcing): the request writes only the log.
    if rule.is_kind(truth, "log") {
        return;
    }
    // No stream between the request and the index: the request writes the engine itself.
    if rule.is_request_write() && rule.mechanism.id == "search-index" && !rule.is_set("stream") {
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
    // A derived mechanism's stream may be fed by a capture the design does not show: only a request that
    // writes it is known to write it itself.
    let stream = rule.is_request_write().then_some("stream");
    for role in ANNOUNCING.into_iter().chain(stream) {
        for bound in rule.bound(role) {
            let captured = ["outbox", "cdc", "cache"].iter().any(|kind| rule.is_kind(bound, kind));
            if captured || rule.is_process(bound) || rule.same_store(bound, truth) {
                continue;
            }
            let store = rule.store_name(truth);
            sink.report(
                Code::DualWrite,
                bound.token.range.clone(),
                format!(
                    "this write commits to `{store}` and then writes {} as well: two writes that fail apart, \
                     so a crash or a timeout between them loses the event (downstream never learns of the \
                     change) or, retried, sends it twice; write the event to an outbox in `{store}` in the same \
                     transaction, or capture `{store}`'s changes with CDC, and let a relay publish it",
                    rule.named(bound)
                ),
            );
        }
    }
}
