//! Print: the book for paper. [`markup`] writes the book (or one standard or
//! checklist) as Typst markup from the model; [`pdf`] typesets it with Typst,
//! used as a library (cargo feature `pdf`), into a PDF with a cover, contents
//! with page numbers, bookmarks, a running header and "page x of y"; which parts of
//! the book print is the model's ([`crate::model::parts`]).

pub mod markup;
#[cfg(feature = "pdf")]
pub mod pdf;
