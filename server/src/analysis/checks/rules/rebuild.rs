//! Rebuildability: derived data (a view, a count, a ranking, an index) is lost sooner or later, to a
//! restart, an eviction, a bug or a new format, and must be rebuilt from the truth. That takes a
//! replayable feed (a retained log, CDC), a rebuild or repair job, or a durable upstream to recompute
//! from; a feed that deletes what it delivers, or a non-durable home, with none of those, loses it.

use super::context::{Bound, Rule};
use crate::analysis::checks::Sink;
use crate::analysis::Code;
use crate::catalog::Retention;

/// Roles that rebuild or repair derived data.
const REBUILDERS: [&str; 2] = ["rebuild", "repair"];

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    let mechanism = rule.mechanism;
    // A rebuilder is bound, or one is required and its absence is reported already.
    let rebuilder = REBUILDERS.iter().any(|key| rule.is_set(key) || mechanism.role(key).is_some_and(|r| r.required));
    if rebuilder {
        return;
    }
    for role in mechanism.roles.iter().filter(|r| r.derived) {
        for derived in rule.bound(&role.key) {
            let Some(guarantees) = rule.guarantees(derived) else { continue };
            let upstream = rule.upstream(&role.key);
            let replayable = upstream.iter().any(|&up| replayable(rule, up));
            if replayable {
                continue;
            }
            let deleting = upstream
                .iter()
                .copied()
                .find(|&up| rule.guarantees(up).and_then(|g| g.retention) == Some(Retention::DeleteOnAck));
            let durable_upstream =
                upstream.iter().any(|&up| rule.guarantees(up).is_some_and(|g| g.durable && g.retention.is_none()));
            let source = rule.truth().map(|(_, truth)| format!("`{}`", rule.store_name(truth)));
            let source = source.unwrap_or_else(|| "the source of truth".to_string());
            let fix = format!(
                "add `rebuild:` with a job that recomputes it from {source}, or feed it from a retained log or CDC"
            );
            if let Some(queue) = deleting {
                sink.report(
                    Code::Unrebuildable,
                    derived.token.range.clone(),
                    format!(
                        "{} is fed only by {}, which deletes each message once it is handled: when this `{}` is \
                         lost or a bug corrupts it, nothing can replay the changes to rebuild it, and a change the \
                         worker drops is gone for good; {fix}",
                        rule.named(derived),
                        rule.named(queue),
                        role.key
                    ),
                );
            } else if !guarantees.durable && !durable_upstream {
                sink.report(
                    Code::Unrebuildable,
                    derived.token.range.clone(),
                    format!(
                        "{} is not durable and nothing rebuilds it: after a restart or an eviction this `{}` is \
                         empty or partial until each entry happens to change again; {fix}",
                        rule.named(derived),
                        role.key
                    ),
                );
            }
        }
    }
}

/// A feed that keeps what it delivers, durably, so the derived data can be rebuilt by reading it again.
fn replayable(rule: &Rule, bound: Bound) -> bool {
    let guarantees = rule.guarantees(bound);
    let durable = guarantees.is_some_and(|g| g.durable);
    durable && (rule.is_kind(bound, "cdc") || guarantees.and_then(|g| g.retention) == Some(Retention::Replayable))
}
