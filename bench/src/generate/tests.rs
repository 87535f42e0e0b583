use super::generate;
use design_ls::analysis::analyze_text;
use design_ls::catalog::Catalog;

/// The codes the analysis reports for `text`, in file order, and a readable list of them for failures.
fn diagnostics(text: &str) -> (Vec<&'static str>, Vec<String>) {
    let analysis = analyze_text(text, Catalog::builtin());
    let line = |offset: usize| text[..offset].lines().count();
    let seen = analysis
        .diagnostics
        .iter()
        .map(|d| {
            let at = line(d.range.start);
            let source = text.lines().nth(at.saturating_sub(1)).unwrap_or("");
            format!("{} at line {at} `{}`: {}", d.code.as_str(), source.trim(), d.message)
        })
        .collect();
    (analysis.diagnostics.iter().map(|d| d.code.as_str()).collect(), seen)
}

#[test]
fn a_2000_line_design_is_clean_but_for_its_planted_mistakes_and_uses_every_mechanism() {
    let design = generate(2000, 7);
    assert_eq!(design.text.lines().count(), 2000);
    let analysis = analyze_text(&design.text, Catalog::builtin());
    let (codes, seen) = diagnostics(&design.text);
    assert_eq!(codes, ["unknown-shape", "unknown-word"], "diagnostics: {seen:#?}");
    assert_eq!(design.planted, codes);
    for mechanism in &Catalog::builtin().mechanisms {
        let uses =
            analysis.file.operations.iter().filter(|o| analysis.mechanism_of(o).is_some_and(|m| m.id == mechanism.id));
        assert!(uses.count() >= 2, "mechanism {} appears in fewer than two operations", mechanism.id);
    }
}

/// The generated designs stand for correct ones: under every rule of the server, the only diagnostics are
/// the planted mistakes, whatever the seed and size, and no finding is silenced with `allow:`.
#[test]
fn designs_of_every_size_and_seed_draw_only_their_planted_diagnostics() {
    for (lines, seed) in [(150, 5), (1000, 1), (2500, 2), (4000, 3), (6000, 11), (9000, 42), (15000, 1234)] {
        let design = generate(lines, seed);
        assert!(!design.text.contains("allow:"), "{lines} lines, seed {seed}: a finding is allowed");
        let (codes, seen) = diagnostics(&design.text);
        assert_eq!(design.planted, codes, "{lines} lines, seed {seed}: {seen:#?}");
        assert_eq!(codes.len(), lines.div_ceil(1000), "{lines} lines, seed {seed}: one mistake per 1000 lines");
    }
}

#[test]
fn every_module_declares_every_technology_and_the_seed_decides_the_text() {
    let design = generate(3000, 1);
    let modules: Vec<&str> = design.text.split("# ── Module ").skip(1).collect();
    assert!(modules.len() >= 2, "fewer than two modules in 3000 lines");
    for (n, module) in modules.iter().enumerate() {
        for technology in &Catalog::builtin().technologies {
            let declared = format!(": {}", technology.id);
            assert!(
                module.lines().any(|l| l.starts_with("component ") && l.contains(&declared)),
                "module {n} has no {} component",
                technology.id
            );
        }
    }
    for sample in ["é", "日本語", "🚀"] {
        assert!(design.text.contains(sample), "no {sample} in the text");
    }
    assert_eq!(generate(3000, 1).text, design.text);
    assert_ne!(generate(3000, 2).text, design.text);
}

/// Writes are requests with a write method or no path at all (a message or a schedule starts them); `GET`
/// is for reads only.
#[test]
fn requests_use_write_methods_and_some_writes_have_no_path() {
    let design = generate(4000, 9);
    let operations: Vec<&str> = design.text.split("\noperation ").skip(1).collect();
    let read = |op: &str| op.contains("\n  shape: read\n");
    let get = |op: &str| op.contains("\n  path: GET ");
    assert!(operations.iter().all(|op| get(op) == read(op)), "a GET path with a write shape, or a read without");
    assert!(operations.iter().any(|op| !op.contains("\n  path: ")), "every operation has a path");
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        assert!(design.text.contains(&format!("  path: {method} /")), "no {method} path");
    }
}
