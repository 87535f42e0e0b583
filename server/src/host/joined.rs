//! A design's files joined into one text, one after another with a line break between two, and analyzed
//! as one: a component declared in one file resolves in every other, and the incremental machinery
//! (chunks parsed again where an edit falls, relowering, findings reused) works on the joined text as it
//! would on one file. An edit in a file is an edit of the joined text at the file's place in it.

use crate::analysis::{self, Analysis};
use crate::catalog::Catalog;
use crate::syntax::{parse_and_lower, Splice, Syntax};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

/// One analyzed version of the joined text, shared by the snapshots of the design's files.
#[derive(Debug, Clone)]
pub struct Joined {
    pub text: Arc<String>,
    pub analysis: Analysis,
}

/// The last analysis of the joined text and the syntax it came from.
pub(super) struct Analyzed {
    pub joined: Arc<Joined>,
    pub syntax: Syntax,
    /// Whether the syntax and analysis cover the whole text; false after a panic in either, so the next
    /// analysis starts from scratch instead of updating what the panic left out.
    complete: bool,
    /// What the design is checked against.
    catalog: Arc<Catalog>,
}

impl Analyzed {
    /// The analysis of an empty design.
    pub fn new(catalog: Arc<Catalog>) -> Self {
        let joined = Joined { text: Arc::default(), analysis: Analysis::empty(catalog.clone()) };
        Analyzed { joined: Arc::new(joined), syntax: Syntax::default(), complete: false, catalog }
    }

    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// Brings the analysis up to date with `text`, the joined text after the edits `splice` folds
    /// together: incrementally when it can, from scratch after a panic. The last analysis is taken over rather than copied when nothing else
    /// holds it. Should the analysis panic, the text is served without diagnostics, the next analysis
    /// starts from scratch, and false is returned (the panic hook has printed the panic).
    pub fn update(&mut self, text: String, splice: Splice) -> bool {
        let catalog = self.catalog().clone();
        let empty = Arc::new(Joined { text: Arc::default(), analysis: Analysis::empty(catalog.clone()) });
        let previous = std::mem::replace(&mut self.joined, empty);
        let complete = std::mem::replace(&mut self.complete, false);
        let text = Arc::new(text);
        let syntax = &mut self.syntax;
        let analysis = panic::catch_unwind(AssertUnwindSafe(|| {
            #[cfg(debug_assertions)]
            crate::faults::inject("analysis");
            match complete {
                true => {
                    let previous = Arc::unwrap_or_clone(previous);
                    let reparsed = syntax.edit(&previous.text, &text, splice);
                    analysis::reanalyze(previous.analysis, &text, syntax, reparsed, splice)
                }
                false => {
                    let (fresh, file) = parse_and_lower(&text);
                    *syntax = fresh;
                    analysis::analyze_file(file, catalog.clone())
                }
            }
        }));
        self.complete = analysis.is_ok();
        let analyzed = analysis.is_ok();
        let analysis = analysis.unwrap_or_else(|_| Analysis::empty(catalog));
        self.joined = Arc::new(Joined { text, analysis });
        analyzed
    }
}
