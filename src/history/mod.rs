//! History: what changed in each standard, when and by whom.
//!
//! The front matter's `changes` say what each version means to readers; git
//! says who changed the file, when and how. This stage reads the book's git
//! history once ([`git`]), follows each standard's file back through renames,
//! reads the version its front matter had at every commit, and merges the two
//! into one list of versions per standard ([`versions`]). A book outside git
//! has the front matter alone; a shallow clone says how far back it goes; a
//! standard with uncommitted changes is a draft.

mod cache;
pub mod changelog;
pub mod git;
pub mod in_force;
pub mod redline;
pub mod releases;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::model::Book;
use crate::model::standard::Standard;
use crate::values::date::Date;
use crate::values::version::Version;
use cache::{Cache, Reading};
use rayon::iter::{Either, IntoParallelIterator, ParallelIterator};
use redline::{Point, Redline};

/// Where a book's history comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// No git: the front matter's `changes` only.
    FrontMatter,
    /// The whole git history.
    Git,
    /// A shallow clone: git history back to its oldest commit only.
    Shallow,
}

/// The history of a whole book.
#[derive(Debug, Clone)]
pub struct History {
    /// The commit the history was read at.
    pub head: Option<String>,
    /// Where it comes from.
    pub source: Source,
    /// The date of the oldest commit read (for a shallow clone: how far back history goes).
    pub since: Option<Date>,
    /// Each standard's commits, newest first, by the standard's path today.
    /// (Shared: `serve` keeps them across rebuilds until the next commit.)
    pub standards: Arc<HashMap<PathBuf, Vec<Revision>>>,
    /// Each standard's committed texts, woven (see [`redline`]).
    pub redlines: Arc<HashMap<PathBuf, Redline>>,
    /// Standards whose file has uncommitted changes.
    pub drafts: Vec<PathBuf>,
    /// Each version `standbook.yaml` had in git, newest first.
    pub book_versions: Vec<BookVersion>,
    /// How many standards' histories came from the [`cache`] (unchanged since the last build).
    pub cached: usize,
    /// Why the book, though in a git repository, has no history from it.
    pub unreadable: Option<git::GitError>,
    /// The book folder's path inside its repository (`""` or `"docs/book/"`).
    pub prefix: Option<String>,
}

/// A version of the book as git knows it: the `version` and `effective` of
/// `standbook.yaml` at the newest commit that had that version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookVersion {
    /// The book's version.
    pub version: Version,
    /// When it took effect.
    pub effective: Option<Date>,
    /// The newest commit that had it.
    pub revision: Revision,
    /// The release: the oldest commit that had it, where `version` changed to it.
    pub released: Revision,
}

impl Default for History {
    fn default() -> Self {
        History {
            head: None,
            source: Source::FrontMatter,
            since: None,
            standards: Arc::default(),
            redlines: Arc::default(),
            drafts: Vec::new(),
            book_versions: Vec::new(),
            cached: 0,
            unreadable: None,
            prefix: None,
        }
    }
}

/// One commit of a standard's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// Full commit id.
    pub commit: String,
    /// The commit id as people quote it (7 characters).
    pub short: String,
    /// Author date.
    pub date: Date,
    /// Author name.
    pub author: String,
    /// First line of the commit message.
    pub message: String,
    /// The file's path in that commit (book-relative).
    pub path: PathBuf,
    /// The version the front matter had after the commit, if it could be read.
    pub version: Option<Version>,
}

/// How much of the history a reader needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// Commits and the version each had (`check`, `changelog`).
    Versions,
    /// Also every standard's redline (a build).
    Redlines,
}

impl History {
    /// Reads the history of `book` from git, with its redlines, or only notes
    /// that there is none. With the `previous` history of the same book at the
    /// same commit, only the uncommitted changes are looked at again (a
    /// rebuild after a save).
    pub fn read(book: &Book, previous: Option<&History>) -> History {
        Self::read_to(book, previous, Depth::Redlines)
    }

    /// Reads the history of `book` without weaving its redlines: commits,
    /// versions and drafts only.
    pub fn read_versions(book: &Book) -> History {
        Self::read_to(book, None, Depth::Versions)
    }

    fn read_to(book: &Book, previous: Option<&History>, depth: Depth) -> History {
        let root = &book.root;
        if book.config.history.from == crate::config::HistoryFrom::FrontMatter {
            return History::default();
        }
        let checkout = match git::checkout(root) {
            Ok(Some(checkout)) => checkout,
            Ok(None) => return History::default(),
            Err(why) => {
                return History {
                    unreadable: Some(why),
                    ..History::default()
                };
            }
        };
        let tracked: Vec<&Path> = book.standards.iter().map(|s| s.path.as_path()).collect();
        let drafts_in = |uncommitted: Vec<PathBuf>| {
            let uncommitted: HashSet<PathBuf> = uncommitted.into_iter().collect();
            tracked
                .iter()
                .filter(|p| uncommitted.contains(**p))
                .map(|p| p.to_path_buf())
                .collect()
        };
        let head = checkout.head.as_str();
        // HEAD has not moved since `previous` was read: only drafts change.
        if let Some(previous) = previous.filter(|p| p.head.as_deref() == Some(head)) {
            return History {
                drafts: drafts_in(git::uncommitted(root, &checkout.prefix)),
                ..previous.clone()
            };
        }
        let (mut cache, log, uncommitted) = log_and_uncommitted(root, &checkout);
        let commits = log.unwrap_or_else(|| cache.take_log());
        // The cache keeps the whole log; the history starts after `since`.
        let kept = &commits[..after(&commits, book.config.history.since.as_deref())];
        let drafts = drafts_in(uncommitted);
        let config = Path::new(crate::config::CONFIG_FILE);
        let mut found = follow(kept, &[tracked.as_slice(), &[config]].concat());
        let config_revisions = found.remove(config).unwrap_or_default();
        let (book_versions, (read, cached)) = rayon::join(
            || read_book_versions(root, config_revisions),
            || read_texts(root, found, depth, &cache),
        );
        if depth == Depth::Redlines {
            cache.save(tracked.iter().copied(), &checkout.log_key(), &commits);
        }
        let mut standards = HashMap::with_capacity(read.len());
        let mut redlines = HashMap::with_capacity(read.len());
        for (path, revisions, redline) in read {
            redlines.insert(path.clone(), redline);
            standards.insert(path, revisions);
        }
        History {
            head: Some(checkout.head.clone()),
            source: if checkout.shallow {
                Source::Shallow
            } else {
                Source::Git
            },
            since: kept.last().map(|c| date_of(c.time)),
            drafts,
            standards: Arc::new(standards),
            redlines: Arc::new(redlines),
            book_versions,
            cached,
            unreadable: None,
            prefix: Some(checkout.prefix.clone()),
        }
    }

    /// The commits of a standard, newest first.
    pub fn revisions(&self, standard: &Standard) -> &[Revision] {
        self.standards
            .get(&standard.path)
            .map_or(&[], Vec::as_slice)
    }

    /// Whether a standard has changes not yet committed.
    pub fn is_draft(&self, standard: &Standard) -> bool {
        self.drafts.contains(&standard.path)
    }
}

/// The book's cache; the log from git unless the cache holds the log at
/// `checkout` (`None` then: take it from the cache); the uncommitted files.
/// git's answers are processes of their own, asked alongside.
fn log_and_uncommitted(
    root: &Path,
    checkout: &git::Checkout,
) -> (Cache, Option<Vec<git::Commit>>, Vec<PathBuf>) {
    let ((cache, log), uncommitted) = rayon::join(
        || {
            let cache = Cache::open(root);
            let log = (cache.head() != Some(checkout.log_key().as_str())).then(|| git::log(root));
            (cache, log)
        },
        || git::uncommitted(root, &checkout.prefix),
    );
    (cache, log, uncommitted)
}

/// How many of the commits (newest first) came after the one `since`
/// names: all of them when it names none.
fn after(commits: &[git::Commit], since: Option<&str>) -> usize {
    let since = since.map(str::to_ascii_lowercase);
    since
        .and_then(|since| commits.iter().position(|c| c.id.starts_with(&since)))
        .unwrap_or(commits.len())
}

fn date_of(time: i64) -> Date {
    let timestamp = jiff::Timestamp::from_second(time).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    Date(timestamp.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}

/// Walks the commits from newest to oldest, following each tracked file back
/// through renames; returns each file's revisions with the blob of its text.
fn follow(commits: &[git::Commit], tracked: &[&Path]) -> Found {
    let mut current: HashMap<PathBuf, PathBuf> = tracked
        .iter()
        .map(|p| (p.to_path_buf(), p.to_path_buf()))
        .collect();
    let mut found: Found = HashMap::new();
    for commit in commits {
        let (short, date): (String, Date) =
            (commit.id.chars().take(7).collect(), date_of(commit.time));
        for change in &commit.files {
            let Some(standard) = current.get(&change.path).cloned() else {
                continue;
            };
            found.entry(standard.clone()).or_default().push((
                Revision {
                    commit: commit.id.clone(),
                    short: short.clone(),
                    date,
                    author: commit.author.clone(),
                    message: commit.message.clone(),
                    path: change.path.clone(),
                    version: None,
                },
                change.blob.clone(),
            ));
            current.remove(&change.path);
            match &change.renamed_from {
                Some(old) => {
                    current.insert(old.clone(), standard);
                }
                None if !change.added => {
                    current.insert(change.path.clone(), standard);
                }
                None => {}
            }
        }
    }
    found
}

/// Reads every revision's text: fills in the version its front matter had and
/// weaves the texts into the standard's redline. Standards whose commits are
/// the same as at the last build come from the [`Cache`]; the others are
/// shared out between a few threads, each with its own `git cat-file` (git
/// inflates blobs one at a time), and each standard's texts are dropped once woven.
fn read_texts(root: &Path, found: Found, depth: Depth, cache: &Cache) -> (Standards, usize) {
    let (mut done, mut missing): (Standards, Vec<_>) =
        found.into_par_iter().partition_map(|(path, revisions)| {
            match cache.load(&path, &chain_of(&revisions)) {
                Some(reading) => Either::Left(finish(path, revisions, reading)),
                None => Either::Right((path, revisions)),
            }
        });
    let cached = done.len();
    let parts = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let chunk = missing.len().div_ceil(parts).max(1);
    std::thread::scope(|scope| {
        let readers: Vec<_> = missing
            .chunks_mut(chunk)
            .map(|part| scope.spawn(move || read_part(root, part, depth, cache)))
            .collect();
        done.extend(
            readers
                .into_iter()
                .flat_map(|r| r.join().unwrap_or_default()),
        );
    });
    (done, cached)
}

/// Each standard's revisions (newest first) with the blob of its text, by its path today.
type Found = HashMap<PathBuf, Vec<(Revision, String)>>;

/// A standard's commits and blobs, oldest first: what its cache entry is made from.
fn chain_of(revisions: &[(Revision, String)]) -> Vec<(&str, &str)> {
    revisions
        .iter()
        .rev()
        .map(|(revision, blob)| (revision.commit.as_str(), blob.as_str()))
        .collect()
}

/// A standard's revisions with the versions read from their texts.
fn finish(
    path: PathBuf,
    revisions: Vec<(Revision, String)>,
    reading: Reading,
) -> (PathBuf, Vec<Revision>, Redline) {
    let revisions = revisions
        .into_iter()
        .rev()
        .zip(reading.versions)
        .map(|((revision, _), version)| Revision {
            version,
            ..revision
        })
        .rev()
        .collect();
    (path, revisions, reading.redline)
}

/// The versions `standbook.yaml` had, newest first (its newest commit of each).
fn read_book_versions(root: &Path, revisions: Vec<(Revision, String)>) -> Vec<BookVersion> {
    let blobs: Vec<&str> = revisions.iter().map(|(_, blob)| blob.as_str()).collect();
    let mut texts = Vec::with_capacity(blobs.len());
    git::read_blobs(root, &blobs, |_, bytes| {
        texts.push(String::from_utf8_lossy(bytes).into_owned())
    });
    let mut versions: Vec<BookVersion> = Vec::new();
    for ((revision, _), text) in revisions.into_iter().zip(&texts) {
        let value = |key: &str| crate::yaml::top_level_value(text, key);
        let Some(version) = value("version").and_then(|v| semver::Version::parse(v).ok()) else {
            continue;
        };
        let version = Version(version);
        if let Some(known) = versions.iter_mut().find(|v| v.version == version) {
            known.released = revision;
            continue;
        }
        versions.push(BookVersion {
            version,
            effective: value("effective").and_then(|d| Date::parse(d).ok()),
            released: revision.clone(),
            revision,
        });
    }
    versions
}

/// What [`read_texts`] gives: each standard's revisions and redline.
type Standards = Vec<(PathBuf, Vec<Revision>, Redline)>;

fn read_part(
    root: &Path,
    part: &mut [(PathBuf, Vec<(Revision, String)>)],
    depth: Depth,
    cache: &Cache,
) -> Standards {
    // Oldest first, standard after standard: the order the weaves are built in.
    let blobs: Vec<String> = part
        .iter()
        .flat_map(|(_, revisions)| revisions.iter().rev().map(|(_, blob)| blob.clone()))
        .collect();
    let blobs: Vec<&str> = blobs.iter().map(String::as_str).collect();
    let mut texts: Vec<Vec<u8>> = Vec::new();
    let mut done = Vec::with_capacity(part.len());
    let mut standards = part.iter_mut();
    let mut current = standards.next();
    git::read_blobs(root, &blobs, |_, bytes| {
        texts.push(bytes.to_vec());
        while let Some((path, revisions)) = current.take_if(|(_, r)| r.len() == texts.len()) {
            let reading = weave(revisions, &texts, depth);
            if depth == Depth::Redlines {
                cache.store(path, &chain_of(revisions), &reading);
            }
            done.push(finish(
                std::mem::take(path),
                std::mem::take(revisions),
                reading,
            ));
            texts.clear();
            current = standards.next();
        }
    });
    done
}

/// Reads the version of each revision (newest first; `texts` oldest first)
/// and, for [`Depth::Redlines`], weaves their texts: the last text of each
/// version, or of each commit when the standard's version was never bumped.
fn weave(revisions: &[(Revision, String)], texts: &[Vec<u8>], depth: Depth) -> Reading {
    let texts: Vec<std::borrow::Cow<str>> =
        texts.iter().map(|t| String::from_utf8_lossy(t)).collect();
    let parts: Vec<(Option<Version>, &str, &str)> =
        texts.iter().map(|t| version_title_body(t)).collect();
    let versions: Vec<Option<Version>> = parts.iter().map(|(v, _, _)| v.clone()).collect();
    let mut redline = Redline::default();
    if depth == Depth::Versions {
        return Reading { versions, redline };
    }
    let bumped = versions.windows(2).any(|w| w[0] != w[1]);
    let oldest_first = revisions.iter().rev().map(|(revision, _)| revision);
    for (i, (revision, (version, title, body))) in oldest_first.zip(&parts).enumerate() {
        let last_of_version = versions.get(i + 1).is_none_or(|next| next != version);
        if bumped && !last_of_version {
            continue;
        }
        let point = Point {
            label: match (version, bumped) {
                (Some(version), true) => version.to_string(),
                _ => revision.short.clone(),
            },
            version: version.as_ref().map(ToString::to_string),
            date: revision.date.to_string(),
            draft: false,
        };
        redline.push(point, &redline::tokens(title, body));
    }
    Reading { versions, redline }
}

/// A standard's version, title and body, read without parsing its front
/// matter (an old revision may not match today's format).
fn version_title_body(text: &str) -> (Option<Version>, &str, &str) {
    let Ok((front, body)) = crate::source::split_front_matter(Path::new(""), text) else {
        return (None, "", text);
    };
    let version = crate::yaml::top_level_value(front, "version")
        .and_then(|v| semver::Version::parse(v).ok())
        .map(Version);
    let title = crate::yaml::top_level_value(front, "title").unwrap_or_default();
    (version, title, &text[body..])
}

/// One version of a standard as readers see it: the change entry, and the
/// commits that made it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionEntry<'h> {
    /// The version (for a draft: the version in the file).
    pub version: Version,
    /// When: the change entry's date, else the date of its first commit.
    pub date: Date,
    /// What changed: the change entry's summary, else the commit messages.
    pub summary: String,
    /// Whether staff must re-learn the standard.
    pub major: bool,
    /// Whether these are uncommitted changes.
    pub draft: bool,
    /// The commits of this version, newest first.
    pub commits: Vec<&'h Revision>,
}

/// A standard's versions, newest first: its change entries merged with its commits.
pub fn versions<'h>(standard: &Standard, history: &'h History) -> Vec<VersionEntry<'h>> {
    let mut by_version: BTreeMap<Version, VersionEntry> = BTreeMap::new();
    for change in &standard.meta.changes {
        by_version.insert(
            change.version.clone(),
            VersionEntry {
                version: change.version.clone(),
                date: change.date,
                summary: change.summary.clone(),
                major: change.major,
                draft: false,
                commits: Vec::new(),
            },
        );
    }
    let written: HashSet<&Version> = standard.meta.changes.iter().map(|c| &c.version).collect();
    // Newest first: a version without a change entry ends up with the date of its first commit.
    for revision in history.revisions(standard) {
        let Some(version) = &revision.version else {
            continue;
        };
        let entry = by_version
            .entry(version.clone())
            .or_insert_with(|| VersionEntry {
                version: version.clone(),
                date: revision.date,
                summary: String::new(),
                major: false,
                draft: false,
                commits: Vec::new(),
            });
        if !written.contains(version) {
            entry.date = revision.date;
            entry.summary = match entry.summary.is_empty() {
                true => revision.message.clone(),
                false => format!("{}; {}", revision.message, entry.summary),
            };
        }
        entry.commits.push(revision);
    }
    let mut entries: Vec<VersionEntry> = by_version.into_values().rev().collect();
    // Uncommitted changes: the file's version is a draft unless git has it already.
    let version = &standard.meta.version;
    let committed = history
        .revisions(standard)
        .iter()
        .any(|r| r.version.as_ref() == Some(version));
    if history.is_draft(standard)
        && !committed
        && let Some(entry) = entries.iter_mut().find(|e| &e.version == version)
    {
        entry.draft = true;
    }
    entries
}
