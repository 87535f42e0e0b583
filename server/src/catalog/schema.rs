//! The ids of catalog data as JSON Schema enums: a field that names a kind, family or shape stays a `String`
//! in Rust and takes `#[schemars(with = …)]` one of these, so that a schema lists exactly the ids the
//! built-in catalog has, each with its description, for editors to complete and validate.

use super::Catalog;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};
use std::borrow::Cow;

/// A kind of component (`store`, `queue`, …).
pub struct KindId;

/// A kind a role accepts: a kind of component, or `any`.
pub struct RoleKindId;

/// A quick-grouping family (`store-centered`, …).
pub struct FamilyId;

/// A shape of operation (`create`, `derive`, …).
pub struct ShapeId;

/// One string value per `(id, description)`, with `title` naming what they are in messages.
fn one_of(title: &str, ids: impl IntoIterator<Item = (String, String)>) -> Schema {
    let values: Vec<Value> = ids.into_iter().map(|(id, about)| json!({ "const": id, "description": about })).collect();
    json_schema!({ "title": title, "type": "string", "oneOf": values })
}

fn kinds() -> Vec<(String, String)> {
    Catalog::builtin().kinds.iter().map(|k| (k.id.clone(), format!("{}: {}", k.title, k.about))).collect()
}

impl JsonSchema for KindId {
    fn schema_name() -> Cow<'static, str> {
        "Kind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        one_of("kind", kinds())
    }
}

impl JsonSchema for RoleKindId {
    fn schema_name() -> Cow<'static, str> {
        "RoleKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let any = ("any".to_string(), "Any kind of component; write it alone.".to_string());
        one_of("kind", kinds().into_iter().chain([any]))
    }
}

impl JsonSchema for FamilyId {
    fn schema_name() -> Cow<'static, str> {
        "Family".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        one_of(
            "family",
            Catalog::builtin().families.iter().map(|f| (f.id.clone(), format!("{}: {}", f.title, f.about))),
        )
    }
}

impl JsonSchema for ShapeId {
    fn schema_name() -> Cow<'static, str> {
        "Shape".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        one_of("shape", Catalog::builtin().shapes.iter().map(|s| (s.id.clone(), s.about.clone())))
    }
}
