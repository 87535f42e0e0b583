//! Go to definition and find references. Components are the only names a design declares and refers to:
//! in the roles of operations and after `in`.

use crate::analysis::Analysis;
use std::ops::Range;

/// The declared name of the component named at `offset`; its first declaration when it is declared twice, as
/// the analysis resolves every reference to that one.
pub fn definition(analysis: &Analysis, offset: usize) -> Option<Range<usize>> {
    let index = component_at(analysis, offset)?;
    Some(analysis.file.components[index].name.range.clone())
}

/// Every reference to the component named at `offset`, in source order: role values and `in` hosts, and with
/// `include_declaration` every declaration of its name.
pub fn references(analysis: &Analysis, offset: usize, include_declaration: bool) -> Option<Vec<Range<usize>>> {
    let index = component_at(analysis, offset)?;
    let components = &analysis.file.components;
    let name = &components[index].name.text;
    let hosts = components.iter().filter_map(|c| c.host.as_ref());
    let declarations = components.iter().map(|c| &c.name).filter(|_| include_declaration);
    let named = hosts.chain(declarations).filter(|t| t.text == *name).map(|t| t.range.clone());
    let mut ranges: Vec<_> = analysis.uses_of(index).into_iter().map(|u| u.range).chain(named).collect();
    ranges.sort_by_key(|r| r.start);
    Some(ranges)
}

/// The component (the index of its first declaration) whose name is at `offset`: a declared name, an `in`
/// host, or a role value the analysis bound to it. An offset past the end touches no token.
fn component_at(analysis: &Analysis, offset: usize) -> Option<usize> {
    // The end counts: an editor often asks with the cursor just after the word. Names never touch each other,
    // so this stays unambiguous.
    let touches = |range: &Range<usize>| range.start <= offset && offset <= range.end;
    let components = &analysis.file.components;
    let declared =
        components.iter().flat_map(|c| [Some(&c.name), c.host.as_ref()]).flatten().find(|t| touches(&t.range));
    match declared {
        Some(token) => analysis.component(&token.text).map(|(index, _)| index),
        None => analysis.uses().find(|(_, used)| touches(&used.range)).map(|(index, _)| index),
    }
}
