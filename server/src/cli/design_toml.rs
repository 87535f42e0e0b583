//! The `design.toml` files of a check, each read once however many designs it applies to, and reported
//! like a checked file: its problems at their token, under the code [`CODE`].

use super::report::{Checked, Finding, Report};
use crate::config::{self, Config};
use crate::disk::files::Found;
use crate::disk::read;
use ropey::Rope;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

/// The code of a design.toml's problems. It is not an analysis code, so `[severity]` does not set its
/// level.
const CODE: &str = "design-toml";

#[derive(Default)]
pub struct Configs {
    /// What each file read applies; `None` for one that could not be read.
    known: HashMap<PathBuf, Option<Rc<Config>>>,
    reports: Vec<Report>,
}

impl Configs {
    /// What `found` applies, read and reported the first time it is asked for. A file that cannot be read
    /// applies nothing, and one with mistakes applies all but the entries they are in.
    pub fn read(&mut self, found: Found) -> Option<Rc<Config>> {
        if let Some(config) = self.known.get(&found.path) {
            return config.clone();
        }
        let (config, checked) = match found.source.and_then(|source| read::read(&source)) {
            Ok(text) => {
                let (config, problems) = config::parse(&text);
                let findings = problems
                    .into_iter()
                    .map(|problem| Finding {
                        range: problem.range,
                        severity: problem.severity,
                        code: CODE,
                        message: problem.message,
                    })
                    .collect();
                (Some(Rc::new(config)), Ok(Checked { rope: Rope::from_str(&text), findings }))
            }
            Err(why) => (None, Err(why)),
        };
        self.known.insert(found.path.clone(), config.clone());
        self.reports.push(Report { path: found.path, checked });
        config
    }

    /// A report for each file read.
    pub fn reports(self) -> Vec<Report> {
        self.reports
    }
}
