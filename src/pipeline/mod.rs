//! The one sequence of stages every command runs.
//!
//! A build is: read `standbook.yaml` → walk and assemble the book ([`load`])
//! → check it (errors stop here, before anything is written) → load the theme
//! → read its history → choose the pages to render → render them → build the
//! search index → typeset the PDF when the book asks for one → the book's
//! assets. Every file goes to a [`SiteSink`]; what the sink does with it is the
//! driver's choice: `build` writes into a staging folder swapped in at the end
//! ([`build`]), `serve` and `watch` write only what changed into the live
//! folder (`crate::serve::live`). Their caches ([`Caches`]) and their choice
//! of pages ([`Selection`]) are inputs to the same [`Pipeline::run`], so both
//! write the same site, byte for byte. `pdf` runs the same stages up to the
//! theme and typesets what it is asked for ([`pdf`]).

pub mod build;
pub mod editions;
pub mod pdf;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check;
use crate::config::{self, BookConfig};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::error::{Error, Result};
use crate::history::{self, History};
use crate::model::{self, Book, ParseCache};
use crate::output;
use crate::render::{self, PrintCache, SiteSink};
use crate::search::IndexCache;
use crate::source;
use crate::theme::Theme;

pub use crate::render::Selection;

/// `standbook.yaml` of a book, read once per run: its settings and its text.
#[derive(Debug, Clone)]
pub struct BookInput {
    /// The book folder.
    pub root: PathBuf,
    /// The settings.
    pub config: BookConfig,
    /// The text they were read from (for diagnostics pointing into it).
    pub config_text: String,
}

impl BookInput {
    /// Reads `standbook.yaml` of the book at `root`.
    pub fn read(root: &Path) -> Result<BookInput> {
        let name = Path::new(config::CONFIG_FILE);
        let bytes = source::BookFolder::open(root)
            .and_then(|folder| folder.read(name))
            .map_err(|e| Error::io(root.join(name), e))?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => match text.strip_prefix('\u{feff}') {
                Some(stripped) => stripped.to_string(),
                None => text,
            },
            Err(e) => {
                return Err(Error::Book {
                    diagnostics: vec![source::not_utf8(name, e.as_bytes())],
                    sources: SourceMap::default(),
                });
            }
        };
        match config::parse(&text) {
            Ok(config) => Ok(BookInput {
                root: root.to_path_buf(),
                config,
                config_text: text,
            }),
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

    /// The output folder: `out` if given, else `output:` relative to the book.
    pub fn output_dir(&self, out: Option<&Path>) -> PathBuf {
        output_dir(&self.root, &self.config, out)
    }
}

/// Reads `standbook.yaml` of the book at `root`.
pub fn read_config(root: &Path) -> Result<BookConfig> {
    BookInput::read(root).map(|input| input.config)
}

/// The output folder of a book: `--out` if given, else `output:` relative to the book.
pub fn output_dir(root: &Path, config: &BookConfig, out: Option<&Path>) -> PathBuf {
    out.map(Path::to_path_buf)
        .unwrap_or_else(|| root.join(&config.output))
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

/// Runs `work` and measures how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    (work(), start.elapsed())
}

/// Loads and checks a book; returns it with all its diagnostics (errors included).
pub fn load(root: &Path, skip: &[PathBuf]) -> Result<(Book, Vec<Diagnostic>)> {
    load_input(BookInput::read(root)?, skip, &mut ParseCache::default())
}

/// Walks and assembles the book of `input` and checks it, reusing standards
/// parsed by an earlier load (in `cache`) when their text is unchanged.
pub fn load_input(
    input: BookInput,
    skip: &[PathBuf],
    cache: &mut ParseCache,
) -> Result<(Book, Vec<Diagnostic>)> {
    let BookInput {
        root,
        config,
        config_text,
    } = input;
    let tree =
        source::walk_cached(&root, skip, &mut cache.reads).map_err(|e| Error::io(&root, e))?;
    let (mut book, mut diagnostics) = model::assemble(&root, config, tree, cache);
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
    check_input(BookInput::read(root)?, skip, external)
}

/// Like [`check_book`], for a book whose `standbook.yaml` is read already.
pub fn check_input(
    input: BookInput,
    skip: &[PathBuf],
    external: Option<&check::external::Options>,
) -> Result<(Book, Vec<Diagnostic>)> {
    let (book, mut diagnostics) = load_input(input, skip, &mut ParseCache::default())?;
    diagnostics.extend(check::thorough(&book));
    diagnostics.extend(check::history(&book, &History::read_versions(&book)));
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
    pub theme: Theme,
    /// Warnings found while checking (errors stop compilation).
    pub warnings: Vec<Diagnostic>,
}

/// Loads, checks and prepares a book for rendering; fails with every error of the book.
pub fn compile(root: &Path, skip: &[PathBuf]) -> Result<Compiled> {
    compile_input(BookInput::read(root)?, skip, &mut ParseCache::default())
}

/// Like [`compile`], for a book whose `standbook.yaml` is read already,
/// reusing standards parsed by an earlier compilation.
pub fn compile_input(
    input: BookInput,
    skip: &[PathBuf],
    cache: &mut ParseCache,
) -> Result<Compiled> {
    let (book, diagnostics) = load_input(input, skip, cache)?;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Book {
            diagnostics,
            sources: book.sources,
        });
    }
    let overrides = book.folder.as_ref().map(|folder| crate::theme::Overrides {
        folder,
        dir: Path::new(&book.config.theme),
    });
    let theme =
        Theme::load(overrides, book.config.language).map_err(|diagnostics| Error::Book {
            sources: with_files_of(&book, &diagnostics, book.sources.clone()),
            diagnostics,
        })?;
    Ok(Compiled {
        book,
        theme,
        warnings: diagnostics,
    })
}

/// `sources` with the text of every book file `diagnostics` point into that
/// it lacks (a theme template), so each is shown with its line.
fn with_files_of(book: &Book, diagnostics: &[Diagnostic], mut sources: SourceMap) -> SourceMap {
    let Some(folder) = &book.folder else {
        return sources;
    };
    for location in diagnostics.iter().filter_map(|d| d.location.as_ref()) {
        if sources.get(&location.file).is_none()
            && let Ok(Ok(text)) = folder.read(&location.file).map(String::from_utf8)
        {
            sources.insert(location.file.clone(), text);
        }
    }
    sources
}

/// A failed run's error, with the book files its diagnostics point into.
fn with_sources(book: &Book, error: Error) -> Error {
    match error {
        Error::Book {
            diagnostics,
            sources,
        } => Error::Book {
            sources: with_files_of(book, &diagnostics, sources),
            diagnostics,
        },
        other => other,
    }
}

/// The book's change log (see [`history::changelog`]), the whole of it or
/// `since` a book version (`2.1.0`) or a git revision (a tag, a commit);
/// with the labels of the book's language for printing it.
pub fn changelog(
    root: &Path,
    since: Option<&str>,
) -> Result<(history::changelog::Changelog, Theme, Book)> {
    let input = BookInput::read(root)?;
    let skip = vec![output::absolute(&input.output_dir(None))?];
    let Compiled { book, theme, .. } = compile_input(input, &skip, &mut ParseCache::default())?;
    let history = History::read_versions(&book);
    let mut log = history::changelog::changelog(&book, &history);
    if let Some(since) = since {
        log = match semver::Version::parse(since) {
            Ok(version) => log.since_version(&crate::values::version::Version(version)),
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

/// What a pipeline keeps from one run to the next. A build starts from
/// empty caches; `serve` and `watch` keep theirs, so a rebuild re-reads,
/// re-parses and re-counts only what changed.
pub struct Caches {
    /// Files read and standards parsed.
    pub parse: ParseCache,
    /// The history read by the last run (read again only after a commit).
    pub history: Option<History>,
    /// Standards counted for the search index.
    pub search: IndexCache,
    /// Standards' parts of the print page.
    pub print: PrintCache,
}

impl Caches {
    /// Caches for one build: they keep nothing once it is done.
    pub fn once() -> Caches {
        Caches {
            parse: ParseCache::default(),
            history: None,
            search: IndexCache::default(),
            print: PrintCache::default(),
        }
    }

    /// Caches for repeated builds of one book.
    pub fn retaining() -> Caches {
        Caches {
            parse: ParseCache::retaining(),
            history: None,
            search: IndexCache::retaining(),
            print: PrintCache::retaining(),
        }
    }
}

/// What one run of the pipeline did.
pub struct Run {
    /// The book it built.
    pub book: Book,
    /// Its warnings (a book with errors stops the run with [`Error::Book`]).
    pub warnings: Vec<Diagnostic>,
    /// How many files the site has.
    pub files: usize,
    /// Whether every page was rendered (not only the chosen standards).
    pub everything: bool,
    /// Standards with a git history, and how many of those histories were
    /// unchanged since the last run (read from the cache).
    pub histories: (usize, usize),
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// How the pages to render are chosen: given the book and whether its git
/// history moved since the last run.
pub type ChoosePages<'c> = dyn FnOnce(&Book, bool) -> Selection + 'c;

/// The stages of a build, run over and over with the same caches.
pub struct Pipeline {
    /// Folders the walk must not read (the output folder).
    skip: Vec<PathBuf>,
    /// What earlier runs left to reuse.
    pub caches: Caches,
    /// Which earlier edition of the book the run builds; `None` for the current book.
    pub edition: Option<crate::model::edition::Edition>,
    /// Whether the site holds the book's earlier editions (`build` writes
    /// them; `serve` and `watch` do not, so their pages offer none).
    pub with_editions: bool,
}

impl Pipeline {
    /// A pipeline that writes into `out` (which the walk then skips).
    pub fn new(out: &Path, caches: Caches) -> Result<Pipeline> {
        Ok(Pipeline {
            skip: vec![output::absolute(out)?],
            caches,
            edition: None,
            with_editions: false,
        })
    }

    /// Runs every stage on the book of `input`, handing each file of the
    /// site to `sink`. `choose` picks the standards whose pages are rendered
    /// (every other page always is). Nothing reaches `sink` if the book has errors.
    /// `site_ready` is called once the pages, the search index and the assets
    /// are written, before the print page and the PDF, which repeat the whole
    /// book and take longest to make; its error ends the run.
    pub fn run(
        &mut self,
        input: BookInput,
        choose: Box<ChoosePages>,
        sink: &SiteSink,
        site_ready: &dyn Fn() -> Result<()>,
    ) -> Result<Run> {
        let mut clock = Stopwatch::start();
        let root = input.root.clone();
        let Compiled {
            mut book,
            theme,
            mut warnings,
        } = compile_input(input, &self.skip, &mut self.caches.parse)?;
        book.edition = self.edition.clone();
        if !self.with_editions {
            book.config.editions.keep = config::KeepEditions::None;
        }
        clock.lap("load and check");
        let history = History::read(&book, self.caches.history.as_ref());
        let moved = self.caches.history.as_ref().map(|h| &h.head) != Some(&history.head);
        warnings.extend(check::history_warnings(&history));
        if book.edition.is_none() {
            show_texts_in_force(&mut book, &history, crate::values::date::Date::today());
        }
        clock.lap("history");
        let selection = choose(&book, moved);
        let everything = matches!(selection, Selection::All);
        // The search index is built while pages render: each stage ends in
        // work for one core (the book's overview pages, the postings), which
        // the other stage's work fills.
        let search = &mut self.caches.search;
        let renderer = render::Renderer::new(&book, &theme, &history);
        let ((rendered, render_time), (shards, search_time)) = rayon::join(
            || timed(|| render::render_selected(&renderer, sink, &selection)),
            || timed(|| search.write_index(&book, sink)),
        );
        let mut files = rendered.map_err(|e| with_sources(&book, e))? + shards?;
        clock.lap("render, index and write");
        clock.laps.push(("  pages", render_time));
        clock.laps.push(("  search index", search_time));
        if everything {
            files += write_assets(&root, sink)?;
        }
        clock.lap("assets");
        site_ready()?;
        let (name, page) = render::render_print(renderer, &selection, &mut self.caches.print)
            .map_err(|e| with_sources(&book, e))?;
        sink(&name, page)?;
        files += 1;
        clock.lap("print page");
        if let Some((name, bytes)) = pdf::site_pdf(&book, &theme, &history, &mut warnings)? {
            sink(&name, bytes)?;
            files += 1;
            clock.lap("pdf");
        }
        let histories = (history.standards.len(), history.cached);
        self.caches.history = Some(history);
        Ok(Run {
            book,
            warnings,
            files,
            everything,
            histories,
            timings: clock.laps,
        })
    }
}

/// Puts in place of each standard whose text takes effect after `today` the
/// text in force today, when git has one (see
/// [`history::in_force::text_in_force`]); the newer text is kept as
/// announced (`Book::announced`). The text in force keeps the newer text's
/// change entries, so its history lists the version announced.
fn show_texts_in_force(book: &mut Book, history: &History, today: crate::values::date::Date) {
    use rayon::prelude::*;
    let found: Vec<(usize, model::standard::Standard)> = (book.standards.par_iter().enumerate())
        .filter(|(_, s)| s.meta.effective > today)
        .filter_map(|(i, s)| {
            let text = history::in_force::text_in_force(&book.root, history, s, today)?;
            let mut in_force = model::standard_from_text(&s.path, &text).ok()?;
            if in_force.meta.id != s.meta.id {
                return None;
            }
            in_force.chapter = s.chapter;
            in_force.order = s.order;
            in_force.number = s.number.clone();
            in_force.meta.changes = s.meta.changes.clone();
            Some((i, in_force))
        })
        .collect();
    for (index, in_force) in found {
        let announced = std::mem::replace(&mut book.standards[index], in_force);
        book.announced.push(model::Announced {
            index,
            standard: announced,
        });
    }
}

/// Hands the book's `assets/` to `sink`; returns how many files there were.
fn write_assets(root: &Path, sink: &SiteSink) -> Result<usize> {
    let assets = source::asset_files(root).map_err(|e| Error::io(root, e))?;
    for (site_path, source) in &assets {
        let bytes = std::fs::read(source).map_err(|e| Error::io(source, e))?;
        sink(site_path, bytes)?;
    }
    Ok(assets.len())
}
