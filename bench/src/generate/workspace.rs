//! Generates a workspace: folders of `.design` files, each folder one design split over its files (the
//! `*.design` files directly in a folder share one namespace).
//!
//! A folder is built from whole modules (see [`super::build_module`]) and split as a team would split it:
//! the modules' standing components (stores, logs, queues, caches, …) declared first, in the folder's first
//! file or two, then the operations, each with the tables and processes it is the first to use declared
//! above it. The most used component of the folder's first module is bound by one operation in every file,
//! so renaming it changes the diagnostics of every file of the folder. Mistakes are planted as in a single
//! file, one per 1000 lines of the folder, each in the file its operation landed in.

use super::binding::Pin;
use super::module::Module;
use super::words::COMMENTS;
use super::{build_module, build_operation, catalog, line_count, operations, pin_somewhere, plant, Block, Operation};
use crate::rng::Rng;
use std::io;
use std::path::Path;

/// Lines a file may end short of its size: an operation that does not fit starts the next file.
const SLACK: usize = 6;

pub struct Workspace {
    pub folders: Vec<Folder>,
}

pub struct Folder {
    pub name: String,
    /// In name order, the order the server joins them in.
    pub files: Vec<File>,
    pub shared: Shared,
}

pub struct File {
    pub name: String,
    pub text: String,
    /// The codes of the mistakes planted in this file, in file order.
    pub planted: Vec<&'static str>,
}

/// The component every file of a folder binds, and where its declaration's name ends.
pub struct Shared {
    pub name: String,
    /// The file that declares it, as an index in [`Folder::files`].
    pub file: usize,
    /// 0-based line, and the column just past the name (names are ASCII: bytes are UTF-16 units).
    pub line: usize,
    pub column: usize,
}

impl Workspace {
    pub fn files(&self) -> impl Iterator<Item = (&Folder, &File)> {
        self.folders.iter().flat_map(|folder| folder.files.iter().map(move |file| (folder, file)))
    }

    pub fn lines(&self) -> usize {
        self.files().map(|(_, file)| file.text.lines().count()).sum()
    }

    pub fn bytes(&self) -> usize {
        self.files().map(|(_, file)| file.text.len()).sum()
    }

    pub fn planted(&self) -> usize {
        self.files().map(|(_, file)| file.planted.len()).sum()
    }

    /// Writes every folder and file under `root`, which is created if need be.
    pub fn write(&self, root: &Path) -> io::Result<()> {
        for folder in &self.folders {
            let path = root.join(&folder.name);
            std::fs::create_dir_all(&path)?;
            for file in &folder.files {
                std::fs::write(path.join(&file.name), &file.text)?;
            }
        }
        Ok(())
    }
}

/// `files` files of about `lines` lines each (more when a folder is shorter than one module, several hundred
/// lines), spread over `folders` folders; the same for the same seed. Needs `1 <= folders <= files`.
pub fn generate_workspace(files: usize, lines: usize, folders: usize, seed: u64) -> Workspace {
    assert!(1 <= folders && folders <= files, "every folder needs a file");
    let mut rng = Rng::new(seed);
    let mut modules = 0;
    let width = folders.to_string().len().max(2);
    let folders = (0..folders)
        .map(|index| {
            let name = format!("design-{:0width$}", index + 1);
            let count = files / folders + usize::from(index < files % folders);
            folder(name, count, lines, seed, &mut modules, &mut rng)
        })
        .collect();
    Workspace { folders }
}

/// One folder of `files` files: `modules` counts the modules of the workspace so far, so that every
/// component's name is unique in the workspace (a search for it finds one design).
fn folder(name: String, files: usize, lines: usize, seed: u64, modules: &mut usize, rng: &mut Rng) -> Folder {
    let (mut first, first_blocks) = build_module(*modules, rng);
    *modules += 1;
    let shared = (0..first.components.len())
        .filter(|&i| first.components[i].standing && first.components[i].declared)
        .max_by_key(|&i| (first.components[i].uses, std::cmp::Reverse(i)))
        .expect("a module declares standing components");
    let pinned: Vec<Operation> = (1..=files).map(|n| shared_operation(&mut first, shared, n, rng)).collect();

    // Whole modules while they fit, leaving room for each file's heading, the system, the pinned operations,
    // and what a file loses when the next operation does not fit.
    let fixed = files + 1 + pinned.iter().map(|o| o.lines().len()).sum::<usize>();
    let room = (files * lines).saturating_sub(fixed + files * SLACK);
    let mut blocks = first_blocks;
    loop {
        let (_, next) = build_module(*modules, rng);
        if line_count(&blocks) + line_count(&next) > room {
            break;
        }
        *modules += 1;
        blocks.extend(next);
    }
    let mut declarations = Vec::new();
    let mut module_operations = Vec::new();
    for block in blocks {
        match block {
            Block::Text(lines) => declarations.extend(lines),
            Block::Operation(operation) => module_operations.push(operation),
        }
    }
    let needed = fixed + declarations.len() + module_operations.iter().map(|o| o.lines().len()).sum::<usize>();
    let capacity = lines.max(needed.div_ceil(files) + SLACK);

    let mut declarations = declarations.into_iter().peekable();
    let mut module_operations = module_operations.into_iter().peekable();
    let mut filler = Filler { module: first, next: 0 };
    let mut layout: Vec<Vec<Block>> = Vec::with_capacity(files);
    for (k, pinned) in pinned.into_iter().enumerate() {
        let last = k + 1 == files;
        let mut used = 1 + usize::from(k == 0) + pinned.lines().len();
        let mut text = Vec::new();
        while let Some(line) = declarations.next_if(|_| last || used < capacity) {
            text.push(line);
            used += 1;
        }
        let mut file = vec![Block::Text(text)];
        while let Some(operation) = module_operations.next_if(|o| last || used + o.lines().len() <= capacity) {
            used += operation.lines().len();
            file.push(Block::Operation(operation));
        }
        while let Some(operation) = filler.operation(capacity - used.min(capacity), rng) {
            used += operation.lines().len();
            file.push(Block::Operation(operation));
        }
        file.push(Block::Operation(pinned));
        file.push(Block::Text((used..capacity).map(|i| format!("# {} ({i})", rng.pick(&COMMENTS))).collect()));
        layout.push(file);
    }

    let planted = plant_in(&mut layout, (files * capacity).div_ceil(1000));
    let declaring = layout.iter().filter(|file| !matches!(&file[0], Block::Text(t) if t.is_empty())).count();
    let digits = files.to_string().len().max(2);
    let files: Vec<File> = layout
        .into_iter()
        .zip(planted)
        .enumerate()
        .map(|(k, (blocks, planted))| {
            let file = match k < declaring {
                true => format!("components-{:0digits$}.design", k + 1),
                false => format!("operations-{:0digits$}.design", k + 1 - declaring),
            };
            let mut text =
                format!("# {name}/{file}: generated by design-bench (seed {seed}), one design with its folder.\n");
            if k == 0 {
                text.push_str(&format!("system \"Workspace {seed}, {name} — café 日本 🚀\"\n"));
            }
            for line in blocks.iter().flat_map(Block::lines) {
                text.push_str(&line);
                text.push('\n');
            }
            File { name: file, text, planted }
        })
        .collect();
    let shared = locate(&files, &filler.module.components[shared].name);
    Folder { name, files, shared }
}

/// An operation that binds the shared component, declaring nothing of its own when it can.
fn shared_operation(module: &mut Module, shared: usize, number: usize, rng: &mut Rng) -> Operation {
    let suffix = format!(" #{number}");
    let pin = Pin::Component(shared);
    pin_somewhere(module, pin, false, &suffix, rng)
        .or_else(|| pin_somewhere(module, pin, true, &suffix, rng))
        .expect("some role takes a module's most used component")
}

/// More operations on the first module's components, to fill files up.
struct Filler {
    module: Module,
    /// How many were made: their names' suffix.
    next: usize,
}

impl Filler {
    /// An operation of at most `room` lines, or `None` when none fits.
    fn operation(&mut self, room: usize, rng: &mut Rng) -> Option<Operation> {
        let mechanisms = &catalog().mechanisms;
        for _ in 0..mechanisms.len() {
            self.next += 1;
            let mechanism = &mechanisms[self.next % mechanisms.len()];
            let suffix = format!(" #{}", self.next);
            let Some(operation) = build_operation(&mut self.module, mechanism, None, false, &suffix, rng) else {
                continue;
            };
            // Operations are a few lines long: one that does not fit means the file is full.
            return (operation.lines().len() <= room).then_some(operation);
        }
        None
    }
}

/// Plants `count` mistakes over the files' operations; the codes planted in each file, in file order.
fn plant_in(layout: &mut [Vec<Block>], count: usize) -> Vec<Vec<&'static str>> {
    let mut planted = vec![Vec::new(); layout.len()];
    let mut owners = Vec::new();
    let mut all = Vec::new();
    for (k, blocks) in layout.iter_mut().enumerate() {
        let found = operations(blocks);
        owners.extend(std::iter::repeat_n(k, found.len()));
        all.extend(found);
    }
    for (index, code) in plant::plant(&mut all, count.max(1)) {
        planted[owners[index]].push(code);
    }
    planted
}

/// Where `name` is declared among `files`.
fn locate(files: &[File], name: &str) -> Shared {
    let declaration = format!("component {name}:");
    for (file, f) in files.iter().enumerate() {
        if let Some(line) = f.text.lines().position(|l| l.starts_with(&declaration)) {
            let column = "component ".len() + name.len();
            return Shared { name: name.to_string(), file, line, column };
        }
    }
    unreachable!("the shared component is declared in a module's header")
}

#[cfg(test)]
mod tests;
