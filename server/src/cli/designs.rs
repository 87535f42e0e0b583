//! The designs to check: the `.design` files found, grouped by the folder they are directly in (a
//! folder's `.design` files are one design), each with the sibling files it needs and the `design.toml`
//! files that apply to it.

use crate::disk::files::{self, Folder, Found};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub struct Design {
    /// The files to check and report.
    pub files: Vec<Found>,
    /// When files were named alone, the other `.design` files of their folder: read so that names
    /// declared in them resolve, but not reported, since the user did not ask for them.
    pub siblings: Vec<Found>,
    /// The `design.toml` files that apply, outermost first: the one at the root of the folder named on
    /// the command line, then the design folder's own.
    pub configs: Vec<Found>,
}

/// The files that can be read, as designs in the order of their folders, and the paths that cannot be
/// checked.
pub fn group(found: Vec<Found>) -> (Vec<Design>, Vec<Found>) {
    let mut folders: BTreeMap<(PathBuf, Option<PathBuf>), Vec<Found>> = BTreeMap::new();
    let mut unchecked = Vec::new();
    for found in found {
        if found.source.is_err() {
            unchecked.push(found);
            continue;
        }
        let folder = found.path.parent().unwrap_or(Path::new("")).to_path_buf();
        // A file named on the command line whatever its extension is no `.design` file of its folder: it
        // is a design of its own, as in an editor.
        let alone = (!files::is_design(&found.path)).then(|| found.path.clone());
        folders.entry((folder, alone)).or_default().push(found);
    }
    let designs = folders.into_iter().map(|((folder, alone), files)| design(&folder, alone.is_some(), files));
    (designs.collect(), unchecked)
}

fn design(folder: &Path, alone: bool, files: Vec<Found>) -> Design {
    let under = files.iter().find_map(|file| file.under.clone());
    // Found in no folder named, the files were named alone: their folder is the one that symlinks may
    // lead inside, and its other `.design` files are not among them yet.
    let within = match &under {
        Some(root) => Some(root.clone()),
        None => Folder::new(folder).ok().map(Rc::new),
    };
    let Some(within) = within else { return Design { files, siblings: Vec::new(), configs: Vec::new() } };
    let siblings = match under.is_none() && !alone {
        true => {
            let named: Vec<&OsStr> = files.iter().filter_map(|file| file.path.file_name()).collect();
            files::siblings(&within, &named)
        }
        false => Vec::new(),
    };
    let root = under.as_ref().map(|root| root.shown.as_path()).filter(|&root| root != folder);
    let configs = root.into_iter().chain([folder]).filter_map(|dir| files::design_toml(dir, &within)).collect();
    Design { files, siblings, configs }
}
