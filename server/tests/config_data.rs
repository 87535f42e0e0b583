//! Data-driven design.toml tests: each `tests/config/*.toml` file is a design.toml followed by what reading
//! it gives, written as comments after an `# expect:` line: every problem, then each technology, mechanism
//! and severity that applies, as the extended catalog holds it.
//!
//! ```text
//! # expect:
//! # 3:9 `"databse"` error `databse` is not a kind; did you mean `database`?
//! # technology ledger-db: Technology { … }
//! ```
//!
//! `line:column` is 1-based, columns count characters. Run with `UPDATE_EXPECT=1` to rewrite the
//! expectations after an intentional change, then review the diff.

use design_ls::analysis::Code;
use design_ls::catalog::Catalog;
use design_ls::config::{extend, parse};
mod common;

use common::fixtures;
use std::fmt::Write;

fn render(text: &str) -> String {
    let (config, problems) = parse(text);
    let mut out = String::new();
    for problem in &problems {
        let before = &text[..problem.range.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let token = text[problem.range.clone()].lines().next().unwrap_or("");
        writeln!(out, "# {line}:{column} `{token}` {} {}", problem.severity.as_str(), problem.message).unwrap();
    }
    // What applies is read back from the extended catalog, so the fixtures test `extend` too.
    let builtin = Catalog::builtin();
    let catalog = extend(&builtin, &config);
    for added in &config.technologies {
        let technology = catalog.technology(&added.id).unwrap();
        writeln!(out, "# technology {}: {technology:#?}", added.id).unwrap();
    }
    for added in &config.mechanisms {
        let mechanism = catalog.mechanism(&added.id).unwrap();
        let shapes: Vec<&str> =
            catalog.shapes.iter().filter(|s| s.mechanisms.contains(&added.id)).map(|s| s.id.as_str()).collect();
        writeln!(out, "# mechanism {} (shapes {shapes:?}): {mechanism:#?}", added.id).unwrap();
    }
    for code in Code::ALL {
        if let Some(level) = config.severity(*code) {
            writeln!(out, "# severity {} = {level:?}", code.as_str()).unwrap();
        }
    }
    let added = config.technologies.iter().filter(|t| builtin.technology(&t.id).is_none()).count();
    assert_eq!(catalog.technologies.len(), builtin.technologies.len() + added, "technologies added or replaced");
    assert_eq!(catalog.mechanisms.len(), builtin.mechanisms.len() + config.mechanisms.len(), "mechanisms added");
    out.lines().map(|line| if line.starts_with('#') { format!("{line}\n") } else { format!("# {line}\n") }).collect()
}

#[test]
fn config_fixtures() {
    fixtures::check("config", "toml", render);
}

/// Megabytes pasted by mistake, or written to hurt: read at once, and no message repeats more than a
/// few dozen characters of them.
#[test]
fn a_huge_or_deep_design_toml_gets_short_messages() {
    let long = "x".repeat(1 << 20);
    let many: String = (0..20_000).map(|i| format!("[[technology]]\nid = \"t{i}\"\n")).collect();
    let texts = [
        format!("{long} = 1\n"),
        format!("[severity]\n{long} = \"off\"\nunused-component = \"{long}\"\n"),
        format!("[[technology]]\nid = \"{long}\"\ntitle = \"T\"\nkinds = [\"{long}\"]\ndescription = \"D\"\n"),
        format!("[[mechanism]]\nflow = {}\n", "[".repeat(100_000)),
        format!("title = \"{long}\n"),
        many,
    ];
    for text in &texts {
        let (_, problems) = parse(text);
        assert!(!problems.is_empty());
        for problem in &problems {
            assert!(problem.message.chars().count() < 700, "{}…", &problem.message[..200]);
        }
    }
}
