//! The `design-ls` binary: the language server by default, or a command-line tool (see `cli::USAGE`).

use design_ls::cli::{self, Command};

fn main() {
    // `args_os`, not `args`: a path that is not UTF-8 is still a path to check, not a reason to panic.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let status = match cli::parse(&args) {
        Ok(Command::Serve) => serve(),
        Ok(command) => cli::run(command),
        Err(message) => {
            eprintln!("design-ls: {message}\nRun `design-ls --help` for usage.");
            2
        }
    };
    std::process::exit(status);
}

/// Runs the language server until the client says `exit`, returning the exit status the protocol asks
/// for (1 when `exit` came without `shutdown`). The caller exits the process right after:
/// tokio's blocking stdin reader would otherwise keep the runtime (and the process) alive until stdin
/// closes, which hangs editors and test clients that wait for the server to quit.
fn serve() -> i32 {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime starts");
    runtime.block_on(design_ls::lsp::run_stdio())
}
