//! The command line: `check` for terminals and CI, `explain` for the catalog's cards, help and version.
//!
//! The language server itself is started by `main.rs`, which owns the async runtime; everything here is
//! synchronous and writes plain text.

mod args;
mod check;
mod design_toml;
mod designs;
mod explain;
mod report;

pub use args::{parse, Command, Format};

use std::io::Write;

pub const USAGE: &str = "\
Usage:
  design-ls [--stdio]                        run the language server over stdin/stdout
  design-ls check [--format human|json] PATH...
                                             check .design files, each folder's as one design;
                                             folders are searched recursively
  design-ls explain                          print every family, its members and the one-liner
  design-ls explain MECHANISM                print what a mechanism is and the roles it takes
  design-ls explain FAMILY                   print a family with its members
  design-ls explain TECHNOLOGY | KIND        print a technology with its guarantees, or a kind
  design-ls --help | --version

Exit status: 0 when no errors were found, 1 when `check` found errors,
2 for usage errors, paths `check` could not check (it still checks and reports
the others) and unknown mechanisms.";

/// Runs every command but `Serve` and returns the process's exit status.
pub fn run(command: Command) -> i32 {
    match command {
        Command::Serve => unreachable!("main.rs starts the language server"),
        Command::Check { paths, format } => check::run(&paths, format),
        Command::Explain { subject } => explain::run(subject.as_deref()),
        Command::Help => {
            print(&format!("design-ls {}: language server and linter for .design files\n\n{USAGE}\n", version()));
            0
        }
        Command::Version => {
            print(&format!("design-ls {}\n", version()));
            0
        }
    }
}

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Writes to stdout, ignoring a closed pipe (`design-ls check . | head`): there is nobody left to tell.
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
