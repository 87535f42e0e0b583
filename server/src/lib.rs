//! design-ls: language server and linter for `.design` files.
//!
//! Layers, each depending only on those above it:
//! `catalog` (data) and `syntax` (tree-sitter tree → typed nodes) → `analysis` (design model, checks →
//! diagnostics) → `ide` (hover, completion, navigation, outline on byte offsets) → `host` (every document,
//! changes in, immutable snapshots out, incremental analysis inside) → `lsp` (protocol) and `cli` (terminal).
//! `config` reads a `design.toml` beside `analysis`: the catalog's extensions and each diagnostic's level.
//! `text` holds line/column arithmetic shared by `lsp` and `cli` and how messages echo user input,
//! `limits` the size limits, `disk` the confined reading of designs both share; `parallel`
//! spreads the work of opening a large document over the cores. Only `lsp` knows the protocol.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod disk;
#[cfg(debug_assertions)]
mod faults;
pub mod host;
pub mod ide;
pub mod limits;
pub mod lsp;
mod parallel;
pub mod suggest;
pub mod syntax;
pub mod text;
