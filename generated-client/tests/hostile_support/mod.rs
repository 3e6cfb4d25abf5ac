//! Helpers of `hostile_servers.rs`: a hand-rolled HTTP/1.1 server on 127.0.0.1 whose every
//! connection runs a script of the test's (answer half a body, reset, trickle, never answer),
//! counting what it wrote and noticing when the client goes away; clients without retries; and
//! the check that an error does not show the API key.

use std::future::Future;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated_client::types::CreateThreadAndRunRequest;
use generated_client::{Client, ClientBuilder, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

#[path = "../versions/mod.rs"]
mod versions;

/// The API key of these tests: distinctive, so that finding it anywhere is unambiguous.
pub const KEY: &str = "sk-test-SECRET-123";

pub const MIB: usize = 1024 * 1024;

/// The longest any one test may take.
const GUARD: Duration = Duration::from_secs(10);

/// Runs `test`, failing it when it takes longer than [`GUARD`]: a hang fails, it does not
/// block the suite.
pub async fn within<F: Future>(test: F) -> F::Output {
    tokio::time::timeout(GUARD, test)
        .await
        .expect("the test did not finish in time: something hangs")
}

/// A small request.
pub fn request() -> CreateThreadAndRunRequest {
    versions::run_request_for("asst_abc123")
}

/// A builder for a server at `base_url`: the test key, no retries, a 5 s timeout.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(1))
}

/// A client for a server at `base_url`, without retries, with this timeout per attempt.
pub fn client(base_url: &str, timeout: Duration) -> Client {
    builder(base_url)
        .timeout(timeout)
        .build()
        .expect("a client")
}

/// Asserts that neither `Display` nor `Debug` of `error`, nor of its sources, shows the key.
pub fn assert_no_secret(error: &Error) {
    let mut shown = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        shown.push(inner.to_string());
        shown.push(format!("{inner:?}"));
        source = inner.source();
    }
    for text in shown {
        assert!(
            !text.contains(KEY) && !text.contains("SECRET") && !text.contains("Bearer"),
            "the error shows the key: {text}"
        );
    }
}

/// Frames `bytes` as one chunk of a chunked body.
pub fn chunk(bytes: &[u8]) -> Vec<u8> {
    let mut framed = format!("{:x}\r\n", bytes.len()).into_bytes();
    framed.extend_from_slice(bytes);
    framed.extend_from_slice(b"\r\n");
    framed
}

/// What a server's connections did, shared with the test.
#[derive(Default)]
struct Probe {
    connections: AtomicUsize,
    written: AtomicUsize,
    done: AtomicBool,
    request_head: Mutex<String>,
}

/// A server on 127.0.0.1 running a script for each connection it accepts. Dropping it stops
/// the server and every connection's script.
pub struct Server {
    address: std::net::SocketAddr,
    probe: Arc<Probe>,
    task: JoinHandle<()>,
}

impl Server {
    /// The base URL of the server (with `/v1`).
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.address)
    }

    /// How many connections it has accepted.
    pub fn connections(&self) -> usize {
        self.probe.connections.load(Ordering::SeqCst)
    }

    /// How many bytes its connections have written (and the kernel accepted).
    pub fn written(&self) -> usize {
        self.probe.written.load(Ordering::SeqCst)
    }

    /// Whether a connection's script has ended (in a closed or failed write, most often: the
    /// client went away).
    pub fn is_done(&self) -> bool {
        self.probe.done.load(Ordering::SeqCst)
    }

    /// Waits up to `limit` for a connection's script to end; whether it did.
    pub async fn wait_done(&self, limit: Duration) -> bool {
        let start = Instant::now();
        while !self.is_done() {
            if start.elapsed() > limit {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        true
    }

    /// The head of the last request read.
    pub fn request_head(&self) -> String {
        self.probe
            .request_head
            .lock()
            .expect("not poisoned")
            .clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Dropping the accept task's `JoinSet` aborts the connections' scripts too.
        self.task.abort();
    }
}

/// Starts a server running `script` for every connection. A script's error (a write to a
/// closed connection) ends it like a return does.
pub async fn serve<F, Fut>(script: F) -> Server
where
    F: Fn(Conn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<()>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let probe = Arc::new(Probe::default());
    let shared = Arc::clone(&probe);
    let task = tokio::spawn(async move {
        let mut connections = JoinSet::new();
        while let Ok((socket, _)) = listener.accept().await {
            shared.connections.fetch_add(1, Ordering::SeqCst);
            let _ = socket.set_nodelay(true);
            let probe = Arc::clone(&shared);
            let run = script(Conn {
                socket,
                probe: Arc::clone(&probe),
            });
            connections.spawn(async move {
                let _ = run.await;
                probe.done.store(true, Ordering::SeqCst);
            });
        }
    });
    Server {
        address,
        probe,
        task,
    }
}

/// One accepted connection, as a script sees it.
pub struct Conn {
    socket: TcpStream,
    probe: Arc<Probe>,
}

impl Conn {
    /// Reads one request: the head, then a `Content-Length` body.
    pub async fn read_request(&mut self) -> io::Result<()> {
        let mut received = Vec::new();
        let mut scratch = [0u8; 4096];
        loop {
            if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&received[..end]).into_owned();
                let length = head
                    .lines()
                    .filter_map(|line| line.split_once(':'))
                    .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, value)| value.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    *self.probe.request_head.lock().expect("not poisoned") = head;
                    return Ok(());
                }
            }
            match self.socket.read(&mut scratch).await? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => received.extend_from_slice(&scratch[..n]),
            }
        }
    }

    /// Writes `bytes` and flushes, counting them.
    pub async fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.socket.write_all(bytes).await?;
        self.socket.flush().await?;
        self.probe.written.fetch_add(bytes.len(), Ordering::SeqCst);
        Ok(())
    }

    /// Closes the connection cleanly (a FIN).
    pub async fn close(mut self) -> io::Result<()> {
        self.socket.shutdown().await
    }

    /// Aborts the connection: `SO_LINGER` 0, so closing sends an RST instead of a FIN.
    pub fn reset(self) -> io::Result<()> {
        self.socket.set_zero_linger()?;
        drop(self.socket);
        Ok(())
    }

    /// Never answers; returns when the client closes the connection.
    pub async fn hold(mut self) -> io::Result<()> {
        let mut scratch = [0u8; 1024];
        while self.socket.read(&mut scratch).await? > 0 {}
        Ok(())
    }

    /// Never reads, never answers, never returns (until the server stops).
    pub async fn hold_unread(self) -> io::Result<()> {
        let _socket = self.socket;
        std::future::pending().await
    }
}
