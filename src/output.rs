//! Writing the site: into a temporary folder next to the output, swapped in
//! only when everything was written, so a failed build leaves the previous
//! site untouched and readers never see a half-written one.
//!
//! The output folder is checked before anything is written: it may not be the
//! book itself, contain the book, or contain the current folder, and an
//! existing non-empty folder is replaced only if a previous build made it.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The file that marks a folder as standbook's output, safe to replace.
pub const MARKER: &str = ".standbook-output";

/// Makes a path absolute and removes `.` and `..` without touching the disk.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut out = PathBuf::new();
    for component in abs.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(resolve_links(&out))
}

/// Resolves symbolic links in the longest existing prefix of `path`.
fn resolve_links(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

/// Checks that `out` may be (re)written by a build of the book at `book`.
pub fn check_output_dir(book: &Path, out: &Path) -> Result<()> {
    let book = absolute(book)?;
    let out = absolute(out)?;
    let refuse = |why: String| Err(Error::Usage(why));
    if out.parent().is_none() {
        return refuse(format!(
            "refusing to write the site into {}: choose an output folder of its own",
            out.display()
        ));
    }
    if out.starts_with(&book) && out.parent() != Some(book.as_path()) {
        return refuse(format!(
            "refusing to write the site into {}: it is inside a folder the book reads or publishes; write it directly in the book folder ({}) or outside it",
            out.display(),
            book.join("site").display()
        ));
    }
    if book.starts_with(&out) {
        return refuse(format!(
            "refusing to write the site into {}: it is or contains the book's source ({}); set `output:` in standbook.yaml or pass --out to a folder of its own",
            out.display(),
            book.display()
        ));
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    if absolute(&cwd)?.starts_with(&out) {
        return refuse(format!(
            "refusing to write the site into {}: it contains the current folder; pass --out to a folder of its own",
            out.display()
        ));
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse(format!(
                "{} exists and is not a folder; pass --out to another path",
                out.display()
            ));
        }
        let empty = fs::read_dir(&out)
            .map_err(|e| Error::io(&out, e))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            return refuse(format!(
                "refusing to replace {}: it is not empty and was not made by standbook; empty it or pass --out to another folder",
                out.display()
            ));
        }
    }
    Ok(())
}

/// A temporary folder next to the output that a build writes into; it
/// replaces the output only on [`Staging::finish`], and is removed if the
/// build fails or is dropped unfinished.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    finished: bool,
    writer: writer::FileWriter,
    /// Folders of the previous site to move into the new one as they are.
    carried: std::sync::Mutex<Vec<String>>,
}

impl Staging {
    /// Checks the output folder and creates the staging folder beside it.
    pub fn create(book: &Path, out: &Path) -> Result<Staging> {
        check_output_dir(book, out)?;
        let out = absolute(out)?;
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = out
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        remove_abandoned(&parent, &name);
        let dir = parent.join(format!(
            ".{name}.tmp-{}-{}",
            std::process::id(),
            unique_suffix()
        ));
        unfinished::track(&dir);
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            writer: writer::FileWriter::start(dir.clone()),
            dir,
            out,
            finished: false,
            carried: std::sync::Mutex::default(),
        })
    }

    /// Writes one file of the site; safe to call from several threads. The
    /// file is queued for the writing thread: an error in writing it shows in
    /// a later call, and in [`Staging::finish`] at the latest.
    pub fn write(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let target = self.dir.join(path);
        // A page name made from book text can never leave the site folder.
        if !crate::source::folder::stays_below(Path::new(path)) {
            return Err(Error::io(&target, std::io::ErrorKind::InvalidInput.into()));
        }
        if unfinished::stopped() {
            return Err(Error::io(&target, std::io::ErrorKind::Interrupted.into()));
        }
        self.writer.queue(target, bytes)
    }

    /// The previous site, which this one replaces.
    pub fn previous(&self) -> &Path {
        &self.out
    }

    /// Keeps the folder `path` (site-relative) of the previous site as it
    /// is: it is moved into the new site when the new site is swapped in, so
    /// a large folder that did not change costs one rename.
    pub fn carry_over(&self, path: &str) -> Result<()> {
        if !crate::source::folder::stays_below(Path::new(path)) {
            return Err(Error::io(path, std::io::ErrorKind::InvalidInput.into()));
        }
        let mut carried = self.carried.lock().unwrap_or_else(|e| e.into_inner());
        carried.push(path.to_string());
        Ok(())
    }

    /// Waits for every queued file, marks the folder as ours, moves in the
    /// folders carried over from the previous site and swaps it in; if the
    /// swap fails, those folders go back where they were.
    pub fn finish(mut self) -> Result<PathBuf> {
        self.writer.drain()?;
        write_marker(&self.dir)?;
        let carried = std::mem::take(&mut *self.carried.lock().unwrap_or_else(|e| e.into_inner()));
        let moved = carry_over(&carried, &self.out, &self.dir)?;
        let old = PathBuf::from(format!("{}-old", self.dir.display()));
        unfinished::track(&old);
        let swapped = swap_in(&self.dir, &self.out, &old);
        unfinished::untrack(&old);
        if swapped.is_err() {
            for (from, to) in moved {
                let _ = fs::rename(to, from);
            }
        }
        swapped?;
        unfinished::untrack(&self.dir);
        self.finished = true;
        Ok(self.out.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.writer.drain();
            let _ = fs::remove_dir_all(&self.dir);
            unfinished::untrack(&self.dir);
        }
    }
}

/// One thread that creates the site's files, fed by the threads that render
/// them. Files created from several threads at once wait on locks in the
/// kernel (a 1,000-page build spent half its time there, and two writing
/// threads, even into different folders, still cost more than one); from
/// one thread, creating files overlaps with rendering instead.
mod writer {
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};
    use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
    use std::sync::{Arc, Mutex};
    use std::thread::JoinHandle;

    use crate::error::{Error, Result};

    /// Files that may wait in the queue: enough to keep the writing thread
    /// busy, few enough to keep a large book's pages out of memory.
    const QUEUED: usize = 64;

    type File = (PathBuf, Vec<u8>);

    /// The first file that could not be written, and why.
    type Failure = Arc<Mutex<Option<(PathBuf, std::io::ErrorKind, String)>>>;

    pub(super) struct FileWriter {
        queue: Mutex<Option<SyncSender<File>>>,
        thread: Option<JoinHandle<()>>,
        failure: Failure,
    }

    impl FileWriter {
        pub(super) fn start(root: PathBuf) -> FileWriter {
            let (sender, receiver) = sync_channel(QUEUED);
            let failure = Failure::default();
            let thread = {
                let failure = Arc::clone(&failure);
                std::thread::spawn(move || write_all(&root, &receiver, &failure))
            };
            FileWriter {
                queue: Mutex::new(Some(sender)),
                thread: Some(thread),
                failure,
            }
        }

        /// Queues a file; fails when an earlier file could not be written.
        pub(super) fn queue(&self, target: PathBuf, bytes: Vec<u8>) -> Result<()> {
            self.failed()?;
            let sender = self.queue.lock().ok().and_then(|queue| queue.clone());
            let sent = sender.is_some_and(|sender| sender.send((target.clone(), bytes)).is_ok());
            match sent {
                true => Ok(()),
                false => self.failed().and(Err(stopped(&target))),
            }
        }

        /// Waits until every queued file is written; fails if one was not.
        pub(super) fn drain(&mut self) -> Result<()> {
            if let Ok(mut queue) = self.queue.lock() {
                queue.take();
            }
            if let Some(thread) = self.thread.take() {
                thread
                    .join()
                    .map_err(|_| Error::Bug("the thread writing the site stopped".into()))?;
            }
            self.failed()
        }

        fn failed(&self) -> Result<()> {
            match self.failure.lock().ok().as_deref().cloned().flatten() {
                Some((path, kind, message)) => {
                    Err(Error::io(path, std::io::Error::new(kind, message)))
                }
                None => Ok(()),
            }
        }
    }

    fn stopped(target: &Path) -> Error {
        Error::io(target, std::io::ErrorKind::Interrupted.into())
    }

    /// Writes queued files until the queue closes or one fails.
    fn write_all(root: &Path, queue: &Receiver<File>, failure: &Failure) {
        let mut folders: HashSet<PathBuf> = HashSet::from([root.to_path_buf()]);
        for (target, bytes) in queue {
            if let Err((path, error)) = write_one(&mut folders, &target, &bytes) {
                if let Ok(mut failure) = failure.lock() {
                    *failure = Some((path, error.kind(), error.to_string()));
                }
                return;
            }
        }
    }

    fn write_one(
        folders: &mut HashSet<PathBuf>,
        target: &Path,
        bytes: &[u8],
    ) -> std::result::Result<(), (PathBuf, std::io::Error)> {
        if super::unfinished::stopped() {
            return Err((target.into(), std::io::ErrorKind::Interrupted.into()));
        }
        if let Some(parent) = target.parent().filter(|p| !folders.contains(*p)) {
            std::fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
            folders.insert(parent.to_path_buf());
        }
        std::fs::write(target, bytes).map_err(|e| (target.to_path_buf(), e))
    }
}

/// Removes the staging folders (`.<name>.tmp-<pid>-…`, and their `-old`)
/// that builds of `name` in `parent` left behind when they were killed:
/// those whose process is gone.
fn remove_abandoned(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` still runs; where that cannot be told, it is taken to run.
fn process_alive(pid: u32) -> bool {
    match Path::new("/proc/self").exists() {
        true => Path::new("/proc").join(pid.to_string()).exists(),
        false => true,
    }
}

/// What this process is writing and has not finished: removed when it is
/// interrupted (Ctrl+C, SIGTERM), so a killed build leaves nothing behind.
pub mod unfinished {
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    static PATHS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    /// Notes `path` (a file or folder) as being written.
    pub fn track(path: &Path) {
        if let Ok(mut paths) = PATHS.lock() {
            paths.push(path.to_path_buf());
        }
    }

    /// Notes `path` as finished (or already removed).
    pub fn untrack(path: &Path) {
        if let Ok(mut paths) = PATHS.lock() {
            paths.retain(|p| p != path);
        }
    }

    static STOPPED: AtomicBool = AtomicBool::new(false);

    /// Whether writing was stopped by [`remove_all`]: writers stop at their next file.
    pub fn stopped() -> bool {
        STOPPED.load(Ordering::SeqCst)
    }

    /// Stops all writing and removes everything unfinished; for a signal
    /// handler, before the process exits.
    pub fn remove_all() {
        STOPPED.store(true, Ordering::SeqCst);
        // Let writers that are in the middle of a file see the flag.
        std::thread::sleep(std::time::Duration::from_millis(100));
        let Ok(paths) = PATHS.lock() else { return };
        for path in paths.iter() {
            // The build may still be writing into it: try again if a file appeared.
            for _ in 0..3 {
                let gone = match path.is_dir() {
                    true => std::fs::remove_dir_all(path),
                    false => std::fs::remove_file(path),
                };
                if gone.is_ok() || !path.exists() {
                    break;
                }
            }
        }
    }
}

fn unique_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Marks `dir` as standbook's output, which later builds may replace.
pub fn write_marker(dir: &Path) -> Result<()> {
    let marker = dir.join(MARKER);
    fs::write(
        &marker,
        "This folder is written by standbook and replaced on every build.\n",
    )
    .map_err(|e| Error::io(&marker, e))
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader
/// (the dev server) sees either the old file or the new one, never half of
/// one; a failure or an interruption leaves no temporary file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    unfinished::track(&temp);
    let written = fs::write(&temp, bytes)
        .map_err(|e| Error::io(&temp, e))
        .and_then(|()| fs::rename(&temp, path).map_err(|e| Error::io(path, e)));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    unfinished::untrack(&temp);
    written
}

/// Moves each folder `paths` names from the site `from` into the site `to`;
/// returns the moves made. If one cannot be moved, those moved go back and
/// the build fails: a site must never lack a folder its pages point to.
fn carry_over(paths: &[String], from: &Path, to: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    for path in paths {
        let (source, target) = (from.join(path), to.join(path));
        let made = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::rename(&source, &target));
        if let Err(e) = made {
            for (back, here) in moved {
                let _ = fs::rename(here, back);
            }
            return Err(Error::io(&source, e));
        }
        moved.push((source, target));
    }
    Ok(moved)
}

/// Moves the staged site into place; the previous site is removed only after.
fn swap_in(staging: &Path, out: &Path, old: &Path) -> Result<()> {
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, old).map_err(|e| Error::io(out, e))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_previous {
            let _ = fs::rename(old, out);
        }
        return Err(Error::io(out, e));
    }
    if had_previous {
        fs::remove_dir_all(old).map_err(|e| Error::io(old, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_written_fails_the_build_and_leaves_no_site() {
        let temp = tempfile::tempdir().expect("temp dir");
        let book = temp.path().join("book");
        fs::create_dir(&book).expect("book dir");
        let out = temp.path().join("site");
        let staging = Staging::create(&book, &out).expect("staging");
        staging
            .write("page.html", b"<p>ok</p>".to_vec())
            .expect("queued");
        // `page.html` is a file, so nothing can be written below it.
        let queued = staging.write("page.html/inner.html", b"<p>no</p>".to_vec());
        let failure = queued.and_then(|()| staging.finish().map(|_| ()));
        let message = failure.expect_err("the build fails").to_string();
        assert!(message.contains("page.html"), "{message}");
        assert!(!out.exists(), "no half-written site is swapped in");
        let left: Vec<_> = fs::read_dir(temp.path()).expect("list").flatten().collect();
        assert_eq!(left.len(), 1, "the staging folder is removed: {left:?}");
    }

    #[test]
    fn a_folder_that_cannot_be_carried_over_fails_and_puts_back_the_others() {
        let temp = tempfile::tempdir().expect("temp dir");
        let (from, to) = (temp.path().join("old"), temp.path().join("new"));
        fs::create_dir_all(from.join("editions/1.0.0")).expect("folder");
        fs::write(from.join("editions/1.0.0/index.html"), "1.0.0").expect("page");
        let paths = ["editions/1.0.0".to_string(), "editions/2.0.0".to_string()];
        assert!(carry_over(&paths, &from, &to).is_err());
        assert!(from.join("editions/1.0.0/index.html").is_file());
        assert!(!to.join("editions/1.0.0").exists());
        let moved = carry_over(&paths[..1], &from, &to).expect("moved");
        assert_eq!(moved.len(), 1);
        assert!(to.join("editions/1.0.0/index.html").is_file());
    }
}
