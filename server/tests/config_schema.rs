//! design.toml's JSON Schema: the copy editors use is the one the server checks with, it lists every id
//! an editor should complete, and it uses no rule the server does not check.
//!
//! After a change to the types in `server/src/config/file.rs`, the catalog or the diagnostic codes:
//! `DESIGN_LS_UPDATE_SCHEMA=1 cargo test -p design-ls --test config_schema`.

use design_ls::analysis::Code;
use design_ls::catalog::Catalog;
use design_ls::config::schema::{schema, schema_text};
use serde_json::Value;
use std::path::Path;

#[test]
fn the_checked_in_schema_is_the_generated_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode/schemas/design.schema.json");
    let generated = schema_text();
    if std::env::var_os("DESIGN_LS_UPDATE_SCHEMA").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is not what the types generate; DESIGN_LS_UPDATE_SCHEMA=1 cargo test -p design-ls --test config_schema rewrites it",
        path.display()
    );
}

/// The rules the server's check reads (`server/src/config/validate.rs`), and the words that only
/// describe.
const RULES: &[&str] = &[
    "$ref",
    "allOf",
    "anyOf",
    "oneOf",
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "minItems",
];
const WORDS: &[&str] = &["$schema", "definitions", "title", "description", "default"];

fn walk<'a>(schema: &'a Value, visit: &mut impl FnMut(&'a serde_json::Map<String, Value>)) {
    let Value::Object(object) = schema else { return };
    visit(object);
    for (key, value) in object {
        match (key.as_str(), value) {
            ("properties" | "definitions", Value::Object(named)) => named.values().for_each(|v| walk(v, visit)),
            (_, Value::Array(items)) => items.iter().for_each(|v| walk(v, visit)),
            (_, value) => walk(value, visit),
        }
    }
}

#[test]
fn the_schema_uses_only_rules_the_server_checks() {
    walk(schema(), &mut |object| {
        for key in object.keys() {
            assert!(
                RULES.contains(&key.as_str()) || WORDS.contains(&key.as_str()),
                "the server does not check `{key}`"
            );
        }
        // The check reads every table as closed, and an array's least length as "not empty".
        if let Some(additional) = object.get("additionalProperties") {
            assert_eq!(additional, &Value::Bool(false));
        }
        if let Some(least) = object.get("minItems") {
            assert_eq!(least, 1);
        }
    });
}

/// The string values a definition lists, in order.
fn values(name: &str) -> Vec<String> {
    let definition = &schema()["definitions"][name];
    let mut values = Vec::new();
    walk(definition, &mut |object| {
        if let Some(Value::String(value)) = object.get("const") {
            values.push(value.clone());
        }
        if let Some(Value::Array(listed)) = object.get("enum") {
            values.extend(listed.iter().filter_map(Value::as_str).map(String::from));
        }
    });
    values
}

#[test]
fn the_schema_lists_every_id_an_editor_completes() {
    let catalog = Catalog::builtin();
    let kinds: Vec<String> = catalog.kinds.iter().map(|k| k.id.clone()).collect();
    assert_eq!(values("Kind"), kinds);
    assert_eq!(values("RoleKind"), [kinds, vec!["any".to_string()]].concat());
    assert_eq!(values("Family"), catalog.families.iter().map(|f| f.id.clone()).collect::<Vec<_>>());
    assert_eq!(values("Shape"), catalog.shapes.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    assert_eq!(values("Level"), ["off", "hint", "info", "warning", "error"]);
    assert_eq!(values("Transactions"), ["none", "single-item", "multi-item"]);
    assert_eq!(values("Guarantee").len(), 10);
    let codes: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
    let severity = &schema()["properties"]["severity"];
    let keys: Vec<&str> = severity["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
    let names: Vec<&str> =
        severity["propertyNames"]["enum"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(names, codes);
}
