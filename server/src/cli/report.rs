//! What `design-ls check` prints: each file's findings for people (rustc-style) or tools (JSON), and each
//! path it could not check.

use crate::analysis::{Diagnostic, Severity};
use crate::text::{offset_to_position, Encoding};
use ropey::Rope;
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;
use unicode_width::UnicodeWidthChar;

/// The code of the one error reported for a path that could not be checked. It is not an analysis code:
/// nothing was analyzed.
const NOT_CHECKED: &str = "not-checked";

/// One file checked, a `.design` file or a `design.toml`: what checking it found, or why it could not be
/// checked.
pub struct Report {
    pub path: PathBuf,
    pub checked: Result<Checked, String>,
}

pub struct Checked {
    pub rope: Rope,
    pub findings: Vec<Finding>,
}

/// A diagnostic of a `.design` file or a problem of a `design.toml`, at a byte range of the file.
pub struct Finding {
    pub range: Range<usize>,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

impl From<Diagnostic> for Finding {
    fn from(diagnostic: Diagnostic) -> Finding {
        let Diagnostic { range, code, severity, message } = diagnostic;
        Finding { range, severity, code: code.as_str(), message }
    }
}

/// A finding's range as people count it: 0-based lines, columns in chars.
struct Span {
    start: (usize, usize),
    end: (usize, usize),
}

impl Span {
    fn of(rope: &Rope, finding: &Finding) -> Span {
        Span {
            start: offset_to_position(rope, finding.range.start, Encoding::Utf32),
            end: offset_to_position(rope, finding.range.end, Encoding::Utf32),
        }
    }
}

pub fn findings(reports: &[Report]) -> impl Iterator<Item = &Finding> {
    reports.iter().filter_map(|r| r.checked.as_ref().ok()).flat_map(|c| &c.findings)
}

/// Every finding as `file:line:col: severity: message [code]`, the source line and a caret under the
/// range, each path not checked as `file: error: why [not-checked]`, then a summary line.
pub fn human(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        let checked = match &report.checked {
            Ok(checked) => checked,
            Err(reason) => {
                let _ = writeln!(out, "{}: error: {reason} [{NOT_CHECKED}]\n", report.path.display());
                continue;
            }
        };
        for finding in &checked.findings {
            let span = Span::of(&checked.rope, finding);
            let (line, column) = span.start;
            let _ = writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                report.path.display(),
                line + 1,
                column + 1,
                finding.severity.as_str(),
                finding.message,
                finding.code
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
    let count = |severity| findings(reports).filter(|f| f.severity == severity).count();
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

/// The JSON form of one finding: 1-based lines and char columns; the end is exclusive. A path not checked
/// has no position: its lines and columns are `null`.
#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
}

pub fn json(reports: &[Report]) -> String {
    let mut items = Vec::new();
    for report in reports {
        let file = report.path.display().to_string();
        match &report.checked {
            Ok(checked) => items.extend(checked.findings.iter().map(|f| json_finding(&file, &checked.rope, f))),
            Err(reason) => items.push(JsonFinding {
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
    let mut out = serde_json::to_string_pretty(&items).expect("findings serialize");
    out.push('\n');
    out
}

fn json_finding<'a>(file: &str, rope: &Rope, finding: &'a Finding) -> JsonFinding<'a> {
    let span = Span::of(rope, finding);
    JsonFinding {
        file: file.to_string(),
        line: Some(span.start.0 + 1),
        column: Some(span.start.1 + 1),
        end_line: Some(span.end.0 + 1),
        end_column: Some(span.end.1 + 1),
        severity: finding.severity.as_str(),
        code: finding.code,
        message: &finding.message,
    }
}
