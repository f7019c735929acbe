//! standbook compiles a company's service-standards book — Markdown and YAML
//! kept in git — into a searchable static handbook site.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`source`] (walk and read) → [`model`] (typed book) →
//! [`check`] (diagnostics) → [`render`] (pages through the theme) →
//! [`search`] (the index) → [`output`] (written to a temporary folder and
//! swapped in).
//! `main.rs` is only the command line; tests and benchmarks drive this library.

#![warn(missing_docs)]

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
pub mod print;
pub mod render;
pub mod search;
pub mod serve;
pub mod source;
pub mod watch;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Severity, SourceMap};
pub use error::{Error, Result};
pub use model::Book;

/// The book's change log (see [`history::changelog`]), the whole of it or
/// `since` a book version (`2.1.0`) or a git revision (a tag, a commit);
/// with the labels of the book's language for printing it.
pub fn changelog(
    root: &Path,
    since: Option<&str>,
) -> Result<(history::changelog::Changelog, render::theme::Theme, Book)> {
    let config = read_config(root)?;
    let skip = vec![output::absolute(&output_dir(root, &config, None))?];
    let Compiled { book, theme, .. } = compile(root, &skip)?;
    let history = history::History::read_versions(&book);
    let mut log = history::changelog::changelog(&book, &history);
    if let Some(since) = since {
        log = match semver::Version::parse(since) {
            Ok(version) => log.since_version(&model::version::Version(version)),
            Err(_) => {
                let commits = history::git::commits_since(root, since).ok_or_else(|| {
                    Error::Usage(format!(
                        "`{since}` is neither a version of the book (such as 2.1.0) nor a git revision of {}",
                        root.display()
                    ))
                })?;
                log.only_commits(&commits)
            }
        };
    }
    Ok((log, theme, book))
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The book folder (with `standbook.yaml`).
    pub book: PathBuf,
    /// Output folder; `output:` of `standbook.yaml` (relative to the book) when `None`.
    pub out: Option<PathBuf>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written.
    pub output: PathBuf,
    /// Number of standards.
    pub standards: usize,
    /// Number of glossary terms.
    pub terms: usize,
    /// Number of checklists.
    pub checklists: usize,
    /// Number of files written.
    pub files: usize,
    /// Warnings (a build with errors returns [`Error::Book`] instead).
    pub warnings: Vec<Diagnostic>,
    /// Sources the warnings point into.
    pub sources: SourceMap,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
    /// Standards with a git history, and how many of those histories were
    /// unchanged since the last build (read from the cache).
    pub histories: (usize, usize),
}

/// Measures the stages of a pipeline run.
#[derive(Debug, Default)]
pub struct Stopwatch {
    last: Option<Instant>,
    /// Each stage with how long it took.
    pub laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    /// Starts measuring.
    pub fn start() -> Self {
        Stopwatch {
            last: Some(Instant::now()),
            laps: Vec::new(),
        }
    }

    /// Ends the stage `stage`, which began at the previous lap.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        if let Some(last) = self.last.replace(now) {
            self.laps.push((stage, now - last));
        }
    }
}

/// Reads `standbook.yaml` of the book at `root`.
pub fn read_config(root: &Path) -> Result<config::BookConfig> {
    read_config_with_text(root).map(|(config, _)| config)
}

fn read_config_with_text(root: &Path) -> Result<(config::BookConfig, String)> {
    let name = Path::new(config::CONFIG_FILE);
    let bytes = source::BookFolder::open(root)
        .and_then(|folder| folder.read(name))
        .map_err(|e| Error::io(root.join(name), e))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text),
        Err(e) => {
            return Err(Error::Book {
                diagnostics: vec![source::not_utf8(name, e.as_bytes())],
                sources: SourceMap::default(),
            });
        }
    };
    match config::parse(&text) {
        Ok(config) => Ok((config, text)),
        Err(d) => {
            let mut sources = SourceMap::default();
            sources.insert(PathBuf::from(config::CONFIG_FILE), text);
            Err(Error::Book {
                diagnostics: vec![d],
                sources,
            })
        }
    }
}

/// The output folder of a book: `--out` if given, else `output:` relative to the book.
pub fn output_dir(root: &Path, config: &config::BookConfig, out: Option<&Path>) -> PathBuf {
    out.map(Path::to_path_buf)
        .unwrap_or_else(|| root.join(&config.output))
}

/// Loads and checks a book; returns it with all its diagnostics (errors included).
pub fn load(root: &Path, skip: &[PathBuf]) -> Result<(Book, Vec<Diagnostic>)> {
    load_cached(root, skip, &mut model::ParseCache::default())
}

/// Like [`load`], reusing standards parsed by an earlier load when their text is unchanged.
pub fn load_cached(
    root: &Path,
    skip: &[PathBuf],
    cache: &mut model::ParseCache,
) -> Result<(Book, Vec<Diagnostic>)> {
    let (config, config_text) = read_config_with_text(root)?;
    let tree = source::walk_cached(root, skip, &mut cache.reads).map_err(|e| Error::io(root, e))?;
    let (mut book, mut diagnostics) = model::assemble(root, config, tree, cache);
    book.sources
        .insert(PathBuf::from(config::CONFIG_FILE), config_text);
    diagnostics.extend(check::check(&book));
    Ok((book, diagnostics))
}

/// Everything `standbook check` reports: what [`load`] finds, plus the
/// checks that read the whole text ([`check::thorough`]) and, when `external`
/// is given, external links — sorted by file and position.
pub fn check_book(
    root: &Path,
    skip: &[PathBuf],
    external: Option<&check::external::Options>,
) -> Result<(Book, Vec<Diagnostic>)> {
    let (book, mut diagnostics) = load(root, skip)?;
    diagnostics.extend(check::thorough(&book));
    diagnostics.extend(check::history(
        &book,
        &history::History::read_versions(&book),
    ));
    if let Some(options) = external {
        diagnostics.extend(check::external::check_links(&book, options));
    }
    diagnostics.sort_by(|a, b| position(a).cmp(&position(b)));
    Ok((book, diagnostics))
}

fn position(d: &Diagnostic) -> Option<(&Path, usize, usize)> {
    d.location
        .as_ref()
        .map(|l| (l.file.as_path(), l.line, l.column))
}

/// A checked book with its theme, ready to render.
pub struct Compiled {
    /// The book.
    pub book: Book,
    /// The theme (the default with the book's overrides).
    pub theme: render::theme::Theme,
    /// Warnings found while checking (errors stop compilation).
    pub warnings: Vec<Diagnostic>,
}

/// Loads, checks and prepares a book for rendering; fails with every error of the book.
pub fn compile(root: &Path, skip: &[PathBuf]) -> Result<Compiled> {
    compile_cached(root, skip, &mut model::ParseCache::default())
}

/// Like [`compile`], reusing standards parsed by an earlier compilation.
pub fn compile_cached(
    root: &Path,
    skip: &[PathBuf],
    cache: &mut model::ParseCache,
) -> Result<Compiled> {
    let (book, diagnostics) = load_cached(root, skip, cache)?;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Book {
            diagnostics,
            sources: book.sources,
        });
    }
    let overrides = book.folder.as_ref().map(|folder| render::theme::Overrides {
        folder,
        dir: Path::new(&book.config.theme),
    });
    let theme =
        render::theme::Theme::load(overrides, book.config.language).map_err(|diagnostics| {
            Error::Book {
                diagnostics,
                sources: book.sources.clone(),
            }
        })?;
    Ok(Compiled {
        book,
        theme,
        warnings: diagnostics,
    })
}

/// Builds the book: load, check, render, write. Nothing is written if the book has errors.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let mut clock = Stopwatch::start();
    let config = read_config(&options.book)?;
    let out = output_dir(&options.book, &config, options.out.as_deref());
    output::check_output_dir(&options.book, &out)?;
    let skip = vec![output::absolute(&out)?];
    let Compiled {
        book,
        theme,
        mut warnings,
    } = compile(&options.book, &skip)?;
    clock.lap("load and check");
    let history = history::History::read(&book, None);
    clock.lap("history");
    let staging = output::Staging::create(&options.book, &out)?;
    let mut files = render::render(&book, &theme, &history, &|path, bytes| {
        staging.write(path, bytes)
    })?;
    clock.lap("render and write");
    for (path, bytes) in search::index_files(&book) {
        staging.write(&path, &bytes)?;
        files += 1;
    }
    clock.lap("search index");
    if let Some((name, bytes)) = site_pdf(&book, &theme, &history, &mut warnings)? {
        staging.write(&name, &bytes)?;
        files += 1;
        clock.lap("pdf");
    }
    let output = staging.finish()?;
    clock.lap("swap in");
    Ok(BuildReport {
        output,
        standards: book.standards.len(),
        terms: book.terms.len(),
        checklists: book.checklists.len(),
        files,
        warnings,
        sources: book.sources,
        timings: clock.laps,
        histories: (history.standards.len(), history.cached),
    })
}

/// Typesets `selection` of `book` as a PDF; what prints differently from
/// the site is added to `warnings` (W0801), a layout failure is E0802 at the
/// file whose part of the book failed.
#[cfg(feature = "pdf")]
fn typeset(
    book: &Book,
    theme: &render::theme::Theme,
    selection: &print::markup::Selection,
    warnings: &mut Vec<Diagnostic>,
) -> Result<print::pdf::Typeset> {
    use diagnostic::{Location, codes};
    let mut markup =
        print::markup::book_markup(book, &theme.strings, selection).map_err(Error::Usage)?;
    let located = |path: &Path, offset: usize| match book.sources.get(path) {
        Some(text) => Location::at_offset(path, text, offset.min(text.len()), 0),
        None => Location::at_line(path, 1, 1),
    };
    warnings.extend(markup.degraded.iter().map(|d| {
        Diagnostic::warning(codes::NO_PRINT_FORM, d.message.clone()).at(located(&d.path, d.offset))
    }));
    let source = std::mem::take(&mut markup.source);
    let images = print::pdf::Images {
        folder: (book.folder.clone())
            .ok_or_else(|| Error::io(&book.root, std::io::ErrorKind::NotFound.into()))?,
        files: markup.images.drain(..).collect(),
    };
    print::pdf::typeset(source, images, model::date::Date::today()).map_err(|errors| Error::Book {
        diagnostics: errors
            .into_iter()
            .map(|e| {
                let message = format!("the PDF could not be typeset: {}", e.message);
                let d = Diagnostic::error(codes::TYPESET_FAILED, message);
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
    })
}

/// The PDF `build` writes into the site when the book asks for one
/// (`pdf: true`): `<book folder>.pdf`, with its name and bytes.
#[cfg(feature = "pdf")]
fn site_pdf(
    book: &Book,
    theme: &render::theme::Theme,
    history: &history::History,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<(String, Vec<u8>)>> {
    if !book.config.pdf {
        return Ok(None);
    }
    let parts = print::parts::Parts::of_book(book);
    let selection = print::markup::Selection {
        only: None,
        release: printed_release(book, &parts, history),
        parts,
        paper: book.config.paper,
    };
    let typeset = typeset(book, theme, &selection, warnings)?;
    Ok(Some((output::pdf_name(&book.root), typeset.pdf)))
}

/// This version's change log, when the printed parts hold it.
#[cfg(feature = "pdf")]
fn printed_release(
    book: &Book,
    parts: &print::parts::Parts,
    history: &history::History,
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
fn site_pdf(
    book: &Book,
    _theme: &render::theme::Theme,
    _history: &history::History,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<(String, Vec<u8>)>> {
    if book.config.pdf {
        let config = Path::new(config::CONFIG_FILE);
        warnings.push(
            Diagnostic::warning(
                diagnostic::codes::NO_PRINT_FORM,
                "`pdf: true` is ignored: this standbook was built without the `pdf` feature; \
                 print the site's print.html from a browser, or use a standbook built with default features",
            )
            .at(check::at_key(book, config, "pdf", "true", 0)),
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
    } = compile(&options.book, &[])?;
    let parts = match &options.parts {
        None => print::parts::Parts::of_book(&book),
        Some(names) => print::parts::Parts::named(&book, names)
            .map_err(|unknown| Error::Usage(format!("--parts: {unknown}")))?,
    };
    // One standard or checklist alone has no change log.
    let release = match parts.changes && options.only.is_none() {
        true => printed_release(&book, &parts, &history::History::read_versions(&book)),
        false => None,
    };
    let selection = print::markup::Selection {
        only: options.only.clone(),
        release,
        parts,
        paper: options.paper.unwrap_or(book.config.paper),
    };
    let typeset = typeset(&book, &theme, &selection, &mut warnings)?;
    let name = match &options.only {
        Some(id) => format!("{}.pdf", id.to_lowercase()),
        None => output::pdf_name(&options.book),
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
