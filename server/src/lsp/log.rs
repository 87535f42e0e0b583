//! The server's log on stderr, which can never stall it.
//!
//! A client that never reads the server's stderr fills the pipe, and a blocking write would then hold
//! up whichever thread logged, stdin's reader included. So lines go through a bounded queue to one
//! thread of their own that writes them; when the queue is full, lines are dropped and counted. Each
//! kind of line is also limited to one a second, so a client that sends thousands of ignored messages
//! costs a few lines, not thousands.

use std::collections::HashMap;
use std::fmt::Display;
use std::io::Write;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// Lines waiting for the writer; past this, new lines are dropped.
const QUEUE: usize = 256;
/// The least time between two lines of one kind.
const INTERVAL: Duration = Duration::from_secs(1);
/// A logged line is cut to this many bytes, so no input is echoed whole.
const MAX_LINE: usize = 500;

/// Writes `design-ls: {line}` to stderr unless a line of this `kind` was written less than a second
/// ago. `line` is only built when it is written. Lines held back are counted in the next one.
pub fn log<D: Display>(kind: &'static str, line: impl FnOnce() -> D) {
    let logger = logger();
    let held_back = {
        let mut kinds = logger.kinds.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let entry = kinds.entry(kind).or_insert(Kind { last: None, held_back: 0 });
        if entry.last.is_some_and(|last| now.duration_since(last) < INTERVAL) {
            entry.held_back += 1;
            return;
        }
        entry.last = Some(now);
        std::mem::take(&mut entry.held_back)
    };
    let mut text = format!("design-ls: {}", line());
    if text.len() > MAX_LINE {
        let cut = (0..=MAX_LINE).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    if held_back > 0 {
        text.push_str(&format!(" (and {held_back} more like it in the last second)"));
    }
    text.push('\n');
    match logger.lines.try_send(text) {
        Ok(()) | Err(TrySendError::Disconnected(_)) => {}
        // Stderr is not being read: losing a log line is better than stalling the server.
        Err(TrySendError::Full(_)) => {}
    }
}

struct Logger {
    lines: SyncSender<String>,
    kinds: Mutex<HashMap<&'static str, Kind>>,
}

struct Kind {
    last: Option<Instant>,
    held_back: u64,
}

fn logger() -> &'static Logger {
    static LOGGER: OnceLock<Logger> = OnceLock::new();
    LOGGER.get_or_init(|| {
        let (lines, queue) = mpsc::sync_channel::<String>(QUEUE);
        // If the thread cannot start, the queue's receiver is gone and lines are dropped.
        let _ = std::thread::Builder::new().name("design-ls log".into()).spawn(move || {
            let mut stderr = std::io::stderr();
            for line in queue {
                let _ = stderr.write_all(line.as_bytes());
            }
        });
        Logger { lines, kinds: Mutex::default() }
    })
}

/// Sends panic messages through the log too: the default hook writes to stderr directly, and would
/// block on a full pipe.
pub fn route_panics() {
    std::panic::set_hook(Box::new(|info| log("panic", || info.to_string())));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_kind_per_second() {
        let mut built = 0;
        for _ in 0..1000 {
            log("test: rate", || {
                built += 1;
                "x"
            });
        }
        assert_eq!(built, 1, "only the first line of the burst is built");
        let kinds = logger().kinds.lock().unwrap();
        assert_eq!(kinds["test: rate"].held_back, 999);
    }
}
