//! `serve` and `watch`: rebuild on every save, and (for `serve`) show the
//! result in the browser at once.
//!
//! The loop reads as the steps it takes: a batch of file events → the kinds of
//! change ([`crate::serve::watch::ChangeKind`]) → rebuild the live site → tell open
//! pages (reload, swap stylesheets, or show the errors) → one line in the
//! terminal.

mod http;
mod live;
mod reload;
mod watch;

use crate::language::cldr::english_count;
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::diagnostic::render_human;
use crate::error::{Error, Result};
use live::{LiveSite, Rebuilt};
use reload::{Broadcast, ReloadEvent};
use watch::ChangeKind;

/// Quiet time after a save before rebuilding.
const SETTLE: Duration = Duration::from_millis(10);
/// A batch this large is a burst (a `git checkout`, a search-and-replace)…
const BURST: usize = 20;
/// …which must be quiet this long before the one rebuild it gets.
const BURST_SETTLE: Duration = Duration::from_millis(250);
/// Quiet time once a second batch came on the heels of the first: the start
/// of a burst, or an editor saving in two steps.
const STREAM_SETTLE: Duration = Duration::from_millis(60);

/// How `serve` and `watch` run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book folder.
    pub book: PathBuf,
    /// Output folder (default: the book's `output:`).
    pub out: Option<PathBuf>,
    /// Serve over HTTP (`serve`), or only rebuild (`watch`) when `None`.
    pub http: Option<HttpOptions>,
    /// Poll for changes instead of using file-system events.
    pub poll: bool,
    /// Use colours in diagnostics.
    pub color: bool,
    /// Print how long each stage of a rebuild took.
    pub verbose: bool,
}

/// The port `serve` listens on unless told otherwise: the same every run, so
/// bookmarks keep working and the browser keeps what it saved for the site
/// (checklist ticks, "since your last visit", the theme).
pub const DEFAULT_PORT: u16 = 4111;

/// Where and how `serve` listens.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; 0 picks a free one. `None`: [`DEFAULT_PORT`], or a free one
    /// when another program holds it.
    pub port: Option<u16>,
    /// Open the site in the default browser.
    pub open: bool,
}

/// Runs until `stop` is set (Ctrl+C).
pub fn run(options: &ServeOptions, stop: &AtomicBool) -> Result<()> {
    let config = crate::pipeline::read_config(&options.book)?;
    let out = crate::pipeline::output_dir(&options.book, &config, options.out.as_deref());
    let mut site = LiveSite::new(&options.book, &out)?;
    let broadcast = Arc::new(Broadcast::default());
    let started = Instant::now();
    match site.rebuild(&BTreeSet::new(), &|_, _| {}) {
        Ok(rebuilt) => {
            println!(
                "Built {} in {} ms",
                english_count(rebuilt.standards, "standard"),
                started.elapsed().as_millis()
            );
            show_warnings(&rebuilt.warnings, &broadcast);
        }
        Err(error) => report_failure(error, &broadcast, options.color)?,
    }
    let _server = options
        .http
        .as_ref()
        .map(|http| start_server(http, &site, &broadcast))
        .transpose()?;
    let theme_dir = crate::output::absolute(&options.book.join(&config.theme))?;
    let root = crate::output::absolute(&options.book)?;
    let watcher = watch::watch(&root, options.poll)
        .map_err(|e| Error::system(format!("watch {}", root.display()), e))?;
    println!(
        "Watching {} for changes{}",
        root.display(),
        if options.poll { " (polling)" } else { "" }
    );
    while !stop.load(Ordering::SeqCst) {
        let Ok(mut paths) = watcher.batches.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        // A burst arrives as several batches: wait until it settles, then
        // rebuild once. A single save is rebuilt almost at once; a second
        // batch on its heels means a burst, however small its first batch was.
        let mut batches = 1;
        loop {
            let quiet = match (paths.len() > BURST, batches > 1) {
                (true, _) => BURST_SETTLE,
                (false, true) => STREAM_SETTLE,
                (false, false) => SETTLE,
            };
            match watcher.batches.recv_timeout(quiet) {
                Ok(more) => {
                    paths.extend(more);
                    batches += 1;
                }
                Err(_) => break,
            }
        }
        let kinds = watch::kinds(&root, &theme_dir, site.out(), &watcher.git, &paths);
        if kinds.is_empty() {
            continue;
        }
        rebuild(&mut site, &kinds, &broadcast, options)?;
    }
    println!("Stopped.");
    Ok(())
}

fn start_server(
    options: &HttpOptions,
    site: &LiveSite,
    broadcast: &Arc<Broadcast>,
) -> Result<http::DevServer> {
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the book",
            options.bind
        );
    }
    let start = |port: u16| {
        let addr = SocketAddr::new(options.bind, port);
        http::DevServer::start(addr, site.out().to_path_buf(), broadcast.clone())
            .map_err(|e| (addr, e))
    };
    let started = match options.port {
        Some(port) => start(port),
        None => start(DEFAULT_PORT).or_else(|(addr, e)| match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                eprintln!("note: {addr} is taken; serving on a free port instead");
                start(0)
            }
            _ => Err((addr, e)),
        }),
    };
    let server = started.map_err(|(addr, e)| Error::system(format!("listen on {addr}"), e))?;
    let bound = server.addr();
    let host = if bound.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        bound.ip().to_string()
    };
    let url = format!("http://{host}:{}/", bound.port());
    println!("Serving at {url} (Ctrl+C to stop)");
    if options.open
        && let Err(e) = opener::open_browser(&url)
    {
        eprintln!("warning: could not open a browser: {e}");
    }
    Ok(server)
}

/// One rebuild after a batch of changes, and what open pages are told.
fn rebuild(
    site: &mut LiveSite,
    kinds: &BTreeSet<ChangeKind>,
    broadcast: &Broadcast,
    options: &ServeOptions,
) -> Result<()> {
    let started = Instant::now();
    // Open pages reload as soon as the pages are written; the print page and
    // the PDF (the whole book again) follow, and a request for them waits.
    let published = std::cell::Cell::new(None);
    let site_ready = |changed: &[String], removed: &[String]| {
        broadcast.remaking_print(true);
        if !changed.is_empty() || !removed.is_empty() || was_broken(broadcast) {
            broadcast.publish(reload_event(kinds, changed, removed));
            published.set(Some(started.elapsed()));
        }
    };
    let result = site.rebuild(kinds, &site_ready);
    broadcast.remaking_print(false);
    let rebuilt = match result {
        Ok(rebuilt) => rebuilt,
        Err(error) => return report_failure(error, broadcast, options.color),
    };
    let changed = !(rebuilt.changed.is_empty() && rebuilt.removed.is_empty());
    if published.get().is_none() && (changed || was_broken(broadcast)) {
        broadcast.publish(reload_event(kinds, &rebuilt.changed, &rebuilt.removed));
    }
    let took = started.elapsed().as_millis();
    let reloaded = match published.get() {
        Some(at) if at.as_millis() < took => {
            format!(" (pages reloaded after {} ms)", at.as_millis())
        }
        _ => String::new(),
    };
    println!(
        "{} changed: {} in {took} ms{reloaded}",
        describe(kinds),
        summary(&rebuilt)
    );
    show_warnings(&rebuilt.warnings, broadcast);
    if options.verbose {
        for (stage, time) in &rebuilt.timings {
            println!("  {stage:<16} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
    }
    Ok(())
}

/// Lists the book's warnings in the terminal, one line each, and hands them
/// to open pages, which show them in a panel a reader can dismiss.
fn show_warnings(warnings: &[crate::diagnostic::Diagnostic], broadcast: &Broadcast) {
    let text = crate::diagnostic::render_short(warnings);
    if !warnings.is_empty() {
        println!("{}:", english_count(warnings.len(), "warning"));
        for line in text.lines() {
            println!("  {line}");
        }
    }
    broadcast.set_warnings(text);
}

/// What open pages do about `changed` and `removed` files after `kinds` of
/// change: swap stylesheets when only stylesheets were edited (the pages
/// changed only in the stylesheets' names), else reload.
fn reload_event(
    kinds: &BTreeSet<ChangeKind>,
    changed: &[String],
    removed: &[String],
) -> ReloadEvent {
    let styles_only = !kinds.is_empty() && kinds.iter().all(|k| *k == ChangeKind::Stylesheet);
    let is_css = |p: &String| p.ends_with(".css");
    let stylesheets: Vec<String> = changed.iter().filter(|p| is_css(p)).cloned().collect();
    match styles_only && !stylesheets.is_empty() && removed.iter().all(is_css) {
        true => ReloadEvent::Stylesheets(stylesheets),
        false => ReloadEvent::Reload,
    }
}

fn was_broken(broadcast: &Broadcast) -> bool {
    matches!(broadcast.current(), ReloadEvent::Diagnostics(_))
}

/// Book errors go to the terminal and to every open page; the last good site
/// stays. Other failures (I/O) end the loop.
fn report_failure(error: Error, broadcast: &Broadcast, color: bool) -> Result<()> {
    let Error::Book {
        diagnostics,
        sources,
    } = error
    else {
        return Err(error);
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprint!("{}", render_human(&diagnostics, &sources, color));
    eprintln!(
        "error: the book has {}; still serving the last good build",
        english_count(errors, "error")
    );
    let plain = render_human(&diagnostics, &sources, false);
    broadcast.publish(ReloadEvent::Diagnostics(plain));
    Ok(())
}

fn describe(kinds: &BTreeSet<ChangeKind>) -> String {
    let names: Vec<&str> = kinds
        .iter()
        .map(|k| match k {
            ChangeKind::Content => "standards",
            ChangeKind::Data => "data",
            ChangeKind::Stylesheet => "stylesheet",
            ChangeKind::Theme => "theme",
            ChangeKind::Assets => "assets",
            ChangeKind::Config => "settings",
            ChangeKind::History => "git history",
        })
        .collect();
    let text = names.join(", ");
    let mut chars = text.chars();
    chars
        .next()
        .map_or(text.clone(), |c| c.to_uppercase().chain(chars).collect())
}

/// A site path without the content hash in its name (`_static/style.1a2b3c4d.css` → `_static/style.css`).
fn unhashed(path: &str) -> String {
    let (stem, extension) = path.rsplit_once('.').unwrap_or((path, ""));
    match stem.rsplit_once('.') {
        Some((name, hash)) if hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            format!("{name}.{extension}")
        }
        _ => path.to_string(),
    }
}

fn summary(rebuilt: &Rebuilt) -> String {
    let (index, pages): (Vec<&String>, Vec<&String>) = rebuilt
        .changed
        .iter()
        .partition(|p| p.starts_with(crate::search::FOLDER));
    let mut parts: Vec<String> = match pages.len() {
        0 => Vec::new(),
        1..=3 => pages.iter().map(|p| p.to_string()).collect(),
        many => vec![format!("{many} files")],
    };
    if !index.is_empty() {
        parts.push("the search index".into());
    }
    let updated = match parts.split_last() {
        None => String::new(),
        Some((last, [])) => format!("updated {last}"),
        Some((last, rest)) => format!("updated {} and {last}", rest.join(", ")),
    };
    // A file that came back under a new name (a stylesheet, the index) was updated, not removed.
    let renamed = |p: &String| {
        p.starts_with(crate::search::FOLDER)
            || rebuilt.changed.iter().any(|c| unhashed(c) == unhashed(p))
    };
    let removed = rebuilt.removed.iter().filter(|p| !renamed(p)).count();
    match (updated.is_empty(), removed) {
        (true, 0) => "nothing to update".to_string(),
        (true, removed) => format!("removed {removed} files"),
        (false, 0) => updated,
        (false, removed) => format!("{updated}; removed {removed} files"),
    }
}
