//! Document synchronization against the real binary: diagnostics on open, incremental edits, the
//! negotiated position encoding, close, and documents too big or too broken to be reasonable.

mod common;

use common::{codes, range_json, Lsp};
use serde_json::{json, Value};

const URI: &str = "file:///shop.design";

/// `123` on line 3 is a literal id, after an emoji and CJK; `spare` is never used.
const SHOP: &str = "\
component db: postgres
component spare: worker
operation \"create order\" {
  path: POST /😀/日本/123
  shape: create
  mechanism: insert
  store: db
  allow: no-idempotency-key
}
";

/// Each diagnostic as (code, range), for comparing whole lists at once.
fn located(diagnostics: &[Value]) -> Vec<(&str, Value)> {
    diagnostics.iter().map(|d| (d["code"].as_str().unwrap(), d["range"].clone())).collect()
}

#[test]
fn open_publishes_diagnostics_with_codes_severities_and_exact_utf16_ranges() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    let diagnostics = lsp.diagnostics(URI, 1);
    assert_eq!(codes(&diagnostics), ["unused-component", "path-not-normalized"]);

    let unused = &diagnostics[0];
    assert_eq!(unused["range"], range_json([1, 10, 1, 15]));
    assert_eq!(unused["severity"], 4);
    assert_eq!(unused["source"], "design-ls");
    assert_eq!(unused["tags"], json!([1]), "an unused component is unnecessary code");
    assert!(unused["message"].as_str().unwrap().contains("spare"));

    // 😀 is two UTF-16 code units and 日本 two more, so `123` starts at 8 + 5 + 1 + 2 + 1 + 2 + 1.
    let literal = &diagnostics[1];
    assert_eq!(literal["range"], range_json([3, 20, 3, 23]));
    assert_eq!(literal["severity"], 4);
    assert!(literal.get("tags").is_none());
}

#[test]
fn with_utf8_negotiated_columns_count_bytes_both_ways() {
    let (mut lsp, _) = Lsp::start(json!({ "general": { "positionEncodings": ["utf-8"] } }));
    lsp.open(URI, 1, SHOP);
    let diagnostics = lsp.diagnostics(URI, 1);
    // 😀 is four bytes and 日本 six.
    assert_eq!(diagnostics[1]["range"], range_json([3, 26, 3, 29]));
    lsp.change(URI, 2, &[(Some([3, 26, 3, 29]), "{order_id}")]);
    assert_eq!(codes(&lsp.diagnostics(URI, 2)), ["unused-component"]);
}

#[test]
fn several_edits_in_one_notification_apply_in_order() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    lsp.diagnostics(URI, 1);
    lsp.change(
        URI,
        2,
        &[
            (Some([1, 10, 1, 15]), "spare_worker"),
            // Shifts everything down a line: the next edit addresses the text after this one.
            (Some([0, 0, 0, 0]), "system \"Shop\"\n"),
            (Some([6, 13, 6, 19]), "insret"),
            // Replaces the literal id after the emoji and CJK, in UTF-16 columns.
            (Some([4, 20, 4, 23]), "{order_id}"),
        ],
    );
    assert_eq!(
        located(&lsp.diagnostics(URI, 2)),
        [("unused-component", range_json([2, 10, 2, 22])), ("unknown-mechanism", range_json([6, 13, 6, 19]))]
    );
}

#[test]
fn edits_across_notifications_build_on_each_other_and_stale_versions_are_ignored() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    lsp.diagnostics(URI, 1);
    lsp.change(URI, 2, &[(Some([5, 13, 5, 19]), "insret")]);
    lsp.change(URI, 3, &[(Some([3, 20, 3, 23]), "{order_id}")]);
    // Not newer than version 3: ignored, so `db` stays declared.
    lsp.change(URI, 3, &[(Some([0, 10, 0, 12]), "gone")]);
    lsp.change(URI, 2, &[(None, "")]);
    // Types `  worker: spare` into the operation, one character per notification.
    lsp.change(URI, 4, &[(Some([6, 11, 6, 11]), "\n")]);
    let typed = "  worker: spare";
    for (i, c) in typed.chars().enumerate() {
        lsp.change(URI, 5 + i as i64, &[(Some([7, i as u32, 7, i as u32]), &c.to_string())]);
    }
    let last = 4 + typed.len() as i64;
    assert_eq!(located(&lsp.diagnostics(URI, last)), [("unknown-mechanism", range_json([5, 13, 5, 19]))]);

    // Never an older version's diagnostics after a newer one's.
    let versions: Vec<i64> = lsp
        .history
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "published out of order: {versions:?}");
}

#[test]
fn a_full_text_change_replaces_everything() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    lsp.diagnostics(URI, 1);
    lsp.change(URI, 2, &[(None, "component cache: redis\r\n"), (Some([0, 10, 0, 15]), "hot")]);
    assert_eq!(located(&lsp.diagnostics(URI, 2)), [("unused-component", range_json([0, 10, 0, 13]))]);
}

#[test]
fn crlf_and_lone_cr_line_breaks_count_as_the_protocol_says() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, "component db: postgres\r\ncomponent a: worker\rcomponent b: worker\r\n");
    assert_eq!(
        located(&lsp.diagnostics(URI, 1)),
        [
            ("unused-component", range_json([0, 10, 0, 12])),
            ("unused-component", range_json([1, 10, 1, 11])),
            ("unused-component", range_json([2, 10, 2, 11])),
        ]
    );
    // Joins the last two lines, replacing the lone `\r`.
    lsp.change(URI, 2, &[(Some([1, 19, 2, 0]), " ")]);
    assert_eq!(
        located(&lsp.diagnostics(URI, 2)),
        [
            ("unused-component", range_json([0, 10, 0, 12])),
            ("unused-component", range_json([1, 10, 1, 11])),
            ("unused-component", range_json([1, 30, 1, 31])),
        ]
    );
}

#[test]
fn close_clears_the_diagnostics_and_forgets_the_document() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    lsp.diagnostics(URI, 1);
    lsp.notify("textDocument/didClose", json!({ "textDocument": { "uri": URI } }));
    let cleared = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(cleared["params"], json!({ "uri": URI, "diagnostics": [] }));
    assert_eq!(lsp.at("hover", URI, 0, 12), Value::Null);
    // Reopening starts afresh.
    lsp.open(URI, 1, "component db: postgres\n");
    assert_eq!(codes(&lsp.diagnostics(URI, 1)), ["unused-component"]);
}

#[test]
fn a_10_mb_document_is_analyzed_and_edited() {
    let mut lsp = Lsp::new();
    let comment = format!("# {}\n", "x".repeat(97));
    let mut text = comment.repeat(100_000);
    text.push_str("component db: postgres\n");
    assert!(text.len() > 10_000_000);
    lsp.open(URI, 1, &text);
    assert_eq!(located(&lsp.diagnostics(URI, 1)), [("unused-component", range_json([100_000, 10, 100_000, 12]))]);
    lsp.change(URI, 2, &[(Some([100_000, 10, 100_000, 12]), "store"), (Some([5, 0, 6, 0]), "")]);
    assert_eq!(located(&lsp.diagnostics(URI, 2)), [("unused-component", range_json([99_999, 10, 99_999, 15]))]);
}

#[test]
fn binary_junk_as_a_document_does_not_crash_the_server() {
    let mut lsp = Lsp::new();
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    let junk = String::from_utf8_lossy(&bytes).into_owned();
    lsp.open(URI, 1, &junk);
    assert!(!lsp.diagnostics(URI, 1).is_empty());
    for line in [0, 1, 50, 400] {
        for character in [0, 1, 7, 100] {
            lsp.at("hover", URI, line, character);
            lsp.at("completion", URI, line, character);
        }
    }
    // Edits through the junk, including ranges past its end.
    lsp.change(URI, 2, &[(Some([3, 5, 9, 2]), "component :,{}\"\u{0}"), (Some([9_999, 0, 99_999, 9]), "\r")]);
    lsp.diagnostics(URI, 2);
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}
