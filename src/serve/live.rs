//! The site as the dev server keeps it: rebuilt in place, one file at a time.
//!
//! Every rebuild renders the book again but writes only the files whose bytes
//! changed, each through a temporary file and a rename, and removes pages that
//! are gone — so the server never sees a missing or half-written page. A
//! rebuild that fails leaves every file as it was.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::output::{self, absolute, asset_files, write_atomically};

/// What one rebuild changed.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// Site paths written because their content changed.
    pub changed: Vec<String>,
    /// Site paths removed because the book no longer produces them.
    pub removed: Vec<String>,
    /// Number of standards in the book.
    pub standards: usize,
}

impl Rebuilt {
    /// Whether only stylesheets changed (browsers can swap them without a reload).
    pub fn only_stylesheets(&self) -> bool {
        self.removed.is_empty()
            && !self.changed.is_empty()
            && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// A site folder kept up to date by rebuilds.
pub struct LiveSite {
    root: PathBuf,
    out: PathBuf,
    /// Content hash of every file the last good build wrote, by site path.
    written: HashMap<String, u64>,
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

impl LiveSite {
    /// Prepares `out` for the book at `root`; files a previous build left there
    /// are remembered so the first rebuild removes those it no longer makes.
    pub fn new(root: &Path, out: &Path) -> Result<LiveSite> {
        output::check_output_dir(root, out)?;
        let out = absolute(out)?;
        std::fs::create_dir_all(&out).map_err(|e| Error::io(&out, e))?;
        output::write_marker(&out)?;
        let mut written = HashMap::new();
        for entry in walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = entry.path().strip_prefix(&out) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if rel != output::MARKER {
                    written.insert(rel, 0);
                }
            }
        }
        Ok(LiveSite {
            root: root.to_path_buf(),
            out,
            written,
        })
    }

    /// The site folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Compiles and renders the book, writing what changed. On any error
    /// (book errors included) nothing in the site folder is touched.
    pub fn rebuild(&mut self) -> Result<Rebuilt> {
        let compiled = crate::compile(&self.root, std::slice::from_ref(&self.out))?;
        let fresh: Mutex<HashMap<String, u64>> = Mutex::new(HashMap::new());
        let changed: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let write = |path: &str, bytes: &[u8]| -> Result<()> {
            let hash = content_hash(bytes);
            if self.written.get(path) != Some(&hash) {
                write_atomically(&self.out.join(path), bytes)?;
                changed.lock().map_err(poisoned)?.push(path.to_string());
            }
            fresh
                .lock()
                .map_err(poisoned)?
                .insert(path.to_string(), hash);
            Ok(())
        };
        crate::render::render(&compiled.book, &compiled.theme, &write)?;
        for (site_path, source) in asset_files(&self.root)? {
            let bytes = std::fs::read(&source).map_err(|e| Error::io(&source, e))?;
            write(&site_path, &bytes)?;
        }
        let fresh = fresh.into_inner().map_err(poisoned)?;
        let mut removed = Vec::new();
        for path in self.written.keys().filter(|p| !fresh.contains_key(*p)) {
            let target = self.out.join(path);
            if target.is_file() {
                std::fs::remove_file(&target).map_err(|e| Error::io(&target, e))?;
            }
            removed.push(path.clone());
        }
        self.written = fresh;
        let mut changed = changed.into_inner().map_err(poisoned)?;
        changed.sort();
        removed.sort();
        Ok(Rebuilt {
            changed,
            removed,
            standards: compiled.book.standards.len(),
        })
    }
}

fn poisoned<T>(_: std::sync::PoisonError<T>) -> Error {
    Error::Usage("a rendering thread panicked".into())
}
