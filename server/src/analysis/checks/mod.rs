//! The checks. Each operation is checked on its own and its findings kept relative to its start, so an
//! edit elsewhere reuses them; `finish` adds the checks across the file and merges everything.

mod components;
mod operations;
mod paths;
mod roles;

use super::hash::FastSet;
use super::{Analysis, Code, Diagnostic, Use};
use crate::syntax::Operation;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

/// Where one check run collects what it finds.
#[derive(Default)]
pub(super) struct Sink {
    pub diagnostics: Vec<Diagnostic>,
    /// Components bound by an operation: the component's index, the role, the range of its name.
    pub uses: Vec<(usize, String, Range<usize>)>,
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
    /// The component's name (resolved again when merging, since indices move), the role, the range.
    uses: Vec<(String, Arc<str>, Range<usize>)>,
}

impl OperationFindings {
    /// Whether the findings may change when the declarations of `names` change: the operation names one
    /// of them, or reported something, whose suggestions draw on every declared name.
    pub fn depends_on(&self, operation: &Operation, names: &HashSet<String>) -> bool {
        !self.diagnostics.is_empty() || operation.words().any(|word| names.contains(word))
    }
}

pub(super) fn check_operation(analysis: &Analysis, operation: &Operation) -> OperationFindings {
    let mut sink = Sink::default();
    operations::check(analysis, operation, &mut sink);
    let base = operation.range.start;
    let relative = |range: Range<usize>| range.start - base..range.end - base;
    let diagnostics = sink.diagnostics.into_iter().map(|d| Diagnostic { range: relative(d.range.clone()), ..d });
    let uses = sink
        .uses
        .into_iter()
        .map(|(index, role, range)| (analysis.file.components[index].name.text.clone(), role.into(), relative(range)));
    OperationFindings { diagnostics: diagnostics.collect(), uses: uses.collect() }
}

/// Runs the checks across the file (syntax errors, declarations, unique operation names, unused
/// components) and merges them with every operation's findings into `diagnostics` and `uses`.
pub(super) fn finish(analysis: &mut Analysis) {
    let mut sink = Sink::default();
    for error in &analysis.file.errors {
        sink.report(Code::SyntaxError, error.range.clone(), error.message.clone());
    }
    components::check(analysis, &mut sink);
    let mut uses = vec![Vec::new(); analysis.file.components.len()];
    let mut names = FastSet::with_capacity_and_hasher(analysis.file.operations.len(), Default::default());
    for (index, (operation, findings)) in analysis.file.operations.iter().zip(&analysis.findings).enumerate() {
        if !names.insert(operation.name.text.as_str()) {
            sink.report(
                Code::DuplicateOperation,
                operation.name.range.clone(),
                format!("operation \"{}\" is already declared; name each write path once", operation.name.text),
            );
        }
        let base = operation.range.start;
        let absolute = |range: &Range<usize>| range.start + base..range.end + base;
        for diagnostic in &findings.diagnostics {
            sink.diagnostics.push(Diagnostic { range: absolute(&diagnostic.range), ..diagnostic.clone() });
        }
        for (name, role, range) in &findings.uses {
            if let Some((component, _)) = analysis.component(name) {
                uses[component].push(Use { operation: index, role: role.clone(), range: absolute(range) });
            }
        }
    }
    // Unused components are known only once every operation has bound its roles.
    components::check_unused(analysis, &uses, &mut sink);
    analysis.uses = uses;
    analysis.diagnostics = sink.diagnostics;
    analysis.diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
}

/// "unknown {what} `word`; did you mean `x`?" when a known id is close, else the full list of known ids
/// introduced by `known_are` ("the write shapes are").
fn unknown(what: &str, word: &str, known: &[String], known_are: &str) -> String {
    match crate::suggest::closest(word, known.iter().map(String::as_str)) {
        Some(close) => format!("unknown {what} `{word}`; did you mean `{close}`?"),
        None => format!("unknown {what} `{word}`; {known_are} {}", crate::catalog::or_list_quoted(known)),
    }
}

/// "; did you mean `x`?" when a candidate is close, else "". Goes at the end of a message.
fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::closest(word, candidates).map_or(String::new(), |c| format!("; did you mean `{c}`?"))
}
