//! A few threads, one per core (two at least), that run the host's analysis work: designs are analyzed
//! side by side, and a large one never holds up the others.

use std::sync::{mpsc, Arc, Mutex, PoisonError};

type Work = Box<dyn FnOnce() + Send>;

pub(super) struct Pool {
    work: mpsc::Sender<Work>,
}

impl Pool {
    pub fn new() -> Self {
        let (work, queue) = mpsc::channel::<Work>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = std::thread::available_parallelism().map_or(2, usize::from).max(2);
        for _ in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new().name("design-ls analysis".into()).spawn(move || loop {
                // The lock is held only while waiting for the next piece of work, never while running it.
                let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                match next {
                    // Every piece of work catches its own panics.
                    Ok(work) => work(),
                    Err(_) => return,
                }
            });
            // With no thread at all the work is never run, and requests answer `null`.
            drop(spawned);
        }
        Pool { work }
    }

    /// Runs `work` on the first free thread. The threads stop once the pool is dropped and the work queued
    /// before is done.
    pub fn run(&self, work: impl FnOnce() + Send + 'static) {
        let _ = self.work.send(Box::new(work));
    }
}
