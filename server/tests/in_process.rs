//! The server run in process, as a library user (or the protocol fuzz target) runs it: when a session
//! ends with documents still open, their workers stop with it instead of outliving it (found by
//! fuzzing: each worker held the document store, which held the worker's channel, so every session
//! leaked a thread and its documents until memory ran out).

use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

fn frame(message: serde_json::Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads from the server until its output holds `count` times `what`.
async fn read_until(client: &mut DuplexStream, output: &mut Vec<u8>, what: &str, count: usize) {
    let mut buffer = [0; 4096];
    while String::from_utf8_lossy(output).matches(what).count() < count {
        let n = client.read(&mut buffer).await.unwrap();
        assert!(n > 0, "the server stopped before {what}: {}", String::from_utf8_lossy(output));
        output.extend(&buffer[..n]);
    }
}

/// One session: initialize, open `documents` documents and wait for their diagnostics, never close
/// them, exit.
async fn session(documents: usize) {
    let (mut client, server) = tokio::io::duplex(1 << 16);
    let (server_in, server_out) = tokio::io::split(server);
    let talk = async {
        let mut output = Vec::new();
        let initialize = json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } });
        client.write_all(&frame(initialize)).await.unwrap();
        // A client sends nothing else before the answer to `initialize`.
        read_until(&mut client, &mut output, "\"id\":1", 1).await;
        let mut opening = frame(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
        for n in 0..documents {
            let text = "component db: postgres\n";
            let document =
                json!({ "uri": format!("file:///{n}.design"), "languageId": "design", "version": 1, "text": text });
            let open =
                json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": document } });
            opening.extend(frame(open));
        }
        client.write_all(&opening).await.unwrap();
        // Every document has its worker once its diagnostics are out.
        read_until(&mut client, &mut output, "publishDiagnostics", documents).await;
        let mut closing = frame(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
        closing.extend(frame(json!({ "jsonrpc": "2.0", "method": "exit" })));
        client.write_all(&closing).await.unwrap();
        client.read_to_end(&mut output).await.unwrap();
    };
    tokio::join!(talk, design_ls::lsp::serve(server_in, server_out));
}

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").expect("/proc is readable").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_stop_when_their_session_ends() {
    session(1).await;
    let before = threads();
    for _ in 0..10 {
        session(5).await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while threads() > before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // The first session's worker may still have been stopping when `before` was counted.
    assert!(threads() <= before, "the workers of 50 documents left open outlived their sessions");
}
