//! The language server: the Language Server Protocol over stdio, on top of `ide` and `analysis`.
//!
//! Only protocol goes to stdout; logs go to stderr.

mod commands;
mod convert;
mod log;
mod pool;
mod publish;
mod server;
mod settings;
mod transport;
mod workspace;

use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::Server;

/// How many messages tower-lsp serves at once. Request work waits for a core in `server::Pool`, not
/// here, so that `$/cancelRequest` and document changes get through while requests wait.
const CONCURRENCY: usize = 64;

/// Serves the protocol on stdin and stdout until the client sends `exit`, and returns the exit status
/// the protocol asks for: 0 after a `shutdown` request, 1 otherwise. The caller then ends the process,
/// which may still have a thread blocked reading stdin.
pub async fn run_stdio() -> i32 {
    log::route_panics();
    // Stdin is read on a plain thread rather than with `tokio::io::stdin`, whose read runs on the
    // runtime's blocking pool: dropping the runtime would wait for that read, which only returns
    // when the client closes stdin, so the process would outlive `exit`.
    let (mut to_server, input) = tokio::io::duplex(1 << 16);
    let runtime = tokio::runtime::Handle::current();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buffer = vec![0; 1 << 16];
        loop {
            match stdin.read(&mut buffer) {
                Ok(0) => return,
                Ok(n) if runtime.block_on(to_server.write_all(&buffer[..n])).is_ok() => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // The input failed, or the server stopped reading.
                _ => return,
            }
        }
    });
    if serve(input, tokio::io::stdout()).await {
        0
    } else {
        1
    }
}

/// Serves the protocol on any byte streams until the client sends `exit` or `input` ends. Returns
/// whether a `shutdown` request came first.
pub async fn serve(input: impl AsyncRead + Unpin, output: impl AsyncWrite + Unpin) -> bool {
    let (outbox, queued) = transport::channel();
    let (service, socket) = server::Backend::service(outbox.clone());
    let (framed, server_input) = tokio::io::duplex(1 << 16);
    let (server_output, responses) = tokio::io::duplex(1 << 16);
    let server = Server::new(server_input, server_output, socket).concurrency_level(CONCURRENCY).serve(service);
    let shutdown = AtomicBool::new(false);
    let serving = async {
        tokio::pin!(server);
        tokio::select! {
            // `exit`: stop reading the input, whatever else it holds.
            () = &mut server => {}
            // The input ended, which closes `framed`: the server answers what it has read, then stops.
            () = transport::forward(input, framed, &outbox, &shutdown) => server.await,
        }
    };
    // The writer stops once the server has stopped and its output is written.
    tokio::join!(serving, transport::write(responses, queued, output));
    shutdown.load(Ordering::Relaxed)
}

/// Runs `body`, turning a panic into `None`. The panic hook has already printed the panic to
/// stderr; this adds what was being done.
fn catch<T>(what: &'static str, body: impl FnOnce() -> T) -> Option<T> {
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        #[cfg(debug_assertions)]
        crate::faults::inject(what);
        body()
    }));
    if result.is_err() {
        log::log(what, || format!("panicked in {what}; still serving"));
    }
    result.ok()
}
