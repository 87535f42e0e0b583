//! `design-ls check`, run as a real process from the workspace root, as a user or CI would.

mod common;

use common::cli::{design_ls, Scratch};
use std::fs;
use std::path::Path;

#[test]
fn a_clean_file_reports_nothing_and_exits_0() {
    let run = design_ls(&["check", "examples/ticketing/ticketing.design"]);
    assert_eq!(run.stdout, "0 errors, 0 warnings in 1 file\n");
    assert_eq!(run.stderr, "");
    assert_eq!(run.status, 0);
}

#[test]
fn the_broken_example_reports_every_mistake_and_exits_1() {
    let run = design_ls(&["check", "examples/broken/broken.design"]);
    let expected =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/broken/broken.expected")).unwrap();
    // When a change to the output is intended, regenerate the file with
    // `cargo run -q -p design-ls -- check examples/broken/broken.design > examples/broken/broken.expected`.
    assert_eq!(run.stdout, expected);
    assert_eq!(run.status, 1);
}

#[test]
fn a_folder_is_searched_recursively_in_sorted_order() {
    let scratch = Scratch::new("recursion");
    scratch.write("b.design", "component b: postgress\n");
    scratch.write("a/nested/deep.design", "component d: redys\n");
    scratch.write("a/notes.txt", "component ignored: nothing\n");
    scratch.write("c.design", "");
    let d = scratch.path().to_str().unwrap();
    let run = design_ls(&["check", d]);
    assert_eq!(
        run.stdout,
        format!(
            "\
{d}/a/nested/deep.design:1:11: hint: component `d` is not used by any operation [unused-component]
 1 | component d: redys
   |           ^

{d}/a/nested/deep.design:1:14: error: unknown technology `redys`; did you mean `redis`? [unknown-technology]
 1 | component d: redys
   |              ^^^^^

{d}/b.design:1:11: hint: component `b` is not used by any operation [unused-component]
 1 | component b: postgress
   |           ^

{d}/b.design:1:14: error: unknown technology `postgress`; did you mean `postgres`? [unknown-technology]
 1 | component b: postgress
   |              ^^^^^^^^^

2 errors, 0 warnings, 2 hints in 3 files
"
        )
    );
    assert_eq!(run.status, 1);
}

#[test]
fn the_examples_folder_is_clean_but_for_the_broken_example() {
    let run = design_ls(&["check", "examples/"]);
    let broken = design_ls(&["check", "examples/broken/broken.design"]).stdout;
    let files = count_designs(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"));
    assert_eq!(run.stdout, broken.replace(" in 1 file\n", &format!(" in {files} files\n")));
    assert_eq!(run.status, 1);
}

fn count_designs(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| match path.is_dir() {
            true => count_designs(&path),
            false => usize::from(path.extension().is_some_and(|ext| ext == "design")),
        })
        .sum()
}

#[test]
fn columns_count_chars_and_carets_follow_tabs_and_wide_characters() {
    let scratch = Scratch::new("unicode");
    let file = scratch.write("unicode.design", "system \"Café ☕\"\n\tcomponent 数据库: postgress\n");
    let run = design_ls(&["check", &file]);
    // Each CJK character takes two columns of the terminal.
    assert_eq!(
        run.stdout,
        format!(
            "\
{file}:2:12: hint: component `数据库` is not used by any operation [unused-component]
 2 |     component 数据库: postgress
   |               ^^^^^^

{file}:2:17: error: unknown technology `postgress`; did you mean `postgres`? [unknown-technology]
 2 |     component 数据库: postgress
   |                       ^^^^^^^^^

1 error, 0 warnings, 1 hint in 1 file
"
        )
    );
}

#[test]
fn carets_line_up_under_emoji() {
    let scratch = Scratch::new("emoji");
    let line = "operation \"🚀 launch\" { mechanism: insret }";
    let file = scratch.write("emoji.design", format!("{line}\n{line}\n"));
    let run = design_ls(&["check", &file]);
    // The rocket takes two columns of the terminal.
    assert_eq!(
        run.stdout,
        format!(
            "\
{file}:1:11: error: operation \"🚀 launch\" is declared more than once; name each write path once [duplicate-operation]
 1 | operation \"🚀 launch\" {{ mechanism: insret }}
   |           ^^^^^^^^^^^

{file}:1:35: error: unknown mechanism `insret`; did you mean `insert`? [unknown-mechanism]
 1 | operation \"🚀 launch\" {{ mechanism: insret }}
   |                                    ^^^^^^

{file}:2:11: error: operation \"🚀 launch\" is declared more than once; name each write path once [duplicate-operation]
 2 | operation \"🚀 launch\" {{ mechanism: insret }}
   |           ^^^^^^^^^^^

{file}:2:35: error: unknown mechanism `insret`; did you mean `insert`? [unknown-mechanism]
 2 | operation \"🚀 launch\" {{ mechanism: insret }}
   |                                    ^^^^^^

4 errors, 0 warnings in 1 file
"
        )
    );
}

#[test]
fn json_format_gives_one_based_char_positions() {
    let scratch = Scratch::new("json");
    let file = scratch.write("unicode.design", "system \"Café ☕\"\ncomponent 数据库: postgress\n");
    let run = design_ls(&["check", "--format", "json", &file]);
    let json = serde_json::json!([
        {
            "file": file,
            "line": 2, "column": 11, "end_line": 2, "end_column": 14,
            "severity": "hint", "code": "unused-component",
            "message": "component `数据库` is not used by any operation",
        },
        {
            "file": file,
            "line": 2, "column": 16, "end_line": 2, "end_column": 25,
            "severity": "error", "code": "unknown-technology",
            "message": "unknown technology `postgress`; did you mean `postgres`?",
        },
    ]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(), json);
    assert_eq!(run.status, 1);
}

#[test]
fn json_format_of_clean_files_is_an_empty_array() {
    let run = design_ls(&["check", "--format=json", "examples/feature-flags/feature-flags.design"]);
    assert_eq!(run.stdout, "[]\n");
    assert_eq!(run.status, 0);
}

#[test]
fn warnings_and_hints_alone_exit_0() {
    let scratch = Scratch::new("warnings");
    let file = scratch.write("w.design", "component db: postgres\noperation \"o\" {\n  path: get /orders\n}\n");
    let run = design_ls(&["check", &file]);
    assert!(run.stdout.ends_with("0 errors, 1 warning, 2 hints in 1 file\n"), "{}", run.stdout);
    assert_eq!(run.status, 0);
}

#[test]
fn a_missing_path_or_a_folder_without_designs_is_reported_and_the_rest_still_checked_with_exit_2() {
    let scratch = Scratch::new("missing");
    fs::create_dir(scratch.path().join("empty")).unwrap();
    let empty = scratch.path().join("empty");
    let empty = empty.to_str().unwrap();
    let run = design_ls(&["check", "examples/broken/broken.design", "no/such/file.design", empty]);
    let broken = design_ls(&["check", "examples/broken/broken.design"]).stdout;
    let (diagnostics, summary) = broken.trim_end().rsplit_once("\n\n").unwrap();
    assert_eq!(
        run.stdout,
        format!(
            "\
{empty}: error: no .design files in this folder [not-checked]

{diagnostics}

no/such/file.design: error: no such file or folder [not-checked]

{summary}; 2 paths not checked
"
        )
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.status, 2);
}

#[test]
fn usage_errors_exit_2() {
    for (args, message) in [
        (&["check"][..], "`check` needs at least one file or folder"),
        (&["check", "--format", "xml", "examples"][..], "unknown format `xml`: use human or json"),
        (&["lint", "examples"][..], "unknown command `lint`"),
    ] {
        let run = design_ls(args);
        assert_eq!(run.stderr, format!("design-ls: {message}\nRun `design-ls --help` for usage.\n"), "{args:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(run.status, 2);
    }
}
