//! Checks on one operation: the keys every operation may carry, and which roles its mechanism needs.

use super::{allow, did_you_mean, paths, roles, rules, unknown, Sink};
use crate::analysis::{operation_keys, Analysis, Code};
use crate::catalog::{or_list_quoted, Catalog, Mechanism, Role};
use crate::syntax::{Field, Operation, Value};
use crate::text::echo;
use std::collections::HashSet;

/// Checks one operation on its own: everything but whether its name is unique.
pub(super) fn check(analysis: &Analysis, operation: &Operation, sink: &mut Sink) {
    let catalog = analysis.catalog();
    let mechanism = analysis.mechanism_of(operation);
    let mut keys = HashSet::new();
    for field in &operation.fields {
        let key = &field.key;
        let role = mechanism.and_then(|m| Some((m, m.role(&key.text)?)));
        let operation_key = if role.is_some() { None } else { operation_keys::meant(catalog, &key.text) };
        if let Some(meant) = operation_key.filter(|meant| *meant != key.text) {
            // The field stands for the key it misspells unless another field sets that key.
            let stands_for = operation_keys::field(catalog, operation, meant).is_some_and(|f| std::ptr::eq(f, field));
            sink.report(Code::UnknownRole, key.range.clone(), misspelled_key(&key.text, meant, stands_for));
            if !stands_for {
                record_uses(analysis, field, sink);
                continue;
            }
        }
        if !keys.insert(operation_key.unwrap_or(&key.text)) {
            sink.report(
                Code::DuplicateRole,
                key.range.clone(),
                format!("`{}` is already set in this operation; keep one `{}:` line", echo(&key.text), echo(&key.text)),
            );
            record_uses(analysis, field, sink);
            continue;
        }
        match (operation_key, role) {
            (Some("mechanism"), _) => check_mechanism(catalog, field, sink),
            (Some("shape"), _) => check_shape(catalog, field, mechanism, sink),
            (Some("path"), _) => paths::check(field, sink),
            (Some("allow"), _) => allow::check(field, sink),
            (Some(_), _) => {}
            (None, Some((mechanism, role))) => roles::check(analysis, mechanism, role, field, sink),
            // Without a known mechanism there is no list of roles to check keys against.
            (None, None) => {
                if let Some(mechanism) = mechanism {
                    unknown_role(catalog, mechanism, field, sink);
                }
                record_uses(analysis, field, sink);
            }
        }
    }
    match (mechanism, operation_keys::field(catalog, operation, "mechanism")) {
        (Some(mechanism), Some(mechanism_field)) => {
            let anchor = mechanism_field.value.as_ref().map_or(mechanism_field.key.range.clone(), Value::range);
            for role in mechanism.roles.iter().filter(|r| r.required && operation.field(&r.key).is_none()) {
                if !needless(analysis, operation, role) {
                    sink.report(Code::MissingRole, anchor.clone(), missing_role(catalog, mechanism, role));
                }
            }
            rules::check(analysis, mechanism, operation, sink);
        }
        (_, None) => sink.report(
            Code::MissingMechanism,
            operation.name.range.clone(),
            format!(
                "operation \"{}\" has no `mechanism`; name the base mechanism this write path relies on{}",
                echo(&operation.name.text),
                shape_hint(catalog, operation)
            ),
        ),
        (None, Some(_)) => {}
    }
    rules::check_any(catalog, operation, sink);
}

/// Whether a required role is not needed here: the component of the role it depends on has the
/// guarantee that stands in for it (a lease that expires by itself needs no reclaimer).
fn needless(analysis: &Analysis, operation: &Operation, role: &Role) -> bool {
    let Some(when) = &role.needless_when else { return false };
    let Some(word) = operation.field(&when.role).and_then(Field::single_word) else { return false };
    let Some((_, component)) = analysis.component(&word.text) else { return false };
    analysis.guarantees_of(component).is_some_and(|g| g.has(when.has))
}

/// "`mechansim` is not a key of an operation; did you mean `mechanism`?", and when another field sets
/// that key already, that one of them has to go.
fn misspelled_key(key: &str, meant: &str, stands_for: bool) -> String {
    let message = format!("`{}` is not a key of an operation; did you mean `{meant}`?", echo(key));
    if stands_for {
        message
    } else {
        format!("{message} This operation sets `{meant}` already: keep one `{meant}:` line")
    }
}

/// Components named by a field that is not checked as a role (unknown mechanism or key, repeated key)
/// still count as used: the error is reported once, not echoed as an unused component.
fn record_uses(analysis: &Analysis, field: &Field, sink: &mut Sink) {
    let Some(Value::List(atoms)) = &field.value else { return };
    for atom in atoms {
        if let Some((index, _)) = analysis.component(&atom.token().text) {
            let range = atom.token().range.clone();
            sink.uses.push((index, range));
        }
    }
}

fn missing_role(catalog: &Catalog, mechanism: &Mechanism, role: &Role) -> String {
    format!("{} needs `{}`: {}; it takes {}", mechanism.id, role.key, role.missing, role.accepts_phrase(catalog))
}

/// ", e.g. `mechanism: counter`" from the shape's best fit, or a generic example.
fn shape_hint(catalog: &Catalog, operation: &Operation) -> String {
    let shape = operation_keys::field(catalog, operation, "shape")
        .and_then(Field::single_word)
        .and_then(|s| catalog.shape(&s.text));
    match shape {
        Some(shape) => format!("; shape `{}` is realized by {}", shape.id, or_list_quoted(&shape.mechanisms)),
        None => ", e.g. `mechanism: insert`".to_string(),
    }
}

fn check_mechanism(catalog: &Catalog, field: &Field, sink: &mut Sink) {
    let Some(value) = &field.value else {
        sink.report(
            Code::MissingValue,
            field.key.range.clone(),
            format!(
                "`mechanism` has no value; name one of the {} base mechanisms, e.g. `insert` or `materialized-view`",
                catalog.mechanisms.len()
            ),
        );
        return;
    };
    let Some(word) = value.single_word() else {
        sink.report(Code::InvalidValue, value.range(), "`mechanism` takes one mechanism name, e.g. `insert`");
        return;
    };
    if catalog.mechanism(&word.text).is_none() {
        let known: Vec<String> = catalog.mechanisms.iter().map(|m| m.id.clone()).collect();
        let message = unknown("mechanism", &word.text, &known, "the base mechanisms are");
        sink.report(Code::UnknownMechanism, word.range.clone(), message);
    }
}

fn check_shape(catalog: &Catalog, field: &Field, mechanism: Option<&Mechanism>, sink: &mut Sink) {
    let all = || catalog.shapes.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let Some(value) = &field.value else {
        sink.report(
            Code::MissingValue,
            field.key.range.clone(),
            format!("`shape` has no value; the shapes are {}", or_list_quoted(&all())),
        );
        return;
    };
    let Some(word) = value.single_word() else {
        sink.report(Code::InvalidValue, value.range(), "`shape` takes one write shape, e.g. `create`");
        return;
    };
    let Some(shape) = catalog.shape(&word.text) else {
        let message = unknown("shape", &word.text, &all(), "the shapes are");
        sink.report(Code::UnknownShape, word.range.clone(), message);
        return;
    };
    let Some(mechanism) = mechanism else { return };
    if !shape.mechanisms.contains(&mechanism.id) {
        let fits: Vec<String> =
            catalog.shapes.iter().filter(|s| s.mechanisms.contains(&mechanism.id)).map(|s| s.id.clone()).collect();
        sink.report(
            Code::ShapeMismatch,
            word.range.clone(),
            format!(
                "shape `{}` does not fit {}: `{}` is realized by {}, and {} realizes {}",
                shape.id,
                mechanism.id,
                shape.id,
                or_list_quoted(&shape.mechanisms),
                mechanism.id,
                or_list_quoted(&fits)
            ),
        );
    }
}

fn unknown_role(catalog: &Catalog, mechanism: &Mechanism, field: &Field, sink: &mut Sink) {
    let keys: Vec<String> = mechanism.roles.iter().map(|r| r.key.clone()).collect();
    let hint = did_you_mean(&field.key.text, keys.iter().map(String::as_str));
    let message = if hint.is_empty() {
        let operation_keys: Vec<String> = catalog.operation_keys.iter().map(|k| k.key.clone()).collect();
        format!(
            "`{}` is not a role of {}; {} takes {}, and every operation may set {}",
            echo(&field.key.text),
            mechanism.id,
            mechanism.id,
            or_list_quoted(&keys),
            or_list_quoted(&operation_keys)
        )
    } else {
        format!("`{}` is not a role of {}{hint}", echo(&field.key.text), mechanism.id)
    };
    sink.report(Code::UnknownRole, field.key.range.clone(), message);
}
