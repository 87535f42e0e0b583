//! Same-store atomicity: what must commit together has to live in one store, where one transaction can
//! hold it. An outbox records the writes of the store it lives in; a hold and the inventory it holds, a
//! write-through counter and the rows it counts, change together; idempotency keys belong with the rows
//! they protect.

use super::context::{Bound, Rule};
use crate::analysis::checks::Sink;
use crate::analysis::Code;

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    let truth = rule.truth();
    // An outbox, whatever role it fills, records the writes of the truth's store.
    if let Some((truth_role, truth)) = truth {
        for role in &rule.mechanism.roles {
            for bound in rule.bound(&role.key).into_iter().filter(|b| rule.is_kind(*b, "outbox")) {
                if !rule.same_store(bound, truth) {
                    split(rule, sink, bound, truth, &truth_role.key, OUTBOX);
                }
            }
        }
    }
    let pairs: [(&str, &str, &str, &str); 3] = [
        ("workflow", "outbox", "state", OUTBOX),
        ("hold", "hold", "inventory", HOLD),
        ("counter", "counter", "source", WRITE_THROUGH),
    ];
    for (mechanism, role, with, why) in pairs {
        if rule.mechanism.id != mechanism || (mechanism == "counter" && rule.word("updater").is_none()) {
            continue;
        }
        let (Some(bound), Some(other)) = (rule.first(role), rule.first(with)) else { continue };
        // An outbox was judged above.
        let judged = role == "outbox" && rule.is_kind(bound, "outbox");
        if !judged && !rule.same_store(bound, other) {
            split(rule, sink, bound, other, with, why);
        }
    }
    if rule.mechanism.id == "insert" {
        if let (Some(keys), Some(store)) = (rule.first("idempotency"), rule.first("store")) {
            if !rule.same_store(keys, store) {
                let store_name = rule.store_name(store);
                sink.report(
                    Code::IdempotencyElsewhere,
                    keys.token.range.clone(),
                    format!(
                        "{} keeps the idempotency keys apart from the rows in `{store_name}`: recording the key \
                         and inserting the row are two writes, so a crash between them loses the key (a retry \
                         inserts a twin) or the row (a retry answers with a result that was never stored); keep \
                         the keys in `{store_name}`, written in the insert's transaction",
                        rule.named(keys)
                    ),
                );
            }
        }
    }
}

const OUTBOX: &str = "the state change and its event cannot commit in one transaction, so a crash between them \
                      loses the event or sends it for a change that never committed";
const HOLD: &str = "taking the hold and changing the inventory cannot commit in one transaction, so a crash or a \
                    race between them sells a held seat twice or holds one that is already gone";
const WRITE_THROUGH: &str = "the write and its count cannot commit in one transaction, so a crash between them \
                             leaves the count off for good";

/// Reports `bound`, which must share a transaction with `other` (bound to `with`) but lives elsewhere.
fn split(rule: &Rule, sink: &mut Sink, bound: Bound, other: Bound, with: &str, why: &str) {
    let there = rule.store_name(other);
    let hosted = rule.analysis.store_of(bound.index) != Some(bound.index);
    let fix = if hosted {
        format!("declare it `in {there}`")
    } else {
        format!("keep it in `{there}`, as a table `in {there}`")
    };
    sink.report(
        Code::SplitTransaction,
        bound.token.range.clone(),
        format!("{} is not in `{there}`, where `{with}` is: {why}; {fix}", rule.named(bound)),
    );
}
