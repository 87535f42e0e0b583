//! Checks that a `path:` is normalized: `METHOD /segment/{param}`, upper-case method, parameters in braces
//! instead of literal ids or other routers' `:param` and `*`, no trailing slash.

use super::Sink;
use crate::analysis::Code;
use crate::syntax::{Field, Value, NOT_A_PATH};
use crate::text::echo;

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub(super) fn check(field: &Field, sink: &mut Sink) {
    let (method, path) = match &field.value {
        Some(Value::Path(value)) => (&value.method, &value.path),
        Some(other) => {
            sink.report(Code::InvalidValue, other.range(), NOT_A_PATH);
            return;
        }
        None => {
            sink.report(
                Code::MissingValue,
                field.key.range.clone(),
                "`path` has no value; write the normalized path, e.g. `POST /orders`",
            );
            return;
        }
    };
    if let Some(method) = method {
        let upper = method.text.to_uppercase();
        if !METHODS.contains(&upper.as_str()) {
            sink.report(
                Code::PathNotNormalized,
                method.range.clone(),
                format!("`{}` is not an HTTP method; use one of {}", echo(&method.text), METHODS.join(", ")),
            );
        } else if method.text != upper {
            sink.report(
                Code::PathNotNormalized,
                method.range.clone(),
                format!("write the method in upper case: `{upper}`"),
            );
        }
    }
    let text = &path.text;
    if text.len() > 1 && text.ends_with('/') {
        let end = path.range.end;
        sink.report(
            Code::PathNotNormalized,
            end - 1..end,
            format!("drop the trailing slash: `{}`", echo(text.trim_end_matches('/'))),
        );
    }
    let mut offset = path.range.start + 1;
    let segments: Vec<&str> = text[1..].split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        // An empty segment is flagged on the doubled `/` that follows it.
        let range = offset..offset + segment.len().max(1);
        offset += segment.len() + 1;
        if let Some(message) = segment_problem(segment, i.checked_sub(1).map(|p| segments[p]), i + 1 == segments.len())
        {
            sink.report(Code::PathNotNormalized, range, message);
        }
    }
}

fn segment_problem(segment: &str, previous: Option<&str>, last: bool) -> Option<String> {
    if segment.is_empty() {
        // The trailing slash is reported on its own; an empty segment elsewhere is a `//`.
        return (!last).then(|| "empty path segment: remove the doubled `/`".to_string());
    }
    if let Some(inner) = segment.strip_prefix('{') {
        let Some(name) = inner.strip_suffix('}') else {
            return Some(format!(
                "unclosed parameter `{}`: write `{{{}}}`",
                echo(segment),
                echo(inner.trim_end_matches('}'))
            ));
        };
        return name.is_empty().then(|| "a parameter needs a name, e.g. `{id}`".to_string());
    }
    // Other routers' parameters: Express and Rails `:name`, wildcards `*` and Express 5's `*name`.
    if let Some(name) = segment.strip_prefix(':').map(name_prefix).filter(|n| !n.is_empty()) {
        return Some(format!("write the parameter as `{{{}}}`", echo(name)));
    }
    if let Some(rest) = segment.strip_prefix('*') {
        return Some(match name_prefix(rest.trim_start_matches('*')) {
            "" => "write the wildcard as a named parameter, e.g. `{path}`".to_string(),
            name => format!("write the wildcard as a parameter: `{{{}}}`", echo(name)),
        });
    }
    if segment.contains(['{', '}']) {
        return Some(format!(
            "`{}` mixes text and braces; a parameter is a whole segment, e.g. `{{id}}`",
            echo(segment)
        ));
    }
    if looks_like_id(segment) {
        return Some(format!(
            "`{}` looks like a literal id; use a parameter such as `{{{}}}`",
            echo(segment),
            param_name(previous)
        ));
    }
    None
}

/// The name a `:name` or `*name` segment starts with, before any pattern or `?` (`:id(\\d+)` → `id`).
fn name_prefix(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(text.len());
    &text[..end]
}

/// Digits, a UUID, or a long hex string: values, not names.
fn looks_like_id(segment: &str) -> bool {
    let digits = segment.chars().all(|c| c.is_ascii_digit());
    let hex = segment.len() >= 8
        && segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        && segment.chars().any(|c| c.is_ascii_digit());
    digits || hex
}

/// `users` → `user_id`; the parameter name a reader would expect after that collection.
fn param_name(previous: Option<&str>) -> String {
    match previous {
        Some(collection)
            if !collection.starts_with('{') && collection.chars().all(|c| c.is_alphanumeric() || c == '_') =>
        {
            format!("{}_id", echo(collection.strip_suffix('s').unwrap_or(collection)))
        }
        _ => "id".to_string(),
    }
}
