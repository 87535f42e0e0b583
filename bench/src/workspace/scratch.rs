//! The folder a workspace run writes its generated files into, removed when the run ends, and the URIs of
//! the files in it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// A new empty folder in the system's temporary folder, by its canonical path: the server names files
    /// by where they really are.
    pub fn new() -> io::Result<Self> {
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let n = MADE.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("design-bench-workspace-{}-{n}", std::process::id()));
        std::fs::create_dir(&path)?;
        Ok(Scratch { path: std::fs::canonicalize(&path)? })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The `file://` URI of an absolute path, each byte but the unreserved ones and `/` percent-encoded.
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for &byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(byte as char),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_percent_encode_what_a_path_may_hold_beyond_plain_names() {
        assert_eq!(file_uri(Path::new("/tmp/ws/design-01/a_b.design")), "file:///tmp/ws/design-01/a_b.design");
        assert_eq!(file_uri(Path::new("/tmp/my ws/café#1")), "file:///tmp/my%20ws/caf%C3%A9%231");
    }

    #[test]
    fn the_folder_is_gone_after_the_run() {
        let scratch = Scratch::new().expect("a scratch folder");
        let path = scratch.path().to_path_buf();
        std::fs::write(path.join("a.design"), "system \"S\"\n").expect("a file in it");
        drop(scratch);
        assert!(!path.exists());
    }
}
