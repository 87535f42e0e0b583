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
use std::fmt::Write;
use std::path::Path;

const MARKER: &str = "# expect:";

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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/analysis");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "design")) {
        let content = std::fs::read_to_string(path).unwrap();
        let (design, expected) = match content.find(MARKER) {
            Some(at) => (&content[..at], content[at + MARKER.len()..].trim_start_matches('\n')),
            None => (content.as_str(), ""),
        };
        let actual = render(design);
        if actual != expected {
            if update {
                std::fs::write(path, format!("{design}{MARKER}\n{actual}")).unwrap();
            } else {
                failures.push(format!(
                    "{}\n--- expected\n{expected}--- actual\n{actual}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ (UPDATE_EXPECT=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
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
