//! Request work, off the async runtime: a request's answer is computed on a blocking thread, at most
//! one per core at a time (two on a single core). A slow answer then holds up neither the other requests nor the protocol
//! loop, and a request cancelled (or abandoned) while it waits for a core is never computed.

use super::catch;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tower_lsp_server::jsonrpc::{Error, Result};

#[derive(Clone)]
pub struct Pool {
    cores: Arc<Semaphore>,
}

impl Pool {
    /// A thread per core, and two at least, so that one slow answer never holds up another.
    pub fn new() -> Self {
        Self { cores: Arc::new(Semaphore::new(threads())) }
    }

    /// Computes a request's answer; a panic answers an internal error instead of losing the server.
    /// Dropping the future (tower-lsp does on `$/cancelRequest`) before a core is free drops the work.
    pub async fn run<T: Send + 'static>(
        &self,
        method: &'static str,
        body: impl FnOnce() -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let core = self.cores.clone().acquire_owned().await.map_err(|_| Error::internal_error())?;
        let task = tokio::task::spawn_blocking(move || {
            let answer = catch(method, body);
            drop(core);
            answer
        });
        task.await.ok().flatten().ok_or_else(Error::internal_error)
    }
}

pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from).max(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_what_the_body_answers_and_a_panic_an_internal_error() {
        let pool = Pool::new();
        assert_eq!(pool.run("test", || Some(1)).await, Ok(Some(1)));
        assert_eq!(pool.run("test", || None::<i32>).await, Ok(None));
        assert_eq!(pool.run("test", || -> Option<i32> { panic!("boom") }).await, Err(Error::internal_error()));
    }

    #[tokio::test]
    async fn work_waiting_for_a_core_is_dropped_with_its_request() {
        let pool = Pool { cores: Arc::new(Semaphore::new(1)) };
        let busy = pool.cores.clone().acquire_owned().await.unwrap();
        let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = ran.clone();
        let waiting = pool.run("test", move || {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            Some(())
        });
        // Polled once, then cancelled (dropped) before a core was free.
        tokio::select! {
            biased;
            _ = waiting => panic!("ran without a core"),
            () = std::future::ready(()) => {}
        }
        drop(busy);
        assert_eq!(pool.run("test", || Some(2)).await, Ok(Some(2)));
        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
    }
}
