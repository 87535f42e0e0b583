//! What the bound components guarantee against what the mechanism needs of them: a durable source of
//! truth, the guarantees each role lists in the catalog, and multi-item transactions where
//! `transaction: yes` asks for them.

use super::context::Rule;
use crate::analysis::checks::Sink;
use crate::analysis::Code;
use crate::catalog::{Guarantee, Guarantees, Need, RangeScans, Transactions};

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    let mechanism = rule.mechanism;
    for role in &mechanism.roles {
        for bound in rule.bound(&role.key) {
            let Some(guarantees) = rule.guarantees(bound) else { continue };
            if role.truth && !guarantees.durable {
                sink.report(
                    Code::NotDurable,
                    bound.token.range.clone(),
                    format!(
                        "{} is not durable, but `{}` holds the source of truth of {}: a restart or a failover \
                         loses writes it acknowledged, and nothing can bring them back; keep the truth in a \
                         durable store, and this as a cache or projection of it",
                        rule.named(bound),
                        role.key,
                        mechanism.id
                    ),
                );
            }
            for need in role.needs.iter().filter(|need| !guarantees.has(need.guarantee) && !excused(rule, need)) {
                sink.report(
                    code(need.guarantee),
                    bound.token.range.clone(),
                    format!(
                        "{} has no {}{}, and `{}` of {} needs it: {}",
                        rule.named(bound),
                        need.guarantee.name(),
                        partly(need.guarantee, guarantees),
                        role.key,
                        mechanism.id,
                        need.because
                    ),
                );
            }
        }
    }
    transaction(rule, sink);
}

/// Whether the need is lifted by another role's component (an exactly-once stream processor needs no
/// atomic increments).
fn excused(rule: &Rule, need: &Need) -> bool {
    let Some(unless) = &need.unless else { return false };
    rule.first(&unless.role).and_then(|bound| rule.guarantees(bound)).is_some_and(|g| g.has(unless.has))
}

/// The code of a missing guarantee a role needs. The catalog's tests hold every `needs` to these.
pub fn code(guarantee: Guarantee) -> Code {
    match guarantee {
        Guarantee::ConditionalWrites => Code::NoConditionalWrites,
        Guarantee::AtomicIncrements => Code::NoAtomicIncrements,
        Guarantee::RangeScans => Code::NoRangeScans,
        Guarantee::Ranking => Code::NoOrderedRanking,
        Guarantee::Local => Code::SharedLocalCache,
        Guarantee::Transactions => Code::NoMultiItemTransactions,
        Guarantee::Durable | Guarantee::Ttl | Guarantee::Lease | Guarantee::ExactlyOnce => Code::NotDurable,
    }
}

/// What the technology has short of the guarantee: " (only within one partition)".
fn partly(guarantee: Guarantee, guarantees: &Guarantees) -> &'static str {
    match guarantee {
        Guarantee::RangeScans if guarantees.range_scans == RangeScans::Partition => " (only within one partition)",
        Guarantee::Transactions if guarantees.transactions == Transactions::SingleItem => {
            " (only within one row or partition)"
        }
        _ => "",
    }
}

/// `transaction: yes` on a store without multi-item transactions.
fn transaction(rule: &Rule, sink: &mut Sink) {
    let Some(yes) = rule.word("transaction").filter(|word| word.text == "yes") else { return };
    let Some((role, store)) = rule.truth() else { return };
    let Some(guarantees) = rule.guarantees(store) else { return };
    if guarantees.has(Guarantee::Transactions) {
        return;
    }
    sink.report(
        Code::NoMultiItemTransactions,
        yes.range.clone(),
        format!(
            "`transaction: yes` needs multi-item transactions, but {} has {}: the rows it changes commit one by \
             one, and a crash between them leaves them disagreeing; keep what must change together in one row \
             or partition, or move `{}` to a store with multi-item transactions",
            rule.named(store),
            match guarantees.transactions {
                Transactions::SingleItem => "them only within one row or partition",
                _ => "none",
            },
            role.key
        ),
    );
}
