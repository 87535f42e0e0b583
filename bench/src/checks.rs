//! The checks of the conversation: diagnostics of the version waited for, with the planted content, and
//! never older than diagnostics already published.

use crate::lsp::Published;

/// The diagnostics waited for are of `version` and exactly those of the planted mistakes (`planted` sorted).
pub fn expect_diagnostics(published: &Published, version: i64, planted: &[String]) -> Result<(), String> {
    if published.version != Some(version) {
        return Err(format!("waited for the diagnostics of version {version}, got version {:?}", published.version));
    }
    let mut codes = published.codes.clone();
    codes.sort();
    if codes != planted {
        return Err(format!("version {version} has diagnostics {codes:?}; the planted mistakes are {planted:?}"));
    }
    Ok(())
}

/// Every `publishDiagnostics` of the document carries a version, none is older than one published before
/// it, and the last one is of the final version.
pub fn check_order(conversation: &[Published], uri: &str, final_version: i64) -> Result<(), String> {
    let mut newest = 0;
    for published in conversation.iter().filter(|p| p.uri == uri) {
        let version = published.version.ok_or("a publishDiagnostics without a version")?;
        if version < newest {
            return Err(format!("the diagnostics of version {version} arrived after those of version {newest}"));
        }
        newest = version;
    }
    if newest != final_version {
        return Err(format!("the last diagnostics are of version {newest}, not of the final version {final_version}"));
    }
    Ok(())
}

/// Only the diagnostics of open buffers carry a version: those of files read from disk have none.
pub fn check_unversioned(conversation: &[Published], open: &[&str]) -> Result<(), String> {
    let read_from_disk = |p: &&Published| !open.contains(&p.uri.as_str());
    match conversation.iter().filter(read_from_disk).find(|p| p.version.is_some()) {
        Some(p) => Err(format!("{} is not open, yet its diagnostics carry version {:?}", p.uri, p.version)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn published(version: Option<i64>, codes: &[&str]) -> Published {
        let codes = codes.iter().map(|c| c.to_string()).collect();
        Published { at: Instant::now(), uri: "file:///a.design".into(), version, codes }
    }

    #[test]
    fn diagnostics_must_be_of_the_version_and_the_planted_mistakes() {
        let planted = ["invalid-value".to_string(), "unknown-shape".to_string()];
        assert_eq!(expect_diagnostics(&published(Some(3), &["unknown-shape", "invalid-value"]), 3, &planted), Ok(()));
        assert_eq!(
            expect_diagnostics(&published(Some(4), &["unknown-shape", "invalid-value"]), 3, &planted),
            Err("waited for the diagnostics of version 3, got version Some(4)".into())
        );
        assert_eq!(
            expect_diagnostics(&published(Some(3), &["unknown-shape"]), 3, &planted),
            Err("version 3 has diagnostics [\"unknown-shape\"]; the planted mistakes are \
                 [\"invalid-value\", \"unknown-shape\"]"
                .into())
        );
    }

    #[test]
    fn diagnostics_must_carry_increasing_versions_up_to_the_final_one() {
        let conversation = [published(Some(1), &[]), published(Some(3), &[]), published(Some(5), &[])];
        assert_eq!(check_order(&conversation, "file:///a.design", 5), Ok(()));
        assert_eq!(
            check_order(&conversation, "file:///a.design", 6),
            Err("the last diagnostics are of version 5, not of the final version 6".into())
        );
        let stale = [published(Some(1), &[]), published(Some(5), &[]), published(Some(3), &[])];
        assert_eq!(
            check_order(&stale, "file:///a.design", 5),
            Err("the diagnostics of version 3 arrived after those of version 5".into())
        );
        let unversioned = [published(Some(1), &[]), published(None, &[])];
        assert_eq!(
            check_order(&unversioned, "file:///a.design", 1),
            Err("a publishDiagnostics without a version".into())
        );
    }

    #[test]
    fn only_open_buffers_have_versioned_diagnostics() {
        let mut on_disk = published(None, &[]);
        on_disk.uri = "file:///b.design".into();
        assert_eq!(check_unversioned(&[published(Some(2), &[]), on_disk], &["file:///a.design"]), Ok(()));
        assert_eq!(
            check_unversioned(&[published(Some(2), &[])], &[]),
            Err("file:///a.design is not open, yet its diagnostics carry version Some(2)".into())
        );
    }
}
