//! The mechanism and technology catalog: data in `catalog.json`, embedded at build time.
//!
//! Everything the server knows about mechanisms, roles, technologies, kinds and shapes lives in that one
//! file; this module only gives it types and lookups. It depends on nothing else in the crate.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The quick grouping of the cheat sheet, in its order.
    pub families: Vec<Family>,
    /// The 14 base mechanisms, in the cheat sheet's order.
    pub mechanisms: Vec<Mechanism>,
    /// What each kind of component is (store, log, queue, ...).
    pub kinds: Vec<Kind>,
    pub technologies: Vec<Technology>,
    pub shapes: Vec<Shape>,
    /// Keys every operation may carry whatever its mechanism (`path`, `shape`, `mechanism`, `note`).
    pub operation_keys: Vec<OperationKey>,
    /// The cheat sheet's closing one-liner.
    pub one_liner: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub id: String,
    /// The grouping's heading, exactly as in the cheat sheet.
    pub title: String,
    /// The grouping's bullet points, exactly as in the cheat sheet.
    pub members: Vec<String>,
    /// Our own explanation of what the group has in common.
    pub about: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    /// The identifier written after `mechanism:` (`materialized-view`).
    pub id: String,
    /// Position in the cheat sheet (1-based).
    pub number: u32,
    /// The cheat sheet's heading (`Materialized View`).
    pub title: String,
    /// One sentence in our own words: what the mechanism is.
    pub summary: String,
    /// The *Used for* examples, exactly as in the cheat sheet.
    pub used_for: Vec<String>,
    /// The *Typical realization*, exactly as in the cheat sheet, nesting kept.
    pub realization: Vec<Bullet>,
    /// The *Mental model*, exactly as in the cheat sheet.
    pub mental_model: Vec<String>,
    /// Our own explanation of how the realization works and where it goes wrong.
    pub explanation: String,
    /// Id of the quick-grouping family.
    pub family: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bullet {
    pub text: String,
    #[serde(default)]
    pub children: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub key: String,
    pub required: bool,
    /// Kinds of component the role accepts; `any` accepts every kind.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Words the role accepts instead of a component.
    #[serde(default)]
    pub words: Vec<String>,
    /// The value is a duration (`30s`).
    #[serde(default)]
    pub duration: bool,
    /// The value is a free word naming a column (`run_at`).
    #[serde(default)]
    pub column: bool,
    /// Several values may be given, separated by commas.
    #[serde(default)]
    pub list: bool,
    /// What the role is for, in our own words.
    pub about: String,
    /// What the design loses when a required role is missing, in our own words.
    #[serde(default)]
    pub missing: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: String,
    pub title: String,
    pub about: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technology {
    /// The identifier written after `component name:` (`postgres`).
    pub id: String,
    /// Display name (`PostgreSQL`).
    pub title: String,
    pub kinds: Vec<String>,
    /// One paragraph in our own words.
    pub description: String,
    pub durable: bool,
    pub transactions: bool,
    pub conditional_writes: bool,
    /// Declared `in <store>` (tables and outboxes live inside a store).
    #[serde(default)]
    pub hosted: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    pub id: String,
    pub about: String,
    /// Mechanisms that realize this shape, best fit first.
    pub mechanisms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationKey {
    pub key: String,
    pub about: String,
}

impl Catalog {
    /// The catalog embedded in the binary, parsed once.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG
            .get_or_init(|| serde_json::from_str(include_str!("catalog.json")).expect("embedded catalog.json is valid"))
    }

    pub fn mechanism(&self, id: &str) -> Option<&Mechanism> {
        self.mechanisms.iter().find(|m| m.id == id)
    }

    pub fn technology(&self, id: &str) -> Option<&Technology> {
        self.technologies.iter().find(|t| t.id == id)
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.id == id)
    }

    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id == id)
    }

    pub fn operation_key(&self, key: &str) -> Option<&OperationKey> {
        self.operation_keys.iter().find(|k| k.key == key)
    }
}

impl Mechanism {
    pub fn role(&self, key: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.key == key)
    }
}

impl Role {
    /// Whether a component of `kind` may fill this role.
    pub fn accepts_kind(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind || k == "any")
    }

    pub fn accepts_components(&self) -> bool {
        !self.kinds.is_empty()
    }

    /// A short description of what the role accepts, for messages and cards:
    /// "a store, coordination component", "version, etag or updated-at", "a duration (e.g. 30s)".
    pub fn accepts_phrase(&self) -> String {
        let mut parts = Vec::new();
        if !self.kinds.is_empty() {
            if self.kinds.iter().any(|k| k == "any") {
                parts.push("any component".to_string());
            } else {
                parts.push(format!("{} component", with_article(&or_list(&self.kinds))));
            }
        }
        if !self.words.is_empty() {
            parts.push(format!("the word {}", or_list_quoted(&self.words)));
        }
        if self.duration {
            parts.push("a duration such as `30s`".to_string());
        }
        if self.column {
            parts.push("a column name such as `run_at`".to_string());
        }
        let mut phrase = parts.join(" or ");
        if self.list {
            phrase.push_str(" (a comma-separated list)");
        }
        phrase
    }
}

/// "a store", "an outbox": the noun phrase with its indefinite article.
pub fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// "a", "a or b", "a, b or c".
pub fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Like [`or_list`], with every item in backticks.
pub fn or_list_quoted(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    or_list(&quoted)
}

#[cfg(test)]
mod tests;
