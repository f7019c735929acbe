//! The book folder as the one place a book may be read from.
//!
//! A book arrives from many editors, so a symbolic link in it (`assets/etc ->
//! /etc`, `theme/static/style.css -> ../../secret.txt`) or a setting such as
//! `theme: /etc` must not bring a file from outside into the site or the PDF.
//! Every read of a book file goes through [`BookFolder`]: the path is
//! resolved with its links followed, and refused unless it stays inside the
//! book's real folder. Walks skip links that leave the book and link loops,
//! and say which ones they skipped.

use std::io;
use std::path::{Component, Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

/// A book's folder, by its real path (links resolved).
#[derive(Debug, Clone)]
pub struct BookFolder {
    root: PathBuf,
}

/// Why a file of a walk was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// A symbolic link (book-relative path) whose target is outside the book.
    Outside(PathBuf),
    /// A symbolic link (book-relative path) that leads back into a folder above it.
    Loop(PathBuf),
    /// A file or folder that could not be read, with the reason.
    Unreadable(PathBuf, String),
}

/// What a walk found: files inside the book and what it skipped.
#[derive(Debug, Default)]
pub struct Walk {
    /// Each file: book-relative path (through the links as written) and the
    /// path to read it by (inside the book's real folder).
    pub files: Vec<(PathBuf, PathBuf)>,
    /// Links and entries left out.
    pub skipped: Vec<Skipped>,
}

impl BookFolder {
    /// The book folder at `root` (which must exist).
    pub fn open(root: &Path) -> io::Result<Self> {
        Ok(BookFolder {
            root: root.canonicalize()?,
        })
    }

    /// The book's real path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The real path of the book-relative `path`, when it exists and stays
    /// inside the book once every link is followed. An absolute path or one
    /// with `..` is taken as written, and refused the same way when it leaves.
    pub fn real_path(&self, path: &Path) -> io::Result<PathBuf> {
        let real = self.root.join(path).canonicalize()?;
        if real.starts_with(&self.root) {
            Ok(real)
        } else {
            Err(outside(path))
        }
    }

    /// Whether `path` (book-relative) is a file inside the book.
    pub fn is_file(&self, path: &Path) -> bool {
        self.real_path(path).is_ok_and(|p| p.is_file())
    }

    /// Whether `path` (book-relative) is a folder inside the book.
    pub fn is_dir(&self, path: &Path) -> bool {
        self.real_path(path).is_ok_and(|p| p.is_dir())
    }

    /// The bytes of the book-relative file `path`; an error when it is
    /// missing, unreadable or outside the book.
    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(self.real_path(path)?)
    }

    /// Every file below the book-relative folder `dir`, in name order,
    /// following links that stay inside the book. `keep` decides for each
    /// entry below `dir` whether it (and, for a folder, what it holds) is
    /// walked. A missing `dir` gives an empty walk.
    pub fn walk(&self, dir: &Path, mut keep: impl FnMut(&DirEntry) -> bool) -> Walk {
        let mut walk = Walk::default();
        let start = self.root.join(dir);
        if !start.exists() {
            return walk;
        }
        if self.real_path(dir).is_err() {
            walk.skipped.push(Skipped::Outside(dir.to_path_buf()));
            return walk;
        }
        let mut outside = Vec::new();
        let entries = WalkDir::new(&start)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() == 0 {
                    return true;
                }
                if !keep(entry) {
                    return false;
                }
                let leaves = entry.path_is_symlink() && !self.holds(entry.path());
                if leaves {
                    outside.push(self.relative(entry.path()));
                }
                !leaves
            });
        for entry in entries {
            match entry {
                // Every link on its way was checked, so its path stays inside.
                Ok(entry) if entry.file_type().is_file() => {
                    walk.files
                        .push((self.relative(entry.path()), entry.into_path()));
                }
                Ok(_) => {}
                Err(err) => walk.skipped.push(self.skipped(&err)),
            }
        }
        walk.skipped
            .extend(outside.into_iter().map(Skipped::Outside));
        walk
    }

    /// Whether the real path of `path` (absolute) is inside the book.
    fn holds(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|p| p.starts_with(&self.root))
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    fn skipped(&self, err: &walkdir::Error) -> Skipped {
        let path = err.path().map(|p| self.relative(p)).unwrap_or_default();
        if err.loop_ancestor().is_some() {
            Skipped::Loop(path)
        } else {
            Skipped::Unreadable(path, err.to_string())
        }
    }
}

/// The error for a path that leads outside the book.
fn outside(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "{} leads outside the book folder; standbook reads only files inside the book",
            path.display()
        ),
    )
}

/// Whether `path` is relative and never climbs above where it starts
/// (no root, no drive, no `..` past the start): a path a setting may name.
pub fn stays_below(path: &Path) -> bool {
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            _ => return false,
        }
    }
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn book_with_outside_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        std::fs::create_dir_all(book.join("assets/inner")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(book.join("assets/inner/a.png"), "png").unwrap();
        (dir, book)
    }

    #[test]
    fn links_that_leave_the_book_are_never_read() {
        let (dir, book) = book_with_outside_file();
        symlink(
            dir.path().join("secret.txt"),
            book.join("assets/secret.txt"),
        )
        .unwrap();
        symlink("/", book.join("assets/root")).unwrap();
        symlink("inner/a.png", book.join("assets/b.png")).unwrap();
        let folder = BookFolder::open(&book).unwrap();
        assert!(folder.read(Path::new("assets/secret.txt")).is_err());
        assert!(folder.read(Path::new("../secret.txt")).is_err());
        assert!(folder.read(Path::new("/etc/hostname")).is_err());
        assert_eq!(folder.read(Path::new("assets/b.png")).unwrap(), b"png");
        let walk = folder.walk(Path::new("assets"), |_| true);
        let files: Vec<_> = walk.files.iter().map(|(rel, _)| rel.clone()).collect();
        assert_eq!(
            files,
            [PathBuf::from("assets/b.png"), "assets/inner/a.png".into()]
        );
        assert!(
            walk.skipped
                .contains(&Skipped::Outside("assets/root".into()))
        );
        assert!(
            walk.skipped
                .contains(&Skipped::Outside("assets/secret.txt".into()))
        );
    }

    #[test]
    fn a_linked_folder_that_leaves_is_not_walked_and_loops_end() {
        let (dir, book) = book_with_outside_file();
        symlink(dir.path(), book.join("theme")).unwrap();
        symlink("..", book.join("assets/inner/up")).unwrap();
        let folder = BookFolder::open(&book).unwrap();
        let theme = folder.walk(Path::new("theme"), |_| true);
        assert!(theme.files.is_empty());
        assert_eq!(theme.skipped, [Skipped::Outside("theme".into())]);
        let assets = folder.walk(Path::new("assets"), |_| true);
        assert!(
            assets
                .skipped
                .contains(&Skipped::Loop("assets/inner/up".into())),
            "{:?}",
            assets.skipped
        );
    }

    #[test]
    fn settings_may_name_only_paths_below() {
        assert!(stays_below(Path::new("theme")));
        assert!(stays_below(Path::new("a/../b")));
        assert!(!stays_below(Path::new("../theme")));
        assert!(!stays_below(Path::new("/etc")));
        assert!(!stays_below(Path::new("a/../../b")));
    }
}
