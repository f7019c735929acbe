//! Earlier editions: every release the book keeps (see
//! [`crate::history::releases`]) written as a complete site of its own under
//! `editions/<version>/`.
//!
//! An edition's files are read from git's objects into a temporary folder
//! outside the book (the working tree is never touched; links and
//! submodules are left out) and built there by the same pipeline as the
//! current book, with history from the front matter, since the folder is
//! not a repository. A folder holds a stamp of what it was built from: the
//! book's tree in that commit, the dates around it and this standbook's
//! theme. When the previous site holds the same stamp, its folder is moved
//! into the new site as it is.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

use sha2::Digest;

use super::{BookInput, Caches, Pipeline, Selection};
use crate::config::HistoryFrom;
use crate::error::{Error, Result};
use crate::history::History;
use crate::history::git;
use crate::history::in_force;
use crate::history::releases::{self, Release};
use crate::model::Book;
use crate::model::edition::Edition;
use crate::output::Staging;

/// The file in an edition's folder that says what it was built from.
pub const STAMP: &str = ".standbook-edition";

/// What writing the editions did.
#[derive(Debug, Default)]
pub struct EditionsReport {
    /// Versions in the site, oldest first.
    pub written: Vec<String>,
    /// Versions rendered in this build.
    pub built: Vec<String>,
    /// Versions moved over from the previous site unchanged.
    pub reused: Vec<String>,
    /// Versions left out, with why (their book no longer builds, git could
    /// not give their files).
    pub failed: Vec<(String, String)>,
    /// In a shallow clone: the day its history starts, before which
    /// releases are out of its reach and so out of the site.
    pub shallow_since: Option<crate::values::date::Date>,
}

/// Writes the earlier editions of `book` (the current book, whose history
/// is `history`) into `staging`, reusing the previous site's unchanged ones.
pub fn write_editions(
    book: &Book,
    history: &History,
    staging: &Staging,
    current_pages: std::sync::Arc<HashSet<String>>,
) -> Result<EditionsReport> {
    let mut report = EditionsReport::default();
    if history.head.is_none() || book.edition.is_some() {
        return Ok(report);
    }
    let kept = releases::kept(&book.config.editions, releases::releases(history));
    if history.source == crate::history::Source::Shallow {
        report.shallow_since = history.since;
    }
    let theme = crate::theme::default_theme_digest();
    let mut in_force_data = Vec::new();
    let commits: Vec<&str> = kept.iter().map(|r| r.commit.as_str()).collect();
    let trees = git::tree_ids(&book.root, &commits);
    for (release, tree) in kept.iter().zip(trees) {
        let version = release.version.to_string();
        let folder = Edition::folder(&version);
        let Some(tree) = tree else {
            report.failed.push((version, missing_commit(history)));
            continue;
        };
        let key = stamp(&tree, release, &theme, book.config.base_url.as_deref());
        let previous = staging.previous().join(&folder).join(STAMP);
        let reusable = std::fs::read_to_string(&previous)
            .ok()
            .and_then(|text| record_if_stamped(&text, &key))
            .filter(|record| record.canonical == canonical(&record.pages, &current_pages));
        if let Some(record) = reusable {
            staging.carry_over(&folder)?;
            in_force_data.push((release, record.standards));
            report.written.push(version.clone());
            report.reused.push(version);
            continue;
        }
        match build_edition(book, release, &folder, &current_pages) {
            Ok((files, standards)) => {
                let pages: Vec<String> = (files.iter().map(|(path, _)| path))
                    .filter(|path| path.ends_with(".html"))
                    .cloned()
                    .collect();
                for (path, bytes) in files {
                    staging.write(&format!("{folder}{path}"), bytes)?;
                }
                let record = EditionRecord {
                    canonical: canonical(&pages, &current_pages),
                    pages,
                    standards,
                };
                let json = serde_json::to_string(&record).unwrap_or_else(|_| "{}".into());
                staging.write(
                    &format!("{folder}{STAMP}"),
                    format!("{key}{json}\n").into_bytes(),
                )?;
                in_force_data.push((release, record.standards));
                report.written.push(version.clone());
                report.built.push(version);
            }
            Err(why) => report.failed.push((version, why)),
        }
    }
    if !in_force_data.is_empty() {
        staging.write(IN_FORCE_DATA, in_force_script(&in_force_data).into_bytes())?;
    }
    Ok(report)
}

/// The site file with what every kept edition holds, for the page that
/// answers "what was in force on a day" (`editions.html`).
pub const IN_FORCE_DATA: &str = "in-force-data.js";

/// `standbookInForce({editions: [[version, from, until, folder], …],
/// standards: [[id, title, version, effective, page], …], holds: [[i, …], …]})`:
/// every distinct standard once, and for each edition the ones it holds.
fn in_force_script(editions: &[(&Release, Vec<in_force::StandardAt>)]) -> String {
    let mut distinct: Vec<&in_force::StandardAt> = Vec::new();
    let mut index: std::collections::HashMap<&in_force::StandardAt, usize> =
        std::collections::HashMap::new();
    let mut holds = Vec::new();
    for (_, standards) in editions {
        let mut held = Vec::with_capacity(standards.len());
        for standard in standards {
            let i = *index.entry(standard).or_insert_with(|| {
                distinct.push(standard);
                distinct.len() - 1
            });
            held.push(i);
        }
        holds.push(held);
    }
    let editions: Vec<serde_json::Value> = editions
        .iter()
        .map(|(r, _)| {
            let version = r.version.to_string();
            serde_json::json!([version, r.effective, r.until, Edition::folder(&version)])
        })
        .collect();
    let standards: Vec<serde_json::Value> = distinct
        .iter()
        .map(|s| serde_json::json!([s.id, s.title, s.version, s.effective, s.page]))
        .collect();
    let data = serde_json::json!({ "editions": editions, "standards": standards, "holds": holds });
    format!("standbookInForce({data});\n")
}

/// What an edition's stamp file records after its first line.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct EditionRecord {
    /// Its standards, for the in-force page.
    standards: Vec<in_force::StandardAt>,
    /// Its HTML pages.
    pages: Vec<String>,
    /// Those the current book also had when it was rendered: they name the
    /// current page as canonical; the others ask not to be indexed.
    canonical: Vec<String>,
}

/// The pages among `pages` the current book has.
fn canonical(pages: &[String], current: &HashSet<String>) -> Vec<String> {
    pages
        .iter()
        .filter(|p| current.contains(*p))
        .cloned()
        .collect()
}

/// What a stamp file records, when its first line is `key`.
fn record_if_stamped(text: &str, key: &str) -> Option<EditionRecord> {
    let rest = text.strip_prefix(key)?;
    serde_json::from_str(rest.trim()).ok()
}

/// Why a release's commit is missing: a shallow clone, or git lost it.
fn missing_commit(history: &History) -> String {
    match history.source {
        crate::history::Source::Shallow => {
            "the clone is shallow and does not reach its commit; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in CI)".into()
        }
        _ => "git does not have its commit".into(),
    }
}

/// The book's releases (all that git has, whatever the book keeps in its
/// site), and what was in force on `day` when one is given.
pub fn releases_and_in_force(
    root: &Path,
    day: Option<crate::values::date::Date>,
) -> Result<(Book, Vec<Release>, Option<in_force::InForce>)> {
    let input = BookInput::read(root)?;
    let skip = vec![crate::output::absolute(&input.output_dir(None))?];
    let (book, _) = super::load_input(input, &skip, &mut crate::model::ParseCache::default())?;
    let history = History::read_versions(&book);
    let releases = releases::releases(&history);
    let Some(day) = day else {
        return Ok((book, releases, None));
    };
    let edition = releases::in_force_on(&releases, day).map(|r| r.version.clone());
    let mut standards = Vec::new();
    for release in &releases {
        if edition.as_ref().is_some_and(|e| &release.version <= e) {
            let read = in_force::standards_at(&book.root, &release.commit).map_err(|e| {
                Error::Usage(format!(
                    "cannot read the book's edition {} from git: {e}",
                    release.version
                ))
            })?;
            standards.push(read);
        }
    }
    let found = in_force::in_force(&releases, &standards, day);
    Ok((book, releases, Some(found)))
}

/// What an edition is built from, as one line (the first of its stamp file).
fn stamp(tree: &str, release: &Release, theme: &str, base_url: Option<&str>) -> String {
    let mut hasher = sha2::Sha256::new();
    let dates = format!("{:?} {:?}", release.effective, release.until);
    for part in [tree, &dates, theme, base_url.unwrap_or("")] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{} {digest}\n", release.version)
}

/// The site of the edition `release` of `book`: each file's path inside
/// the edition's folder, and its bytes. Held in memory until the whole
/// edition is made, so a failed edition leaves nothing behind.
type EditionSite = (Vec<(String, Vec<u8>)>, Vec<in_force::StandardAt>);

fn build_edition(
    book: &Book,
    release: &Release,
    folder: &str,
    current_pages: &std::sync::Arc<HashSet<String>>,
) -> std::result::Result<EditionSite, String> {
    let temp = tempfile::Builder::new()
        .prefix("standbook-edition-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    export(&book.root, &release.commit, temp.path())?;
    let mut input = BookInput::read(temp.path()).map_err(|e| describe(&e))?;
    input.config.history.from = HistoryFrom::FrontMatter;
    input.config.base_url = book.config.base_url.clone();
    let mut pipeline = Pipeline::new(&temp.path().join(".standbook-out"), Caches::once())
        .map_err(|e| describe(&e))?;
    pipeline.edition = Some(Edition {
        version: release.version.to_string(),
        from: release.effective,
        until: release.until,
        root: "../".repeat(folder.matches('/').count()),
        current_pages: current_pages.clone(),
    });
    let files = Mutex::new(Vec::new());
    let sink = |path: &str, bytes: Vec<u8>| -> Result<()> {
        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_string(), bytes));
        Ok(())
    };
    let everything = Box::new(|_: &Book, _| Selection::All);
    let run = pipeline
        .run(input, everything, &sink, &|| Ok(()))
        .map_err(|e| describe(&e))?;
    let standards = run
        .book
        .standards
        .iter()
        .map(|s| in_force::StandardAt {
            id: s.meta.id.clone(),
            title: s.meta.title.clone(),
            version: s.meta.version.to_string(),
            effective: Some(s.meta.effective),
            page: s.page_name(),
        })
        .collect();
    Ok((
        files.into_inner().unwrap_or_else(|e| e.into_inner()),
        standards,
    ))
}

/// Writes the book folder's files in `commit` into `dest`.
fn export(root: &Path, commit: &str, dest: &Path) -> std::result::Result<(), String> {
    let files = git::tree_files(root, commit).map_err(|e| e.to_string())?;
    // Files with the same content share a blob.
    let mut paths: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for file in &files {
        paths
            .entry(file.blob.as_str())
            .or_default()
            .push(file.path.as_str());
    }
    let blobs: Vec<&str> = paths.keys().copied().collect();
    let mut failure = None;
    let mut written = 0;
    git::read_blobs(root, &blobs, |blob, bytes| {
        for path in paths.get(blob).into_iter().flatten() {
            if failure.is_some() || !crate::source::folder::stays_below(Path::new(path)) {
                continue;
            }
            let target = dest.join(path);
            let done = target
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&target, bytes));
            match done {
                Ok(()) => written += 1,
                Err(e) => failure = Some(format!("cannot write {}: {e}", target.display())),
            }
        }
    });
    match failure {
        Some(why) => Err(why),
        None if written < files.len() => Err("git gave fewer files than the commit has".into()),
        None => Ok(()),
    }
}

/// A failed edition's reason, in a line.
fn describe(error: &Error) -> String {
    match error {
        Error::Book { diagnostics, .. } => {
            let errors: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .take(3)
                .map(|d| {
                    let at = d.location.as_ref().map_or_else(String::new, |l| {
                        format!("{}:{}: ", l.file.display(), l.line)
                    });
                    format!("{at}{}", d.message)
                })
                .collect();
            format!("its book has errors: {}", errors.join("; "))
        }
        other => other.to_string(),
    }
}
