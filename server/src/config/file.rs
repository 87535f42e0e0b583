//! What a `design.toml` holds: the types serde reads it into and its JSON Schema is generated from. Their
//! doc comments are the descriptions editors show, so they are written for the person editing the file.

use crate::analysis::Severity;
use crate::catalog::{Bullet, FamilyId, Guarantees, KindId, Role, ShapeId};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Extends design-ls's catalog for the designs in this folder: technologies and mechanisms of your own,
/// and how each diagnostic is reported.
#[derive(Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "design.toml")]
pub struct File {
    /// A technology components can name after `component NAME:`; one `[[technology]]` table each.
    #[serde(default)]
    pub technology: Vec<TechnologyEntry>,
    /// A mechanism operations can name after `mechanism:`; one `[[mechanism]]` table each.
    #[serde(default)]
    pub mechanism: Vec<MechanismEntry>,
    /// How each diagnostic is reported, by its code: `unused-component = "off"`.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::severities")]
    pub severity: BTreeMap<String, Level>,
}

/// A technology of your own, or a replacement for a built-in one.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnologyEntry {
    /// What a design writes after `component NAME:` (`ledger-db`).
    pub id: String,
    /// The name hovers show (`Ledger DB`).
    pub title: String,
    /// The kinds of component it can be, the one it is mostly used as first.
    #[schemars(with = "Vec<KindId>", length(min = 1))]
    pub kinds: Vec<String>,
    /// A paragraph for hovers: what it is, what it is good at, where it goes wrong.
    pub description: String,
    /// What it guarantees, each property stated. Leave it out when unknown: the rules that need a
    /// guarantee then pass its components by.
    pub guarantees: Option<Guarantees>,
    /// `true` to replace the built-in technology with the same id.
    #[serde(default)]
    pub replaces_builtin: bool,
}

/// A mechanism of your own, with the fields of the built-in ones.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MechanismEntry {
    /// What an operation writes after `mechanism:` (`ledger-post`).
    pub id: String,
    /// The heading of its hover card (`Ledger Post`).
    pub title: String,
    /// One sentence: what the mechanism is.
    pub summary: String,
    /// The quick grouping it belongs to.
    #[schemars(with = "FamilyId")]
    pub family: String,
    /// What it is used for, a few words each (`post a payment`).
    #[serde(default)]
    pub used_for: Vec<String>,
    /// How it is typically built, as bullets with optional sub-bullets.
    #[serde(default)]
    pub realization: Vec<Bullet>,
    /// How to think about it, a line each.
    #[serde(default)]
    pub mental_model: Vec<String>,
    /// How the realization works and where it goes wrong.
    pub explanation: String,
    /// The roles an operation binds; one `[[mechanism.role]]` table each.
    #[serde(rename = "role")]
    #[schemars(length(min = 1))]
    pub roles: Vec<Role>,
    /// How data moves between the roles: chains of role keys, each an edge from one to the next
    /// (`[["api", "ledger", "events"]]`).
    #[serde(default)]
    pub flow: Vec<Vec<String>>,
    /// The shapes of operation it realizes (`create`, `derive`, …): an operation of another shape that
    /// names it gets a `shape-mismatch` warning.
    #[serde(default)]
    #[schemars(with = "Vec<ShapeId>")]
    pub shapes: Vec<String>,
}

/// How a diagnostic is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(title = "level")]
pub enum Level {
    /// Not reported at all.
    Off,
    /// A hint: editors show it faintly, and `design-ls check` lists it.
    Hint,
    /// Information, shown but not a problem.
    Info,
    /// A warning.
    Warning,
    /// An error: `design-ls check` fails on it.
    Error,
}

impl Level {
    /// The severity a diagnostic reported at this level gets; `None` when it is not reported.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Hint => Some(Severity::Hint),
            Level::Info => Some(Severity::Information),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Level;
    use crate::analysis::Severity;

    /// A level is named as `design-ls check` names the severity it gives.
    #[test]
    fn levels_are_named_as_severities() {
        for (level, name) in
            [(Level::Hint, "hint"), (Level::Info, "info"), (Level::Warning, "warning"), (Level::Error, "error")]
        {
            assert_eq!(level.severity().map(Severity::as_str), Some(name));
            assert_eq!(serde_json::from_value::<Level>(serde_json::json!(name)).unwrap(), level);
        }
        assert_eq!(Level::Off.severity(), None);
    }
}
