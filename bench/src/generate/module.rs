//! A module of a design: the components about one business entity. It starts with one component of every
//! technology that stands on its own (stores, logs, queues, caches, …); tables and outboxes (`in` a store)
//! and processes (workers, schedulers, services) are declared as operations need them, named after the role
//! they fill, so a hold table lives in the inventory's store and an indexer is called an indexer.

use super::catalog;
use super::words::{kind_descriptions, purpose_descriptions, COMMENTS, NOUNS};
use crate::rng::Rng;
use design_ls::catalog::{Guarantees, Technology};
use std::collections::HashMap;

/// Kinds of components that move data but hold none (as the design rules see them).
pub const PROCESS_KINDS: [&str; 3] = ["worker", "scheduler", "service"];

pub fn is_process_kind(kind: &str) -> bool {
    PROCESS_KINDS.contains(&kind)
}

/// A technology whose components are processes only (worker, scheduler, service).
pub fn is_process_technology(technology: &Technology) -> bool {
    !technology.kinds.is_empty() && technology.kinds.iter().all(|k| is_process_kind(k))
}

/// A technology the module declares once up front: neither declared `in` a store nor a process.
pub fn is_standing(technology: &Technology) -> bool {
    !technology.hosted && !is_process_technology(technology)
}

pub(crate) struct Component {
    pub name: String,
    pub technology: &'static Technology,
    /// The technology's position in the catalog.
    pub catalog_index: usize,
    /// The component a table or outbox lives `in` (an index in the module).
    pub host: Option<usize>,
    /// The role key a table, an outbox, a process or a dead-letter queue was declared for; `None` for the
    /// module's own component of a standing technology, which any role may take.
    pub purpose: Option<&'static str>,
    /// How many role values name it, and how many tables live in it.
    pub uses: usize,
    /// False once the header was written without it (it was never used): nothing may bind it then.
    pub declared: bool,
    /// Declared in the module's header; the others above the operation that first uses them.
    pub standing: bool,
}

pub(crate) struct Module {
    pub index: usize,
    pub noun: &'static str,
    pub components: Vec<Component>,
    /// Each component's index by name.
    names: HashMap<String, usize>,
}

/// The position of a technology in the catalog.
pub fn technology_index(technology: &Technology) -> usize {
    let technologies = &catalog().technologies;
    technologies.iter().position(|t| std::ptr::eq(t, technology)).expect("a catalog technology")
}

impl Module {
    /// One component of every standing technology, named `{noun}_{technology}_{module}`.
    pub fn new(index: usize) -> Module {
        let noun = NOUNS[index % NOUNS.len()];
        let components = catalog()
            .technologies
            .iter()
            .filter(|t| is_standing(t))
            .map(|technology| Component {
                name: format!("{noun}_{}_{index}", technology.id),
                technology,
                catalog_index: technology_index(technology),
                host: None,
                purpose: None,
                uses: 0,
                declared: true,
                standing: true,
            })
            .collect::<Vec<Component>>();
        let names = components.iter().enumerate().map(|(i, c)| (c.name.clone(), i)).collect();
        Module { index, noun, components, names }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.get(name).copied()
    }

    /// Declares a component; hosting a table counts as a use of its store.
    pub fn add(
        &mut self,
        name: String,
        technology: &'static Technology,
        host: Option<usize>,
        purpose: Option<&'static str>,
    ) -> usize {
        if let Some(host) = host {
            self.components[host].uses += 1;
        }
        let (catalog_index, standing) = (technology_index(technology), false);
        self.names.insert(name.clone(), self.components.len());
        let component = Component { name, technology, catalog_index, host, purpose, uses: 0, declared: true, standing };
        self.components.push(component);
        self.components.len() - 1
    }

    /// What a component guarantees: its technology's, or for a table or outbox its store's.
    pub fn guarantees(&self, index: usize) -> Option<&'static Guarantees> {
        let component = &self.components[index];
        component.technology.guarantees.as_ref().or_else(|| self.guarantees(component.host?))
    }

    pub fn is_kind(&self, index: usize, kind: &str) -> bool {
        self.components[index].technology.kinds.iter().any(|k| k == kind)
    }

    /// The module's heading and the declarations of its standing components, in catalog order; one no
    /// operation uses is left out (and marked undeclared), so nothing is flagged unused. Tables, outboxes
    /// and processes are declared above the operation that first uses them.
    pub fn header(&mut self, rng: &mut Rng) -> Vec<String> {
        let noun = self.noun;
        let mut lines = vec![
            String::new(),
            format!("# ── Module {}: {noun}s ──", self.index),
            format!("# {}", rng.pick(&COMMENTS)),
        ];
        for technology in &catalog().technologies {
            for index in 0..self.components.len() {
                let component = &self.components[index];
                if !std::ptr::eq(component.technology, technology) || !component.standing {
                    continue;
                }
                if component.uses == 0 {
                    self.components[index].declared = false;
                    continue;
                }
                lines.push(self.declaration(index, rng));
            }
        }
        lines
    }

    /// `component NAME: TECHNOLOGY [in STORE] ["description"]  [# comment]`.
    pub fn declaration(&self, index: usize, rng: &mut Rng) -> String {
        let component = &self.components[index];
        let technology = component.technology;
        let mut line = format!("component {}: {}", component.name, technology.id);
        if let Some(host) = component.host {
            line.push_str(&format!(" in {}", self.components[host].name));
        }
        if rng.chance(40) {
            let by_purpose = component.purpose.map_or(&[][..], purpose_descriptions);
            let descriptions = if by_purpose.is_empty() {
                kind_descriptions(technology.kinds.first().map_or("", String::as_str))
            } else {
                by_purpose
            };
            line.push_str(&format!(" \"{}\"", rng.pick(descriptions)));
        }
        if rng.chance(10) {
            line.push_str(&format!("  # {}", rng.pick(&COMMENTS)));
        }
        line
    }
}
