//! `design-ls check` on folders a pull request could craft to print secrets into a CI log, hang the job,
//! exhaust its memory or stop the check: each such path is reported once, without being read, and the
//! rest is still checked; the exit status is then 2, so a path left unchecked never passes a build.

mod common;

use common::cli::{design_ls, Scratch};
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

/// A design with one error and one hint, so a checked file shows in the output.
const BROKEN: &str = "component b: postgress\n";

/// What `check` prints for a file holding `BROKEN`.
fn broken(path: &str) -> String {
    unused(path) + &misspelt(path)
}

/// What `check` prints for a file holding `BROKEN` in a design whose other files hold it too: every
/// declaration of `b` is a duplicate, and the first, in the order of the names, is the one found unused.
fn broken_again(path: &str, first: bool) -> String {
    let duplicate = format!(
        "\
{path}:1:11: error: component `b` is declared more than once; give each component its own name [duplicate-component]
 1 | component b: postgress
   |           ^

"
    );
    duplicate + &if first { unused(path) } else { String::new() } + &misspelt(path)
}

fn unused(path: &str) -> String {
    format!(
        "\
{path}:1:11: hint: component `b` is not used by any operation [unused-component]
 1 | component b: postgress
   |           ^

"
    )
}

fn misspelt(path: &str) -> String {
    format!(
        "\
{path}:1:14: error: unknown technology `postgress`; did you mean `postgres`? [unknown-technology]
 1 | component b: postgress
   |              ^^^^^^^^^

"
    )
}

/// What `check` prints for a path it could not check.
fn not_checked(path: &str, why: &str) -> String {
    format!("{path}: error: {why} [not-checked]\n\n")
}

/// A scratch folder `ws` holding `ok.design` (`BROKEN`), with its path as text.
fn workspace(test: &str) -> (Scratch, String) {
    let scratch = Scratch::new(test);
    scratch.write("ws/ok.design", BROKEN);
    let ws = scratch.path().join("ws").to_str().unwrap().to_string();
    (scratch, ws)
}

fn link(target: impl AsRef<Path>, at: &str) {
    symlink(target, at).unwrap();
}

const DEVICE: &str = "this is a device, not a regular file, so it was not read";
const LOOP: &str = "the symlink leads round in a loop; fix or remove it";
const DANGLING: &str = "the symlink points to nothing: its target does not exist; fix or remove it";

fn outside(folder: &str) -> String {
    format!("the symlink leads outside {folder}, so it was not followed; name it on the command line to check it")
}

#[test]
fn a_symlink_out_of_the_folder_is_not_followed_and_what_it_points_to_is_never_printed() {
    let (scratch, ws) = workspace("outside");
    let secret = scratch.write("secret.design", "component leaked: hunter2\n");
    link(&secret, &format!("{ws}/absolute.design"));
    link("../secret.design", &format!("{ws}/relative.design"));
    link("/etc/passwd", &format!("{ws}/passwd.design"));
    link("/proc/self/environ", &format!("{ws}/env.design"));
    let run = design_ls(&["check", &ws]);
    let outside = outside(&ws);
    assert_eq!(
        run.stdout,
        [
            not_checked(&format!("{ws}/absolute.design"), &outside),
            not_checked(&format!("{ws}/env.design"), &outside),
            broken(&format!("{ws}/ok.design")),
            not_checked(&format!("{ws}/passwd.design"), &outside),
            not_checked(&format!("{ws}/relative.design"), &outside),
            "1 error, 0 warnings, 1 hint in 1 file; 4 paths not checked\n".into(),
        ]
        .concat()
    );
    assert!(!run.stdout.contains("hunter2") && !run.stdout.contains("root:"), "{}", run.stdout);
    assert_eq!(run.stderr, "");
    assert_eq!(run.status, 2);
}

#[test]
fn a_symlink_that_stays_inside_the_folder_is_checked_under_its_own_name() {
    let (scratch, ws) = workspace("inside");
    link("ok.design", &format!("{ws}/link.design"));
    link(format!("{ws}/ok.design"), &format!("{ws}/absolute.design"));
    link("../ws/./ok.design", &format!("{ws}/roundabout.design"));
    let run = design_ls(&["check", &ws]);
    // Four names of one text in one design: `b` is declared four times.
    let expected = [
        broken_again(&format!("{ws}/absolute.design"), true),
        broken_again(&format!("{ws}/link.design"), false),
        broken_again(&format!("{ws}/ok.design"), false),
        broken_again(&format!("{ws}/roundabout.design"), false),
        "8 errors, 0 warnings, 1 hint in 4 files\n".into(),
    ]
    .concat();
    assert_eq!(run.stdout, expected);
    assert_eq!(run.status, 1);

    // Inside is judged on resolved paths, so a folder named through a symlink keeps its own links.
    let alias = scratch.path().join("alias").to_str().unwrap().to_string();
    link(&ws, &alias);
    let run = design_ls(&["check", &alias]);
    assert_eq!(run.stdout, expected.replace(&ws, &alias));
    assert_eq!(run.status, 1);
}

#[test]
fn a_symlink_named_on_the_command_line_is_followed_wherever_it_leads() {
    let (scratch, ws) = workspace("named");
    let target = scratch.write("elsewhere/target.design", BROKEN);
    let named = format!("{ws}/named.design");
    link(target, &named);
    // Checked with its sibling `ok.design`, which declares `b` too.
    let run = design_ls(&["check", &named]);
    assert_eq!(run.stdout, broken_again(&named, true) + "2 errors, 0 warnings, 1 hint in 1 file\n");
    assert_eq!(run.status, 1);

    // Named and also inside a folder given, before or after it: named wins.
    let expected = broken_again(&named, true)
        + &broken_again(&format!("{ws}/ok.design"), false)
        + "4 errors, 0 warnings, 1 hint in 2 files\n";
    for args in [["check", &ws, &named], ["check", &named, &ws]] {
        let run = design_ls(&args);
        assert_eq!(run.stdout, expected, "{args:?}");
        assert_eq!(run.status, 1);
    }
}

#[test]
fn a_symlink_loop_or_a_dangling_symlink_is_reported_once_and_the_rest_checked() {
    let (_scratch, ws) = workspace("loops");
    link("loop.design", &format!("{ws}/loop.design"));
    link("pong.design", &format!("{ws}/ping.design"));
    link("ping.design", &format!("{ws}/pong.design"));
    link("missing.design", &format!("{ws}/dangling.design"));
    let run = design_ls(&["check", &ws]);
    assert_eq!(
        run.stdout,
        [
            not_checked(&format!("{ws}/dangling.design"), DANGLING),
            not_checked(&format!("{ws}/loop.design"), LOOP),
            broken(&format!("{ws}/ok.design")),
            not_checked(&format!("{ws}/ping.design"), LOOP),
            not_checked(&format!("{ws}/pong.design"), LOOP),
            "1 error, 0 warnings, 1 hint in 1 file; 4 paths not checked\n".into(),
        ]
        .concat()
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.status, 2);

    // Named on the command line, they are followed, and found broken the same way.
    let (dangling, looping) = (format!("{ws}/dangling.design"), format!("{ws}/loop.design"));
    let run = design_ls(&["check", &looping, &dangling]);
    assert_eq!(
        run.stdout,
        [
            not_checked(&dangling, DANGLING),
            not_checked(&looping, LOOP),
            "0 errors, 0 warnings in 0 files; 2 paths not checked\n".into(),
        ]
        .concat()
    );
    assert_eq!(run.status, 2);
}

#[test]
fn dev_zero_is_never_read_whether_linked_from_the_folder_or_named() {
    let (_scratch, ws) = workspace("zero");
    let zero = format!("{ws}/zero.design");
    link("/dev/zero", &zero);
    let run = design_ls(&["check", &ws]);
    assert_eq!(
        run.stdout,
        [
            broken(&format!("{ws}/ok.design")),
            not_checked(&zero, &outside(&ws)),
            "1 error, 0 warnings, 1 hint in 1 file; 1 path not checked\n".into(),
        ]
        .concat()
    );
    assert_eq!(run.status, 2);

    let run = design_ls(&["check", "/dev/zero", &zero]);
    assert_eq!(
        run.stdout,
        [
            not_checked("/dev/zero", DEVICE),
            not_checked(&zero, DEVICE),
            "0 errors, 0 warnings in 0 files; 2 paths not checked\n".into(),
        ]
        .concat()
    );
    assert_eq!(run.status, 2);
}

#[test]
fn a_fifo_or_a_socket_named_like_a_design_is_reported_without_being_opened() {
    let (_scratch, ws) = workspace("fifo");
    let (fifo, socket) = (format!("{ws}/pipe.design"), format!("{ws}/socket.design"));
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let fifo_message = "this is a named pipe (FIFO), not a regular file, so it was not read";
    let run = design_ls(&["check", &ws]);
    assert_eq!(
        run.stdout,
        [
            broken(&format!("{ws}/ok.design")),
            not_checked(&fifo, fifo_message),
            not_checked(&socket, "this is a socket, not a regular file, so it was not read"),
            "1 error, 0 warnings, 1 hint in 1 file; 2 paths not checked\n".into(),
        ]
        .concat()
    );
    assert_eq!(run.status, 2);

    let run = design_ls(&["check", &fifo]);
    assert_eq!(run.stdout, not_checked(&fifo, fifo_message) + "0 errors, 0 warnings in 0 files; 1 path not checked\n");
    assert_eq!(run.status, 2);
}

#[test]
fn a_folder_named_like_a_design_is_searched_and_a_symlink_to_a_folder_is_reported() {
    let (scratch, ws) = workspace("folders");
    scratch.write("ws/sub.design/inner.design", BROKEN);
    link("sub.design", &format!("{ws}/linked.design"));
    // Linked folders are not searched, whatever their name: `inner.design` is reported once.
    link("sub.design", &format!("{ws}/linked-folder"));
    let run = design_ls(&["check", &ws]);
    assert_eq!(
        run.stdout,
        [
            not_checked(
                &format!("{ws}/linked.design"),
                "the symlink points to a folder, and linked folders are not searched; \
                 name the folder on the command line to check it"
            ),
            broken(&format!("{ws}/ok.design")),
            broken(&format!("{ws}/sub.design/inner.design")),
            "2 errors, 0 warnings, 2 hints in 2 files; 1 path not checked\n".into(),
        ]
        .concat()
    );
    assert_eq!(run.status, 2);
}

#[test]
fn a_file_over_32_mib_is_reported_without_being_read() {
    let (scratch, ws) = workspace("large");
    let big = scratch.write("ws/big.design", "");
    // Sparse: 40 MiB that take no disk and no time to write.
    fs::File::options().write(true).open(&big).unwrap().set_len(40 << 20).unwrap();
    let run = design_ls(&["check", &ws]);
    assert_eq!(
        run.stdout,
        [
            not_checked(
                &big,
                "the file is 40.0 MiB, over design-ls's limit of 32 MiB for one file, so it was not checked"
            ),
            broken(&format!("{ws}/ok.design")),
            "1 error, 0 warnings, 1 hint in 1 file; 1 path not checked\n".into(),
        ]
        .concat()
    );
    assert_eq!(run.status, 2);
}

#[test]
fn file_names_that_are_not_utf8_are_checked_and_shown_lossily() {
    let (scratch, ws) = workspace("names");
    let name = scratch.path().join("ws").join(OsStr::from_bytes(b"caf\xe9.design"));
    fs::write(&name, BROKEN).unwrap();
    let shown = format!("{ws}/caf\u{fffd}.design");
    let expected = [
        broken_again(&shown, true),
        broken_again(&format!("{ws}/ok.design"), false),
        "4 errors, 0 warnings, 1 hint in 2 files\n".into(),
    ];
    let run = design_ls(&["check", &ws]);
    assert_eq!(run.stdout, expected.concat());
    assert_eq!(run.status, 1);

    let run = design_ls(&[OsStr::new("check"), name.as_os_str()]);
    assert_eq!(run.stdout, broken_again(&shown, true) + "2 errors, 0 warnings, 1 hint in 1 file\n");
    assert_eq!(run.stderr, "");
    assert_eq!(run.status, 1);

    let run = design_ls(&[OsStr::new("check"), OsStr::new("--format=json"), name.as_os_str()]);
    let files: Vec<_> = serde_json::from_str::<serde_json::Value>(&run.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].clone())
        .collect();
    assert_eq!(files, [shown.as_str(), shown.as_str(), shown.as_str()]);
    assert_eq!(run.status, 1);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_and_the_rest_checked() {
    let (scratch, ws) = workspace("binary");
    let junk = scratch.write("ws/junk.design", [0xff, 0xfe, 0x00, 0x80]);
    let why = "the file is not valid UTF-8 text, so it was not checked; save it as UTF-8";
    let run = design_ls(&["check", &ws]);
    assert_eq!(
        run.stdout,
        [
            not_checked(&junk, why),
            broken(&format!("{ws}/ok.design")),
            "1 error, 0 warnings, 1 hint in 1 file; 1 path not checked\n".into()
        ]
        .concat()
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.status, 2);

    let run = design_ls(&["check", "--format", "json", &junk]);
    let expected = serde_json::json!([{
        "file": junk,
        "line": null, "column": null, "end_line": null, "end_column": null,
        "severity": "error", "code": "not-checked", "message": why,
    }]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(), expected);
    assert_eq!(run.status, 2);
}

#[test]
fn a_byte_order_mark_is_not_counted_as_a_column() {
    let scratch = Scratch::new("bom");
    let file = scratch.write("bom.design", format!("\u{feff}{BROKEN}"));
    let run = design_ls(&["check", &file]);
    assert_eq!(run.stdout, broken(&file) + "1 error, 0 warnings, 1 hint in 1 file\n");
    assert_eq!(run.status, 1);

    let toml = scratch.write("design.toml", "\u{feff}colour = 1\n");
    let run = design_ls(&["check", &file]);
    let mistake = format!(
        "\
{toml}:1:1: error: `colour` is not a key of design.toml, which takes `mechanism`, `severity` and `technology` [design-toml]
 1 | colour = 1
   | ^^^^^^

"
    );
    assert_eq!(run.stdout, broken(&file) + &mistake + "2 errors, 0 warnings, 1 hint in 2 files\n");
    assert_eq!(run.status, 1);
}

#[test]
fn a_design_toml_is_read_as_warily_as_a_design_and_one_refused_applies_nothing() {
    let (scratch, ws) = workspace("toml");
    // Read, this would turn off the hints below and print its comment in an error.
    scratch.write("secret.toml", "[severity]\nunused-component = \"off\"\nhunter2\n");
    link("../secret.toml", &format!("{ws}/design.toml"));
    let unused_b = "component b: postgres\n";
    let fifo = format!("{ws}/fifo/design.toml");
    let fifo_design = scratch.write("ws/fifo/f.design", unused_b);
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let binary = scratch.write("ws/binary/design.toml", [0xff, 0xfe, 0x00, 0x80]);
    let binary_design = scratch.write("ws/binary/b.design", unused_b);
    // A link that stays inside the folder checked is followed.
    scratch.write("ws/shared.toml", "[severity]\nunused-component = \"off\"\n");
    scratch.write("ws/linked/l.design", unused_b);
    link("../shared.toml", &format!("{ws}/linked/design.toml"));
    let run = design_ls(&["check", &ws]);
    let hint = |path: &str| {
        format!(
            "\
{path}:1:11: hint: component `b` is not used by any operation [unused-component]
 1 | component b: postgres
   |           ^

"
        )
    };
    assert_eq!(
        run.stdout,
        [
            hint(&binary_design),
            not_checked(&binary, "the file is not valid UTF-8 text, so it was not checked; save it as UTF-8"),
            not_checked(
                &format!("{ws}/design.toml"),
                &format!("the symlink leads outside {ws}, so it was not followed")
            ),
            not_checked(&fifo, "this is a named pipe (FIFO), not a regular file, so it was not read"),
            hint(&fifo_design),
            broken(&format!("{ws}/ok.design")),
            "1 error, 0 warnings, 3 hints in 5 files; 3 paths not checked\n".into(),
        ]
        .concat()
    );
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    assert_eq!(run.stderr, "");
    assert_eq!(run.status, 2);
}

#[test]
fn the_siblings_of_a_file_named_alone_are_read_only_inside_its_folder_and_not_reported() {
    let (scratch, ws) = workspace("siblings");
    scratch.write("secret.design", "component secret_db: postgres # hunter2\n");
    link("../secret.design", &format!("{ws}/outside.design"));
    scratch.write("ws/sub/orders.design", "component orders_db: postgres\n");
    link("sub/orders.design", &format!("{ws}/inside.design"));
    let operation = |name: &str, store: &str| {
        format!(
            "operation \"{name}\" {{\n  path: POST /{name}\n  shape: create\n  mechanism: insert\n  store: {store}\n  \
             idempotency: natural-key\n}}\n"
        )
    };
    let used = scratch.write("ws/use.design", operation("orders", "orders_db") + &operation("leaks", "secret_db"));
    let run = design_ls(&["check", &used]);
    // `orders_db` resolves through the link inside; `secret_db` is not read through the one outside, and
    // `ok.design`'s mistakes are not reported, since only `use.design` was asked for.
    assert_eq!(
        run.stdout,
        format!(
            "\
{used}:12:10: error: `secret_db` is not a declared component; declare it with `component secret_db: <technology>` (`store` takes a store or table) [undeclared-component]
 12 |   store: secret_db
    |          ^^^^^^^^^

1 error, 0 warnings in 1 file
"
        )
    );
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    assert_eq!(run.status, 1);
}
