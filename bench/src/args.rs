//! The command line: `generate` and `run`, with their options and defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub const USAGE: &str = "\
usage: design-bench generate --lines N [--seed S]
       design-bench run [--sizes 1000,10000,50000,200000] [--memory 1,10,22|none] [--server PATH]
                        [--report PATH] [--samples N] [--seed S] [--timeout SECONDS] [--smoke]

generate  prints a realistic design of N lines on stdout
run       drives the design-ls binary over stdio at each size and reports its latencies, then the
          memory of designs of each --memory size in MB (10^6 bytes)
          (defaults: target/release/design-ls, report in bench/REPORT.md, 60 samples, timeout 120 s);
          --smoke runs 1000 lines with 8 samples against target/debug/design-ls, measures no memory
          and writes no report unless --report is given";

pub enum Command {
    Generate { lines: usize, seed: u64 },
    Run(RunOptions),
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

pub fn parse(args: &[String]) -> Result<Command, String> {
    let (command, rest) = args.split_first().ok_or("missing command")?;
    let mut options = Options(rest.to_vec());
    let seed = options.number("--seed")?.unwrap_or(1) as u64;
    let parsed = match command.as_str() {
        "generate" => Command::Generate { lines: options.number("--lines")?.ok_or("generate needs --lines N")?, seed },
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
            let profile = if smoke { "debug" } else { "release" };
            let server = options.value("--server")?.map_or_else(|| sibling_binary(profile), PathBuf::from);
            let report = match options.value("--report")? {
                Some(path) => Some(PathBuf::from(path)),
                None if smoke => None,
                None => Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("REPORT.md")),
            };
            let samples = options.number("--samples")?.unwrap_or(if smoke { 8 } else { 60 });
            let timeout = Duration::from_secs(options.number("--timeout")?.unwrap_or(120) as u64);
            if samples == 0 || sizes.is_empty() {
                return Err("--samples and --sizes must not be zero or empty".into());
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

    fn finish(self) -> Result<(), String> {
        match self.0.first() {
            Some(extra) => Err(format!("unexpected argument `{extra}`")),
            None => Ok(()),
        }
    }
}
