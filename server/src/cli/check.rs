//! `design-ls check`: analyze each folder's `.design` files as one design, against the catalog its
//! `design.toml` files make, and report the files asked for (see [`super::report`]).

use super::design_toml::Configs;
use super::designs::{self, Design};
use super::report::{self, Checked, Finding, Report};
use super::Format;
use crate::analysis::Severity;
use crate::catalog::Catalog;
use crate::config::{Applied, Config};
use crate::disk::files::{self, Found};
use crate::disk::read;
use crate::host::{self, Change, FileId};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

/// Checks the files and folders, prints the report, and returns the exit status: 2 when any path could not
/// be checked (the others are still reported, but a path left unchecked must not pass a build), else 1 when
/// any file has an error, 0 otherwise.
pub fn run(paths: &[PathBuf], format: Format) -> i32 {
    let builtin = Catalog::builtin();
    let (designs, unchecked) = designs::group(files::collect(paths));
    let mut reports: Vec<Report> = unchecked.into_iter().map(not_checked).collect();
    let mut configs = Configs::default();
    for design in designs {
        reports.extend(check(design, &builtin, &mut configs));
    }
    reports.extend(configs.reports());
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    let output = match format {
        Format::Human => report::human(&reports),
        Format::Json => report::json(&reports),
    };
    super::print(&output);
    if reports.iter().any(|r| r.checked.is_err()) {
        return 2;
    }
    let has_errors = report::findings(&reports).any(|f| f.severity == Severity::Error);
    i32::from(has_errors)
}

fn not_checked(found: Found) -> Report {
    let why = found.source.err().expect("only paths that cannot be read are not checked");
    Report { path: found.path, checked: Err(why) }
}

/// The reports of a design's files: each analyzed with its siblings as one text, its diagnostics at the
/// levels the design.toml files set.
fn check(design: Design, builtin: &Arc<Catalog>, configs: &mut Configs) -> Vec<Report> {
    let read: Vec<Rc<Config>> = design.configs.into_iter().filter_map(|found| configs.read(found)).collect();
    let applied = Applied::new(builtin, &read.iter().map(|config| &**config).collect::<Vec<_>>());
    let mut analysis = host::Design::new(applied.catalog().clone());
    let mut reports = Vec::new();
    let mut asked = Vec::new();
    let mut files: Vec<(Found, bool)> =
        design.files.into_iter().map(|f| (f, true)).chain(design.siblings.into_iter().map(|f| (f, false))).collect();
    files.sort_by(|(a, _), (b, _)| a.path.file_name().cmp(&b.path.file_name()));
    for (index, (found, reported)) in files.into_iter().enumerate() {
        // The design joins its files in the order of their ids: numbers in the order of the names, as
        // two names differing only in bytes that are not UTF-8 would make one id.
        let file = FileId::new(&format!("{index:09}"));
        match found.source.and_then(|source| read::read(&source)) {
            Ok(text) => {
                // A file's text on disk is never refused.
                let _ = analysis.apply(Change::Disk { file: file.clone(), text: Some(text) });
                if reported {
                    asked.push((found.path, file));
                }
            }
            Err(why) if reported => reports.push(Report { path: found.path, checked: Err(why) }),
            // A sibling that cannot be read is left out: checking its folder says why.
            Err(_) => {}
        }
    }
    let panicked = !analysis.analyze().is_empty();
    let snapshot = analysis.snapshot();
    for (path, file) in asked {
        let checked = match (panicked, snapshot.file(&file)) {
            (false, Some(analyzed)) => {
                let diagnostics = applied.apply(analyzed.diagnostics());
                Ok(Checked {
                    rope: analyzed.rope.clone(),
                    findings: diagnostics.into_iter().map(Finding::from).collect(),
                })
            }
            _ => {
                Err("design-ls failed while analyzing this file's design, so it was not checked; please report it"
                    .into())
            }
        };
        reports.push(Report { path, checked });
    }
    reports
}
