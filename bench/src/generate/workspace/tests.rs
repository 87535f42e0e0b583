use super::{generate_workspace, Folder};
use design_ls::catalog::Catalog;
use design_ls::host::{Change, Design, Edit, FileId};
use design_ls::text::Encoding;

/// A folder analyzed as the server analyzes it, every file read from disk; its files' ids in order.
fn analyzed(folder: &Folder) -> (Design, Vec<FileId>) {
    let mut design = Design::new(Catalog::builtin());
    let ids: Vec<FileId> =
        folder.files.iter().map(|f| FileId::new(&format!("file:///ws/{}/{}", folder.name, f.name))).collect();
    for (file, id) in folder.files.iter().zip(&ids) {
        design.apply(Change::Disk { file: id.clone(), text: Some(file.text.clone()) }).expect("a disk change applies");
    }
    design.analyze();
    (design, ids)
}

/// The codes of a file's diagnostics in file order, and a readable list of them for failures.
fn diagnostics(design: &Design, id: &FileId) -> (Vec<&'static str>, Vec<String>) {
    let snapshot = design.snapshot();
    let found = snapshot.diagnostics(id);
    let text = snapshot.file(id).map_or("", |f| f.text());
    let seen = found
        .iter()
        .map(|d| {
            let line = text[..d.range.start].lines().count();
            format!("{} at line {line}: {}", d.code.as_str(), d.message)
        })
        .collect();
    (found.iter().map(|d| d.code.as_str()).collect(), seen)
}

/// Each folder is one design: analyzed together, its files draw exactly their planted diagnostics, at the
/// size of the benchmark's folders (20 files of 200 lines), the smoke's, and an uneven split.
#[test]
fn every_folder_analyzed_as_one_design_draws_only_its_planted_diagnostics() {
    for (files, lines, folders, seed) in [(40, 200, 2, 1), (20, 50, 2, 3), (7, 300, 3, 42)] {
        let workspace = generate_workspace(files, lines, folders, seed);
        assert_eq!(workspace.folders.len(), folders);
        assert_eq!(workspace.files().count(), files);
        for folder in &workspace.folders {
            let (design, ids) = analyzed(folder);
            for (file, id) in folder.files.iter().zip(&ids) {
                assert!(!file.text.contains("allow:"), "{id:?}: a finding is allowed");
                let (codes, seen) = diagnostics(&design, id);
                assert_eq!(codes, file.planted, "{id:?} (seed {seed}): {seen:#?}");
            }
            let planted: usize = folder.files.iter().map(|f| f.planted.len()).sum();
            let lines: usize = folder.files.iter().map(|f| f.text.lines().count()).sum();
            assert_eq!(planted, lines.div_ceil(1000), "{}: one mistake per 1000 lines", folder.name);
        }
    }
}

/// The benchmark's shape: every file exactly as long as asked, the standing components declared in the
/// first two files, and declarations used across files.
#[test]
fn files_have_the_asked_length_and_the_first_two_declare_the_standing_components() {
    let workspace = generate_workspace(40, 200, 2, 5);
    for folder in &workspace.folders {
        let names: Vec<&str> = folder.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names.len(), 20);
        assert_eq!(names[..3], ["components-01.design", "components-02.design", "operations-01.design"]);
        assert!(names.is_sorted(), "files are generated in the order the server joins them: {names:?}");
        for file in &folder.files {
            assert_eq!(file.text.lines().count(), 200, "{}/{}", folder.name, file.name);
        }
        let modules = folder.files[0].text.matches("# ── Module ").count();
        assert!(modules >= 3, "{}: {modules} modules declared up front", folder.name);
        assert!(folder.files[2..].iter().all(|f| !f.text.contains("# ── Module ")));
        assert_eq!(folder.files.iter().filter(|f| f.text.contains("\nsystem ")).count(), 1);
    }
}

/// The rename the benchmark times: the shared component is bound in every file of its folder, so a
/// character typed into its declaration's name makes every file's diagnostics change (each now has an
/// undeclared component), and deleting it brings back the planted ones.
#[test]
fn renaming_the_shared_component_changes_the_diagnostics_of_every_file_of_its_folder() {
    let workspace = generate_workspace(40, 200, 2, 8);
    for folder in &workspace.folders {
        let shared = &folder.shared;
        let declaring = &folder.files[shared.file];
        let line = declaring.text.lines().nth(shared.line).expect("the declaration's line");
        assert_eq!(&line[.."component ".len() + shared.name.len() + 1], format!("component {}:", shared.name));
        let (mut design, ids) = analyzed(folder);
        let id = &ids[shared.file];
        design.apply(Change::Open { file: id.clone(), version: 1, text: declaring.text.clone() }).expect("opens");
        design.analyze();
        design.take_updated();
        let at = (shared.line, shared.column);
        for (version, edit) in [(2, Edit { range: Some((at, at)), text: "x".into() }), (3, delete(at))] {
            let edits = vec![edit];
            design.apply(Change::Edit { file: id.clone(), version, edits, encoding: Encoding::Utf16 }).expect("edits");
            design.analyze();
            assert_eq!(design.take_updated(), ids, "{}: version {version} updates every file", folder.name);
            for (file, id) in folder.files.iter().zip(&ids) {
                let (codes, seen) = diagnostics(&design, id);
                match version {
                    2 => assert!(codes.contains(&"undeclared-component"), "{id:?}: {seen:#?}"),
                    _ => assert_eq!(codes, file.planted, "{id:?}: {seen:#?}"),
                }
            }
        }
    }
}

fn delete((line, column): (usize, usize)) -> Edit {
    Edit { range: Some(((line, column), (line, column + 1))), text: String::new() }
}

#[test]
fn the_seed_decides_the_files() {
    let texts = |seed| -> Vec<String> {
        generate_workspace(6, 200, 2, seed).files().map(|(_, f)| format!("{}\n{}", f.name, f.text)).collect()
    };
    assert_eq!(texts(1), texts(1));
    assert_ne!(texts(1), texts(2));
    let workspace = generate_workspace(6, 200, 2, 1);
    for sample in ["é", "日本語", "🚀"] {
        assert!(workspace.files().any(|(_, f)| f.text.contains(sample)), "no {sample} in the text");
    }
}
