//! Opening a large document: its chunks are independent, and so are its operations' checks, so they are
//! parsed, lowered and checked on every core.

use std::num::NonZeroUsize;

/// Below this many bytes a document is handled on one thread: starting threads would cost more.
const PARALLEL_FROM: usize = 64 * 1024;

/// `f` of every item, in order; across threads when `size` (the bytes the items cover) is large.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], size: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(items.len());
    if size < PARALLEL_FROM || threads < 2 {
        return items.iter().map(f).collect();
    }
    let per_thread = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let parts: Vec<_> =
            items.chunks(per_thread).map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())).collect();
        // A panic in `f` on another thread is passed on, as it would be on this one.
        parts
            .into_iter()
            .flat_map(|part| part.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}
