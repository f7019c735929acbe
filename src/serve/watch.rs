//! File watching: raw file-system events become a short list of what changed.
//!
//! notify reports every write, rename and delete; a debouncer folds a burst
//! (an editor's atomic save, a `git checkout` of a thousand files) into one
//! batch. Each path is then classified as a [`ChangeKind`] — editor swap and
//! backup files, hidden files and the output folder are ignored — and the serve
//! loop decides from the kinds what to rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

/// What kind of book file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum ChangeKind {
    /// A standard (Markdown), or a folder of them.
    Content,
    /// A YAML data file: glossary, rules, appearance, checklist, chapter settings.
    Data,
    /// A stylesheet of the book's theme: browsers can swap it without reloading.
    Stylesheet,
    /// Any other file of the book's theme.
    Theme,
    /// A file in `assets/`.
    Assets,
    /// `standbook.yaml`.
    Config,
    /// The book's git history moved (a commit, checkout, reset or pull):
    /// every standard's history may read differently.
    History,
}

/// Editor leftovers that are never book content.
fn is_editor_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".kate-swp",
            ".part",
            "___jb_tmp___",
            "___jb_old___",
            ".crdownload",
        ]
        .iter()
        .any(|ending| name.ends_with(ending))
}

/// What a changed `path` means for the book at `root` whose theme folder is
/// `theme`, whose site is written to `out` and whose repository is kept in
/// the folders `git`; `None` for files to ignore.
pub(super) fn classify(
    root: &Path,
    theme: &Path,
    out: &Path,
    git: &[PathBuf],
    path: &Path,
) -> Option<ChangeKind> {
    if path.starts_with(out) {
        return None;
    }
    if let Some(inside) = git.iter().find_map(|dir| path.strip_prefix(dir).ok()) {
        // HEAD and the branches move; objects, the index and logs follow them.
        let moved = inside == Path::new("HEAD")
            || inside == Path::new("packed-refs")
            || inside.starts_with("refs");
        return moved.then_some(ChangeKind::History);
    }
    let rel = path.strip_prefix(root).ok()?;
    if !crate::source::is_book_path(rel) {
        return None;
    }
    if rel
        .components()
        .any(|c| is_editor_file(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    if path.starts_with(theme) {
        let css = rel.extension().is_some_and(|e| e == "css");
        return Some(if css {
            ChangeKind::Stylesheet
        } else {
            ChangeKind::Theme
        });
    }
    if rel.starts_with("assets") {
        return Some(ChangeKind::Assets);
    }
    if rel == Path::new(crate::config::CONFIG_FILE) {
        return Some(ChangeKind::Config);
    }
    match rel.extension().and_then(|e| e.to_str()) {
        Some("md") => Some(ChangeKind::Content),
        Some("yaml" | "yml") => Some(ChangeKind::Data),
        // A folder was created, renamed or removed: its standards may have moved.
        None if !path.is_file() => Some(ChangeKind::Content),
        _ => None,
    }
}

/// The kinds of change in a batch of paths.
pub(super) fn kinds(
    root: &Path,
    theme: &Path,
    out: &Path,
    git: &[PathBuf],
    paths: &[PathBuf],
) -> BTreeSet<ChangeKind> {
    paths
        .iter()
        .filter_map(|p| classify(root, theme, out, git, p))
        .collect()
}

/// A running watcher; batches of changed paths arrive on `batches`.
pub(super) struct BookWatcher {
    /// The debouncer, kept alive for as long as the watch runs.
    _watcher: Box<dyn std::any::Any + Send>,
    /// One debounced batch of changed paths at a time.
    pub batches: Receiver<Vec<PathBuf>>,
    /// The folders of the book's git repository that are watched too (see
    /// [`crate::history::git::repository_dirs`]).
    pub git: Vec<PathBuf>,
}

/// How long a burst of events must be quiet before it is handled.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Whether an event may change what a build reads. Opening and reading files
/// (which every build does) must not trigger another build.
fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
}

/// Watches `root` recursively, and where its git repository keeps `HEAD` and
/// the branches, with native events or, when `poll` is set, by polling every
/// 500 ms (for network drives and containers without events). Renames arrive
/// as both the old and the new path.
pub(super) fn watch(root: &Path, poll: bool) -> notify::Result<BookWatcher> {
    let git = crate::history::git::repository_dirs(root);
    let (events_tx, events_rx) = channel::<DebounceEventResult>();
    let (batches_tx, batches) = channel();
    std::thread::spawn(move || {
        for batch in events_rx {
            let Ok(events) = batch else { continue };
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() && batches_tx.send(paths).is_err() {
                break;
            }
        }
    });
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let watcher: Box<dyn std::any::Any + Send> = if poll {
        Box::new(debounced::<PollWatcher>(root, &git, events_tx, config)?)
    } else {
        Box::new(debounced::<RecommendedWatcher>(
            root, &git, events_tx, config,
        )?)
    };
    Ok(BookWatcher {
        _watcher: watcher,
        batches,
        git,
    })
}

/// A debounced watcher of kind `W` on `root` and the `git` folders (their
/// top level, and `refs/`), sending batches to `events`.
fn debounced<W: Watcher>(
    root: &Path,
    git: &[PathBuf],
    events: Sender<DebounceEventResult>,
    config: notify::Config,
) -> notify::Result<Debouncer<W, RecommendedCache>> {
    let mut debouncer =
        new_debouncer_opt::<_, W, _>(DEBOUNCE, None, events, RecommendedCache::new(), config)?;
    debouncer.watch(root, RecursiveMode::Recursive)?;
    // Best effort: without these, a commit is seen at the next save instead.
    for dir in git {
        let _ = debouncer.watch(dir, RecursiveMode::NonRecursive);
        let _ = debouncer.watch(dir.join("refs"), RecursiveMode::Recursive);
    }
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<ChangeKind> {
        let root = Path::new("/book");
        classify(
            root,
            &root.join("theme"),
            &root.join("_site"),
            &[root.join(".git")],
            &root.join(path),
        )
    }

    #[test]
    fn paths_are_classified_and_editor_files_ignored() {
        assert_eq!(kind("01-a/01-x.md"), Some(ChangeKind::Content));
        assert_eq!(kind("terms.yaml"), Some(ChangeKind::Data));
        assert_eq!(kind("standbook.yaml"), Some(ChangeKind::Config));
        assert_eq!(kind("theme/static/style.css"), Some(ChangeKind::Stylesheet));
        assert_eq!(kind("theme/templates/base.html"), Some(ChangeKind::Theme));
        assert_eq!(kind("assets/logo.png"), Some(ChangeKind::Assets));
        for moved in [".git/HEAD", ".git/refs/heads/main", ".git/packed-refs"] {
            assert_eq!(kind(moved), Some(ChangeKind::History), "{moved}");
        }
        for ignored in [
            "01-a/.01-x.md.swp",
            "01-a/01-x.md~",
            "01-a/#01-x.md#",
            "01-a/4913",
            ".git/index",
            ".git/objects/ab/cdef",
            ".git/logs/HEAD",
            "_site/x.html",
            "notes.txt",
            "node_modules/pkg/README.md",
            "target/doc/x.yaml",
            ".drafts/01-x.md",
        ] {
            assert_eq!(kind(ignored), None, "{ignored}");
        }
    }
}
