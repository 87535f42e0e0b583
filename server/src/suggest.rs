//! "Did you mean …" suggestions by edit distance.
//!
//! The word may be anything a user typed, megabytes long: only candidates whose length is within the
//! distance limit are compared, a word longer than every candidate by more than the limit is not even
//! read past that length, and the distance is computed in a band of the diagonal, in three rows.

use crate::text::echo;

/// The most edits a suggestion may be away, whatever the word's length.
const MOST_EDITS: usize = 2;

/// "; did you mean `x`?" when a candidate is close, else "". Goes at the end of a message. The candidate
/// may be a name the user declared, as long as the word.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or(String::new(), |c| format!("; did you mean `{}`?", echo(c)))
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo: at most one edit for
/// short words, two for longer ones, and never more than a third of the word. Ties go to the first.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let longest = candidates.iter().map(|c| c.chars().count()).max()?;
    // Lowercasing never shortens a word, so one this long stays too long to be a typo of any candidate.
    if word.chars().take(longest + MOST_EDITS + 1).count() > longest + MOST_EDITS {
        return None;
    }
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let limit = (word.len() / 3).clamp(1, MOST_EDITS);
    let mut best: Option<(usize, &str)> = None;
    // Reused for every candidate: a design may offer thousands.
    let (mut lower, mut rows) = (Vec::new(), Rows::default());
    for candidate in candidates {
        // Its lowercase is at least as long: a candidate already too long is not lowercased.
        if candidate.chars().count() > word.len() + limit {
            continue;
        }
        // A later candidate replaces the best only when strictly closer.
        let within = match best {
            Some((0, _)) => break,
            Some((distance, _)) => distance - 1,
            None => limit,
        };
        lower.clear();
        if candidate.is_ascii() {
            lower.extend(candidate.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            lower.extend(candidate.to_lowercase().chars());
        }
        if let Some(distance) = rows.distance_within(&word, &lower, within) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Up to `n` candidates nearest to `word`, nearest first (ties in the candidates' order), among those
/// that share at least half their letters with it: names to offer when the word is no plain typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let Some(longest) = candidates.iter().map(|c| c.chars().count()).max() else { return Vec::new() };
    // Half of every letter of a word twice the longest candidate's length must change: none is near.
    if word.chars().take(2 * longest + 1).count() > 2 * longest {
        return Vec::new();
    }
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let mut rows = Rows::default();
    let mut near: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower: Vec<char> = candidate.to_lowercase().chars().collect();
            let limit = word.len().max(lower.len()) / 2;
            Some((rows.distance_within(&word, &lower, limit)?, candidate))
        })
        .collect();
    near.sort_by_key(|&(distance, _)| distance);
    near.into_iter().take(n).map(|(_, candidate)| candidate).collect()
}

/// The three rows of the distance's matrix that are kept, reused from one candidate to the next.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    previous: Vec<usize>,
    row: Vec<usize>,
}

impl Rows {
    /// The optimal string alignment distance between `a` and `b` (insertions, deletions, substitutions
    /// and adjacent transpositions), if it is at most `limit`; `None` at once when their lengths differ
    /// by more.
    fn distance_within(&mut self, a: &[char], b: &[char], limit: usize) -> Option<usize> {
        if a.len().abs_diff(b.len()) > limit {
            return None;
        }
        // Cells off the band `|i - j| <= limit` are never within the limit: they count as `far`, and
        // only the band of each row is computed. A row's buffer is reused two rows later, so the cells
        // just outside its band are set to `far` rather than the whole row.
        let far = limit + 1;
        let Rows { before, previous, row } = self;
        before.clear();
        before.resize(b.len() + 1, far);
        previous.clear();
        previous.extend((0..=b.len()).map(|j| j.min(far)));
        row.clear();
        row.resize(b.len() + 1, far);
        for i in 1..=a.len() {
            let (first, last) = (i.saturating_sub(limit).max(1), (i + limit).min(b.len()));
            row[0] = i.min(far);
            if first > 1 {
                row[first - 1] = far;
            }
            if let Some(after) = row.get_mut(last + 1) {
                *after = far;
            }
            let mut lowest = row[0];
            for j in first..=last {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (previous[j] + 1).min(row[j - 1] + 1).min(previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(before[j - 2] + 1);
                }
                row[j] = best.min(far);
                lowest = lowest.min(row[j]);
            }
            // Every alignment passes through this row: once all of it is past the limit, so is the
            // distance.
            if lowest > limit {
                return None;
            }
            std::mem::swap(before, previous);
            std::mem::swap(previous, row);
        }
        Some(previous[b.len()]).filter(|&distance| distance <= limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        Rows::default().distance_within(&a, &b, 3)
    }

    #[test]
    fn suggests_close_words_only() {
        let words = ["materialized-view", "counter", "insert"];
        assert_eq!(closest("materialised-view", words), Some("materialized-view"));
        assert_eq!(closest("countr", words), Some("counter"));
        assert_eq!(closest("insret", words), Some("insert"));
        assert_eq!(closest("Insret", words), Some("insert"));
        assert_eq!(closest("queue", words), None);
        assert_eq!(closest("ab", ["xy"]), None);
        assert_eq!(closest("ab", []), None);
        // The closest wins, and of equals the first.
        assert_eq!(closest("counted", ["countee", "counter", "counted"]), Some("counted"));
        assert_eq!(closest("counte", ["countee", "counter"]), Some("countee"));
    }

    #[test]
    fn nearest_offers_the_closest_few_that_share_half_their_letters() {
        let names = ["clickhouse", "couchbase", "cockroachdb", "kafka", "click"];
        assert_eq!(nearest("clickhose", names, 3), ["clickhouse", "click"]);
        assert_eq!(nearest("flink-sql", names, 3), Vec::<&str>::new());
        assert_eq!(nearest("kafk", names, 1), ["kafka"]);
        assert_eq!(nearest(&"x".repeat(2_000_000), names, 3), Vec::<&str>::new());
    }

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(distance("ab", "ba"), Some(1));
        assert_eq!(distance("kitten", "sitting"), Some(3));
        assert_eq!(distance("", "abc"), Some(3));
        assert_eq!(distance("abcdef", "badcfe"), Some(3));
        assert_eq!(distance("abc", "abc"), Some(0));
        assert_eq!(distance("abcd", "wxyz"), None);
    }

    #[test]
    fn lengths_too_far_apart_are_never_compared() {
        let long: Vec<char> = "x".repeat(2_000_000).chars().collect();
        assert_eq!(Rows::default().distance_within(&long, &['x'], 2), None);
        // A 2 MB identifier is no typo of any catalog name, and is not even read to its end.
        assert_eq!(closest(&"x".repeat(2_000_000), ["insert", "counter"]), None);
    }

    #[test]
    fn long_words_of_near_length_are_compared_in_a_band() {
        // A full matrix of these would take terabytes.
        let word = "a".repeat(2_000_000);
        let candidate = format!("{}b", "a".repeat(1_999_999));
        assert_eq!(closest(&word, [candidate.as_str()]), Some(candidate.as_str()));
        assert_eq!(closest(&word, ["b".repeat(2_000_000).as_str()]), None);
    }

    /// The full matrix, as it was computed before the band: the reference the band must agree with.
    fn full_distance(a: &[char], b: &[char]) -> usize {
        let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in rows.iter_mut().enumerate() {
            row[0] = i;
        }
        rows[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(rows[i - 2][j - 2] + 1);
                }
                rows[i][j] = best;
            }
        }
        rows[a.len()][b.len()]
    }

    proptest::proptest! {
        #[test]
        fn the_band_agrees_with_the_full_matrix(a in "[abc]{0,9}", b in "[abc]{0,9}", limit in 0usize..4) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = full_distance(&a, &b);
            // The rows of an earlier pair of other lengths are reused, as for the candidates of one word.
            let mut rows = Rows::default();
            let _ = rows.distance_within(&b, &a[..a.len() / 2], 3);
            proptest::prop_assert_eq!(rows.distance_within(&a, &b, limit), (full <= limit).then_some(full));
        }
    }
}
