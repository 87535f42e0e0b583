//! The parts of the README and of the report that runs write anew, each between two marker comments, and
//! how they are replaced while everything around them is kept.

use crate::machine::Machine;
use std::path::Path;

pub struct Markers {
    pub start: &'static str,
    pub end: &'static str,
}

/// The README's copy of the summary table of `design-bench run`.
pub const SUMMARY: Markers =
    Markers { start: "<!-- summary: written by `design-bench run` -->", end: "<!-- end of summary -->" };
/// The README's copy of the summary table of `design-bench workspace`.
pub const WORKSPACE_SUMMARY: Markers = Markers {
    start: "<!-- workspace summary: written by `design-bench workspace` -->",
    end: "<!-- end of workspace summary -->",
};
/// The report's section written by `design-bench workspace`, which `design-bench run` keeps.
pub const WORKSPACE: Markers =
    Markers { start: "<!-- workspace: written by `design-bench workspace` -->", end: "<!-- end of workspace -->" };
/// Notes written by hand at the end of a report, from this line on, are kept when it is written anew.
pub const NOTES_START: &str = "<!-- notes: written by hand, kept by design-bench run -->";

impl Markers {
    /// The part of `text` from the start marker to the end marker, both included.
    pub fn find<'t>(&self, text: &'t str) -> Option<&'t str> {
        let start = text.find(self.start)?;
        let end = start + text[start..].find(self.end)? + self.end.len();
        Some(&text[start..end])
    }

    /// `text` with `body` between the markers in place of what was there; `None` when it lacks them.
    pub fn replace(&self, text: &str, body: &str) -> Option<String> {
        let found = self.find(text)?;
        let start = found.as_ptr() as usize - text.as_ptr() as usize;
        let (before, after) = (&text[..start], &text[start + found.len()..]);
        Some(format!("{before}{}\n{body}{}{after}", self.start, self.end))
    }
}

/// `report` with `section` (its markers included) in place of its workspace section, or, when it has
/// none, before the notes written by hand, or at its end.
pub fn with_workspace(report: &str, section: &str) -> String {
    if let Some(found) = WORKSPACE.find(report) {
        return report.replacen(found, section.trim_end(), 1);
    }
    match report.find(NOTES_START) {
        Some(notes) => format!("{}{section}\n{}", &report[..notes], &report[notes..]),
        None if report.trim().is_empty() => section.to_string(),
        None => format!("{}\n\n{section}", report.trim_end()),
    }
}

/// Replaces a summary table of the README with `summary`, when a report is written beside it.
pub fn update_readme(readme: &Path, markers: &Markers, summary: &str, machine: &Machine) {
    let Ok(text) = std::fs::read_to_string(readme) else { return };
    let body = format!(
        "\n{}, on {} ({} cores, {}, load average {} at the start), {} build; details in [REPORT.md](REPORT.md):\
         \n\n{summary}\n",
        machine.date, machine.cpu, machine.cores, machine.memory, machine.load, machine.profile
    );
    let Some(updated) = markers.replace(&text, &body) else { return };
    if let Err(error) = std::fs::write(readme, updated) {
        eprintln!("design-bench: cannot update {}: {error}", readme.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_part_is_replaced_and_the_rest_kept() {
        let text = format!("intro\n{}\nold\n{}\noutro\n", SUMMARY.start, SUMMARY.end);
        assert_eq!(SUMMARY.find(&text), Some(format!("{}\nold\n{}", SUMMARY.start, SUMMARY.end).as_str()));
        assert_eq!(
            SUMMARY.replace(&text, "\nnew\n"),
            Some(format!("intro\n{}\n\nnew\n{}\noutro\n", SUMMARY.start, SUMMARY.end))
        );
        assert_eq!(WORKSPACE_SUMMARY.replace(&text, "new"), None);
    }

    #[test]
    fn the_workspace_section_replaces_its_old_self_or_goes_before_the_notes() {
        let section = format!("{}\n## Workspace\n\nnew\n{}\n", WORKSPACE.start, WORKSPACE.end);
        let old = format!("{}\n## Workspace\n\nold\n{}", WORKSPACE.start, WORKSPACE.end);
        let report = format!("# Report\n\n| a |\n\n{old}\n\n{NOTES_START}\n\nnotes\n");
        assert_eq!(
            with_workspace(&report, &section),
            format!("# Report\n\n| a |\n\n{}\n\n{NOTES_START}\n\nnotes\n", section.trim_end())
        );
        let report = format!("# Report\n\n| a |\n\n{NOTES_START}\n\nnotes\n");
        assert_eq!(
            with_workspace(&report, &section),
            format!("# Report\n\n| a |\n\n{section}\n{NOTES_START}\n\nnotes\n")
        );
        assert_eq!(with_workspace("# Report\n\n| a |\n", &section), format!("# Report\n\n| a |\n\n{section}"));
        assert_eq!(with_workspace("", &section), section);
    }
}
