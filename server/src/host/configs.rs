//! The design.toml files the host knows, and which apply to which design: the user's settings, then the
//! one at the root of the workspace folder the design lies in, then the one in the design's own folder
//! (outermost first, the inner one winning).

use super::turns::DesignKey;
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
    /// What the user's settings apply, under every design.toml.
    user: Vec<Config>,
}

impl Configs {
    pub fn new(builtin: Arc<Catalog>) -> Self {
        Configs { builtin, roots: Vec::new(), files: HashMap::new(), user: Vec::new() }
    }

    pub fn set_roots(&mut self, roots: Vec<String>) {
        self.roots = roots.into_iter().map(|root| if root.ends_with('/') { root } else { root + "/" }).collect();
    }

    /// The configs of the user's settings, outermost first; false when they change nothing, as before.
    pub fn set_user(&mut self, user: Vec<Config>) -> bool {
        let user: Vec<Config> = user.into_iter().filter(|config| !config.is_empty()).collect();
        let changed = !(user.is_empty() && self.user.is_empty());
        self.user = user;
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
        let files = root.into_iter().chain([key.as_str()]).filter_map(|f| self.files.get(f));
        let layers: Vec<&Config> = self.user.iter().chain(files).collect();
        Applied::new(&self.builtin, &layers)
    }

    /// Whether the design.toml in `folder` applies to the design `key`.
    pub fn concerns(&self, folder: &str, key: &DesignKey) -> bool {
        folder == key || self.root_of(key) == Some(folder)
    }
}

/// The folder of a `design.toml` file, ending with `/`; `None` for any other file.
pub(super) fn config_folder(name: &str) -> Option<&str> {
    name.strip_suffix("design.toml").filter(|folder| folder.ends_with('/'))
}
