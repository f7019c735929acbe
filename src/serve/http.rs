//! The dev server's HTTP side: static files from the site folder, the
//! live-reload script and its event stream.
//!
//! Only GET and HEAD; nothing outside the site folder is ever served (`..`,
//! encoded slashes and dots, backslashes and symbolic links that leave the
//! folder are refused); HTML gets the reload script injected on the way out;
//! unknown paths get the site's 404 page with status 404.
//!
//! The server runs on its own thread with a small Tokio runtime, so open
//! pages' event streams and idle keep-alive connections never hold a thread
//! that another request is waiting for; a client gets 10 s to send its
//! request headers and at most 256 connections are open at once, so slow
//! or many clients cannot hold it either.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::oneshot;
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

use super::live::made_last;
use super::reload::{Broadcast, CLIENT_SCRIPT, ReloadEvent, SCRIPT_TAG};

/// Longest request target accepted.
const MAX_URL: usize = 2048;
/// How often an idle event stream gets a comment, to notice closed pages.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How long a client may take to send a request's headers (also the
/// longest an idle keep-alive connection stays open).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Most connections served at once; open pages hold one each.
const MAX_CONNECTIONS: usize = 256;
/// How soon a page whose stream broke tries again.
const RETRY: Duration = Duration::from_millis(500);
/// Longest a request for the print page or the PDF waits for them to be remade.
const PRINT_WAIT: Duration = Duration::from_secs(60);

/// What every request handler shares.
struct Served {
    site: PathBuf,
    reload: Arc<Broadcast>,
}

/// A running dev server; dropping it stops the server.
pub(super) struct DevServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl DevServer {
    /// Binds to `addr` (port 0 picks a free port) and serves `site`.
    pub(super) fn start(
        addr: SocketAddr,
        site: PathBuf,
        reload: Arc<Broadcast>,
    ) -> std::io::Result<DevServer> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let served = Arc::new(Served {
            site: site.canonicalize()?,
            reload,
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("standbook-http".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let app = Router::new().fallback(handle).with_state(served);
                    accept(listener, app, stopped).await;
                });
            })?;
        Ok(DevServer {
            addr,
            stop: Some(stop),
        })
    }

    /// The address actually bound.
    pub(super) fn addr(&self) -> SocketAddr {
        self.addr
    }
}

/// Accepts connections until `stopped`: at most [`MAX_CONNECTIONS`] at a
/// time (more are closed at once), each closed when its request headers do
/// not arrive within [`HEADER_TIMEOUT`], so slow or idle clients cannot hold
/// the server.
async fn accept(
    listener: tokio::net::TcpListener,
    app: Router,
    mut stopped: oneshot::Receiver<()>,
) {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file handles, say: give connections time to close.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn handle(State(served): State<Arc<Served>>, request: Request) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return text_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
    }
    let target = request.uri().to_string();
    if target.len() > MAX_URL {
        return text_response(StatusCode::URI_TOO_LONG, "request target too long");
    }
    let path = request.uri().path().to_string();
    let mut response = match path.as_str() {
        "/__standbook/events" => events(&served.reload).into_response(),
        "/__standbook/livereload.js" => bytes_response(
            StatusCode::OK,
            CLIENT_SCRIPT.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        _ => {
            if made_last(path.trim_start_matches('/')) {
                served.reload.print_remade(PRINT_WAIT).await;
            }
            let site = served.clone();
            tokio::task::spawn_blocking(move || static_response(&site.site, &path))
                .await
                .unwrap_or_else(|_| text_response(StatusCode::INTERNAL_SERVER_ERROR, "failed"))
        }
    };
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

/// A file from the site, the site's 404 page, or a refusal.
fn static_response(site: &Path, path: &str) -> Response {
    if let Some(file) = resolve(site, path) {
        return file_response(StatusCode::OK, &file);
    }
    if path_is_malformed(path) {
        return text_response(StatusCode::BAD_REQUEST, "bad request path");
    }
    let not_found = site.join("404.html");
    if let Ok(page) = std::fs::read(&not_found) {
        // Served at any depth: its relative links start from the site's root,
        // which for this server is `/` (a book with `base_url` says so itself).
        return bytes_response(
            StatusCode::NOT_FOUND,
            inject_script(with_root_base(page)),
            "text/html; charset=utf-8",
        );
    }
    // Nothing built yet (the book was broken from the start): a page that
    // still gets the errors and the reload.
    let page = b"<!doctype html><meta charset=utf-8><title>standbook</title><body><p>Not built yet: the errors are shown below; save a fix and this page reloads.</p></body>";
    bytes_response(
        StatusCode::NOT_FOUND,
        inject_script(page.to_vec()),
        "text/html; charset=utf-8",
    )
}

/// The event stream an open page listens to: the current errors at once if
/// the book is broken, then every event published after it connected.
fn events(reload: &Broadcast) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let receiver = reload.subscribe();
    let broken = match reload.current() {
        event @ ReloadEvent::Diagnostics(_) => Some(event),
        _ => None,
    };
    let (warnings, warnings_later) = reload.warnings();
    let first = tokio_stream::iter([Event::default().retry(RETRY)])
        .chain(tokio_stream::iter(broken.as_ref().and_then(sse_event)))
        .chain(tokio_stream::iter(warnings_event(&warnings)));
    let later = WatchStream::from_changes(receiver)
        .filter_map(|event| sse_event(&event))
        .merge(WatchStream::from_changes(warnings_later).map(|text| {
            warnings_event(&text).unwrap_or_else(|| Event::default().event("warnings").data("\"\""))
        }));
    Sse::new(first.chain(later).map(Ok)).keep_alive(KeepAlive::new().interval(KEEPALIVE))
}

/// The SSE message with the book's warnings, or `None` when it has none.
fn warnings_event(text: &str) -> Option<Event> {
    (!text.is_empty()).then(|| {
        let data = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
        Event::default().event("warnings").data(data)
    })
}

/// The SSE message for an event, or `None` for idle.
fn sse_event(event: &ReloadEvent) -> Option<Event> {
    let (name, data) = match event {
        ReloadEvent::Idle => return None,
        ReloadEvent::Reload => ("reload", String::from("{}")),
        ReloadEvent::Stylesheets(paths) => (
            "css",
            serde_json::to_string(paths).unwrap_or_else(|_| "[]".into()),
        ),
        ReloadEvent::Diagnostics(text) => (
            "diagnostics",
            serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into()),
        ),
    };
    Some(Event::default().event(name).data(data))
}

fn bytes_response(status: StatusCode, bytes: Vec<u8>, content_type: &str) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn text_response(status: StatusCode, text: &str) -> Response {
    bytes_response(
        status,
        text.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn file_response(status: StatusCode, file: &Path) -> Response {
    let Ok(mut bytes) = std::fs::read(file) else {
        return text_response(StatusCode::NOT_FOUND, "not found");
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

/// `html` with `<base href="/">` first in its head, unless it has a base.
fn with_root_base(html: Vec<u8>) -> Vec<u8> {
    let has = |needle: &[u8]| {
        html.windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    };
    if has(b"<base ").is_some() {
        return html;
    }
    let Some(head) = has(b"<head>") else {
        return html;
    };
    let at = head + b"<head>".len();
    [&html[..at], b"<base href=\"/\">".as_slice(), &html[at..]].concat()
}

/// Adds the live-reload script before `</body>` (or at the end).
pub(super) fn inject_script(html: Vec<u8>) -> Vec<u8> {
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
pub(super) fn resolve(site: &Path, path: &str) -> Option<PathBuf> {
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
