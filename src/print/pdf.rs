//! Typesetting: the book's Typst markup ([`super::markup`]) compiled by Typst,
//! used as a library, and exported as PDF. The fonts are Typst's own
//! (Libertinus Serif, New Computer Modern, DejaVu Sans Mono — all with
//! Cyrillic), built into the binary, so a PDF looks the same on every machine
//! and no system font is read. The only files Typst may read are the book's
//! images the markup shows.

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::source::BookFolder;
use crate::values::date::Date;

/// The built-in fonts, read once per process.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The world Typst compiles in: one source file, the built-in fonts, and
/// the book's images the source shows.
struct BookWorld {
    main: Source,
    images: Images,
    today: Date,
}

/// The image files typesetting may read: book-relative paths, read only
/// where their real path stays inside the book.
#[derive(Debug, Clone)]
pub struct Images {
    /// The book folder.
    pub folder: BookFolder,
    /// The files, book-relative with `/` between folders (`assets/logo.svg`).
    pub files: HashSet<String>,
}

impl Images {
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let relative = id.vpath().get_without_slash();
        if !self.files.contains(relative) {
            return Err(FileError::AccessDenied);
        }
        let path = Path::new(relative);
        self.folder
            .read(path)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, path))
    }
}

impl World for BookWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.images.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let date = self.today.0;
        Datetime::from_ymd(i32::from(date.year()), date.month() as u8, date.day() as u8)
    }
}

/// A Typst error: its message and the byte range of the markup it points at.
#[derive(Debug, Clone)]
pub struct TypesetError {
    /// What Typst said (with its hints).
    pub message: String,
    /// Where in the markup, when Typst knows.
    pub at: Option<usize>,
}

/// A typeset PDF.
#[derive(Debug)]
pub struct Typeset {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
}

/// Compiles `markup`, showing `images`, and exports the PDF.
pub fn typeset(markup: String, images: Images, today: Date) -> Result<Typeset, Vec<TypesetError>> {
    let world = BookWorld {
        main: Source::detached(markup),
        images,
        today,
    };
    let errors = |diagnostics: &[SourceDiagnostic]| -> Vec<TypesetError> {
        diagnostics
            .iter()
            .map(|d| TypesetError {
                message: std::iter::once(d.message.to_string())
                    .chain(d.hints.iter().map(|h| format!("hint: {}", h.v)))
                    .collect::<Vec<_>>()
                    .join("; "),
                at: world.range(d.span).map(|r| r.start),
            })
            .collect()
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|d| errors(&d))?;
    let pdf =
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|d| errors(&d))?;
    Ok(Typeset {
        pdf,
        pages: document.pages().len(),
    })
}
