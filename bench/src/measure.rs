//! One benchmark run at one size: start the server, open a generated design, and time what an editor
//! waits for. Anything wrong in the conversation (an error, an empty answer, diagnostics of the wrong
//! version or content, a timeout) fails the run with a message saying what was seen.

use crate::args::RunOptions;
use crate::checks::{check_order, expect_diagnostics};
use crate::generate::generate;
use crate::lsp::Client;
use crate::stats::Stats;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The request answered trivially that gives the floor: hover on a document that is not open.
pub const NO_OP: &str = "`textDocument/hover` on a URI that is not open (answered `null`)";
pub const BURST: usize = 200;
/// Sampling stops early once it has taken this long and has this many samples, so large sizes stay
/// quick: per metric for hover and completion (all positions in turns), per place for keystrokes.
const REQUEST_BUDGET: Duration = Duration::from_secs(10);
const REQUEST_MIN_ROUNDS: usize = 20;
const KEYSTROKE_BUDGET: Duration = Duration::from_secs(10);
const KEYSTROKE_MIN_SAMPLES: usize = 10;

pub struct SizeResult {
    pub lines: usize,
    pub bytes: usize,
    pub planted: usize,
    pub initialize: Duration,
    pub no_op: Stats,
    pub open: Duration,
    pub hover: Vec<(String, Stats)>,
    pub completion: Vec<(String, Stats)>,
    pub keystroke: Vec<(String, Stats)>,
    /// Over every position of the metric.
    pub hover_all: Stats,
    pub completion_all: Stats,
    pub keystroke_all: Stats,
    /// From the first, and from the last, keystroke of the burst to the final version's diagnostics.
    pub burst_from_first: Duration,
    pub burst_from_last: Duration,
    /// How many `publishDiagnostics` the server sent for the burst's 200 versions.
    pub burst_published: usize,
    pub peak_rss_kib: u64,
}

/// A place in the file, 0-based line and UTF-16 column, with a label for the report.
pub struct Spot {
    pub label: String,
    pub line: usize,
    pub column: usize,
}

pub fn measure(lines: usize, options: &RunOptions) -> Result<SizeResult, String> {
    let design = generate(lines, options.seed);
    let text_lines: Vec<&str> = design.text.lines().collect();
    let mut planted: Vec<String> = design.planted.iter().map(|c| c.to_string()).collect();
    planted.sort();
    let uri = format!("file:///bench/generated-{lines}.design");
    let document = json!({"uri": uri});
    let at = |spot: &Spot| json!({"textDocument": document, "position": {"line": spot.line, "character": spot.column}});

    let (mut client, start) = Client::spawn(&options.server, options.timeout)?;
    let (id, _) = client.request(
        "initialize",
        json!({
            "processId": std::process::id(),
            "rootUri": null,
            "clientInfo": {"name": "design-bench"},
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": true}}},
        }),
    )?;
    let (answered, result) = client.response(id, "initialize")?;
    let initialize = answered - start;
    if !result["capabilities"].is_object() {
        return Err(format!("initialize answered without capabilities: {result}"));
    }
    client.notify("initialized", json!({}))?;

    let item = json!({"uri": uri, "languageId": "design", "version": 1, "text": design.text});
    let sent = client.notify("textDocument/didOpen", json!({"textDocument": item}))?;
    let opened = client.diagnostics(&uri, 1, options.timeout)?;
    let open = opened.at - sent;
    progress("didOpen → diagnostics", open);
    expect_diagnostics(opened, 1, &planted)?;

    let nowhere =
        json!({"textDocument": {"uri": "file:///bench/not-open.design"}, "position": {"line": 0, "character": 0}});
    let mut floor = Vec::new();
    for _ in 0..options.samples * 3 {
        let (time, result) = client.round_trip("textDocument/hover", nowhere.clone())?;
        if !result.is_null() {
            return Err(format!("hover on a document that is not open answered {result}, not null"));
        }
        floor.push(time);
    }

    // Inside the word: a mechanism, a component bound to a role, the technology after a declared name.
    let mut hover_spots = three_spots(&text_lines, "mechanism", "  mechanism: ", |_| 15)?;
    hover_spots.extend(three_spots(&text_lines, "component", "  store: ", |_| 11)?);
    let technology = |line: &str| line.find(": ").map_or(0, |colon| colon + 3);
    hover_spots.extend(three_spots(&text_lines, "technology", "component ", technology)?);
    let hover = sample_requests(&mut client, "textDocument/hover", &hover_spots, options.samples, at, |result| {
        result["contents"]["value"].as_str().is_some_and(|card| !card.is_empty())
    })?;
    progress("hover p99", pooled(&hover).p99);

    let mut completion_spots = three_spots(&text_lines, "after `mechanism: `", "  mechanism: ", |_| 13)?;
    completion_spots.extend(three_spots(&text_lines, "after `store: `", "  store: ", |_| 9)?);
    let completion =
        sample_requests(&mut client, "textDocument/completion", &completion_spots, options.samples, at, |result| {
            // An array, or a list (cut to what was typed) with its items.
            let items = result.get("items").unwrap_or(result);
            items.as_array().is_some_and(|items| !items.is_empty())
        })?;
    progress("completion p99", pooled(&completion).p99);

    // Type a character right after a note's opening quote, then delete it: the file ends as it began.
    let notes = three_spots(&text_lines, "note", "  note: \"", |_| 9)?;
    let mut version = 1;
    let mut keystroke = Vec::new();
    for spot in &notes {
        let started = Instant::now();
        let mut times = Vec::new();
        for n in 0..options.samples.max(2).next_multiple_of(2) {
            if n % 2 == 0 && n >= KEYSTROKE_MIN_SAMPLES && started.elapsed() > KEYSTROKE_BUDGET {
                break;
            }
            version += 1;
            let edit = if n % 2 == 0 { insert(spot, 0, "x") } else { delete(spot, 0) };
            let sent = client.notify("textDocument/didChange", change(&uri, version, edit))?;
            let published = client.diagnostics(&uri, version, options.timeout)?;
            times.push(published.at - sent);
            expect_diagnostics(published, version, &planted)?;
        }
        progress(&format!("keystroke → diagnostics p99, {}", spot.label), Stats::of(&times).p99);
        keystroke.push((spot.label.clone(), times));
    }
    let slowest = keystroke.iter().flat_map(|(_, times)| times).max().copied().unwrap_or_default();

    // The burst: type half of it into the middle note, then delete it all, without waiting.
    let spot = &notes[1];
    let typed: Vec<char> = "typing é 日本 fast ".chars().cycle().take(BURST / 2).collect();
    let mut edits: Vec<Value> = typed.iter().enumerate().map(|(i, c)| insert(spot, i, &c.to_string())).collect();
    edits.extend((0..BURST / 2).rev().map(|i| delete(spot, i)));
    let first_version = version + 1;
    let mut first_sent = None;
    let mut last_sent = Instant::now();
    for edit in edits {
        version += 1;
        last_sent = client.notify("textDocument/didChange", change(&uri, version, edit))?;
        first_sent.get_or_insert(last_sent);
    }
    // Every keystroke may cost as much as the slowest single one seen above, twice over.
    let wait = options.timeout.max(slowest * 2 * BURST as u32);
    let published = client.diagnostics(&uri, version, wait)?;
    let final_at = published.at;
    expect_diagnostics(published, version, &planted)?;
    let burst_from_first = final_at - first_sent.expect("the burst has keystrokes");
    let burst_from_last = final_at - last_sent;

    progress("burst, last keystroke → final diagnostics", burst_from_last);
    let peak_rss_kib = client.peak_rss_kib()?;
    let conversation = client.shutdown()?;
    check_order(&conversation, &uri, version)?;
    let burst_published =
        conversation.iter().filter(|p| p.version.is_some_and(|v| v >= first_version && p.uri == uri)).count();

    let each =
        |groups: &[(String, Vec<Duration>)]| groups.iter().map(|(label, t)| (label.clone(), Stats::of(t))).collect();
    Ok(SizeResult {
        lines: text_lines.len(),
        bytes: design.text.len(),
        planted: planted.len(),
        initialize,
        no_op: Stats::of(&floor),
        open,
        hover_all: pooled(&hover),
        completion_all: pooled(&completion),
        keystroke_all: pooled(&keystroke),
        hover: each(&hover),
        completion: each(&completion),
        keystroke: each(&keystroke),
        burst_from_first,
        burst_from_last,
        burst_published,
        peak_rss_kib,
    })
}

/// The first line starting with `prefix` from the start and from the middle of the file, and the last one,
/// at the column `column` gives for the line (the lines' prefixes are ASCII: bytes are UTF-16 units).
fn three_spots(lines: &[&str], what: &str, prefix: &str, column: impl Fn(&str) -> usize) -> Result<Vec<Spot>, String> {
    let matches = |i: &usize| lines[*i].starts_with(prefix);
    let start = (0..lines.len()).find(matches);
    let middle = (lines.len() / 2..lines.len()).find(matches);
    let end = (0..lines.len()).rev().find(matches);
    [("start", start), ("middle", middle), ("end", end)]
        .into_iter()
        .map(|(place, line)| {
            let line = line.ok_or_else(|| format!("the generated design has no `{prefix}` line near its {place}"))?;
            Ok(Spot { label: format!("{what}, {place} (line {})", line + 1), line, column: column(lines[line]) })
        })
        .collect()
}

/// Up to `samples` round trips of `method` at each spot, in turns so every spot sees the same conditions.
fn sample_requests(
    client: &mut Client,
    method: &str,
    spots: &[Spot],
    samples: usize,
    params: impl Fn(&Spot) -> Value,
    answered: impl Fn(&Value) -> bool,
) -> Result<Vec<(String, Vec<Duration>)>, String> {
    let mut times = vec![Vec::new(); spots.len()];
    let started = Instant::now();
    for round in 0..samples {
        if round >= REQUEST_MIN_ROUNDS && started.elapsed() > REQUEST_BUDGET {
            break;
        }
        for (spot, times) in spots.iter().zip(&mut times) {
            let (time, result) = client.round_trip(method, params(spot))?;
            if !answered(&result) {
                let shown: String = result.to_string().chars().take(300).collect();
                return Err(format!("{method} at {} answered nothing useful: {shown}…", spot.label));
            }
            times.push(time);
        }
    }
    Ok(spots.iter().map(|s| s.label.clone()).zip(times).collect())
}

pub fn change(uri: &str, version: i64, edit: Value) -> Value {
    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [edit]})
}

/// Inserts `text` (one UTF-16 unit) `offset` characters past the spot.
pub fn insert(spot: &Spot, offset: usize, text: &str) -> Value {
    let at = json!({"line": spot.line, "character": spot.column + offset});
    json!({"range": {"start": at, "end": at}, "text": text})
}

/// Deletes the character `offset` characters past the spot.
pub fn delete(spot: &Spot, offset: usize) -> Value {
    let column = spot.column + offset;
    let range =
        json!({"start": {"line": spot.line, "character": column}, "end": {"line": spot.line, "character": column + 1}});
    json!({"range": range, "text": ""})
}

/// The statistics of every position's samples together.
fn pooled(groups: &[(String, Vec<Duration>)]) -> Stats {
    Stats::of(&groups.iter().flat_map(|(_, times)| times.iter().copied()).collect::<Vec<_>>())
}

/// A line on stderr as each phase ends, so a long run shows where it is.
pub fn progress(phase: &str, time: Duration) {
    eprintln!("design-bench:   {phase}: {:.1} ms", time.as_secs_f64() * 1000.0);
}
