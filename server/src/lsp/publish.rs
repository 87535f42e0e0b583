//! Diagnostics out: the host tells which files' analysis changed, and they are published, converted to
//! the protocol's positions.

use super::log::log;
use super::transport::Outbox;
use super::workspace::uri;
use super::{catch, convert};
use crate::config::Problem;
use crate::host::{FileId, Listener, Snapshot};
use crate::text::Encoding;
use ropey::Rope;
use tower_lsp_server::ls_types::PublishDiagnosticsParams;

pub struct Publisher {
    pub outbox: Outbox,
    pub encoding: Encoding,
}

impl Listener for Publisher {
    /// Sends the diagnostics of the updated files, and none for a file gone.
    fn updated(&self, snapshot: &Snapshot, updated: &[FileId]) {
        for file in updated {
            let Some(uri) = uri(file) else { continue };
            let params = match snapshot.file(file) {
                Some(analyzed) => {
                    let convert_all = || convert::diagnostics(&analyzed.rope, analyzed.diagnostics(), self.encoding);
                    let Some(diagnostics) = catch("publishing diagnostics", convert_all) else { continue };
                    PublishDiagnosticsParams::new(uri, diagnostics, analyzed.version)
                }
                None => PublishDiagnosticsParams::new(uri, Vec::new(), None),
            };
            self.outbox.notify("textDocument/publishDiagnostics", params);
        }
    }

    fn config(&self, file: &FileId, text: &Rope, problems: &[Problem]) {
        let Some(uri) = uri(file) else { return };
        let diagnostics = convert::config_problems(text, problems, self.encoding);
        self.outbox.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams::new(uri, diagnostics, None));
    }

    fn panicked(&self, step: &'static str, file: Option<&FileId>) {
        match file {
            Some(file) => log(step, || format!("panicked in {step} of {}; still serving", file.as_str())),
            None => log(step, || format!("panicked in {step}; still serving")),
        }
    }
}
