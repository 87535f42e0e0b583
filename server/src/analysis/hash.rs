//! A fast hasher for the analysis's own maps and sets, whose keys are the names in the document and
//! which are built when it opens and updated as it changes. SipHash, the standard one, resists keys
//! crafted to collide; here that costs more than it buys (it once took a third of a keystroke's
//! analysis at 50k lines), since the keys are the user's own.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Multiply-and-rotate over 8-byte words, as in rustc's own hasher.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("chunks of 8 bytes")));
        }
        let mut last = [0; 8];
        let rest = words.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ (rest.len() as u64) << 56);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        // A product mixes low bits into high ones only; the table picks buckets by the low bits, so the
        // well-mixed high bits are rotated down (as rustc-hash 2 does).
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_that_differ_hash_apart() {
        let hash = |name: &str| {
            let mut hasher = FastHasher::default();
            hasher.write(name.as_bytes());
            hasher.finish()
        };
        let names = ["db", "db\0", "bookings_db", "bookings_dc", "a_much_longer_component_name", "é"];
        let hashes: HashSet<u64> = names.iter().map(|n| hash(n)).collect();
        assert_eq!(hashes.len(), names.len());
    }

    #[test]
    fn names_sharing_their_first_byte_spread_over_the_buckets() {
        // A table picks buckets by the low bits: names that differ only after a common first byte (`o1`,
        // `o2`, …) once fell into a few dozen of them, and a million such names took seconds to count.
        let buckets: HashSet<u64> = (0..4096)
            .map(|i| {
                let mut hasher = FastHasher::default();
                std::hash::Hash::hash(format!("o{i}").as_str(), &mut hasher);
                hasher.finish() & 0xfff
            })
            .collect();
        assert!(buckets.len() > 2048, "{} buckets of 4096", buckets.len());
    }
}
