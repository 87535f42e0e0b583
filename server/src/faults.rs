//! Faults injected on purpose in debug builds, so the tests can check that a panic anywhere is caught
//! and the server keeps serving, and that a slow step holds up nothing else and can be cancelled.

use std::sync::OnceLock;

/// Panics in the step named by `DESIGN_LS_PANIC_IN` (`textDocument/hover`, `didChange`, `analysis`,
/// …), and takes two seconds more in the step named by `DESIGN_LS_SLOW_IN`.
pub(crate) fn inject(what: &str) {
    static PANIC: OnceLock<Option<String>> = OnceLock::new();
    static SLOW: OnceLock<Option<String>> = OnceLock::new();
    let named = |step: &OnceLock<Option<String>>, variable| {
        step.get_or_init(|| std::env::var(variable).ok()).as_deref() == Some(what)
    };
    if named(&SLOW, "DESIGN_LS_SLOW_IN") {
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
    if named(&PANIC, "DESIGN_LS_PANIC_IN") {
        panic!("injected panic in {what} (DESIGN_LS_PANIC_IN)");
    }
}
