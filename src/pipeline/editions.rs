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

use std::path::Path;
use std::sync::Mutex;

use sha2::Digest;

use super::{BookInput, Caches, Pipeline, Selection};
use crate::config::HistoryFrom;
use crate::error::{Error, Result};
use crate::history::History;
use crate::history::git;
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
}

/// Writes the earlier editions of `book` (the current book, whose history
/// is `history`) into `staging`, reusing the previous site's unchanged ones.
pub fn write_editions(book: &Book, history: &History, staging: &Staging) -> Result<EditionsReport> {
    let mut report = EditionsReport::default();
    if history.head.is_none() || book.edition.is_some() {
        return Ok(report);
    }
    let kept = releases::kept(&book.config.editions, releases::releases(history));
    let theme = crate::theme::default_theme_digest();
    for release in &kept {
        let version = release.version.to_string();
        let folder = Edition::folder(&version);
        let Some(tree) = git::tree_id(&book.root, &release.commit) else {
            report
                .failed
                .push((version, "git does not have its commit".into()));
            continue;
        };
        let stamp = stamp(&tree, release, &theme, book.config.base_url.as_deref());
        let previous = staging.previous().join(&folder).join(STAMP);
        if std::fs::read_to_string(&previous).is_ok_and(|s| s == stamp) {
            staging.carry_over(&folder)?;
            report.written.push(version.clone());
            report.reused.push(version);
            continue;
        }
        match build_edition(book, release, &folder) {
            Ok(files) => {
                for (path, bytes) in files {
                    staging.write(&format!("{folder}{path}"), bytes)?;
                }
                staging.write(&format!("{folder}{STAMP}"), stamp.into_bytes())?;
                report.written.push(version.clone());
                report.built.push(version);
            }
            Err(why) => report.failed.push((version, why)),
        }
    }
    Ok(report)
}

/// What an edition is built from, as one line.
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
fn build_edition(
    book: &Book,
    release: &Release,
    folder: &str,
) -> std::result::Result<Vec<(String, Vec<u8>)>, String> {
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
    });
    let files = Mutex::new(Vec::new());
    let sink = |path: &str, bytes: Vec<u8>| -> Result<()> {
        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_string(), bytes));
        Ok(())
    };
    let everything = Box::new(|_: &Book, _| Selection::All);
    pipeline
        .run(input, everything, &sink, &|| Ok(()))
        .map_err(|e| describe(&e))?;
    Ok(files.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// Writes the book folder's files in `commit` into `dest`.
fn export(root: &Path, commit: &str, dest: &Path) -> std::result::Result<(), String> {
    let files = git::tree_files(root, commit).map_err(|e| e.to_string())?;
    let blobs: Vec<&str> = files.iter().map(|f| f.blob.as_str()).collect();
    let mut failure = None;
    let mut next = files.iter();
    git::read_blobs(root, &blobs, |_, bytes| {
        let Some(file) = next.next() else { return };
        if failure.is_some() || !crate::source::folder::stays_below(Path::new(&file.path)) {
            return;
        }
        let target = dest.join(&file.path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes));
        if let Err(e) = written {
            failure = Some(format!("cannot write {}: {e}", target.display()));
        }
    });
    match failure {
        Some(why) => Err(why),
        None if next.next().is_some() => Err("git gave fewer files than the commit has".into()),
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
