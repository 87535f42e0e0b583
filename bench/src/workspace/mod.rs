//! `design-bench workspace`: the server on a generated workspace of many files in many folders, each folder
//! one design, timed as issue 11 asks (see README.md, "Workspace mode").

mod awaiting;
mod measure;
mod report;
mod scratch;

use crate::args::WorkspaceOptions;
use crate::machine::Machine;
use crate::sections::{self, WORKSPACE_SUMMARY};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(options: &WorkspaceOptions) -> ExitCode {
    if crate::missing_server(&options.server, options.smoke) {
        return ExitCode::FAILURE;
    }
    let machine = Machine::describe(&options.server);
    let shape = options.shape;
    eprintln!(
        "design-bench: a workspace of {} files of {} lines in {} folders against {}",
        shape.files,
        shape.lines,
        shape.folders,
        options.server.display()
    );
    let started = Instant::now();
    let result = measure::measure(options);
    match &result {
        Ok(_) => eprintln!("design-bench: workspace done in {:.1} s", started.elapsed().as_secs_f64()),
        Err(error) => eprintln!("design-bench: workspace failed: {error}"),
    }
    if options.smoke {
        match &result {
            Ok(r) => println!(
                "✓ workspace smoke: {} files, {} lines, start → every file's diagnostics {:.1?}, \
                 keystroke p99 {:.1?}, rename → {} files' diagnostics p99 {:.1?}, \
                 change on disk → diagnostics p99 {:.1?}, peak RSS {} KiB",
                r.files, r.lines, r.start, r.keystroke.p99, r.rename_files, r.rename.p99, r.watched.p99, r.peak_rss_kib
            ),
            Err(error) => println!("✗ workspace smoke: {error}"),
        }
    } else {
        println!("{}", report::summary(shape, &result));
        if let Err(error) = &result {
            println!("✗ bench workspace: {error}");
        }
    }
    if let Some(path) = &options.report {
        let previous = std::fs::read_to_string(path).unwrap_or_default();
        let updated = sections::with_workspace(&previous, &report::section(&machine, shape, &result));
        if let Err(error) = std::fs::write(path, updated) {
            println!("✗ bench: cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("design-bench: wrote the workspace section of {}", path.display());
        let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        if path.parent() == readme.parent() && !options.smoke {
            sections::update_readme(&readme, &WORKSPACE_SUMMARY, &report::summary(shape, &result), &machine);
        }
    }
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
