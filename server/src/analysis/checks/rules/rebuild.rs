//! Rebuildability: derived data (a view, a count, a ranking, an index) is lost sooner or later, to a
//! restart, an eviction, a bug or a new format, and must be rebuilt from the truth. That takes a
//! rebuild or repair job, or a way back up the flow to data that can be read again: a durable log or
//! CDC to replay, or a durable store to recompute from. A queue that deletes what it delivers (an
//! outbox's relay too) is a dead end on that way; a non-durable step is passed, as it is rebuilt too.

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
            let way_back = way_back(rule, &role.key);
            let fix = fix(rule);
            match way_back {
                WayBack::Open => {}
                WayBack::DeadEnd(feed, why) => sink.report(
                    Code::Unrebuildable,
                    derived.token.range.clone(),
                    format!(
                        "{} is fed only by {}, {why}: when this `{}` is lost or a bug corrupts it, nothing can \
                         replay the changes to rebuild it, and a change the worker drops is gone for good; {fix}",
                        rule.named(derived),
                        rule.named(feed),
                        role.key
                    ),
                ),
                WayBack::None if !guarantees.durable => sink.report(
                    Code::Unrebuildable,
                    derived.token.range.clone(),
                    format!(
                        "{} is not durable and nothing rebuilds it: after a restart or an eviction this `{}` is \
                         empty or partial until each entry happens to change again; {fix}",
                        rule.named(derived),
                        role.key
                    ),
                ),
                WayBack::None => {}
            }
        }
    }
}

enum WayBack<'a> {
    /// Up the flow there is data that can be read again.
    Open,
    /// Every way up the flow passes a feed that does not keep what it delivers, such as this one, for
    /// this reason.
    DeadEnd(Bound<'a>, &'static str),
    None,
}

/// Walks the flow up from `role`: past processes and unbound roles, and past non-durable data at rest,
/// which is rebuilt along with what it feeds when a log further up replays it; to data that can be read
/// again, or to a feed that does not keep what it delivered. Durable data at rest reopens the way only as
/// the input the derived data is computed from, not behind data that was lost with it.
fn way_back<'a>(rule: &Rule<'a>, role: &str) -> WayBack<'a> {
    let edges = rule.mechanism.edges();
    let mut seen = vec![role];
    // Each role to walk up from, and whether the way there passed data that is lost too.
    let mut walking = vec![(role, false)];
    let mut deleting = None;
    while let Some((current, past_lost)) = walking.pop() {
        for &(from, to) in &edges {
            if to != current || seen.contains(&from) {
                continue;
            }
            seen.push(from);
            let Some(bound) = rule.first(from) else {
                walking.push((from, past_lost));
                continue;
            };
            let guarantees = rule.guarantees(bound);
            let durable = guarantees.is_some_and(|g| g.durable);
            let replayable = guarantees.and_then(|g| g.retention) == Some(Retention::Replayable);
            if durable && (rule.is_kind(bound, "cdc") || replayable) {
                return WayBack::Open;
            }
            if let Some(why) = dead_end(rule, bound) {
                deleting.get_or_insert((bound, why));
            } else if rule.is_process(bound) {
                walking.push((from, past_lost));
            } else if durable && !past_lost {
                return WayBack::Open;
            } else {
                walking.push((from, past_lost || !durable));
            }
        }
    }
    deleting.map_or(WayBack::None, |(bound, why)| WayBack::DeadEnd(bound, why))
}

/// Why a feed cannot be read again, when it cannot: it deletes on ack, its relay deletes the outbox's
/// rows, or it is a log or queue kept only in memory.
fn dead_end(rule: &Rule, bound: Bound) -> Option<&'static str> {
    let guarantees = rule.guarantees(bound);
    if guarantees.and_then(|g| g.retention) == Some(Retention::DeleteOnAck) {
        Some("which deletes each message once it is handled")
    } else if rule.is_kind(bound, "outbox") {
        Some("whose rows its relay deletes once they are published")
    } else if ["log", "queue"].iter().any(|k| rule.is_kind(bound, k)) && !guarantees.is_some_and(|g| g.durable) {
        Some("which keeps its messages only in memory")
    } else {
        None
    }
}

/// How to give derived data a way back, in this mechanism's terms.
fn fix(rule: &Rule) -> String {
    let source = rule.truth().map(|(_, truth)| format!("`{}`", rule.store_name(truth)));
    let source = source.unwrap_or_else(|| "the source of truth".to_string());
    if rule.mechanism.role("rebuild").is_some() {
        format!("add `rebuild:` with a job that recomputes it from {source}, or feed it from a retained log or CDC")
    } else {
        format!("feed it from a retained log or CDC on {source}, or keep what it is computed from in a durable store")
    }
}
