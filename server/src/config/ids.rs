//! Ids that designs write: a technology after `component NAME:`, a mechanism after `mechanism:`, a role
//! key before `:`.

/// Whether a design can write `id` as one word: what `identifier` in `grammar/grammar.js` matches,
/// `[\p{L}_][\p{L}\p{N}\p{M}_-]*`, with Unicode's alphabetic and numeric properties standing in for
/// those categories.
pub fn writable(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Why `id` cannot be written where `place` says (after `mechanism:`).
pub fn unwritable(id: &str, place: &str) -> String {
    format!(
        "`{}` cannot be written {place}: an id starts with a letter or `_` and goes on with letters, digits, `_` and `-`",
        crate::text::echo(id)
    )
}

#[cfg(test)]
mod tests {
    use super::writable;
    use crate::analysis::{analyze_text, Code};
    use crate::catalog::Catalog;

    /// The grammar is the judge: an id is writable when a component naming it as its technology parses.
    #[test]
    fn writable_ids_are_what_the_grammar_reads_as_one_word() {
        for id in
            ["ledger-db", "_x", "é-store", "db2", "a_b-c", "Ledger", "", "2db", "-x", "ledger db", "a.b", "a:b", "日本"]
        {
            let analysis = analyze_text(&format!("component c: {id}\n"), Catalog::builtin());
            let technology = analysis.file.components.first().and_then(|c| c.technology.as_ref());
            let parsed = technology.is_some_and(|t| t.text == id)
                && !analysis.diagnostics.iter().any(|d| d.code == Code::SyntaxError);
            assert_eq!(writable(id), parsed, "`{id}`");
        }
    }
}
