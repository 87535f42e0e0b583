//! `design-ls check`: analyze files and report their diagnostics for people (rustc-style) or tools (JSON).

use super::files::{self, Found};
use super::read;
use super::Format;
use crate::analysis::{analyze_text, Diagnostic, Severity};
use crate::catalog::Catalog;
use crate::text::{offset_to_position, Encoding};
use ropey::Rope;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use unicode_width::UnicodeWidthChar;

/// The code of the one error reported for a path that could not be checked. It is not an analysis code:
/// nothing was analyzed.
const NOT_CHECKED: &str = "not-checked";

/// One path from the command line or a folder: what checking it found, or why it could not be checked.
struct Report {
    path: PathBuf,
    checked: Result<Checked, String>,
}

struct Checked {
    rope: Rope,
    diagnostics: Vec<Diagnostic>,
}

/// A diagnostic's range as people count it: 0-based lines, columns in chars.
struct Span {
    start: (usize, usize),
    end: (usize, usize),
}

impl Span {
    fn of(rope: &Rope, diagnostic: &Diagnostic) -> Span {
        Span {
            start: offset_to_position(rope, diagnostic.range.start, Encoding::Utf32),
            end: offset_to_position(rope, diagnostic.range.end, Encoding::Utf32),
        }
    }
}

/// Checks the files and folders, prints the report, and returns the exit status: 2 when any path could not
/// be checked (the others are still reported, but a path left unchecked must not pass a build), else 1 when
/// any file has an error, 0 otherwise.
pub fn run(paths: &[PathBuf], format: Format) -> i32 {
    let catalog = Catalog::builtin();
    let reports: Vec<Report> = files::collect(paths).into_iter().map(|found| check(found, &catalog)).collect();
    let output = match format {
        Format::Human => human(&reports),
        Format::Json => json(&reports),
    };
    super::print(&output);
    if reports.iter().any(|r| r.checked.is_err()) {
        return 2;
    }
    let has_errors = diagnostics(&reports).any(|d| d.severity == Severity::Error);
    i32::from(has_errors)
}

fn check(found: Found, catalog: &Arc<Catalog>) -> Report {
    let checked = found.source.and_then(|source| read::read(&source)).map(|text| Checked {
        diagnostics: analyze_text(&text, Arc::clone(catalog)).diagnostics,
        rope: Rope::from_str(&text),
    });
    Report { path: found.path, checked }
}

fn diagnostics(reports: &[Report]) -> impl Iterator<Item = &Diagnostic> {
    reports.iter().filter_map(|r| r.checked.as_ref().ok()).flat_map(|c| &c.diagnostics)
}

/// Every diagnostic as `file:line:col: severity: message [code]`, the source line and a caret under the
/// range, each path not checked as `file: error: why [not-checked]`, then a summary line.
fn human(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        let checked = match &report.checked {
            Ok(checked) => checked,
            Err(reason) => {
                let _ = writeln!(out, "{}: error: {reason} [{NOT_CHECKED}]\n", report.path.display());
                continue;
            }
        };
        for diagnostic in &checked.diagnostics {
            let span = Span::of(&checked.rope, diagnostic);
            let (line, column) = span.start;
            let _ = writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                report.path.display(),
                line + 1,
                column + 1,
                diagnostic.severity.as_str(),
                diagnostic.message,
                diagnostic.code.as_str()
            );
            snippet(&mut out, &checked.rope, &span);
            out.push('\n');
        }
    }
    out.push_str(&summary(reports));
    out.push('\n');
    out
}

/// ` 12 | source line` and `    |     ^^^^` under the range's part on its first line (at least one caret, so
/// an empty range such as a missing `}` still points somewhere). Tabs become four spaces in both lines, and
/// the carets count terminal columns (two for CJK and emoji), so they stay under the range.
fn snippet(out: &mut String, rope: &Rope, span: &Span) {
    let (line, column) = span.start;
    let source: String = rope.line(line).chars().take_while(|c| !matches!(c, '\n' | '\r')).collect();
    let end = if span.end.0 == line { span.end.1 } else { source.chars().count() };
    let pad = display_width(source.chars().take(column));
    let carets = display_width(source.chars().skip(column).take(end.saturating_sub(column))).max(1);
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());
    let _ = writeln!(out, "{}", format!(" {number} | {}", source.replace('\t', "    ")).trim_end());
    let _ = writeln!(out, " {gutter} | {}{}", " ".repeat(pad), "^".repeat(carets));
}

fn display_width(chars: impl Iterator<Item = char>) -> usize {
    chars.map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) }).sum()
}

/// `2 errors, 1 warning in 3 files`; information and hints are counted only when present, and so are paths
/// not checked (`; 1 path not checked`).
fn summary(reports: &[Report]) -> String {
    let count = |severity| diagnostics(reports).filter(|d| d.severity == severity).count();
    let mut parts = vec![plural(count(Severity::Error), "error"), plural(count(Severity::Warning), "warning")];
    let (infos, hints) = (count(Severity::Information), count(Severity::Hint));
    if infos > 0 {
        parts.push(format!("{infos} info"));
    }
    if hints > 0 {
        parts.push(plural(hints, "hint"));
    }
    let checked = reports.iter().filter(|r| r.checked.is_ok()).count();
    let mut line = format!("{} in {}", parts.join(", "), plural(checked, "file"));
    if checked < reports.len() {
        let _ = write!(line, "; {} not checked", plural(reports.len() - checked, "path"));
    }
    line
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The JSON form of one diagnostic: 1-based lines and char columns; the end is exclusive. A path not checked
/// has no position: its lines and columns are `null`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
}

fn json(reports: &[Report]) -> String {
    let mut items = Vec::new();
    for report in reports {
        let file = report.path.display().to_string();
        match &report.checked {
            Ok(checked) => items.extend(checked.diagnostics.iter().map(|d| json_diagnostic(&file, &checked.rope, d))),
            Err(reason) => items.push(JsonDiagnostic {
                file,
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                severity: Severity::Error.as_str(),
                code: NOT_CHECKED,
                message: reason,
            }),
        }
    }
    let mut out = serde_json::to_string_pretty(&items).expect("diagnostics serialize");
    out.push('\n');
    out
}

fn json_diagnostic<'a>(file: &str, rope: &Rope, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let span = Span::of(rope, diagnostic);
    JsonDiagnostic {
        file: file.to_string(),
        line: Some(span.start.0 + 1),
        column: Some(span.start.1 + 1),
        end_line: Some(span.end.0 + 1),
        end_column: Some(span.end.1 + 1),
        severity: diagnostic.severity.as_str(),
        code: diagnostic.code.as_str(),
        message: &diagnostic.message,
    }
}
