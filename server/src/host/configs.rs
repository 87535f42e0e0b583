//! The design.toml files the host knows, and which apply to which design: the user's settings, then the
//! one at the root of the workspace folder the design lies in, then the one in the design's own folder
//! (outermost first, the inner one winning).

use super::turns::DesignKey;
use super::FileId;
use crate::catalog::Catalog;
use crate::config::{self, Applied, Config, Problem};
use std::collections::HashMap;
use std::sync::Arc;

pub(super) struct Configs {
    builtin: Arc<Catalog>,
    /// The workspace folders, each ending with `/`.
    roots: Vec<String>,
    /// What each folder's design.toml applies (by the folder, ending with `/`).
    files: HashMap<String, Config>,
    /// The folder of the design.toml the user's settings name as an extra catalog, under every other.
    user_catalog: Option<String>,
    /// The levels the user's settings set, under every design.toml.
    user_levels: Config,
}

impl Configs {
    pub fn new(builtin: Arc<Catalog>) -> Self {
        Configs {
            builtin,
            roots: Vec::new(),
            files: HashMap::new(),
            user_catalog: None,
            user_levels: Config::default(),
        }
    }

    pub fn set_roots(&mut self, roots: Vec<String>) {
        self.roots = roots.into_iter().map(|root| if root.ends_with('/') { root } else { root + "/" }).collect();
    }

    /// The user's settings: the design.toml they name as an extra catalog (read like any other, so a
    /// change to it on disk applies too) and their levels. False when they change nothing, as before.
    pub fn set_user(&mut self, catalog: Option<&FileId>, levels: Config) -> bool {
        let catalog = catalog.and_then(|file| config_folder(file.as_str())).map(String::from);
        let changed = catalog != self.user_catalog || !(levels.is_empty() && self.user_levels.is_empty());
        (self.user_catalog, self.user_levels) = (catalog, levels);
        changed
    }

    /// Takes in the text of the design.toml in `folder` (`None` once it is gone), and returns its mistakes.
    pub fn set(&mut self, folder: &str, text: Option<&str>) -> Vec<Problem> {
        let Some(text) = text else {
            self.files.remove(folder);
            return Vec::new();
        };
        let (config, problems) = config::parse(text);
        self.files.insert(folder.to_string(), config);
        problems
    }

    /// The root of the workspace folder `key` lies in: the longest that holds it.
    fn root_of(&self, key: &str) -> Option<&str> {
        self.roots
            .iter()
            .filter(|root| key.starts_with(root.as_str()))
            .max_by_key(|root| root.len())
            .map(String::as_str)
    }

    /// What applies to the design `key`.
    pub fn applied(&self, key: &DesignKey) -> Applied {
        let root = self.root_of(key).filter(|root| *root != key);
        let catalog = self.user_catalog.as_ref().and_then(|folder| self.files.get(folder));
        let files = root.into_iter().chain([key.as_str()]).filter_map(|f| self.files.get(f));
        let layers: Vec<&Config> = catalog.into_iter().chain([&self.user_levels]).chain(files).collect();
        Applied::new(&self.builtin, &layers)
    }

    /// Whether the design.toml in `folder` applies to the design `key`.
    pub fn concerns(&self, folder: &str, key: &DesignKey) -> bool {
        folder == key || self.root_of(key) == Some(folder) || self.user_catalog.as_deref() == Some(folder)
    }
}

/// The folder of a `design.toml` file, ending with `/`; `None` for any other file.
pub(super) fn config_folder(name: &str) -> Option<&str> {
    name.strip_suffix("design.toml").filter(|folder| folder.ends_with('/'))
}
