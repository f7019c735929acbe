//! The history cache: what reading a standard's old texts gave (the version
//! each commit had, the woven redline), kept between builds so a build reads
//! and weaves only the standards whose history changed since the last one.
//!
//! A standard's entry is valid for exactly one chain of (commit, blob) pairs —
//! the commits that touched its file, oldest first — which is stored in the
//! entry and compared on every load, so a new commit, a rewritten history or a
//! rename makes the entry miss rather than lie. The entries of one book are
//! one file in the user's cache folder (`$STANDBOOK_CACHE_DIR` overrides it),
//! read once when the history is read and written again, through a temporary
//! file and a rename, only when an entry was added or dropped: a thousand
//! small files cost a first build more in the file system than the weaving.
//! The cache is only ever an accelerator: an entry that cannot be read is a
//! miss, a file that cannot be written is skipped.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::git::Commit;
use super::redline::Redline;
use crate::values::version::Version;

/// Bumped whenever the stored data or its meaning changes.
const FORMAT: &str = "history-3";

/// What reading a standard's texts gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reading {
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

/// The cache file as written: the commit it was written at (see
/// [`Cache::head`]), the book's log then, and each standard's entry, encoded on its own (entries are decoded
/// when a standard asks for its own, in parallel).
#[derive(Serialize)]
struct FileRef<'a> {
    head: &'a str,
    log: &'a [Commit],
    entries: Vec<(&'a Path, &'a serde_bytes::Bytes)>,
}

/// The cache file as read: the entries borrow from the file's bytes.
#[derive(Deserialize)]
struct FileView<'a> {
    head: String,
    log: Vec<Commit>,
    #[serde(borrow)]
    entries: Vec<(&'a str, &'a serde_bytes::Bytes)>,
}

/// The cache of one book, as read at the start of a history read.
#[derive(Debug)]
pub(super) struct Cache {
    file: Option<PathBuf>,
    /// The commit the file was written at, and the book's log then.
    head: Option<String>,
    log: Vec<Commit>,
    /// The file's bytes.
    bytes: Vec<u8>,
    /// Where each standard's entry is in `bytes`.
    entries: HashMap<PathBuf, std::ops::Range<usize>>,
    /// Entries made during this read.
    stored: Mutex<HashMap<PathBuf, Vec<u8>>>,
}

impl Cache {
    /// The cache of the book at `root`; disabled when there is no cache folder.
    pub(super) fn open(root: &Path) -> Cache {
        let base = std::env::var_os("STANDBOOK_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::cache_dir().map(|d| d.join("standbook")));
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Cache::at(base.map(|b| b.join(FORMAT).join(format!("{}.bin", hex(&root)))))
    }

    /// The cache kept in `file`.
    fn at(file: Option<PathBuf>) -> Cache {
        let bytes = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .unwrap_or_default();
        let Ok(view) = postcard::from_bytes::<FileView>(&bytes) else {
            return Cache {
                file,
                head: None,
                log: Vec::new(),
                bytes: Vec::new(),
                entries: HashMap::new(),
                stored: Mutex::default(),
            };
        };
        // The entries are kept as ranges of the bytes they were borrowed from.
        let start = bytes.as_ptr() as usize;
        let entries = view
            .entries
            .into_iter()
            .map(|(path, entry)| {
                let offset = entry.as_ptr() as usize - start;
                (PathBuf::from(path), offset..offset + entry.len())
            })
            .collect();
        Cache {
            file,
            head: Some(view.head),
            log: view.log,
            bytes,
            entries,
            stored: Mutex::default(),
        }
    }

    /// The commit the cache was written at, as its writer named it (the
    /// history stage adds whether the clone was shallow).
    pub(super) fn head(&self) -> Option<&str> {
        self.head.as_deref()
    }

    /// The book's log at [`Cache::head`], newest first (taken out of the cache).
    pub(super) fn take_log(&mut self) -> Vec<Commit> {
        std::mem::take(&mut self.log)
    }

    /// The stored result for `standard` if it was made from exactly `chain`.
    pub(super) fn load(&self, standard: &Path, chain: &[(&str, &str)]) -> Option<Reading> {
        let range = self.entries.get(standard)?.clone();
        let entry: Entry = postcard::from_bytes(self.bytes.get(range)?).ok()?;
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

    /// Keeps the result for `standard` made from `chain`, to be written by
    /// [`Cache::save`]; safe to call from several threads.
    pub(super) fn store(&self, standard: &Path, chain: &[(&str, &str)], reading: &Reading) {
        let entry = EntryRef {
            chain,
            versions: reading
                .versions
                .iter()
                .map(|v| v.as_ref().map(ToString::to_string))
                .collect(),
            redline: &reading.redline,
        };
        if let (Ok(bytes), Ok(mut stored)) = (postcard::to_stdvec(&entry), self.stored.lock()) {
            stored.insert(standard.to_path_buf(), bytes);
        }
    }

    /// Writes the entries of `standards` (the book's standards today: the
    /// entries of deleted or renamed ones are dropped) and the `log` at
    /// `head`, when they differ from what was read; best effort.
    pub(super) fn save<'a>(
        self,
        standards: impl IntoIterator<Item = &'a Path>,
        head: &str,
        log: &[Commit],
    ) {
        let Some(file) = self.file else {
            return;
        };
        let kept: HashSet<&Path> = standards.into_iter().collect();
        let stored = self.stored.into_inner().unwrap_or_default();
        let dropped = self.entries.keys().any(|p| !kept.contains(p.as_path()));
        if stored.is_empty() && !dropped && self.head.as_deref() == Some(head) {
            return;
        }
        let old = self
            .entries
            .iter()
            .filter(|(path, _)| !stored.contains_key(*path))
            .map(|(path, range)| (path.as_path(), &self.bytes[range.clone()]));
        let new = stored
            .iter()
            .map(|(path, bytes)| (path.as_path(), bytes.as_slice()));
        let entries = old
            .chain(new)
            .filter(|(path, _)| kept.contains(path))
            .map(|(path, bytes)| (path, serde_bytes::Bytes::new(bytes)))
            .collect();
        let Ok(bytes) = postcard::to_stdvec(&FileRef { head, log, entries }) else {
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
        Cache::at(Some(dir.join("cache/book.bin")))
    }

    #[test]
    fn an_entry_is_found_only_for_the_chain_it_was_made_from() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let standard = Path::new("a/std.md");
        let chain = [("c1", "b1")];
        let stored = reading("Слово за словом.");
        cache.store(standard, &chain, &stored);
        let log = [Commit {
            id: "c1".into(),
            time: 1,
            author: "Анна".into(),
            message: "Первая".into(),
            files: Vec::new(),
        }];
        cache.save([standard], "c1", &log);
        let mut cache = cache_in(dir.path());
        assert_eq!(cache.head(), Some("c1"));
        assert_eq!(cache.take_log(), log);
        assert_eq!(cache.load(standard, &chain), Some(stored));
        assert_eq!(cache.load(standard, &[("c1", "b1"), ("c2", "b2")]), None);
        assert_eq!(cache.load(standard, &[("c2", "b1")]), None);
        assert_eq!(cache.load(Path::new("b/std.md"), &chain), None);
    }

    #[test]
    fn an_unreadable_file_is_a_miss_and_entries_of_gone_standards_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (kept, gone) = (Path::new("kept.md"), Path::new("gone.md"));
        let chain = [("c1", "b1")];
        let cache = cache_in(dir.path());
        cache.store(kept, &chain, &reading("Один."));
        cache.store(gone, &chain, &reading("Два."));
        cache.save([kept, gone], "c1", &[]);
        let cache = cache_in(dir.path());
        assert!(cache.load(gone, &chain).is_some());
        cache.save([kept], "c1", &[]);
        let cache = cache_in(dir.path());
        assert!(cache.load(kept, &chain).is_some());
        assert_eq!(cache.load(gone, &chain), None);

        std::fs::write(dir.path().join("cache/book.bin"), b"\xff\xff\xff").unwrap();
        assert_eq!(cache_in(dir.path()).load(kept, &chain), None);
    }
}
