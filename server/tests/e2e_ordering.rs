//! Ordering under a storm of edits, against the real binary: thousands of random `didChange`
//! notifications interleaved with requests, sent without waiting. The client mirrors the text, and
//! the library computes what every answer and every published diagnostic must be for that text.

mod common;

use common::expected::{seen_completion, seen_diagnostics, seen_symbols, Answers};
use common::Lsp;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const URI: &str = "file:///storm.design";
const SEED: u64 = 0x5eed_2026;
const NOTIFICATIONS: i64 = 3000;

/// Text pieces an edit inserts: declarations, fields, multi-byte characters and every line break.
const PIECES: &[&str] = &[
    "component cache: redis\n",
    "component 日本_db: postgres\r\n",
    "operation \"x\" {\n  mechanism: insert\n  store: 日本_db\n}\n",
    "  store: bookings_db\n",
    "mechanism: ",
    "materialized-view",
    "😀",
    "é",
    "日本",
    "𝄞",
    "\u{FFFD}",
    "\r",
    "\n",
    "\r\n",
    ":",
    ", ",
    "{",
    "}",
    "\"",
    "# ",
    "x",
    "  ",
];

/// SplitMix64: a deterministic stream, so a failure replays exactly.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// The line and UTF-16 column of a byte offset, counting lines as the protocol does (`\n`, `\r\n` and a
/// lone `\r`). Written here independently of the server's arithmetic.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let (mut line, mut column) = (0, 0);
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => (line, column) = (line + 1, 0),
            _ => column += c.len_utf16() as u32,
        }
    }
    (line, column)
}

/// A random offset an edit may start or end at: a char boundary, never between `\r` and `\n`.
fn boundary(text: &str, random: &mut Random, near: Option<usize>) -> usize {
    let mut offset = match near {
        Some(start) => (start + random.below(24)).min(text.len()),
        None => random.below(text.len() + 1),
    };
    while !text.is_char_boundary(offset)
        || (offset > 0 && text[..offset].ends_with('\r') && text[offset..].starts_with('\n'))
    {
        offset -= 1;
    }
    offset
}

/// One random incremental edit, applied to `text`; returns its protocol range and new text.
fn random_edit(text: &mut String, random: &mut Random) -> ([u32; 4], String) {
    let start = boundary(text, random, None);
    let end = boundary(text, random, Some(start)).max(start);
    // Shrink a document that grew large, so the storm stays fast.
    let insert = if text.len() > 6000 && random.chance(2) {
        String::new()
    } else {
        (0..random.below(3)).map(|_| PIECES[random.below(PIECES.len())]).collect()
    };
    let (l0, c0) = position(text, start);
    let (l1, c1) = position(text, end);
    text.replace_range(start..end, &insert);
    ([l0, c0, l1, c1], insert)
}

/// Both strings around where they first differ, so a mismatch reads in one screen.
fn around_first_difference<'a>(got: &'a str, want: &'a str) -> (&'a str, &'a str) {
    let at = got.bytes().zip(want.bytes()).take_while(|(a, b)| a == b).count();
    let cut = |s: &'a str| {
        let (mut start, mut end) = (at.saturating_sub(150).min(s.len()), (at + 150).min(s.len()));
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        while !s.is_char_boundary(end) {
            end += 1;
        }
        &s[start..end]
    };
    (cut(got), cut(want))
}

/// A request sent during the storm and the answer it must get, as `seen` projects it.
struct Pending {
    method: &'static str,
    version: i64,
    want: Value,
    seen: fn(&Value) -> Value,
}

#[test]
fn a_storm_of_edits_and_requests_keeps_text_answers_and_diagnostics_in_step() {
    let examples = [
        include_str!("../../examples/ticketing/ticketing.design"),
        include_str!("../../examples/social-feed/social-feed.design"),
        include_str!("../../examples/job-scheduler/job-scheduler.design"),
        include_str!("../../examples/feature-flags/feature-flags.design"),
    ];
    let mut random = Random(SEED);
    let mut lsp = Lsp::new();
    let mut text = examples[0].to_string();
    lsp.open(URI, 1, &text);
    // The client's text after each version, to check what was published for it.
    let mut texts = vec![String::new(), text.clone()];
    let mut pending: HashMap<i64, Pending> = HashMap::new();
    let started = Instant::now();

    for version in 2..=NOTIFICATIONS + 1 {
        let mut changes = Vec::new();
        if random.chance(40) {
            // A full-text change, sometimes followed by edits to the new text in the same notification.
            let mut replacement = examples[random.below(examples.len())].to_string();
            if random.chance(2) {
                replacement = replacement.replace('\n', "\r\n");
            }
            changes.push(json!({ "text": replacement }));
            text = replacement;
        }
        for _ in 0..1 + random.below(4) {
            let (range, insert) = random_edit(&mut text, &mut random);
            changes.push(json!({ "range": common::range_json(range), "text": insert }));
        }
        let params = json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": changes });
        lsp.notify("textDocument/didChange", params);
        texts.push(text.clone());

        if random.chance(3) {
            let answers = Answers::new(&text);
            let (line, character) = position(&text, boundary(&text, &mut random, None));
            let at = json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
            let (method, want, seen): (_, _, fn(&Value) -> Value) = match random.below(3) {
                0 => ("textDocument/hover", answers.hover(line, character), Value::clone),
                1 => ("textDocument/completion", answers.completion(line, character), seen_completion),
                _ => ("textDocument/documentSymbol", answers.symbols(), seen_symbols),
            };
            let params =
                if method == "textDocument/documentSymbol" { json!({ "textDocument": { "uri": URI } }) } else { at };
            let id = lsp.send_request(method, params);
            pending.insert(id, Pending { method, version, want, seen });
        }
    }
    let last = NOTIFICATIONS + 1;
    let sent = started.elapsed();

    // Every request is answered, with what the client's text at that moment gives.
    let mut ids: Vec<i64> = pending.keys().copied().collect();
    ids.sort();
    let mut wrong = Vec::new();
    for id in &ids {
        let request = &pending[id];
        let response = lsp.response(*id);
        assert!(
            response.get("error").is_none(),
            "{} at version {} failed: {response}",
            request.method,
            request.version
        );
        let seen = (request.seen)(&response["result"]);
        if seen != request.want {
            let (seen, want) = (seen.to_string(), request.want.to_string());
            let (got, want) = around_first_difference(&seen, &want);
            wrong.push(format!("{} at version {}:\n  got  …{got}…\n  want …{want}…", request.method, request.version));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} answers do not match the client's text; the first:\n{}",
        wrong.len(),
        ids.len(),
        wrong[0]
    );

    // The last version's diagnostics arrive, then nothing older.
    lsp.diagnostics(URI, last);
    let answered = started.elapsed();
    let final_text = Answers::new(&text);
    let tokens = lsp.result("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(tokens["data"], final_text.semantic_tokens(), "the semantic tokens of the final text");
    let symbols = lsp.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(seen_symbols(&symbols), final_text.symbols(), "the outline of the final text");
    std::thread::sleep(Duration::from_millis(200));
    lsp.drain();

    let published: Vec<(i64, Vec<Value>)> = lsp
        .history
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .map(|m| (m["params"]["version"].as_i64().unwrap(), m["params"]["diagnostics"].as_array().unwrap().clone()))
        .collect();
    let versions: Vec<i64> = published.iter().map(|(v, _)| *v).collect();
    let backwards = versions.windows(2).position(|w| w[1] < w[0]);
    assert!(
        backwards.is_none(),
        "diagnostics went back from version {} to {}",
        versions[backwards.unwrap_or(0)],
        versions[backwards.unwrap_or(0) + 1]
    );
    assert_eq!(versions.last(), Some(&last), "the last diagnostics published are the final version's");
    // Once the server has answered a request sent after version v, it knows v: diagnostics published
    // later for an older version belong to a superseded one.
    let mut known = 1;
    for message in &lsp.history {
        if let Some(request) = message["id"].as_i64().and_then(|id| pending.get(&id)) {
            known = known.max(request.version);
        } else if message["method"] == "textDocument/publishDiagnostics" {
            let version = message["params"]["version"].as_i64().unwrap();
            assert!(
                version >= known,
                "diagnostics for version {version} came after the answer to a request sent at version {known}: \
                 published for a superseded version"
            );
        }
    }
    for (version, diagnostics) in &published {
        let want = Answers::new(&texts[*version as usize]).diagnostics();
        assert_eq!(seen_diagnostics(diagnostics), want, "the diagnostics published for version {version}");
    }
    eprintln!(
        "storm: {NOTIFICATIONS} changes and {} requests sent in {sent:?}, all answered in {answered:?}; \
         {} of {} versions got diagnostics",
        ids.len(),
        published.len(),
        last
    );
}
