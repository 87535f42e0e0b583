//! Bytes in and out: the base protocol's framing, the checks that keep one bad message from ending the
//! session, and the merged output. What tower-lsp-server does not do right is worked around here, and
//! only here.

pub mod direct;
mod frames;
mod incoming;
mod outbox;
mod peek;
mod surrogates;

pub use incoming::forward;
pub use outbox::{channel, write, Outbox};
