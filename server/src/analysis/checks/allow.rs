//! `allow: CODE, CODE`: findings the designer accepts on purpose in one operation, such as a dual write
//! to a log that CDC they did not model feeds. Only warnings and hints can be allowed.

use super::{did_you_mean, Sink};
use crate::analysis::{Code, Diagnostic, Severity};
use crate::syntax::{Atom, Field, Operation, Value};
use crate::text::echo;

/// Checks that each value of an `allow` field names a code that can be allowed.
pub(super) fn check(field: &Field, sink: &mut Sink) {
    let Some(Value::List(atoms)) = &field.value else {
        let range = field.value.as_ref().map_or(field.key.range.clone(), Value::range);
        sink.report(Code::InvalidValue, range, "`allow` takes diagnostic codes, e.g. `allow: dual-write`");
        return;
    };
    for atom in atoms {
        let token = atom.token();
        let code = match atom {
            Atom::Word(word) => Code::named(&word.text),
            _ => None,
        };
        match code {
            Some(code) if code.severity() == Severity::Error => sink.report(
                Code::InvalidValue,
                token.range.clone(),
                format!(
                    "`{}` is an error, and errors cannot be allowed: the design is wrong until it is fixed",
                    code.as_str()
                ),
            ),
            Some(_) => {}
            None => {
                let codes = Code::ALL.iter().filter(|c| c.severity() != Severity::Error).map(|c| c.as_str());
                sink.report(
                    Code::UnknownWord,
                    token.range.clone(),
                    format!(
                        "`{}` is not a diagnostic code that can be allowed{}",
                        echo(&token.text),
                        did_you_mean(&token.text, codes)
                    ),
                );
            }
        }
    }
}

/// Drops the findings of the codes the operation allows.
pub(super) fn apply(operation: &Operation, diagnostics: &mut Vec<Diagnostic>) {
    let Some(Value::List(atoms)) = operation.field("allow").and_then(|f| f.value.as_ref()) else { return };
    let allowed: Vec<Code> = atoms
        .iter()
        .filter_map(|atom| Code::named(&atom.token().text))
        .filter(|code| code.severity() != Severity::Error)
        .collect();
    diagnostics.retain(|d| !allowed.contains(&d.code));
}
