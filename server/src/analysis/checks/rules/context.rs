//! What a rule sees of one operation: its mechanism, the components bound to each role, and what those
//! components are and guarantee.

use crate::analysis::{duration, operation_keys, Analysis};
use crate::catalog::{with_article, Catalog, Guarantees, Mechanism, Role};
use crate::syntax::{Atom, Operation, Token, Value};
use std::time::Duration;

pub(super) struct Rule<'a> {
    pub analysis: &'a Analysis,
    pub mechanism: &'a Mechanism,
    pub operation: &'a Operation,
}

/// A component bound to a role: the index of its first declaration and the token naming it.
#[derive(Clone, Copy)]
pub(super) struct Bound<'a> {
    pub index: usize,
    pub token: &'a Token,
}

impl<'a> Rule<'a> {
    pub fn new(analysis: &'a Analysis, mechanism: &'a Mechanism, operation: &'a Operation) -> Self {
        Rule { analysis, mechanism, operation }
    }

    /// The values of `role`'s field, when it has one.
    fn atoms(&self, role: &str) -> &'a [Atom] {
        match self.operation.field(role).and_then(|f| f.value.as_ref()) {
            Some(Value::List(atoms)) => atoms,
            _ => &[],
        }
    }

    /// The declared components bound to `role` that can fill it, in order: one that cannot is reported
    /// as a misfit, and judging it further would only repeat that.
    pub fn bound(&self, role: &str) -> Vec<Bound<'a>> {
        let (analysis, Some(catalog_role)) = (self.analysis, self.mechanism.role(role)) else { return Vec::new() };
        let words = self.atoms(role).iter().filter_map(|atom| match atom {
            Atom::Word(token) => Some(token),
            _ => None,
        });
        let bound = words.filter_map(|token| Some(Bound { index: analysis.component(&token.text)?.0, token }));
        bound.filter(|b| analysis.fits(catalog_role, b.index)).collect()
    }

    /// The first component bound to `role`.
    pub fn first(&self, role: &str) -> Option<Bound<'a>> {
        self.bound(role).into_iter().next()
    }

    /// The word `role` is set to, when it is one of the role's words (not a component).
    pub fn word(&self, role: &str) -> Option<&'a Token> {
        let accepted = &self.mechanism.role(role)?.words;
        match self.atoms(role) {
            [Atom::Word(token)] if accepted.contains(&token.text) => Some(token),
            _ => None,
        }
    }

    /// The duration `role` is set to, with its token.
    pub fn duration(&self, role: &str) -> Option<(Duration, &'a Token)> {
        match self.atoms(role) {
            [Atom::Quantity(token)] => Some((duration::parse(&token.text).ok()?, token)),
            _ => None,
        }
    }

    /// Whether `role` is set at all.
    pub fn is_set(&self, role: &str) -> bool {
        !self.atoms(role).is_empty()
    }

    /// The first role holding the source of truth that is bound to a component, with it.
    pub fn truth(&self) -> Option<(&'a Role, Bound<'a>)> {
        self.mechanism.roles.iter().filter(|r| r.truth).find_map(|role| Some((role, self.first(&role.key)?)))
    }

    pub fn guarantees(&self, bound: Bound) -> Option<&'a Guarantees> {
        self.analysis.guarantees_of(&self.analysis.file.components[bound.index])
    }

    pub fn kinds(&self, bound: Bound) -> &'a [String] {
        self.analysis.kinds_of(&self.analysis.file.components[bound.index])
    }

    pub fn is_kind(&self, bound: Bound, kind: &str) -> bool {
        self.kinds(bound).iter().any(|k| k == kind)
    }

    /// A component as messages name it: "`bookings_db` (PostgreSQL)", "`holds` (a table in `db`,
    /// PostgreSQL)".
    pub fn named(&self, bound: Bound) -> String {
        let analysis = self.analysis;
        let component = &analysis.file.components[bound.index];
        let title = |c| analysis.technology_of(c).map(|t| t.title.as_str());
        let store = analysis.store_of(bound.index).unwrap_or(bound.index);
        match title(component) {
            Some(_) if store != bound.index => {
                let host = &analysis.file.components[store];
                let what = analysis.technology_of(component).map_or("", |t| t.title.as_str()).to_lowercase();
                let host_title = title(host).map_or(String::new(), |t| format!(", {t}"));
                format!("`{}` ({} in `{}`{host_title})", component.name.text, with_article(&what), host.name.text)
            }
            // "`updater`", not "`updater` (Worker)": the technology is the kind itself.
            Some(technology) if !self.kinds(bound).iter().any(|k| k.eq_ignore_ascii_case(technology)) => {
                format!("`{}` ({technology})", component.name.text)
            }
            _ => format!("`{}`", component.name.text),
        }
    }

    /// The name of the store `bound`'s data lives in: its host for a table or outbox, else itself.
    pub fn store_name(&self, bound: Bound) -> &'a str {
        let store = self.analysis.store_of(bound.index).unwrap_or(bound.index);
        &self.analysis.file.components[store].name.text
    }

    /// Whether two components live in one store; true when either's host is not declared (that is
    /// reported at the declaration, and the store is unknown).
    pub fn same_store(&self, a: Bound, b: Bound) -> bool {
        match (self.analysis.store_of(a.index), self.analysis.store_of(b.index)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }

    /// The HTTP method of the operation's path, upper-cased.
    pub fn method(&self) -> Option<String> {
        request_method(self.analysis.catalog(), self.operation)
    }

    /// Whether the operation is a request that writes: its path's method is `POST`, `PUT`, `PATCH` or
    /// `DELETE`.
    pub fn is_request_write(&self) -> bool {
        self.method().is_some_and(|m| matches!(m.as_str(), "POST" | "PUT" | "PATCH" | "DELETE"))
    }

    /// Whether `role`, or the roles after it past those left unbound, is bound to a process: data flowing
    /// into `role` is consumed by a worker.
    pub fn feeds_a_process(&self, role: &str) -> bool {
        match self.first(role) {
            Some(bound) => self.is_process(bound),
            None if self.is_set(role) => false,
            // Unbound: a role for processes stands for the workers the mechanism implies.
            None => {
                let processes = ["worker", "scheduler", "service"];
                let process_role =
                    self.mechanism.role(role).is_some_and(|r| r.kinds.iter().any(|k| processes.contains(&k.as_str())));
                process_role
                    || self.mechanism.edges().iter().any(|&(from, to)| from == role && self.feeds_a_process(to))
            }
        }
    }

    /// A worker, scheduler or service: it moves data but holds none.
    pub fn is_process(&self, bound: Bound) -> bool {
        ["worker", "scheduler", "service"].iter().any(|kind| self.is_kind(bound, kind))
    }
}

pub(super) fn request_method(catalog: &Catalog, operation: &Operation) -> Option<String> {
    match operation_keys::field(catalog, operation, "path")?.value.as_ref()? {
        Value::Path(path) => Some(path.method.as_ref()?.text.to_uppercase()),
        Value::List(_) => None,
    }
}
