//! Slow clients do not hold connections: a request's head must arrive within
//! `timeouts.header_read_secs` (also on a connection that sends nothing, or stays idle between
//! requests), and a whole request — its body included — within `timeouts.request_secs`, else
//! Clerk's JSON error and a closed connection. Graceful shutdown still ends the server.

mod common;

use clerk_devserver::clock::ManualClock;
use clerk_devserver::config::{Config, Timeouts};
use common::*;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HEADER_READ_SECS: u64 = 1;
const REQUEST_SECS: u64 = 2;

fn config() -> Config {
    Config { timeouts: Timeouts { header_read_secs: HEADER_READ_SECS, request_secs: REQUEST_SECS }, ..Config::default() }
}

/// Reads until the server closes the connection (or `limit` passes: a failure); returns what it
/// sent and when it closed.
async fn until_closed(s: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let start = Instant::now();
    let mut buf = Vec::new();
    let read = async {
        let mut chunk = [0u8; 4096];
        loop {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    };
    let closed = tokio::time::timeout(limit, read).await;
    let sent = String::from_utf8_lossy(&buf).into_owned();
    assert!(closed.is_ok(), "the connection is still open after {limit:?} (received {sent:?})");
    (sent, start.elapsed())
}

#[tokio::test]
async fn a_half_sent_head_or_a_silent_connection_is_closed() {
    let srv = TestServer::start_with(config()).await;
    let limit = Duration::from_secs(HEADER_READ_SECS + 3);
    // Half the headers, then nothing.
    let mut half = TcpStream::connect(srv.addr).await.unwrap();
    half.write_all(format!("GET /v1/client HTTP/1.1\r\nHost: {}\r\nUser-Agent: slow", srv.addr).as_bytes()).await.unwrap();
    // Nothing at all.
    let mut silent = TcpStream::connect(srv.addr).await.unwrap();
    let (sent, took) = until_closed(&mut half, limit).await;
    assert!(took >= Duration::from_millis(HEADER_READ_SECS * 1000 - 200), "closed after {took:?}, before the timeout");
    assert!(!sent.contains("200 OK"), "{sent}");
    until_closed(&mut silent, limit).await;
    // A connection kept alive after an answer is closed once idle for as long.
    let mut idle = TcpStream::connect(srv.addr).await.unwrap();
    idle.write_all(format!("GET /v1/environment HTTP/1.1\r\nHost: {}\r\n\r\n", srv.addr).as_bytes()).await.unwrap();
    let (sent, _) = until_closed(&mut idle, limit).await;
    assert!(sent.starts_with("HTTP/1.1 200"), "{sent}");
    // Requests that are not slow are served as before.
    srv.get(&srv.http, "/v1/environment").await.ok();
}

#[tokio::test]
async fn a_slow_body_is_answered_with_clerks_error_and_closed() {
    let srv = TestServer::start_with(config()).await;
    let before = srv.snapshot().await;
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    let head = format!(
        "POST /v1/client/sign_ups HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail_address=",
        srv.addr
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let (sent, took) = until_closed(&mut s, Duration::from_secs(REQUEST_SECS + 3)).await;
    assert!(took >= Duration::from_millis(REQUEST_SECS * 1000 - 200), "answered after {took:?}, before the timeout");
    assert!(sent.starts_with("HTTP/1.1 504"), "{sent}");
    let body: Value = serde_json::from_str(sent.split_once("\r\n\r\n").unwrap().1).unwrap_or_else(|e| panic!("{e}: {sent}"));
    assert_eq!(body["errors"][0]["code"], "gateway_timeout", "{body}");
    assert!(body["errors"][0]["long_message"].as_str().unwrap().contains("2 seconds"), "{body}");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn graceful_shutdown_ends_the_server_with_connections_open() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let st = test_state(addr, Config::default(), Arc::new(ManualClock::new()), None);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(clerk_devserver::serve(listener, st, async {
        let _ = stopped.await;
    }));
    // One connection served and kept alive, one that sent half a request.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    kept.write_all(format!("GET /v1/environment HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).await.unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let mut half = TcpStream::connect(addr).await.unwrap();
    half.write_all(b"GET /v1/client HTTP/1.1\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    // The default header timeout is 10 s: the server does not wait for it (a grace of 3 s).
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("the server stopped").unwrap().unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "nothing listens any more");
}
