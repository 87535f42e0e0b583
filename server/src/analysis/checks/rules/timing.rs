//! Lease and hold timing: durations above zero and below years, and a heartbeat that renews well
//! within the expiry it extends.

use super::context::Rule;
use crate::analysis::checks::Sink;
use crate::analysis::Code;
use std::time::Duration;

/// A duration of a year or more is no lease or hold: it is a lock that a crash leaves taken.
const YEAR: Duration = Duration::from_secs(365 * 86_400);

pub(super) fn check(rule: &Rule, sink: &mut Sink) {
    for role in rule.mechanism.roles.iter().filter(|r| r.duration) {
        let Some((duration, token)) = rule.duration(&role.key) else { continue };
        let key = &role.key;
        if duration.is_zero() {
            sink.report(
                Code::ZeroDuration,
                token.range.clone(),
                format!(
                    "`{key}: {}` is zero: {}; give it a time, e.g. `{}`",
                    token.text,
                    match key.as_str() {
                        "heartbeat" => "a holder that renews without pause hammers the store in a busy loop",
                        _ if rule.mechanism.id == "hold" => {
                            "the hold is expired the moment it is taken, so another buyer can take the same thing at once"
                        }
                        _ => "the claim is expired the moment it is taken, so any other actor can take it at once",
                    },
                    if key == "heartbeat" { "10s" } else { "30s" }
                ),
            );
        } else if duration >= YEAR {
            sink.report(
                Code::ImplausibleDuration,
                token.range.clone(),
                format!(
                    "`{key}: {}` is a year or more: an expiry is how long a crashed holder keeps the resource \
                     from everyone else, so this one is a lock that a crash leaves taken; expire in seconds \
                     to hours, as long as the work between two renewals can take",
                    token.text
                ),
            );
        }
    }
    let (Some((expiry, expiry_token)), Some((heartbeat, token))) =
        (rule.duration("expiry"), rule.duration("heartbeat"))
    else {
        return;
    };
    if expiry.is_zero() || heartbeat.is_zero() {
        return;
    }
    let suggestion = shown(expiry / 3);
    if heartbeat >= expiry {
        sink.report(
            Code::HeartbeatNotBelowExpiry,
            token.range.clone(),
            format!(
                "`heartbeat: {}` is not shorter than `expiry: {}`: the claim expires before its holder renews \
                 it, so a healthy holder loses it and another takes it while the first still works; renew \
                 well within the expiry, e.g. every {suggestion}",
                token.text, expiry_token.text
            ),
        );
    } else if heartbeat > expiry / 2 {
        sink.report(
            Code::SlowHeartbeat,
            token.range.clone(),
            format!(
                "`heartbeat: {}` leaves less than half of `expiry: {}` for a renewal to arrive: one slow or \
                 lost renewal (a pause for garbage collection, a network blip) expires a healthy claim and \
                 lets a second holder in; renew every third of the expiry, e.g. every {suggestion}",
                token.text, expiry_token.text
            ),
        );
    }
}

/// A duration as a design writes it, in the largest unit that keeps it whole: `10s`, `1500ms`, `2h`.
fn shown(duration: Duration) -> String {
    let millis = duration.as_millis();
    let units = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)];
    for (unit, size) in units {
        if millis >= size && millis.is_multiple_of(size) {
            return format!("{}{unit}", millis / size);
        }
    }
    format!("{}ms", millis.max(1))
}
