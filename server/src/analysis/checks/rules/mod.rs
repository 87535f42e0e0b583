//! Design rules: what a senior reviewer checks once every role is bound. Each rule reads the
//! mechanism's data (roles that hold the truth or derived data, the guarantees they need, the flow
//! between them) and the bound components' guarantees, and says what breaks in production and how to
//! fix it. They run per operation, after the role checks.

mod atomicity;
mod consumers;
mod context;
mod dual_write;
mod fencing;
mod guarantees;
mod reads;
mod rebuild;
mod timing;

use super::Sink;
use crate::analysis::Analysis;
use crate::catalog::{Catalog, Mechanism};
use crate::syntax::Operation;
use context::Rule;

pub(super) fn check(analysis: &Analysis, mechanism: &Mechanism, operation: &Operation, sink: &mut Sink) {
    let rule = Rule::new(analysis, mechanism, operation);
    timing::check(&rule, sink);
    guarantees::check(&rule, sink);
    atomicity::check(&rule, sink);
    dual_write::check(&rule, sink);
    rebuild::check(&rule, sink);
    consumers::check(&rule, sink);
    fencing::check(&rule, sink);
    reads::cache_invalidation(&rule, sink);
}

/// Rules that need no mechanism.
pub(super) fn check_any(catalog: &Catalog, operation: &Operation, sink: &mut Sink) {
    reads::check(catalog, operation, sink);
}
