//! External links (`standbook check --external`): every `http(s)://` link in
//! the standards is requested once per URL (fragments ignored), a few at a
//! time, each with a timeout. A link that answers "not found" or whose host
//! does not exist is an error; one that times out or fails on the server's
//! side is a warning, since it may work tomorrow. Links that worked are
//! remembered for a day in the user's cache folder, so repeated checks are fast
//! and do not hammer the sites.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::Book;

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long one request may take.
    pub timeout: Duration,
    /// How many requests run at once.
    pub concurrency: usize,
    /// Where results are cached between runs (`None`: no cache).
    pub cache: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            cache: dirs::cache_dir().map(|dir| dir.join("standbook").join("links.json")),
        }
    }
}

/// How long a link that worked is trusted without asking again.
const CACHE_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// What requesting a URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// The page is there.
    Fine,
    /// The page or its host does not exist.
    Gone(String),
    /// It could not be told: timeout, refused connection, server error.
    Unknown(String),
}

/// A link in a standard: the URL and where it stands.
struct Use {
    url: String,
    location: Location,
}

/// Checks every external link of the book's standards.
pub fn check_links(book: &Book, options: &Options) -> Vec<Diagnostic> {
    let uses = external_links(book);
    let mut cache = options.cache.as_ref().map(|path| Cache::load(path.clone()));
    let mut urls: Vec<&str> = uses.iter().map(|u| without_fragment(&u.url)).collect();
    urls.sort_unstable();
    urls.dedup();
    let to_request: Vec<&str> = urls
        .into_iter()
        .filter(|url| !cache.as_ref().is_some_and(|c| c.is_fresh(url)))
        .collect();
    let outcomes = request_all(&to_request, options);
    if let Some(cache) = cache.as_mut() {
        cache.remember(&outcomes);
        cache.save();
    }
    uses.into_iter()
        .filter_map(|u| {
            let outcome = outcomes.get(without_fragment(&u.url))?;
            diagnostic(&u.url, outcome).map(|d| d.at(u.location))
        })
        .collect()
}

fn diagnostic(url: &str, outcome: &Outcome) -> Option<Diagnostic> {
    match outcome {
        Outcome::Fine => None,
        Outcome::Gone(why) => Some(
            Diagnostic::new(Code::BrokenExternal, format!("{url} is gone: {why}"))
                .hint("link the page where the content lives now, or remove the link"),
        ),
        Outcome::Unknown(why) => Some(
            Diagnostic::new(
                Code::UncheckedExternal,
                format!("{url} could not be checked: {why}"),
            )
            .hint("open the link yourself; if it works, the site may have been slow or down"),
        ),
    }
}

fn without_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Every `http://` and `https://` link and image in the standards.
fn external_links(book: &Book) -> Vec<Use> {
    let mut uses = Vec::new();
    for standard in &book.standards {
        let body = standard.body();
        for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
            let url = match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                _ => continue,
            };
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                let offset = standard.body_offset + range.start;
                uses.push(Use {
                    url: url.to_string(),
                    location: Location::at_offset(
                        &standard.path,
                        &standard.source,
                        offset,
                        range.len(),
                    ),
                });
            }
        }
    }
    uses
}

/// Requests every URL once, `options.concurrency` at a time.
fn request_all(urls: &[&str], options: &Options) -> HashMap<String, Outcome> {
    if urls.is_empty() {
        return HashMap::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "standbook/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let request = |url: &&str| (url.to_string(), request(&agent, url));
    match rayon::ThreadPoolBuilder::new()
        .num_threads(options.concurrency.max(1))
        .build()
    {
        Ok(pool) => pool.install(|| urls.par_iter().map(request).collect()),
        Err(_) => urls.iter().map(request).collect(),
    }
}

/// Asks for the headers first; servers that do not answer `HEAD` properly get a `GET`.
fn request(agent: &ureq::Agent, url: &str) -> Outcome {
    match agent.head(url).call() {
        Ok(response) if response.status().is_success() => Outcome::Fine,
        Ok(_) | Err(ureq::Error::Protocol(_)) => match agent.get(url).call() {
            Ok(response) => status_outcome(response.status()),
            Err(error) => error_outcome(&error),
        },
        Err(error) => error_outcome(&error),
    }
}

fn status_outcome(status: ureq::http::StatusCode) -> Outcome {
    match status.as_u16() {
        200..=399 => Outcome::Fine,
        404 | 410 => Outcome::Gone(format!("the server answers {status}")),
        _ => Outcome::Unknown(format!("the server answers {status}")),
    }
}

fn error_outcome(error: &ureq::Error) -> Outcome {
    match error {
        ureq::Error::HostNotFound => Outcome::Gone("the host does not exist".into()),
        ureq::Error::Timeout(_) => Outcome::Unknown("no answer in time".into()),
        other => Outcome::Unknown(other.to_string()),
    }
}

/// URLs that worked, with when (seconds since 1970), kept as JSON between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    fine: BTreeMap<String, u64>,
}

struct Cache {
    path: PathBuf,
    file: CacheFile,
    now: u64,
}

impl Cache {
    /// The cache at `path`; a missing or unreadable one is empty.
    fn load(path: PathBuf) -> Self {
        let file = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Cache { path, file, now }
    }

    fn is_fresh(&self, url: &str) -> bool {
        self.file
            .fine
            .get(url)
            .is_some_and(|&at| self.now.saturating_sub(at) < CACHE_FOR.as_secs())
    }

    fn remember(&mut self, outcomes: &HashMap<String, Outcome>) {
        let now = self.now;
        self.file
            .fine
            .retain(|_, at| now.saturating_sub(*at) < CACHE_FOR.as_secs());
        for (url, outcome) in outcomes {
            match outcome {
                Outcome::Fine => self.file.fine.insert(url.clone(), now),
                _ => self.file.fine.remove(url),
            };
        }
    }

    /// Writes the cache; a cache that cannot be written only makes the next run slower.
    fn save(&self) {
        let Ok(json) = serde_json::to_vec(&self.file) else {
            return;
        };
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let temporary = self.path.with_extension("json.tmp");
        if std::fs::write(&temporary, json).is_ok() {
            let _ = std::fs::rename(&temporary, &self.path);
        }
    }
}
