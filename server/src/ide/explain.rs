//! Looking up the mechanism a user asked to have explained, by name, with a suggestion on a typo. The CLI's
//! `explain` and the server's `design-ls.explain` command answer alike.

use crate::catalog::{Catalog, Mechanism};
use crate::suggest::closest;
use crate::text::echo;

/// The mechanism named `id`, or the message that says it is unknown and what was probably meant.
pub fn find_mechanism(id: &str) -> Result<&'static Mechanism, String> {
    let catalog = Catalog::get();
    catalog.mechanism(id).ok_or_else(|| {
        let ids = catalog.mechanisms.iter().map(|m| m.id.as_str());
        let shown = echo(id);
        match closest(id, ids.clone()) {
            Some(suggestion) => format!("unknown mechanism `{shown}`; did you mean `{suggestion}`?"),
            None => format!("unknown mechanism `{shown}`; known mechanisms: {}", ids.collect::<Vec<_>>().join(", ")),
        }
    })
}
