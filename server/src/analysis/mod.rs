//! The design model and its checks: typed syntax in, diagnostics and resolved references out.
//!
//! Works on text, byte offsets and the syntax tree only; nothing here knows the protocol.

mod checks;
mod diagnostic;
pub mod duration;
mod hash;
mod model;
mod names;
pub mod operation_keys;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use model::{Binding, Use};

use crate::catalog::{Catalog, Guarantees, Mechanism, Role, Technology};
use crate::parallel;
use crate::syntax::{self, Atom, ComponentDecl, Operation, Reparsed, SourceFile, Splice, Syntax};
use hash::FastMap;
use std::sync::{Arc, OnceLock};

/// Everything known about one version of a document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub file: SourceFile,
    /// What the file was checked against; catalog entries the analysis hands out borrow from it.
    catalog: Arc<Catalog>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Index into `file.components` of the first declaration of each name.
    components: FastMap<String, usize>,
    /// What checking the declarations found.
    declarations: checks::Declarations,
    /// Per operation (by index into `file.operations`), what checking it alone found.
    findings: Vec<checks::OperationFindings>,
    operation_names: names::NameCounts,
    /// The catalog's mechanism cards, rendered by `ide` on first use and kept with the catalog: across edits,
    /// and shared by clones. Completion shows them all on every request; rendered anew each time, they made
    /// such a request five times slower.
    mechanism_cards: Arc<OnceLock<Vec<String>>>,
}

/// Analyzes a lowered file against `catalog`.
pub fn analyze_file(file: SourceFile, catalog: Arc<Catalog>) -> Analysis {
    let mut analysis = Analysis { file, ..Analysis::empty(catalog) };
    analysis.index_components();
    analysis.declarations = checks::check_declarations(&analysis);
    let operations = &analysis.file.operations;
    let extent =
        operations.first().zip(operations.last()).map_or(0, |(first, last)| last.range.end - first.range.start);
    analysis.findings = parallel::map(operations, extent, |operation| checks::check_operation(&analysis, operation));
    for operation in &analysis.file.operations {
        analysis.operation_names.add(&operation.name.text);
    }
    checks::finish(&mut analysis);
    analysis
}

/// Brings `previous` up to date after an edit: [`Syntax::edit`] brought `syntax` up to date with `text`,
/// parsing anew what `reparsed` holds, for the edits `splice` folds together. Only the operations the edit
/// touched are checked again, and those whose findings depend on a component declaration the edit changed.
/// The catalog stays `previous`'s.
pub(crate) fn reanalyze(
    previous: Analysis,
    text: &str,
    syntax: &Syntax,
    reparsed: Reparsed,
    splice: Splice,
) -> Analysis {
    let mut analysis = Analysis { diagnostics: Vec::new(), ..previous };
    let changes = syntax::relower(&mut analysis.file, syntax, reparsed, splice);
    // The same declarations in the same order keep their indices.
    if !changes.component_names.is_empty() {
        analysis.index_components();
    }
    if changes.declarations_replaced {
        analysis.declarations = checks::check_declarations(&analysis);
    } else {
        analysis.declarations.moved(splice);
    }
    for name in &changes.operation_names_before {
        analysis.operation_names.remove(name);
    }
    let fresh = &analysis.file.operations[changes.operations_now.clone()];
    for operation in fresh {
        analysis.operation_names.add(&operation.name.text);
    }
    let checked: Vec<_> = fresh.iter().map(|op| checks::check_operation(&analysis, op)).collect();
    analysis.findings.splice(changes.operations_before, checked);
    if !changes.component_names.is_empty() {
        for index in (0..analysis.file.operations.len()).filter(|i| !changes.operations_now.contains(i)) {
            let operation = &analysis.file.operations[index];
            if analysis.findings[index].depends_on(&analysis, operation, &changes.component_names) {
                analysis.findings[index] = checks::check_operation(&analysis, operation);
            } else {
                let mut findings = std::mem::take(&mut analysis.findings[index]);
                findings.resolve_again(&analysis, operation, text);
                analysis.findings[index] = findings;
            }
        }
    }
    checks::finish(&mut analysis);
    analysis
}

/// Parses and analyzes in one step.
pub fn analyze_text(text: &str, catalog: Arc<Catalog>) -> Analysis {
    analyze_file(syntax::parse_source(text), catalog)
}

impl Analysis {
    /// The analysis of an empty file: what a document shows before its first analysis or after a failed one.
    pub fn empty(catalog: Arc<Catalog>) -> Analysis {
        Analysis {
            file: SourceFile::default(),
            catalog,
            diagnostics: Vec::new(),
            components: FastMap::default(),
            declarations: checks::Declarations::default(),
            findings: Vec::new(),
            operation_names: names::NameCounts::default(),
            mechanism_cards: Arc::default(),
        }
    }

    /// The catalog the file was checked against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The card of each of the catalog's mechanisms, in catalog order: what `render` makes of the catalog,
    /// on the first call only (the catalog never changes under an analysis).
    pub(crate) fn mechanism_cards(&self, render: impl FnOnce(&Catalog) -> Vec<String>) -> &[String] {
        self.mechanism_cards.get_or_init(|| render(&self.catalog))
    }

    /// Maps each component name to its first declaration.
    fn index_components(&mut self) {
        self.components.clear();
        self.components.reserve(self.file.components.len());
        for (index, component) in self.file.components.iter().enumerate() {
            self.components.entry(component.name.text.clone()).or_insert(index);
        }
    }

    /// Where operations bind the component with index `component` (its first declaration) to a role, in
    /// source order.
    pub fn uses_of(&self, component: usize) -> Vec<Use<'_>> {
        self.uses_where(move |c| c == component).map(|(_, used)| used).collect()
    }

    /// Every component an operation binds to a role, in source order: the index of the component's first
    /// declaration, and the use.
    pub fn uses(&self) -> impl Iterator<Item = (usize, Use<'_>)> {
        self.uses_where(|_| true)
    }

    /// The uses of the components `wanted` keeps.
    fn uses_where(&self, wanted: impl Fn(usize) -> bool + Copy) -> impl Iterator<Item = (usize, Use<'_>)> {
        let operations = self.file.operations.iter().enumerate().zip(&self.findings);
        operations.flat_map(move |((index, operation), findings)| {
            let base = operation.range.start;
            let kept = findings.uses.iter().filter(move |(component, _)| wanted(*component));
            kept.map(move |(component, range)| {
                let range = range.start + base..range.end + base;
                // Fields are in source order: a binary search, so an operation of n fields costs n log n.
                let after = operation.fields.partition_point(|f| f.range.start <= range.start);
                let field = after.checked_sub(1).map(|i| &operation.fields[i]).filter(|f| range.end <= f.range.end);
                let role = field.map_or("", |f| f.key.text.as_str());
                (*component, Use { operation: index, role, range })
            })
        })
    }

    /// The (first) declaration of a component, with its index.
    pub fn component(&self, name: &str) -> Option<(usize, &ComponentDecl)> {
        self.components.get(name).map(|&i| (i, &self.file.components[i]))
    }

    /// The catalog entry of a component's technology, when it names a known one.
    pub fn technology_of(&self, component: &ComponentDecl) -> Option<&Technology> {
        component.technology.as_ref().and_then(|t| self.catalog.technology(&t.text))
    }

    /// The kinds a component can serve as (`store`, `cache`, …): the one it is declared `as`, else its
    /// technology's; empty when neither is known.
    pub fn kinds_of(&self, component: &ComponentDecl) -> &[String] {
        if let Some(kind) = component.kind.as_ref().and_then(|k| self.catalog.kind(&k.text)) {
            return std::slice::from_ref(&kind.id);
        }
        self.technology_of(component).map_or(&[], |t| t.kinds.as_slice())
    }

    /// What a component is, for messages: "a cache (Redis)", "a store or queue (PostgreSQL)", "a table" (a
    /// technology named after its kind is not named again), "a worker" for one declared `as worker`;
    /// `None` when neither its technology nor its kind is known.
    pub fn what_it_is(&self, component: &ComponentDecl) -> Option<String> {
        let kinds = self.kinds_of(component);
        if kinds.is_empty() {
            return None;
        }
        let what = self.catalog.kinds_phrase(kinds);
        Some(match self.technology_of(component) {
            Some(technology) if !kinds.contains(&technology.id) => format!("{what} ({})", technology.title),
            _ => what,
        })
    }

    /// What a component's technology guarantees: for a table or outbox, its host store's; `None` for a
    /// technology the catalog lacks.
    pub fn guarantees_of(&self, component: &ComponentDecl) -> Option<&Guarantees> {
        let technology = self.technology_of(component)?;
        match &technology.guarantees {
            Some(guarantees) => Some(guarantees),
            None => {
                let (_, host) = self.component(&component.host.as_ref()?.text)?;
                self.technology_of(host)?.guarantees.as_ref()
            }
        }
    }

    /// Whether the component at `index` can fill `role`: one of its kinds is accepted, or its technology
    /// has a capability the role accepts. A component of unknown kind fits nothing.
    pub fn fits(&self, role: &Role, index: usize) -> bool {
        let component = &self.file.components[index];
        let by_capability = self.guarantees_of(component).is_some_and(|g| role.accepts_guarantees(g));
        by_capability || self.kinds_of(component).iter().any(|k| role.accepts_kind(k))
    }

    /// The store a component's data lives in: its host for a table or outbox, else itself (index of the
    /// first declaration); `None` when its host is not a declared store (reported at the declaration).
    /// Two components in one store can share a transaction.
    pub fn store_of(&self, index: usize) -> Option<usize> {
        let Some(host) = &self.file.components[index].host else { return Some(index) };
        let (host, declaration) = self.component(&host.text)?;
        self.kinds_of(declaration).iter().any(|k| k == "store").then_some(host)
    }

    /// The catalog entry of an operation's mechanism, when it names a known one (under a misspelled
    /// `mechanism:` key too, which is reported at the key).
    pub fn mechanism_of(&self, operation: &Operation) -> Option<&Mechanism> {
        let field = operation_keys::field(&self.catalog, operation, "mechanism")?;
        field.single_word().and_then(|w| self.catalog.mechanism(&w.text))
    }

    /// How a value of `role` resolved (component, word, duration, …). Callers look the role up once per
    /// field, so a list of any length costs one lookup per value.
    pub fn binding(&self, role: &Role, atom: &Atom) -> Binding {
        model::bind(self, role, atom)
    }
}
