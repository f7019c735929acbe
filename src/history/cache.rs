//! The history cache: what reading a standard's old texts gave (the version
//! each commit had, the woven redline), kept between builds so a build reads
//! and weaves only the standards whose history changed since the last one.
//!
//! A standard's entry is valid for exactly one chain of (commit, blob) pairs —
//! the commits that touched its file, oldest first — which is stored in the
//! entry and compared on every load, so a new commit, a rewritten history or a
//! rename makes the entry miss rather than lie. Entries live in the user's
//! cache folder (`$STANDBOOK_CACHE_DIR` overrides it), one folder per book and
//! one file per standard, written to a temporary file and renamed into place.
//! The cache is only ever an accelerator: an entry that cannot be read is a
//! miss, one that cannot be written is skipped, and files of standards the book
//! no longer has are removed after a build.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::redline::Redline;
use crate::model::version::Version;

/// Bumped whenever the stored data or its meaning changes.
const FORMAT: &str = "history-1";

/// What reading a standard's texts gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The version each commit's text had, oldest first.
    pub versions: Vec<Option<Version>>,
    /// The texts woven together.
    pub redline: Redline,
}

/// An entry as read.
#[derive(Deserialize)]
struct Entry {
    chain: Vec<(String, String)>,
    versions: Vec<Option<String>>,
    redline: Redline,
}

/// An entry as written (the same layout, borrowed).
#[derive(Serialize)]
struct EntryRef<'a> {
    chain: &'a [(&'a str, &'a str)],
    versions: Vec<Option<String>>,
    redline: &'a Redline,
}

/// The cache folder of one book.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// The cache of the book at `root`; disabled when there is no cache folder.
    pub fn open(root: &Path) -> Cache {
        let base = std::env::var_os("STANDBOOK_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::cache_dir().map(|d| d.join("standbook")));
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Cache {
            dir: base.map(|b| b.join(FORMAT).join(hex(&root))),
        }
    }

    /// The stored result for `standard` if it was made from exactly `chain`.
    pub fn load(&self, standard: &Path, chain: &[(&str, &str)]) -> Option<Reading> {
        let bytes = std::fs::read(self.file(standard)?).ok()?;
        let entry: Entry = postcard::from_bytes(&bytes).ok()?;
        let same = entry.chain.len() == chain.len()
            && entry
                .chain
                .iter()
                .zip(chain)
                .all(|((c, b), (commit, blob))| c == commit && b == blob);
        if !same || entry.versions.len() != chain.len() {
            return None;
        }
        let versions = entry
            .versions
            .iter()
            .map(|v| {
                v.as_deref()
                    .and_then(|v| semver::Version::parse(v).ok().map(Version))
            })
            .collect();
        Some(Reading {
            versions,
            redline: entry.redline,
        })
    }

    /// Stores the result for `standard` made from `chain`; best effort.
    pub fn store(&self, standard: &Path, chain: &[(&str, &str)], reading: &Reading) {
        let Some(file) = self.file(standard) else {
            return;
        };
        let entry = EntryRef {
            chain,
            versions: reading
                .versions
                .iter()
                .map(|v| v.as_ref().map(ToString::to_string))
                .collect(),
            redline: &reading.redline,
        };
        let Ok(bytes) = postcard::to_stdvec(&entry) else {
            return;
        };
        let temporary = file.with_extension(format!("tmp{}", std::process::id()));
        let written = file
            .parent()
            .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
            && std::fs::write(&temporary, bytes).is_ok()
            && std::fs::rename(&temporary, &file).is_ok();
        if !written {
            let _ = std::fs::remove_file(&temporary);
        }
    }

    /// Removes the entries of standards not in `standards` (deleted or renamed since).
    pub fn keep_only<'a>(&self, standards: impl IntoIterator<Item = &'a Path>) {
        let Some(dir) = &self.dir else {
            return;
        };
        let Ok(files) = std::fs::read_dir(dir) else {
            return;
        };
        let kept: HashSet<String> = standards.into_iter().map(file_name).collect();
        for file in files.flatten() {
            if !kept.contains(file.file_name().to_string_lossy().as_ref()) {
                let _ = std::fs::remove_file(file.path());
            }
        }
    }

    fn file(&self, standard: &Path) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(file_name(standard)))
    }
}

/// The entry file of a standard: a hash of its path (the chain inside the
/// entry guards against the rare collision).
fn file_name(standard: &Path) -> String {
    format!("{}.bin", hex(standard))
}

fn hex(path: &Path) -> String {
    let mut hasher = rustc_hash::FxHasher::default();
    path.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::redline::{Point, tokens};

    fn reading(text: &str) -> Reading {
        let point = Point {
            label: "1.0.0".into(),
            version: Some("1.0.0".into()),
            date: "2026-01-01".into(),
            draft: false,
        };
        Reading {
            versions: vec![Some(Version(semver::Version::new(1, 0, 0)))],
            redline: Redline::new(point, &tokens("Title", text)),
        }
    }

    fn cache_in(dir: &Path) -> Cache {
        Cache {
            dir: Some(dir.join("book")),
        }
    }

    #[test]
    fn an_entry_is_found_only_for_the_chain_it_was_made_from() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let standard = Path::new("a/std.md");
        let chain = [("c1", "b1")];
        let stored = reading("Слово за словом.");
        cache.store(standard, &chain, &stored);
        assert_eq!(cache.load(standard, &chain), Some(stored));
        assert_eq!(cache.load(standard, &[("c1", "b1"), ("c2", "b2")]), None);
        assert_eq!(cache.load(standard, &[("c2", "b1")]), None);
        assert_eq!(cache.load(Path::new("b/std.md"), &chain), None);
    }

    #[test]
    fn an_unreadable_entry_is_a_miss_and_entries_of_gone_standards_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let (kept, gone) = (Path::new("kept.md"), Path::new("gone.md"));
        let chain = [("c1", "b1")];
        cache.store(kept, &chain, &reading("Один."));
        cache.store(gone, &chain, &reading("Два."));
        std::fs::write(cache.file(kept).unwrap(), b"\xff\xff\xff").unwrap();
        assert_eq!(cache.load(kept, &chain), None);
        cache.keep_only([kept]);
        assert!(cache.file(kept).unwrap().exists());
        assert!(!cache.file(gone).unwrap().exists());
    }
}
