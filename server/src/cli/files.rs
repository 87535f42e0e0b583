//! Finding the `.design` files named on the command line.

use std::io;
use std::path::{Path, PathBuf};

/// The files to check: each file argument as given (whatever its extension, since the user named it) and
/// every `*.design` file under each folder argument. Sorted and deduplicated so output is stable across
/// file systems and argument order.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = path.metadata().map_err(|e| format!("{}: {}", path.display(), describe(&e)))?;
        if metadata.is_dir() {
            let before = files.len();
            walk(path, &mut files).map_err(|e| format!("{}: {}", path.display(), describe(&e)))?;
            if files.len() == before {
                return Err(format!("{}: no .design files in this folder", path.display()));
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // `file_type` does not follow symlinks: a linked folder is skipped rather than risking a cycle.
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "design") {
            files.push(path);
        }
    }
    Ok(())
}

/// The error without Rust's "(os error 2)" suffix.
pub fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::InvalidData => "not valid UTF-8 text".to_string(),
        _ => error.to_string(),
    }
}
