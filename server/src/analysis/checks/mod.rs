//! The checks. Each operation is checked on its own and its findings kept relative to its start, so an
//! edit elsewhere reuses them; `finish` adds the checks across the file and merges everything.

mod allow;
mod components;
mod operations;
mod paths;
mod roles;
mod rules;

pub(super) use components::{check_declarations, Declarations};

use super::hash::FastMap;
use super::{Analysis, Code, Diagnostic};
use crate::syntax::Operation;
use crate::text::echo;
use std::collections::HashSet;
use std::ops::Range;

/// Where one check run collects what it finds.
#[derive(Default)]
pub(super) struct Sink {
    pub diagnostics: Vec<Diagnostic>,
    /// Components bound by an operation: the component's index and the range of its name.
    pub uses: Vec<(usize, Range<usize>)>,
}

impl Sink {
    pub fn report(&mut self, code: Code, range: Range<usize>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(code, range, message));
    }
}

/// What checking one operation found, with ranges relative to the operation's start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct OperationFindings {
    diagnostics: Vec<Diagnostic>,
    /// The components it binds: the index of each one's first declaration, and the range of its name.
    pub uses: Vec<(usize, Range<usize>)>,
}

impl OperationFindings {
    /// Whether the findings may change when the declarations of `names` change: the operation names one
    /// of them, binds a component that lives in one (its guarantees are the host's), or reported
    /// something, whose suggestions draw on every declared name.
    pub fn depends_on(&self, analysis: &Analysis, operation: &Operation, names: &HashSet<String>) -> bool {
        let hosted_in_changed = self.uses.iter().any(|&(index, _)| {
            let host = analysis.file.components.get(index).and_then(|c| c.host.as_ref());
            host.is_some_and(|host| names.contains(&host.text))
        });
        !self.diagnostics.is_empty() || hosted_in_changed || operation.words().any(|word| names.contains(word))
    }

    /// Looks up the components it binds again, by name, after declarations moved in the list; `text`
    /// holds the operation.
    pub fn resolve_again(&mut self, analysis: &Analysis, operation: &Operation, text: &str) {
        let base = operation.range.start;
        for (component, range) in &mut self.uses {
            let name = &text[range.start + base..range.end + base];
            // A name no longer declared makes the operation depend on the change: it is checked anew.
            if let Some((index, _)) = analysis.component(name) {
                *component = index;
            }
        }
    }
}

pub(super) fn check_operation(analysis: &Analysis, operation: &Operation) -> OperationFindings {
    let mut sink = Sink::default();
    operations::check(analysis, operation, &mut sink);
    allow::apply(operation, &mut sink.diagnostics);
    let base = operation.range.start;
    let relative = |range: Range<usize>| range.start - base..range.end - base;
    let diagnostics = sink.diagnostics.into_iter().map(|d| Diagnostic { range: relative(d.range.clone()), ..d });
    let uses = sink.uses.into_iter().map(|(index, range)| (index, relative(range)));
    OperationFindings { diagnostics: diagnostics.collect(), uses: uses.collect() }
}

/// Merges the findings of the declarations and of every operation with the syntax errors, repeated
/// operation names and unused components into `diagnostics`. Per keystroke this is one pass over the
/// operations that only copies what they found; names are compared only when one is repeated.
pub(super) fn finish(analysis: &mut Analysis) {
    let mut sink = Sink::default();
    for error in &analysis.file.errors {
        sink.report(Code::SyntaxError, error.range.clone(), error.message.clone());
    }
    sink.diagnostics.extend(analysis.declarations.diagnostics.iter().cloned());
    if analysis.operation_names.any_repeated() {
        // Every declaration of a repeated name, the first too: in a design of several files, the first
        // may be in another file than the one being read.
        let operations = &analysis.file.operations;
        let mut counts: FastMap<&str, usize> = FastMap::with_capacity_and_hasher(operations.len(), Default::default());
        for operation in operations {
            *counts.entry(operation.name.text.as_str()).or_default() += 1;
        }
        for operation in operations.iter().filter(|o| counts[o.name.text.as_str()] > 1) {
            sink.report(
                Code::DuplicateOperation,
                operation.name.range.clone(),
                format!(
                    "operation \"{}\" is declared more than once; name each write path once",
                    echo(&operation.name.text)
                ),
            );
        }
    }
    let mut used = vec![false; analysis.file.components.len()];
    for (operation, findings) in analysis.file.operations.iter().zip(&analysis.findings) {
        let base = operation.range.start;
        for diagnostic in &findings.diagnostics {
            let range = diagnostic.range.start + base..diagnostic.range.end + base;
            sink.diagnostics.push(Diagnostic { range, ..diagnostic.clone() });
        }
        for &(component, _) in &findings.uses {
            used[component] = true;
        }
    }
    // Unused components are known only once every operation has bound its roles.
    components::check_unused(analysis, &used, &mut sink);
    analysis.diagnostics = sink.diagnostics;
    analysis.diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
}

/// "unknown {what} `word`; did you mean `x`?" when a known id is close, else the full list of known ids
/// introduced by `known_are` ("the shapes are").
fn unknown(what: &str, word: &str, known: &[String], known_are: &str) -> String {
    match crate::suggest::closest(word, known.iter().map(String::as_str)) {
        Some(close) => format!("unknown {what} `{}`; did you mean `{close}`?", echo(word)),
        None => format!("unknown {what} `{}`; {known_are} {}", echo(word), crate::catalog::or_list_quoted(known)),
    }
}

use crate::suggest::did_you_mean;

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze_text, Code};
    use crate::catalog::{or_list_quoted, Catalog};

    #[test]
    fn huge_names_are_cut_in_messages() {
        let huge = "y".repeat(1_000_000);
        let shown = format!("{}…", "y".repeat(63));
        let text = format!("component db: {huge}\noperation \"o\" {{\n  mechanism: {huge}\n  store: db\n}}\n");
        let catalog = Catalog::builtin();
        let analysis = analyze_text(&text, catalog.clone());
        let message = |code| analysis.diagnostics.iter().find(|d| d.code == code).unwrap().message.clone();
        let kinds: Vec<String> = catalog.kinds.iter().map(|k| k.id.clone()).collect();
        let mechanisms: Vec<String> = catalog.mechanisms.iter().map(|m| m.id.clone()).collect();
        assert_eq!(
            message(Code::UnknownTechnology),
            format!(
                "unknown technology `{shown}`; for one the catalog lacks, say which kind it is checked as: \
                 `component db: {shown} as <kind>`, where the kind is {}",
                crate::catalog::or_list(&kinds)
            )
        );
        assert_eq!(
            message(Code::UnknownMechanism),
            format!("unknown mechanism `{shown}`; the base mechanisms are {}", or_list_quoted(&mechanisms))
        );
    }
}
