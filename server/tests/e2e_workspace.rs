//! Workspaces on disk, against the real binary: the server reads the designs of its workspace folders at
//! start, a folder's files are one design, an edit in one file republishes the others it changes, files
//! changed behind its back are read again when the client says so, design.toml extends the catalog, and
//! nothing outside the folders is read.

mod common;

use common::cli::Scratch;
use common::{codes, Lsp};
use serde_json::{json, Value};
use std::process::Command;

const SHOP_COMPONENTS: &str = "system \"Shop\"\ncomponent orders_db: postgres\ncomponent spare: worker\n";
const SHOP_OPERATIONS: &str = "system \"Shop\"\noperation \"create order\" {\n  path: POST /orders\n  shape: create\n  mechanism: insert\n  store: orders_db\n  idempotency: natural-key\n}\n";

fn uri(path: &str) -> String {
    format!("file://{path}")
}

/// A server initialized on `folders` by a client that watches files and shows progress; the server's
/// requests to the client (registration, progress) are answered as a client would.
fn start(folders: &[&Scratch]) -> Lsp {
    let mut lsp = Lsp::spawn_command(Command::new(env!("CARGO_BIN_EXE_design-ls")));
    let workspace: Vec<Value> =
        folders.iter().map(|f| json!({ "uri": uri(f.path().to_str().unwrap()), "name": "ws" })).collect();
    let capabilities = json!({
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
        "window": { "workDoneProgress": true },
    });
    let params =
        json!({ "processId": null, "rootUri": null, "workspaceFolders": workspace, "capabilities": capabilities });
    lsp.result("initialize", params);
    lsp.notify("initialized", json!({}));
    lsp
}

/// Answers the server's next request for `method` with a null result, and returns its parameters.
fn answer(lsp: &mut Lsp, method: &str) -> Value {
    let request = lsp.wait_for(method, |m| m["method"] == method && m.get("id").is_some());
    lsp.send(json!({ "jsonrpc": "2.0", "id": request["id"], "result": null }));
    request["params"].clone()
}

/// The diagnostics the server publishes next for a file not open (version `null`).
fn disk_diagnostics(lsp: &mut Lsp, uri: &str) -> Vec<Value> {
    let message = lsp.wait_for(&format!("diagnostics for {uri}"), |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    message["params"]["diagnostics"].as_array().unwrap().clone()
}

fn watched(lsp: &mut Lsp, uri: &str, typ: u32) {
    lsp.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": uri, "type": typ }] }));
}

#[test]
fn a_folder_is_one_design_read_at_start_and_edits_reach_its_other_files() {
    let ws = Scratch::new("ws-design");
    let components = uri(&ws.write("shop/components.design", SHOP_COMPONENTS));
    let operations = uri(&ws.write("shop/operations.design", SHOP_OPERATIONS));
    let other = uri(&ws.write("billing/invoices.design", "component orders_db: postgres\n"));
    let quiet = uri(&ws.write("shop/notes.design", "# Nothing here refers to orders_db.\n"));
    let mut lsp = start(&[&ws]);
    let registration = answer(&mut lsp, "client/registerCapability");
    let globs: Vec<&Value> = registration["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| &w["globPattern"])
        .collect();
    assert_eq!(globs, [&json!("**/*.design"), &json!("**/design.toml")]);
    answer(&mut lsp, "window/workDoneProgress/create");
    let begin =
        lsp.wait_for("progress begin", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin");
    assert_eq!(begin["params"]["value"]["title"], "Reading designs");
    // Every file's diagnostics, unopened: the operations resolve the components of the sibling file, and
    // another folder is another design with its own unused component.
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &components)), ["unused-component"]);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &operations)), [] as [&str; 0]);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &other)), ["unused-component"]);
    lsp.wait_for("progress end", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");

    // The components and operations of every design, by name.
    let symbols = lsp.result("workspace/symbol", json!({ "query": "ORD" }));
    let found: Vec<(&Value, &Value, &Value)> =
        symbols.as_array().unwrap().iter().map(|s| (&s["name"], &s["location"]["uri"], &s["kind"])).collect();
    let (variable, function) = (json!(13), json!(12));
    assert_eq!(
        found,
        [
            (&json!("orders_db"), &json!(other), &variable),
            (&json!("orders_db"), &json!(components), &variable),
            (&json!("create order"), &json!(operations), &function),
        ]
    );

    // Definition crosses files.
    lsp.open(&operations, 1, SHOP_OPERATIONS);
    assert_eq!(codes(&lsp.diagnostics(&operations, 1)), [] as [&str; 0]);
    let definition = lsp.at("definition", &operations, 5, 10);
    assert_eq!(definition["uri"], components.as_str(), "{definition}");
    assert_eq!(definition["range"], common::range_json([1, 10, 1, 19]));
    let params = json!({
        "textDocument": { "uri": components }, "position": { "line": 1, "character": 12 },
        "context": { "includeDeclaration": true },
    });
    let references = lsp.result("textDocument/references", params);
    let found: Vec<(&Value, &Value)> =
        references.as_array().unwrap().iter().map(|r| (&r["uri"], &r["range"]["start"]["line"])).collect();
    assert_eq!(found, [(&json!(components), &json!(1)), (&json!(operations), &json!(5))]);

    // Renaming the declaration in the open buffer of one file makes the other's use undeclared: both are
    // republished; the other folder is not.
    lsp.open(&components, 1, SHOP_COMPONENTS);
    lsp.diagnostics(&components, 1);
    lsp.change(&components, 2, &[(Some([1, 10, 1, 19]), "order_db")]);
    assert_eq!(codes(&lsp.diagnostics(&components, 2)), ["unused-component", "unused-component"]);
    assert_eq!(codes(&lsp.diagnostics(&operations, 1)), ["undeclared-component"]);
    lsp.change(&components, 3, &[(Some([1, 10, 1, 18]), "orders_db")]);
    assert_eq!(codes(&lsp.diagnostics(&components, 3)), ["unused-component"]);
    assert_eq!(codes(&lsp.diagnostics(&operations, 1)), [] as [&str; 0]);
    for unchanged in [&other, &quiet] {
        let published = lsp.history.iter().filter(|m| m["params"]["uri"] == unchanged.as_str()).count();
        assert_eq!(published, 1, "{unchanged} was published once, at start, its diagnostics never changing");
    }

    // Closing a buffer falls back to the file on disk.
    lsp.notify("textDocument/didClose", json!({ "textDocument": { "uri": components } }));
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &components)), ["unused-component"]);
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn files_changed_behind_the_servers_back_are_read_again() {
    let ws = Scratch::new("ws-watched");
    let path = ws.write("shop/shop.design", "component db: postgress\n");
    let shop = uri(&path);
    let mut lsp = start(&[&ws]);
    answer(&mut lsp, "client/registerCapability");
    answer(&mut lsp, "window/workDoneProgress/create");
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &shop)), ["unused-component", "unknown-technology"]);
    std::fs::write(&path, "component db: postgres\n").unwrap();
    watched(&mut lsp, &shop, 2);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &shop)), ["unused-component"]);
    // A new file in the folder joins the design; a deleted one leaves it, and its diagnostics are cleared.
    let added = uri(&ws.write("shop/more.design", "operation \"o\" {\n  mechanism: insert\n  store: db\n}\n"));
    watched(&mut lsp, &added, 1);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &shop)), [] as [&str; 0]);
    std::fs::remove_file(ws.path().join("shop/more.design")).unwrap();
    watched(&mut lsp, &added, 3);
    assert_eq!(disk_diagnostics(&mut lsp, &added), [] as [Value; 0]);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &shop)), ["unused-component"]);
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn a_symlink_inside_the_workspace_is_read_at_start_and_again_when_it_changes() {
    let ws = Scratch::new("ws-link-inside");
    let real = ws.write("shared/real.design", "component db: postgress\n");
    std::fs::create_dir_all(ws.path().join("shop")).unwrap();
    std::os::unix::fs::symlink(&real, ws.path().join("shop/link.design")).unwrap();
    let link = uri(ws.path().join("shop/link.design").to_str().unwrap());
    let mut lsp = start(&[&ws]);
    answer(&mut lsp, "client/registerCapability");
    answer(&mut lsp, "window/workDoneProgress/create");
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &link)), ["unused-component", "unknown-technology"]);
    std::fs::write(&real, "component db: postgres\n").unwrap();
    watched(&mut lsp, &link, 2);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &link)), ["unused-component"]);
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn design_toml_extends_the_catalog_and_its_mistakes_are_shown_at_their_line() {
    let ws = Scratch::new("ws-toml");
    let shop = uri(&ws.write("shop/shop.design", "component ledger: ledger-db\n"));
    let toml = ws.write(
        "shop/design.toml",
        "[[technology]]\nid = \"ledger-db\"\ntitle = \"Ledger DB\"\nkinds = [\"store\"]\ndescription = \"Ours.\"\n\n[severity]\nunused-component = \"off\"\n",
    );
    let mut lsp = start(&[&ws]);
    answer(&mut lsp, "client/registerCapability");
    answer(&mut lsp, "window/workDoneProgress/create");
    assert_eq!(disk_diagnostics(&mut lsp, &uri(&toml)), [] as [Value; 0]);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &shop)), [] as [&str; 0]);
    // Hover shows the workspace's technology like a built-in one.
    lsp.open(&shop, 1, "component ledger: ledger-db\n");
    lsp.diagnostics(&shop, 1);
    let hover = lsp.at("hover", &shop, 0, 20);
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Ledger DB"), "{hover}");
    // A mistake: shown on the design.toml at its line; the built-in catalog and the valid rest still apply.
    std::fs::write(&toml, "[severity]\nunused-component = \"of\"\n").unwrap();
    watched(&mut lsp, &uri(&toml), 2);
    let problems = disk_diagnostics(&mut lsp, &uri(&toml));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "design-toml");
    assert_eq!(problems[0]["range"]["start"]["line"], 1);
    assert_eq!(codes(&lsp.diagnostics(&shop, 1)), ["unused-component", "unknown-technology"]);
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn a_workspace_mechanism_is_listed_and_explained_for_a_document_of_its_design() {
    let ws = Scratch::new("ws-mechanism");
    let toml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/config/valid.toml")).unwrap();
    ws.write("shop/design.toml", toml);
    let shop = uri(&ws.write("shop/shop.design", "component ledger_db: postgres\n"));
    let mut lsp = start(&[&ws]);
    answer(&mut lsp, "client/registerCapability");
    answer(&mut lsp, "window/workDoneProgress/create");
    disk_diagnostics(&mut lsp, &shop);
    let command = |command: &str, arguments: Value| json!({ "command": command, "arguments": arguments });
    let listed = lsp.result("workspace/executeCommand", command("design-ls.mechanisms", json!([shop])));
    let names: Vec<&str> = listed.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 16, "{names:?}");
    assert_eq!(names.last(), Some(&"ledger-post"));
    let card = lsp.result("workspace/executeCommand", command("design-ls.explain", json!(["ledger-post", shop])));
    assert_eq!(card["title"], "Ledger Post");
    let markdown = card["markdown"].as_str().unwrap();
    assert!(markdown.contains("Append a balanced posting"), "{card}");
    assert!(markdown.contains("this workspace's design.toml defines it"), "{card}");
    // Without a document, the built-in catalog.
    let builtin = lsp.request("workspace/executeCommand", command("design-ls.explain", json!(["ledger-post"])));
    assert_eq!(builtin["error"]["code"], -32602, "{builtin}");
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn each_workspace_folder_is_on_its_own() {
    let (one, two) = (Scratch::new("ws-root-one"), Scratch::new("ws-root-two"));
    one.write("design.toml", "[severity]\nunused-component = \"off\"\n");
    let quiet = uri(&one.write("a/a.design", "component spare: worker\n"));
    let loud = uri(&two.write("a/a.design", "component spare: worker\n"));
    let mut lsp = start(&[&one, &two]);
    answer(&mut lsp, "client/registerCapability");
    answer(&mut lsp, "window/workDoneProgress/create");
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &quiet)), [] as [&str; 0]);
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &loud)), ["unused-component"]);
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn nothing_outside_the_workspace_folders_is_read() {
    let (ws, outside) = (Scratch::new("ws-confined"), Scratch::new("ws-outside"));
    let secret = outside.write("secret.design", "component leaked: postgres\n");
    outside.write("design.toml", "[severity]\nunused-component = \"off\"\n");
    let inside = uri(&ws.write("shop/shop.design", "component spare: worker\n"));
    std::os::unix::fs::symlink(&secret, ws.path().join("shop/link.design")).unwrap();
    std::os::unix::fs::symlink(outside.path(), ws.path().join("away")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("design.toml"), ws.path().join("shop/design.toml")).unwrap();
    let mut lsp = start(&[&ws]);
    answer(&mut lsp, "client/registerCapability");
    answer(&mut lsp, "window/workDoneProgress/create");
    // The symlinked design.toml does not apply, and neither the linked file nor the linked folder joins.
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &inside)), ["unused-component"]);
    lsp.wait_for("progress end", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    // A change reported for a file outside, or behind a link, is not read either.
    watched(&mut lsp, &uri(&secret), 2);
    watched(&mut lsp, &uri(ws.path().join("shop/link.design").to_str().unwrap()), 2);
    watched(&mut lsp, &uri(ws.path().join("away/secret.design").to_str().unwrap()), 1);
    lsp.open(&inside, 1, "component spare: worker\n");
    assert_eq!(codes(&lsp.diagnostics(&inside, 1)), ["unused-component"]);
    let published: Vec<&Value> = lsp
        .history
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| &m["params"]["uri"])
        .collect();
    assert!(published.iter().all(|uri| uri.as_str().unwrap().starts_with(&format!("file://{}", ws.path().display()))));
    assert!(
        !published
            .iter()
            .any(|uri| uri.as_str().unwrap().contains("link.design") || uri.as_str().unwrap().contains("away")),
        "{published:?}"
    );
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

/// A server whose client answers `workspace/configuration` with `settings` (the `design` section).
fn start_with_settings(ws: &Scratch, settings: Value) -> Lsp {
    let mut lsp = Lsp::spawn_command(Command::new(env!("CARGO_BIN_EXE_design-ls")));
    let folder = json!({ "uri": uri(ws.path().to_str().unwrap()), "name": "ws" });
    let params = json!({
        "processId": null, "rootUri": null, "workspaceFolders": [folder],
        "capabilities": { "workspace": { "configuration": true } },
    });
    lsp.result("initialize", params);
    lsp.notify("initialized", json!({}));
    answer_configuration(&mut lsp, settings);
    lsp
}

fn answer_configuration(lsp: &mut Lsp, settings: Value) {
    let request = lsp.wait_for("workspace/configuration", |m| m["method"] == "workspace/configuration");
    assert_eq!(request["params"]["items"], json!([{ "section": "design" }]));
    lsp.send(json!({ "jsonrpc": "2.0", "id": request["id"], "result": [settings] }));
}

#[test]
fn settings_set_levels_and_an_extra_catalog_and_say_what_is_wrong() {
    let ws = Scratch::new("ws-settings");
    ws.write(
        "shared/design.toml",
        "[[technology]]\nid = \"ledger-db\"\ntitle = \"Ledger DB\"\nkinds = [\"store\"]\ndescription = \"Ours.\"\n",
    );
    let shop = uri(&ws.write("shop/shop.design", "component ledger: ledger-db\n"));
    let settings =
        json!({ "severity": { "unused-component": "off", "unused-componnt": "off" }, "catalog": "shared/design.toml" });
    let mut lsp = start_with_settings(&ws, settings);
    let warning = lsp.notification("window/showMessage");
    assert_eq!(
        warning["params"]["message"],
        "design.severity: `unused-componnt` is not a diagnostic code; did you mean `unused-component`?"
    );
    lsp.open(&shop, 1, "component ledger: ledger-db\n");
    let clean = |lsp: &mut Lsp| {
        let hover = lsp.at("hover", &shop, 0, 20);
        hover["contents"]["value"].as_str().is_some_and(|card| card.contains("Ledger DB"))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !clean(&mut lsp) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(clean(&mut lsp), "the extra catalog's technology is known");
    lsp.change(&shop, 2, &[(Some([0, 0, 0, 0]), "")]);
    assert_eq!(codes(&lsp.diagnostics(&shop, 2)), [] as [&str; 0]);
    // The extra catalog is read again when it changes on disk, for every design.
    let shared = ws.write(
        "shared/design.toml",
        "[[technology]]\nid = \"other-db\"\ntitle = \"Other\"\nkinds = [\"store\"]\ndescription = \"Ours.\"\n",
    );
    watched(&mut lsp, &uri(&shared), 2);
    lsp.wait_for("the extra catalog without ledger-db", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == shop.as_str()
            && codes(m["params"]["diagnostics"].as_array().unwrap()) == ["unknown-technology"]
    });
    // New settings are pulled again: without them, the built-in catalog and levels.
    lsp.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    answer_configuration(&mut lsp, json!({}));
    lsp.wait_for("the built-in levels again", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == shop.as_str()
            && codes(m["params"]["diagnostics"].as_array().unwrap()) == ["unused-component", "unknown-technology"]
    });
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}

#[test]
fn a_file_opened_on_its_own_reads_its_siblings() {
    let (folder, outside) = (Scratch::new("ws-alone"), Scratch::new("ws-alone-outside"));
    folder.write("components.design", SHOP_COMPONENTS);
    let operations = uri(&folder.write("operations.design", SHOP_OPERATIONS));
    outside.write("linked.design", "component orders_db: redis\n");
    std::os::unix::fs::symlink(outside.path().join("linked.design"), folder.path().join("linked.design")).unwrap();
    // No workspace folder: the client opened one file.
    let mut lsp = Lsp::new();
    lsp.open(&operations, 1, SHOP_OPERATIONS);
    lsp.wait_for("the operations resolved against the sibling file", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == operations.as_str()
            && m["params"]["diagnostics"] == json!([])
    });
    let components = uri(folder.path().join("components.design").to_str().unwrap());
    assert_eq!(codes(&disk_diagnostics(&mut lsp, &components)), ["unused-component"]);
    // The symlink out of the folder is not read: no duplicate `orders_db`.
    let definition = lsp.at("definition", &operations, 5, 10);
    assert_eq!(definition["uri"], components.as_str(), "{definition}");
    assert!(!lsp.history.iter().any(|m| m["params"]["uri"].as_str().is_some_and(|u| u.contains("linked"))));
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0));
}
