//! Hover and completion round trips against the real binary, in both position encodings.

mod common;

use common::{range_json, Lsp};
use serde_json::{json, Value};

const URI: &str = "file:///shop.design";

const SHOP: &str = "\
component db: postgres
operation \"create order\" {
  path: POST /😀/日本/123
  mechanism: ins
  store: db
}
";

fn labels(items: &Value) -> Vec<&str> {
    items.as_array().unwrap().iter().map(|item| item["label"].as_str().unwrap()).collect()
}

#[test]
fn hover_answers_markdown_over_the_exact_token() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    let hover = lsp.at("hover", URI, 0, 16);
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(hover["contents"]["value"].as_str().unwrap().contains("PostgreSQL"), "{hover}");
    assert_eq!(hover["range"], range_json([0, 14, 0, 22]));
    // Between tokens there is nothing to say.
    assert_eq!(lsp.at("hover", URI, 0, 13), Value::Null);
}

#[test]
fn hover_ranges_after_emoji_and_cjk_follow_the_negotiated_encoding() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    // The path spans `POST /😀/日本/123`: 15 UTF-16 code units from column 8. Column 15 falls
    // between the halves of 😀's surrogate pair, which is still inside the path.
    for character in [8, 15, 22] {
        assert_eq!(lsp.at("hover", URI, 2, character)["range"], range_json([2, 8, 2, 23]), "at {character}");
    }

    let (mut lsp, _) = Lsp::start(json!({ "general": { "positionEncodings": ["utf-8"] } }));
    lsp.open(URI, 1, SHOP);
    // The same path is 21 bytes; column 16 is inside 😀's four bytes.
    for character in [8, 16, 28] {
        assert_eq!(lsp.at("hover", URI, 2, character)["range"], range_json([2, 8, 2, 29]), "at {character}");
    }
}

#[test]
fn completion_answers_items_that_replace_the_word_under_the_cursor() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    let items = lsp.at("completion", URI, 3, 16);
    assert_eq!(labels(&items)[0], "insert");
    let insert = &items[0];
    assert_eq!(insert["kind"], 3, "a mechanism shows as a function");
    assert_eq!(insert["insertTextFormat"], 1);
    assert_eq!(insert["sortText"], "000");
    assert_eq!(insert["textEdit"], json!({ "range": range_json([3, 13, 3, 16]), "newText": "insert" }));
    assert_eq!(insert["documentation"]["kind"], "markdown");
    assert!(insert["detail"].is_string());
}

#[test]
fn a_component_card_comes_when_the_editor_resolves_its_item() {
    let mut lsp = Lsp::new();
    let text = "component db: postgres\noperation \"create order\" {\n  mechanism: insert\n  store: db\n}\n";
    lsp.open(URI, 1, text);
    // After `store: `, the declared store `db`.
    let items = lsp.at("completion", URI, 3, 9);
    let db = items.as_array().unwrap().iter().find(|item| item["label"] == "db").expect("db is offered").clone();
    assert_eq!(db["documentation"], Value::Null, "the card is not rendered for every item");
    assert_eq!(db["data"], json!({ "uri": URI, "component": "db" }));
    let resolved = lsp.result("completionItem/resolve", db.clone());
    assert_eq!(resolved["documentation"]["kind"], "markdown");
    assert_eq!(
        resolved["documentation"]["value"],
        "### `db`\n\nComponent · PostgreSQL (`postgres`) · kinds: store, queue\n\n**Used by**\n\n- `create order` → `store`\n"
    );
    // A document closed meanwhile leaves the item as it was.
    lsp.notify("textDocument/didClose", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(lsp.result("completionItem/resolve", db.clone()), db);
}

#[test]
fn completion_offers_snippets_at_the_top_level() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, SHOP);
    let items = lsp.at("completion", URI, 6, 0);
    let items = items.as_array().unwrap();
    assert!(labels(&json!(items)).contains(&"component"));
    let snippet = items.iter().find(|item| item["insertTextFormat"] == 2).expect("an operation snippet");
    assert_eq!(snippet["kind"], 15);
    assert!(snippet["textEdit"]["newText"].as_str().unwrap().contains("${1"), "{snippet}");
}

#[test]
fn completion_sees_the_edits_sent_just_before_it() {
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, "component db: postgres\n");
    lsp.diagnostics(URI, 1);
    // Typed and asked for in one burst, as an editor does on a trigger character.
    lsp.change(URI, 2, &[(Some([1, 0, 1, 0]), "component cache")]);
    lsp.change(URI, 3, &[(Some([1, 15, 1, 15]), ":")]);
    let params = json!({
        "textDocument": { "uri": URI },
        "position": { "line": 1, "character": 16 },
        "context": { "triggerKind": 2, "triggerCharacter": ":" },
    });
    let list = lsp.result("textDocument/completion", params);
    // The catalog has more technologies than one answer holds: a list marked incomplete, which the editor
    // asks for again as the user types on.
    assert_eq!(list["isIncomplete"], true, "{list}");
    let items = &list["items"];
    assert!(labels(items).contains(&"redis"), "{items}");
    // Right after `:` the replaced range is empty and the text brings its own space.
    assert_eq!(items[0]["textEdit"]["range"], range_json([1, 16, 1, 16]));
}

#[test]
fn semantic_tokens_are_delta_encoded_in_the_negotiated_encoding() {
    let text = "component 日本_db: postgres\noperation \"x\" {\n  mechanism: insert\n  store: 日本_db\n}\n";
    let mut lsp = Lsp::new();
    lsp.open(URI, 1, text);
    let tokens = lsp.result("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": URI } }));
    #[rustfmt::skip]
    let utf16 = [
        0, 0, 9, 0, 0,  // `component` keyword
        0, 10, 5, 4, 1, // `日本_db` variable, declaration: 5 UTF-16 units
        0, 7, 8, 3, 2,  // `postgres` type, defaultLibrary
        1, 0, 9, 0, 0,  // `operation` keyword
        0, 10, 3, 5, 1, // `"x"` function, declaration
        1, 2, 9, 1, 0,  // `mechanism` property
        0, 11, 6, 2, 2, // `insert` enumMember, defaultLibrary
        1, 2, 5, 1, 0,  // `store` property
        0, 7, 5, 4, 0,  // `日本_db` variable
    ];
    assert_eq!(tokens["data"], json!(utf16.to_vec()));
    let range = json!({ "textDocument": { "uri": URI }, "range": range_json([2, 0, 3, 0]) });
    let tokens = lsp.result("textDocument/semanticTokens/range", range);
    assert_eq!(tokens["data"], json!([2, 2, 9, 1, 0, 0, 11, 6, 2, 2]));

    let (mut lsp, _) = Lsp::start(json!({ "general": { "positionEncodings": ["utf-8"] } }));
    lsp.open(URI, 1, text);
    let tokens = lsp.result("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": URI } }));
    // `日本_db` is 9 bytes.
    assert_eq!(
        tokens["data"].as_array().unwrap()[5..15],
        json!([0, 10, 9, 4, 1, 0, 11, 8, 3, 2]).as_array().unwrap()[..]
    );
    let unknown = json!({ "textDocument": { "uri": "file:///unknown.design" } });
    assert_eq!(lsp.result("textDocument/semanticTokens/full", unknown), Value::Null);
}

#[test]
fn commands_list_and_explain_the_mechanisms() {
    let mut lsp = Lsp::new();
    let mechanisms = lsp.result("workspace/executeCommand", json!({ "command": "design-ls.mechanisms" }));
    let names: Vec<&str> = mechanisms.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 15);
    assert_eq!(names[..4], ["insert", "versioned-overwrite", "guarded-update", "append-log"]);
    let explained =
        lsp.result("workspace/executeCommand", json!({ "command": "design-ls.explain", "arguments": ["due-scan"] }));
    assert_eq!(explained["title"], "Due Scan + Create Target");
    assert!(explained["markdown"].as_str().unwrap().starts_with("### Due Scan + Create Target"), "{explained}");
    let typo =
        lsp.request("workspace/executeCommand", json!({ "command": "design-ls.explain", "arguments": ["duescan"] }));
    assert_eq!(typo["error"]["code"], -32602);
    assert_eq!(typo["error"]["message"], "unknown mechanism `duescan`; did you mean `due-scan`?");
}
