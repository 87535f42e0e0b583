//! The design model and its checks: typed syntax in, diagnostics and resolved references out.
//!
//! Works on text, byte offsets and the syntax tree only; nothing here knows the protocol.

mod checks;
mod diagnostic;
mod model;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use model::{Binding, Use};

use crate::catalog::{Catalog, Mechanism, Technology};
use crate::syntax::{self, ComponentDecl, Operation, SourceFile, Tree};
use std::collections::HashMap;

/// Everything known about one version of a document.
#[derive(Debug, Default, Clone)]
pub struct Analysis {
    pub file: SourceFile,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Index into `file.components` of the first declaration of each name.
    components: HashMap<String, usize>,
    /// Per component (by index into `file.components`), where operations bind it to a role.
    pub uses: Vec<Vec<Use>>,
}

/// Analyzes a document whose tree is already parsed (possibly incrementally).
pub fn analyze(text: &str, tree: &Tree) -> Analysis {
    analyze_file(syntax::lower(text, tree))
}

/// Analyzes a lowered file (possibly relowered after an edit).
pub fn analyze_file(file: SourceFile) -> Analysis {
    let mut components = HashMap::new();
    for (index, component) in file.components.iter().enumerate() {
        components.entry(component.name.text.clone()).or_insert(index);
    }
    let mut analysis =
        Analysis { uses: vec![Vec::new(); file.components.len()], file, components, ..Default::default() };
    analysis.diagnostics = checks::run(&mut analysis);
    analysis.diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
    analysis
}

/// Parses and analyzes in one step.
pub fn analyze_text(text: &str) -> Analysis {
    analyze(text, &syntax::parse(text, None))
}

impl Analysis {
    /// The (first) declaration of a component, with its index.
    pub fn component(&self, name: &str) -> Option<(usize, &ComponentDecl)> {
        self.components.get(name).map(|&i| (i, &self.file.components[i]))
    }

    /// The catalog entry of a component's technology, when it names a known one.
    pub fn technology_of(&self, component: &ComponentDecl) -> Option<&'static Technology> {
        component.technology.as_ref().and_then(|t| Catalog::get().technology(&t.text))
    }

    /// The kinds a component can serve as (`store`, `cache`, …); empty when its technology is unknown.
    pub fn kinds_of(&self, component: &ComponentDecl) -> &'static [String] {
        self.technology_of(component).map_or(&[], |t| t.kinds.as_slice())
    }

    /// The catalog entry of an operation's mechanism, when it names a known one.
    pub fn mechanism_of(&self, operation: &Operation) -> Option<&'static Mechanism> {
        operation.field("mechanism").and_then(|f| f.single_word()).and_then(|w| Catalog::get().mechanism(&w.text))
    }

    /// How a role value was resolved (component, word, duration, …), by the byte range of its atom.
    pub fn binding_at(&self, operation: &Operation, atom_start: usize) -> Option<Binding> {
        let mechanism = self.mechanism_of(operation)?;
        operation.fields.iter().find_map(|field| {
            let role = mechanism.role(&field.key.text)?;
            match field.value.as_ref()? {
                syntax::Value::List(atoms) => {
                    atoms.iter().find(|a| a.token().range.start == atom_start).map(|atom| model::bind(self, role, atom))
                }
                syntax::Value::Path { .. } => None,
            }
        })
    }
}
