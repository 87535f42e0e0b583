//! One workspace run: a generated workspace written to a scratch folder, the server started on it as an
//! editor opening that folder starts it, and timed: every file's diagnostics at start, a keystroke in one
//! file, a rename of a component every file of a folder binds, and a file changed on disk behind the
//! editor's back. Anything wrong in the conversation fails the run with a message saying what was seen.

use super::awaiting::{Awaiting, Codes, Want};
use super::scratch::{file_uri, Scratch};
use crate::args::WorkspaceOptions;
use crate::checks::{check_order, check_unversioned, expect_diagnostics};
use crate::generate::{generate_workspace, File, Folder, Workspace};
use crate::lsp::Client;
use crate::measure::{change, delete, insert, progress, Spot};
use crate::stats::Stats;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Sampling stops early once a measurement has taken this long and has this many samples.
const BUDGET: Duration = Duration::from_secs(10);
const MIN_SAMPLES: usize = 10;
/// The line a change on disk appends to a file, and then takes away: one unused component, one hint.
pub const SPARE: &str = "component watched_spare: worker";
/// What every file using a renamed component reports.
const RENAMED: &str = "undeclared-component";

pub struct WorkspaceResult {
    pub files: usize,
    pub lines: usize,
    pub bytes: usize,
    pub planted: usize,
    pub initialize: Duration,
    /// From spawning the server to the last file's diagnostics.
    pub start: Duration,
    /// The file typed into, `folder/file`.
    pub keystroke_file: String,
    pub keystroke: Stats,
    pub renamed: String,
    /// How many files' diagnostics each rename waits for: every file of the component's folder.
    pub rename_files: usize,
    pub rename: Stats,
    /// The file changed on disk, `folder/file`.
    pub watched_file: String,
    pub watched: Stats,
    pub peak_rss_kib: u64,
}

pub fn measure(options: &WorkspaceOptions) -> Result<WorkspaceResult, String> {
    let shape = options.shape;
    let workspace = generate_workspace(shape.files, shape.lines, shape.folders, options.seed);
    let scratch = Scratch::new().map_err(|e| format!("cannot create a scratch folder: {e}"))?;
    let root = scratch.path();
    workspace.write(root).map_err(|e| format!("cannot write the workspace into {}: {e}", root.display()))?;
    let uri = |folder: &Folder, file: &File| file_uri(&root.join(&folder.name).join(&file.name));

    let (mut client, spawned) = Client::spawn(&options.server, options.timeout)?;
    let root_uri = file_uri(root);
    let (id, _) = client.request(
        "initialize",
        json!({
            "processId": std::process::id(),
            "clientInfo": {"name": "design-bench"},
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "workspace"}],
            "capabilities": {
                "textDocument": {"publishDiagnostics": {"versionSupport": true}},
                "workspace": {
                    "workspaceFolders": true,
                    "configuration": true,
                    "didChangeWatchedFiles": {"dynamicRegistration": true},
                },
                "window": {"workDoneProgress": true},
            },
        }),
    )?;
    let (answered, result) = client.response(id, "initialize")?;
    let initialize = answered - spawned;
    if !result["capabilities"].is_object() {
        return Err(format!("initialize answered without capabilities: {result}"));
    }
    client.notify("initialized", json!({}))?;
    let every_file = workspace.files().map(|(folder, file)| (uri(folder, file), from_disk(planted(file)))).collect();
    let what = "the diagnostics of every file, which the server reads from disk at start";
    let indexed = wait(&mut client, Awaiting::new(every_file, spawned, 0), options.timeout, what)?;
    let start = indexed - spawned;
    progress("start → every file's diagnostics", start);

    let samples = options.samples.max(2).next_multiple_of(2);
    let (renamed_folder, declaring) = (&workspace.folders[0], workspace.folders[0].shared.file);
    let (typed_folder, typed) = typed_file(&workspace, (0, declaring))?;
    let typed_uri = uri(typed_folder, &typed_folder.files[typed]);
    let keystroke_file = format!("{}/{}", typed_folder.name, typed_folder.files[typed].name);
    let typed_from = client.published().len();
    let (keystroke, keystroke_version) =
        keystrokes(&mut client, &typed_uri, &typed_folder.files[typed], samples, options)?;
    progress(&format!("keystroke → diagnostics p99, {keystroke_file}"), keystroke.p99);

    let uris: Vec<String> = renamed_folder.files.iter().map(|file| uri(renamed_folder, file)).collect();
    let renamed_from = client.published().len();
    let (rename, rename_version) = renames(&mut client, renamed_folder, &uris, samples, options)?;
    progress(&format!("rename → diagnostics of {} files p99", uris.len()), rename.p99);

    let (changed_folder, changed) = changed_file(&workspace, [(typed_folder, typed), (renamed_folder, declaring)])?;
    let file = &changed_folder.files[changed];
    let watched_file = format!("{}/{}", changed_folder.name, file.name);
    let path = root.join(&changed_folder.name).join(&file.name);
    let watched = changes_on_disk(&mut client, &path, &uri(changed_folder, file), file, samples, options)?;
    progress(&format!("change on disk → diagnostics p99, {watched_file}"), watched.p99);

    let peak_rss_kib = client.peak_rss_kib()?;
    let conversation = client.shutdown()?;
    // An open buffer's diagnostics from its opening on: before, the file was read from disk.
    check_order(&conversation[typed_from..], &typed_uri, keystroke_version)?;
    check_order(&conversation[renamed_from..], &uris[declaring], rename_version)?;
    check_unversioned(&conversation, &[&typed_uri, &uris[declaring]])?;
    Ok(WorkspaceResult {
        files: shape.files,
        lines: workspace.lines(),
        bytes: workspace.bytes(),
        planted: workspace.planted(),
        initialize,
        start,
        keystroke_file,
        keystroke,
        renamed: renamed_folder.shared.name.clone(),
        rename_files: uris.len(),
        rename,
        watched_file,
        watched,
        peak_rss_kib,
    })
}

/// A character typed right after the opening quote of the file's middle note, then deleted, each change
/// waiting for the diagnostics of its version. The times, and the last version.
fn keystrokes(
    client: &mut Client,
    uri: &str,
    file: &File,
    samples: usize,
    options: &WorkspaceOptions,
) -> Result<(Stats, i64), String> {
    let planted = planted(file);
    open(client, uri, file, &planted, options.timeout)?;
    let lines: Vec<&str> = file.text.lines().collect();
    let notes: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("  note: \"")).collect();
    let spot = Spot { label: String::new(), line: notes[notes.len() / 2], column: 9 };
    let mut version = 1;
    let times = sample(samples, |n| {
        version += 1;
        let edit = if n % 2 == 0 { insert(&spot, 0, "x") } else { delete(&spot, 0) };
        let sent = client.notify("textDocument/didChange", change(uri, version, edit))?;
        let published = client.diagnostics(uri, version, options.timeout)?;
        expect_diagnostics(published, version, &planted)?;
        Ok(published.at - sent)
    })?;
    Ok((times, version))
}

/// A character typed at the end of the shared component's name in its declaration, then deleted: each
/// change waits for the diagnostics of every file of the folder, all of which bind the component. The
/// times, and the declaring file's last version.
fn renames(
    client: &mut Client,
    folder: &Folder,
    uris: &[String],
    samples: usize,
    options: &WorkspaceOptions,
) -> Result<(Stats, i64), String> {
    let shared = &folder.shared;
    let declaring = &folder.files[shared.file];
    open(client, &uris[shared.file], declaring, &planted(declaring), options.timeout)?;
    let spot = Spot { label: String::new(), line: shared.line, column: shared.column };
    let mut version = 1;
    let times = sample(samples, |n| {
        version += 1;
        let renamed = n % 2 == 0;
        let want = folder.files.iter().zip(uris).enumerate().map(|(k, (file, uri))| {
            let codes = if renamed { Codes::Including(RENAMED) } else { Codes::Exactly(planted(file)) };
            (uri.clone(), Want { codes, version: (k == shared.file).then_some(version) })
        });
        let edit = if renamed { insert(&spot, 0, "x") } else { delete(&spot, 0) };
        let from = client.published().len();
        let sent = client.notify("textDocument/didChange", change(&uris[shared.file], version, edit))?;
        let what = match renamed {
            true => format!("every file of {} to report {} `{}x`", folder.name, RENAMED, shared.name),
            false => format!("every file of {} to have its planted diagnostics again", folder.name),
        };
        Ok(wait(client, Awaiting::new(want.collect(), sent, from), options.timeout, &what)? - sent)
    })?;
    Ok((times, version))
}

/// The file rewritten on disk with a spare component at its end, then as it was, each time followed by
/// the `workspace/didChangeWatchedFiles` notification an editor's watcher sends, waiting for the file's
/// diagnostics.
fn changes_on_disk(
    client: &mut Client,
    path: &Path,
    uri: &str,
    file: &File,
    samples: usize,
    options: &WorkspaceOptions,
) -> Result<Stats, String> {
    let spared = format!("{}{SPARE}\n", file.text);
    let with_spare = {
        let mut codes = planted(file);
        codes.push("unused-component".to_string());
        codes.sort();
        codes
    };
    sample(samples, |n| {
        let (text, codes) = if n % 2 == 0 { (&spared, with_spare.clone()) } else { (&file.text, planted(file)) };
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let from = client.published().len();
        let changed = json!({"changes": [{"uri": uri, "type": 2}]});
        let sent = client.notify("workspace/didChangeWatchedFiles", changed)?;
        let want = BTreeMap::from([(uri.to_string(), from_disk(codes))]);
        let what = format!("the diagnostics of {uri} after it changed on disk");
        Ok(wait(client, Awaiting::new(want, sent, from), options.timeout, &what)? - sent)
    })
}

/// Up to `samples` measurements (an even number, so every file ends as it began), fewer once they took
/// [`BUDGET`] and there are [`MIN_SAMPLES`].
fn sample(samples: usize, mut measure: impl FnMut(usize) -> Result<Duration, String>) -> Result<Stats, String> {
    let started = Instant::now();
    let mut times = Vec::new();
    for n in 0..samples {
        if n % 2 == 0 && n >= MIN_SAMPLES && started.elapsed() > BUDGET {
            break;
        }
        times.push(measure(n)?);
    }
    Ok(Stats::of(&times))
}

/// Opens a file with its text on disk as version 1, and checks its diagnostics.
fn open(client: &mut Client, uri: &str, file: &File, planted: &[String], timeout: Duration) -> Result<(), String> {
    let item = json!({"uri": uri, "languageId": "design", "version": 1, "text": file.text});
    client.notify("textDocument/didOpen", json!({"textDocument": item}))?;
    let published = client.diagnostics(uri, 1, timeout)?;
    expect_diagnostics(published, 1, planted)
}

/// Waits for `awaiting`; the arrival of the last diagnostics waited for.
fn wait(client: &mut Client, mut awaiting: Awaiting, timeout: Duration, what: &str) -> Result<Instant, String> {
    match client.await_published(timeout, |published| awaiting.update(published)) {
        Ok(done) => done,
        Err(stopped) => Err(stopped.waiting_for(&format!("{what} ({timeout:?}): {}", awaiting.missing()))),
    }
}

/// The file typed into: from the middle of the middle folder on, the first with a note that is not `other`.
fn typed_file(workspace: &Workspace, other: (usize, usize)) -> Result<(&Folder, usize), String> {
    let f = workspace.folders.len() / 2;
    let folder = &workspace.folders[f];
    let count = folder.files.len();
    (0..count)
        .map(|k| (count / 2 + k) % count)
        .find(|&k| (f, k) != other && folder.files[k].text.contains("\n  note: \""))
        .map(|k| (folder, k))
        .ok_or_else(|| format!("{} has no file to type into", folder.name))
}

/// The file changed on disk: from the end of the last folder back, the first that is not open.
fn changed_file<'w>(workspace: &'w Workspace, open: [(&Folder, usize); 2]) -> Result<(&'w Folder, usize), String> {
    let folder = workspace.folders.last().expect("a workspace has a folder");
    let is_open = |k: usize| open.iter().any(|&(f, o)| std::ptr::eq(f, folder) && o == k);
    let k = (0..folder.files.len()).rev().find(|&k| !is_open(k));
    k.map(|k| (folder, k)).ok_or_else(|| format!("{} has no file that is not open", folder.name))
}

/// A file's planted codes, sorted.
fn planted(file: &File) -> Vec<String> {
    let mut codes: Vec<String> = file.planted.iter().map(|c| c.to_string()).collect();
    codes.sort();
    codes
}

fn from_disk(codes: Vec<String>) -> Want {
    Want { codes: Codes::Exactly(codes), version: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use design_ls::catalog::Catalog;
    use design_ls::host::{Change, Design, FileId};

    /// The change on disk the benchmark times adds exactly one hint to the file and changes no other file.
    #[test]
    fn the_spare_component_adds_one_unused_component_and_nothing_else() {
        let workspace = generate_workspace(6, 200, 1, 4);
        let folder = &workspace.folders[0];
        let mut design = Design::new(Catalog::builtin());
        let ids: Vec<FileId> = folder.files.iter().map(|f| FileId::new(&f.name)).collect();
        for (file, id) in folder.files.iter().zip(&ids) {
            design.apply(Change::Disk { file: id.clone(), text: Some(file.text.clone()) }).expect("applies");
        }
        design.analyze();
        design.take_updated();
        let (file, id) = (&folder.files[5], &ids[5]);
        let text = Some(format!("{}{SPARE}\n", file.text));
        design.apply(Change::Disk { file: id.clone(), text }).expect("applies");
        design.analyze();
        assert_eq!(design.take_updated(), std::slice::from_ref(id));
        let mut codes: Vec<String> =
            design.snapshot().diagnostics(id).iter().map(|d| d.code.as_str().to_string()).collect();
        codes.sort();
        let mut wanted = planted(file);
        wanted.push("unused-component".into());
        wanted.sort();
        assert_eq!(codes, wanted);
    }
}
