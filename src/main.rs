//! The `standbook` command line: parses arguments, runs the library, prints
//! results and diagnostics, and chooses the exit code
//! (0 fine, 1 the book has errors, 2 usage or I/O failure).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use standbook::diagnostic::{self, Diagnostic, SourceMap};
use standbook::language::cldr::english_count;
use standbook::serve::{HttpOptions, ServeOptions};
use standbook::{BuildOptions, Error};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Compile a service-standards book from Markdown and YAML into a handbook site.
#[derive(Debug, Parser)]
#[command(name = "standbook", version, about)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print warnings in full and how long each stage took.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// When to color diagnostics; `auto` colors a terminal unless `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// Output folder (default: `output:` in standbook.yaml, ../book-output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Open the built site in the default browser.
        #[arg(long)]
        open: bool,
        /// Where the site is published (over `base_url` in standbook.yaml):
        /// canonical links, link previews and the sitemap use it.
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<String>,
    },
    /// Validate the book without writing anything.
    Check {
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// How to print diagnostics: for people, as JSON, as GitHub Actions
        /// annotations, or as a GitLab Code Quality report.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Fail (exit 1) on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Also request every external link (a few at a time; links that worked are cached for a day).
        #[arg(long)]
        external: bool,
        /// Seconds one external link may take.
        #[arg(long, default_value_t = 10, requires = "external")]
        timeout: u64,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every save, reloading open pages.
    Serve {
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// Output folder (default: `output:` in standbook.yaml).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Port to listen on (default: 4111, or a free one when it is taken; 0: a free one).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on; anything but 127.0.0.1 exposes the book to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes (for file systems without change events).
        #[arg(long)]
        poll: bool,
    },
    /// Rebuild on every save, without serving.
    Watch {
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// Output folder (default: `output:` in standbook.yaml).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Poll for changes (for file systems without change events).
        #[arg(long)]
        poll: bool,
    },
    /// Check texts (reply drafts, chat logs, folders of them) against the book's communication rules.
    Lint {
        /// Files or folders to check; `-` or none reads standard input.
        paths: Vec<PathBuf>,
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// How to print what was found.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// List the book's released editions with when each was in force, or
    /// (with --at) the edition and each standard's version in force on a day.
    Editions {
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// The day to ask about (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        at: Option<standbook::values::date::Date>,
        /// Text, or JSON for other tools.
        #[arg(long, value_enum, default_value_t = EditionsFormat::Text)]
        format: EditionsFormat,
    },
    /// Print the book's change log (for release notes and announcements).
    Changelog {
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// Only what came after this book version (2.1.0) or git revision (tag, commit).
        #[arg(long, value_name = "REV|VERSION")]
        since: Option<String>,
        /// Markdown, or JSON for other tools.
        #[arg(long, value_enum, default_value_t = LogFormat::Md)]
        format: LogFormat,
    },
    /// Typeset the book as a PDF: cover, contents, every standard, glossary,
    /// communication rules, appearance, checklists and this version's changes.
    #[cfg(feature = "pdf")]
    Pdf {
        /// The book folder (default: the current folder, else ./standards).
        #[arg(long)]
        book: Option<PathBuf>,
        /// The PDF to write (default: BOOK-FOLDER.pdf, or ID.pdf with --only).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only this standard or checklist (a printable audit sheet).
        #[arg(long, value_name = "ID")]
        only: Option<String>,
        /// Paper size (default: `paper` in standbook.yaml, else a4).
        #[arg(long, value_enum)]
        paper: Option<standbook::config::Paper>,
        /// Only these parts, comma-separated: cover, contents, standards,
        /// glossary, phrases, appearance, checklists, changes, or a chapter's
        /// folder (default: `print` in standbook.yaml, else all).
        #[arg(
            long,
            value_name = "PARTS",
            value_delimiter = ',',
            conflicts_with = "only"
        )]
        parts: Option<Vec<String>>,
    },
    /// Explain a diagnostic code (`standbook explain E0305`); every code with none given.
    Explain {
        /// The code, such as E0305.
        code: Option<String>,
    },
    /// Create a small example book in DIR that shows every feature.
    Init {
        /// Where to create the book (must not exist or be empty).
        dir: PathBuf,
    },
    /// Print a shell completion script: `standbook completions bash > /etc/bash_completion.d/standbook`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `standbook man > standbook.1`.
    Man,
    /// Write JSON Schemas of the book's YAML files into DIR, for editors.
    Schema {
        /// Where to write them (e.g. BOOK/.schemas).
        dir: PathBuf,
    },
    /// Write the default theme's files into DIR (e.g. BOOK/theme) to start
    /// an override; keep only the files you change.
    Theme {
        /// Where to write them.
        dir: PathBuf,
        /// Only these files (`static/style.css`, `templates/standard.html`, …).
        files: Vec<String>,
    },
}

/// When to color what is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
enum ColorChoice {
    /// On a terminal, unless the `NO_COLOR` environment variable is set.
    #[default]
    Auto,
    /// Always, also into a pipe or file.
    Always,
    /// Never.
    Never,
}

/// The `--color` the command was run with.
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Whether to color what goes to standard error (`to_stderr`) or output.
fn colored(to_stderr: bool) -> bool {
    match COLOR.get().copied().unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let terminal = if to_stderr {
                std::io::stderr().is_terminal()
            } else {
                std::io::stdout().is_terminal()
            };
            terminal && !no_color
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Deny {
    /// Treat warnings as errors.
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EditionsFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Compiler-like text with the source line.
    Human,
    /// A JSON array of diagnostics.
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request's lines.
    Github,
    /// A GitLab Code Quality report (JSON), shown on the merge request.
    Gitlab,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    COLOR.get_or_init(|| cli.color);
    let result = match &cli.command {
        Command::Build {
            book,
            out,
            open,
            base_url,
        } => build(&cli, book.as_deref(), out.clone(), base_url.clone(), *open),
        Command::Completions { shell } => completions(*shell),
        Command::Man => man_page(),
        Command::Theme { dir, files } => export_theme(&cli, dir, files),
        Command::Schema { dir } => write_schemas(&cli, dir),
        Command::Check {
            book,
            format,
            deny,
            external,
            timeout,
        } => {
            let external = external.then(|| standbook::check::external::Options {
                timeout: std::time::Duration::from_secs(*timeout),
                ..Default::default()
            });
            check(&cli, book.as_deref(), *format, deny.is_some(), external)
        }
        Command::Init { dir } => init(&cli, dir),
        Command::Explain { code } => explain(code.as_deref()),
        #[cfg(feature = "pdf")]
        Command::Pdf {
            book,
            out,
            only,
            paper,
            parts,
        } => find_book(book.as_deref()).and_then(|book| {
            let options = standbook::PdfOptions {
                book,
                out: out.clone(),
                only: only.clone(),
                paper: *paper,
                parts: parts.clone(),
            };
            pdf(&cli, &options)
        }),
        Command::Editions { book, at, format } => editions(book.as_deref(), *at, *format),
        Command::Changelog {
            book,
            since,
            format,
        } => changelog(book.as_deref(), since.as_deref(), *format),
        Command::Lint {
            paths,
            book,
            format,
        } => lint(&cli, paths, book.as_deref(), *format),
        Command::Serve {
            book,
            out,
            port,
            bind,
            open,
            poll,
        } => {
            let http = HttpOptions {
                bind: *bind,
                port: *port,
                open: *open,
            };
            serve(&cli, book.as_deref(), out.clone(), *poll, Some(http))
        }
        Command::Watch { book, out, poll } => {
            serve(&cli, book.as_deref(), out.clone(), *poll, None)
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => report_error(&error),
    }
}

/// Prints what a diagnostic code means and what to do; with no code, the list of codes.
fn explain(code: Option<&str>) -> Result<ExitCode, Error> {
    use standbook::diagnostic::Code;
    let Some(wanted) = code else {
        for code in Code::ALL {
            println!("{}  {}", code.id(), code.summary());
        }
        return Ok(ExitCode::SUCCESS);
    };
    match Code::from_id(wanted) {
        Some(code) => {
            print!("{}", code.explain());
            Ok(ExitCode::SUCCESS)
        }
        None => Err(Error::Usage(format!(
            "`{wanted}` is not a standbook diagnostic code; `standbook explain` lists them all"
        ))),
    }
}

fn find_book(book: Option<&Path>) -> Result<PathBuf, Error> {
    standbook::config::find_book(book).map_err(Error::Usage)
}

/// A `--base-url`: an http(s) address, as `base_url` in standbook.yaml must be.
fn parse_base_url(url: &str) -> Result<String, String> {
    match standbook::config::is_web_address(url) {
        true => Ok(url.to_string()),
        false => Err(
            "give an http:// or https:// address, such as https://intranet.example/handbook".into(),
        ),
    }
}

fn build(
    cli: &Cli,
    book: Option<&Path>,
    out: Option<PathBuf>,
    base_url: Option<String>,
    open: bool,
) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let book = find_book(book)?;
    remove_unfinished_on_interrupt()?;
    let report = with_progress(cli, "Building the site", || {
        standbook::build(&BuildOptions {
            book,
            out,
            base_url,
        })
    })?;
    print_warnings(cli, &report.warnings, &report.sources);
    if cli.verbose {
        for (stage, time) in &report.timings {
            eprintln!("  {stage:<16} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
        let (histories, cached) = report.histories;
        if histories > 0 {
            eprintln!(
                "  {cached} of {histories} standards' histories unchanged since the last build"
            );
        }
    }
    if !cli.quiet {
        println!(
            "Built {}, {}, {} ({}) into {} in {:.2} s",
            english_count(report.standards, "standard"),
            english_count(report.terms, "term"),
            english_count(report.checklists, "checklist"),
            english_count(report.files, "file"),
            report.output.display(),
            started.elapsed().as_secs_f64()
        );
        let editions = &report.editions;
        let count = editions.written.len();
        if count > 0 {
            println!(
                "  with {} under editions/: {} ({} rendered, {} unchanged)",
                english_count(count, "edition"),
                editions.written.join(", "),
                editions.built.len(),
                editions.reused.len()
            );
        }
    }
    print_edition_warnings(cli, &report.editions);
    if open && let Err(e) = opener::open_browser(report.output.join("index.html")) {
        eprintln!("warning: could not open a browser: {e}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `work` with a spinner and the time taken on standard error — only
/// on a terminal, and not with `-q` — for work that can take seconds.
fn with_progress<T>(cli: &Cli, message: &str, work: impl FnOnce() -> T) -> T {
    if cli.quiet || !std::io::stderr().is_terminal() {
        return work();
    }
    let spinner = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        spinner.set_style(style);
    }
    spinner.set_message(message.to_string());
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let result = work();
    spinner.finish_and_clear();
    result
}

/// Prints the completion script for `shell`, generated from the command line's definition.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Error> {
    use clap::CommandFactory;
    clap_complete::generate(
        shell,
        &mut Cli::command(),
        "standbook",
        &mut std::io::stdout(),
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the JSON Schemas of the book's files.
fn write_schemas(cli: &Cli, dir: &Path) -> Result<ExitCode, Error> {
    let written = standbook::schema::write(dir)?;
    if !cli.quiet {
        println!("Wrote {} into {}", written.join(", "), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the default theme's files for an override.
fn export_theme(cli: &Cli, dir: &Path, files: &[String]) -> Result<ExitCode, Error> {
    let written = standbook::theme::export(dir, files)?;
    if !cli.quiet {
        println!(
            "Wrote {} of the default theme into {}; delete those you do not change, so the others follow standbook's updates",
            english_count(written.len(), "file"),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page, generated from the command line's definition.
fn man_page() -> Result<ExitCode, Error> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::io(Path::new("-"), e))?;
    std::io::stdout()
        .write_all(&page)
        .map_err(|e| Error::io(Path::new("-"), e))?;
    Ok(ExitCode::SUCCESS)
}

fn changelog(
    book: Option<&Path>,
    since: Option<&str>,
    format: LogFormat,
) -> Result<ExitCode, Error> {
    let (log, theme, book) = standbook::changelog(&find_book(book)?, since)?;
    match format {
        LogFormat::Md => print!("{}", log.markdown(&book.config.title, &theme.strings)),
        LogFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into())
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// A day on the command line: `2025-03-01`.
fn parse_day(text: &str) -> Result<standbook::values::date::Date, String> {
    standbook::values::date::Date::parse(text)
        .map_err(|_| "give a day as YYYY-MM-DD, such as 2025-03-01".to_string())
}

fn editions(
    book: Option<&Path>,
    at: Option<standbook::values::date::Date>,
    format: EditionsFormat,
) -> Result<ExitCode, Error> {
    let (book, releases, found) =
        standbook::pipeline::editions::releases_and_in_force(&find_book(book)?, at)?;
    if format == EditionsFormat::Json {
        let json = match &found {
            Some(found) => serde_json::to_string_pretty(found),
            None => serde_json::to_string_pretty(&releases),
        };
        println!("{}", json.unwrap_or_else(|_| "null".into()));
        return Ok(ExitCode::SUCCESS);
    }
    let period = |r: &standbook::history::releases::Release| match (r.effective, r.until) {
        (Some(from), Some(until)) => format!("in force {from} to {until}"),
        (Some(from), None) => format!("in force from {from}"),
        _ => "no effective date".to_string(),
    };
    match found {
        None => {
            println!(
                "{}: {}",
                book.config.title,
                english_count(releases.len(), "released edition")
            );
            for release in &releases {
                let now = match release.version == book.config.version {
                    true => "  (the book's version now)",
                    false => "",
                };
                println!(
                    "  {:<10} {:<36} released in {} on {}{now}",
                    release.version.to_string(),
                    period(release),
                    &release.commit[..release.commit.len().min(7)],
                    release.date
                );
            }
            if releases.is_empty() {
                println!("  No commit in git changes `version` in standbook.yaml yet.");
            }
        }
        Some(found) => print_in_force(&found, &period),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_in_force(
    found: &standbook::history::in_force::InForce,
    period: &dyn Fn(&standbook::history::releases::Release) -> String,
) {
    let Some(edition) = &found.edition else {
        println!("On {} no edition of the book was in force yet.", found.day);
        return;
    };
    println!(
        "On {}, edition {} was in force ({}).",
        found.day,
        edition.version,
        period(edition)
    );
    for standard in &found.standards {
        let s = &standard.standard;
        let since = s
            .effective
            .map(|d| format!(" since {d}"))
            .unwrap_or_default();
        let coming = standard.upcoming.as_ref().map_or_else(String::new, |u| {
            let from = u
                .effective
                .map(|d| format!(" from {d}"))
                .unwrap_or_default();
            format!(" ({} announced{from})", u.version)
        });
        println!(
            "  {:<10} {:<8}{since}  {}{coming}",
            s.id, s.version, s.title
        );
    }
    for s in &found.not_yet {
        let from = s
            .effective
            .map(|d| format!(" from {d}"))
            .unwrap_or_default();
        println!(
            "  {:<10} not yet in force ({}{from})  {}",
            s.id, s.version, s.title
        );
    }
}

#[cfg(feature = "pdf")]
fn pdf(cli: &Cli, options: &standbook::PdfOptions) -> Result<ExitCode, Error> {
    let started = Instant::now();
    remove_unfinished_on_interrupt()?;
    let report = with_progress(cli, "Typesetting the PDF", || standbook::pdf(options))?;
    print_warnings(cli, &report.warnings, &report.sources);
    if !cli.quiet {
        println!(
            "Wrote {} ({} pages, {} KB) in {:.2} s",
            report.output.display(),
            report.pages,
            report.bytes.div_ceil(1024),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// On Ctrl+C or SIGTERM, removes what the build was writing and exits
/// (130, as a shell reports an interrupted command).
fn remove_unfinished_on_interrupt() -> Result<(), Error> {
    ctrlc::set_handler(|| {
        standbook::output::unfinished::remove_all();
        std::process::exit(130);
    })
    .map_err(|e| Error::system("handle Ctrl+C", e))
}

/// The editions a build left out, and why; nothing with `-q`.
fn print_edition_warnings(cli: &Cli, editions: &standbook::pipeline::editions::EditionsReport) {
    if cli.quiet {
        return;
    }
    for (version, why) in &editions.failed {
        eprintln!("warning: edition {version} is left out of the site: {why}");
    }
    if let Some(since) = editions.shallow_since {
        eprintln!(
            "warning: the clone is shallow, so editions released before {since} are not in the site; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in CI)"
        );
    }
}

fn print_warnings(cli: &Cli, warnings: &[Diagnostic], sources: &SourceMap) {
    if cli.quiet || warnings.is_empty() {
        return;
    }
    if cli.verbose {
        eprint!(
            "{}",
            diagnostic::render_human(warnings, sources, colored(true))
        );
    } else {
        eprintln!(
            "{}; run again with -v to see them",
            english_count(warnings.len(), "warning")
        );
    }
}

fn check(
    cli: &Cli,
    book: Option<&Path>,
    format: CheckFormat,
    deny_warnings: bool,
    external: Option<standbook::check::external::Options>,
) -> Result<ExitCode, Error> {
    let book = find_book(book)?;
    let input = standbook::pipeline::BookInput::read(&book)?;
    let skip = vec![standbook::output::absolute(&input.output_dir(None))?];
    let (loaded, diagnostics) = standbook::pipeline::check_input(input, &skip, external.as_ref())?;
    let (errors, warnings) = diagnostic::count(&diagnostics);
    let shown: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.is_error() || !cli.quiet)
        .collect();
    let from_repository = book_from_working_folder(&book);
    match format {
        CheckFormat::Json => println!("{}", diagnostic::render_json(&shown)),
        CheckFormat::Github => print!(
            "{}",
            diagnostic::ci::render_github(&shown, &from_repository)
        ),
        CheckFormat::Gitlab => {
            println!(
                "{}",
                diagnostic::ci::render_gitlab(&shown, &from_repository)
            )
        }
        CheckFormat::Human => {
            print!(
                "{}",
                diagnostic::render_human(&shown, &loaded.sources, colored(false))
            );
            if !cli.quiet {
                println!(
                    "{}: {}, {}, {}",
                    loaded.config.title,
                    english_count(loaded.standards.len(), "standard"),
                    english_count(errors, "error"),
                    english_count(warnings, "warning")
                );
            }
        }
    }
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    Ok(ExitCode::from(u8::from(failed)))
}

/// The book folder as seen from where the command runs (a CI job's checkout):
/// relative when it lies inside, so annotations name repository paths.
fn book_from_working_folder(book: &Path) -> PathBuf {
    let here = std::env::current_dir().ok();
    let absolute = std::fs::canonicalize(book).ok();
    match (here.and_then(|h| std::fs::canonicalize(h).ok()), absolute) {
        (Some(here), Some(book)) => book
            .strip_prefix(&here)
            .map_or(book.clone(), Path::to_path_buf),
        _ => book.to_path_buf(),
    }
}

fn lint(
    cli: &Cli,
    paths: &[PathBuf],
    book: Option<&Path>,
    format: Format,
) -> Result<ExitCode, Error> {
    let rules = standbook::lint::load_rules(&find_book(book)?)?;
    let inputs = standbook::lint::inputs(paths)?;
    let color = colored(false);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut forbidden, mut care) = (0, 0);
    let mut first = true;
    let write_error = |e: std::io::Error| Error::io(Path::new("-"), e);
    if format == Format::Json {
        write!(out, "[").map_err(write_error)?;
    }
    // Each text is read, checked and reported before the next is read, and
    // each hit is written as it is found: memory stays near one text's size.
    for input in &inputs {
        let (name, text) = (input.name(), input.read()?);
        let lines = standbook::lint::Lines::new(&text);
        let mut written = Ok(());
        rules.each_hit(&text, |hit| {
            let report = rules.report(&name, &text, &lines, &hit);
            let diagnostic = rules.diagnostic(&report);
            match diagnostic.is_error() {
                true => forbidden += 1,
                false => care += 1,
            }
            let shown = match format {
                Format::Json => {
                    let separator = if std::mem::take(&mut first) {
                        "\n"
                    } else {
                        ",\n"
                    };
                    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
                    format!("{separator}{}", indent(&json))
                }
                Format::Human => {
                    let line = lines.line(report.line);
                    diagnostic::render_at_line(&diagnostic, Some(line), color) + "\n\n"
                }
            };
            if written.is_ok() {
                written = out.write_all(shown.as_bytes());
            }
        });
        written.map_err(write_error)?;
    }
    match format {
        Format::Json => writeln!(out, "{}]", if first { "" } else { "\n" }).map_err(write_error)?,
        Format::Human if !cli.quiet => writeln!(
            out,
            "{} checked: {}, {care} to use with care",
            english_count(inputs.len(), "text"),
            english_count(forbidden, "forbidden phrase")
        )
        .map_err(write_error)?,
        Format::Human => {}
    }
    out.flush().map_err(write_error)?;
    Ok(ExitCode::from(u8::from(forbidden > 0)))
}

/// `json` indented by two spaces, as an element of the array `lint` prints.
fn indent(json: &str) -> String {
    json.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn serve(
    cli: &Cli,
    book: Option<&Path>,
    out: Option<PathBuf>,
    poll: bool,
    http: Option<HttpOptions>,
) -> Result<ExitCode, Error> {
    let options = ServeOptions {
        book: find_book(book)?,
        out,
        http,
        poll,
        color: colored(true),
        verbose: cli.verbose,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| Error::system("handle Ctrl+C", e))?;
    standbook::serve::run(&options, &stop)?;
    Ok(ExitCode::SUCCESS)
}

fn init(cli: &Cli, dir: &Path) -> Result<ExitCode, Error> {
    let written = standbook::init::scaffold(dir)?;
    if !cli.quiet {
        println!("Created a book with {written} files in {}", dir.display());
        println!("Build it with: standbook build --book {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn report_error(error: &Error) -> ExitCode {
    match error {
        Error::Book {
            diagnostics,
            sources,
        } => {
            eprint!(
                "{}",
                diagnostic::render_human(diagnostics, sources, colored(true))
            );
            let (errors, warnings) = diagnostic::count(diagnostics);
            eprintln!(
                "error: the book has {} and {}; nothing was written",
                english_count(errors, "error"),
                english_count(warnings, "warning")
            );
            ExitCode::from(1)
        }
        Error::Usage(_) | Error::Io { .. } | Error::System { .. } => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Error::Bug(_) => {
            eprintln!("error: {error}");
            ExitCode::from(101)
        }
    }
}
