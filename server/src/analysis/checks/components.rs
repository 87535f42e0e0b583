//! Checks on declarations: the system line, component names, technologies and hosts, unused components.

use super::{did_you_mean, unknown, Sink};
use crate::analysis::hash::FastMap;
use crate::analysis::{Analysis, Code, Diagnostic};
use crate::catalog::{or_list, with_article, Catalog};
use crate::syntax::ComponentDecl;
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
    let catalog = analysis.catalog();
    if let Some((first, rest)) = analysis.file.systems.split_first() {
        // Each file of a design may say which system it belongs to; only another name is a mistake.
        for again in rest.iter().filter(|again| again.name.text != first.name.text) {
            sink.report(
                Code::DuplicateSystem,
                again.name.range.clone(),
                format!("a design describes one system, and it is already named \"{}\"", echo(&first.name.text)),
            );
        }
    }
    // Every declaration of a repeated name, the first too: in a design of several files, the first may be
    // in another file than the one being read.
    let mut counts: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(analysis.file.components.len(), Default::default());
    for component in &analysis.file.components {
        *counts.entry(component.name.text.as_str()).or_default() += 1;
    }
    for component in &analysis.file.components {
        let name = &component.name;
        if counts[name.text.as_str()] > 1 {
            sink.report(
                Code::DuplicateComponent,
                name.range.clone(),
                format!(
                    "component `{}` is declared more than once; give each component its own name",
                    echo(&name.text)
                ),
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
        let kind = component.kind.as_ref();
        let known_kind = kind.and_then(|k| catalog.kind(&k.text));
        if let (Some(kind), None) = (kind, known_kind) {
            let kinds: Vec<String> = catalog.kinds.iter().map(|k| k.id.clone()).collect();
            sink.report(Code::UnknownKind, kind.range.clone(), unknown("kind", &kind.text, &kinds, "the kinds are"));
        }
        let Some(tech) = catalog.technology(&technology.text) else {
            match known_kind {
                // A process's technology guarantees nothing the rules read: there is nothing to know.
                Some(kind) if ["worker", "scheduler", "service"].contains(&kind.id.as_str()) => {}
                Some(kind) => sink.report(
                    Code::UnknownGuarantees,
                    technology.range.clone(),
                    format!(
                        "the catalog does not know `{}`, so `{}` is checked as {} and the rules that need its \
                         guarantees (durability, transactions, conditional writes, …) pass it by",
                        echo(&technology.text),
                        echo(&name.text),
                        with_article(&kind.title.to_lowercase())
                    ),
                ),
                None if kind.is_none() => sink.report(
                    Code::UnknownTechnology,
                    technology.range.clone(),
                    unknown_technology(catalog, component),
                ),
                None => {}
            }
            continue;
        };
        if let (Some(kind), Some(known)) = (kind, known_kind) {
            if !tech.kinds.contains(&known.id) {
                sink.report(
                    Code::TechnologyKindMismatch,
                    kind.range.clone(),
                    format!(
                        "{} can be {}, not {}; drop `as {}`, or name a technology that is one{}",
                        tech.title,
                        catalog.kinds_phrase(&tech.kinds),
                        with_article(&known.title.to_lowercase()),
                        known.id,
                        sibling(catalog, &tech.id, &known.id)
                    ),
                );
            }
        }
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

/// ", such as `redis-streams`": the technology of that kind nearest to `technology`, often its sibling.
fn sibling(catalog: &Catalog, technology: &str, kind: &str) -> String {
    let of_kind: Vec<&str> =
        catalog.technologies.iter().filter(|t| t.kinds.iter().any(|k| k == kind)).map(|t| t.id.as_str()).collect();
    // A variant of the same product (`redis-streams` for `redis`), else the nearest name.
    let variant = of_kind.iter().copied().find(|id| id.strip_prefix(technology).is_some_and(|r| r.starts_with('-')));
    let nearest = variant.or_else(|| crate::suggest::nearest(technology, of_kind.iter().copied(), 1).pop());
    nearest.map_or(String::new(), |id| format!(", such as `{id}`"))
}

/// "unknown technology `postgress`; did you mean `postgres`?" for a typo; else the nearest names the
/// catalog knows and how to declare a technology it lacks.
fn unknown_technology(catalog: &Catalog, component: &ComponentDecl) -> String {
    let word = component.technology.as_ref().map_or("", |t| t.text.as_str());
    let ids = catalog.technologies.iter().map(|t| t.id.as_str());
    if let Some(close) = crate::suggest::closest(word, ids.clone()) {
        return format!("unknown technology `{}`; did you mean `{close}`?", echo(word));
    }
    let nearest: Vec<String> = crate::suggest::nearest(word, ids, 3).iter().map(|id| format!("`{id}`")).collect();
    let offer = match nearest.as_slice() {
        [] => String::new(),
        [one] => format!("the nearest the catalog knows is {one}; "),
        [init @ .., last] => format!("the nearest the catalog knows are {} and {last}; ", init.join(", ")),
    };
    let kinds: Vec<String> = catalog.kinds.iter().map(|k| k.id.clone()).collect();
    format!(
        "unknown technology `{}`; {offer}for one the catalog lacks, say which kind it is checked as: \
         `component {}: {} as <kind>`, where the kind is {}",
        echo(word),
        echo(&component.name.text),
        echo(word),
        or_list(&kinds)
    )
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
