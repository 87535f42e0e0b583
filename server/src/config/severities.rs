//! The design.toml files that apply to a design, outermost first (a workspace root's, then the design
//! folder's): the catalog the design is checked against, and the level each code is reported at, the
//! innermost file that sets one winning.

use super::{extend, Config, Level};
use crate::analysis::{Code, Diagnostic};
use crate::catalog::Catalog;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Applied {
    catalog: Arc<Catalog>,
    levels: HashMap<Code, Level>,
}

impl Applied {
    /// `builtin` extended by each of `configs` in turn, outermost first.
    pub fn new(builtin: &Arc<Catalog>, configs: &[&Config]) -> Applied {
        let mut catalog = builtin.clone();
        let mut levels = HashMap::new();
        for config in configs {
            catalog = Arc::new(extend(&catalog, config));
            levels.extend(config.severities.iter().map(|(code, level)| (*code, *level)));
        }
        Applied { catalog, levels }
    }

    /// The catalog the design is checked against.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// `diagnostics` as the configs want them reported: a code set to `off` dropped, one set to another
    /// level shown at it, the others as they are.
    pub fn apply(&self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let shown = diagnostics.iter().filter_map(|diagnostic| match self.levels.get(&diagnostic.code) {
            Some(level) => Some(Diagnostic { severity: level.severity()?, ..diagnostic.clone() }),
            None => Some(diagnostic.clone()),
        });
        shown.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Severity;
    use crate::config::parse;

    #[test]
    fn off_drops_a_code_a_level_replaces_its_severity_and_the_inner_file_wins() {
        let (root, problems) = parse("[severity]\nunused-component = \"off\"\nmissing-role = \"error\"\n");
        assert_eq!(problems, []);
        let (folder, problems) = parse("[severity]\nunused-component = \"hint\"\n");
        assert_eq!(problems, []);
        let diagnostics = vec![
            Diagnostic::new(Code::UnusedComponent, 0..1, "unused"),
            Diagnostic::new(Code::MissingRole, 2..3, "missing"),
            Diagnostic::new(Code::NotDurable, 4..5, "not durable"),
        ];
        let shown = |applied: Applied| -> Vec<(Code, Severity)> {
            applied.apply(&diagnostics).iter().map(|d| (d.code, d.severity)).collect()
        };
        let builtin = Catalog::builtin();
        assert_eq!(
            shown(Applied::new(&builtin, &[&root])),
            [(Code::MissingRole, Severity::Error), (Code::NotDurable, Severity::Warning)]
        );
        assert_eq!(
            shown(Applied::new(&builtin, &[&root, &folder])),
            [
                (Code::UnusedComponent, Severity::Hint),
                (Code::MissingRole, Severity::Error),
                (Code::NotDurable, Severity::Warning)
            ]
        );
    }
}
