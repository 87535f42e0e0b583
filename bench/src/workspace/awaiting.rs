//! A wait for the diagnostics of many files at once: every file of the workspace at start, every file of a
//! folder after a rename. It is over when each file's latest diagnostics since the wait began are what they
//! should be; until then it can say which files have none yet and which have others.

use crate::lsp::Published;
use std::collections::BTreeMap;
use std::time::Instant;

/// What a file's diagnostics must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Codes {
    /// Exactly these codes, sorted.
    Exactly(Vec<String>),
    /// At least one diagnostic of this code.
    Including(&'static str),
}

pub struct Want {
    pub codes: Codes,
    /// The version of an open buffer the diagnostics must be of; `None` for a file the server reads from
    /// disk, whose diagnostics carry no version.
    pub version: Option<i64>,
}

pub struct Awaiting {
    want: BTreeMap<String, Want>,
    /// Publications that arrived before this are from before the wait.
    after: Instant,
    /// How many publications of the conversation have been read.
    read: usize,
    /// Each file's latest codes since the wait began, sorted, and whether they are the wanted ones.
    latest: BTreeMap<String, (Vec<String>, bool)>,
    right: usize,
}

impl Awaiting {
    /// Waits for `want`, looking at the publications from the `from`th of the conversation on.
    pub fn new(want: BTreeMap<String, Want>, after: Instant, from: usize) -> Self {
        Awaiting { want, after, read: from, latest: BTreeMap::new(), right: 0 }
    }

    /// Reads the publications not read yet: `Some(Ok(arrival))` once every file's latest diagnostics are
    /// right, with the arrival of the last of them; `Some(Err(…))` when one breaks the rules of the
    /// conversation; `None` while there is more to wait for.
    pub fn update(&mut self, published: &[Published]) -> Option<Result<Instant, String>> {
        while let Some(p) = published.get(self.read) {
            self.read += 1;
            let Some(want) = self.want.get(&p.uri).filter(|_| p.at >= self.after) else { continue };
            match (want.version, p.version) {
                (None, Some(version)) => {
                    return Some(Err(format!("{} is not open, yet its diagnostics carry version {version}", p.uri)))
                }
                (Some(_), None) => return Some(Err(format!("the diagnostics of {}, open, carry no version", p.uri))),
                // An older version's, which the server may still send.
                (Some(wanted), Some(version)) if version < wanted => continue,
                (Some(wanted), Some(version)) if version > wanted => {
                    let uri = &p.uri;
                    return Some(Err(format!(
                        "waited for the diagnostics of version {wanted} of {uri}, got {version}"
                    )));
                }
                _ => {}
            }
            let mut codes = p.codes.clone();
            codes.sort();
            let right = match &want.codes {
                Codes::Exactly(wanted) => &codes == wanted,
                Codes::Including(code) => codes.iter().any(|c| c == code),
            };
            let was_right = self.latest.insert(p.uri.clone(), (codes, right)).is_some_and(|(_, right)| right);
            self.right = self.right + usize::from(right) - usize::from(was_right);
            if self.right == self.want.len() {
                return Some(Ok(p.at));
            }
        }
        None
    }

    /// What is still awaited, for the message of a timeout.
    pub fn missing(&self) -> String {
        let total = self.want.len();
        let mut parts = Vec::new();
        let mut none = self.want.keys().filter(|uri| !self.latest.contains_key(*uri));
        if let Some(first) = none.next() {
            parts.push(format!("{} of {total} files have none yet (the first: {first})", none.count() + 1));
        }
        let mut wrong = self.latest.iter().filter(|(_, (_, right))| !right);
        if let Some((uri, (codes, _))) = wrong.next() {
            let wanted = match &self.want[uri].codes {
                Codes::Exactly(codes) => format!("{codes:?}"),
                Codes::Including(code) => format!("some {code}"),
            };
            parts.push(format!(
                "{} of {total} files have other diagnostics (the first: {uri} has {codes:?}, not {wanted})",
                wrong.count() + 1
            ));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn published(at: Instant, uri: &str, version: Option<i64>, codes: &[&str]) -> Published {
        let codes = codes.iter().map(|c| c.to_string()).collect();
        Published { at, uri: uri.into(), version, codes }
    }

    fn exactly(codes: &[&str]) -> Want {
        Want { codes: Codes::Exactly(codes.iter().map(|c| c.to_string()).collect()), version: None }
    }

    #[test]
    fn the_wait_ends_when_every_latest_publication_is_right() {
        let start = Instant::now();
        let later = |ms| start + Duration::from_millis(ms);
        let want = BTreeMap::from([("a".to_string(), exactly(&["unknown-shape"])), ("b".to_string(), exactly(&[]))]);
        let mut awaiting = Awaiting::new(want, later(10), 0);
        let mut conversation = vec![
            // Before the wait: not counted.
            published(later(5), "a", None, &["unknown-shape"]),
            published(later(11), "a", None, &["unknown-shape"]),
            published(later(12), "b", None, &["undeclared-component"]),
            published(later(13), "c", None, &[]),
        ];
        assert_eq!(awaiting.update(&conversation), None);
        assert_eq!(
            awaiting.missing(),
            "1 of 2 files have other diagnostics (the first: b has [\"undeclared-component\"], not [])"
        );
        conversation.push(published(later(20), "a", None, &["unknown-word"]));
        conversation.push(published(later(21), "b", None, &[]));
        assert_eq!(awaiting.update(&conversation), None, "a is wrong again");
        conversation.push(published(later(30), "a", None, &["unknown-shape"]));
        assert_eq!(awaiting.update(&conversation), Some(Ok(later(30))));
    }

    #[test]
    fn an_open_file_needs_its_version_and_a_file_read_from_disk_none() {
        let start = Instant::now();
        let renamed = Want { codes: Codes::Including("undeclared-component"), version: Some(4) };
        let want = BTreeMap::from([("open".to_string(), renamed), ("disk".to_string(), exactly(&[]))]);
        let mut awaiting = Awaiting::new(want, start, 0);
        assert_eq!(awaiting.missing(), "2 of 2 files have none yet (the first: disk)");
        let mut conversation = vec![published(start, "open", Some(3), &[])];
        assert_eq!(awaiting.update(&conversation), None, "an older version's diagnostics are passed over");
        conversation.push(published(start, "open", Some(4), &["undeclared-component", "unused-component"]));
        assert_eq!(awaiting.update(&conversation), None);
        assert_eq!(awaiting.missing(), "1 of 2 files have none yet (the first: disk)");
        conversation.push(published(start, "disk", Some(1), &[]));
        assert_eq!(
            awaiting.update(&conversation),
            Some(Err("disk is not open, yet its diagnostics carry version 1".into()))
        );
    }
}
