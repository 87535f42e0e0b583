//! `design-ls check`, run as a real process from the workspace root, as a user or CI would.

mod common;

use common::cli::{design_ls, design_ls_with, Scratch};
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

const COMPONENTS: &str = "system \"Shop\"\ncomponent orders_db: postgres\n";
const OPERATIONS: &str = "\
operation \"create order\" {
  path: POST /orders
  shape: create
  mechanism: insert
  store: orders_db
  idempotency: natural-key
}
";

#[test]
fn a_design_split_over_two_files_checks_clean_whole_or_file_by_file() {
    let scratch = Scratch::new("split");
    let components = scratch.write("shop/components.design", COMPONENTS);
    let operations = scratch.write("shop/operations.design", OPERATIONS);
    let shop = scratch.path().join("shop");
    let run = design_ls(&["check", shop.to_str().unwrap()]);
    assert_eq!(run.stdout, "0 errors, 0 warnings in 2 files\n");
    assert_eq!(run.status, 0);
    // Named alone, a file is checked with its siblings: `orders_db` resolves, and counts as used.
    for file in [operations, components] {
        let run = design_ls(&["check", &file]);
        assert_eq!(run.stdout, "0 errors, 0 warnings in 1 file\n", "{file}");
        assert_eq!(run.status, 0);
    }
}

#[test]
fn a_component_declared_in_two_files_is_a_duplicate_in_both_and_only_the_files_asked_for_are_reported() {
    let scratch = Scratch::new("duplicate");
    let a = scratch.write("shop/a.design", "component db: postgres\n");
    let b = scratch.write("shop/b.design", "component db: redis\n");
    let run = design_ls(&["check", scratch.path().to_str().unwrap()]);
    assert_eq!(
        run.stdout,
        format!(
            "\
{a}:1:11: error: component `db` is declared more than once; give each component its own name [duplicate-component]
 1 | component db: postgres
   |           ^^

{a}:1:11: hint: component `db` is not used by any operation [unused-component]
 1 | component db: postgres
   |           ^^

{b}:1:11: error: component `db` is declared more than once; give each component its own name [duplicate-component]
 1 | component db: redis
   |           ^^

2 errors, 0 warnings, 1 hint in 2 files
"
        )
    );
    assert_eq!(run.status, 1);
    let run = design_ls(&["check", &b]);
    assert_eq!(
        run.stdout,
        format!(
            "\
{b}:1:11: error: component `db` is declared more than once; give each component its own name [duplicate-component]
 1 | component db: redis
   |           ^^

1 error, 0 warnings in 1 file
"
        )
    );
    assert_eq!(run.status, 1);
}

#[test]
fn two_folders_are_two_designs() {
    let scratch = Scratch::new("two-designs");
    scratch.write("shop/components.design", COMPONENTS);
    scratch.write("shop/operations.design", OPERATIONS);
    scratch.write("shop/billing/components.design", COMPONENTS);
    scratch.write("shop/billing/operations.design", OPERATIONS);
    // Neither folder sees the other's files: the operation in `alone/` has no `orders_db`.
    let alone = scratch.write("alone/operations.design", OPERATIONS);
    let run = design_ls(&["check", scratch.path().to_str().unwrap()]);
    assert_eq!(
        run.stdout,
        format!(
            "\
{alone}:5:10: error: `orders_db` is not a declared component; declare it with `component orders_db: <technology>` (`store` takes a store or table) [undeclared-component]
 5 |   store: orders_db
   |          ^^^^^^^^^

1 error, 0 warnings in 5 files
"
        )
    );
    assert_eq!(run.status, 1);
}

/// A design.toml adding `ledger-db` and turning `unused-component` off.
const LEDGER: &str = "\
[[technology]]
id = \"ledger-db\"
title = \"Ledger DB\"
kinds = [\"store\"]
description = \"Our append-only ledger.\"

[severity]
unused-component = \"off\"
";

#[test]
fn the_design_toml_at_the_root_of_a_folder_checked_extends_the_catalog_and_sets_levels() {
    let scratch = Scratch::new("design-toml");
    scratch.write("design.toml", LEDGER);
    let design = scratch.write("payments/payments.design", "component ledger: ledger-db\n");
    let root = scratch.path().to_str().unwrap();
    let run = design_ls(&["check", root]);
    assert_eq!(run.stdout, "0 errors, 0 warnings in 2 files\n");
    assert_eq!(run.status, 0);

    // The design folder's own design.toml applies after the root's, and wins where both set a level.
    scratch.write("payments/design.toml", "[severity]\nunused-component = \"warning\"\n");
    let run = design_ls(&["check", root]);
    let unused = format!(
        "\
{design}:1:11: warning: component `ledger` is not used by any operation [unused-component]
 1 | component ledger: ledger-db
   |           ^^^^^^

"
    );
    assert_eq!(run.stdout, format!("{unused}0 errors, 1 warning in 3 files\n"));
    assert_eq!(run.status, 0);

    // A file named alone is under no folder checked: only its own folder's design.toml applies.
    let run = design_ls(&["check", &design]);
    assert_eq!(
        run.stdout,
        format!(
            "\
{unused}{design}:1:19: error: unknown technology `ledger-db`; for one the catalog lacks, say which kind it is checked as: `component ledger: ledger-db as <kind>`, where the kind is store, table, outbox, log, queue, cdc, cache, search, time-series, coordination, worker, scheduler, service or blob [unknown-technology]
 1 | component ledger: ledger-db
   |                   ^^^^^^^^^

1 error, 1 warning in 2 files
"
        )
    );
    assert_eq!(run.status, 1);
}

#[test]
fn a_design_found_from_several_paths_takes_the_design_toml_of_the_outermost_folder_in_any_order() {
    let scratch = Scratch::new("outermost");
    scratch.write("design.toml", "[severity]\nunused-component = \"error\"\n");
    let file = scratch.write("shop/sub/a.design", "component a: postgres\n");
    let root = scratch.path().to_str().unwrap();
    let sub = format!("{root}/shop/sub");
    let unused = |level: &str| {
        format!(
            "\
{file}:1:11: {level}: component `a` is not used by any operation [unused-component]
 1 | component a: postgres
   |           ^

"
        )
    };
    // Also named, or as a folder of its own, `shop/sub` is still under the folder checked.
    for (first, second) in [(root, sub.as_str()), (&sub, root), (root, &file), (&file, root)] {
        let run = design_ls(&["check", first, second]);
        assert_eq!(run.stdout, unused("error") + "1 error, 0 warnings in 2 files\n", "{first} {second}");
        assert_eq!(run.status, 1);
    }
    // Alone, it is under no folder checked but its own.
    for alone in [&sub, &file] {
        let run = design_ls(&["check", alone]);
        assert_eq!(run.stdout, unused("hint") + "0 errors, 0 warnings, 1 hint in 1 file\n", "{alone}");
        assert_eq!(run.status, 0);
    }
}

/// A design.toml with a mistake in a technology and one in a level; the rest of it is right.
const MISTAKES: &str = "\
[[technology]]
id = \"ledger-db\"
title = \"Ledger DB\"
kinds = [\"store\"]
description = \"Our append-only ledger.\"

[[technology]]
id = \"queue-db\"
title = \"Queue DB\"
kinds = [\"queu\"]
description = \"A typo in its kind.\"

[severity]
unused-component = \"of\"
";

/// A design whose technologies are the right one of `MISTAKES`, the wrong one and a misspelt built-in one.
const USES_MISTAKES: &str = "component ledger: ledger-db\ncomponent jobs: queue-db\ncomponent cache: redys\n";

#[test]
fn a_broken_design_toml_is_reported_at_each_mistake_and_its_valid_entries_still_apply() {
    let scratch = Scratch::new("broken-toml");
    let toml = scratch.write("design.toml", MISTAKES);
    let design = scratch.write("jobs/jobs.design", USES_MISTAKES);
    let run = design_ls(&["check", scratch.path().to_str().unwrap()]);
    // `ledger-db` resolves; `unused-component` stays a hint; `redys` is still found to be `redis` misspelt.
    assert_eq!(
        run.stdout,
        format!(
            "\
{toml}:10:10: error: `queu` is not a kind; did you mean `queue`? [design-toml]
 10 | kinds = [\"queu\"]
    |          ^^^^^^

{toml}:14:20: error: `of` is not a level; did you mean `off`? [design-toml]
 14 | unused-component = \"of\"
    |                    ^^^^

{design}:1:11: hint: component `ledger` is not used by any operation [unused-component]
 1 | component ledger: ledger-db
   |           ^^^^^^

{design}:2:11: hint: component `jobs` is not used by any operation [unused-component]
 2 | component jobs: queue-db
   |           ^^^^

{design}:2:17: error: unknown technology `queue-db`; for one the catalog lacks, say which kind it is checked as: `component jobs: queue-db as <kind>`, where the kind is store, table, outbox, log, queue, cdc, cache, search, time-series, coordination, worker, scheduler, service or blob [unknown-technology]
 2 | component jobs: queue-db
   |                 ^^^^^^^^

{design}:3:11: hint: component `cache` is not used by any operation [unused-component]
 3 | component cache: redys
   |           ^^^^^

{design}:3:18: error: unknown technology `redys`; did you mean `redis`? [unknown-technology]
 3 | component cache: redys
   |                  ^^^^^

4 errors, 0 warnings, 3 hints in 2 files
"
        )
    );
    assert_eq!(run.status, 1);
}

#[test]
fn json_format_includes_the_problems_of_a_design_toml() {
    let scratch = Scratch::new("toml-json");
    let toml = scratch.write("design.toml", MISTAKES);
    let design = scratch.write("jobs/jobs.design", "component ledger: ledger-db\n");
    let run = design_ls(&["check", "--format", "json", scratch.path().to_str().unwrap()]);
    let json = serde_json::json!([
        {
            "file": toml,
            "line": 10, "column": 10, "end_line": 10, "end_column": 16,
            "severity": "error", "code": "design-toml",
            "message": "`queu` is not a kind; did you mean `queue`?",
        },
        {
            "file": toml,
            "line": 14, "column": 20, "end_line": 14, "end_column": 24,
            "severity": "error", "code": "design-toml",
            "message": "`of` is not a level; did you mean `off`?",
        },
        {
            "file": design,
            "line": 1, "column": 11, "end_line": 1, "end_column": 17,
            "severity": "hint", "code": "unused-component",
            "message": "component `ledger` is not used by any operation",
        },
    ]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(), json);
    assert_eq!(run.status, 1);
}

#[test]
fn a_design_whose_analysis_fails_is_not_checked_rather_than_passed() {
    let scratch = Scratch::new("panic");
    let file = scratch.write("shop/shop.design", COMPONENTS);
    let run = design_ls_with(&[("DESIGN_LS_PANIC_IN", "analysis")], &["check", &file]);
    assert_eq!(
        run.stdout,
        format!(
            "{file}: error: design-ls failed while analyzing this file's design, so it was not checked; please report it \
             [not-checked]\n\n0 errors, 0 warnings in 0 files; 1 path not checked\n"
        )
    );
    assert_eq!(run.status, 2);
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
