//! design-bench: generates realistic `.design` files and measures the design-ls server on them over stdio,
//! as an editor drives it. See README.md.

mod args;
mod checks;
mod generate;
mod lsp;
mod machine;
mod measure;
mod memory;
mod report;
mod rng;
mod stats;
mod watchdog;

use args::{Command, RunOptions};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// The README's copy of the summary table sits between these lines.
const SUMMARY_START: &str = "<!-- summary: written by `design-bench run` -->";
const SUMMARY_END: &str = "<!-- end of summary -->";
/// Notes written by hand at the end of a report, from this line on, are kept when it is written anew.
const NOTES_START: &str = "<!-- notes: written by hand, kept by design-bench run -->";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&args) {
        Ok(Command::Generate { lines, seed }) => {
            print!("{}", generate::generate(lines, seed).text);
            ExitCode::SUCCESS
        }
        Ok(Command::Run(options)) => run(&options),
        Err(message) => {
            eprintln!("design-bench: {message}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
    }
}

fn run(options: &RunOptions) -> ExitCode {
    if !options.server.is_file() {
        let profile = if options.smoke { "" } else { " --release" };
        println!(
            "✗ bench: no server at {} (build it with `cargo build{profile} -p design-ls`)",
            options.server.display()
        );
        return ExitCode::FAILURE;
    }
    let machine = machine::Machine::describe(&options.server);
    let mut results = Vec::new();
    for &size in &options.sizes {
        eprintln!("design-bench: {size} lines against {}", options.server.display());
        let started = Instant::now();
        let result = measure::measure(size, options);
        match &result {
            Ok(_) => eprintln!("design-bench: {size} lines done in {:.1} s", started.elapsed().as_secs_f64()),
            Err(error) => eprintln!("design-bench: {size} lines failed: {error}"),
        }
        results.push((size, result));
    }
    let mut memory = Vec::new();
    for &megabytes in &options.memory {
        eprintln!("design-bench: memory of {megabytes} MB");
        let result = memory::measure(megabytes, options);
        if let Err(error) = &result {
            eprintln!("design-bench: memory of {megabytes} MB failed: {error}");
        }
        memory.push((megabytes, result));
    }
    let failed = results.iter().any(|(_, result)| result.is_err()) || memory.iter().any(|(_, result)| result.is_err());
    if options.smoke {
        match &results[0].1 {
            Ok(r) => println!(
                "✓ bench smoke: {} lines, initialize {:.1?}, open → diagnostics {:.1?}, hover p99 {:.1?}, \
                 keystroke → diagnostics p99 {:.1?}, burst of {} → final diagnostics {:.1?}, peak RSS {} KiB",
                r.lines,
                r.initialize,
                r.open,
                r.hover_all.p99,
                r.keystroke_all.p99,
                measure::BURST,
                r.burst_from_last,
                r.peak_rss_kib
            ),
            Err(error) => println!("✗ bench smoke: {error}"),
        }
    } else {
        println!("{}", report::summary(&results));
        if !memory.is_empty() {
            println!("{}", report::memory_table(&memory));
        }
        for (size, result) in &results {
            if let Err(error) = result {
                println!("✗ bench {size} lines: {error}");
            }
        }
        for (megabytes, result) in &memory {
            if let Err(error) = result {
                println!("✗ bench memory of {megabytes} MB: {error}");
            }
        }
    }
    if let Some(path) = &options.report {
        let mut markdown = report::markdown(&machine, &results, &memory, options.samples);
        let previous = std::fs::read_to_string(path).unwrap_or_default();
        if let Some(notes) = previous.find(NOTES_START) {
            markdown.push('\n');
            markdown.push_str(&previous[notes..]);
        }
        if let Err(error) = std::fs::write(path, markdown) {
            println!("✗ bench: cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("design-bench: wrote {}", path.display());
        let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        if path.parent() == readme.parent() && !options.smoke {
            update_readme(&readme, &report::summary(&results), &machine);
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Replaces the summary table in the README with the latest one, when a report is written beside it.
fn update_readme(readme: &Path, summary: &str, machine: &machine::Machine) {
    let Ok(text) = std::fs::read_to_string(readme) else { return };
    let (Some(start), Some(end)) = (text.find(SUMMARY_START), text.find(SUMMARY_END)) else { return };
    let table = format!(
        "{SUMMARY_START}\n\n{}, on {} ({} cores, {}, load average {} at the start), {} build; details in \
         [REPORT.md](REPORT.md):\n\n{summary}\n",
        machine.date, machine.cpu, machine.cores, machine.memory, machine.load, machine.profile
    );
    let updated = format!("{}{table}{}", &text[..start], &text[end..]);
    if let Err(error) = std::fs::write(readme, updated) {
        eprintln!("design-bench: cannot update {}: {error}", readme.display());
    }
}
