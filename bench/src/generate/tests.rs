use super::generate;
use design_ls::analysis::analyze_text;
use design_ls::catalog::Catalog;

#[test]
fn a_2000_line_design_is_clean_but_for_its_planted_mistakes_and_uses_every_mechanism() {
    let design = generate(2000, 7);
    assert_eq!(design.text.lines().count(), 2000);
    let analysis = analyze_text(&design.text);
    let seen: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(|d| format!("{} at {}: {}", d.code.as_str(), d.range.start, d.message))
        .collect();
    let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["unknown-shape", "unknown-word"], "diagnostics: {seen:#?}");
    assert_eq!(design.planted, codes);
    for mechanism in &Catalog::get().mechanisms {
        let uses =
            analysis.file.operations.iter().filter(|o| analysis.mechanism_of(o).is_some_and(|m| m.id == mechanism.id));
        assert!(uses.count() >= 2, "mechanism {} appears in fewer than two operations", mechanism.id);
    }
}

#[test]
fn every_technology_is_declared_and_the_seed_decides_the_text() {
    let design = generate(1000, 1);
    for technology in &Catalog::get().technologies {
        assert!(design.text.contains(&format!(": {}", technology.id)), "no {} component", technology.id);
    }
    for sample in ["é", "日本語", "🚀"] {
        assert!(design.text.contains(sample), "no {sample} in the text");
    }
    assert_eq!(generate(1000, 1).text, design.text);
    assert_ne!(generate(1000, 2).text, design.text);
}
