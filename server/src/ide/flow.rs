//! The data flow of an operation: its mechanism's chains of roles, with what the operation binds to each.
//! Hover cards write it as one line; a diagram can draw the same data.

use crate::analysis::{Analysis, Binding};
use crate::syntax::{Atom, Operation, Token, Value};

/// A role of the flow that the operation binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowNode<'a> {
    /// The role's key.
    pub role: &'a str,
    /// The names bound to the role, in order: one, or several for a list role.
    pub values: Vec<FlowValue<'a>>,
}

/// A name bound to a role, and what it resolved to: a component, a word the role accepts (`write-through`),
/// or a name that is neither (reported by the checks, shown as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowValue<'a> {
    pub token: &'a Token,
    pub binding: Binding,
}

/// The chains of the operation's flow, in the mechanism's order, each holding the roles the operation binds.
/// A role left unbound is skipped and its neighbours joined; a chain left with fewer than two roles shows
/// no movement and is dropped, as is one that repeats a chain before it. Empty without a known mechanism.
pub fn operation_flow<'a>(analysis: &'a Analysis, operation: &'a Operation) -> Vec<Vec<FlowNode<'a>>> {
    let Some(mechanism) = analysis.mechanism_of(operation) else { return Vec::new() };
    let mut chains: Vec<Vec<FlowNode>> = Vec::new();
    for chain in &mechanism.flow {
        let nodes: Vec<FlowNode> = chain
            .iter()
            .filter_map(|key| {
                let role = mechanism.role(key)?;
                let values = names(operation, key)
                    .map(|(atom, token)| FlowValue { token, binding: analysis.binding(role, atom) })
                    .collect::<Vec<_>>();
                (!values.is_empty()).then_some(FlowNode { role: role.key.as_str(), values })
            })
            .collect();
        if nodes.len() >= 2 && !chains.contains(&nodes) {
            chains.push(nodes);
        }
    }
    chains
}

/// The names the role's field holds (its first field, as the checks read it). Strings and numbers are
/// the wrong form for a role of the flow, which takes components, and name nothing.
fn names<'a>(operation: &'a Operation, key: &str) -> impl Iterator<Item = (&'a Atom, &'a Token)> {
    let atoms = match operation.field(key).and_then(|f| f.value.as_ref()) {
        Some(Value::List(atoms)) => atoms.as_slice(),
        _ => &[],
    };
    atoms.iter().filter_map(|atom| match atom {
        Atom::Word(token) => Some((atom, token)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze_text;
    use crate::catalog::Catalog;

    /// Each chain as `role=value,value` nodes joined by ` > `, with `*` after a name that is a component.
    fn flow(text: &str) -> Vec<String> {
        let analysis = analyze_text(text, Catalog::builtin());
        let operation = &analysis.file.operations[0];
        let chains = operation_flow(&analysis, operation);
        let node = |node: &FlowNode| {
            let values: Vec<String> = node
                .values
                .iter()
                .map(|v| match v.binding {
                    Binding::Component(_) => format!("{}*", v.token.text),
                    _ => v.token.text.clone(),
                })
                .collect();
            format!("{}={}", node.role, values.join(","))
        };
        chains.iter().map(|chain| chain.iter().map(node).collect::<Vec<_>>().join(" > ")).collect()
    }

    const COMPONENTS: &str = "component db: postgres\ncomponent bus: kafka\ncomponent w: worker\ncomponent c: redis\n";

    #[test]
    fn bound_roles_in_chain_order() {
        let text = format!(
            "{COMPONENTS}operation \"o\" {{\n  mechanism: materialized-view\n  view: c\n  worker: w\n  stream: bus\n  source: db\n}}\n"
        );
        assert_eq!(flow(&text), ["source=db* > stream=bus* > worker=w* > view=c*"]);
    }

    #[test]
    fn unbound_roles_are_skipped_and_empty_or_repeated_chains_dropped() {
        // `stream` is optional: its neighbours join. `rebuild` and `dead_letter` are unbound, so their chains
        // keep one role each and are dropped.
        let text = format!(
            "{COMPONENTS}operation \"o\" {{\n  mechanism: materialized-view\n  source: db\n  worker: w\n  view: c\n}}\n"
        );
        assert_eq!(flow(&text), ["source=db* > worker=w* > view=c*"]);
        // Without `invalidation`, source-read's second chain is its first again.
        let text = format!("{COMPONENTS}operation \"o\" {{\n  mechanism: source-read\n  store: db\n  cache: c\n}}\n");
        assert_eq!(flow(&text), ["store=db* > cache=c*"]);
    }

    #[test]
    fn words_lists_and_unknown_names_are_shown_as_bound() {
        let text = format!(
            "{COMPONENTS}operation \"o\" {{\n  mechanism: source-read\n  store: db\n  cache: nowhere\n  invalidation: bus, ttl\n}}\n"
        );
        assert_eq!(flow(&text), ["store=db* > cache=nowhere", "store=db* > invalidation=bus*,ttl > cache=nowhere"]);
    }

    #[test]
    fn no_flow_without_a_known_mechanism_or_bindings() {
        let text = format!("{COMPONENTS}operation \"o\" {{\n  mechanism: nope\n  store: db\n}}\n");
        assert_eq!(flow(&text), Vec::<String>::new());
        let text = format!("{COMPONENTS}operation \"o\" {{\n  mechanism: insert\n  store: db\n  events: \"bus\"\n}}\n");
        assert_eq!(flow(&text), Vec::<String>::new());
    }
}
