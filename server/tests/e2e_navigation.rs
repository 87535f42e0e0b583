//! Go to definition, find references and the outline against the real binary.
//!
//! `𠮷` takes two UTF-16 code units and four bytes, `野家` one unit and three bytes each, and `🎫` two
//! units and four bytes, so every range after them on a line tells the encodings apart.

mod common;

use common::{range_json, Lsp};
use serde_json::{json, Value};

const URI: &str = "file:///tickets.design";

const TICKETS: &str = "\
component 𠮷野家: worker
component reconciler: worker
component db: postgres \"🎫 tickets\"
component events: table in db
operation \"🎫 cancel\" {
  mechanism: guarded-update
  store: db
  guard: state
  workers: 𠮷野家, reconciler
}
operation \"🎫 log\" {
  mechanism: append-log
  log: events
  consumers: 𠮷野家, reconciler
}
";

fn location(range: [u32; 4]) -> Value {
    json!({ "uri": URI, "range": range_json(range) })
}

fn references(lsp: &mut Lsp, uri: &str, line: u32, character: u32, include_declaration: bool) -> Value {
    let params = json!({
        "textDocument": { "uri": uri },
        "position": { "line": line, "character": character },
        "context": { "includeDeclaration": include_declaration },
    });
    lsp.result("textDocument/references", params)
}

#[test]
fn definition_leads_from_a_reference_to_the_declared_name() {
    let (mut lsp, initialized) = Lsp::start(json!({}));
    assert_eq!(initialized["capabilities"]["definitionProvider"], true);
    lsp.open(URI, 1, TICKETS);
    assert_eq!(lsp.at("definition", URI, 8, 20), location([1, 10, 1, 20]));
    // Inside the surrogate pair of 𠮷, and just after the name: both are on `𠮷野家`.
    for character in [12, 15] {
        assert_eq!(lsp.at("definition", URI, 8, character), location([0, 10, 0, 14]), "at {character}");
    }
    // The `in` host, and a declared name, which leads to itself.
    assert_eq!(lsp.at("definition", URI, 3, 28), location([2, 10, 2, 12]));
    assert_eq!(lsp.at("definition", URI, 1, 12), location([1, 10, 1, 20]));
    // A key, a line past the end, a document never opened.
    assert_eq!(lsp.at("definition", URI, 7, 4), Value::Null);
    assert_eq!(lsp.at("definition", URI, 40, 0), Value::Null);
    assert_eq!(lsp.at("definition", "file:///unknown.design", 8, 20), Value::Null);

    let (mut lsp, _) = Lsp::start(json!({ "general": { "positionEncodings": ["utf-8"] } }));
    lsp.open(URI, 1, TICKETS);
    assert_eq!(lsp.at("definition", URI, 8, 13), location([0, 10, 0, 20]));
}

#[test]
fn references_list_every_use_and_the_declaration_when_asked() {
    let (mut lsp, initialized) = Lsp::start(json!({}));
    assert_eq!(initialized["capabilities"]["referencesProvider"], true);
    lsp.open(URI, 1, TICKETS);
    let uses = [location([8, 11, 8, 15]), location([13, 13, 13, 17])];
    assert_eq!(references(&mut lsp, URI, 8, 12, false), json!(uses));
    assert_eq!(references(&mut lsp, URI, 0, 10, true), json!([location([0, 10, 0, 14]), uses[0], uses[1]]));
    // From the declaration: the `in` host and the role.
    assert_eq!(
        references(&mut lsp, URI, 2, 11, true),
        json!([location([2, 10, 2, 12]), location([3, 27, 3, 29]), location([6, 9, 6, 11])])
    );
    assert_eq!(references(&mut lsp, URI, 13, 25, false), json!([location([8, 17, 8, 27]), location([13, 19, 13, 29])]));
    assert_eq!(references(&mut lsp, URI, 5, 4, true), Value::Null);
    assert_eq!(references(&mut lsp, URI, 40, 0, true), Value::Null);
    assert_eq!(references(&mut lsp, "file:///unknown.design", 1, 12, true), Value::Null);
}

#[test]
fn document_symbols_outline_components_and_operations_with_their_fields() {
    let (mut lsp, initialized) = Lsp::start(json!({}));
    assert_eq!(initialized["capabilities"]["documentSymbolProvider"], true);
    lsp.open(URI, 1, TICKETS);
    let outline =
        |lsp: &mut Lsp, uri: &str| lsp.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    let symbols = outline(&mut lsp, URI);
    let summary: Vec<(&str, i64, &str)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["kind"].as_i64().unwrap(), s["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            ("𠮷野家", 13, "worker"),
            ("reconciler", 13, "worker"),
            ("db", 13, "postgres"),
            ("events", 13, "table in db"),
            ("🎫 cancel", 12, "guarded-update"),
            ("🎫 log", 12, "append-log"),
        ]
    );
    let db = &symbols[2];
    assert_eq!(db["range"], range_json([2, 0, 2, 35]));
    assert_eq!(db["selectionRange"], range_json([2, 10, 2, 12]));
    assert!(db.get("children").is_none(), "{db}");
    let cancel = &symbols[4];
    assert_eq!(cancel["range"], range_json([4, 0, 9, 1]));
    assert_eq!(cancel["selectionRange"], range_json([4, 10, 4, 21]));
    let workers = &cancel["children"][3];
    assert_eq!(
        *workers,
        json!({
            "name": "workers",
            "detail": "𠮷野家, reconciler",
            "kind": 7,
            "range": range_json([8, 2, 8, 27]),
            "selectionRange": range_json([8, 2, 8, 9]),
        })
    );
    assert_eq!(outline(&mut lsp, "file:///unknown.design"), Value::Null);

    let (mut lsp, _) = Lsp::start(json!({ "general": { "positionEncodings": ["utf-8"] } }));
    lsp.open(URI, 1, TICKETS);
    let symbols = outline(&mut lsp, URI);
    assert_eq!(symbols[2]["range"], range_json([2, 0, 2, 37]));
    assert_eq!(symbols[4]["selectionRange"], range_json([4, 10, 4, 23]));
}
