//! Print: the book for paper. [`markup`] writes the book (or one standard or
//! checklist) as Typst markup from the model; [`pdf`] typesets it with Typst,
//! used as a library (cargo feature `pdf`), into a PDF with a cover, contents
//! with page numbers, bookmarks, a running header and "page x of y";
//! [`parts`] says which parts of the book print.

pub mod markup;
pub mod parts;
#[cfg(feature = "pdf")]
pub mod pdf;

/// A book-relative path with `/` between folders (`03-communication`,
/// `assets/logo.svg`), the way `standbook.yaml` and Typst name them.
pub(crate) fn slashed(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
