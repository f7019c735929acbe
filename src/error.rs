//! The errors the library returns; `main` decides how to print them and which
//! exit code each gets (1 for a book with errors, 2 for usage and I/O).

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

/// Result with the library's error.
pub type Result<T> = std::result::Result<T, Error>;
