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
mod sections;
mod stats;
mod watchdog;
mod workspace;

use args::{Command, RunOptions};
use sections::NOTES_START;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&args) {
        Ok(Command::Generate { lines, seed }) => {
            print!("{}", generate::generate(lines, seed).text);
            ExitCode::SUCCESS
        }
        Ok(Command::GenerateWorkspace { shape, seed, out }) => {
            let workspace = generate::generate_workspace(shape.files, shape.lines, shape.folders, seed);
            match workspace.write(&out) {
                Ok(()) => {
                    eprintln!(
                        "design-bench: wrote {} files in {} folders ({} lines, {} planted diagnostics) into {}",
                        shape.files,
                        shape.folders,
                        workspace.lines(),
                        workspace.planted(),
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("design-bench: cannot write the workspace into {}: {error}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Ok(Command::Run(options)) => run(&options),
        Ok(Command::Workspace(options)) => workspace::run(&options),
        Err(message) => {
            eprintln!("design-bench: {message}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
    }
}

/// Says so when there is no server to measure at `server`.
fn missing_server(server: &Path, smoke: bool) -> bool {
    if server.is_file() {
        return false;
    }
    let profile = if smoke { "" } else { " --release" };
    println!("✗ bench: no server at {} (build it with `cargo build{profile} -p design-ls`)", server.display());
    true
}

fn run(options: &RunOptions) -> ExitCode {
    if missing_server(&options.server, options.smoke) {
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
        if let Some(workspace) = sections::WORKSPACE.find(&previous) {
            markdown.push('\n');
            markdown.push_str(workspace);
            markdown.push('\n');
        }
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
            sections::update_readme(&readme, &sections::SUMMARY, &report::summary(&results), &machine);
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
