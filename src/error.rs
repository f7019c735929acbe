//! The errors the library returns; `main` decides how to print them and which
//! exit code each gets (1 for a book with errors, 2 for usage, I/O and what
//! the system refused, 101 for a bug in standbook).

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, SourceMap};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command was used wrongly (bad output folder, no book found…).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The system refused something a command needs: watching files, a
    /// port to listen on, a Ctrl+C handler.
    #[error("cannot {what}: {why}")]
    System {
        /// What was needed ("watch standards/", "listen on 127.0.0.1:3000").
        what: String,
        /// What the system said.
        why: String,
    },
    /// A bug in standbook, never the book's fault (a rendering thread panicked).
    #[error("internal error: {0}; this is a bug in standbook, please report it")]
    Bug(String),
    /// The book has errors; nothing was written.
    #[error("the book has errors")]
    Book {
        /// Every problem found (errors and warnings).
        diagnostics: Vec<Diagnostic>,
        /// The text of the files they point into.
        sources: SourceMap,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl Error {
    /// The system refused `what`, saying `why`.
    pub fn system(what: impl Into<String>, why: impl std::fmt::Display) -> Self {
        Error::System {
            what: what.into(),
            why: why.to_string(),
        }
    }
}

/// Result with the library's error.
pub type Result<T> = std::result::Result<T, Error>;
