//! Checks on declarations: the system line, component names, technologies and hosts, unused components.

use super::{did_you_mean, unknown, Sink};
use crate::analysis::hash::FastSet;
use crate::analysis::{Analysis, Code, Use};
use crate::catalog::{with_article, Catalog};

pub(super) fn check(analysis: &Analysis, sink: &mut Sink) {
    let catalog = Catalog::get();
    if let Some((first, rest)) = analysis.file.systems.split_first() {
        for again in rest {
            sink.report(
                Code::DuplicateSystem,
                again.name.range.clone(),
                format!("a file describes one system, and it is already named \"{}\"", first.name.text),
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
                format!("component `{}` is already declared; give each component its own name", name.text),
            );
        }
        let Some(technology) = &component.technology else {
            sink.report(
                Code::MissingValue,
                name.range.clone(),
                format!(
                    "component `{}` has no technology; write `component {}: <technology>`, e.g. `postgres`, `kafka`, `redis` or `worker`",
                    name.text, name.text
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
                    technology.text, tech.title, host.text
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
                    host.text,
                    with_article(&technology.text),
                    host.text,
                    did_you_mean(&host.text, names)
                ),
            );
            continue;
        };
        let host_kinds = analysis.kinds_of(host_decl);
        if !host_kinds.is_empty() && !host_kinds.iter().any(|k| k == "store") {
            let host_tech = analysis.technology_of(host_decl).map_or("", |t| t.title.as_str());
            sink.report(
                Code::InvalidHost,
                host.range.clone(),
                format!(
                    "{} lives in a store, but `{}` is {} ({host_tech})",
                    with_article(&technology.text),
                    host.text,
                    with_article(&host_kinds.join(", "))
                ),
            );
        }
    }
}

/// Components no operation binds to a role and no table or outbox lives in.
pub(super) fn check_unused(analysis: &Analysis, uses: &[Vec<Use>], sink: &mut Sink) {
    let hosts: FastSet<&str> =
        analysis.file.components.iter().filter_map(|c| c.host.as_ref()).map(|h| h.text.as_str()).collect();
    for (index, component) in analysis.file.components.iter().enumerate() {
        let first_declaration = analysis.component(&component.name.text).is_some_and(|(i, _)| i == index);
        if first_declaration && uses[index].is_empty() && !hosts.contains(component.name.text.as_str()) {
            sink.report(
                Code::UnusedComponent,
                component.name.range.clone(),
                format!("component `{}` is not used by any operation", component.name.text),
            );
        }
    }
}
