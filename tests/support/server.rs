//! Running `standbook serve` as a child process and talking plain HTTP to it
//! on 127.0.0.1 — raw requests, so that hostile paths reach the server exactly
//! as written.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A running `standbook serve`.
pub struct Served {
    child: Child,
    pub addr: SocketAddr,
    /// Lines the server printed (stdout and stderr).
    pub output: Receiver<String>,
    /// The lines [`Served::wait_for_line`] has read so far.
    pub seen: Vec<String>,
}

impl Served {
    /// Starts `standbook serve` for the book in `dir`/book on a free port.
    pub fn start(cwd: &std::path::Path, args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_standbook"))
            .arg("serve")
            .args(args)
            .current_dir(cwd)
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .env("STANDBOOK_CACHE_DIR", cwd.join(".cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start standbook serve");
        let (tx, output) = channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut served = Served {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            output,
            seen: Vec::new(),
        };
        let line = served.wait_for_line("Serving at http://");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap();
        served.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        served.wait_for_line("Watching");
        served
    }

    /// Waits (up to 20 s) for a printed line containing `text`; returns it.
    pub fn wait_for_line(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => panic!("the server never printed {text:?}"),
            }
        }
    }

    /// Sends a raw GET for `target` and returns (status, headers, body).
    pub fn get(&self, target: &str) -> (u16, String, String) {
        get(self.addr, target)
    }

    /// Opens the live-reload event stream.
    pub fn events(&self) -> EventStream {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        write!(
            stream,
            "GET /__standbook/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) => break,
                    Ok(_) => {
                        if line.starts_with("event: ") {
                            let _ = tx.send(line.trim_start_matches("event: ").trim().to_string());
                        } else if let Some(data) = line.strip_prefix("data: ") {
                            let _ = tx.send(format!("data:{}", data.trim()));
                        }
                    }
                    Err(e)
                        if e.kind() == std::io::ErrorKind::WouldBlock
                            || e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_) => break,
                }
            }
        });
        // Give the server a moment to register the stream before changes happen.
        std::thread::sleep(Duration::from_millis(150));
        EventStream { events: rx }
    }
}

impl Served {
    /// Sends Ctrl+C (SIGINT) and waits up to 10 s for the server to exit.
    #[cfg(unix)]
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("run kill");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for server") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop on Ctrl+C"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Events from `/__standbook/events`: event names, and `data:…` lines.
pub struct EventStream {
    events: Receiver<String>,
}

impl EventStream {
    /// Waits (up to 20 s) for an event named `name`; returns its data line.
    pub fn wait_for(&self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) if event == name => {
                    return self
                        .events
                        .recv_timeout(Duration::from_secs(5))
                        .unwrap_or_default();
                }
                Ok(_) => {}
                Err(_) => panic!("no {name:?} event arrived"),
            }
        }
    }

    /// Events that arrive within `time`.
    pub fn drain(&self, time: Duration) -> Vec<String> {
        let deadline = Instant::now() + time;
        let mut seen = Vec::new();
        while let Ok(event) = self
            .events
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            seen.push(event);
        }
        seen
    }
}

/// Sends a raw GET for `target` to the server at `addr` (one connection,
/// closed after the answer) and returns (status, headers, body).
pub fn get(addr: SocketAddr, target: &str) -> (u16, String, String) {
    let mut stream = send_get(addr, target, "close");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read response");
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Sends one keep-alive GET for `target`, reads the whole response and
/// returns the connection, still open, as a browser keeps it for reuse.
pub fn idle_connection(addr: SocketAddr, target: &str) -> TcpStream {
    let stream = send_get(addr, target, "keep-alive");
    let mut reader = BufReader::new(stream.try_clone().expect("clone socket"));
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("read response head");
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().expect("content length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("read response body");
    stream
}

/// Connects to `addr` and sends a GET for `target` with the given `Connection` header.
fn send_get(addr: SocketAddr, target: &str, connection: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: {connection}\r\n\r\n"
    )
    .unwrap();
    stream
}
