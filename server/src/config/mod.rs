//! `design.toml`: a team's own technologies and mechanisms on top of the built-in catalog, and the level
//! each diagnostic is reported at.
//!
//! Free of the protocol and of I/O: [`parse`] takes the file's text and returns what applies, with every
//! mistake at its token; [`extend`] makes the catalog a design is checked against. A mistake leaves out
//! only the entry it is in. The file's form is [`file`]'s types, and its JSON Schema ([`schema`]) is
//! generated from them: the server checks a file with that schema, so it and a TOML-aware editor agree.

mod extend;
mod file;
mod ids;
mod mechanisms;
mod problem;
pub mod schema;
mod severities;
mod technologies;
mod tree;
mod validate;

pub use extend::extend;
pub use file::Level;
pub use problem::Problem;
pub use severities::Applied;

use crate::analysis::Code;
use crate::catalog::{Mechanism, Technology};
use file::File;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

/// What a design.toml adds to the catalog and changes in the reports, mistakes left out.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Technologies of the workspace's own, and replacements of built-in ones, in file order.
    pub technologies: Vec<Technology>,
    /// Mechanisms of the workspace's own ([`crate::catalog::Origin::Workspace`]), in file order.
    pub mechanisms: Vec<Mechanism>,
    /// For each shape, the mechanisms of `mechanisms` that realize it.
    pub shapes: BTreeMap<String, Vec<String>>,
    severities: HashMap<Code, Level>,
}

impl Config {
    /// A config that only sets levels, as a user's settings do.
    pub fn with_levels(levels: impl IntoIterator<Item = (Code, Level)>) -> Config {
        Config { severities: levels.into_iter().collect(), ..Config::default() }
    }

    /// Whether the config changes nothing.
    pub fn is_empty(&self) -> bool {
        self.technologies.is_empty() && self.mechanisms.is_empty() && self.severities.is_empty()
    }

    /// The level `code` is reported at, when the file sets one.
    pub fn severity(&self, code: Code) -> Option<Level> {
        self.severities.get(&code).copied()
    }
}

/// Reads a design.toml: what applies of it, and every mistake, in the order of the text.
pub fn parse(text: &str) -> (Config, Vec<Problem>) {
    let (document, errors) = DeTable::parse_recoverable(text);
    let mut problems = Vec::new();
    let document = validate::keep_valid(document.into_inner(), &mut problems);
    let document = Spanned::new(0..0, DeValue::Table(document));
    // What passed the schema is what these types read: a failure would be a schema that disagrees with them.
    let file = File::deserialize(ValueDeserializer::from(document.clone())).unwrap_or_else(|error| {
        let message = format!("design-ls could not read this: {}", error.message());
        problems.push(Problem::error(error.span().unwrap_or(0..0), message));
        File::default()
    });
    let technologies =
        technologies::technologies(file.technology, tree::items_under(&document, "technology"), &mut problems);
    let (mechanisms, shapes) =
        mechanisms::mechanisms(file.mechanism, tree::items_under(&document, "mechanism"), &mut problems);
    let severities = file.severity.iter().filter_map(|(code, level)| Some((Code::named(code)?, *level))).collect();
    let breaks: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
    let line = |offset: usize| breaks.partition_point(|&at| at < offset);
    let syntax = syntax_problems(errors, line);
    // A line the parser had to guess at draws complaints about its guesses: its syntax error is the one
    // to fix.
    let broken: HashSet<usize> = syntax.iter().map(|error| line(error.range.start)).collect();
    problems.retain(|problem| !broken.contains(&line(problem.range.start)));
    problems.extend(syntax);
    problems.sort_by_key(|problem| (problem.range.start, problem.range.end));
    (Config { technologies, mechanisms, shapes, severities }, problems)
}

/// TOML syntax errors, the first of each line only: once the parser has lost its way (in an unclosed `[`
/// or string), it finds fault with every token after, and the first is the one to fix.
fn syntax_problems(errors: Vec<toml::de::Error>, line: impl Fn(usize) -> usize) -> Vec<Problem> {
    let mut lines = HashSet::new();
    let mut problems = Vec::new();
    for error in errors {
        let range = error.span().unwrap_or(0..0);
        if lines.insert(line(range.start)) {
            problems.push(Problem::error(range, format!("this is not valid TOML: {}", error.message())));
        }
    }
    problems
}
