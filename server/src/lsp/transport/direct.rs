//! Answers written straight to the output, for the requests whose answers grow with the document.
//!
//! tower-lsp-server turns every answer into a `serde_json::Value` tree before it writes it: for the
//! outline of a 10 MB design, millions of nodes, more than a gigabyte and seconds of work, where writing
//! the typed answer as JSON takes a tenth of a second. So the transport hands these requests to
//! tower-lsp under a name of their own, with the request's id beside the parameters; their handlers
//! write the answer to the outbox themselves, and the outbox drops the empty answer tower-lsp then
//! writes for that id. tower-lsp still orders them with every other message and cancels them.

use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Id;

pub const DOCUMENT_SYMBOL: &str = "design-ls/direct/textDocument/documentSymbol";
pub const SEMANTIC_TOKENS_FULL: &str = "design-ls/direct/textDocument/semanticTokens/full";
pub const SEMANTIC_TOKENS_RANGE: &str = "design-ls/direct/textDocument/semanticTokens/range";

/// A renamed request's parameters: the request's own, and its id.
#[derive(Deserialize)]
pub struct Direct<P> {
    pub id: Id,
    pub params: P,
}

/// The name a request to `method` is handed to tower-lsp under, when its answer is written directly.
fn direct_name(method: &str) -> Option<&'static str> {
    [DOCUMENT_SYMBOL, SEMANTIC_TOKENS_FULL, SEMANTIC_TOKENS_RANGE]
        .into_iter()
        .find(|name| name.strip_prefix("design-ls/direct/") == Some(method))
}

/// Whether the answer to a request to `method` is written directly.
pub fn answers_directly(method: &str) -> bool {
    direct_name(method).is_some()
}

/// The request `value` as tower-lsp gets it when its answer is written directly: renamed, with its id
/// beside its parameters.
pub fn route(value: Value, id: &Id) -> Value {
    let Value::Object(mut fields) = value else { return value };
    let method = fields.get("method").and_then(Value::as_str).and_then(direct_name);
    let Some(name) = method else { return Value::Object(fields) };
    let params = fields.remove("params").unwrap_or(Value::Null);
    fields.insert("method".into(), name.into());
    fields.insert("params".into(), serde_json::json!({ "id": id, "params": params }));
    Value::Object(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn large_answers_are_renamed_with_their_id_and_others_left_alone() {
        let symbols =
            json!({ "jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol", "params": { "a": 1 } });
        assert!(answers_directly("textDocument/documentSymbol") && !answers_directly("textDocument/hover"));
        assert_eq!(
            route(symbols, &Id::Number(4)),
            json!({ "jsonrpc": "2.0", "id": 4, "method": DOCUMENT_SYMBOL, "params": { "id": 4, "params": { "a": 1 } } })
        );
        let hover = json!({ "jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {} });
        assert_eq!(route(hover.clone(), &Id::Number(5)), hover);
    }
}
