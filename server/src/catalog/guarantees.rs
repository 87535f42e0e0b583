//! What a technology guarantees: the properties the design rules reason about (durability,
//! transactions, compare-and-set, …), as catalog data.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Guarantees {
    /// Acknowledged writes survive a crash of any one node.
    pub durable: bool,
    /// Which writes commit together or not at all.
    pub transactions: Transactions,
    /// Compare-and-set: a write that applies only if a version or predicate still holds.
    pub conditional_writes: bool,
    /// An increment applied in place, without a read-modify-write by the client.
    pub atomic_increments: bool,
    /// Entries can expire on their own after a set time.
    pub ttl: bool,
    /// A native lease: an ownership record that expires by itself unless its holder renews it (an etcd
    /// lease, a ZooKeeper ephemeral node, an SQS visibility timeout, Redis `SET NX PX`).
    pub lease: bool,
    /// Ordered range scans by a key such as a due time.
    pub range_scans: RangeScans,
    /// Sorted sets or ordered indexes a top K can be read from.
    pub ranking: bool,
    /// For logs and queues: whether consumed messages stay and can be replayed.
    #[serde(default)]
    pub retention: Option<Retention>,
    /// For logs and queues: how often a consumer may see a message.
    #[serde(default)]
    pub delivery: Option<Delivery>,
    /// Lives inside the process that reads it: no network hop, no shared state.
    pub local: bool,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Transactions {
    /// No atomic writes beyond a single value.
    None,
    /// Atomic writes to one row, document or partition.
    SingleItem,
    /// Atomic writes across rows, documents or partitions.
    MultiItem,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RangeScans {
    /// No ordered scans.
    None,
    /// Ordered within one partition key only (Cassandra, DynamoDB).
    Partition,
    /// Ordered across the whole table.
    Global,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Retention {
    /// Messages stay after they are read; consumers track their own positions and can replay.
    Replayable,
    /// A message is deleted once a consumer acknowledges it.
    DeleteOnAck,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// A message can arrive again after a timeout or a crash: consumers must be idempotent.
    AtLeastOnce,
    /// Processing inside the system sees each message once (its own state and outputs only).
    ExactlyOnce,
}

/// A guarantee a role can need or accept components by.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[schemars(title = "guarantee")]
pub enum Guarantee {
    /// Acknowledged writes survive a crash.
    Durable,
    /// Multi-item transactions.
    Transactions,
    /// Compare-and-set.
    ConditionalWrites,
    /// Increments applied in place.
    AtomicIncrements,
    /// Entries that expire on their own.
    Ttl,
    /// A native lease.
    Lease,
    /// Range scans across the whole table.
    RangeScans,
    /// Sorted sets or ordered indexes.
    Ranking,
    /// In-process storage.
    Local,
    /// Exactly-once processing of its own state (a stream processor such as Flink).
    ExactlyOnce,
}

impl Guarantees {
    pub fn has(&self, guarantee: Guarantee) -> bool {
        match guarantee {
            Guarantee::Durable => self.durable,
            Guarantee::Transactions => self.transactions == Transactions::MultiItem,
            Guarantee::ConditionalWrites => self.conditional_writes,
            Guarantee::AtomicIncrements => self.atomic_increments,
            Guarantee::Ttl => self.ttl,
            Guarantee::Lease => self.lease,
            Guarantee::RangeScans => self.range_scans == RangeScans::Global,
            Guarantee::Ranking => self.ranking,
            Guarantee::Local => self.local,
            Guarantee::ExactlyOnce => self.delivery == Some(Delivery::ExactlyOnce),
        }
    }
}

impl Guarantee {
    /// How a card or message names it: "conditional writes (compare-and-set)".
    pub fn name(self) -> &'static str {
        match self {
            Guarantee::Durable => "durability",
            Guarantee::Transactions => "multi-item transactions",
            Guarantee::ConditionalWrites => "conditional writes (compare-and-set)",
            Guarantee::AtomicIncrements => "atomic increments",
            Guarantee::Ttl => "native expiry (TTL)",
            Guarantee::Lease => "a native lease",
            Guarantee::RangeScans => "ordered range scans across the whole table",
            Guarantee::Ranking => "sorted sets or ordered indexes",
            Guarantee::Local => "in-process storage",
            Guarantee::ExactlyOnce => "exactly-once processing",
        }
    }
}
