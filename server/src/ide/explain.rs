//! Looking up the mechanism a user asked to have explained, by name, with a suggestion on a typo. The CLI's
//! `explain` and the server's `design-ls.explain` command answer alike.

use crate::catalog::{Catalog, Mechanism};
use crate::suggest::closest;
use crate::text::echo;

/// The mechanism of `catalog` named `id`, or the message that says it is unknown and what was probably meant.
pub fn find_mechanism<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c Mechanism, String> {
    catalog.mechanism(id).ok_or_else(|| {
        let ids = catalog.mechanisms.iter().map(|m| m.id.as_str());
        let shown = echo(id);
        match closest(id, ids.clone()) {
            Some(suggestion) => format!("unknown mechanism `{shown}`; did you mean `{suggestion}`?"),
            None => format!("unknown mechanism `{shown}`; known mechanisms: {}", ids.collect::<Vec<_>>().join(", ")),
        }
    })
}
