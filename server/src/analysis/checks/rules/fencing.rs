//! Fencing: a holder paused past its expiry (a pause for garbage collection, a slow disk) wakes up still
//! believing it holds the claim. Only a store that rejects its stale write, or a resource that checks the
//! claim's token, stops it.

use super::context::Rule;
use crate::analysis::checks::Sink;
use crate::analysis::Code;

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    if rule.mechanism.id != "claim-lease" {
        return;
    }
    let Some(store) = rule.first("store") else { return };
    let Some(guarantees) = rule.guarantees(store) else { return };
    if guarantees.conditional_writes {
        return;
    }
    let token = rule.word("token").map_or("token".to_string(), |t| format!("`{}`", t.text));
    sink.report(
        Code::UnfencedLease,
        store.token.range.clone(),
        format!(
            "{} cannot reject a stale holder's write (it has no conditional writes): a holder paused past its \
             expiry wakes up and acts while another holds the claim; pass the {token} to the resource the claim \
             protects and have it refuse writes that carry an older one",
            rule.named(store)
        ),
    );
}
