//! Percentiles of a set of latencies.

use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Stats {
    pub samples: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Stats {
    /// Nearest-rank percentiles; `times` must not be empty.
    pub fn of(times: &[Duration]) -> Stats {
        let mut sorted = times.to_vec();
        sorted.sort();
        let rank = |p: usize| sorted[(p * sorted.len()).div_ceil(100).max(1) - 1];
        Stats { samples: sorted.len(), p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.len() - 1] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let times: Vec<Duration> = (1..=200).rev().map(Duration::from_millis).collect();
        let stats = Stats::of(&times);
        let ms = |d: Duration| d.as_millis();
        assert_eq!(
            (stats.samples, ms(stats.p50), ms(stats.p95), ms(stats.p99), ms(stats.max)),
            (200, 100, 190, 198, 200)
        );
        let one = Stats::of(&[Duration::from_millis(3)]);
        assert_eq!((ms(one.p50), ms(one.p99)), (3, 3));
    }
}
