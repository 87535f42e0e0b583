//! Reads: a write shape on a `GET` path (a design grounds write paths, and `GET` names a read), and a
//! read's cache that nothing invalidates.

use super::context::{request_method, Rule};
use crate::analysis::checks::Sink;
use crate::analysis::{operation_keys, Code};
use crate::catalog::Catalog;
use crate::syntax::{Field, Operation};

/// The shape of a read (`mechanism: source-read`).
const READ: &str = "read";

pub(super) fn check(catalog: &Catalog, operation: &Operation, sink: &mut Sink) {
    if request_method(catalog, operation).as_deref() != Some("GET") {
        return;
    }
    let Some(shape) = operation_keys::field(catalog, operation, "shape").and_then(Field::single_word) else { return };
    if shape.text == READ || catalog.shape(&shape.text).is_none() {
        return;
    }
    sink.report(
        Code::WriteShapeOnRead,
        shape.range.clone(),
        format!(
            "`shape: {}` is a write shape, but a `GET` path names a read: ground the write that changes the data \
             (for a view, the write its worker reacts to, such as `POST /posts`), or describe the read with \
             `shape: read` and `mechanism: source-read`",
            shape.text
        ),
    );
}

/// A source read whose cache nothing invalidates.
pub(super) fn cache_invalidation(rule: &Rule, sink: &mut Sink) {
    if rule.mechanism.id != "source-read" || rule.is_set("invalidation") {
        return;
    }
    let Some(cache) = rule.first("cache") else { return };
    sink.report(
        Code::StaleCache,
        cache.token.range.clone(),
        format!(
            "nothing invalidates {}: after a write, readers get the old value until the entry happens to be \
             evicted; bind `invalidation:` to how writes reach it (`delete-on-write` after the commit, with a \
             `ttl` as the backstop, or CDC and a worker that deletes the keys)",
            rule.named(cache)
        ),
    );
}
