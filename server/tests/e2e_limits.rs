//! Documents at the limits, against the real binary: 10 MB of design, a 1 MB line, a million empty
//! lines, binary junk. Each is answered within a generous bound and a bounded peak memory, with the
//! diagnostics the library gives for it, while a small document opened beside it stays responsive.
//! The bounds are failure guards for a hung or runaway server, not performance targets.

mod common;

use common::expected::{seen_diagnostics, Answers};
use common::Lsp;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

// In folders of their own: the `.design` files of one folder make one design, analyzed as one.
const BIG: &str = "file:///big/big.design";
const SMALL: &str = "file:///small/small.design";
const SMALL_TEXT: &str = "component db: postgres\n";
/// How long a big document's diagnostics may take in an unoptimized build on a busy machine.
const ANALYSIS_BOUND: Duration = Duration::from_secs(60);
/// How long a hover on the small document may wait while the big one is analyzed.
const HOVER_BOUND: Duration = Duration::from_secs(2);

/// What the server must publish for a big document.
enum Want {
    /// Exactly these diagnostics (as `seen_diagnostics` keeps them).
    Diagnostics(Vec<Value>),
    /// Diagnostics the library computes for the text.
    Analysis,
}

/// Opens a small document, then `text`, and asks about the small one at once; checks that the small
/// one's hover comes back within `HOVER_BOUND`, the big one's diagnostics within `ANALYSIS_BOUND` and
/// as wanted, peak memory under `memory_mib`, and then the same again for an edit near the end.
fn abuse(what: &str, text: &str, want: Want, memory_mib: u64) {
    let mut lsp = Lsp::new();
    lsp.open(SMALL, 1, SMALL_TEXT);
    lsp.diagnostics(SMALL, 1);
    let baseline = lsp.peak_rss_mib();

    let opened = Instant::now();
    lsp.open(BIG, 1, text);
    let hover = hover_while_busy(&mut lsp, what, "open");
    let published = big_diagnostics(&mut lsp, what, 1);
    let analyzed = opened.elapsed();
    let wanted = match &want {
        Want::Diagnostics(diagnostics) => diagnostics.clone(),
        Want::Analysis => Answers::new(text).diagnostics(),
    };
    assert_eq!(published.len(), wanted.len(), "{what}: how many diagnostics");
    assert!(published == wanted, "{what}: the diagnostics differ from the library's");

    // Append a line: the edit must be analyzed in bounded time too, and the small document stay responsive.
    let (line, character) = end_of(text);
    let appended = "\ncomponent late: worker\n";
    let edited = Instant::now();
    lsp.change(BIG, 2, &[(Some([line, character, line, character]), appended)]);
    let hover_after_edit = hover_while_busy(&mut lsp, what, "edit");
    let after_edit = big_diagnostics(&mut lsp, what, 2);
    let reanalyzed = edited.elapsed();
    // The big document answers too: the hover on the appended line's `worker`.
    let hover_big = lsp.at("hover", BIG, line + 1, 16);
    match want {
        Want::Diagnostics(diagnostics) => {
            let late = after_edit.iter().filter(|d| d["message"] == "component `late` is not used by any operation");
            assert_eq!(late.count(), 1, "{what}: the edit's new component is reported unused once");
            assert_eq!(after_edit.len(), diagnostics.len() + 1, "{what}: how many diagnostics after the edit");
            assert_eq!(hover_big["range"], common::range_json([line + 1, 16, line + 1, 22]), "{what}: {hover_big}");
        }
        Want::Analysis => {
            let answers = Answers::new(&format!("{text}{appended}"));
            assert!(
                after_edit == answers.diagnostics(),
                "{what}: the diagnostics after the edit differ from the library's"
            );
            assert_eq!(hover_big, answers.hover(line + 1, 16), "{what}: the hover on the appended line");
        }
    }

    let peak = lsp.peak_rss_mib();
    eprintln!(
        "{what}: {:.1} MB; diagnostics after open {analyzed:?}, after an edit {reanalyzed:?}; small hover \
         {hover:?} during open, {hover_after_edit:?} during the edit; peak RSS {peak} MiB (idle {baseline} MiB)",
        text.len() as f64 / 1e6
    );
    assert!(peak < memory_mib, "{what}: peak RSS {peak} MiB, over {memory_mib} MiB");
    assert!(hover < HOVER_BOUND, "{what}: the small document's hover took {hover:?} while the big one was opened");
    assert!(
        hover_after_edit < HOVER_BOUND,
        "{what}: the small document's hover took {hover_after_edit:?} while the big one was edited"
    );
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

/// Asks for the hover on the small document's technology and returns how long the answer took.
fn hover_while_busy(lsp: &mut Lsp, what: &str, during: &str) -> Duration {
    let asked = Instant::now();
    let params = json!({ "textDocument": { "uri": SMALL }, "position": { "line": 0, "character": 16 } });
    let id = lsp.send_request("textDocument/hover", params);
    let answer =
        lsp.wait_for_within(&format!("{what}: the small document's hover during the {during}"), ANALYSIS_BOUND, |m| {
            m["id"] == id && m.get("method").is_none()
        });
    let took = asked.elapsed();
    let card = answer["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(card.contains("PostgreSQL"), "{what}: the small document's hover during the {during}: {answer}");
    took
}

fn big_diagnostics(lsp: &mut Lsp, what: &str, version: i64) -> Vec<Value> {
    let message = lsp.wait_for_within(&format!("{what}: diagnostics for version {version}"), ANALYSIS_BOUND, |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == BIG
            && m["params"]["version"] == version
    });
    seen_diagnostics(message["params"]["diagnostics"].as_array().unwrap())
}

/// The protocol position of the end of `text` (UTF-16 columns).
fn end_of(text: &str) -> (u32, u32) {
    let last_break = text.rfind(['\n', '\r']);
    let line = text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
    let tail = &text[last_break.map_or(0, |at| at + 1)..];
    (line as u32, tail.encode_utf16().count() as u32)
}

/// The four examples, repeated with every component and operation renamed per copy and without their
/// `system` lines, up to `size` bytes: a large design that is clean.
fn big_design(size: usize) -> String {
    let examples = [
        include_str!("../../examples/ticketing/ticketing.design"),
        include_str!("../../examples/social-feed/social-feed.design"),
        include_str!("../../examples/job-scheduler/job-scheduler.design"),
        include_str!("../../examples/feature-flags/feature-flags.design"),
    ];
    let mut design = String::with_capacity(size + 10_000);
    for copy in 0.. {
        for example in examples {
            if design.len() >= size {
                return design;
            }
            design.push_str(&renamed(example, copy));
        }
    }
    unreachable!()
}

/// One example with `_<copy>` after each component name and ` <copy>` inside each operation name.
fn renamed(example: &str, copy: usize) -> String {
    let names: Vec<&str> = example
        .lines()
        .filter_map(|line| line.strip_prefix("component "))
        .map(|rest| rest.split(':').next().unwrap().trim())
        .collect();
    let rename = |word: &str| if names.contains(&word) { format!("{word}_{copy}") } else { word.to_string() };
    let mut out = String::new();
    for line in example.lines() {
        let line = if line.starts_with("system ") {
            String::new()
        } else if let Some(rest) = line.strip_prefix("component ") {
            let (name, rest) = rest.split_once(':').unwrap();
            let rest = match rest.split_once(" in ") {
                Some((technology, after)) => {
                    let (host, description) = after.split_once(' ').unwrap_or((after, ""));
                    format!("{technology} in {} {description}", rename(host))
                }
                None => rest.to_string(),
            };
            format!("component {}:{rest}", rename(name))
        } else if let Some(rest) = line.strip_prefix("operation \"") {
            let (name, rest) = rest.split_once('"').unwrap();
            format!("operation \"{name} {copy}\"{rest}")
        } else if let Some((key, values)) = line.split_once(": ").filter(|(key, _)| key.starts_with("  ")) {
            let values: Vec<String> = values.split(", ").map(rename).collect();
            format!("{key}: {}", values.join(", "))
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn a_10_mb_design() {
    let design = big_design(10_000_000);
    // About 165 MiB; 360 while the syntax kept every chunk's tree and the lowered nodes their spare room.
    abuse("a 10 MB design", &design, Want::Diagnostics(Vec::new()), 320);
}

#[test]
fn a_1_mb_line_inside_a_note() {
    let design = format!(
        "component db: postgres\noperation \"o\" {{\n  mechanism: insert\n  store: db\n  note: \"{}\"\n}}\n",
        "note ".repeat(200_000)
    );
    abuse("a 1 MB note", &design, Want::Diagnostics(Vec::new()), 512);
}

#[test]
fn a_1_mb_bare_line() {
    let line = "component db: postgres ".repeat(45_000);
    abuse("a 1 MB bare line", &format!("{line}\n"), Want::Analysis, 512);
}

#[test]
fn a_million_empty_lines() {
    let text = format!("{}component db: postgres\n", "\n".repeat(1_000_000));
    let unused = json!({
        "code": "unused-component",
        "severity": 4,
        "range": common::range_json([1_000_000, 10, 1_000_000, 12]),
        "message": Answers::new(&text).diagnostics()[0]["message"],
    });
    abuse("a million empty lines", &text, Want::Diagnostics(vec![unused]), 512);
}

#[test]
fn binary_junk() {
    // Everything JSON can carry: NUL and other controls, lone `\r`, U+FFFD, private use, BOMs, 4-byte
    // characters, mixed with fragments of the notation, pseudo-randomly.
    let alphabet: Vec<char> = (0..0x20u32)
        .chain([0x7f, 0xfffd, 0xe000, 0xf8ff, 0xfeff, 0x1f600, 0x1d11e, 0x10ffff, 0x10fffd, 0x200b, 0x202e])
        .filter_map(char::from_u32)
        .chain("component: {}\",#in operation mechanism: insert\r\n".chars())
        .collect();
    let mut state = 0x9e37_79b9u32;
    let junk: String = (0..400_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            alphabet[state as usize % alphabet.len()]
        })
        .collect();
    abuse("binary junk", &junk, Want::Analysis, 512);
}
