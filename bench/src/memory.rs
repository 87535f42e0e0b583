//! The memory a document costs: a fresh server opens a generated design of a given size in megabytes,
//! and its resident and peak RSS are read once the diagnostics arrive; a keystroke then shows what an
//! edit costs at that size, and, at one size, the outline (`textDocument/documentSymbol`) its time and the
//! peak it adds.

use crate::args::RunOptions;
use crate::checks::expect_diagnostics;
use crate::generate::generate;
use crate::lsp::Client;
use serde_json::json;
use std::time::Duration;

/// The sizes measured by default, in MB (10⁶ bytes).
pub const SIZES_MB: [usize; 3] = [1, 10, 22];
/// The size whose outline is asked for.
pub const OUTLINE_MB: usize = 10;

pub struct MemoryResult {
    pub bytes: usize,
    pub lines: usize,
    pub open: Duration,
    /// `VmRSS` and `VmHWM` once the diagnostics of the open arrived, in KiB.
    pub resident_kib: u64,
    pub peak_kib: u64,
    /// A character typed into a note in the middle, then deleted: the slower of the two.
    pub keystroke: Duration,
    pub outline: Option<Outline>,
}

pub struct Outline {
    pub time: Duration,
    pub symbols: usize,
    /// `VmRSS` just before the request, in KiB.
    pub resident_kib: u64,
    /// `VmHWM` just after it, in KiB: the peak during the request, as it is reset first (through
    /// `/proc/<pid>/clear_refs`); `None` when the kernel did not allow the reset.
    pub peak_kib: Option<u64>,
}

/// Lines per byte of a generated design, from a sample, to generate one of about `megabytes`.
fn lines_for(megabytes: usize, seed: u64) -> usize {
    let sample = generate(10_000, seed).text.len();
    (megabytes * 1_000_000 * 10_000).div_ceil(sample)
}

pub fn measure(megabytes: usize, options: &RunOptions) -> Result<MemoryResult, String> {
    let design = generate(lines_for(megabytes, options.seed), options.seed);
    let mut planted: Vec<String> = design.planted.iter().map(|c| c.to_string()).collect();
    planted.sort();
    let uri = format!("file:///bench/memory-{megabytes}mb.design");
    let (mut client, _) = Client::spawn(&options.server, options.timeout)?;
    let (id, _) = client.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}))?;
    client.response(id, "initialize")?;
    client.notify("initialized", json!({}))?;

    let item = json!({"uri": uri, "languageId": "design", "version": 1, "text": design.text});
    let sent = client.notify("textDocument/didOpen", json!({"textDocument": item}))?;
    let opened = client.diagnostics(&uri, 1, options.timeout)?;
    let open = opened.at - sent;
    expect_diagnostics(opened, 1, &planted)?;
    let (resident_kib, peak_kib) = (client.rss_kib("VmRSS")?, client.rss_kib("VmHWM")?);

    let lines: Vec<&str> = design.text.lines().collect();
    let middle = (lines.len() / 2..lines.len()).find(|&i| lines[i].starts_with("  note: \"")).ok_or("no note")?;
    let mut keystroke = Duration::ZERO;
    for (version, text, end) in [(2, "x", 9), (3, "", 10)] {
        let range = json!({"start": {"line": middle, "character": 9}, "end": {"line": middle, "character": end}});
        let change = json!({"range": range, "text": text});
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]});
        let sent = client.notify("textDocument/didChange", params)?;
        let published = client.diagnostics(&uri, version, options.timeout)?;
        keystroke = keystroke.max(published.at - sent);
        expect_diagnostics(published, version, &planted)?;
    }

    let outline = if megabytes == OUTLINE_MB {
        let resident_kib = client.rss_kib("VmRSS")?;
        let reset = client.reset_peak_rss();
        let (time, result) = client.round_trip("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}))?;
        let symbols = result.as_array().map_or(0, Vec::len);
        if symbols == 0 {
            return Err(format!("documentSymbol answered no symbols: {:.300}", result.to_string()));
        }
        let peak_kib = reset.is_ok().then(|| client.rss_kib("VmHWM")).transpose()?;
        Some(Outline { time, symbols, resident_kib, peak_kib })
    } else {
        None
    };
    client.shutdown()?;
    Ok(MemoryResult { bytes: design.text.len(), lines: lines.len(), open, resident_kib, peak_kib, keystroke, outline })
}
