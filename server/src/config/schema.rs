//! design.toml's JSON Schema, generated from the types that read the file ([`super::file`]). The server
//! checks a file against it and editors validate and complete with it (the copy checked in at
//! `editors/vscode/schemas/design.schema.json`, compared with this one by a test), so both report the same
//! mistakes.

use super::file::{File, Level};
use crate::analysis::Code;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

/// The schema of design.toml, generated once.
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        // Draft 7 is the newest draft that every TOML-aware editor reads.
        let settings = SchemaSettings::draft07().with_transform(RecursiveTransform(never_null));
        settings.into_generator().into_root_schema_for::<File>().to_value()
    })
}

/// TOML has no null: an `Option` is a key the table may leave out, not a value that may be null.
fn never_null(schema: &mut Schema) {
    let Some(Value::Array(alternatives)) = schema.get_mut("anyOf") else { return };
    alternatives.retain(|alternative| alternative != &json!({ "type": "null" }));
    if let [only] = alternatives.as_slice() {
        // Beside a description, a draft 7 `$ref` stands in an `allOf`.
        let only = json!([only]);
        schema.remove("anyOf");
        schema.insert("allOf".to_string(), only);
    }
}

/// The schema as the checked-in file holds it.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(schema()).expect("a schema is JSON");
    text.push('\n');
    text
}

/// The `[severity]` table: a level per diagnostic code, each described by what it reports, and no other
/// key.
pub fn severities(generator: &mut SchemaGenerator) -> Schema {
    let level = generator.subschema_for::<Level>();
    let codes: Map<String, Value> = Code::ALL
        .iter()
        .map(|code| {
            let about = format!("Reported when {} (default: {}).", code.summary(), code.severity().as_str());
            (code.as_str().to_string(), json!({ "allOf": [level], "description": about }))
        })
        .collect();
    let names: Vec<Value> = Code::ALL.iter().map(|code| json!(code.as_str())).collect();
    json_schema!({
        "type": "object",
        "properties": codes,
        "propertyNames": {
            "title": "diagnostic code",
            "description": "The codes are the words `design-ls check` shows in brackets; the README's Diagnostics table lists them all.",
            "enum": names,
        },
        "additionalProperties": false,
    })
}
