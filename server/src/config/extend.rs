//! The catalog a design sees: the built-in one with a design.toml's technologies and mechanisms.

use super::Config;
use crate::catalog::Catalog;

/// `builtin` with `config`'s technologies and mechanisms: one with the id of one already there takes its
/// place (a technology `replaces_builtin`), any other comes after the rest; a mechanism joins the shapes
/// it realizes, after their own.
pub fn extend(builtin: &Catalog, config: &Config) -> Catalog {
    let mut catalog = builtin.clone();
    for technology in &config.technologies {
        match catalog.technologies.iter_mut().find(|t| t.id == technology.id) {
            Some(replaced) => *replaced = technology.clone(),
            None => catalog.technologies.push(technology.clone()),
        }
    }
    for mechanism in &config.mechanisms {
        match catalog.mechanisms.iter_mut().find(|m| m.id == mechanism.id) {
            Some(replaced) => *replaced = mechanism.clone(),
            None => catalog.mechanisms.push(mechanism.clone()),
        }
    }
    for shape in &mut catalog.shapes {
        for mechanism in config.shapes.get(&shape.id).into_iter().flatten() {
            if !shape.mechanisms.contains(mechanism) {
                shape.mechanisms.push(mechanism.clone());
            }
        }
    }
    catalog
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    const LEDGER: &str = r#"
[[technology]]
id = "redis"
title = "Our Redis"
kinds = ["store"]
description = "With AOF on every write."
replaces_builtin = true

[[technology]]
id = "ledger-db"
title = "Ledger DB"
kinds = ["store"]
description = "Our ledger."

[[mechanism]]
id = "ledger-post"
title = "Ledger Post"
summary = "Append a posting."
family = "store-centered"
explanation = "One transaction per posting."
shapes = ["create", "append"]
role = [{ key = "ledger", required = false, kinds = ["store"], about = "Where postings go." }]
"#;

    #[test]
    fn a_replacement_takes_the_builtins_place_and_the_rest_come_after() {
        let builtin = Catalog::builtin();
        let (config, problems) = parse(LEDGER);
        assert_eq!(problems, []);
        let catalog = extend(&builtin, &config);
        let at = |catalog: &Catalog, id: &str| catalog.technologies.iter().position(|t| t.id == id);
        assert_eq!(at(&catalog, "redis"), at(&builtin, "redis"));
        assert_eq!(catalog.technology("redis").unwrap().title, "Our Redis");
        assert_eq!(builtin.technology("redis").unwrap().title, "Redis", "the built-in catalog is left as it was");
        assert_eq!(at(&catalog, "ledger-db"), Some(builtin.technologies.len()));
        assert_eq!(catalog.mechanisms.last().unwrap().id, "ledger-post");
        assert_eq!(catalog.shape("create").unwrap().mechanisms, ["insert", "append-log", "ledger-post"]);
        assert_eq!(catalog.shape("append").unwrap().mechanisms, ["append-log", "insert", "ledger-post"]);
    }

    /// A folder's design.toml over the root's: the same mechanism again replaces it and joins no shape
    /// twice.
    #[test]
    fn extending_an_extended_catalog_replaces_its_entries() {
        let (config, _) = parse(LEDGER);
        let once = extend(&Catalog::builtin(), &config);
        let twice = extend(&once, &config);
        assert_eq!(twice.mechanisms.len(), once.mechanisms.len());
        assert_eq!(twice.technologies.len(), once.technologies.len());
        assert_eq!(twice.shape("create").unwrap().mechanisms, once.shape("create").unwrap().mechanisms);
    }
}
