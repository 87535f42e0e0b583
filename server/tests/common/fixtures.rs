//! Data-driven fixtures: each file of a folder is an input, then what the code under test makes of it as
//! comments after an `# expect:` line. `UPDATE_EXPECT=1` rewrites the expectations after an intentional
//! change, to review in the diff.

use std::path::Path;

pub const MARKER: &str = "# expect:";

/// Checks every `*.{extension}` file of `tests/{folder}` against `render` of its input.
pub fn check(folder: &str, extension: &str, render: impl Fn(&str) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(folder);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == extension)) {
        let content = std::fs::read_to_string(path).unwrap();
        let (input, expected) = match content.find(MARKER) {
            Some(at) => (&content[..at], content[at + MARKER.len()..].trim_start_matches('\n')),
            None => (content.as_str(), ""),
        };
        let actual = render(input);
        if actual != expected {
            if update {
                std::fs::write(path, format!("{input}{MARKER}\n{actual}")).unwrap();
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
