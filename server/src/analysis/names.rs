//! How many operations carry each name, kept up to date per edit, so that the check for a repeated name
//! compares names only while one is repeated.

use super::hash::FastMap;

#[derive(Debug, Clone, Default)]
pub struct NameCounts {
    counts: FastMap<String, u32>,
    /// How many names more than one operation carries.
    repeated: usize,
}

impl NameCounts {
    pub fn add(&mut self, name: &str) {
        let count = match self.counts.get_mut(name) {
            Some(count) => count,
            None => self.counts.entry(name.to_string()).or_default(),
        };
        *count += 1;
        if *count == 2 {
            self.repeated += 1;
        }
    }

    pub fn remove(&mut self, name: &str) {
        let Some(count) = self.counts.get_mut(name) else { return };
        *count -= 1;
        match *count {
            0 => {
                self.counts.remove(name);
            }
            1 => self.repeated -= 1,
            _ => {}
        }
    }

    pub fn any_repeated(&self) -> bool {
        self.repeated > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_additions_and_removals() {
        let mut names = NameCounts::default();
        names.add("a");
        names.add("b");
        assert!(!names.any_repeated());
        names.add("a");
        assert!(names.any_repeated());
        names.remove("b");
        assert!(names.any_repeated());
        names.remove("a");
        assert!(!names.any_repeated());
        names.remove("a");
        names.remove("never added");
        assert!(!names.any_repeated() && names.counts.is_empty());
    }
}
