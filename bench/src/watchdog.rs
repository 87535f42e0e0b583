//! Owns the server process and kills it when a write to it blocks too long: a server that stops reading
//! its input would otherwise block the driver forever once the pipe is full.

use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::thread;
use std::time::{Duration, Instant};

pub struct Watchdog {
    state: Arc<State>,
}

struct State {
    child: Mutex<Child>,
    /// When the write in progress started, if one is.
    writing_since: Mutex<Option<Instant>>,
    fired: AtomicBool,
}

impl Watchdog {
    /// Watches `child` until the watchdog is dropped.
    pub fn new(child: Child, timeout: Duration) -> Self {
        let state = Arc::new(State {
            child: Mutex::new(child),
            writing_since: Mutex::new(None),
            fired: AtomicBool::new(false),
        });
        let watched = Arc::downgrade(&state);
        thread::spawn(move || watch(watched, timeout));
        Self { state }
    }

    pub fn child(&self) -> MutexGuard<'_, Child> {
        self.state.child.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a write under watch.
    pub fn writing<T>(&self, write: impl FnOnce() -> T) -> T {
        self.since(Some(Instant::now()));
        let result = write();
        self.since(None);
        result
    }

    /// Whether the watchdog killed the server.
    pub fn fired(&self) -> bool {
        self.state.fired.load(Ordering::SeqCst)
    }

    fn since(&self, since: Option<Instant>) {
        *self.state.writing_since.lock().unwrap_or_else(PoisonError::into_inner) = since;
    }
}

fn watch(state: Weak<State>, timeout: Duration) {
    loop {
        thread::sleep(Duration::from_millis(100));
        let Some(state) = state.upgrade() else { return };
        let since = *state.writing_since.lock().unwrap_or_else(PoisonError::into_inner);
        if since.is_some_and(|since| since.elapsed() > timeout) {
            state.fired.store(true, Ordering::SeqCst);
            let _ = state.child.lock().unwrap_or_else(PoisonError::into_inner).kill();
            return;
        }
    }
}
