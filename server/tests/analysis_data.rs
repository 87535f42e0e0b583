//! Data-driven analysis tests: each `tests/analysis/*.design` file is a design followed by its expected
//! diagnostics, written as comments after an `# expect:` line:
//!
//! ```text
//! # expect:
//! # 3:15 `postgress` error[unknown-technology] unknown technology `postgress`; did you mean `postgres`?
//! ```
//!
//! `line:column` is 1-based, columns count characters. Run with `UPDATE_EXPECT=1` to rewrite the
//! expectations after an intentional change, then review the diff.

use design_ls::analysis::analyze_text;
use design_ls::catalog::Catalog;
mod common;

use common::fixtures;
use std::fmt::Write;
use std::path::Path;

fn render(text: &str) -> String {
    let analysis = analyze_text(text, Catalog::builtin());
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let before = &text[..d.range.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let token = text[d.range.clone()].lines().next().unwrap_or("");
        writeln!(out, "# {line}:{column} `{token}` {}[{}] {}", d.severity.as_str(), d.code.as_str(), d.message)
            .unwrap();
    }
    out
}

#[test]
fn analysis_fixtures() {
    fixtures::check("analysis", "design", render);
}

/// Every diagnostic code has a fixture named after it that produces it.
#[test]
fn every_code_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/analysis");
    for code in design_ls::analysis::Code::ALL {
        let path = dir.join(format!("{}.design", code.as_str()));
        let content = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing fixture {}", path.display()));
        assert!(
            content.contains(&format!("[{}]", code.as_str())),
            "{} does not produce {}",
            path.display(),
            code.as_str()
        );
    }
}
