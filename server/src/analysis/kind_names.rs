//! How messages and completions say what a component is, in the words of the catalog's kind titles: "a
//! coordination service (etcd)" rather than "a coordination (etcd)", and "a table" rather than "a table
//! (Table)".

use super::Analysis;
use crate::catalog::{with_article, Catalog};
use crate::syntax::ComponentDecl;

/// A kind as running text says it: its title, lower case at the start ("coordination service").
pub fn kind_name(kind: &str) -> String {
    let title = Catalog::get().kind(kind).map_or(kind, |k| k.title.as_str());
    let mut chars = title.chars();
    chars.next().map_or(String::new(), |first| first.to_lowercase().chain(chars).collect())
}

impl Analysis {
    /// What `component` is: "a cache (Redis)", "a coordination service (etcd)"; a technology named after
    /// its kind (`table`, `worker`) is not named again: "a table". `None` when the technology is unknown.
    pub fn what_it_is(&self, component: &ComponentDecl) -> Option<String> {
        let technology = self.technology_of(component)?;
        let kinds: Vec<String> = technology.kinds.iter().map(|k| with_article(&kind_name(k))).collect();
        let kinds = kinds.join(" and ");
        Some(match technology.kinds.contains(&technology.id) {
            true => kinds,
            false => format!("{kinds} ({})", technology.title),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze_text;

    #[test]
    fn components_are_described_by_kind_titles() {
        let analysis = analyze_text(
            "component coord: etcd\ncomponent db: postgres\ncomponent keys: table in db\ncomponent cdc: debezium\n",
        );
        let what = |name| analysis.component(name).and_then(|(_, c)| analysis.what_it_is(c));
        assert_eq!(what("coord").as_deref(), Some("a coordination service (etcd)"));
        assert_eq!(what("db").as_deref(), Some("a store (PostgreSQL)"));
        assert_eq!(what("keys").as_deref(), Some("a table"));
        assert_eq!(what("cdc").as_deref(), Some("a change data capture (Debezium)"));
    }
}
