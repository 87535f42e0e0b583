//! `design-ls check`: analyze files and report their diagnostics for people (rustc-style) or tools (JSON).

use super::files;
use super::Format;
use crate::analysis::{analyze_text, Diagnostic, Severity};
use crate::text::{offset_to_position, Encoding};
use ropey::Rope;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One checked file.
struct Report {
    path: PathBuf,
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

/// Checks the files and folders, prints the report, and returns the exit status: 1 when any file has an
/// error, 2 when a path cannot be read (nothing is reported then), 0 otherwise.
pub fn run(paths: &[PathBuf], format: Format) -> i32 {
    let reports = match files::collect(paths).and_then(check_all) {
        Ok(reports) => reports,
        Err(message) => {
            eprintln!("design-ls: {message}");
            return 2;
        }
    };
    let output = match format {
        Format::Human => human(&reports),
        Format::Json => json(&reports),
    };
    super::print(&output);
    let has_errors = reports.iter().flat_map(|r| &r.diagnostics).any(|d| d.severity == Severity::Error);
    i32::from(has_errors)
}

/// Reads every file before reporting anything, so an unreadable one stops the run with no partial output.
fn check_all(files: Vec<PathBuf>) -> Result<Vec<Report>, String> {
    files.into_iter().map(check_file).collect()
}

fn check_file(path: PathBuf) -> Result<Report, String> {
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {}", path.display(), files::describe(&e)))?;
    let diagnostics = analyze_text(&text).diagnostics;
    Ok(Report { path, rope: Rope::from_str(&text), diagnostics })
}

/// Every diagnostic as `file:line:col: severity: message [code]`, the source line and a caret under the
/// range, then a summary line.
fn human(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            let span = Span::of(&report.rope, diagnostic);
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
            snippet(&mut out, &report.rope, &span);
            out.push('\n');
        }
    }
    out.push_str(&summary(reports));
    out.push('\n');
    out
}

/// ` 12 | source line` and `    |     ^^^^` under the range's part on its first line (at least one caret, so
/// an empty range such as a missing `}` still points somewhere). Tabs become four spaces in both lines so
/// the caret stays aligned.
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
    chars.map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// `2 errors, 1 warning in 3 files`; information and hints are counted only when present.
fn summary(reports: &[Report]) -> String {
    let count = |severity| reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.severity == severity).count();
    let mut parts = vec![plural(count(Severity::Error), "error"), plural(count(Severity::Warning), "warning")];
    let (infos, hints) = (count(Severity::Information), count(Severity::Hint));
    if infos > 0 {
        parts.push(format!("{infos} info"));
    }
    if hints > 0 {
        parts.push(plural(hints, "hint"));
    }
    format!("{} in {}", parts.join(", "), plural(reports.len(), "file"))
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The JSON form of one diagnostic: 1-based lines and char columns; the end is exclusive.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
}

fn json(reports: &[Report]) -> String {
    let items: Vec<JsonDiagnostic> = reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(move |d| json_diagnostic(&report.path, &report.rope, d)))
        .collect();
    let mut out = serde_json::to_string_pretty(&items).expect("diagnostics serialize");
    out.push('\n');
    out
}

fn json_diagnostic<'a>(path: &Path, rope: &Rope, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let span = Span::of(rope, diagnostic);
    JsonDiagnostic {
        file: path.display().to_string(),
        line: span.start.0 + 1,
        column: span.start.1 + 1,
        end_line: span.end.0 + 1,
        end_column: span.end.1 + 1,
        severity: diagnostic.severity.as_str(),
        code: diagnostic.code.as_str(),
        message: &diagnostic.message,
    }
}
