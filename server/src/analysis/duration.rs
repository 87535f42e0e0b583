//! Durations as designs write them (`250ms`, `30s`, `15m`, `2h`, `7d`), read into a value the rules can
//! compare.

use std::time::Duration;

/// The units a duration may use, smallest first.
pub const UNITS: [(&str, u64); 5] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

/// The duration `text` names, or `None` when it is not a duration: digits followed by one of [`UNITS`].
pub fn parse(text: &str) -> Option<Duration> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let millis_per_unit = UNITS.iter().find(|(name, _)| *name == unit)?.1;
    let millis = number.parse::<u64>().ok()?.checked_mul(millis_per_unit)?;
    Some(Duration::from_millis(millis))
}

/// The unit names, for messages: "ms, s, m, h, d".
pub fn unit_names() -> String {
    UNITS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_unit() {
        assert_eq!(parse("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(parse("7d"), Some(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse("0s"), Some(Duration::ZERO));
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        for text in ["30", "s", "30x", "3.5s", "30 s", ""] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
