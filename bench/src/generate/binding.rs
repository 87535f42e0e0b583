//! How a careful practitioner binds an operation's roles, read from the catalog's data rather than from
//! technology ids, so it keeps working as technologies and mechanisms are added:
//!
//! - a role takes a component of a kind it names, or one with a guarantee it accepts; never an outbox, a
//!   CDC connector or a process through `any`;
//! - a role that holds the truth takes a durable component; every role gets each guarantee it `needs`, and
//!   one that accepts compare-and-set gets it (a claim's store must fence off stale holders);
//! - what commits with the truth lives in the truth's store: an outbox wherever it is bound, and a table,
//!   a store or a cache next to the truth in the mechanism's flow (idempotency keys, holds, projections,
//!   statistics); a count kept in the same step as the write (a word such as `write-through` in place of
//!   a process) too; what a process writes beside derived data (applied event ids) lives with it;
//! - a write announces its change downstream through an outbox or CDC on the truth's store, never by
//!   writing a log, a queue or a search engine itself, unless the truth is that log (a request's path says
//!   `POST`, `PUT`, `PATCH` or `DELETE`; only a read says `GET`);
//! - a change stream between the truth and derived data is bound whenever a process consumes it;
//! - derived data is fed by a replayable log or CDC, or its `rebuild`/`repair` job is bound; a mechanism
//!   without one keeps it durable or fed from a durable store;
//! - `dedup` is bound when a stream feeds increments, `dead_letter` when a queue redelivers, `idempotency`
//!   on a `POST`; `transaction: yes` only on a store with multi-item transactions; a heartbeat renews every
//!   third of the lease's expiry.
//!
//! Roles are bound in an order where what a choice depends on is chosen first: the truth, the roles whose
//! guarantees make others needless, the required roles along the flow, the optional ones, and last the
//! roles that guard against retries, redelivery and loss.

use super::catalog;
use super::module::{is_process_kind, is_process_technology, technology_index, Module};
use super::words::{COLUMNS, DURATIONS, HOLDS, LEASES, PROCESSES};
use crate::rng::Rng;
use design_ls::catalog::{Delivery, Guarantee, Guarantees, Mechanism, Retention, Role, Technology};
use std::sync::OnceLock;

/// Kinds that record the store's own changes, so a write announces itself in the same commit.
const CAPTURE: [&str; 2] = ["outbox", "cdc"];
/// Kinds that are a second system to write to, apart from the store.
const SEPARATE: [&str; 3] = ["log", "queue", "search"];
/// Kinds that carry or index data without keeping state beside a store.
const PASSING: [&str; 4] = ["log", "queue", "cdc", "search"];
/// The shape of a read, the only one a `GET` path may carry.
pub const READ_SHAPE: &str = "read";
/// Guard roles, bound last: they depend on what the other roles were bound to.
const GUARDS: [&str; 3] = ["idempotency", "dedup", "dead_letter"];

/// A mechanism's roles as indices, with what the binding order and the rules need.
struct Info {
    /// The flow's edges, `(from, to)`.
    edges: Vec<(usize, usize)>,
    truth: Vec<usize>,
    /// Roles bound before the guards.
    order: Vec<usize>,
    /// The guards and the jobs that rebuild derived data.
    last: Vec<usize>,
    /// Processes that rebuild derived data: an edge into a derived role, and nothing flows into them.
    rebuilders: Vec<usize>,
    /// Per role, per catalog technology: how the role takes it by kind.
    fit: Vec<Vec<Fit>>,
    /// Per role, per catalog technology: whether the role names one of its kinds (not through `any`).
    named: Vec<Vec<bool>>,
}

fn info(mechanism: &'static Mechanism) -> &'static Info {
    static INFO: OnceLock<Vec<Info>> = OnceLock::new();
    let catalog = catalog();
    let all = INFO.get_or_init(|| catalog.mechanisms.iter().map(Info::new).collect());
    let position = catalog.mechanisms.iter().position(|m| std::ptr::eq(m, mechanism)).expect("a catalog mechanism");
    &all[position]
}

impl Info {
    fn new(mechanism: &Mechanism) -> Info {
        let index = |key: &str| mechanism.roles.iter().position(|r| r.key == key);
        let edges: Vec<(usize, usize)> =
            mechanism.edges().into_iter().filter_map(|(from, to)| Some((index(from)?, index(to)?))).collect();
        let roles = &mechanism.roles;
        let truth: Vec<usize> = (0..roles.len()).filter(|&r| roles[r].truth).collect();
        let rebuilders: Vec<usize> = (0..roles.len())
            .filter(|&r| {
                roles[r].kinds.iter().any(|k| is_process_kind(k))
                    && edges.iter().any(|&(from, to)| from == r && roles[to].derived)
                    && !edges.iter().any(|&(_, to)| to == r)
            })
            .collect();
        let last: Vec<usize> =
            (0..roles.len()).filter(|&r| rebuilders.contains(&r) || GUARDS.contains(&roles[r].key.as_str())).collect();
        // Flow order: each role where a chain first names it, then the roles no chain names.
        let mut flow: Vec<usize> = Vec::new();
        for chain in &mechanism.flow {
            flow.extend(chain.iter().filter_map(|key| index(key)).filter(|r| !flow.contains(r)).collect::<Vec<_>>());
        }
        let unnamed: Vec<usize> = (0..roles.len()).filter(|r| !flow.contains(r)).collect();
        flow.extend(unnamed);
        let deciders: Vec<usize> =
            roles.iter().filter_map(|r| r.needless_when.as_ref().and_then(|when| index(&when.role))).collect();
        let mut order = truth.clone();
        let push = |r: usize, order: &mut Vec<usize>| {
            if !order.contains(&r) && !last.contains(&r) {
                order.push(r);
            }
        };
        deciders.iter().for_each(|&r| push(r, &mut order));
        flow.iter().filter(|&&r| roles[r].required).for_each(|&r| push(r, &mut order));
        flow.iter().for_each(|&r| push(r, &mut order));
        let technologies = &catalog().technologies;
        let fit = roles
            .iter()
            .map(|role| {
                let fit = |t: &Technology| match t.kinds.iter().position(|k| role.accepts_kind(k)) {
                    Some(0) => Fit::Main,
                    Some(_) => Fit::Other,
                    None => Fit::No,
                };
                technologies.iter().map(fit).collect()
            })
            .collect();
        let named = roles
            .iter()
            .map(|role| technologies.iter().map(|t| t.kinds.iter().any(|k| role.kinds.contains(k))).collect())
            .collect();
        Info { edges, truth, order, last, rebuilders, fit, named }
    }
}

/// How a role takes a technology by kind: for its main kind (PostgreSQL as a store), another (as a
/// queue), or not at all (perhaps for a guarantee).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    Main,
    Other,
    No,
}

/// How a candidate ranks, least first: in another role of the operation, how the role takes its kind,
/// declared for another role, a specific process technology, uses, and a random draw.
type Rank = (bool, Fit, bool, bool, usize, u64);

/// Derived data's feed, when no role rebuilds it: replayable, deleting what it delivers, durable, or none
/// of these (then the data itself must be durable).
#[derive(Clone, Copy)]
enum Feed {
    Replays,
    Deletes,
    Durable,
    Nothing,
}

/// What the roles bound so far say about the role `r`.
struct Around<'p> {
    r: usize,
    role: &'static Role,
    /// The component holding the truth, unless `r` holds it.
    truth: Option<&'p Candidate>,
    /// The truth lives in a store that tables can live in.
    truth_hosts: bool,
    next_to_truth: bool,
    fed_by_truth: bool,
    /// A word stands for a process between the truth and `r` (derived roles only).
    word_before: bool,
    sibling: Option<&'p Candidate>,
    feed: Option<Feed>,
}

/// What an operation must bind to a role: a component already in the module, or one of a technology.
#[derive(Clone, Copy)]
pub(crate) enum Pin {
    Component(usize),
    Technology(&'static Technology),
}

/// A component that may fill a role: one the module declares, or one to declare if it is chosen.
#[derive(Clone)]
struct Candidate {
    existing: Option<usize>,
    /// The technology's position in the catalog.
    catalog_index: usize,
    /// The name of a component to declare; an existing one is named by the module.
    name: Option<String>,
    technology: &'static Technology,
    host: Option<usize>,
    purpose: Option<&'static str>,
    uses: usize,
}

/// Where a component's data lives, for same-store atomicity: a module component, or a new one of its own.
#[derive(PartialEq)]
enum Store {
    At(usize),
    Own,
}

impl Candidate {
    fn existing(module: &Module, index: usize) -> Candidate {
        let component = &module.components[index];
        Candidate {
            existing: Some(index),
            catalog_index: component.catalog_index,
            name: None,
            technology: component.technology,
            host: component.host,
            purpose: component.purpose,
            uses: component.uses,
        }
    }

    fn new(
        name: String,
        technology: &'static Technology,
        host: Option<usize>,
        purpose: Option<&'static str>,
    ) -> Candidate {
        let catalog_index = technology_index(technology);
        Candidate { existing: None, catalog_index, name: Some(name), technology, host, purpose, uses: 0 }
    }

    fn kinds(&self) -> &'static [String] {
        &self.technology.kinds
    }

    fn is(&self, kind: &str) -> bool {
        self.kinds().iter().any(|k| k == kind)
    }

    fn any_of(&self, kinds: &[&str]) -> bool {
        self.kinds().iter().any(|k| kinds.contains(&k.as_str()))
    }

    fn guarantees(&self, module: &Module) -> Option<&'static Guarantees> {
        match (&self.technology.guarantees, self.existing, self.host) {
            (Some(guarantees), _, _) => Some(guarantees),
            (None, Some(index), _) => module.guarantees(index),
            (None, None, Some(host)) => module.guarantees(host),
            (None, None, None) => None,
        }
    }

    /// The same component: one the module declares, or one to declare under the same name.
    fn same(&self, other: &Candidate) -> bool {
        match (self.existing, other.existing) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.name == other.name,
            _ => false,
        }
    }

    fn store(&self) -> Store {
        match (self.host, self.existing) {
            (Some(host), _) => Store::At(host),
            (None, Some(index)) => Store::At(index),
            (None, None) => Store::Own,
        }
    }

    /// A worker, scheduler or service: it moves data but holds none.
    fn is_process(&self) -> bool {
        self.kinds().iter().any(|k| is_process_kind(k))
    }

    /// Keeps data of its own that can commit with a store's (not a process, a stream or an index).
    fn keeps_state(&self) -> bool {
        !self.is_process() && !self.kinds().iter().all(|k| PASSING.contains(&k.as_str()))
    }
}

fn same_store(a: &Candidate, b: &Candidate) -> bool {
    match (a.store(), b.store()) {
        (Store::At(a), Store::At(b)) => a == b,
        _ => false,
    }
}

enum Value {
    Unset,
    Components(Vec<Candidate>),
    Words(Vec<&'static str>),
    Text(&'static str),
}

struct Plan<'m> {
    module: &'m Module,
    mechanism: &'static Mechanism,
    info: &'static Info,
    post: bool,
    /// The store tables go `in` when no role decides it.
    anchor: usize,
    allow_new: bool,
    /// Pick among acceptable components at random, not the least used first (a retry after a dead end).
    explore: bool,
    pin: Option<(usize, Pin)>,
    bound: Vec<Value>,
    lease: Option<(&'static str, &'static str)>,
}

impl<'m> Plan<'m> {
    fn role(&self, r: usize) -> &'static Role {
        &self.mechanism.roles[r]
    }

    fn components(&self, r: usize) -> &[Candidate] {
        match &self.bound[r] {
            Value::Components(components) => components,
            _ => &[],
        }
    }

    /// The name a candidate is written as.
    fn label<'c>(&'c self, candidate: &'c Candidate) -> &'c str {
        match (&candidate.name, candidate.existing) {
            (Some(name), _) => name,
            (None, Some(index)) => &self.module.components[index].name,
            (None, None) => "",
        }
    }

    fn first(&self, r: usize) -> Option<&Candidate> {
        self.components(r).first()
    }

    fn truth(&self) -> Option<&Candidate> {
        self.info.truth.iter().find_map(|&r| self.first(r))
    }

    /// The store the truth lives in, when it is one that tables can live in.
    fn truth_store(&self) -> Option<usize> {
        match self.truth()?.store() {
            Store::At(index) if self.module.is_kind(index, "store") => Some(index),
            _ => None,
        }
    }

    fn edge(&self, from: usize, to: usize) -> bool {
        self.info.edges.contains(&(from, to))
    }

    /// Whether the flow goes straight from a role holding the truth to `r`.
    fn fed_by_truth(&self, r: usize) -> bool {
        self.info.truth.iter().any(|&t| self.edge(t, r))
    }

    fn next_to_truth(&self, r: usize) -> bool {
        self.info.truth.iter().any(|&t| self.edge(t, r) || self.edge(r, t))
    }

    /// The roles `r` reaches along the flow (`forward`) or that reach it.
    fn reach(&self, r: usize, forward: bool) -> Vec<usize> {
        let mut seen = vec![r];
        let mut frontier = vec![r];
        while let Some(current) = frontier.pop() {
            for &(from, to) in &self.info.edges {
                let (here, next) = if forward { (from, to) } else { (to, from) };
                if here == current && !seen.contains(&next) {
                    seen.push(next);
                    frontier.push(next);
                }
            }
        }
        seen.remove(0);
        seen
    }

    /// A role on the way to or from `r` is bound to a word, such as `write-through` in place of a process.
    fn word_between(&self, r: usize, forward: bool) -> bool {
        self.reach(r, forward).into_iter().any(|other| matches!(self.bound[other], Value::Words(_)))
    }

    /// The components whose data flows into `r`, nearest first, looking past unbound roles and processes
    /// (as the rules see them).
    fn upstream(&self, r: usize) -> Vec<&Candidate> {
        let mut seen = vec![r];
        let mut found = Vec::new();
        let mut frontier = vec![r];
        while let Some(current) = frontier.pop() {
            for &(from, to) in &self.info.edges {
                if to != current || seen.contains(&from) {
                    continue;
                }
                seen.push(from);
                match self.first(from) {
                    Some(candidate) if !candidate.is_process() => found.push(candidate),
                    _ => frontier.push(from),
                }
            }
        }
        found
    }

    /// Derived data bound beside `r` by the same process (the count an updater writes, beside the ids of
    /// the events it applied).
    fn sibling(&self, r: usize) -> Option<&Candidate> {
        for &(process, to) in &self.info.edges {
            if to != r || !self.first(process).is_some_and(Candidate::is_process) {
                continue;
            }
            for &(from, other) in &self.info.edges {
                if from == process && other != r && self.role(other).derived {
                    if let Some(candidate) = self.first(other) {
                        return Some(candidate);
                    }
                }
            }
        }
        None
    }

    /// A feed that keeps what it delivers, durably, so derived data can be rebuilt by reading it again.
    fn replayable(&self, candidate: &Candidate) -> bool {
        let guarantees = candidate.guarantees(self.module);
        guarantees.is_some_and(|g| g.durable)
            && (candidate.is("cdc") || guarantees.and_then(|g| g.retention) == Some(Retention::Replayable))
    }

    /// A feed the rule finds no way back through: it deletes on ack, it is an outbox whose relay deletes
    /// its rows, or it is a log or queue kept only in memory.
    fn dead_end(&self, candidate: &Candidate) -> bool {
        let guarantees = candidate.guarantees(self.module);
        guarantees.and_then(|g| g.retention) == Some(Retention::DeleteOnAck)
            || candidate.is("outbox")
            || ((candidate.is("log") || candidate.is("queue")) && !guarantees.is_some_and(|g| g.durable))
    }

    /// A queue that hands a message out again after its ack deadline: deleted on ack, or under a lease.
    fn redelivers(&self, candidate: &Candidate) -> bool {
        candidate.is("queue")
            && candidate.guarantees(self.module).is_some_and(|g| {
                g.delivery == Some(Delivery::AtLeastOnce) && (g.retention == Some(Retention::DeleteOnAck) || g.lease)
            })
    }

    /// A feed whose failing message needs parking: a queue that redelivers it, or a replayable log whose
    /// partition it holds up.
    fn needs_dead_letter(&self, candidate: &Candidate) -> bool {
        let replays = candidate.is("log")
            && candidate.guarantees(self.module).and_then(|g| g.retention) == Some(Retention::Replayable);
        self.redelivers(candidate) || replays
    }

    /// Whether derived data in `candidate`, bound to `r`, can be rebuilt from what feeds it (a replayable
    /// feed, or a durable home or source, and no feed that deletes what it delivers).
    fn rebuildable(&self, r: usize, candidate: &Candidate) -> bool {
        let upstream = self.upstream(r);
        if upstream.iter().any(|up| self.replayable(up)) {
            return true;
        }
        let guarantees = |c: &Candidate| c.guarantees(self.module);
        if upstream.iter().any(|up| guarantees(up).and_then(|g| g.retention) == Some(Retention::DeleteOnAck)) {
            return false;
        }
        guarantees(candidate).is_some_and(|g| g.durable)
            || upstream.iter().any(|up| guarantees(up).is_some_and(|g| g.durable && g.retention.is_none()))
    }

    fn has_rebuilder(&self, r: usize) -> bool {
        self.info.rebuilders.iter().any(|&rebuilder| self.edge(rebuilder, r))
    }

    fn bound_anywhere(&self, mut test: impl FnMut(&Candidate) -> bool) -> bool {
        (0..self.bound.len()).any(|r| self.components(r).iter().any(&mut test))
    }

    fn in_operation(&self, candidate: &Candidate) -> bool {
        self.bound_anywhere(|c| c.same(candidate))
    }

    /// A required role that the component of another role makes needless (a lease that expires by itself
    /// needs no reclaimer).
    fn needless(&self, role: &Role) -> bool {
        let Some(when) = &role.needless_when else { return false };
        let Some(r) = self.mechanism.roles.iter().position(|other| other.key == when.role) else { return false };
        self.first(r).and_then(|c| c.guarantees(self.module)).is_some_and(|g| g.has(when.has))
    }

    /// How surely `r` is bound, in percent: 100 when the design needs it, 0 when it must stay out.
    fn want(&self, r: usize) -> u64 {
        let role = self.role(r);
        // The pinned role, and the derived data it feeds (a cache for an invalidation).
        if let Some((pinned, _)) = self.pin {
            if pinned == r || (role.derived && self.reach(pinned, true).contains(&r)) {
                return 100;
            }
        }
        if self.info.rebuilders.contains(&r) {
            let needed = self.info.edges.iter().any(|&(from, to)| {
                from == r
                    && self.role(to).derived
                    && self.first(to).is_some()
                    && !self.upstream(to).iter().any(|up| self.replayable(up))
            });
            return if needed || role.required { 100 } else { 30 };
        }
        if role.required {
            return if self.needless(role) { 50 } else { 100 };
        }
        let capture_bound =
            || (0..self.bound.len()).any(|o| names_any(self.role(o), &CAPTURE) && !self.components(o).is_empty());
        match role.key.as_str() {
            "dead_letter" => return if self.bound_anywhere(|c| self.needs_dead_letter(c)) { 100 } else { 25 },
            "dedup" => return if capture_bound() { 100 } else { 0 },
            "idempotency" => return if self.post { 100 } else { 50 },
            // A read's cache is invalidated when it is bound (`stale-cache`), and only then.
            "invalidation" => {
                let cache = self.mechanism.roles.iter().position(|other| other.key == "cache");
                return if cache.is_some_and(|c| self.first(c).is_some()) { 100 } else { 0 };
            }
            _ => {}
        }
        // A change stream between the truth and derived data, consumed by a process (not replaced by a word);
        // none when that derived data is not bound (an invalidation with no cache to invalidate).
        if names_any(role, &CAPTURE) && self.reach(r, true).into_iter().any(|other| self.role(other).derived) {
            let feeds =
                self.reach(r, true).into_iter().any(|other| self.role(other).derived && self.first(other).is_some());
            return if feeds && !self.word_between(r, true) { 100 } else { 0 };
        }
        50
    }

    /// What [`Plan::acceptable`] asks of the roles bound so far about `r`, worked out once for all its
    /// candidates.
    fn around(&self, r: usize) -> Around<'_> {
        let role = self.role(r);
        let truth = self.truth().filter(|_| !role.truth);
        // Derived data that no rebuilder role can rebuild: whether its feed replays, deletes, or is durable.
        let feed = (role.derived && !self.has_rebuilder(r)).then(|| {
            let upstream = self.upstream(r);
            let guarantees = |c: &Candidate| c.guarantees(self.module);
            if upstream.iter().any(|up| self.replayable(up)) {
                Feed::Replays
            } else if upstream.iter().any(|up| self.dead_end(up)) {
                Feed::Deletes
            } else if upstream.iter().any(|up| guarantees(up).is_some_and(|g| g.durable && g.retention.is_none())) {
                Feed::Durable
            } else {
                Feed::Nothing
            }
        });
        Around {
            r,
            role,
            truth,
            truth_hosts: self.truth_store().is_some(),
            next_to_truth: self.next_to_truth(r),
            fed_by_truth: self.fed_by_truth(r),
            word_before: role.derived && self.word_between(r, false),
            sibling: self.sibling(r),
            feed,
        }
    }

    /// Whether `candidate` fills the role cleanly, given the roles bound so far.
    fn acceptable(&self, around: &Around, candidate: &Candidate) -> bool {
        let role = around.role;
        let module = self.module;
        let guarantees = candidate.guarantees(module);
        let fit = self.info.fit[around.r][candidate.catalog_index];
        if fit == Fit::No && !guarantees.is_some_and(|g| role.accepts_guarantees(g)) {
            return false;
        }
        // `any` takes no outbox, CDC connector or process: those go where a role names one of their kinds.
        if !self.info.named[around.r][candidate.catalog_index] && (candidate.any_of(&CAPTURE) || candidate.is_process())
        {
            return false;
        }
        let Some(guarantees) = guarantees else { return !role.truth && role.needs.is_empty() };
        if role.truth && !guarantees.durable {
            return false;
        }
        if role.needs.iter().any(|need| !guarantees.has(need.guarantee)) {
            return false;
        }
        if role.capabilities.contains(&Guarantee::ConditionalWrites) && !guarantees.conditional_writes {
            return false;
        }
        if candidate.is("outbox") && !self.truth().is_some_and(|t| same_store(t, candidate)) {
            return false;
        }
        if let Some(truth) = around.truth {
            let with_truth = same_store(truth, candidate);
            let keeps_with_truth = !role.derived
                && around.truth_hosts
                && around.next_to_truth
                && names_any(role, &["table", "outbox", "any"])
                && candidate.keeps_state();
            if keeps_with_truth && !with_truth {
                return false;
            }
            // Derived data written in the same step as the truth, by a word in place of a process.
            if around.word_before && !with_truth {
                return false;
            }
            // A second system written beside the truth: only the truth itself (a log the write appends to)
            // or what captures the truth's changes. Stricter than the rule, which looks at requests only: a
            // consumer that commits and then publishes makes the same two writes.
            // The rule reads `events` and `projection` as written by the write itself, wherever they are.
            let announcing = ["events", "projection"].contains(&role.key.as_str());
            let dual_write =
                (around.fed_by_truth || announcing) && candidate.any_of(&SEPARATE) && !candidate.any_of(&CAPTURE);
            if dual_write && !with_truth {
                return false;
            }
        }
        // CDC tails a store's replication log.
        if candidate.is("cdc") && !around.truth_hosts {
            return false;
        }
        if let Some(sibling) = around.sibling {
            if candidate.keeps_state() && !same_store(sibling, candidate) {
                return false;
            }
        }
        match around.feed {
            None | Some(Feed::Replays) | Some(Feed::Durable) => true,
            Some(Feed::Deletes) => false,
            Some(Feed::Nothing) => guarantees.durable,
        }
    }

    /// The store where tables for `r` go: beside the derived data of the same process, else the truth's
    /// store, else the operation's anchor; `None` when the derived data is not in a store.
    fn home(&self, r: usize) -> Option<usize> {
        if let Some(sibling) = self.sibling(r) {
            return match sibling.store() {
                Store::At(index) if self.module.is_kind(index, "store") => Some(index),
                _ => None,
            };
        }
        if self.role(r).truth {
            return Some(self.anchor);
        }
        self.truth_store().or(Some(self.anchor))
    }

    /// The components `r` may take, acceptable ones only, best first: in no other role of the operation,
    /// taken for their main kind, the least used.
    fn candidates(&self, r: usize, rng: &mut Rng) -> Vec<Candidate> {
        let module = self.module;
        let role = self.role(r);
        let key: &'static str = role.key.as_str();
        let mut all: Vec<Candidate> = Vec::with_capacity(module.components.len() + 8);
        let fit = &self.info.fit[r];
        for (i, component) in module.components.iter().enumerate() {
            // A table or outbox may fit by its store's guarantees; anything else by kind or its own.
            let own = component.technology.guarantees.as_ref();
            if fit[component.catalog_index] == Fit::No && own.is_some_and(|g| !role.accepts_guarantees(g)) {
                continue;
            }
            let eligible = match component.purpose {
                None => true,
                Some(purpose) => purpose == key || (!self.allow_new && is_process_technology(component.technology)),
            };
            if component.declared && eligible {
                all.push(Candidate::existing(module, i));
            }
        }
        if self.allow_new {
            self.new_candidates(r, &mut all, rng);
        }
        if let Some((_, pin)) = self.pin.filter(|&(pinned, _)| pinned == r) {
            all.retain(|c| match pin {
                Pin::Component(i) => c.existing == Some(i),
                Pin::Technology(t) => std::ptr::eq(c.technology, t),
            });
        }
        // A component the role takes for its main kind (PostgreSQL as a store, not as a queue) before one it
        // takes for another kind, before one it takes for a guarantee alone.
        // A process declared for another role (when no new one may be declared) only when none for this one.
        let around = self.around(r);
        let mut ranked: Vec<(Rank, Candidate)> = all
            .into_iter()
            .filter(|c| self.acceptable(&around, c))
            .map(|c| {
                let fit = fit[c.catalog_index];
                let foreign = c.purpose.is_some_and(|purpose| purpose != key);
                // A plain `worker` or `scheduler` before Flink or Airflow, which each get their own use.
                let special = c.is_process() && !c.kinds().contains(&c.technology.id);
                let uses = if self.explore { 0 } else { c.uses };
                ((self.in_operation(&c), fit, foreign, special, uses, rng.next_u64()), c)
            })
            .collect();
        ranked.sort_by_key(|(key, _)| *key);
        ranked.into_iter().map(|(_, c)| c).collect()
    }

    /// Components `r` could declare: a table or outbox in its home store, a process named after the role,
    /// a dead letter queue of the redelivering queue's technology. Each is named after the role, so the next
    /// operation that needs one for the same role finds it.
    fn new_candidates(&self, r: usize, all: &mut Vec<Candidate>, rng: &mut Rng) {
        let module = self.module;
        let role = self.role(r);
        let key: &'static str = role.key.as_str();
        let (noun, index) = (module.noun, module.index);
        let technologies = &catalog().technologies;
        let offer = |name: String,
                     technology: &'static Technology,
                     host: Option<usize>,
                     purpose: Option<&'static str>,
                     all: &mut Vec<Candidate>| {
            // The same new name may be offered for two technologies (a worker or a scheduler): one is chosen.
            let offered =
                |c: &Candidate| c.name.as_deref() == Some(name.as_str()) && std::ptr::eq(c.technology, technology);
            let taken = module.find(&name).is_some() || all.iter().any(offered);
            if !taken {
                all.push(Candidate::new(name, technology, host, purpose));
            }
        };
        if let Some(home) = self.home(r) {
            let store = &module.components[home].technology.id;
            let guarantees = module.guarantees(home);
            let fits = |t: &&'static Technology| {
                t.kinds.iter().any(|k| role.accepts_kind(k)) || guarantees.is_some_and(|g| role.accepts_guarantees(g))
            };
            let mut hosted: Vec<&'static Technology> = technologies.iter().filter(|t| t.hosted).filter(fits).collect();
            // The technology the role is named after first: `table:` takes `{noun}_table_{store}_{module}`.
            hosted.sort_by_key(|t| t.id != key);
            for (n, technology) in hosted.into_iter().enumerate() {
                // An outbox records every change of its store: one per store, shared by every role.
                if technology.kinds.iter().any(|k| CAPTURE.contains(&k.as_str())) {
                    let name = format!("{noun}_{}_{store}_{index}", technology.id);
                    offer(name, technology, Some(home), None, all);
                    continue;
                }
                let name = match n {
                    0 => format!("{noun}_{key}_{store}_{index}"),
                    _ => format!("{noun}_{key}_{}_{store}_{index}", technology.id),
                };
                offer(name, technology, Some(home), Some(key), all);
            }
        }
        // One process per role and module (a list role's are named from a vocabulary); another technology
        // for the same role only when an operation must use that technology.
        let pinned = self.pin.and_then(|(p, pin)| match pin {
            Pin::Technology(technology) if p == r => Some(technology),
            _ => None,
        });
        let processes = technologies.iter().filter(|t| is_process_technology(t));
        for technology in processes.filter(|t| t.kinds.iter().any(|k| role.accepts_kind(k))) {
            let only_processes = role.kinds.iter().all(|k| is_process_kind(k));
            let bases: Vec<String> = if role.list && only_processes {
                let first = rng.below(PROCESSES.len());
                let second = (first + 1 + rng.below(PROCESSES.len() - 1)) % PROCESSES.len();
                // Named after the technology too when it is not a plain worker, so that a list of services
                // never takes the name of a worker another role declares.
                let of = if technology.id == "worker" { String::new() } else { format!("_{}", technology.id) };
                vec![format!("{noun}_{}{of}", PROCESSES[first]), format!("{noun}_{}{of}", PROCESSES[second])]
            } else {
                vec![format!("{noun}_{key}")]
            };
            for base in bases {
                let name = format!("{base}_{index}");
                match module.find(&name) {
                    Some(other) if !std::ptr::eq(module.components[other].technology, technology) => {
                        if pinned.is_some_and(|t| std::ptr::eq(t, technology)) {
                            offer(format!("{base}_{}_{index}", technology.id), technology, None, Some(key), all);
                        }
                    }
                    _ => offer(name, technology, None, Some(key), all),
                }
            }
        }
        if key == "dead_letter" {
            let mut queues: Vec<&'static Technology> = Vec::new();
            for other in 0..self.bound.len() {
                for candidate in self.components(other).iter().filter(|c| self.needs_dead_letter(c)) {
                    if !queues.iter().any(|t| std::ptr::eq(*t, candidate.technology)) {
                        queues.push(candidate.technology);
                    }
                }
            }
            for technology in queues {
                offer(format!("{noun}_{key}_{}_{index}", technology.id), technology, None, Some(key), all);
            }
        }
    }

    fn duration(&mut self, role: &Role, rng: &mut Rng) -> &'static str {
        let has = |key: &str| self.mechanism.role(key).is_some_and(|r| r.duration);
        if has("expiry") && has("heartbeat") && (role.key == "expiry" || role.key == "heartbeat") {
            let (expiry, heartbeat) = *self.lease.get_or_insert_with(|| *rng.pick(&LEASES));
            return if role.key == "heartbeat" { heartbeat } else { expiry };
        }
        if role.key == "expiry" {
            HOLDS[rng.below(HOLDS.len())]
        } else {
            DURATIONS[rng.below(DURATIONS.len())]
        }
    }

    fn choose(&mut self, r: usize, rng: &mut Rng) -> Option<Value> {
        let role = self.role(r);
        if role.duration {
            return Some(Value::Text(self.duration(role, rng)));
        }
        if role.column {
            return Some(Value::Text(COLUMNS[rng.below(COLUMNS.len())]));
        }
        let pinned = self.pin.is_some_and(|(p, _)| p == r);
        let candidates = if role.accepts_components() { self.candidates(r, rng) } else { Vec::new() };
        let multi_item =
            self.truth().and_then(|t| t.guarantees(self.module)).is_some_and(|g| g.has(Guarantee::Transactions));
        // `transaction: yes` only where the truth's store commits several rows at once.
        let words: Vec<&'static str> = role
            .words
            .iter()
            .map(String::as_str)
            .filter(|w| role.key != "transaction" || *w != "yes" || multi_item)
            .collect();
        // One word: a list's words are alternatives (`delete-on-write` or `write-through`).
        if !pinned && !words.is_empty() && (candidates.is_empty() || rng.chance(30)) {
            return Some(Value::Words(vec![words[rng.below(words.len())]]));
        }
        // A list that takes both a feed and a process (CDC and the worker that applies it) takes one of each.
        let mixed = role.kinds.iter().any(|k| is_process_kind(k)) && role.kinds.iter().any(|k| !is_process_kind(k));
        let mut chosen: Vec<Candidate> = Vec::new();
        for candidate in candidates {
            if chosen.len() == if role.list { 2 } else { 1 } {
                break;
            }
            let twin = chosen.iter().any(|c| {
                self.label(c) == self.label(&candidate) || (mixed && c.is_process() == candidate.is_process())
            });
            if !twin {
                chosen.push(candidate);
            }
        }
        (!chosen.is_empty()).then_some(Value::Components(chosen))
    }

    /// Binds every role the design needs and some optional ones; false at a dead end.
    fn fill(&mut self, rng: &mut Rng) -> bool {
        let info = self.info;
        for &r in info.order.iter().chain(&info.last) {
            let want = self.want(r);
            if want == 0 || (want < 100 && !rng.chance(want)) {
                continue;
            }
            match self.choose(r, rng) {
                Some(value) => self.bound[r] = value,
                None if want == 100 => return false,
                None => {}
            }
        }
        self.derived_is_safe()
    }

    /// Derived data bound before its feed was complete is still rebuildable.
    fn derived_is_safe(&self) -> bool {
        let rebuilt = self.info.rebuilders.iter().any(|&r| !matches!(self.bound[r], Value::Unset));
        rebuilt
            || (0..self.bound.len())
                .filter(|&r| self.role(r).derived)
                .all(|r| self.components(r).iter().all(|c| self.rebuildable(r, c)))
    }
}

/// Whether `r` of `mechanism` could take a component of `technology` (with `guarantees`, its store's for a
/// table) in some operation: what [`Plan::acceptable`] asks that does not depend on the other roles.
pub(crate) fn could_take(
    mechanism: &Mechanism,
    r: usize,
    technology: &Technology,
    guarantees: Option<&Guarantees>,
) -> bool {
    let role = &mechanism.roles[r];
    let by_kind = technology.kinds.iter().any(|k| role.accepts_kind(k));
    if !by_kind && !guarantees.is_some_and(|g| role.accepts_guarantees(g)) {
        return false;
    }
    let named = technology.kinds.iter().any(|k| role.kinds.contains(k));
    let special = |k: &String| CAPTURE.contains(&k.as_str()) || is_process_kind(k);
    if !named && technology.kinds.iter().any(special) {
        return false;
    }
    let Some(g) = guarantees else { return true };
    (g.durable || !role.truth)
        && role.needs.iter().all(|need| g.has(need.guarantee))
        && (g.conditional_writes || !role.capabilities.contains(&Guarantee::ConditionalWrites))
}

/// Whether the role names one of `kinds` (not through `any`).
fn names_any(role: &Role, kinds: &[&str]) -> bool {
    role.kinds.iter().any(|k| kinds.contains(&k.as_str()))
}

/// The HTTP method of a request with `shape`: `GET` for a read only.
pub fn method(shape: &str, rng: &mut Rng) -> &'static str {
    match shape {
        READ_SHAPE => "GET",
        "overwrite" | "publish" => "PUT",
        "transition" if rng.chance(25) => "DELETE",
        "transition" | "advance" => "PATCH",
        "claim" if rng.chance(50) => "PATCH",
        _ => "POST",
    }
}

/// The roles of an operation, bound; `None` when the module has nothing that fits cleanly.
pub(crate) struct Bound {
    pub roles: Vec<(&'static Role, String)>,
    /// The name of the component bound to the pinned role.
    pub pinned: Option<String>,
    /// The components declared for the operation (module indices).
    pub added: Vec<usize>,
}

pub(crate) struct Request<'a> {
    pub mechanism: &'static Mechanism,
    pub method: Option<&'a str>,
    pub pin: Option<(usize, Pin)>,
    pub allow_new: bool,
    pub explore: bool,
}

/// Binds the roles of `request` in `module`, declaring the tables, outboxes and processes it chose.
pub(crate) fn bind(module: &mut Module, request: &Request, rng: &mut Rng) -> Option<Bound> {
    let mechanism = request.mechanism;
    let stores: Vec<usize> =
        (0..module.components.len()).filter(|&i| module.components[i].declared && module.is_kind(i, "store")).collect();
    let anchor = *rng.pick(&stores);
    let mut plan = Plan {
        module,
        mechanism,
        info: info(mechanism),
        post: request.method == Some("POST"),
        anchor,
        allow_new: request.allow_new,
        explore: request.explore,
        pin: request.pin,
        bound: mechanism.roles.iter().map(|_| Value::Unset).collect(),
        lease: None,
    };
    if !plan.fill(rng) {
        return None;
    }
    let bound = plan.bound;
    let mut roles = Vec::new();
    let mut pinned = None;
    let mut added = Vec::new();
    for (r, value) in bound.into_iter().enumerate() {
        let text = match value {
            Value::Unset => continue,
            Value::Text(text) => text.to_string(),
            Value::Words(words) => words.join(", "),
            Value::Components(candidates) => {
                let mut names = Vec::new();
                for candidate in candidates {
                    let index = match (candidate.existing, candidate.name) {
                        (Some(index), _) => index,
                        (None, Some(name)) => match module.find(&name) {
                            Some(index) => index,
                            None => {
                                let index = module.add(name, candidate.technology, candidate.host, candidate.purpose);
                                added.push(index);
                                index
                            }
                        },
                        (None, None) => unreachable!("a new component has a name"),
                    };
                    module.components[index].uses += 1;
                    names.push(module.components[index].name.clone());
                }
                if request.pin.is_some_and(|(p, _)| p == r) {
                    pinned = names.first().cloned();
                }
                names.join(", ")
            }
        };
        roles.push((&mechanism.roles[r], text));
    }
    Some(Bound { roles, pinned, added })
}
