//! The `[[technology]]` entries that apply: each checked against the built-in catalog and the ones
//! before it.

use super::file::TechnologyEntry;
use super::ids::{unwritable, writable};
use super::problem::Problem;
use super::tree::{key_range, value_range, Node};
use crate::catalog::{Catalog, Technology};
use crate::text::echo;
use std::collections::HashSet;

/// The technologies of `entries` that apply; `nodes` are their tables in the document.
pub fn technologies(entries: Vec<TechnologyEntry>, nodes: &[Node], problems: &mut Vec<Problem>) -> Vec<Technology> {
    let builtin = Catalog::builtin();
    let mut kept: Vec<Technology> = Vec::new();
    let mut ids = HashSet::new();
    for (entry, node) in entries.into_iter().zip(nodes) {
        let id = value_range(node, "id");
        let shown = echo(&entry.id);
        let mistake = if !writable(&entry.id) {
            Some(unwritable(&entry.id, "after `component NAME:` in a design"))
        } else if ids.contains(&entry.id) {
            Some(format!("technology `{shown}` is already defined above in this file: rename or remove this one"))
        } else {
            match (builtin.technology(&entry.id), entry.replaces_builtin) {
                (Some(replaced), false) => Some(format!(
                    "`{shown}` is a built-in technology ({}): add `replaces_builtin = true` to replace it, or choose another id",
                    replaced.title
                )),
                (None, true) => {
                    let flag = key_range(node, "replaces_builtin").unwrap_or(id.clone());
                    let message = format!("there is no built-in technology `{shown}` to replace: remove `replaces_builtin`");
                    problems.push(Problem::warning(flag, message));
                    None
                }
                _ => None,
            }
        };
        match mistake {
            Some(message) => problems.push(Problem::error(id, message)),
            None => {
                ids.insert(entry.id.clone());
                kept.push(Technology {
                    id: entry.id,
                    title: entry.title,
                    kinds: entry.kinds,
                    description: entry.description,
                    guarantees: entry.guarantees,
                    hosted: false,
                });
            }
        }
    }
    kept
}
