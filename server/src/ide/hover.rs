//! Hover: the card for the token under the cursor, found through the typed syntax nodes.

use super::cards;
use super::{overlapping, HoverInfo};
use crate::analysis::{Analysis, Binding, Code};
use crate::syntax::{Atom, Field, Operation, Token, Value};
use std::ops::Range;

pub fn hover(analysis: &Analysis, text: &str, offset: usize) -> Option<HoverInfo> {
    // Past the end, or inside a character: not a position in this text.
    if offset >= text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let file = &analysis.file;
    let at = offset..offset + 1;
    for system in file.systems.iter().filter(|s| s.range.contains(&offset)) {
        let keyword = system.range.start..system.range.start + "system".len();
        if let Some(range) = [keyword, system.name.range.clone()].into_iter().find(|r| r.contains(&offset)) {
            return card(&range, cards::system_card(analysis, system));
        }
    }
    for index in overlapping(&file.components, |c| &c.range, &at) {
        let component = &file.components[index];
        if covers(&component.name, offset) {
            return card(&component.name.range, cards::component_card(analysis, index));
        }
        if let Some(technology) = component.technology.as_ref().filter(|t| covers(t, offset)) {
            let entry = analysis.catalog().technology(&technology.text)?;
            return card(&technology.range, cards::technology_card(analysis.catalog(), entry));
        }
        if let Some(host) = component.host.as_ref().filter(|h| covers(h, offset)) {
            return component_reference(analysis, host);
        }
    }
    let operation = &file.operations[overlapping(&file.operations, |o| &o.range, &at).next()?];
    if covers(&operation.name, offset) {
        return card(&operation.name.range, cards::operation_card(analysis, operation));
    }
    let field = &operation.fields[overlapping(&operation.fields, |f| &f.range, &at).next()?];
    if covers(&field.key, offset) {
        key(analysis, operation, field)
    } else {
        value(analysis, operation, field, offset)
    }
}

fn key(analysis: &Analysis, operation: &Operation, field: &Field) -> Option<HoverInfo> {
    let (key, catalog) = (&field.key, analysis.catalog());
    if let Some(entry) = catalog.operation_key(&key.text) {
        return card(&key.range, cards::operation_key_card(entry));
    }
    let mechanism = analysis.mechanism_of(operation)?;
    card(&key.range, cards::role_card(catalog, mechanism, mechanism.role(&key.text)?))
}

fn value(analysis: &Analysis, operation: &Operation, field: &Field, offset: usize) -> Option<HoverInfo> {
    let catalog = analysis.catalog();
    match field.value.as_ref()? {
        Value::Path(value) => {
            let range = field.value.as_ref()?.range();
            range.contains(&offset).then(|| HoverInfo {
                markdown: cards::path_card(catalog, value.method.as_ref().map(|m| m.text.as_str()), &value.path.text),
                range,
            })
        }
        Value::List(atoms) => {
            let atom = &atoms[overlapping(atoms, |a| &a.token().range, &(offset..offset + 1)).next()?];
            let token = atom.token();
            match field.key.text.as_str() {
                "mechanism" => {
                    card(&token.range, cards::kept_mechanism_card(analysis, catalog.mechanism(&token.text)?))
                }
                "shape" => card(&token.range, cards::shape_card(catalog, catalog.shape(&token.text)?)),
                "allow" => card(&token.range, cards::code_card(Code::named(&token.text)?)),
                _ => role_value(analysis, operation, field, atom),
            }
        }
    }
}

/// A value of a role: a component's card when it names one, otherwise what the role accepts.
fn role_value(analysis: &Analysis, operation: &Operation, field: &Field, atom: &Atom) -> Option<HoverInfo> {
    let token = atom.token();
    let role = analysis.mechanism_of(operation).and_then(|m| Some((m, m.role(&field.key.text)?)));
    match (role, role.map(|(_, role)| analysis.binding(role, atom))) {
        (_, Some(Binding::Component(index))) => card(&token.range, cards::component_card(analysis, index)),
        (Some((mechanism, role)), Some(binding)) => {
            card(&token.range, cards::value_card(analysis.catalog(), &token.text, binding, mechanism, role))
        }
        // Without a known mechanism the role is unknown, but a component reference is still one.
        _ => component_reference(analysis, token),
    }
}

fn component_reference(analysis: &Analysis, token: &Token) -> Option<HoverInfo> {
    let (index, _) = analysis.component(&token.text)?;
    card(&token.range, cards::component_card(analysis, index))
}

fn covers(token: &Token, offset: usize) -> bool {
    token.range.contains(&offset)
}

fn card(range: &Range<usize>, markdown: String) -> Option<HoverInfo> {
    Some(HoverInfo { range: range.clone(), markdown })
}
