//! Finding the `.design` files named on the command line, and deciding from their metadata alone which
//! can be read: a folder from a pull request may hold symlinks out of it, named pipes and devices, and
//! merely opening a pipe can block for ever.

use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};

/// A path to check, as the user sees it, with where to read it or why it cannot be checked.
pub struct Found {
    pub path: PathBuf,
    pub source: Result<Source, String>,
}

/// Where to read a regular file from.
pub struct Source {
    pub path: PathBuf,
    /// Whether a symlink may be followed when opening `path`: only for paths the user named. A symlink found
    /// in a folder is read through its resolved target, so reading it follows no link.
    pub follow: bool,
}

/// The paths to check: each file argument as given (whatever its extension, since the user named it) and
/// every `*.design` entry under each folder argument, each with where to read it or why it cannot be
/// checked. Sorted and deduplicated so output is stable across file systems and argument order.
pub fn collect(paths: &[PathBuf]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut folders = Vec::new();
    for path in paths {
        // `metadata` follows symlinks: one the user named is theirs to follow, wherever it leads.
        let source = match path.metadata() {
            Ok(metadata) if metadata.is_dir() => {
                folders.push(path);
                continue;
            }
            Ok(metadata) => regular(path.clone(), metadata.file_type(), true),
            Err(error) => Err(unresolved(path, &error)),
        };
        found.push(Found { path: path.clone(), source });
    }
    // Folders after files, so that when a folder holds a path also named, the stable sort and `dedup_by`
    // keep the named one: a symlink out of the folder is followed when the user names it.
    for dir in folders {
        folder(dir, &mut found);
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    found
}

/// The folder the walk stays in: `root` resolved, to compare symlink targets with, and as the user named it.
struct Folder<'a> {
    root: PathBuf,
    shown: &'a Path,
}

fn folder(dir: &Path, found: &mut Vec<Found>) {
    let before = found.len();
    match dir.canonicalize() {
        Ok(root) => walk(dir, &Folder { root, shown: dir }, found),
        Err(error) => found.push(Found { path: dir.to_path_buf(), source: Err(describe(&error)) }),
    }
    if found.len() == before {
        found.push(Found { path: dir.to_path_buf(), source: Err("no .design files in this folder".into()) });
    }
}

/// Every `*.design` entry under `dir`. Linked folders are not searched, so the walk can neither leave the
/// folder nor go round a loop; a folder that cannot be listed is reported and the walk goes on.
fn walk(dir: &Path, folder: &Folder, found: &mut Vec<Found>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => return found.push(Found { path: dir.to_path_buf(), source: Err(describe(&error)) }),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => return found.push(Found { path: dir.to_path_buf(), source: Err(describe(&error)) }),
        };
        let path = entry.path();
        // `file_type` does not follow symlinks.
        let source = match entry.file_type() {
            Ok(file_type) if file_type.is_dir() => {
                walk(&path, folder, found);
                continue;
            }
            _ if path.extension().is_none_or(|ext| ext != "design") => continue,
            Ok(file_type) if file_type.is_symlink() => linked(&path, folder),
            Ok(file_type) => regular(path.clone(), file_type, false),
            Err(error) => Err(describe(&error)),
        };
        found.push(Found { path, source });
    }
}

/// A symlink found in a folder is read through its resolved target, and only when that is a regular file
/// inside the folder: a link to `/proc/self/environ` or `/etc/passwd` would print secrets in a CI log.
fn linked(path: &Path, folder: &Folder) -> Result<Source, String> {
    let target = path.canonicalize().map_err(|error| unresolved(path, &error))?;
    if !target.starts_with(&folder.root) {
        return Err(format!(
            "the symlink leads outside {}, so it was not followed; name it on the command line to check it",
            folder.shown.display()
        ));
    }
    // `target` is resolved: it holds no symlink to follow.
    let metadata = target.symlink_metadata().map_err(|error| describe(&error))?;
    if metadata.is_dir() {
        return Err("the symlink points to a folder, and linked folders are not searched; \
                    name the folder on the command line to check it"
            .into());
    }
    regular(target, metadata.file_type(), false)
}

fn regular(path: PathBuf, file_type: FileType, follow: bool) -> Result<Source, String> {
    match file_type.is_file() {
        true => Ok(Source { path, follow }),
        false => Err(not_a_file(file_type)),
    }
}

/// Why a path could not be resolved; for a symlink, what is wrong with the link.
fn unresolved(path: &Path, error: &io::Error) -> String {
    let is_link = path.symlink_metadata().is_ok_and(|metadata| metadata.is_symlink());
    if is_loop(error) {
        "the symlink leads round in a loop; fix or remove it".into()
    } else if is_link && error.kind() == io::ErrorKind::NotFound {
        "the symlink points to nothing: its target does not exist; fix or remove it".into()
    } else {
        describe(error)
    }
}

/// Why a path that is not a regular file is not read.
pub fn not_a_file(file_type: FileType) -> String {
    format!("this is {}, not a regular file, so it was not read", kind(file_type))
}

fn kind(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Whether the error is "too many levels of symbolic links": a loop, or a link where none may be followed.
#[cfg(unix)]
pub fn is_loop(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
pub fn is_loop(_: &io::Error) -> bool {
    false
}

/// The error without Rust's "(os error 2)" suffix.
pub fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
