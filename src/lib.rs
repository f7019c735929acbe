//! standbook compiles a company's service-standards book — Markdown and YAML
//! kept in git — into a searchable static handbook site and a PDF.
//!
//! One module per stage; a stage imports only the stages below it (the
//! `layering` test keeps it so):
//!
//! 1. text helpers — [`diagnostic`], [`error`], [`yaml`], [`markdown`],
//!    [`values`] (dates, versions, change entries), [`language`] (stemmers,
//!    the term and phrase matchers);
//! 2. [`source`] — the book folder: walk and read, nothing outside it;
//! 3. [`config`] — `standbook.yaml`;
//! 4. [`model`] — the typed book, with the list of its site's pages;
//! 5. [`theme`] — templates, static files and UI strings;
//! 6. [`history`] (git), then [`check`] (diagnostics) and [`search`] (the index);
//! 7. [`render`] (the site's pages) and [`print`] (the PDF);
//! 8. [`output`] — staging folders, atomic writes;
//! 9. [`pipeline`] — the one sequence of stages `build`, `serve` and `pdf` run;
//! 10. the commands that drive it: [`serve`] (and `watch`), [`lint`], [`init`].
//!
//! `main.rs` is only the command line; tests and benchmarks drive this library.

#![warn(missing_docs)]
#![warn(unreachable_pub)]

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod history;
pub mod init;
pub mod language;
pub mod lint;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod print;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod values;
pub mod yaml;

pub use diagnostic::{Diagnostic, Severity, SourceMap};
pub use error::{Error, Result};
pub use model::Book;
pub use pipeline::build::{BuildOptions, BuildReport, build};
#[cfg(feature = "pdf")]
pub use pipeline::pdf::pdf;
pub use pipeline::pdf::{PdfOptions, PdfReport};
pub use pipeline::{
    Compiled, Stopwatch, changelog, check_book, compile, load, output_dir, read_config,
};
