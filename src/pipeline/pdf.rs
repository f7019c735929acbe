//! The PDF: typeset by the print stage for `standbook pdf`, and for the
//! site when the book asks for one (`pdf: true`, written as
//! `<book folder>.pdf` beside the pages). What prints differently from the
//! site becomes a warning (W0801) at its source; a layout failure, an error
//! (E0802) at the file whose part of the book failed.

use std::path::{Path, PathBuf};

use super::Compiled;
use crate::diagnostic::{self, Diagnostic, SourceMap};
use crate::error::{Error, Result};
use crate::history::{self, History};
use crate::model::{self, Book};
use crate::theme::Theme;
use crate::{config, output, print};

/// Typesets `job` of `book` as a PDF; what prints differently from
/// the site is added to `warnings` (W0801), a layout failure is E0802 at the
/// file whose part of the book failed.
#[cfg(feature = "pdf")]
fn typeset(
    book: &Book,
    theme: &Theme,
    job: &print::markup::PrintJob,
    warnings: &mut Vec<Diagnostic>,
) -> Result<print::pdf::Typeset> {
    use diagnostic::{Code, Location};
    let mut markup = print::markup::book_markup(book, &theme.strings, job).map_err(Error::Usage)?;
    let located = |path: &Path, offset: usize| match book.sources.get(path) {
        Some(text) => Location::at_offset(path, text, offset.min(text.len()), 0),
        None => Location::at_line(path, 1, 1),
    };
    warnings.extend(markup.degraded.iter().map(|d| {
        Diagnostic::new(Code::NoPrintForm, d.message.clone()).at(located(&d.path, d.offset))
    }));
    let source = std::mem::take(&mut markup.source);
    let images = print::pdf::Images {
        folder: (book.folder.clone())
            .ok_or_else(|| Error::io(&book.root, std::io::ErrorKind::NotFound.into()))?,
        files: markup.images.drain(..).collect(),
    };
    print::pdf::typeset(source, images, crate::values::date::Date::today()).map_err(|errors| {
        Error::Book {
            diagnostics: errors
                .into_iter()
                .map(|e| {
                    let message = format!("the PDF could not be typeset: {}", e.message);
                    let d = Diagnostic::new(Code::TypesetFailed, message);
                    match e.at.and_then(|at| markup.region_at(at)) {
                        Some(region) => d.at(match region.offset {
                            Some(offset) => located(&region.path, offset),
                            None => Location::at_line(&region.path, 1, 1),
                        }),
                        None => d,
                    }
                })
                .collect(),
            sources: book.sources.clone(),
        }
    })
}

/// The PDF `build` writes into the site when the book asks for one
/// (`pdf: true`): `<book folder>.pdf`, with its name and bytes.
#[cfg(feature = "pdf")]
pub(super) fn site_pdf(
    book: &Book,
    theme: &Theme,
    history: &History,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<(String, Vec<u8>)>> {
    if !book.config.pdf {
        return Ok(None);
    }
    let parts = model::parts::Parts::of_book(book);
    let job = print::markup::PrintJob {
        only: None,
        release: printed_release(book, &parts, history),
        parts,
        paper: book.config.paper,
        drafts: history.drafts.clone(),
    };
    let typeset = typeset(book, theme, &job, warnings)?;
    Ok(Some((book.pdf_name(), typeset.pdf)))
}

/// This version's change log, when the printed parts hold it.
#[cfg(feature = "pdf")]
fn printed_release(
    book: &Book,
    parts: &model::parts::Parts,
    history: &History,
) -> Option<history::changelog::Release> {
    if !parts.changes {
        return None;
    }
    let changelog = history::changelog::changelog(book, history);
    changelog
        .releases
        .into_iter()
        .find(|release| release.current)
}

/// Without the `pdf` feature a book that asks for a PDF gets a warning.
#[cfg(not(feature = "pdf"))]
pub(super) fn site_pdf(
    book: &Book,
    _theme: &Theme,
    _history: &History,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<(String, Vec<u8>)>> {
    if book.config.pdf {
        let config = Path::new(config::CONFIG_FILE);
        warnings.push(
            Diagnostic::new(
                diagnostic::Code::NoPrintForm,
                "`pdf: true` is ignored: this standbook was built without the `pdf` feature; \
                 print the site's print.html from a browser, or use a standbook built with default features",
            )
            .at(crate::check::at_key(book, config, "pdf", "true", 0)),
        );
    }
    Ok(None)
}

/// What `standbook pdf` is asked for.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The book folder.
    pub book: PathBuf,
    /// The PDF to write (default: `<book folder>.pdf`, or `<id>.pdf` with `only`, in the current folder).
    pub out: Option<PathBuf>,
    /// One standard or checklist by id.
    pub only: Option<String>,
    /// Paper size (default: the book's `paper`).
    pub paper: Option<config::Paper>,
    /// The parts to print (default: the book's `print:`, else the whole book).
    pub parts: Option<Vec<String>>,
}

/// What `standbook pdf` wrote.
#[derive(Debug)]
pub struct PdfReport {
    /// The PDF.
    pub output: PathBuf,
    /// Its size in bytes.
    pub bytes: usize,
    /// How many pages it has.
    pub pages: usize,
    /// What printed differently from the site, and the book's own warnings.
    pub warnings: Vec<Diagnostic>,
    /// Sources the warnings point into.
    pub sources: SourceMap,
}

/// Typesets the book (or one standard or checklist) as a PDF. The file is
/// written next to its final path and renamed into place, so a failure never
/// leaves half a PDF.
#[cfg(feature = "pdf")]
pub fn pdf(options: &PdfOptions) -> Result<PdfReport> {
    let Compiled {
        book,
        theme,
        mut warnings,
    } = super::compile(&options.book, &[])?;
    let parts = match &options.parts {
        None => model::parts::Parts::of_book(&book),
        Some(names) => model::parts::Parts::named(&book, names)
            .map_err(|unknown| Error::Usage(format!("--parts: {unknown}")))?,
    };
    // One standard or checklist alone has no change log.
    let history = History::read_versions(&book);
    let release = match parts.changes && options.only.is_none() {
        true => printed_release(&book, &parts, &history),
        false => None,
    };
    let job = print::markup::PrintJob {
        only: options.only.clone(),
        release,
        parts,
        paper: options.paper.unwrap_or(book.config.paper),
        drafts: history.drafts.clone(),
    };
    let typeset = typeset(&book, &theme, &job, &mut warnings)?;
    let name = match &options.only {
        Some(id) => model::pages::item_pdf_name(id),
        None => book.pdf_name(),
    };
    // `--out` a folder writes the PDF into it, under its usual name.
    let out = match &options.out {
        Some(dir) if dir.is_dir() => dir.join(name),
        Some(file) => file.clone(),
        None => PathBuf::from(name),
    };
    output::write_atomically(&out, &typeset.pdf)?;
    Ok(PdfReport {
        output: out,
        bytes: typeset.pdf.len(),
        pages: typeset.pages,
        warnings,
        sources: book.sources,
    })
}
