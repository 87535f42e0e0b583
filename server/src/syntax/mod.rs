//! Parsing with the tree-sitter grammar (in chunks) and lowering the trees into typed nodes.

mod chunks;
mod errors;
mod incremental;
mod lower;
mod nodes;

pub(crate) use chunks::Syntax;
pub use errors::NOT_A_PATH;
pub(crate) use incremental::{relower, Reparsed, Splice};
pub(crate) use lower::parse_and_lower;
pub use nodes::*;

use std::cell::RefCell;

thread_local! {
    static PARSER: RefCell<tree_sitter::Parser> = RefCell::new({
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_design::LANGUAGE.into())
            .expect("the generated parser matches the tree-sitter runtime");
        parser
    });
}

/// Parses `text` with tree-sitter. Documents are parsed in chunks: see [`Syntax`].
fn parse(text: &str) -> tree_sitter::Tree {
    PARSER.with(|parser| {
        parser
            .borrow_mut()
            .parse(text, None)
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// Parses and lowers in one step, for callers that keep no syntax.
pub fn parse_source(text: &str) -> SourceFile {
    parse_and_lower(text).1
}
