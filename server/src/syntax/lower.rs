//! Lowering the tree-sitter tree into [`SourceFile`], recovering what tree-sitter's error recovery buries.
//!
//! Tree-sitter keeps going after an error, but it may fold the following lines into an ERROR node or into
//! the wrong block. Two recoveries keep later declarations analyzed: complete declarations found inside
//! ERROR nodes are lowered as usual, and an `operation "name" {` header found inside another operation's
//! block (the previous block lost its `}`) starts a new operation there.

use super::chunks::Syntax;
use super::nodes::*;
use tree_sitter::{Node, Tree};

/// Parses and lowers a document in one pass over its chunks, each lowered while its tree is still in the
/// cache.
pub fn parse_and_lower(text: &str) -> (Syntax, SourceFile) {
    let (syntax, parts) = Syntax::parse(text);
    let file = merged(parts, &syntax);
    (syntax, file)
}

/// The declarations of every chunk, in order, and the syntax errors.
fn merged(parts: Vec<SourceFile>, syntax: &Syntax) -> SourceFile {
    let total = |count: fn(&SourceFile) -> usize| parts.iter().map(count).sum();
    let mut file = SourceFile {
        systems: Vec::with_capacity(total(|part| part.systems.len())),
        components: Vec::with_capacity(total(|part| part.components.len())),
        operations: Vec::with_capacity(total(|part| part.operations.len())),
        errors: Vec::new(),
    };
    for part in parts {
        file.systems.extend(part.systems);
        file.components.extend(part.components);
        file.operations.extend(part.operations);
    }
    file.errors = syntax.errors();
    file
}

/// The declarations of one chunk, parsed from `chunk` at offset `start`, with the document's offsets.
/// Opening a document holds one per chunk until they are merged, so each is fitted to what it holds (a
/// declaration or two, in vectors that grew to room for four).
pub(super) fn lower_chunk(chunk: &str, start: usize, tree: &Tree) -> SourceFile {
    let mut part = SourceFile::default();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        lower_item(chunk, node, &mut part);
    }
    let at = |offset: usize| offset + start;
    part.systems.iter_mut().for_each(|s| s.moved(&at));
    part.components.iter_mut().for_each(|c| c.moved(&at));
    part.operations.iter_mut().for_each(|o| o.moved(&at));
    part.systems.shrink_to_fit();
    part.components.shrink_to_fit();
    part.operations.shrink_to_fit();
    part
}

/// Lowers one child of the root (or of a top-level ERROR) into `file`. What it adds lies within `node`.
pub(super) fn lower_item(text: &str, node: Node, file: &mut SourceFile) {
    match node.kind() {
        "system_declaration" => {
            if let Some(name) = node.child_by_field_name("name") {
                file.systems.push(SystemDecl { name: string(text, name), range: node.byte_range() });
            }
        }
        // A declaration tree-sitter patched with a MISSING token names the wrong things; its syntax
        // error is reported and the rest would only add noise.
        "component_declaration" if !node.has_error() => {
            if let Some(component) = component(text, node) {
                file.components.push(component);
            }
        }
        "operation" => operation(text, node, file),
        "ERROR" => {
            file.components.extend(colonless_component(text, node));
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                lower_item(text, child, file);
            }
        }
        _ => {}
    }
}

fn component(text: &str, node: Node) -> Option<ComponentDecl> {
    let field = |name| node.child_by_field_name(name);
    Some(ComponentDecl {
        name: token(text, field("name")?),
        technology: field("technology").map(|n| token(text, n)),
        kind: field("kind").map(|n| token(text, n)),
        host: field("host").map(|n| token(text, n)),
        description: field("description").map(|n| string(text, n)),
        range: node.byte_range(),
    })
}

/// `component bus kafka`: a declaration that lost only its `:`. Keeping it declared spares every later
/// use of `bus` an undeclared-component error on top of the one syntax error.
fn colonless_component(text: &str, error: Node) -> Option<ComponentDecl> {
    let keyword = error.child(0).filter(|k| k.kind() == "component")?;
    let name = keyword.next_sibling().filter(|n| n.kind() == "identifier")?;
    let technology = name.next_sibling().filter(|t| t.kind() == "identifier")?;
    let on_one_line = !text[keyword.start_byte()..technology.end_byte()].contains(['\n', '\r']);
    on_one_line.then(|| ComponentDecl {
        name: token(text, name),
        technology: Some(token(text, technology)),
        kind: None,
        host: None,
        description: None,
        range: keyword.start_byte()..technology.end_byte(),
    })
}

fn operation(text: &str, node: Node, file: &mut SourceFile) {
    let (Some(name), Some(body)) = (node.child_by_field_name("name"), node.child_by_field_name("body")) else {
        return;
    };
    let open_brace = body.child(0).map_or(body.start_byte()..body.start_byte(), |b| b.byte_range());
    let closed =
        body.child(body.child_count().saturating_sub(1)).is_some_and(|last| last.kind() == "}" && !last.is_missing());
    let mut current =
        Operation { name: string(text, name), range: node.byte_range(), open_brace, closed, fields: Vec::new() };
    let mut cursor = body.walk();
    // The end of a broken `path:` line: what lies wholly before it is part of that line.
    let mut broken_line_end = 0;
    for child in body.named_children(&mut cursor) {
        if child.end_byte() <= broken_line_end {
            continue;
        }
        match child.kind() {
            "field" => match broken_path_line(text, child) {
                Some(line_end) => broken_line_end = line_end,
                None => current.fields.extend(field(text, child)),
            },
            "ERROR" => {
                if let Some((name, open_brace)) = swallowed_header(text, child) {
                    // The block so far lost its `}`: close it before this header and continue with a new one.
                    let start = child.start_byte();
                    let previous = std::mem::replace(
                        &mut current,
                        Operation { name, range: start..node.end_byte(), open_brace, closed, fields: Vec::new() },
                    );
                    file.operations.push(Operation {
                        range: previous.range.start..trim_end(text, start),
                        closed: false,
                        ..previous
                    });
                    fitted(file.operations.last_mut());
                } else {
                    collect_fields(text, child, &mut current.fields);
                }
            }
            _ => {}
        }
    }
    file.operations.push(current);
    fitted(file.operations.last_mut());
}

/// The end of the line of a `path:` field when the line did not parse (`path: kafka://orders`, `path: topic
/// orders`): its one syntax error says what `path:` takes, and what tree-sitter made of the line (a method
/// `kafka`, a field `orders`) is not lowered, so it is not reported again.
fn broken_path_line(text: &str, field: Node) -> Option<usize> {
    let key = field.child_by_field_name("key")?;
    if &text[key.byte_range()] != "path" {
        return None;
    }
    let start = field.start_byte();
    let line_end = text[start..].find(['\n', '\r']).map_or(text.len(), |i| start + i);
    let mut next = field.next_named_sibling();
    while let Some(comment) = next.filter(|n| n.kind() == "comment") {
        next = comment.next_named_sibling();
    }
    let broken = field.has_error() || next.is_some_and(|n| n.start_byte() < line_end);
    broken.then_some(line_end)
}

/// Gives back the room an operation's fields grew into: a document keeps every operation for as long as
/// it is open.
fn fitted(operation: Option<&mut Operation>) {
    if let Some(operation) = operation {
        operation.fields.shrink_to_fit();
    }
}

/// Fields that tree-sitter kept whole inside an ERROR node.
fn collect_fields(text: &str, node: Node, fields: &mut Vec<Field>) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "field" => fields.extend(field(text, child)),
            "ERROR" => collect_fields(text, child, fields),
            _ => {}
        }
    }
}

/// `operation "name" {` lexed as plain tokens inside a block: the name and the `{`.
pub(super) fn swallowed_header(text: &str, error: Node) -> Option<(Token, std::ops::Range<usize>)> {
    let first = error.child(0)?;
    let second = first.next_sibling()?;
    if first.kind() != "identifier" || &text[first.byte_range()] != "operation" || second.kind() != "string" {
        return None;
    }
    let brace = second.next_sibling().filter(|b| b.kind() == "{");
    let open_brace = brace.map_or(second.end_byte()..second.end_byte(), |b| b.byte_range());
    Some((string(text, second), open_brace))
}

fn field(text: &str, node: Node) -> Option<Field> {
    let key = token(text, node.child_by_field_name("key")?);
    let colon_end = node.child(1).filter(|c| c.kind() == ":")?.end_byte();
    let value = node.child_by_field_name("value").and_then(|value| match value.kind() {
        "list" => {
            let mut cursor = value.walk();
            let mut atoms: Vec<Atom> = value.named_children(&mut cursor).filter_map(|a| atom(text, a)).collect();
            atoms.shrink_to_fit();
            Some(Value::List(atoms))
        }
        "path_value" => Some(Value::Path(Box::new(PathValue {
            method: value.child_by_field_name("method").map(|m| token(text, m)),
            path: token(text, value.child_by_field_name("path")?),
        }))),
        _ => None,
    });
    Some(Field { key, value, colon_end, range: node.byte_range() })
}

fn atom(text: &str, node: Node) -> Option<Atom> {
    match node.kind() {
        "identifier" => Some(Atom::Word(token(text, node))),
        "quantity" => Some(Atom::Quantity(token(text, node))),
        "string" => Some(Atom::Text(string(text, node))),
        _ => None,
    }
}

fn token(text: &str, node: Node) -> Token {
    Token { text: text[node.byte_range()].to_string(), range: node.byte_range() }
}

/// A string literal, unquoted and unescaped.
pub(super) fn string(text: &str, node: Node) -> Token {
    let raw = &text[node.byte_range()];
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut unescaped = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(escaped) = chars.next() {
                unescaped.push(match escaped {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                });
            }
        } else {
            unescaped.push(c);
        }
    }
    Token { text: unescaped, range: node.byte_range() }
}

/// `offset` moved back over trailing whitespace, so a cut-off block ends at its last token.
fn trim_end(text: &str, offset: usize) -> usize {
    text[..offset].trim_end().len()
}
