//! The site as the dev server keeps it: rebuilt in place, one file at a time.
//!
//! A rebuild re-parses only the files whose text changed (the parse cache) and,
//! when only standards changed and no title, id or order did, re-renders only
//! those standards' pages plus the book's few overview pages; anything else
//! (glossary, data, theme, settings, navigation) re-renders every page. Only
//! files whose bytes changed are written, each through a temporary file and a
//! rename, and pages that are gone are removed — so the server never sees a
//! missing or half-written page. A rebuild that fails leaves every file as it was.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::watch::ChangeKind;
use crate::error::{Error, Result};
use crate::model::Book;
use crate::output::{self, absolute, write_atomically};
use crate::pipeline::{BookInput, Caches, Pipeline, Selection};

/// What one rebuild changed.
#[derive(Debug, Default)]
pub(super) struct Rebuilt {
    /// Site paths written because their content changed.
    pub changed: Vec<String>,
    /// Site paths removed because the book no longer produces them.
    pub removed: Vec<String>,
    /// Number of standards in the book.
    pub standards: usize,
    /// The book's warnings.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
    /// How long each stage took.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// A site folder kept up to date by rebuilds.
pub(super) struct LiveSite {
    root: PathBuf,
    out: PathBuf,
    /// Content hash of every file the last good build wrote, by site path.
    written: HashMap<String, u64>,
    /// The stages, with what earlier rebuilds left in their caches.
    pipeline: Pipeline,
    /// What the last good build was made from.
    last: Option<BookState>,
}

/// What decides which pages a change touches.
#[derive(Debug, PartialEq, Eq)]
struct BookState {
    /// Hash of the book's shape: ids, numbers, chapters, their titles and what they leave out.
    structure: u64,
    /// Each standard's title and source-text hash, by page name.
    standards: HashMap<String, (String, u64)>,
}

impl BookState {
    fn of(book: &Book) -> BookState {
        use std::hash::Hasher;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for standard in &book.standards {
            (&standard.meta.id, &standard.number, standard.chapter).hash(&mut hasher);
        }
        for chapter in &book.chapters {
            (&chapter.title, chapter.unlisted).hash(&mut hasher);
        }
        let standards = book
            .standards
            .iter()
            .map(|s| {
                let source = book
                    .sources
                    .get(&s.path)
                    .map_or(0, |text| content_hash(text.as_bytes()));
                (s.page_name(), (s.meta.title.clone(), source))
            })
            .collect();
        BookState {
            structure: hasher.finish(),
            standards,
        }
    }

    /// The standards to re-render after `kinds` of change, given the previous
    /// state: every standard if anything but standards changed or the book's
    /// shape did; else the edited standards, and where a title changed, the
    /// pages that show it — its chapter's pages (their sidebar) and its
    /// neighbours (their previous/next links).
    fn selection(
        &self,
        book: &Book,
        previous: Option<&BookState>,
        kinds: &BTreeSet<ChangeKind>,
    ) -> Selection {
        let only_standards = !kinds.is_empty() && kinds.iter().all(|k| *k == ChangeKind::Content);
        let Some(previous) = previous.filter(|p| only_standards && p.structure == self.structure)
        else {
            return Selection::All;
        };
        let mut selected = BTreeSet::new();
        for (i, standard) in book.standards.iter().enumerate() {
            let page = standard.page_name();
            let (old, new) = (previous.standards.get(&page), self.standards.get(&page));
            if old.map(|o| o.1) != new.map(|n| n.1) {
                selected.insert(i);
            }
            if old.map(|o| &o.0) != new.map(|n| &n.0) {
                selected.extend(book.chapters[standard.chapter].standards.clone());
                selected.extend([i.saturating_sub(1), (i + 1).min(book.standards.len() - 1)]);
            }
        }
        Selection::Standards(selected.into_iter().collect())
    }
}

/// A hash of a file's content, to notice that it changed: a fast one, since
/// every rebuild hashes the whole print page (144 MB at 10,000 standards).
fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    bytes.hash(&mut hasher);
    hasher.finish()
}

impl LiveSite {
    /// Prepares `out` for the book at `root`; files a previous build left there
    /// are remembered so the first rebuild removes those it no longer makes.
    pub(super) fn new(root: &Path, out: &Path) -> Result<LiveSite> {
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
        let pipeline = Pipeline::new(&out, Caches::retaining())?;
        Ok(LiveSite {
            root: root.to_path_buf(),
            out,
            written,
            pipeline,
            last: None,
        })
    }

    /// The site folder.
    pub(super) fn out(&self) -> &Path {
        &self.out
    }

    /// Compiles and renders the book after `kinds` of change (all pages when
    /// empty), writing what changed. A book that does not compile leaves every
    /// file as it was; a page whose template fails to render leaves the pages
    /// rendered before it updated (each written whole). `site_ready` gets the
    /// files changed and removed so far once every page is written, before the print page
    /// and the PDF are made.
    pub(super) fn rebuild(
        &mut self,
        kinds: &BTreeSet<ChangeKind>,
        site_ready: &dyn Fn(&[String], &[String]),
    ) -> Result<Rebuilt> {
        let input = BookInput::read(&self.root)?;
        let last = self.last.take();
        let mut state = None;
        let everything = Cell::new(false);
        let choose = Box::new(|book: &Book, moved: bool| {
            let now = BookState::of(book);
            let selection = match moved {
                true => Selection::All,
                false => now.selection(book, last.as_ref(), kinds),
            };
            everything.set(matches!(selection, Selection::All));
            state = Some(now);
            selection
        });
        let fresh: Mutex<HashMap<String, u64>> = Mutex::new(HashMap::new());
        let changed: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let removed: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let write = |path: &str, bytes: Vec<u8>| -> Result<()> {
            let hash = content_hash(&bytes);
            if self.written.get(path) != Some(&hash) {
                write_atomically(&self.out.join(path), &bytes)?;
                changed.lock().map_err(poisoned)?.push(path.to_string());
            }
            fresh
                .lock()
                .map_err(poisoned)?
                .insert(path.to_string(), hash);
            Ok(())
        };
        // Files the book no longer makes are removed with the pages, so a
        // page that reloads then finds them gone (the print page and the PDF
        // are made after, and checked after).
        let remove_gone = |pages_only: bool| -> Result<()> {
            let fresh = fresh.lock().map_err(poisoned)?;
            let mut removed = removed.lock().map_err(poisoned)?;
            let gone: Vec<&String> = (self.written.keys())
                .filter(|p| everything.get() || written_whole(p))
                .filter(|p| !fresh.contains_key(*p) && !removed.contains(*p))
                .filter(|p| !(pages_only && made_last(p)))
                .collect();
            for path in gone {
                let target = self.out.join(path);
                if target.is_file() {
                    std::fs::remove_file(&target).map_err(|e| Error::io(&target, e))?;
                }
                removed.push(path.clone());
            }
            Ok(())
        };
        let ready = || -> Result<()> {
            remove_gone(true)?;
            let changed = changed.lock().map_err(poisoned)?;
            let removed = removed.lock().map_err(poisoned)?;
            site_ready(&changed, &removed);
            Ok(())
        };
        let run = self
            .pipeline
            .run(input, choose, &write, &ready)
            .and_then(|run| remove_gone(false).map(|()| run));
        let run = match run {
            Ok(run) => run,
            Err(e) => {
                self.last = last;
                return Err(e);
            }
        };
        let mut fresh = fresh.into_inner().map_err(poisoned)?;
        // Pages not rendered this time stay as they are.
        if !run.everything {
            for (path, hash) in self.written.iter().filter(|(p, _)| !written_whole(p)) {
                fresh.entry(path.clone()).or_insert(*hash);
            }
        }
        self.written = fresh;
        self.last = state;
        let mut changed = changed.into_inner().map_err(poisoned)?;
        let mut removed = removed.into_inner().map_err(poisoned)?;
        changed.sort();
        removed.sort();
        Ok(Rebuilt {
            changed,
            removed,
            standards: run.book.standards.len(),
            warnings: run.warnings,
            timings: run.timings,
        })
    }
}

/// Whether a site path is made after every other file: the print page and
/// the PDF, which repeat the whole book.
pub(super) fn made_last(path: &str) -> bool {
    path == crate::model::pages::Page::Print.file_name() || path.ends_with(".pdf")
}

/// Whether a site path belongs to what every rebuild writes whole, however
/// little changed — the search index, whose files are named by its content —
/// so that what a rebuild did not write is gone.
fn written_whole(path: &str) -> bool {
    path.starts_with(crate::search::FOLDER)
}

fn poisoned<T>(_: std::sync::PoisonError<T>) -> Error {
    Error::Bug("a rendering thread panicked".into())
}
