//! Durations as designs write them (`250ms`, `30s`, `1m30s`, `2h`, `7d`, `2w`), read into a value the rules
//! can compare.

use crate::text::echo;
use std::time::Duration;

/// The units a duration may use, largest first: the order a compound duration (`1h30m`) writes them in.
pub const UNITS: [(&str, u64); 6] =
    [("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

/// Why a quantity is not a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationError {
    /// Not whole numbers each followed by one of [`UNITS`].
    Form,
    /// A unit after a smaller one, or twice (`30s1m`, `1m1m`).
    Order,
    /// More milliseconds than 64 bits hold: about 584 million years.
    TooLong,
}

impl DurationError {
    /// What is wrong with `text` and how to write it, for a diagnostic.
    pub fn message(self, text: &str) -> String {
        let shown = echo(text);
        match self {
            DurationError::Form => format!(
                "`{shown}` is not a duration; write a whole number and a unit ({}) such as `30s`, or several units largest first such as `1m30s`",
                unit_names()
            ),
            DurationError::Order => {
                format!("`{shown}` is not a duration: its units go largest first, each at most once, as in `1m30s`")
            }
            DurationError::TooLong => {
                format!("`{shown}` is too long to be a duration; the longest is about 584 million years")
            }
        }
    }
}

/// The duration `text` names: one or more whole numbers, each followed by a unit of [`UNITS`], the units
/// largest first and each at most once.
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    if text.is_empty() {
        return Err(DurationError::Form);
    }
    let mut millis: u64 = 0;
    // Index into `UNITS` of the first unit still allowed: those after the last one used.
    let mut next_unit = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let letters = rest[digits..].bytes().take_while(u8::is_ascii_alphabetic).count();
        let (number, unit) = (&rest[..digits], &rest[digits..digits + letters]);
        let index = UNITS.iter().position(|(name, _)| *name == unit).filter(|_| digits > 0);
        let Some(index) = index else { return Err(DurationError::Form) };
        if index < next_unit {
            return Err(DurationError::Order);
        }
        next_unit = index + 1;
        // Only digits: a number fails to parse only when it is too large for 64 bits.
        let count = number.parse::<u64>().map_err(|_| DurationError::TooLong)?;
        let part = count.checked_mul(UNITS[index].1).ok_or(DurationError::TooLong)?;
        millis = millis.checked_add(part).ok_or(DurationError::TooLong)?;
        rest = &rest[digits + letters..];
    }
    Ok(Duration::from_millis(millis))
}

/// The unit names, for messages: "w, d, h, m, s or ms".
fn unit_names() -> String {
    let names: Vec<String> = UNITS.iter().map(|(name, _)| name.to_string()).collect();
    crate::catalog::or_list(&names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_unit() {
        assert_eq!(parse("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse("2w"), Ok(Duration::from_secs(14 * 86_400)));
        assert_eq!(parse("0s"), Ok(Duration::ZERO));
    }

    #[test]
    fn reads_compound_durations_largest_unit_first() {
        assert_eq!(parse("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("2d12h"), Ok(Duration::from_secs(60 * 3600)));
        assert_eq!(parse("1w2d3h4m5s6ms"), Ok(Duration::from_millis(788_645_006)));
        assert_eq!(parse("1s500ms"), Ok(Duration::from_millis(1500)));
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        for text in ["30", "s", "30x", "3.5s", "30 s", "", "1m30", "30S", "1m_30s", "1mm"] {
            assert_eq!(parse(text), Err(DurationError::Form), "{text:?}");
        }
    }

    #[test]
    fn refuses_units_out_of_order_or_repeated() {
        for text in ["30s1m", "1m1m", "500ms1s", "1d1w"] {
            assert_eq!(parse(text), Err(DurationError::Order), "{text:?}");
        }
    }

    #[test]
    fn a_duration_past_64_bits_of_milliseconds_is_too_long() {
        for text in ["99999999999999999999d", "99999999999999999999ms", "30000000000000w", "1w18446744073709551615ms"] {
            assert_eq!(parse(text), Err(DurationError::TooLong), "{text:?}");
        }
        assert_eq!(parse("18446744073709551615ms"), Ok(Duration::from_millis(u64::MAX)));
    }
}
