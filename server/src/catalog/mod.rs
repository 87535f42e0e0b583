//! The mechanism and technology catalog: data in `catalog.json` (families, mechanisms, kinds, shapes)
//! and `technologies.json`, embedded at build time.
//!
//! Everything the server knows about mechanisms, roles, technologies, kinds and shapes lives in those
//! files; this module only gives it types and lookups. It depends on nothing else in the crate.

mod guarantees;
mod schema;

pub use guarantees::{Delivery, Guarantee, Guarantees, RangeScans, Retention, Transactions};
pub use schema::{FamilyId, KindId, RoleKindId, ShapeId};

use schemars::JsonSchema;
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The quick grouping of the cheat sheet, in its order.
    pub families: Vec<Family>,
    /// The base mechanisms: the cheat sheet's 14 in its order, then the project's own (`origin: project`).
    pub mechanisms: Vec<Mechanism>,
    /// What each kind of component is (store, log, queue, ...).
    pub kinds: Vec<Kind>,
    /// From `technologies.json`.
    #[serde(skip)]
    pub technologies: Vec<Technology>,
    pub shapes: Vec<Shape>,
    /// Keys every operation may carry whatever its mechanism (`path`, `shape`, `mechanism`, `note`).
    pub operation_keys: Vec<OperationKey>,
    /// The cheat sheet's closing one-liner.
    pub one_liner: String,
}

#[derive(Debug, Clone, Deserialize)]
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    /// The identifier written after `mechanism:` (`materialized-view`).
    pub id: String,
    /// Position in the cheat sheet (1-based); 0 for a workspace's own.
    pub number: u32,
    /// The cheat sheet's heading (`Materialized View`); for a project mechanism, its grouping member's words.
    pub title: String,
    #[serde(default)]
    pub origin: Origin,
    /// One sentence in our own words: what the mechanism is.
    pub summary: String,
    /// The *Used for* examples, exactly as in the cheat sheet; none for a project mechanism.
    #[serde(default)]
    pub used_for: Vec<String>,
    /// The *Typical realization*, exactly as in the cheat sheet, nesting kept; none for a project mechanism.
    #[serde(default)]
    pub realization: Vec<Bullet>,
    /// The *Mental model*, exactly as in the cheat sheet; none for a project mechanism.
    #[serde(default)]
    pub mental_model: Vec<String>,
    /// Our own explanation of how the realization works and where it goes wrong.
    pub explanation: String,
    /// Id of the quick-grouping family.
    pub family: String,
    pub roles: Vec<Role>,
    /// How data moves between the roles: chains of role keys, each an edge from one to the next.
    pub flow: Vec<Vec<String>>,
}

/// Where a mechanism comes from, so that what the cheat sheet says is never confused with what we add.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A numbered section of the cheat sheet, whose facts the catalog carries unchanged.
    #[default]
    CheatSheet,
    /// design-ls's own: a Quick Grouping member the cheat sheet gives no section of its own.
    Project,
    /// A `design.toml`'s: a team's own mechanism, in its words.
    Workspace,
}

/// A bullet of a typical realization, with its sub-bullets.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bullet {
    /// The bullet's words.
    pub text: String,
    /// Its sub-bullets.
    #[serde(default)]
    pub children: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// What an operation writes before the `:` to bind the role (`store`).
    pub key: String,
    /// Whether an operation of the mechanism must bind it.
    pub required: bool,
    /// Kinds of component the role accepts; `any` accepts every kind.
    #[serde(default)]
    #[schemars(with = "Vec<RoleKindId>")]
    pub kinds: Vec<String>,
    /// A component of any kind whose technology has one of these guarantees fills the role too.
    #[serde(default)]
    pub capabilities: Vec<Guarantee>,
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
    /// The component holds a source of truth, so it must be durable.
    #[serde(default)]
    pub truth: bool,
    /// The component holds data derived from the truth, so it must be rebuildable.
    #[serde(default)]
    pub derived: bool,
    /// Guarantees the component needs for the mechanism to be correct, and why.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// A required role that is not needed when another role's component has a guarantee.
    #[serde(default)]
    pub needless_when: Option<NeedlessWhen>,
    /// What the role is for, as hover cards and completion say it.
    pub about: String,
    /// What the design loses when a required role is missing: the `missing-role` warning says it.
    #[serde(default)]
    pub missing: String,
    /// Why a component of a kind the role does not take is wrong here, when there is more to say than
    /// the kinds it takes.
    #[serde(default)]
    pub misfit: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Need {
    /// The guarantee the component needs.
    pub guarantee: Guarantee,
    /// What goes wrong in production without it.
    pub because: String,
    /// Not needed when another role's component has a guarantee.
    #[serde(default)]
    pub unless: Option<NeedlessWhen>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedlessWhen {
    /// The role whose component may make this one needless.
    pub role: String,
    /// The guarantee of that role's component that makes this one needless.
    pub has: Guarantee,
    /// Why, for cards and messages.
    pub because: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: String,
    pub title: String,
    pub about: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technology {
    /// The identifier written after `component name:` (`postgres`).
    pub id: String,
    /// Display name (`PostgreSQL`).
    pub title: String,
    pub kinds: Vec<String>,
    /// One paragraph in our own words.
    pub description: String,
    /// What the technology guarantees; `None` for one declared `in` a store, which has the store's.
    #[serde(default)]
    pub guarantees: Option<Guarantees>,
    /// Declared `in <store>` (tables and outboxes live inside a store).
    #[serde(default)]
    pub hosted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TechnologiesFile {
    technologies: Vec<Technology>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    pub id: String,
    pub about: String,
    /// Mechanisms that realize this shape, best fit first.
    pub mechanisms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationKey {
    pub key: String,
    pub about: String,
}

impl Catalog {
    /// The catalog embedded in the binary, parsed once; a workspace's catalog starts from a clone of it.
    pub fn builtin() -> Arc<Catalog> {
        static BUILTIN: OnceLock<Arc<Catalog>> = OnceLock::new();
        let builtin = BUILTIN.get_or_init(|| {
            let mut catalog: Catalog =
                serde_json::from_str(include_str!("catalog.json")).expect("embedded catalog.json is valid");
            let technologies: TechnologiesFile =
                serde_json::from_str(include_str!("technologies.json")).expect("embedded technologies.json is valid");
            catalog.technologies = technologies.technologies;
            Arc::new(catalog)
        });
        Arc::clone(builtin)
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

    /// The mechanisms of a family, in catalog order.
    pub fn family_mechanisms<'a>(&'a self, family: &'a str) -> impl Iterator<Item = &'a Mechanism> {
        self.mechanisms.iter().filter(move |m| m.family == family)
    }

    /// The Quick Grouping bullet a project mechanism completes: the member of its family that its title
    /// names. `None` for a cheat-sheet mechanism.
    pub fn completed_member(&self, mechanism: &Mechanism) -> Option<&str> {
        if mechanism.origin != Origin::Project {
            return None;
        }
        let members = &self.family(&mechanism.family)?.members;
        members.iter().find(|m| m.eq_ignore_ascii_case(&mechanism.title)).map(String::as_str)
    }

    pub fn operation_key(&self, key: &str) -> Option<&OperationKey> {
        self.operation_keys.iter().find(|k| k.key == key)
    }

    /// A kind as running text names it: its title in lower case ("coordination service"); an unknown id
    /// as it is.
    pub fn kind_name(&self, kind: &str) -> String {
        self.kind(kind).map_or(kind.to_string(), |k| k.title.to_lowercase())
    }

    /// Kinds as a person names them, with an article: "a store or coordination service", "a table".
    pub fn kinds_phrase(&self, kinds: &[String]) -> String {
        let names: Vec<String> = kinds.iter().map(|k| self.kind_name(k)).collect();
        with_article(&or_list(&names))
    }
}

impl Mechanism {
    pub fn role(&self, key: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.key == key)
    }

    /// The edges of the flow, each `(from, to)` once, in the order the chains give them.
    pub fn edges(&self) -> Vec<(&str, &str)> {
        let mut edges = Vec::new();
        for chain in &self.flow {
            for pair in chain.windows(2) {
                let edge = (pair[0].as_str(), pair[1].as_str());
                if !edges.contains(&edge) {
                    edges.push(edge);
                }
            }
        }
        edges
    }
}

impl Role {
    /// Whether a component of `kind` may fill this role.
    pub fn accepts_kind(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind || k == "any")
    }

    /// Whether a component whose technology guarantees `guarantees` may fill this role whatever its kind.
    pub fn accepts_guarantees(&self, guarantees: &Guarantees) -> bool {
        self.capabilities.iter().any(|&capability| guarantees.has(capability))
    }

    pub fn accepts_components(&self) -> bool {
        !self.kinds.is_empty()
    }

    /// A short description of what the role accepts, for messages and cards: "a store or coordination
    /// service, or any component with a native lease", "the word `version`, `etag` or `updated-at`",
    /// "a duration such as `30s`". The catalog names the kinds.
    pub fn accepts_phrase(&self, catalog: &Catalog) -> String {
        let mut parts = Vec::new();
        if !self.kinds.is_empty() {
            if self.kinds.iter().any(|k| k == "any") {
                parts.push("any component".to_string());
            } else {
                parts.push(catalog.kinds_phrase(&self.kinds));
            }
        }
        if !self.capabilities.is_empty() {
            let names: Vec<String> = self.capabilities.iter().map(|c| c.name().to_string()).collect();
            parts.push(format!("any component with {}", or_list(&names)));
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
        let mut phrase = parts.join(", or ");
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

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// Like [`or_list`], with every item in backticks.
pub fn or_list_quoted(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    or_list(&quoted)
}

#[cfg(test)]
mod tests;
