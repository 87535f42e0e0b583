//! The checks, run in order over a lowered file. Each returns its findings; `run` merges them.

mod components;
mod operations;
mod paths;
mod roles;

use super::{Analysis, Code, Diagnostic, Use};

/// Where diagnostics and component uses are collected while the checks run.
#[derive(Default)]
pub(super) struct Sink {
    pub diagnostics: Vec<Diagnostic>,
    pub uses: Vec<Vec<Use>>,
}

impl Sink {
    pub fn report(&mut self, code: Code, range: std::ops::Range<usize>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(code, range, message));
    }
}

pub(super) fn run(analysis: &mut Analysis) -> Vec<Diagnostic> {
    let mut sink = Sink { uses: vec![Vec::new(); analysis.file.components.len()], ..Sink::default() };
    for error in &analysis.file.errors {
        sink.report(Code::SyntaxError, error.range.clone(), error.message.clone());
    }
    components::check(analysis, &mut sink);
    operations::check(analysis, &mut sink);
    // Unused components are known only once every operation has bound its roles.
    components::check_unused(analysis, &mut sink);
    analysis.uses = sink.uses;
    sink.diagnostics
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
