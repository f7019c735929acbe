//! The book's settings (`standbook.yaml`) and where the book and its output are.
//!
//! A book is any folder with a `standbook.yaml`. It is found from `--book`,
//! else the current folder, else `./standards`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::language::Language;
use crate::source::folder::stays_below;
use crate::values::date::Date;
use crate::values::version::Version;
use crate::yaml;

/// The name of the file that makes a folder a book.
pub const CONFIG_FILE: &str = "standbook.yaml";

/// The contents of `standbook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    /// Title of the book.
    pub title: String,
    /// Company or unit that owns the book.
    pub organization: String,
    /// Language of the book's text and UI.
    #[serde(default)]
    pub language: Language,
    /// Version of the book as a whole.
    pub version: Version,
    /// When this version of the book takes effect.
    pub effective: Date,
    /// A sentence or two shown on the title page.
    #[serde(default)]
    pub description: Option<String>,
    /// Logo image, relative to the book folder.
    #[serde(default)]
    pub logo: Option<String>,
    /// Output folder, relative to the book folder.
    #[serde(default = "default_output")]
    pub output: String,
    /// Folder with theme overrides, relative to the book folder.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Absolute URL where the site is published (used in `sitemap.xml` and the feed).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Paper size of the printed book: `print.html`'s pages and the PDF's.
    #[serde(default)]
    pub paper: Paper,
    /// Whether `build` also writes the book as a PDF (`<book folder>.pdf` in the site).
    #[serde(default)]
    pub pdf: bool,
    /// The parts `print.html` and the PDF hold (see [`crate::model::parts`]);
    /// the whole book when not given.
    #[serde(default)]
    pub print: Option<Vec<String>>,
    /// What happens to raw HTML in standards: sanitized by an allowlist
    /// (the default), or trusted as written.
    #[serde(default)]
    pub raw_html: RawHtml,
    /// How often a glossary term in a standard's text links to its
    /// definition: its first occurrence on the page (the default), in every
    /// section, or never.
    #[serde(default)]
    pub term_links: TermLinks,
    /// The book's own change log: what each version of the book means for
    /// readers. Versions bumped in git without an entry are found anyway.
    #[serde(default)]
    pub changes: Vec<crate::values::change::Change>,
}

/// What a build does with raw HTML in standards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept only as far as the allowlist allows: no scripts, event
    /// handlers, styles, forms or unsafe URLs (each drop a warning).
    #[default]
    Sanitize,
    /// Written into the pages as it is: for books whose every editor is trusted.
    Trust,
}

/// Which occurrences of a glossary term become links to its definition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TermLinks {
    /// The first occurrence on each page.
    #[default]
    Page,
    /// The first occurrence in each section (under each heading).
    Section,
    /// None: terms are not linked.
    Off,
}

/// A paper size for printing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// ISO A3, 297 × 420 mm.
    A3,
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// ISO A5, 148 × 210 mm.
    A5,
    /// US Letter, 8.5 × 11 in.
    UsLetter,
    /// US Legal, 8.5 × 14 in.
    UsLegal,
}

impl Paper {
    /// The name Typst gives this size.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A3 => "a3",
            Paper::A4 => "a4",
            Paper::A5 => "a5",
            Paper::UsLetter => "us-letter",
            Paper::UsLegal => "us-legal",
        }
    }

    /// The CSS `@page { size: … }` of this size.
    pub fn css_size(self) -> &'static str {
        match self {
            Paper::A3 => "A3",
            Paper::A4 => "A4",
            Paper::A5 => "A5",
            Paper::UsLetter => "letter",
            Paper::UsLegal => "legal",
        }
    }
}

impl BookConfig {
    /// What page paths are joined to for absolute links: `base_url` with one
    /// trailing `/`, or nothing when the book has no `base_url`.
    pub fn url_prefix(&self) -> String {
        self.base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/').to_string() + "/")
            .unwrap_or_default()
    }
}

fn default_output() -> String {
    "../book-output".to_string()
}

fn default_theme() -> String {
    "theme".to_string()
}

/// Finds the book folder: `--book`, else the current folder, else `./standards`.
pub fn find_book(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = explicit {
        return if dir.join(CONFIG_FILE).is_file() {
            Ok(dir.to_path_buf())
        } else {
            Err(format!(
                "{} has no {CONFIG_FILE}; pass the folder of a book, or create one with `standbook init {}`",
                dir.display(),
                dir.display()
            ))
        };
    }
    for candidate in [Path::new("."), Path::new("standards")] {
        if candidate.join(CONFIG_FILE).is_file() {
            return Ok(candidate.to_path_buf());
        }
    }
    Err(format!(
        "no book here: neither ./{CONFIG_FILE} nor ./standards/{CONFIG_FILE} exists; pass --book DIR or run `standbook init DIR`"
    ))
}

/// Parses `standbook.yaml` text.
pub fn parse(text: &str) -> Result<BookConfig, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut config: BookConfig = yaml::parse(Path::new(CONFIG_FILE), text, 1)?;
    let at = |key: &str| {
        let (offset, len) = yaml::locate_key(text, key).unwrap_or((0, 1));
        Location::at_offset(Path::new(CONFIG_FILE), text, offset.min(text.len()), len)
    };
    if config.output.trim().is_empty() {
        return Err(Diagnostic::new(Code::Config, "`output` is empty")
            .at(at("output"))
            .hint("remove the key to use ../book-output"));
    }
    let inside = [
        ("theme", Some(&config.theme)),
        ("logo", config.logo.as_ref()),
    ];
    for (key, path) in inside {
        if let Some(path) = path.filter(|p| !stays_below(Path::new(p.as_str()))) {
            return Err(Diagnostic::new(
                Code::Config,
                format!("`{key}: {path}` points outside the book folder"),
            )
            .at(at(key))
            .hint(format!(
                "`{key}` names a path inside the book, such as `{}`",
                match key {
                    "theme" => "theme",
                    _ => "assets/logo.svg",
                }
            )));
        }
    }
    if let Some(url) = &config.base_url
        && !is_web_address(url)
    {
        return Err(Diagnostic::new(
            Code::Config,
            format!("`base_url: {url}` is not an http or https address"),
        )
        .at(at("base_url"))
        .hint(
            "give the address the site is published at, such as https://standards.example.com/",
        ));
    }
    config.title = config.title.trim().to_string();
    Ok(config)
}

/// Whether `url` is an absolute http(s) address with a host and nothing a
/// feed or sitemap could be tricked with (spaces, quotes, angle brackets).
fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
    })
}
