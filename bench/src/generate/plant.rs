//! Plants mistakes in a generated design: each one a single diagnostic that leaves the rest clean.

use super::binding::READ_SHAPE;
use super::{catalog, Operation};

/// The mistakes, planted in turn; each touches one value and no component, so no other check fires.
#[derive(Clone, Copy)]
enum Mistake {
    UnknownShape,
    UnknownWord,
    InvalidValue,
    PathNotNormalized,
    ShapeMismatch,
}

const MISTAKES: [Mistake; 5] = [
    Mistake::UnknownShape,
    Mistake::UnknownWord,
    Mistake::InvalidValue,
    Mistake::PathNotNormalized,
    Mistake::ShapeMismatch,
];

impl Mistake {
    /// The code of the diagnostic the mistake causes.
    fn code(self) -> &'static str {
        match self {
            Mistake::UnknownShape => "unknown-shape",
            Mistake::UnknownWord => "unknown-word",
            Mistake::InvalidValue => "invalid-value",
            Mistake::PathNotNormalized => "path-not-normalized",
            Mistake::ShapeMismatch => "shape-mismatch",
        }
    }

    /// Makes the mistake in `operation`; false (and nothing changed) when it has no place for it.
    fn apply(self, operation: &mut Operation) -> bool {
        match self {
            Mistake::UnknownShape => operation.shape.push('d'),
            Mistake::PathNotNormalized => {
                let Some(path) = &mut operation.path else { return false };
                path.push('/');
            }
            // Another write shape, on a write: on a `GET` path it would be a write shape on a read as well.
            Mistake::ShapeMismatch => {
                let read = |shape: &str| shape == READ_SHAPE;
                if read(&operation.shape) {
                    return false;
                }
                let mechanism = &operation.mechanism.id;
                let shapes = &catalog().shapes;
                let Some(other) = shapes.iter().find(|s| !s.mechanisms.contains(mechanism) && !read(&s.id)) else {
                    return false;
                };
                operation.shape = other.id.clone();
            }
            // Only roles that take words alone: a misspelt word there cannot be read as a component name.
            Mistake::UnknownWord => {
                let mut bound = operation.roles.iter_mut();
                let Some((_, value)) = bound.find(|(role, value)| role.kinds.is_empty() && role.words.contains(value))
                else {
                    return false;
                };
                value.push('x');
            }
            Mistake::InvalidValue => {
                let Some((_, value)) = operation.roles.iter_mut().find(|(role, _)| role.duration) else {
                    return false;
                };
                *value = "30x".to_string();
            }
        }
        true
    }
}

/// Plants `count` mistakes in operations spread evenly over `operations` (in file order); returns the index
/// and code of each, in file order.
pub(super) fn plant(operations: &mut [&mut Operation], count: usize) -> Vec<(usize, &'static str)> {
    let total = operations.len();
    let mut planted: Vec<(usize, &'static str)> = Vec::new();
    for n in 0..count {
        let mistake = MISTAKES[n % MISTAKES.len()];
        let start = (2 * n + 1) * total / (2 * count);
        let found = (0..total)
            .map(|k| (start + k) % total)
            .find(|&index| !planted.iter().any(|&(p, _)| p == index) && mistake.apply(operations[index]));
        planted.extend(found.map(|index| (index, mistake.code())));
    }
    planted.sort_by_key(|&(index, _)| index);
    planted
}
