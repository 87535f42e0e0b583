//! Checks on the value bound to a role: its form, what it resolves to, and whether its kind fits.

use super::{did_you_mean, Sink};
use crate::analysis::duration;
use crate::analysis::model::{bind, Binding};
use crate::analysis::{Analysis, Code};
use crate::catalog::{Mechanism, Role};
use crate::syntax::{Atom, Field, Value};
use crate::text::echo;

pub(super) fn check(analysis: &Analysis, mechanism: &Mechanism, role: &Role, field: &Field, sink: &mut Sink) {
    let (key, catalog) = (&field.key.text, analysis.catalog());
    let atoms = match &field.value {
        None => {
            sink.report(
                Code::MissingValue,
                field.key.range.clone(),
                format!("`{key}` has no value; it takes {}", role.accepts_phrase(catalog)),
            );
            return;
        }
        Some(Value::Path(_)) => {
            let range = field.value.as_ref().map_or(field.key.range.clone(), Value::range);
            sink.report(
                Code::InvalidValue,
                range,
                format!("`{key}` takes {}, not a path", role.accepts_phrase(catalog)),
            );
            return;
        }
        Some(Value::List(atoms)) => atoms,
    };
    if !role.list {
        if let Some(extra) = atoms.get(1) {
            let end = atoms.last().map_or(extra.token().range.end, |a| a.token().range.end);
            sink.report(
                Code::InvalidValue,
                extra.token().range.start..end,
                format!("`{key}` takes a single value, not a list; it takes {}", role.accepts_phrase(catalog)),
            );
        }
    }
    for atom in atoms {
        let token = atom.token();
        let range = token.range.clone();
        match bind(analysis, role, atom) {
            Binding::Component(index) => {
                sink.uses.push((index, range.clone()));
                if let Some(misfit) = misfit(analysis, role, index) {
                    sink.report(
                        Code::RoleKindMismatch,
                        range,
                        format!(
                            "`{key}` of {} takes {}, but `{}` is {misfit}",
                            mechanism.id,
                            role.accepts_phrase(catalog),
                            echo(&token.text)
                        ),
                    );
                }
            }
            Binding::Word | Binding::Duration | Binding::Column => {}
            Binding::Unresolved => unresolved(analysis, role, key, &token.text, range, sink),
            Binding::BadDuration => {
                if let Err(error) = duration::parse(&token.text) {
                    sink.report(Code::InvalidValue, range, error.message(&token.text));
                }
            }
            Binding::WrongForm => {
                let form = match atom {
                    Atom::Text(_) => "a string",
                    Atom::Quantity(_) => "a number",
                    Atom::Word(_) => "a component",
                };
                sink.report(
                    Code::InvalidValue,
                    range,
                    format!("`{key}` takes {}, not {form}", role.accepts_phrase(catalog)),
                );
            }
        }
    }
}

/// What the component bound at `index` is, and why the role cannot take it; `None` when it fits, or when
/// its kind is unknown (an unknown technology was reported at its declaration).
fn misfit(analysis: &Analysis, role: &Role, index: usize) -> Option<String> {
    if analysis.fits(role, index) {
        return None;
    }
    let mut what = analysis.what_it_is(&analysis.file.components[index])?;
    if !role.misfit.is_empty() {
        let mut why = role.misfit.clone();
        why[..1].make_ascii_uppercase();
        what = format!("{what}. {why}");
    }
    Some(what)
}

/// An identifier that is neither a declared component nor an accepted word.
fn unresolved(analysis: &Analysis, role: &Role, key: &str, word: &str, range: std::ops::Range<usize>, sink: &mut Sink) {
    let (shown, catalog) = (echo(word), analysis.catalog());
    if !role.words.is_empty() || !role.accepts_components() {
        // The role is about words (or durations): a near miss of a word is the likely intent.
        let components = analysis.file.components.iter().map(|c| c.name.text.as_str());
        let candidates = role.words.iter().map(String::as_str).chain(components.filter(|_| role.accepts_components()));
        let code = if role.words.is_empty() { Code::InvalidValue } else { Code::UnknownWord };
        let message = format!(
            "`{shown}` is not something `{key}` accepts: it takes {}{}",
            role.accepts_phrase(catalog),
            did_you_mean(word, candidates)
        );
        sink.report(code, range, message);
        return;
    }
    let names = analysis.file.components.iter().map(|c| c.name.text.as_str());
    sink.report(
        Code::UndeclaredComponent,
        range,
        format!(
            "`{shown}` is not a declared component; declare it with `component {shown}: <technology>` (`{key}` takes {}){}",
            role.accepts_phrase(catalog),
            did_you_mean(word, names)
        ),
    );
}
