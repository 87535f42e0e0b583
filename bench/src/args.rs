//! The command line: `generate`, `generate-workspace`, `run` and `workspace`, with their options and defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub const USAGE: &str = "\
usage: design-bench generate --lines N [--seed S]
       design-bench generate-workspace --out DIR [--files 500] [--lines 200] [--folders 25] [--seed S]
       design-bench run [--sizes 1000,10000,50000,200000] [--memory 1,10,22|none] [--server PATH]
                        [--report PATH] [--samples N] [--seed S] [--timeout SECONDS] [--smoke]
       design-bench workspace [--files 500] [--lines 200] [--folders 25] [--server PATH]
                        [--report PATH] [--samples N] [--seed S] [--timeout SECONDS] [--smoke]

generate            prints a realistic design of N lines on stdout
generate-workspace  writes a workspace of that many files of about that many lines, over that many
                    folders (each folder one design), into DIR
run                 drives the design-ls binary over stdio at each size and reports its latencies, then
                    the memory of designs of each --memory size in MB (10^6 bytes)
                    (defaults: target/release/design-ls, report in bench/REPORT.md, 60 samples, timeout
                    120 s); --smoke runs 1000 lines with 8 samples against target/debug/design-ls, measures
                    no memory and writes no report unless --report is given
workspace           generates a workspace into a temporary folder, starts the server on it and times every
                    file's diagnostics at start, a keystroke, a rename used across a folder and a file
                    changed on disk; writes its section of the report (same defaults as run); --smoke
                    runs 20 files of 50 lines over 2 folders with 8 samples against target/debug/design-ls";

pub enum Command {
    Generate { lines: usize, seed: u64 },
    GenerateWorkspace { shape: Shape, seed: u64, out: PathBuf },
    Run(RunOptions),
    Workspace(WorkspaceOptions),
}

/// How big a generated workspace is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub files: usize,
    /// Lines per file.
    pub lines: usize,
    pub folders: usize,
}

impl Shape {
    /// The workspace of issue 11's targets.
    pub const TARGETS: Shape = Shape { files: 500, lines: 200, folders: 25 };
    const SMOKE: Shape = Shape { files: 20, lines: 50, folders: 2 };
}

pub struct RunOptions {
    pub sizes: Vec<usize>,
    /// Sizes of the memory measurements, in MB.
    pub memory: Vec<usize>,
    pub server: PathBuf,
    pub report: Option<PathBuf>,
    /// Samples per measured position (hover, completion, keystrokes at each place).
    pub samples: usize,
    pub seed: u64,
    /// The longest any single wait may take before the run fails.
    pub timeout: Duration,
    pub smoke: bool,
}

pub struct WorkspaceOptions {
    pub shape: Shape,
    pub server: PathBuf,
    pub report: Option<PathBuf>,
    /// Samples of each measurement after the start.
    pub samples: usize,
    pub seed: u64,
    /// The longest any single wait may take before the run fails.
    pub timeout: Duration,
    pub smoke: bool,
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let (command, rest) = args.split_first().ok_or("missing command")?;
    let mut options = Options(rest.to_vec());
    let seed = options.number("--seed")?.unwrap_or(1) as u64;
    let parsed = match command.as_str() {
        "generate" => Command::Generate { lines: options.number("--lines")?.ok_or("generate needs --lines N")?, seed },
        "generate-workspace" => {
            let shape = options.shape(Shape::TARGETS)?;
            let out = PathBuf::from(options.value("--out")?.ok_or("generate-workspace needs --out DIR")?);
            Command::GenerateWorkspace { shape, seed, out }
        }
        "workspace" => {
            let smoke = options.flag("--smoke");
            let shape = options.shape(if smoke { Shape::SMOKE } else { Shape::TARGETS })?;
            let (server, report, samples, timeout) = options.measuring(smoke)?;
            Command::Workspace(WorkspaceOptions { shape, server, report, samples, seed, timeout, smoke })
        }
        "run" => {
            let smoke = options.flag("--smoke");
            let sizes = match options.value("--sizes")? {
                Some(list) => list.split(',').map(|s| number("--sizes", s)).collect::<Result<_, _>>()?,
                None if smoke => vec![1000],
                None => vec![1000, 10_000, 50_000, 200_000],
            };
            let memory = match options.value("--memory")?.as_deref() {
                Some("none") => Vec::new(),
                Some(list) => list.split(',').map(|s| number("--memory", s)).collect::<Result<_, _>>()?,
                None if smoke => Vec::new(),
                None => crate::memory::SIZES_MB.to_vec(),
            };
            let (server, report, samples, timeout) = options.measuring(smoke)?;
            if sizes.is_empty() {
                return Err("--sizes must not be empty".into());
            }
            Command::Run(RunOptions { sizes, memory, server, report, samples, seed, timeout, smoke })
        }
        other => return Err(format!("unknown command `{other}`")),
    };
    options.finish()?;
    Ok(parsed)
}

/// `design-ls` of the given profile in the target folder this binary was built into.
fn sibling_binary(profile: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let target = exe.parent().and_then(Path::parent).unwrap_or(Path::new("target"));
    target.join(profile).join("design-ls")
}

fn number(option: &str, text: &str) -> Result<usize, String> {
    text.trim().parse().map_err(|_| format!("{option} takes a whole number, not `{text}`"))
}

/// The options after the command, consumed one by one so leftovers can be reported.
struct Options(Vec<String>);

impl Options {
    fn flag(&mut self, name: &str) -> bool {
        let position = self.0.iter().position(|a| a == name);
        position.map(|i| self.0.remove(i)).is_some()
    }

    fn value(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(i) = self.0.iter().position(|a| a == name) else { return Ok(None) };
        self.0.remove(i);
        if i == self.0.len() {
            return Err(format!("{name} needs a value"));
        }
        Ok(Some(self.0.remove(i)))
    }

    fn number(&mut self, name: &str) -> Result<Option<usize>, String> {
        self.value(name)?.map(|v| number(name, &v)).transpose()
    }

    /// `--files`, `--lines` and `--folders`, each `default`'s when not given.
    fn shape(&mut self, default: Shape) -> Result<Shape, String> {
        let files = self.number("--files")?.unwrap_or(default.files);
        let lines = self.number("--lines")?.unwrap_or(default.lines);
        let folders = self.number("--folders")?.unwrap_or(default.folders);
        if folders == 0 || lines == 0 || files < folders {
            return Err("--folders and --lines must not be zero, and every folder needs a file".into());
        }
        Ok(Shape { files, lines, folders })
    }

    /// The options of a measuring command: the server, the report, the samples and the timeout.
    fn measuring(&mut self, smoke: bool) -> Result<(PathBuf, Option<PathBuf>, usize, Duration), String> {
        let profile = if smoke { "debug" } else { "release" };
        let server = self.value("--server")?.map_or_else(|| sibling_binary(profile), PathBuf::from);
        let report = match self.value("--report")? {
            Some(path) => Some(PathBuf::from(path)),
            None if smoke => None,
            None => Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("REPORT.md")),
        };
        let samples = self.number("--samples")?.unwrap_or(if smoke { 8 } else { 60 });
        let timeout = Duration::from_secs(self.number("--timeout")?.unwrap_or(120) as u64);
        if samples == 0 {
            return Err("--samples must not be zero".into());
        }
        Ok((server, report, samples, timeout))
    }

    fn finish(self) -> Result<(), String> {
        match self.0.first() {
            Some(extra) => Err(format!("unexpected argument `{extra}`")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Result<Command, String> {
        parse(&line.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn the_workspace_smoke_is_small_and_writes_no_report() {
        let Ok(Command::Workspace(options)) = parsed("workspace --smoke --seed 3") else { panic!("not parsed") };
        assert_eq!(options.shape, Shape { files: 20, lines: 50, folders: 2 });
        assert_eq!((options.samples, options.seed, options.report), (8, 3, None));
        assert!(options.server.ends_with("debug/design-ls"));
        let Ok(Command::Workspace(options)) = parsed("workspace --files 60 --folders 3") else { panic!("not parsed") };
        assert_eq!(options.shape, Shape { files: 60, lines: 200, folders: 3 });
        assert!(options.report.is_some_and(|r| r.ends_with("REPORT.md")));
    }

    #[test]
    fn a_workspace_needs_a_file_in_every_folder_and_generating_one_a_place() {
        let error = |line| parsed(line).err().unwrap_or_default();
        assert_eq!(
            error("workspace --files 3 --folders 4"),
            "--folders and --lines must not be zero, and every folder needs a file"
        );
        assert_eq!(error("generate-workspace --files 30"), "generate-workspace needs --out DIR");
        let Ok(Command::GenerateWorkspace { shape, out, .. }) = parsed("generate-workspace --out /tmp/w") else {
            panic!("not parsed")
        };
        assert_eq!((shape, out), (Shape::TARGETS, PathBuf::from("/tmp/w")));
    }
}
