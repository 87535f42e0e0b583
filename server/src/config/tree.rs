//! The parsed TOML as the checks walk it: every value with its byte range.

use std::ops::Range;
use toml::de::DeValue;
use toml::Spanned;

/// A value of the document and where it is written.
pub type Node<'i> = Spanned<DeValue<'i>>;

/// The value under `key` of a table.
pub fn get<'a, 'i>(node: &'a Node<'i>, key: &str) -> Option<&'a Node<'i>> {
    match node.get_ref() {
        DeValue::Table(table) => table.get(key),
        _ => None,
    }
}

/// Where `key` itself is written in a table.
pub fn key_range(node: &Node, key: &str) -> Option<Range<usize>> {
    match node.get_ref() {
        DeValue::Table(table) => table.get_key_value(key).map(|(key, _)| key.span()),
        _ => None,
    }
}

/// The items of an array; none for another value.
pub fn items<'a, 'i>(node: &'a Node<'i>) -> &'a [Node<'i>] {
    match node.get_ref() {
        DeValue::Array(items) => items,
        _ => &[],
    }
}

/// The items of the array under `key` of a table.
pub fn items_under<'a, 'i>(node: &'a Node<'i>, key: &str) -> &'a [Node<'i>] {
    get(node, key).map_or(&[], items)
}

/// Where the value under `key` of a table is written; where the table is when it has none.
pub fn value_range(node: &Node, key: &str) -> Range<usize> {
    get(node, key).unwrap_or(node).span()
}

/// The kind of a value as a message names it: "a string", "an array".
pub fn type_phrase(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}
