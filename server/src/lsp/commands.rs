//! `workspace/executeCommand`: the catalog for an editor's own interface, such as a quick pick of the
//! mechanisms and a panel that explains one.

use crate::catalog::Catalog;
use crate::ide;
use crate::text::echo;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::Error;
use tower_lsp_server::ls_types::Uri;

/// No arguments, or the URI of a document; answers `[{"name", "title", "summary"}]` for every mechanism
/// (of that document's design, its workspace's own after the cheat sheet's), in catalog order.
pub const MECHANISMS: &str = "design-ls.mechanisms";
/// A mechanism's name, and optionally the URI of a document whose design's catalog holds it; answers
/// `{"name", "title", "markdown"}` with its hover card.
pub const EXPLAIN: &str = "design-ls.explain";
/// The commands announced in `initialize`.
pub const ALL: [&str; 2] = [MECHANISMS, EXPLAIN];

/// The document whose design's catalog a command's last argument names, if it names one.
pub fn document(command: &str, arguments: &[Value]) -> Option<Uri> {
    let position = match command {
        MECHANISMS => 0,
        EXPLAIN => 1,
        _ => return None,
    };
    arguments.get(position)?.as_str()?.parse().ok()
}

/// Runs `command` against `catalog`: the built-in one, or that of the design its last argument names.
pub fn execute(catalog: &Catalog, command: &str, arguments: &[Value]) -> Result<Value, Error> {
    match command {
        MECHANISMS => {
            let mechanisms = catalog.mechanisms.iter();
            Ok(mechanisms.map(|m| json!({ "name": m.id, "title": m.title, "summary": m.summary })).collect())
        }
        EXPLAIN => {
            let (Some(Value::String(name)), 1..=2) = (arguments.first(), arguments.len()) else {
                return Err(Error::invalid_params(format!(
                    "`{EXPLAIN}` takes one mechanism name, and optionally a document's URI, as in [\"materialized-view\"]"
                )));
            };
            let mechanism = ide::find_mechanism(catalog, name).map_err(Error::invalid_params)?;
            let markdown = ide::mechanism_card(catalog, mechanism);
            Ok(json!({ "name": mechanism.id, "title": mechanism.title, "markdown": markdown }))
        }
        _ => Err(Error::invalid_params(format!(
            "unknown command `{}`; design-ls runs {}",
            echo(command),
            ALL.join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanisms_lists_the_catalog_in_order() {
        let answer = execute(&Catalog::builtin(), MECHANISMS, &[]).unwrap();
        assert_eq!(answer.as_array().unwrap().len(), 15);
        assert_eq!(answer[1]["name"], "versioned-overwrite");
        assert_eq!(answer[1]["title"], "Versioned Overwrite");
    }

    #[test]
    fn explain_answers_the_card_or_says_what_is_wrong() {
        let answer = execute(&Catalog::builtin(), EXPLAIN, &[json!("top-k")]).unwrap();
        let catalog = Catalog::builtin();
        let card = ide::mechanism_card(&catalog, catalog.mechanism("top-k").unwrap());
        assert_eq!(answer, json!({ "name": "top-k", "title": "Ranking / Top K", "markdown": card }));
        let typo = execute(&Catalog::builtin(), EXPLAIN, &[json!("topk")]).unwrap_err();
        assert_eq!(typo.message, "unknown mechanism `topk`; did you mean `top-k`?");
        let missing = execute(&Catalog::builtin(), EXPLAIN, &[]).unwrap_err();
        assert_eq!(missing.message, "`design-ls.explain` takes one mechanism name, and optionally a document's URI, as in [\"materialized-view\"]");
        let unknown = execute(&Catalog::builtin(), "design-ls.nope", &[]).unwrap_err();
        assert_eq!(
            unknown.message,
            "unknown command `design-ls.nope`; design-ls runs design-ls.mechanisms, design-ls.explain"
        );
    }

    #[test]
    fn the_document_a_command_names_is_its_last_argument() {
        let uri = json!("file:///shop/a.design");
        assert_eq!(document(EXPLAIN, &[json!("insert"), uri.clone()]).unwrap().as_str(), "file:///shop/a.design");
        assert_eq!(document(MECHANISMS, std::slice::from_ref(&uri)).unwrap().as_str(), "file:///shop/a.design");
        assert_eq!(document(EXPLAIN, &[json!("insert")]), None);
        assert_eq!(document("design-ls.nope", &[uri]), None);
    }

    #[test]
    fn a_huge_name_is_not_echoed() {
        let huge = "x".repeat(4_000_000);
        let shown = format!("{}…", "x".repeat(63));
        let unknown = execute(&Catalog::builtin(), &huge, &[]).unwrap_err();
        assert_eq!(
            unknown.message,
            format!("unknown command `{shown}`; design-ls runs design-ls.mechanisms, design-ls.explain")
        );
        let explain = execute(&Catalog::builtin(), EXPLAIN, &[json!(huge)]).unwrap_err();
        let catalog = Catalog::builtin();
        let known: Vec<&str> = catalog.mechanisms.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(explain.message, format!("unknown mechanism `{shown}`; known mechanisms: {}", known.join(", ")));
    }
}
