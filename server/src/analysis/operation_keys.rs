//! Which operation key (`path`, `shape`, `mechanism`, `note`) a field's key stands for, misspellings
//! included: `Mechanism:` or `mechansim:` gets one error at the key, and the operation is still checked
//! as if the key were right, rather than as one without a mechanism.

use crate::catalog::Catalog;
use crate::syntax::{Field, Operation};

/// The operation key `key` is, or is a misspelling of: the same letters in another case, or a typo close
/// enough for a did-you-mean.
pub fn meant<'c>(catalog: &'c Catalog, key: &str) -> Option<&'c str> {
    crate::suggest::closest(key, catalog.operation_keys.iter().map(|k| k.key.as_str()))
}

/// The field that sets the operation key `key`: the one written `key:`, else the first whose key
/// misspells it.
pub fn field<'a>(catalog: &Catalog, operation: &'a Operation, key: &str) -> Option<&'a Field> {
    operation.field(key).or_else(|| operation.fields.iter().find(|f| meant(catalog, &f.key.text) == Some(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_and_other_cases_mean_the_key() {
        let catalog = Catalog::builtin();
        for (key, expected) in [
            ("mechanism", Some("mechanism")),
            ("Mechanism", Some("mechanism")),
            ("mechansim", Some("mechanism")),
            ("Shape", Some("shape")),
            ("pth", Some("path")),
            ("PATH", Some("path")),
            ("nte", Some("note")),
            ("store", None),
            ("state", None),
            ("guard", None),
        ] {
            assert_eq!(meant(&catalog, key), expected, "{key}");
        }
    }
}
