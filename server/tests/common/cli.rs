//! `design-ls` run as a command from the workspace root, as a user or CI would, in scratch folders. Every
//! run has a deadline, so a command that hangs (reading a FIFO, say) fails the test instead of blocking it.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Generous, as tests run unoptimized and in parallel; `check` on a few small files takes milliseconds.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `design-ls` with these arguments, killing it and failing the test if it has not ended in `TIMEOUT`.
pub fn design_ls(args: &[impl AsRef<OsStr>]) -> Run {
    design_ls_with(&[], args)
}

/// Runs `design-ls` as [`design_ls`] does, with these environment variables set.
pub fn design_ls_with(env: &[(&str, &str)], args: &[impl AsRef<OsStr>]) -> Run {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the server crate sits in the workspace");
    let mut child = Command::new(env!("CARGO_BIN_EXE_design-ls"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = collect(child.stdout.take().unwrap());
    let stderr = collect(child.stderr.take().unwrap());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            let args: Vec<_> = args.iter().map(|arg| arg.as_ref().to_string_lossy()).collect();
            panic!("`design-ls {}` did not end within {TIMEOUT:?}", args.join(" "));
        }
        thread::sleep(Duration::from_millis(10));
    };
    Run {
        status: status.code().expect("exited normally"),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Reads a pipe to its end on a thread, so a full pipe cannot stall the process being waited for.
fn collect(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        pipe.read_to_end(&mut bytes).unwrap();
        String::from_utf8(bytes).expect("design-ls writes UTF-8, showing other file names lossily")
    })
}

/// A fresh folder for one test's files under the system's temporary folder, removed when dropped.
/// `remove_dir_all` does not follow symlinks, so links out of it are removed, not their targets.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("design-ls-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes a file (and its folders) and returns its path, to pass to `design-ls` and find in its output.
    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
        path.to_str().expect("scratch paths are UTF-8").to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
