//! The workspace folders on disk: every design in them read at start (with a progress bar, and a watcher
//! registered for them), and a file the client reports created, changed or deleted read again. Only
//! `*.design` and `design.toml` files inside the folders are read, no symlink out of a folder is
//! followed, and the size limits of `check` apply.

use super::catch;
use super::log::log;
use crate::disk::files::{self, Folder, Found};
use crate::disk::read::read;
use crate::host::{Change, FileId, Host};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileChangeType, FileEvent, FileSystemWatcher, GlobPattern,
    InitializeParams, ProgressToken, Registration, Uri,
};
use tower_lsp_server::Client;

/// The name of the file that extends the catalog.
const CONFIG: &str = "design.toml";

#[derive(Default)]
pub struct Folders {
    roots: Vec<Root>,
}

struct Root {
    /// As the client names it, ending with `/`.
    uri: String,
    /// Resolved, to tell whether a path lies inside.
    path: PathBuf,
}

impl Folders {
    /// The workspace folders the client opened (its `rootUri` when it names no folders); folders that
    /// are not local or do not exist are left out.
    pub fn of(params: &InitializeParams) -> Folders {
        let folders = params.workspace_folders.iter().flatten().map(|folder| &folder.uri);
        #[allow(deprecated)] // `rootUri` is how clients without workspace folders name theirs.
        let uris: Vec<&Uri> = match params.workspace_folders.as_ref().filter(|f| !f.is_empty()) {
            Some(_) => folders.collect(),
            None => params.root_uri.iter().collect(),
        };
        let root = |uri: &Uri| {
            let path = uri.to_file_path()?.canonicalize().ok()?;
            let uri = file_id(&Uri::from_file_path(&path)?).as_str().to_string();
            Some(Root { uri: if uri.ends_with('/') { uri } else { uri + "/" }, path })
        };
        Folders { roots: uris.into_iter().filter_map(root).collect() }
    }

    pub fn uris(&self) -> Vec<String> {
        self.roots.iter().map(|root| root.uri.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Every design file and design.toml in the folders, read from disk as changes for the host: each
    /// design folder's design.toml and each root's first, so the designs are analyzed once, with them.
    pub fn index(&self) -> Vec<Change> {
        let mut configs = Vec::new();
        let mut designs = Vec::new();
        for root in &self.roots {
            let Ok(within) = Folder::new(&root.path) else { continue };
            let mut folders = vec![root.path.clone()];
            for found in files::collect(std::slice::from_ref(&root.path)) {
                folders.extend(found.path.parent().map(Path::to_path_buf));
                designs.extend(disk(found));
            }
            folders.sort();
            folders.dedup();
            configs.extend(folders.iter().filter_map(|dir| disk(files::design_toml(dir, &within)?)));
        }
        configs.extend(designs);
        configs
    }

    /// The change a file event brings: the file's text read again, or its removal. `None` for a file
    /// that is not ours to read: outside the folders, or not a design or design.toml. A file read through
    /// a symlink, as the reading at start reads it, only when the link leads inside its folder.
    pub fn changed(&self, event: &FileEvent) -> Option<Change> {
        let path = event.uri.to_file_path()?;
        let name = path.file_name()?.to_str()?;
        if !(name.ends_with(".design") || name == CONFIG) {
            return None;
        }
        let (path, folder) = self.placed(&path)?;
        if event.typ == FileChangeType::DELETED {
            return Some(Change::Disk { file: file_id(&Uri::from_file_path(&path)?), text: None });
        }
        let found = files::entry(path, &folder)?;
        let text = found.source.ok().and_then(|source| read(&source).ok());
        Some(Change::Disk { file: file_id(&Uri::from_file_path(&found.path)?), text })
    }

    /// With no workspace folder (a file opened on its own), the other `.design` files and the
    /// `design.toml` directly in the folder of `uri`, once per folder: the file's design is its whole
    /// folder. With workspace folders, their reading at start has covered every folder inside them, and
    /// nothing outside them is read.
    pub fn siblings(&self, uri: &Uri, read_before: &mut HashSet<PathBuf>) -> Vec<Change> {
        let Some(dir) = uri.to_file_path().and_then(|path| path.parent()?.canonicalize().ok()) else {
            return Vec::new();
        };
        if !self.roots.is_empty() || !read_before.insert(dir.clone()) {
            return Vec::new();
        }
        let Ok(folder) = Folder::new(&dir) else { return Vec::new() };
        let config = files::design_toml(&dir, &folder);
        let found = files::siblings(&Rc::new(folder), &[]).into_iter().chain(config);
        found.filter_map(disk).collect()
    }

    /// The `design.toml` a user's setting names (relative to the first folder, or absolute), read, when
    /// it lies inside the folders.
    pub fn catalog(&self, named: &str) -> Option<Change> {
        let path = self.roots.first().map_or_else(|| PathBuf::from(named), |root| root.path.join(named));
        (path.file_name()? == CONFIG).then_some(())?;
        self.config(&path)
    }

    /// The design.toml at `path`, when there is one to read.
    fn config(&self, path: &Path) -> Option<Change> {
        let (path, folder) = self.placed(path)?;
        disk(files::entry(path, &folder)?)
    }

    /// `path` with its folder resolved, and the workspace folder it lies in; `None` outside them.
    fn placed(&self, path: &Path) -> Option<(PathBuf, Folder)> {
        let dir = path.parent()?.canonicalize().ok()?;
        let root = self.roots.iter().find(|root| dir.starts_with(&root.path))?;
        Some((dir.join(path.file_name()?), Folder::new(&root.path).ok()?))
    }
}

/// The change a file found on disk brings: its text, when it can be read.
fn disk(found: Found) -> Option<Change> {
    let text = read(&found.source.ok()?).ok()?;
    Some(Change::Disk { file: file_id(&Uri::from_file_path(&found.path)?), text: Some(text) })
}

/// The URI of a document, as its identity holds it.
pub fn uri(file: &FileId) -> Option<Uri> {
    file.as_str().parse().ok()
}

/// The identity of a document: a `file:` URI written as the file's path would be (the same file named
/// by the client and found on disk is one document), any other URI as it is.
pub fn file_id(uri: &Uri) -> FileId {
    let normalized = uri.to_file_path().and_then(|path| Uri::from_file_path(path.as_ref()));
    FileId::new(normalized.as_ref().unwrap_or(uri).as_str())
}

/// Asks the client to report changes to design files and design.toml files on disk.
pub async fn watch(client: Client) {
    let watchers = ["**/*.design", "**/design.toml"]
        .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.into()), kind: None });
    let options = DidChangeWatchedFilesRegistrationOptions { watchers: watchers.into() };
    let registration = Registration {
        id: "design-ls/watched-files".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(error) = client.register_capability(vec![registration]).await {
        log("registration", || format!("the client refused to watch the design files: {}", error.message));
    }
}

/// How long the client may take to accept a progress bar before the designs are read without one.
const PROGRESS_WAIT: Duration = Duration::from_secs(2);

/// Reads every design of the workspace folders into the host, with a progress bar when the client shows
/// one.
pub async fn index(client: Client, progress: bool, host: Arc<Host>, folders: Arc<Folders>) {
    let reading = tokio::task::spawn_blocking(move || catch("indexing", || folders.index()).unwrap_or_default());
    let token = ProgressToken::String("design-ls/reading".into());
    let created = match progress {
        true => tokio::time::timeout(PROGRESS_WAIT, client.create_work_done_progress(token.clone())).await,
        false => Ok(Err(tower_lsp_server::jsonrpc::Error::method_not_found())),
    };
    let bar = match created {
        Ok(Ok(())) => Some(client.progress(token, "Reading designs").begin().await),
        _ => None,
    };
    host.apply_disk(reading.await.unwrap_or_default());
    if let Some(bar) = bar {
        bar.finish().await;
    }
}
