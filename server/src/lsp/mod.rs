//! The language server: the Language Server Protocol over stdio, on top of `ide` and `analysis`.
//!
//! Only protocol goes to stdout; logs go to stderr.

mod commands;
mod convert;
mod document;
mod framing;
mod outbox;
mod server;
mod store;
mod worker;

use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::{LspService, Server};

/// Serves the protocol on stdin and stdout until the client sends `exit`. The caller then ends the
/// process, which may still have a thread blocked reading stdin.
pub async fn run_stdio() {
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
    serve(input, tokio::io::stdout()).await;
}

/// Serves the protocol on any byte streams until the client sends `exit` or `input` ends.
pub async fn serve(input: impl AsyncRead + Unpin, output: impl AsyncWrite + Unpin) {
    let (outbox, notifications) = outbox::channel();
    let (service, socket) = LspService::new(|_client| server::Backend::new(outbox.clone()));
    let (framed, server_input) = tokio::io::duplex(1 << 16);
    let (server_output, responses) = tokio::io::duplex(1 << 16);
    let server = Server::new(server_input, server_output, socket).serve(service);
    let serving = async {
        tokio::pin!(server);
        tokio::select! {
            // `exit`: stop reading the input, whatever else it holds.
            () = &mut server => {}
            // The input ended, which closes `framed`: the server answers what it has read, then stops.
            () = framing::forward(input, framed, &outbox) => server.await,
        }
    };
    // The writer stops once the server has stopped and its output is written.
    tokio::join!(serving, outbox::write(responses, notifications, output));
}

/// Runs `body`, turning a panic into `None`. The panic hook has already printed the panic to
/// stderr; this adds what was being done.
fn catch<T>(what: &str, body: impl FnOnce() -> T) -> Option<T> {
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        #[cfg(debug_assertions)]
        injected_panic(what);
        body()
    }));
    if result.is_err() {
        eprintln!("design-ls: panicked in {what}; still serving");
    }
    result.ok()
}

/// Debug builds panic on purpose in the step named by `DESIGN_LS_PANIC_IN` (`textDocument/hover`,
/// `didChange`, `analysis`, …), so the tests can check that a panic anywhere is caught and the server
/// keeps serving.
#[cfg(debug_assertions)]
fn injected_panic(what: &str) {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if TARGET.get_or_init(|| std::env::var("DESIGN_LS_PANIC_IN").ok()).as_deref() == Some(what) {
        panic!("injected panic in {what} (DESIGN_LS_PANIC_IN)");
    }
}
