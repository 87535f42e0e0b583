//! The user's settings: the client's `design` section, pulled with `workspace/configuration` or carried
//! by `workspace/didChangeConfiguration`. They set the level of each diagnostic code, an extra catalog
//! file (a `design.toml` inside the workspace whose technologies and mechanisms every design sees), and
//! whether inlay hints are shown.
//!
//! ```json
//! { "severity": { "unused-component": "off" }, "catalog": "shared/design.toml", "inlayHints": { "enabled": true } }
//! ```

use super::log::log;
use super::workspace::Folders;
use crate::analysis::Code;
use crate::config;
use crate::config::Level;
use crate::host::Host;
use crate::suggest::did_you_mean;
use crate::text::echo;
use serde_json::Value;
use std::sync::Arc;
use tower_lsp_server::ls_types::{ConfigurationItem, MessageType};
use tower_lsp_server::Client;

/// The section of the client's settings the server reads.
pub const SECTION: &str = "design";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub severity: Vec<(Code, Level)>,
    /// A `design.toml`, relative to the first workspace folder or absolute.
    pub catalog: Option<String>,
    pub inlay_hints: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { severity: Vec::new(), catalog: None, inlay_hints: true }
    }
}

/// The settings in `section` (anything else counts as none), and what is wrong in them, in words for
/// the user; what is wrong is left out.
pub fn read(section: &Value) -> (Settings, Vec<String>) {
    let mut settings = Settings::default();
    let mut problems = Vec::new();
    if let Some(levels) = section.get("severity").and_then(Value::as_object) {
        for (name, level) in levels {
            let Some(code) = Code::named(name) else {
                let hint = did_you_mean(name, Code::ALL.iter().map(|code| code.as_str()));
                problems.push(format!("design.severity: `{}` is not a diagnostic code{hint}", echo(name)));
                continue;
            };
            match serde_json::from_value::<Level>(level.clone()) {
                Ok(level) => settings.severity.push((code, level)),
                Err(_) => problems.push(format!(
                    "design.severity: `{}` takes \"off\", \"hint\", \"info\", \"warning\" or \"error\", not {}",
                    echo(name),
                    echo(&level.to_string())
                )),
            }
        }
    }
    match section.get("catalog") {
        Some(Value::String(path)) if !path.trim().is_empty() => settings.catalog = Some(path.trim().to_string()),
        None | Some(Value::Null | Value::String(_)) => {}
        Some(other) => {
            problems.push(format!("design.catalog takes the path of a design.toml, not {}", echo(&other.to_string())))
        }
    }
    match section.pointer("/inlayHints/enabled") {
        Some(Value::Bool(enabled)) => settings.inlay_hints = *enabled,
        None | Some(Value::Null) => {}
        Some(other) => {
            problems.push(format!("design.inlayHints.enabled takes true or false, not {}", echo(&other.to_string())))
        }
    }
    (settings, problems)
}

/// Asks the client for the user's settings, and applies them.
pub async fn pull_settings(client: Client, host: Arc<Host>, folders: Arc<Folders>) {
    let item = ConfigurationItem { scope_uri: None, section: Some(SECTION.into()) };
    match client.configuration(vec![item]).await {
        Ok(mut sections) if !sections.is_empty() => {
            apply_settings(client, host, folders, sections.swap_remove(0)).await
        }
        Ok(_) => {}
        Err(error) => log("settings", || format!("the client did not give its settings: {}", error.message)),
    }
}

/// Applies the user's settings to every design: the extra catalog under every design.toml, then the
/// levels. What is wrong in them is shown to the user.
pub async fn apply_settings(client: Client, host: Arc<Host>, folders: Arc<Folders>, section: Value) {
    let (settings, mut problems) = read(&section);
    let named = settings.catalog.clone();
    let read = tokio::task::spawn_blocking(move || named.map(|named| (folders.catalog(&named), named)));
    let catalog = match read.await.ok().flatten() {
        Some((Some(change), _)) => {
            let file = change.file().clone();
            // Read like any design.toml: its mistakes are shown on it, and a change on disk applies.
            host.apply_disk(vec![change]);
            Some(file)
        }
        Some((None, named)) => {
            problems.push(format!(
                "design.catalog: `{named}` is not a readable design.toml inside the workspace folders, so it is not used"
            ));
            None
        }
        None => None,
    };
    host.set_user(catalog, config::Config::with_levels(settings.severity));
    for problem in problems {
        client.show_message(MessageType::WARNING, problem).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_levels_a_catalog_and_inlay_hints_and_says_what_is_wrong() {
        let section = json!({
            "severity": { "unused-component": "off", "missing-role": "error", "unused-componnt": "off", "not-durable": "loud" },
            "catalog": " shared/design.toml ",
            "inlayHints": { "enabled": false },
            "server": { "path": "" },
        });
        let (settings, problems) = read(&section);
        assert_eq!(
            settings,
            Settings {
                severity: vec![(Code::MissingRole, Level::Error), (Code::UnusedComponent, Level::Off)],
                catalog: Some("shared/design.toml".into()),
                inlay_hints: false,
            }
        );
        assert_eq!(
            problems,
            [
                "design.severity: `not-durable` takes \"off\", \"hint\", \"info\", \"warning\" or \"error\", not \"loud\"",
                "design.severity: `unused-componnt` is not a diagnostic code; did you mean `unused-component`?",
            ]
        );
    }

    #[test]
    fn anything_else_is_no_settings() {
        assert_eq!(read(&Value::Null), (Settings::default(), Vec::new()));
        assert_eq!(read(&json!([1, 2])).0, Settings::default());
    }
}
