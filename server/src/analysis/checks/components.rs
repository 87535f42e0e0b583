//! Checks on declarations: the system line, component names, technologies and hosts, unused components.

use super::{did_you_mean, unknown, Sink};
use crate::analysis::hash::FastSet;
use crate::analysis::{Analysis, Code, Diagnostic};
use crate::catalog::{with_article, Catalog};
use crate::syntax::Splice;
use crate::text::echo;

/// What the checks of the declarations found. They read the `system` and `component` lines alone, so an
/// edit that touches none of those lines keeps them, moved.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Per component, whether it is never reported unused: a repeated declaration (its name refers to the
    /// first) or a store that a table or outbox lives in.
    exempt: Vec<bool>,
}

impl Declarations {
    /// Moves the findings after an edit that touched no declaration.
    pub fn moved(&mut self, splice: Splice) {
        for diagnostic in &mut self.diagnostics {
            diagnostic.range = splice.moved(diagnostic.range.clone());
        }
    }
}

/// Checks the declarations; `analysis.components` must index them already.
pub(in crate::analysis) fn check_declarations(analysis: &Analysis) -> Declarations {
    let mut sink = Sink::default();
    check(analysis, &mut sink);
    let components = &analysis.file.components;
    let mut exempt: Vec<bool> = components
        .iter()
        .enumerate()
        .map(|(index, c)| analysis.component(&c.name.text).is_none_or(|(i, _)| i != index))
        .collect();
    for host in components.iter().filter_map(|c| c.host.as_ref()) {
        if let Some((index, _)) = analysis.component(&host.text) {
            exempt[index] = true;
        }
    }
    Declarations { diagnostics: sink.diagnostics, exempt }
}

fn check(analysis: &Analysis, sink: &mut Sink) {
    let catalog = Catalog::get();
    if let Some((first, rest)) = analysis.file.systems.split_first() {
        for again in rest {
            sink.report(
                Code::DuplicateSystem,
                again.name.range.clone(),
                format!("a file describes one system, and it is already named \"{}\"", echo(&first.name.text)),
            );
        }
    }
    let mut seen = FastSet::with_capacity_and_hasher(analysis.file.components.len(), Default::default());
    for component in &analysis.file.components {
        let name = &component.name;
        if !seen.insert(name.text.as_str()) {
            sink.report(
                Code::DuplicateComponent,
                name.range.clone(),
                format!("component `{}` is already declared; give each component its own name", echo(&name.text)),
            );
        }
        let Some(technology) = &component.technology else {
            sink.report(
                Code::MissingValue,
                name.range.clone(),
                format!(
                    "component `{}` has no technology; write `component {}: <technology>`, e.g. `postgres`, `kafka`, `redis` or `worker`",
                    echo(&name.text),
                    echo(&name.text)
                ),
            );
            continue;
        };
        let Some(tech) = catalog.technology(&technology.text) else {
            let known: Vec<String> = catalog.technologies.iter().map(|t| t.id.clone()).collect();
            let message = unknown("technology", &technology.text, &known, "the catalog knows");
            sink.report(Code::UnknownTechnology, technology.range.clone(), message);
            continue;
        };
        let Some(host) = &component.host else { continue };
        if !tech.hosted {
            sink.report(
                Code::InvalidHost,
                host.range.clone(),
                format!(
                    "only a table or an outbox lives `in` a store; `{}` ({}) stands on its own: drop `in {}`",
                    technology.text,
                    tech.title,
                    echo(&host.text)
                ),
            );
            continue;
        }
        let Some((_, host_decl)) = analysis.component(&host.text) else {
            let names = analysis.file.components.iter().map(|c| c.name.text.as_str());
            sink.report(
                Code::UndeclaredComponent,
                host.range.clone(),
                format!(
                    "`{}` is not a declared component; {} lives in a store declared as `component {}: postgres`{}",
                    echo(&host.text),
                    with_article(&technology.text),
                    echo(&host.text),
                    did_you_mean(&host.text, names)
                ),
            );
            continue;
        };
        // An unknown technology was reported at its declaration; what the host is, is unknown here.
        let Some(host_is) = analysis.what_it_is(host_decl) else { continue };
        if !analysis.kinds_of(host_decl).iter().any(|k| k == "store") {
            sink.report(
                Code::InvalidHost,
                host.range.clone(),
                format!("{} lives in a store, but `{}` is {host_is}", with_article(&technology.text), echo(&host.text)),
            );
        }
    }
}

/// Components no operation binds to a role and no table or outbox lives in; `used` tells, per component,
/// whether an operation binds it.
pub(super) fn check_unused(analysis: &Analysis, used: &[bool], sink: &mut Sink) {
    let exempt = &analysis.declarations.exempt;
    for (index, component) in analysis.file.components.iter().enumerate() {
        if !used[index] && !exempt[index] {
            sink.report(
                Code::UnusedComponent,
                component.name.range.clone(),
                format!("component `{}` is not used by any operation", echo(&component.name.text)),
            );
        }
    }
}
