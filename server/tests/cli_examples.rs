//! The designs in `examples/`, one folder each, are clean and, together, use every mechanism of the catalog
//! (and so every family): they are the reference a new user copies from. `cli_check.rs` runs the binary
//! on them.

use design_ls::analysis::analyze_text;
use design_ls::catalog::Catalog;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

#[test]
fn examples_are_clean_and_cover_every_mechanism_and_family() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let catalog = Catalog::builtin();
    let mut mechanisms = BTreeSet::new();
    let folders = fs::read_dir(&examples).unwrap().map(|entry| entry.unwrap().path());
    // `broken/` is wrong on purpose.
    for entry in folders.filter(|folder| !folder.ends_with("broken")).flat_map(|folder| fs::read_dir(folder).unwrap()) {
        let path = entry.unwrap().path();
        assert_eq!(path.extension().unwrap(), "design", "{}", path.display());
        let analysis = analyze_text(&fs::read_to_string(&path).unwrap(), catalog.clone());
        assert_eq!(analysis.diagnostics, [], "{}", path.display());
        for operation in &analysis.file.operations {
            mechanisms.extend(analysis.mechanism_of(operation).map(|m| m.id.clone()));
        }
    }
    let missing: Vec<&str> =
        catalog.mechanisms.iter().map(|m| m.id.as_str()).filter(|id| !mechanisms.contains(*id)).collect();
    assert_eq!(missing, Vec::<&str>::new(), "mechanisms no example uses");
    let families: BTreeSet<&str> =
        mechanisms.iter().filter_map(|id| catalog.mechanism(id)).map(|m| m.family.as_str()).collect();
    assert_eq!(families.len(), catalog.families.len(), "families no example uses");
}
