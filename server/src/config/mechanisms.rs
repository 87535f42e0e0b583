//! The `[[mechanism]]` entries that apply: each checked against the built-in catalog, the ones before
//! it, and what the analysis relies on in a mechanism's roles and flow.

use super::file::MechanismEntry;
use super::ids::{unwritable, writable};
use super::problem::Problem;
use super::tree::{get, items, items_under, key_range, value_range, Node};
use crate::catalog::{and_list, Catalog, Mechanism, Origin, Role};
use crate::suggest::closest;
use crate::text::echo;
use std::collections::{BTreeMap, HashSet};

/// The mechanisms of `entries` that apply, and the shapes they realize (shape id → mechanism ids, in
/// file order); `nodes` are their tables in the document.
pub fn mechanisms(
    entries: Vec<MechanismEntry>,
    nodes: &[Node],
    problems: &mut Vec<Problem>,
) -> (Vec<Mechanism>, BTreeMap<String, Vec<String>>) {
    let builtin = Catalog::builtin();
    let mut kept: Vec<Mechanism> = Vec::new();
    let mut ids = HashSet::new();
    let mut shapes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (entry, node) in entries.into_iter().zip(nodes) {
        let before = problems.len();
        let id = value_range(node, "id");
        let shown = echo(&entry.id);
        if !writable(&entry.id) {
            problems.push(Problem::error(id, unwritable(&entry.id, "after `mechanism:` in an operation")));
        } else if builtin.mechanism(&entry.id).is_some() {
            let message = format!("`{shown}` is a built-in mechanism: choose another id (design.toml adds mechanisms, it cannot replace one)");
            problems.push(Problem::error(id, message));
        } else if ids.contains(&entry.id) {
            let message =
                format!("mechanism `{shown}` is already defined above in this file: rename or remove this one");
            problems.push(Problem::error(id, message));
        }
        check_roles(&entry, node, problems);
        check_flow(&entry, node, problems);
        if problems.len() > before {
            continue;
        }
        ids.insert(entry.id.clone());
        for shape in &entry.shapes {
            shapes.entry(shape.clone()).or_default().push(entry.id.clone());
        }
        kept.push(Mechanism {
            id: entry.id,
            number: 0,
            title: entry.title,
            origin: Origin::Workspace,
            summary: entry.summary,
            used_for: entry.used_for,
            realization: entry.realization,
            mental_model: entry.mental_model,
            explanation: entry.explanation,
            family: entry.family,
            roles: entry.roles,
            flow: entry.flow,
        });
    }
    (kept, shapes)
}

/// What the analysis and the cards take for granted of every role, as the built-in catalog's tests
/// check it of the built-in ones.
fn check_roles(entry: &MechanismEntry, node: &Node, problems: &mut Vec<Problem>) {
    let operation_keys = &Catalog::builtin().operation_keys;
    let mut keys = HashSet::new();
    for (role, node) in entry.roles.iter().zip(items_under(node, "role")) {
        let key = value_range(node, "key");
        let shown = echo(&role.key);
        if !writable(&role.key) {
            problems.push(Problem::error(key.clone(), unwritable(&role.key, "before `:` in an operation")));
        } else if operation_keys.iter().any(|k| k.key == role.key) {
            let message = format!("`{shown}` is a key every operation has: name the role otherwise");
            problems.push(Problem::error(key.clone(), message));
        } else if !keys.insert(role.key.as_str()) {
            let message = format!("`{shown}` is already a role of this mechanism: rename or remove this one");
            problems.push(Problem::error(key.clone(), message));
        }
        if role.kinds.is_empty() && role.words.is_empty() && !role.duration && !role.column {
            let message = format!(
                "role `{shown}` accepts nothing an operation could give it: add `kinds`, `words`, `duration = true` or `column = true`"
            );
            problems.push(Problem::error(key.clone(), message));
        }
        if role.kinds.len() > 1 && role.kinds.iter().any(|k| k == "any") {
            let message = "`any` accepts every kind already: write `kinds = [\"any\"]` alone";
            problems.push(Problem::error(value_range(node, "kinds"), message));
        }
        if role.required && role.missing.trim().is_empty() {
            let message = format!(
                "required role `{shown}` lacks `missing`: say what a design loses without it, for the `missing-role` warning"
            );
            problems.push(Problem::error(value_range(node, "required"), message));
        }
        if role.truth && role.derived {
            let message =
                "a role holds the source of truth or data derived from it, not both: keep `truth` or `derived`";
            problems.push(Problem::error(key_range(node, "derived").unwrap_or(key.clone()), message));
        }
        if let Some(when) = &role.needless_when {
            if !role.required {
                let message = "an optional role is never missing, so `needless_when` never applies: make the role required or remove `needless_when`";
                problems.push(Problem::error(key_range(node, "needless_when").unwrap_or(key.clone()), message));
            }
            if let Some(when_node) = get(node, "needless_when") {
                check_role_named(&when.role, entry, value_range(when_node, "role"), problems);
            }
        }
        for (need, need_node) in role.needs.iter().zip(items_under(node, "needs")) {
            if let (Some(unless), Some(unless_node)) = (&need.unless, get(need_node, "unless")) {
                check_role_named(&unless.role, entry, value_range(unless_node, "role"), problems);
            }
        }
    }
}

/// Every chain of the flow has an edge, and names roles that take components.
fn check_flow(entry: &MechanismEntry, node: &Node, problems: &mut Vec<Problem>) {
    for (chain, chain_node) in entry.flow.iter().zip(items_under(node, "flow")) {
        if chain.len() < 2 {
            let message =
                "a chain of `flow` needs two roles or more: it lists roles in the order data moves through them";
            problems.push(Problem::error(chain_node.span(), message));
        }
        for (key, key_node) in chain.iter().zip(items(chain_node)) {
            match role(entry, key) {
                Some(role) if !role.accepts_components() => {
                    let message = format!(
                        "`{}` takes no component, so no data moves through it: take it out of `flow`",
                        echo(key)
                    );
                    problems.push(Problem::error(key_node.span(), message));
                }
                Some(_) => {}
                None => check_role_named(key, entry, key_node.span(), problems),
            }
        }
    }
}

fn role<'a>(entry: &'a MechanismEntry, key: &str) -> Option<&'a Role> {
    entry.roles.iter().find(|r| r.key == key)
}

/// `key`, written at `range`, must name a role of the mechanism.
fn check_role_named(key: &str, entry: &MechanismEntry, range: std::ops::Range<usize>, problems: &mut Vec<Problem>) {
    if role(entry, key).is_some() {
        return;
    }
    let mut keys: Vec<&str> = Vec::new();
    for role in &entry.roles {
        if !keys.contains(&role.key.as_str()) {
            keys.push(&role.key);
        }
    }
    let message = match closest(key, keys.iter().copied()) {
        Some(meant) => format!("`{}` is not a role of `{}`; did you mean `{meant}`?", echo(key), echo(&entry.id)),
        None => {
            let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            format!("`{}` is not a role of `{}`, whose roles are {}", echo(key), echo(&entry.id), and_list(&quoted))
        }
    };
    problems.push(Problem::error(range, message));
}
