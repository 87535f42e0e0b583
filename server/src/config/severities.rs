//! The levels `[severity]` sets, applied to what the analysis reports.

use super::Config;
use crate::analysis::Diagnostic;

/// `diagnostics` as the config wants them reported: a code set to `off` dropped, one set to another
/// level shown at it, the others as they are.
pub fn apply_severities(config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut diagnostic| {
            if let Some(level) = config.severity(diagnostic.code) {
                diagnostic.severity = level.severity()?;
            }
            Some(diagnostic)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Code, Severity};
    use crate::config::parse;

    #[test]
    fn off_drops_a_code_and_a_level_replaces_its_severity() {
        let (config, problems) = parse("[severity]\nunused-component = \"off\"\nmissing-role = \"error\"\n");
        assert_eq!(problems, []);
        let diagnostics = vec![
            Diagnostic::new(Code::UnusedComponent, 0..1, "unused"),
            Diagnostic::new(Code::MissingRole, 2..3, "missing"),
            Diagnostic::new(Code::NotDurable, 4..5, "not durable"),
        ];
        let applied = apply_severities(&config, diagnostics);
        let shown: Vec<(Code, Severity)> = applied.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(shown, [(Code::MissingRole, Severity::Error), (Code::NotDurable, Severity::Warning)]);
    }
}
