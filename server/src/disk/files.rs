//! Finding the `.design` files named on the command line, their siblings and the `design.toml` files
//! beside them, and deciding from their metadata alone which can be read: a folder from a pull request
//! may hold symlinks out of it, named pipes and devices, and merely opening a pipe can block for ever.

use std::ffi::OsStr;
use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A path to check, as the user sees it, with where to read it or why it cannot be checked.
pub struct Found {
    pub path: PathBuf,
    pub source: Result<Source, String>,
    /// The outermost folder named on the command line that the path was found in: its `design.toml`
    /// applies, and symlinks may lead anywhere inside it. `None` for a path found in no folder named.
    pub under: Option<Rc<Folder>>,
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
        found.push(Found { path: path.clone(), source, under: None });
    }
    for dir in folders {
        folder(dir, &mut found);
    }
    // A path both named and found in folders is checked once, read as named (a symlink out of the folder
    // is followed when the user names it) but under the outermost of those folders, whose design.toml
    // applies to it as to its siblings.
    let rank = |found: &Found| found.under.as_ref().map(|folder| folder.shown.components().count());
    found.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| rank(a).cmp(&rank(b))));
    found.dedup_by(|later, kept| {
        let same = later.path == kept.path;
        if same && kept.under.is_none() {
            kept.under = later.under.take();
        }
        same
    });
    found
}

/// A folder that symlinks may lead anywhere inside.
pub struct Folder {
    /// Resolved, to compare symlink targets with.
    root: PathBuf,
    /// As the user named it.
    pub shown: PathBuf,
}

impl Folder {
    pub fn new(dir: &Path) -> io::Result<Folder> {
        Ok(Folder { root: listable(dir).canonicalize()?, shown: dir.to_path_buf() })
    }
}

/// The folder `dir` names, as a path the file system takes: the current folder is the parent of a bare
/// file name.
fn listable(dir: &Path) -> &Path {
    match dir.as_os_str().is_empty() {
        true => Path::new("."),
        false => dir,
    }
}

fn folder(dir: &Path, found: &mut Vec<Found>) {
    let before = found.len();
    match Folder::new(dir) {
        Ok(folder) => walk(dir, &Rc::new(folder), found),
        Err(error) => found.push(Found { path: dir.to_path_buf(), source: Err(describe(&error)), under: None }),
    }
    if found.len() == before {
        let source = Err("no .design files in this folder".into());
        found.push(Found { path: dir.to_path_buf(), source, under: None });
    }
}

/// Every `*.design` entry under `dir`. Linked folders are not searched, so the walk can neither leave the
/// folder nor go round a loop; a folder that cannot be listed is reported and the walk goes on.
fn walk(dir: &Path, folder: &Rc<Folder>, found: &mut Vec<Found>) {
    for inner in list(dir, folder, found) {
        walk(&inner, folder, found);
    }
}

/// The `*.design` entries directly in `folder`, as a walk finds them, but those named in `except`.
pub fn siblings(folder: &Rc<Folder>, except: &[&OsStr]) -> Vec<Found> {
    let mut found = Vec::new();
    list(&folder.shown, folder, &mut found);
    found.retain(|sibling| sibling.path.file_name().is_none_or(|name| !except.contains(&name)));
    found
}

/// Adds the `*.design` entries directly in `dir` to `found`, and returns the folders in it.
fn list(dir: &Path, folder: &Rc<Folder>, found: &mut Vec<Found>) -> Vec<PathBuf> {
    let failed = |error: io::Error| Found { path: dir.to_path_buf(), source: Err(describe(&error)), under: None };
    let entries = match fs::read_dir(listable(dir)) {
        Ok(entries) => entries,
        Err(error) => {
            found.push(failed(error));
            return Vec::new();
        }
    };
    let mut folders = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                found.push(failed(error));
                break;
            }
        };
        let path = dir.join(entry.file_name());
        // `file_type` does not follow symlinks.
        let source = match entry.file_type() {
            Ok(file_type) if file_type.is_dir() => {
                folders.push(path);
                continue;
            }
            _ if !is_design(&path) => continue,
            Ok(file_type) if file_type.is_symlink() => linked(&path, folder, true),
            Ok(file_type) => regular(path.clone(), file_type, false),
            Err(error) => Err(describe(&error)),
        };
        found.push(Found { path, source, under: Some(folder.clone()) });
    }
    folders
}

/// Whether the file is named `*.design`.
pub fn is_design(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "design")
}

/// The `design.toml` in `dir`, when there is one, with where to read it or why it cannot be read; a
/// symlink must lead inside `folder`.
pub fn design_toml(dir: &Path, folder: &Folder) -> Option<Found> {
    entry(dir.join("design.toml"), folder)
}

/// The file at `path` in a folder inside `folder`, when there is one, with where to read it or why it
/// cannot be read; a symlink must lead inside `folder`.
pub fn entry(path: PathBuf, folder: &Folder) -> Option<Found> {
    let source = match path.symlink_metadata() {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
        Err(error) => Err(describe(&error)),
        Ok(metadata) if metadata.is_symlink() => linked(&path, folder, false),
        Ok(metadata) => regular(path.clone(), metadata.file_type(), false),
    };
    Some(Found { path, source, under: None })
}

/// A symlink found in a folder is read through its resolved target, and only when that is a regular file
/// inside the folder: a link to `/proc/self/environ` or `/etc/passwd` would print secrets in a CI log.
/// `nameable`: whether the user can name the file on the command line instead, to check it anyway.
fn linked(path: &Path, folder: &Folder, nameable: bool) -> Result<Source, String> {
    let target = path.canonicalize().map_err(|error| unresolved(path, &error))?;
    if !target.starts_with(&folder.root) {
        let why = format!("the symlink leads outside {}, so it was not followed", listable(&folder.shown).display());
        return Err(match nameable {
            true => format!("{why}; name it on the command line to check it"),
            false => why,
        });
    }
    // `target` is resolved: it holds no symlink to follow.
    let metadata = target.symlink_metadata().map_err(|error| describe(&error))?;
    if metadata.is_dir() && nameable {
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
