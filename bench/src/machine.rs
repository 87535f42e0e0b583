//! The description of the machine a report was measured on.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory: String,
    pub kernel: String,
    /// The 1, 5 and 15 minute load averages when the run started: other work on the machine adds noise.
    pub load: String,
    pub rustc: String,
    pub server: String,
    pub profile: &'static str,
    pub date: String,
}

impl Machine {
    pub fn describe(server: &Path) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let field = |line: &str| line.split_once(':').map(|(_, v)| v.trim().to_string());
        let cpu = cpuinfo.lines().find(|l| l.starts_with("model name")).and_then(field);
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let kib: Option<f64> = meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok());
        Machine {
            cpu: cpu.unwrap_or_else(|| "unknown".into()),
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            memory: kib.map_or_else(|| "unknown".into(), |k| format!("{:.1} GiB", k / (1024.0 * 1024.0))),
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .map_or_else(|_| "unknown".into(), |k| k.trim().into()),
            load: std::fs::read_to_string("/proc/loadavg")
                .map_or_else(|_| "unknown".into(), |l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")),
            rustc: output("rustc", &["--version"]),
            server: format!("{} ({})", output(&server.to_string_lossy(), &["--version"]), server.display()),
            profile: profile(server),
            date: output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        }
    }
}

/// The cargo profile a binary was built with, from the folder cargo put it in.
fn profile(server: &Path) -> &'static str {
    match server.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()) {
        Some("release") => "release",
        Some("debug") => "debug (unoptimized)",
        _ => "unknown (not in a cargo target folder)",
    }
}

/// The first line a command prints, or "unknown" when it cannot run or has not answered within 10 s.
fn output(program: &str, args: &[&str]) -> String {
    let spawned =
        Command::new(program).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn();
    let Ok(mut child) = spawned else { return "unknown".into() };
    let deadline = Instant::now() + Duration::from_secs(10);
    while matches!(child.try_wait(), Ok(None)) {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return "unknown (no answer)".into();
        }
        thread::sleep(Duration::from_millis(10));
    }
    let mut text = String::new();
    let read = child.stdout.take().map(|mut out| out.read_to_string(&mut text));
    let succeeded = child.wait().is_ok_and(|status| status.success());
    match (read, text.lines().next()) {
        (Some(Ok(_)), Some(line)) if succeeded => line.to_string(),
        _ => "unknown".into(),
    }
}
