//! A small Chrome DevTools Protocol client over one WebSocket, enough to open
//! pages in real headless Chromium, run JavaScript in them and read results.
//!
//! Chromium is Debian's `chromium` (or `STANDBOOK_CHROMIUM`). Where it is not
//! installed the browser tests skip with a loud message, except under CI
//! (`CI=true`), where a missing browser is a failure.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// What a timed-out wait reports about the page: its load state, address, the
/// resources that finished loading and those it asked for.
const PAGE_STATE: &str = "JSON.stringify({state: document.readyState, url: location.href, \
    loaded: performance.getEntriesByType('resource').map(e => e.name), \
    wanted: [...document.querySelectorAll('script[src],link[href],img[src]')].map(e => e.src || e.href)})";

/// A headless Chromium with one open tab.
pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

fn chromium_path() -> Option<String> {
    if let Ok(path) = std::env::var("STANDBOOK_CHROMIUM") {
        return Some(path);
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
                    .map(|p| p.display().to_string())
            })
        })
}

impl Browser {
    /// Starts Chromium, or returns `None` (after saying so) when it is not installed outside CI.
    pub fn launch() -> Option<Browser> {
        let Some(path) = chromium_path() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("Chromium is not installed, but CI=true requires the browser tests to run");
            }
            eprintln!(
                "\n*** SKIPPED: Chromium is not installed; browser tests did not run (apt-get install chromium) ***\n"
            );
            return None;
        };
        let profile = tempfile::tempdir().expect("profile dir");
        let mut child = Command::new(path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let url = devtools_url(&mut child);
        let (socket, _) = tungstenite::connect(url.as_str()).expect("connect to DevTools");
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.call_browser("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("target id").to_string();
        let attached = browser.call_browser(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        Some(browser)
    }

    fn send(&mut self, method: &str, params: Value, session: bool) -> Value {
        self.try_send(method, params, session)
            .unwrap_or_else(|error| panic!("{method} failed: {error}"))
    }

    /// Sends a DevTools command; `Err` carries the error DevTools answered.
    fn try_send(&mut self, method: &str, params: Value, session: bool) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if session {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to DevTools");
        loop {
            let reply = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(&text).expect("DevTools JSON");
            if value["id"] == json!(id) {
                if let Some(error) = value.get("error") {
                    return Err(error.clone());
                }
                return Ok(value["result"].clone());
            }
        }
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, false)
    }

    /// Calls a DevTools method on the tab.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
    }

    /// Opens `url` and waits until the page and its scripts have loaded.
    pub fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /// Reloads the page and waits for it.
    pub fn reload(&mut self) {
        self.eval("window.__before_reload = true");
        self.call("Page.reload", json!({}));
        self.wait_for("document.readyState === 'complete' && !window.__before_reload");
    }

    /// Evaluates JavaScript in the page (awaiting promises) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("JavaScript failed: {expression}\n{exception}");
        }
        result["result"]["value"].clone()
    }

    /// Waits (up to 10 s) until `condition` is true in the page.
    pub fn wait_for(&mut self, condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // While a navigation replaces the document, DevTools answers
            // "navigated or closed": that is "not yet", not a failure.
            let ok = self.try_send(
                "Runtime.evaluate",
                json!({"expression": condition, "returnByValue": true}),
                true,
            );
            if ok.is_ok_and(|ok| ok["result"]["value"] == json!(true)) {
                return;
            }
            if Instant::now() >= deadline {
                let state = self.eval(PAGE_STATE);
                panic!("timed out waiting for: {condition}\n(the page: {state})");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sets the viewport size (for phone layouts).
    pub fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
    }

    /// Prints the page to a PDF at `path` as a reader's "Save as PDF" does,
    /// with the page's own `@page` size and margin boxes.
    pub fn print_to_pdf(&mut self, path: &std::path::Path) {
        use base64::Engine;
        let printed = self.call(
            "Page.printToPDF",
            json!({"preferCSSPageSize": true, "printBackground": true}),
        );
        let data = base64::engine::general_purpose::STANDARD
            .decode(printed["data"].as_str().unwrap_or_default())
            .expect("PDF is base64");
        std::fs::write(path, data).expect("write PDF");
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&mut self, path: &std::path::Path) {
        use base64::Engine;
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap_or_default())
            .expect("screenshot is base64");
        std::fs::write(path, data).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads Chromium's stderr until it prints the DevTools WebSocket URL.
fn devtools_url(child: &mut Child) -> String {
    let stderr = child.stderr.take().expect("chromium stderr");
    let mut reader = BufReader::new(stderr);
    let mut line = String::new();
    loop {
        line.clear();
        let read = reader.read_line(&mut line).expect("read chromium output");
        assert!(read > 0, "Chromium exited before DevTools started");
        if let Some(url) = line.trim().strip_prefix("DevTools listening on ") {
            let url = url.to_string();
            // Keep draining stderr so Chromium never blocks on a full pipe.
            std::thread::spawn(move || {
                let mut sink = String::new();
                while reader.read_line(&mut sink).is_ok_and(|n| n > 0) {
                    sink.clear();
                }
            });
            return url;
        }
    }
}
