//! Checks a parsed design.toml against its JSON Schema ([`super::schema`]) and keeps what passes. Every
//! mistake is reported at its key or value; an entry that has one (one `[[technology]]`, one
//! `[[mechanism]]`, one severity) is left out, and the rest of the file still applies.
//!
//! It reads the part of JSON Schema that schemars writes for the types of [`super::file`]: `$ref`,
//! `allOf`, `anyOf`, `oneOf`, `type`, `enum`, `const`, `title`, `properties`, `required`,
//! `additionalProperties: false`, `propertyNames`, `items` and `minItems`. A test makes sure the schema
//! uses no other rule, so nothing an editor checks goes unchecked here.

use super::problem::Problem;
use super::schema::schema;
use super::tree::{type_phrase, Node};
use crate::catalog::{and_list, or_list, or_list_quoted, with_article};
use crate::suggest::closest;
use crate::text::echo;
use serde_json::Value;
use std::ops::Range;
use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

/// The most values a message lists; past it, the schema's description says where to find them.
const MOST_LISTED: usize = 16;

/// The document without the entries that have a mistake; each mistake is added to `problems`.
pub fn keep_valid<'i>(document: DeTable<'i>, problems: &mut Vec<Problem>) -> DeTable<'i> {
    let mut check = Check { root: schema(), problems };
    document.into_iter().filter_map(|(key, node)| check.keep(&key, node).map(|node| (key, node))).collect()
}

/// Where a value is: under `key`, written at `key_range`, in the table at `table` (its dotted keys, empty
/// at the top), and when `item`, one of the items of the array there.
#[derive(Clone, Copy)]
struct Place<'a> {
    table: &'a str,
    key: &'a str,
    key_range: (usize, usize),
    item: bool,
}

impl<'a> Place<'a> {
    fn of(table: &'a str, key: &'a Spanned<DeString>) -> Self {
        let range = key.span();
        Place { table, key: key.get_ref(), key_range: (range.start, range.end), item: false }
    }

    /// Where a table at this place is pointed at: the item of an array, else the key it is under.
    fn table_range(&self, span: Range<usize>) -> Range<usize> {
        if self.item {
            span
        } else {
            self.key_range.0..self.key_range.1
        }
    }

    /// The dotted keys of the value itself (`mechanism.role`), which name a table written there.
    fn path(&self) -> String {
        if self.table.is_empty() {
            self.key.to_string()
        } else {
            format!("{}.{}", self.table, self.key)
        }
    }
}

struct Check<'a> {
    root: &'static Value,
    problems: &'a mut Vec<Problem>,
}

impl Check<'_> {
    /// What stays of a top-level value: the items of an array and the entries of a table that pass,
    /// each on its own; any other value whole or not at all.
    fn keep<'i>(&mut self, key: &Spanned<DeString>, node: Node<'i>) -> Option<Node<'i>> {
        let Some(schema) = self.property(self.root, key.get_ref()) else {
            self.unknown_key(key, self.root, "");
            return None;
        };
        let place = Place::of("", key);
        let span = node.span();
        let types = self.types(schema);
        match node.into_inner() {
            DeValue::Array(items) if types.contains(&"array") => {
                let (_, passed) = self.items(span.clone(), &items, schema, place);
                let kept = items.into_iter().zip(passed).filter_map(|(item, passed)| passed.then_some(item));
                Some(Spanned::new(span, DeValue::Array(kept.collect())))
            }
            DeValue::Table(table) if types.contains(&"object") => {
                let (_, passed) = self.entries(span.clone(), &table, schema, place);
                let kept = table.into_iter().zip(passed).filter_map(|(entry, passed)| passed.then_some(entry));
                Some(Spanned::new(span, DeValue::Table(kept.collect())))
            }
            value => {
                let node = Spanned::new(span, value);
                self.value(&node, schema, place).then_some(node)
            }
        }
    }

    /// Whether `node` is what `schema` describes; reports every way it is not.
    fn value(&mut self, node: &Node, schema: &'static Value, at: Place) -> bool {
        let types = self.types(schema);
        if !types.is_empty() && !types.iter().any(|t| admits(t, node.get_ref())) {
            self.wrong_type(node, schema, at);
            return false;
        }
        let (whole, parts) = match node.get_ref() {
            DeValue::String(text) => match self.values(schema) {
                Some(values) if !values.contains(&text.as_ref()) => {
                    self.not_one_of(node.span(), text, schema, at.key);
                    (false, Vec::new())
                }
                _ => (true, Vec::new()),
            },
            DeValue::Array(items) => self.items(node.span(), items, schema, at),
            DeValue::Table(table) => self.entries(node.span(), table, schema, at),
            _ => (true, Vec::new()),
        };
        whole && parts.into_iter().all(|passed| passed)
    }

    /// Checks an array at `span`: whether it is long enough, and whether each item passes.
    fn items(&mut self, span: Range<usize>, items: &[Node], schema: &'static Value, at: Place) -> (bool, Vec<bool>) {
        let long_enough = self.min_items(span, items.len(), schema, at);
        let item = self.find(schema, |s| s.get("items"));
        let at = Place { item: true, ..at };
        let passed = items.iter().map(|node| item.is_none_or(|item| self.value(node, item, at))).collect();
        (long_enough, passed)
    }

    /// Checks a table at `span`: whether it has every key it needs, and whether each entry passes.
    fn entries(&mut self, span: Range<usize>, table: &DeTable, schema: &'static Value, at: Place) -> (bool, Vec<bool>) {
        let path = at.path();
        let mut meant = Vec::new();
        let passed = table.iter().map(|(key, node)| self.entry(key, node, schema, &path, &mut meant)).collect();
        let complete = self.required(at.table_range(span), table, schema, at, &meant);
        (complete, passed)
    }

    /// Whether `key = node` belongs in the table at `path`, which `schema` describes, and its value
    /// passes; the key an unknown one is a typo of goes to `meant`.
    fn entry(
        &mut self,
        key: &Spanned<DeString>,
        node: &Node,
        schema: &'static Value,
        path: &str,
        meant: &mut Vec<&'static str>,
    ) -> bool {
        match self.property(schema, key.get_ref()) {
            Some(property) => self.value(node, property, Place::of(path, key)),
            None => {
                meant.extend(self.unknown_key(key, schema, path));
                false
            }
        }
    }

    fn property(&self, schema: &'static Value, key: &str) -> Option<&'static Value> {
        self.find(schema, |s| s.get("properties")?.get(key))
    }

    /// Whether `table` has every key `schema` requires, but for those a misspelled key stands for
    /// (`meant`), whose typo is reported already.
    fn required(
        &mut self,
        range: Range<usize>,
        table: &DeTable,
        schema: &'static Value,
        at: Place,
        meant: &[&str],
    ) -> bool {
        let required = self.find(schema, |s| s.get("required")?.as_array());
        let mut missing: Vec<&str> =
            required.into_iter().flatten().filter_map(Value::as_str).filter(|key| !table.contains_key(*key)).collect();
        let complete = missing.is_empty();
        missing.retain(|key| !meant.contains(key));
        if missing.is_empty() {
            return complete;
        }
        let path = at.path();
        let examples: Vec<String> = missing
            .iter()
            .map(|key| self.example(key, self.property(schema, key).unwrap_or(&Value::Null), &path))
            .collect();
        let message = format!("{} lacks {}: add {}", table_name(at), and_list(&quoted(&missing)), and_list(&examples));
        self.problems.push(Problem::error(range, message));
        false
    }

    fn min_items(&mut self, span: Range<usize>, len: usize, schema: &'static Value, at: Place) -> bool {
        let least = self.find(schema, |s| s.get("minItems")?.as_u64()).unwrap_or(0);
        if len as u64 >= least {
            return true;
        }
        let item = self.find(schema, |s| s.get("items"));
        let what = item.and_then(|item| self.title(item)).unwrap_or("item");
        self.problems.push(Problem::error(span, format!("`{}` is empty: give it at least one {what}", at.key)));
        false
    }

    /// A line to add for a missing `key`: "`title = \"…\"`", "a `[[mechanism.role]]` table".
    fn example(&self, key: &str, schema: &'static Value, path: &str) -> String {
        let dotted = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
        match self.types(schema).first().copied() {
            Some("boolean") => format!("`{key} = true` (or `false`)"),
            Some("object") => format!("a `[{dotted}]` table"),
            Some("array") => match self.find(schema, |s| s.get("items")).map(|item| self.types(item)) {
                Some(types) if types.contains(&"object") => format!("a `[[{dotted}]]` table"),
                Some(types) if types.contains(&"array") => format!("`{key} = [[\"…\", \"…\"]]`"),
                _ => format!("`{key} = [\"…\"]`"),
            },
            _ => format!("`{key} = \"…\"`"),
        }
    }

    /// Reports a key `schema` does not have; returns the one it is a typo of.
    fn unknown_key(&mut self, key: &Spanned<DeString>, schema: &'static Value, path: &str) -> Option<&'static str> {
        let (range, key): (_, &str) = (key.span(), key.get_ref());
        // A table whose keys are values of their own (the diagnostic codes of `[severity]`) names them so.
        if let Some(names) = self.find(schema, |s| s.get("propertyNames")) {
            self.not_one_of(range, key, names, path);
            return None;
        }
        let keys: Vec<&str> = self
            .find(schema, |s| s.get("properties")?.as_object())
            .map_or(Vec::new(), |properties| properties.keys().map(String::as_str).collect());
        let table = if path.is_empty() { "design.toml".to_string() } else { format!("`{path}`") };
        let meant = closest(key, keys.iter().copied());
        let message = match meant {
            Some(meant) => format!("`{}` is not a key of {table}; did you mean `{meant}`?", echo(key)),
            None => format!("`{}` is not a key of {table}, which takes {}", echo(key), and_list(&quoted(&keys))),
        };
        self.problems.push(Problem::error(range, message));
        meant
    }

    /// `text` is none of the values `schema` lists, under `key`.
    fn not_one_of(&mut self, span: Range<usize>, text: &str, schema: &'static Value, key: &str) {
        let values = self.values(schema).unwrap_or_default();
        let what = match self.title(schema) {
            Some(title) => with_article(title),
            None => format!("a value of `{key}`"),
        };
        let message = match (closest(text, values.iter().copied()), self.description(schema)) {
            (Some(meant), _) => format!("`{}` is not {what}; did you mean `{meant}`?", echo(text)),
            // Too many to list in a message: the schema says where they are.
            (None, Some(description)) if values.len() > MOST_LISTED => {
                format!("`{}` is not {what}. {description}", echo(text))
            }
            (None, _) => format!("`{}` is not {what}; use {}", echo(text), one_of(&values)),
        };
        self.problems.push(Problem::error(span, message));
    }

    fn wrong_type(&mut self, node: &Node, schema: &'static Value, at: Place) {
        let values = self.values(schema);
        let expected = match &values {
            Some(values) => one_of(values),
            None => self.expected(schema),
        };
        let subject = if at.item { format!("each item of `{}`", at.key) } else { format!("`{}`", at.key) };
        let mut message = format!("{subject} must be {expected}, not {}", type_phrase(node.get_ref()));
        let fix = match (self.types(schema).first().copied(), node.get_ref()) {
            (Some("array"), DeValue::Table(_)) if expected == "an array of tables" => {
                Some(format!("write the header `[[{}]]`, with two brackets, once per table", at.path()))
            }
            (Some("array"), DeValue::String(text)) if !at.item => Some(format!("write `[\"{}\"]`", echo(text))),
            (Some("string"), DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_))
                if values.is_none() =>
            {
                Some("put it in quotes".to_string())
            }
            (Some("boolean"), DeValue::String(text)) if text == "true" || text == "false" => {
                Some(format!("write `{text}` without quotes"))
            }
            _ => None,
        };
        if let Some(fix) = fix {
            message.push_str(": ");
            message.push_str(&fix);
        }
        self.problems.push(Problem::error(node.span(), message));
    }

    /// What `schema` takes, as a message says it: "true or false", "an array of strings".
    fn expected(&self, schema: &'static Value) -> String {
        let phrases: Vec<String> = self
            .types(schema)
            .into_iter()
            .filter_map(|t| match t {
                "string" => Some("a string".to_string()),
                "boolean" => Some("true or false".to_string()),
                "integer" => Some("a whole number".to_string()),
                "number" => Some("a number".to_string()),
                "object" => Some("a table".to_string()),
                "array" => Some(match self.find(schema, |s| s.get("items")).map(|item| self.types(item)) {
                    Some(types) if types.contains(&"object") => "an array of tables".to_string(),
                    Some(types) if types.contains(&"array") => "an array of arrays".to_string(),
                    Some(types) if types.contains(&"string") => "an array of strings".to_string(),
                    _ => "an array".to_string(),
                }),
                _ => None,
            })
            .collect();
        or_list(&phrases)
    }

    /// `schema` with its `$ref` followed.
    fn resolve(&self, schema: &'static Value) -> &'static Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = self.root.pointer(reference.trim_start_matches('#'));
                self.resolve(target.expect("schemars writes references that resolve"))
            }
            None => schema,
        }
    }

    /// The schemas `schema` combines with `allOf`, `anyOf` or `oneOf`.
    fn parts(&self, schema: &'static Value) -> impl Iterator<Item = &'static Value> {
        ["allOf", "anyOf", "oneOf"].into_iter().filter_map(|k| schema.get(k)?.as_array()).flatten()
    }

    /// The first thing `read` finds in `schema` or the schemas it combines.
    fn find<T>(&self, schema: &'static Value, read: impl Fn(&'static Value) -> Option<T> + Copy) -> Option<T> {
        let schema = self.resolve(schema);
        read(schema).or_else(|| self.parts(schema).find_map(|part| self.find(part, read)))
    }

    /// The JSON types `schema` admits; none when it does not say.
    fn types(&self, schema: &'static Value) -> Vec<&'static str> {
        let schema = self.resolve(schema);
        let mut types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => self.parts(schema).flat_map(|part| self.types(part)).collect(),
        };
        types.dedup();
        types
    }

    /// The strings `schema` allows, when it lists them.
    fn values(&self, schema: &'static Value) -> Option<Vec<&'static str>> {
        let schema = self.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return Some(values.iter().filter_map(Value::as_str).collect());
        }
        if let Some(value) = schema.get("const").and_then(Value::as_str) {
            return Some(vec![value]);
        }
        let lists: Vec<Vec<&str>> = self.parts(schema).filter_map(|part| self.values(part)).collect();
        (!lists.is_empty()).then(|| lists.concat())
    }

    /// What the values of `schema` are called ("kind"), when it says.
    fn title(&self, schema: &'static Value) -> Option<&'static str> {
        self.find(schema, |s| s.get("title")?.as_str())
    }

    fn description(&self, schema: &'static Value) -> Option<&'static str> {
        self.find(schema, |s| s.get("description")?.as_str())
    }
}

/// Whether a TOML value is of JSON type `t`.
fn admits(t: &str, value: &DeValue) -> bool {
    matches!(
        (t, value),
        ("string", DeValue::String(_))
            | ("boolean", DeValue::Boolean(_))
            | ("integer" | "number", DeValue::Integer(_))
            | ("number", DeValue::Float(_))
            | ("array", DeValue::Array(_))
            | ("object", DeValue::Table(_))
    )
}

/// How a message names the table at `at`: "this `technology`" for one of an array, "`technology.guarantees`".
fn table_name(at: Place) -> String {
    if at.item {
        format!("this `{}`", at.path())
    } else {
        format!("`{}`", at.path())
    }
}

fn quoted(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| format!("`{item}`")).collect()
}

/// "`a`, `b` or `c`".
fn one_of(values: &[&str]) -> String {
    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    or_list_quoted(&values)
}
