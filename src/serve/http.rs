//! The dev server's HTTP side: static files from the site folder, the
//! live-reload script and its event stream.
//!
//! Only GET and HEAD; nothing outside the site folder is ever served (`..`,
//! encoded slashes and dots, backslashes and symbolic links that leave the
//! folder are refused); HTML gets the reload script injected on the way out;
//! unknown paths get the site's 404 page with status 404.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::reload::{Broadcast, CLIENT_SCRIPT, SCRIPT_TAG};

/// Longest request target accepted.
const MAX_URL: usize = 2048;
/// Threads answering ordinary requests (event streams get their own).
const WORKERS: usize = 4;
/// How often an idle event stream gets a comment, to notice closed pages.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// A running dev server.
pub struct DevServer {
    server: Arc<tiny_http::Server>,
}

impl DevServer {
    /// Binds to `addr` (port 0 picks a free port) and serves `site`.
    pub fn start(
        addr: SocketAddr,
        site: PathBuf,
        reload: Arc<Broadcast>,
    ) -> std::io::Result<DevServer> {
        let server = Arc::new(tiny_http::Server::http(addr).map_err(std::io::Error::other)?);
        let site = Arc::new(site.canonicalize()?);
        for _ in 0..WORKERS {
            let (server, site, reload) = (server.clone(), site.clone(), reload.clone());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    handle(request, &site, &reload);
                }
            });
        }
        Ok(DevServer { server })
    }

    /// The address actually bound.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.server.server_addr().to_ip()
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn handle(request: Request, site: &Path, reload: &Arc<Broadcast>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return respond(request, text_response(405, "only GET and HEAD are served"));
    }
    if request.url().len() > MAX_URL {
        return respond(request, text_response(414, "request target too long"));
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    match path.as_str() {
        "/__standbook/events" => {
            let reload = reload.clone();
            std::thread::spawn(move || stream_events(request, &reload));
        }
        "/__standbook/livereload.js" => respond(
            request,
            bytes_response(
                200,
                CLIENT_SCRIPT.as_bytes().to_vec(),
                "text/javascript; charset=utf-8",
            ),
        ),
        _ => match resolve(site, &path) {
            Some(file) => respond(request, file_response(200, &file)),
            None if path_is_malformed(&path) => {
                respond(request, text_response(400, "bad request path"))
            }
            None => {
                let not_found = site.join("404.html");
                let response = if not_found.is_file() {
                    file_response(404, &not_found)
                } else {
                    // Nothing built yet (the book was broken from the start):
                    // a page that still gets the errors and the reload.
                    let page = b"<!doctype html><meta charset=utf-8><title>standbook</title><body><p>Not built yet: the errors are shown below; save a fix and this page reloads.</p></body>";
                    bytes_response(
                        404,
                        inject_script(page.to_vec()),
                        "text/html; charset=utf-8",
                    )
                };
                respond(request, response)
            }
        },
    }
}

type ByteResponse = Response<std::io::Cursor<Vec<u8>>>;

fn respond(request: Request, response: ByteResponse) {
    // The client may have gone away; there is nobody to tell.
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn bytes_response(status: u16, bytes: Vec<u8>, content_type: &str) -> ByteResponse {
    Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text_response(status: u16, text: &str) -> ByteResponse {
    bytes_response(
        status,
        text.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn file_response(status: u16, file: &Path) -> ByteResponse {
    let Ok(mut bytes) = std::fs::read(file) else {
        return text_response(404, "not found");
    };
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    if is_html {
        bytes = inject_script(bytes);
    }
    let content_type = if mime.type_() == "text"
        || mime.essence_str() == "application/javascript"
        || mime.essence_str() == "image/svg+xml"
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    bytes_response(status, bytes, &content_type)
}

/// Adds the live-reload script before `</body>` (or at the end).
pub fn inject_script(html: Vec<u8>) -> Vec<u8> {
    let marker = b"</body>";
    let at = html
        .windows(marker.len())
        .rposition(|w| w.eq_ignore_ascii_case(marker))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Whether a request path is one no honest browser sends.
fn path_is_malformed(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8();
    match decoded {
        Err(_) => true,
        Ok(text) => {
            text.contains('\\') || text.contains('\0') || text.split('/').any(|part| part == "..")
        }
    }
}

/// The file under `site` that a request path names, if it is inside `site`.
pub fn resolve(site: &Path, path: &str) -> Option<PathBuf> {
    if path_is_malformed(path) || !path.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut target = site.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty() && *p != ".") {
        let component = Path::new(part).components().next()?;
        if !matches!(component, Component::Normal(_)) || Path::new(part).components().count() != 1 {
            return None;
        }
        target.push(part);
    }
    if target.is_dir() {
        target.push("index.html");
    }
    let real = target.canonicalize().ok()?;
    (real.starts_with(site) && real.is_file()).then_some(real)
}

/// Holds an event stream open, sending each new reload event.
fn stream_events(request: Request, reload: &Broadcast) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let (mut seen, current) = reload.current();
    // A page opened while the book is broken shows the errors at once.
    if let super::reload::ReloadEvent::Diagnostics(_) = current
        && send(&mut writer, current.message().as_deref()).is_err()
    {
        return;
    }
    loop {
        let message = match reload.wait_after(seen, KEEPALIVE) {
            Some((generation, event)) => {
                seen = generation;
                event.message()
            }
            None => Some(": keep-alive\n\n".to_string()),
        };
        if send(&mut writer, message.as_deref()).is_err() {
            return;
        }
    }
}

fn send(writer: &mut Box<dyn Write + Send>, message: Option<&str>) -> std::io::Result<()> {
    if let Some(message) = message {
        writer.write_all(message.as_bytes())?;
        writer.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_site_are_refused() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a b.html"), "a").unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/sub/a%20b.html"),
            Some(root.join("sub/a b.html"))
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/sub/..%2f..%2fetc",
            "/..\\etc",
            "/%2e%2e%5cetc",
            "//etc/passwd",
            "/sub/%00",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let html = inject_script(b"<html><body><p>x</p></body></html>".to_vec());
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.ends_with(&format!("{SCRIPT_TAG}</body></html>")),
            "{html}"
        );
    }
}
