//! Readable syntax errors for the ERROR and MISSING nodes of a tree.
//!
//! An ERROR node says only that tree-sitter could not fit some tokens. Users need to know which token is
//! wrong and what belongs there, so each line an ERROR covers gets its own message, chosen from what the
//! line starts with and whether it sits inside an operation.

use super::lower::{string, swallowed_header};
use super::nodes::SyntaxError;
use crate::suggest::closest;
use crate::text::echo;
use std::ops::Range;
use tree_sitter::{Node, Tree};

const KEYWORDS: [&str; 3] = ["system", "component", "operation"];

/// What `path:` takes, for a value that is not a path: a trigger such as `kafka://orders` or `cron(…)`
/// is the likely intent.
pub const NOT_A_PATH: &str = "`path:` takes an HTTP method and a normalized path, e.g. `POST /orders/{order_id}`; a write path triggered by a message or a schedule can leave out `path:` or describe its trigger in `note:`";

/// The readable errors of a tree parsed from `text`, one per line: the first is the cause, later ones on
/// the same line are its echoes. A chunk's line never continues in the next chunk, so each chunk's errors
/// are found once, when it is parsed. Cheap on a clean tree: only nodes that contain an error are visited.
pub fn of_tree(text: &str, tree: &Tree) -> Vec<SyntaxError> {
    let root = tree.root_node();
    if !root.has_error() {
        return Vec::new();
    }
    let mut errors = Vec::new();
    collect(text, root, &mut errors);
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    let mut last_line_end = None;
    errors.retain(|e| {
        let same_line = last_line_end.is_some_and(|end| e.range.start <= end);
        if !same_line {
            last_line_end = Some(text[e.range.start..].find(['\n', '\r']).map_or(text.len(), |i| e.range.start + i));
        }
        !same_line
    });
    errors
}

pub fn collect(text: &str, node: Node, out: &mut Vec<SyntaxError>) {
    if node.is_missing() {
        out.push(missing(text, node));
    } else if node.is_error() {
        describe(text, node, out);
    } else if node.has_error() {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            collect(text, child, out);
        }
    }
}

fn missing(text: &str, node: Node) -> SyntaxError {
    let operation = node.parent().and_then(|block| block.parent()).filter(|op| op.kind() == "operation");
    if node.kind() != "}" && inside_operation(node) {
        let line_begin = line_start(text, node.start_byte());
        if let Some(error) = not_a_path(text, &line_tokens(text, line_begin, node.start_byte())) {
            return error;
        }
    }
    match (node.kind(), operation) {
        ("}", Some(operation)) => {
            let name = operation.child_by_field_name("name").map(|n| string(text, n).text).unwrap_or_default();
            let brace = operation.child_by_field_name("body").and_then(|b| b.child(0));
            SyntaxError {
                range: brace.map_or(node.byte_range(), |b| b.byte_range()),
                message: format!("operation \"{}\" is not closed: add `}}` after its last field", echo(&name)),
            }
        }
        (kind, _) => SyntaxError { range: node.byte_range(), message: format!("missing `{kind}`") },
    }
}

fn describe(text: &str, error: Node, out: &mut Vec<SyntaxError>) {
    let in_operation = inside_operation(error);
    if in_operation {
        if let Some((name, _)) = swallowed_header(text, error) {
            let previous = enclosing_operation_name(text, error, error.start_byte());
            out.push(SyntaxError {
                range: error.child(0).map_or(error.byte_range(), |k| k.byte_range()),
                message: format!(
                    "operation \"{}\" is not closed: add `}}` before operation \"{}\" starts",
                    echo(&previous),
                    echo(&name.text)
                ),
            });
            return;
        }
    }
    let range = error.byte_range();
    let mut start = range.start;
    for segment in text[range.clone()].split_inclusive(['\n', '\r']) {
        let line = start..start + segment.len();
        start = line.end;
        if let Some(error) = describe_line(text, line, in_operation) {
            out.push(error);
        }
    }
}

/// The name of the operation whose block (or a swallowed header in it) precedes `offset`.
fn enclosing_operation_name(text: &str, error: Node, offset: usize) -> String {
    let block = error.parent();
    let operation = block.and_then(|b| b.parent());
    let mut name =
        operation.and_then(|op| op.child_by_field_name("name")).map(|n| string(text, n).text).unwrap_or_default();
    if let Some(block) = block {
        let mut cursor = block.walk();
        for child in block.children(&mut cursor) {
            if child.start_byte() >= offset {
                break;
            }
            if child.is_error() {
                if let Some((header, _)) = swallowed_header(text, child) {
                    name = header.text;
                }
            }
        }
    }
    name
}

fn inside_operation(node: Node) -> bool {
    let mut parent = node.parent();
    while let Some(p) = parent {
        if matches!(p.kind(), "block" | "operation") {
            return true;
        }
        parent = p.parent();
    }
    false
}

/// The message for one line (segment) of an ERROR node, or `None` for blank and comment-only segments.
fn describe_line(text: &str, segment: Range<usize>, in_operation: bool) -> Option<SyntaxError> {
    let body = text[segment.clone()].trim();
    if body.is_empty() || body.starts_with('#') {
        return None;
    }
    let error_start = segment.start + (text[segment.clone()].len() - text[segment.clone()].trim_start().len());
    // Tokens of the whole line, so a keyword before the error still tells what the line was meant to be.
    let line = line_tokens(text, line_start(text, segment.start), segment.end);
    let at = line.iter().position(|t| t.start >= error_start)?;
    let token = |i: usize| line.get(i).map(|r| &text[r.clone()]);
    let bad = line[at].clone();
    let bad_text = &text[bad.clone()];
    let bad_shown = echo(bad_text);
    let error = |range: Range<usize>, message: String| Some(SyntaxError { range, message });

    if bad_text.starts_with('"') && !(bad_text.len() > 1 && bad_text.ends_with('"')) {
        return error(bad, "unterminated string: add the closing `\"`".to_string());
    }
    if in_operation {
        if let Some(error) = not_a_path(text, &line) {
            return Some(error);
        }
        let ends_line = token(at + 1).is_none_or(|next| next.starts_with('#'));
        if bad_text == "," && ends_line {
            return error(bad, "remove the trailing `,`".to_string());
        }
        if at > 0 {
            return error(
                bad,
                format!("unexpected `{bad_shown}`: separate list values with `,` and put each field on its own line"),
            );
        }
        if is_identifier(bad_text) && token(1) != Some(":") {
            return error(bad, format!("expected `:` after `{bad_shown}`: a field is written `{bad_shown}: value`"));
        }
        return error(bad, format!("unexpected `{bad_shown}`: a line in an operation is `key: value`"));
    }
    let first = line[0].clone();
    let first_text = &text[first.clone()];
    let first_shown = echo(first_text);
    match first_text {
        "component" => {
            let name = match line.get(1) {
                Some(name) if is_identifier(&text[name.clone()]) => name.clone(),
                other => {
                    return error(
                        other.cloned().unwrap_or(first),
                        "expected a component name after `component`, as in `component db: postgres`".into(),
                    )
                }
            };
            let name_shown = echo(&text[name.clone()]);
            if token(2) != Some(":") {
                return error(
                    name,
                    format!("expected `:` after the component name, as in `component {name_shown}: postgres`"),
                );
            }
            error(
                bad,
                format!(
                    "unexpected `{bad_shown}` in the declaration of `{name_shown}`; a component is declared as `component name: technology [in store] [\"description\"]`"
                ),
            )
        }
        "operation" => match line.get(1) {
            Some(name) if text[name.clone()].starts_with('"') => {
                error(name.clone(), "expected `{` after the operation name".to_string())
            }
            other => error(
                other.cloned().unwrap_or(first),
                "an operation needs a quoted name: `operation \"name\" {`".into(),
            ),
        },
        "system" => error(bad, "`system` takes one quoted name: `system \"Name\"`".into()),
        _ if at > 0 => error(bad, format!("unexpected `{bad_shown}`: put each declaration on its own line")),
        _ if token(1) == Some(":") && is_identifier(first_text) => error(
            first,
            format!("`{first_shown}:` is a field outside any operation; fields go inside `operation \"name\" {{ … }}`"),
        ),
        _ => {
            if let Some(keyword) = closest(first_text, KEYWORDS.iter().copied()) {
                return error(first, format!("unknown keyword `{first_shown}`; did you mean `{keyword}`?"));
            }
            error(first, format!("unexpected `{first_shown}`: a line starts with `system`, `component` or `operation`"))
        }
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The tokens of the line that starts at `begin` and runs on past `within`.
fn line_tokens(text: &str, begin: usize, within: usize) -> Vec<Range<usize>> {
    let end = text[within..].find(['\n', '\r']).map_or(text.len(), |i| within + i);
    tokens(&text[begin..end], begin)
}

/// A broken `path:` line (`path: kafka://orders`, `path: topic orders`): the error covers its whole value,
/// up to a comment, and says what `path:` takes, whichever token tree-sitter stumbled on.
fn not_a_path(text: &str, line: &[Range<usize>]) -> Option<SyntaxError> {
    let [key, colon, value @ ..] = line else { return None };
    if &text[key.clone()] != "path" || &text[colon.clone()] != ":" {
        return None;
    }
    let value = &value[..value.iter().position(|t| text[t.clone()].starts_with('#')).unwrap_or(value.len())];
    let (first, last) = (value.first()?, value.last()?);
    Some(SyntaxError { range: first.start..last.end, message: NOT_A_PATH.to_string() })
}

fn is_identifier(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// A rough tokenization of one line: words, strings, and single punctuation characters.
fn tokens(line: &str, base: usize) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let end = if c == '"' {
            let mut end = line.len();
            let mut escaped = false;
            for (j, d) in chars.by_ref() {
                if !escaped && d == '"' {
                    end = j + 1;
                    break;
                }
                escaped = !escaped && d == '\\';
            }
            end
        } else if c.is_alphanumeric() || c == '_' || c == '/' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace() || matches!(d, ':' | ',' | '"' | '#' | '{' | '}') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            end
        } else if matches!(c, ':' | ',' | '{' | '}') {
            i + c.len_utf8()
        } else {
            // A run of other symbols (`???`, `=>`) is one unexpected token.
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace() || d.is_alphanumeric() || matches!(d, ':' | ',' | '"' | '#' | '{' | '}') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            end
        };
        tokens.push(base + i..base + end);
    }
    tokens
}
