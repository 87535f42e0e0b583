//! Completion while typing.
//!
//! The text is usually incomplete when completion runs, and tree-sitter then reports MISSING and ERROR
//! nodes whose shape depends on what follows. So the context comes from the current line's text before the
//! cursor, and the lowered operations only answer which block the cursor is in and what it already holds.

use super::cards;
use super::{CompletionItem, CompletionKind, Completions, Documentation};
use crate::analysis::{operation_keys, Analysis, Binding, Code, Severity};
use crate::catalog::{Catalog, Mechanism, OperationKey, Role, Shape};
use crate::syntax::Operation;
use crate::text::echo;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::fmt::Write;
use std::ops::Range;

/// The most items one answer holds (an editor shows about a dozen at a time). A large design can offer thousands of components for a role; past
/// this, only those containing what was typed are kept, and the list says it is incomplete, so the editor
/// asks again as the user types on.
pub const LIMIT: usize = 50;

pub fn completions(analysis: &Analysis, text: &str, offset: usize) -> Completions {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return Completions::default();
    }
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if in_comment_or_string(before) {
        return Completions::default();
    }
    let word_start = offset - before.len() + before.trim_end_matches(is_word_char).len();
    let word_end = offset + text[offset..].len() - text[offset..].trim_start_matches(is_word_char).len();
    let line = Line {
        span: line_start..offset + text[offset..].find(['\n', '\r']).unwrap_or(text.len() - offset),
        head: tokens(&text[line_start..word_start]),
        typed: &text[word_start..offset],
        colon_follows: text[word_end..].trim_start_matches([' ', '\t']).starts_with(':'),
    };
    // Whether candidates were left out for not matching what was typed.
    let mut narrowed = false;
    let mut items = match enclosing_operation(analysis, text, offset) {
        Some(operation) => in_operation(analysis, operation, &line, &mut narrowed),
        None => top_level(analysis, &line.head),
    };
    let incomplete = narrowed || items.len() > LIMIT;
    if incomplete {
        items.retain(|item| matches_typed(&item.label, line.typed));
        items.truncate(LIMIT);
    }
    // A value typed right after `:` or `,` needs the space the user has not typed yet.
    let spaced = text[..word_start].ends_with([':', ',']);
    for (rank, item) in items.iter_mut().enumerate() {
        item.replace = word_start..word_end;
        item.sort_text = format!("{rank:03}");
        if spaced {
            item.insert_text.insert(0, ' ');
        }
    }
    Completions { items, incomplete }
}

/// The cursor's line: its extent, the tokens before the word being completed, and what follows that word.
struct Line<'a> {
    /// The whole line, without its line break.
    span: Range<usize>,
    head: Vec<&'a str>,
    /// The part of the word before the cursor.
    typed: &'a str,
    /// The word is followed by `:`, as when a key is being renamed.
    colon_follows: bool,
}

fn top_level(analysis: &Analysis, head: &[&str]) -> Vec<CompletionItem> {
    let catalog = analysis.catalog();
    match head {
        [] => keywords().chain(catalog.mechanisms.iter().map(|m| operation_snippet(analysis, m))).collect(),
        ["component", _, ":"] => catalog
            .technologies
            .iter()
            .map(|t| CompletionItem {
                detail: Some(t.title.clone()),
                documentation: Some(Documentation::Card(cards::technology_card(catalog, t))),
                ..item(&t.id, CompletionKind::Technology)
            })
            .collect(),
        // A known technology's own kinds first: `as` narrows it to one of them.
        ["component", _, ":", technology, "as"] => {
            let own = catalog.technology(technology).map_or(&[][..], |t| t.kinds.as_slice());
            let (first, rest): (Vec<_>, Vec<_>) = catalog.kinds.iter().partition(|k| own.contains(&k.id));
            first
                .into_iter()
                .chain(rest.into_iter().filter(|_| own.is_empty()))
                .map(|k| CompletionItem {
                    detail: Some(k.title.clone()),
                    documentation: Some(Documentation::Card(cards::kind_card(catalog, k))),
                    ..item(&k.id, CompletionKind::Technology)
                })
                .collect()
        }
        ["component", name, ":", _, "in"] | ["component", name, ":", _, "as", _, "in"] => analysis
            .file
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| c.name.text != *name && analysis.kinds_of(c).iter().any(|k| k == "store"))
            .map(|(index, _)| component_item(analysis, index, None))
            .collect(),
        _ => Vec::new(),
    }
}

fn keywords() -> impl Iterator<Item = CompletionItem> {
    [
        ("system", "system \"Name\""),
        ("component", "component name: technology"),
        ("operation", "operation \"name\" { … }"),
    ]
    .into_iter()
    .map(|(keyword, detail)| CompletionItem {
        detail: Some(detail.to_string()),
        insert_text: format!("{keyword} "),
        ..item(keyword, CompletionKind::Keyword)
    })
}

/// An operation skeleton with the mechanism's required roles as tab stops.
fn operation_snippet(analysis: &Analysis, mechanism: &Mechanism) -> CompletionItem {
    let mut body = format!("operation \"${{1:name}}\" {{\n\tmechanism: {}\n", mechanism.id);
    for (stop, role) in (2..).zip(mechanism.roles.iter().filter(|r| r.required)) {
        writeln!(body, "\t{}: ${{{stop}}}", role.key).unwrap();
    }
    body.push('}');
    CompletionItem {
        detail: Some(mechanism.title.clone()),
        documentation: Some(Documentation::Card(cards::kept_mechanism_card(analysis, mechanism))),
        insert_text: body,
        snippet: true,
        ..item(&format!("operation ({})", mechanism.id), CompletionKind::Snippet)
    }
}

fn in_operation(analysis: &Analysis, operation: &Operation, line: &Line, narrowed: &mut bool) -> Vec<CompletionItem> {
    let catalog = analysis.catalog();
    let mechanism = analysis.mechanism_of(operation);
    match line.head.as_slice() {
        [] => keys(catalog, operation, mechanism, line),
        ["mechanism", ":"] => mechanisms(analysis, operation),
        ["shape", ":"] => shapes(catalog, mechanism),
        ["allow", ":", rest @ ..] => allowable(rest),
        [key, ":", rest @ ..] => {
            let Some((mechanism, role)) = mechanism.and_then(|m| Some((m, m.role(key)?))) else {
                return Vec::new();
            };
            // `rest` is the values already written, each followed by a comma.
            // A set: each candidate is checked against it, and the list may be long.
            let listed: HashSet<&str> =
                rest.chunks(2).filter_map(|pair| (pair.get(1) == Some(&",")).then_some(pair[0])).collect();
            if rest.len() % 2 != 0 || rest.chunks(2).any(|pair| pair[1] != ",") || (!listed.is_empty() && !role.list) {
                return Vec::new();
            }
            role_values(analysis, mechanism, role, &listed, line.typed, narrowed)
        }
        _ => Vec::new(),
    }
}

/// The codes `allow:` can take (warnings and hints), but those already listed before the cursor.
fn allowable(listed: &[&str]) -> Vec<CompletionItem> {
    let allowable = Code::ALL.iter().filter(|code| code.severity() != Severity::Error);
    allowable
        .filter(|code| !listed.contains(&code.as_str()))
        .map(|code| CompletionItem {
            detail: Some(code.severity().as_str().to_string()),
            documentation: Some(Documentation::Card(cards::code_card(*code))),
            ..item(code.as_str(), CompletionKind::Word)
        })
        .collect()
}

/// The keys the operation does not have yet: its mechanism first when missing, then the mechanism's roles
/// (required before optional), then the other operation keys.
fn keys(catalog: &Catalog, operation: &Operation, mechanism: Option<&Mechanism>, line: &Line) -> Vec<CompletionItem> {
    // A key on the cursor's own line is the one being edited, so it is offered again.
    let written: HashSet<&str> = operation
        .fields
        .iter()
        .filter(|f| !line.span.contains(&f.key.range.start))
        .map(|f| f.key.text.as_str())
        .collect();
    let insert = |key: &str| if line.colon_follows { key.to_string() } else { format!("{key}: ") };
    let operation_key = |key: &OperationKey| CompletionItem {
        detail: Some("operation key".to_string()),
        documentation: Some(Documentation::Card(cards::operation_key_card(key))),
        insert_text: insert(&key.key),
        ..item(&key.key, CompletionKind::Keyword)
    };
    let (mechanism_key, other_keys): (Vec<&OperationKey>, Vec<&OperationKey>) =
        catalog.operation_keys.iter().filter(|k| !written.contains(k.key.as_str())).partition(|k| k.key == "mechanism");
    let roles = mechanism.into_iter().flat_map(|mechanism| {
        let mut roles: Vec<&Role> = mechanism.roles.iter().filter(|r| !written.contains(r.key.as_str())).collect();
        roles.sort_by_key(|r| !r.required);
        roles.into_iter().map(move |role| CompletionItem {
            detail: Some(cards::required(role).to_string()),
            documentation: Some(Documentation::Card(cards::role_card(catalog, mechanism, role))),
            insert_text: insert(&role.key),
            ..item(&role.key, CompletionKind::Role)
        })
    });
    mechanism_key.into_iter().map(operation_key).chain(roles).chain(other_keys.into_iter().map(operation_key)).collect()
}

/// All mechanisms, best guess first: an operation named exactly like one of a mechanism's *used for*
/// examples is preselected; then names sharing more words with the examples; then the fit to the
/// operation's shape; then the catalog's order.
fn mechanisms(analysis: &Analysis, operation: &Operation) -> Vec<CompletionItem> {
    let catalog = analysis.catalog();
    let name = operation.name.text.trim().to_lowercase();
    let name_words = words(&name);
    let shape = operation_keys::field(catalog, operation, "shape")
        .and_then(|f| f.single_word())
        .and_then(|w| catalog.shape(&w.text));
    let mut ranked: Vec<_> = catalog
        .mechanisms
        .iter()
        .map(|m| {
            let exact = m.used_for.iter().any(|example| example.to_lowercase() == name);
            let fit = shape.and_then(|s| s.mechanisms.iter().position(|id| *id == m.id)).unwrap_or(usize::MAX);
            (exact, similarity(&name_words, m), fit, m)
        })
        .collect();
    // A stable sort keeps the catalog's order among equals.
    ranked.sort_by_key(|&(exact, similarity, fit, _)| (!exact, Reverse(similarity), fit));
    ranked
        .into_iter()
        .enumerate()
        .map(|(rank, (exact, _, _, m))| CompletionItem {
            detail: Some(m.title.clone()),
            documentation: Some(Documentation::Card(cards::kept_mechanism_card(analysis, m))),
            preselect: exact && rank == 0,
            ..item(&m.id, CompletionKind::Mechanism)
        })
        .collect()
}

/// The most name words any one example shares, then how many examples share at least one.
fn similarity(name_words: &[String], mechanism: &Mechanism) -> (usize, usize) {
    let shared: Vec<usize> = mechanism
        .used_for
        .iter()
        .map(|example| {
            let example = words(example);
            name_words.iter().filter(|w| example.iter().any(|e| same_word(w, e))).count()
        })
        .collect();
    (shared.iter().copied().max().unwrap_or(0), shared.iter().filter(|&&n| n > 0).count())
}

/// Lowercase words of two or more characters; `follow/unfollow` and `top-tag` split into two.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() > 1).map(str::to_lowercase).collect()
}

/// Equal up to a plural `s`, or one a prefix of the other (`claim`/`claims`, `cancel`/`cancellation`).
/// Short words must match whole, so `top` does not match `topic`.
fn same_word(a: &str, b: &str) -> bool {
    let (shorter, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a.strip_suffix('s').unwrap_or(a) == b.strip_suffix('s').unwrap_or(b)
        || (shorter.chars().count() >= 4 && longer.starts_with(shorter))
}

/// The shapes, those the mechanism realizes first (in the order the catalog ranks them).
fn shapes(catalog: &Catalog, mechanism: Option<&Mechanism>) -> Vec<CompletionItem> {
    let mut shapes: Vec<&Shape> = catalog.shapes.iter().collect();
    shapes
        .sort_by_key(|s| mechanism.and_then(|m| s.mechanisms.iter().position(|id| *id == m.id)).unwrap_or(usize::MAX));
    shapes
        .into_iter()
        .map(|s| CompletionItem {
            detail: Some(s.mechanisms.join(", ")),
            documentation: Some(Documentation::Card(cards::shape_card(catalog, s))),
            ..item(&s.id, CompletionKind::Shape)
        })
        .collect()
}

/// Durations offered as examples; any number with a unit is accepted.
const DURATION_EXAMPLES: [&str; 3] = ["30s", "5m", "1h"];

/// Components the role can take, then the words it accepts, then (so a misfit is never ranked above a
/// fit) the components it cannot take, each saying why. In a design with more components than one answer
/// holds, only those matching what was typed become items (the answer is cut to them anyway).
fn role_values(
    analysis: &Analysis,
    mechanism: &Mechanism,
    role: &Role,
    listed: &HashSet<&str>,
    typed: &str,
    narrowed: &mut bool,
) -> Vec<CompletionItem> {
    let catalog = analysis.catalog();
    let mut fitting = Vec::new();
    let mut misfits = Vec::new();
    if role.accepts_components() {
        let many = analysis.file.components.len() > LIMIT;
        *narrowed = many;
        let typed = Typed::new(typed);
        for (index, component) in analysis.file.components.iter().enumerate() {
            // Fitting components come first, so once they fill an answer the rest cannot make it in.
            if many && fitting.len() == LIMIT {
                break;
            }
            let name = component.name.text.as_str();
            // A repeated declaration is not a second component: the name refers to the first.
            if analysis.component(name).map(|(first, _)| first) != Some(index)
                || listed.contains(name)
                || (many && !typed.matches(name))
            {
                continue;
            }
            if analysis.fits(role, index) {
                fitting.push(index);
            } else {
                misfits.push(index);
            }
        }
    }
    let words = role.words.iter().filter(|w| !listed.contains(w.as_str())).map(|word| CompletionItem {
        detail: Some(format!("word for {}", role.key)),
        documentation: Some(Documentation::Card(cards::value_card(catalog, word, Binding::Word, mechanism, role))),
        ..item(word, CompletionKind::Word)
    });
    let durations = DURATION_EXAMPLES.iter().filter(|_| role.duration).map(|duration| CompletionItem {
        detail: Some("duration".to_string()),
        documentation: Some(Documentation::Card(cards::value_card(
            catalog,
            duration,
            Binding::Duration,
            mechanism,
            role,
        ))),
        ..item(duration, CompletionKind::Word)
    });
    // What fills the role by its main kind first (a queue before a database that can also be one).
    fitting.sort_by_key(|&index| {
        let main = analysis.kinds_of(&analysis.file.components[index]).first();
        !main.is_some_and(|kind| role.accepts_kind(kind))
    });
    // Each kept component becomes an item only here, once the list is no longer than an answer holds.
    let fits = fitting.into_iter().take(LIMIT + 1).map(|index| component_item(analysis, index, None));
    let misfits = misfits.into_iter().take(LIMIT + 1).map(|index| {
        let component = &analysis.file.components[index];
        let name = echo(&component.name.text);
        let what = match analysis.what_it_is(component) {
            None => format!("{name} has no known technology"),
            Some(what) => format!("{name} is {what}"),
        };
        component_item(analysis, index, Some(format!("{what}; {} takes {}", role.key, role.accepts_phrase(catalog))))
    });
    fits.chain(words).chain(durations).chain(misfits).collect()
}

/// Whether a label contains what was typed, ignoring case: how a cut list is narrowed.
fn matches_typed(label: &str, typed: &str) -> bool {
    Typed::new(typed).matches(label)
}

/// What was typed, lowercased once for matching against many labels.
struct Typed(String);

impl Typed {
    fn new(typed: &str) -> Typed {
        Typed(typed.to_lowercase())
    }

    fn matches(&self, label: &str) -> bool {
        let typed = self.0.as_str();
        if typed.is_empty() {
            return true;
        }
        // Most names are ASCII: compared in place, without lowercasing a copy of each.
        if label.is_ascii() {
            let typed = typed.as_bytes();
            return label.as_bytes().windows(typed.len()).any(|window| window.eq_ignore_ascii_case(typed));
        }
        label.to_lowercase().contains(typed)
    }
}

/// A declared component; `detail` defaults to its technology and kinds.
fn component_item(analysis: &Analysis, index: usize, detail: Option<String>) -> CompletionItem {
    let component = &analysis.file.components[index];
    let detail = detail.or_else(|| {
        let technology = component.technology.as_ref()?;
        let kinds = analysis.kinds_of(component);
        Some(if kinds.is_empty() {
            echo(&technology.text).to_string()
        } else {
            let kinds: Vec<String> = kinds.iter().map(|k| analysis.catalog().kind_name(k)).collect();
            format!("{} · {}", technology.text, kinds.join(", "))
        })
    });
    CompletionItem {
        detail,
        documentation: Some(Documentation::Component(component.name.text.clone())),
        ..item(&component.name.text, CompletionKind::Component)
    }
}

/// The card of the component named `name`, for the completion item the editor shows.
pub fn component_documentation(analysis: &Analysis, name: &str) -> Option<String> {
    analysis.component(name).map(|(index, _)| cards::component_card(analysis, index))
}

/// The operation whose block holds `offset`. A block missing its `}` runs until the next operation
/// header (the lowering already splits there) or a line starting a top-level declaration.
fn enclosing_operation<'a>(analysis: &'a Analysis, text: &str, offset: usize) -> Option<&'a Operation> {
    // Operations are in source order: the one sought is the last with its `{` before the cursor.
    let operations = &analysis.file.operations;
    let started = &operations[..operations.partition_point(|o| o.range.start < offset)];
    let operation = started.iter().rev().find(|o| !o.open_brace.is_empty() && o.open_brace.end <= offset)?;
    if operation.closed {
        return (offset < operation.range.end).then_some(operation);
    }
    let declaration_follows = text[operation.open_brace.end..offset]
        .lines()
        .any(|line| matches!(line.split_whitespace().next(), Some("system" | "component")));
    (!declaration_follows).then_some(operation)
}

fn in_comment_or_string(before: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for c in before.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '#' {
            return true;
        }
    }
    in_string
}

/// A rough split of a line into words, strings and the punctuation `:`, `,`, `{`, `}`.
fn tokens(line: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut rest = line.trim_start();
    while let Some(c) = rest.chars().next() {
        let len = match c {
            ':' | ',' | '{' | '}' => 1,
            '"' => rest[1..].find('"').map_or(rest.len(), |end| end + 2),
            _ => {
                rest.find(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '{' | '}' | '"')).unwrap_or(rest.len())
            }
        };
        tokens.push(&rest[..len]);
        rest = rest[len..].trim_start();
    }
    tokens
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn item(label: &str, kind: CompletionKind) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind,
        detail: None,
        documentation: None,
        insert_text: label.to_string(),
        snippet: false,
        replace: 0..0,
        preselect: false,
        sort_text: String::new(),
        filter_text: None,
    }
}
