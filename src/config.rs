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
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
    /// Where the book's sources are kept online: each standard links to its
    /// file there, to edit it and to see its history.
    #[serde(default)]
    pub repository: Option<Repository>,
    /// Where the standards' history comes from.
    #[serde(default)]
    pub history: HistorySource,
    /// Which earlier editions of the book `build` writes under `editions/`.
    #[serde(default)]
    pub editions: EditionsConfig,
}

/// Which released editions of the book stay readable in the site: all of
/// them (the default), none, the last N, or those since a version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionsConfig {
    /// `all` (the default) or `none`.
    #[serde(default)]
    pub keep: KeepEditions,
    /// Only the last this many editions.
    #[serde(default)]
    pub last: Option<usize>,
    /// Only this version and the later ones.
    #[serde(default)]
    pub since: Option<Version>,
}

/// Whether earlier editions are written at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KeepEditions {
    /// Every release the history holds (narrowed by `last` and `since`).
    #[default]
    All,
    /// None: the site is the current book alone.
    None,
}

/// Where the standards' history comes from: git (from the first commit, or
/// after a given one), or the front matter's change entries only — for a
/// book kept in a repository whose commits are not the book's (a tool's
/// own example book, a monorepo imported wholesale).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistorySource {
    /// `git` (the default) or `front-matter`.
    #[serde(default)]
    pub from: HistoryFrom,
    /// With git: only commits after this one (its id, at least 4 hex digits).
    #[serde(default)]
    pub since: Option<String>,
}

/// The source of a book's history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryFrom {
    /// The git repository the book is in.
    #[default]
    Git,
    /// The `changes` of the standards' front matter only.
    FrontMatter,
}

/// A repository on GitHub or GitLab that holds the book.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    /// The repository's web address (`https://github.com/acme/standards`).
    pub url: String,
    /// The branch edits go to.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The book's folder inside the repository (`standards`); by default
    /// the folder git reports for the book.
    #[serde(default)]
    pub path: Option<String>,
    /// `github` or `gitlab`; by default read from the address's host.
    #[serde(default)]
    pub host: Option<RepositoryHost>,
}

/// The kind of service a repository is on: their addresses differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RepositoryHost {
    /// GitHub or GitHub Enterprise.
    Github,
    /// GitLab, hosted or self-managed.
    Gitlab,
}

impl Repository {
    /// The service, from `host:` or from the address.
    pub fn host(&self) -> Option<RepositoryHost> {
        let domain = self
            .url
            .split_once("://")
            .map_or("", |(_, rest)| rest.split('/').next().unwrap_or_default());
        self.host.or(if domain.contains("github") {
            Some(RepositoryHost::Github)
        } else if domain.contains("gitlab") {
            Some(RepositoryHost::Gitlab)
        } else {
            None
        })
    }

    /// The addresses to edit `file` (a path from the repository's root) and
    /// to see its history.
    pub fn file_links(&self, file: &str) -> Option<(String, String)> {
        let base = self.url.trim_end_matches('/');
        let path: Vec<String> = std::iter::once(self.branch.as_str())
            .chain(file.split('/'))
            .filter(|part| !part.is_empty())
            .map(|part| percent_encoding::utf8_percent_encode(part, PATH_SEGMENT).to_string())
            .collect();
        let path = path.join("/");
        Some(match self.host()? {
            RepositoryHost::Github => (
                format!("{base}/edit/{path}"),
                format!("{base}/commits/{path}"),
            ),
            RepositoryHost::Gitlab => (
                format!("{base}/-/edit/{path}"),
                format!("{base}/-/commits/{path}"),
            ),
        })
    }
}

/// What a path segment of a link must escape: all but letters, digits and
/// `-._~` (RFC 3986's unreserved characters).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn default_branch() -> String {
    "main".into()
}

/// What a build does with raw HTML in standards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
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
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum, schemars::JsonSchema,
)]
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
    if let Some(repository) = &config.repository {
        check_repository(repository, &at)?;
    }
    if let Some(since) = &config.history.since {
        let is_commit_id =
            (4..=40).contains(&since.len()) && since.chars().all(|c| c.is_ascii_hexdigit());
        if !is_commit_id {
            return Err(Diagnostic::new(
                Code::Config,
                format!("`history.since: {since}` is not a commit id"),
            )
            .at(at("since"))
            .hint("give the id of the last commit to leave out, as `git log --oneline` shows it"));
        }
    }
    config.title = config.title.trim().to_string();
    Ok(config)
}

/// A repository whose address is a web address of a service standbook can
/// link into.
fn check_repository(
    repository: &Repository,
    at: &dyn Fn(&str) -> Location,
) -> Result<(), Diagnostic> {
    if !is_web_address(&repository.url) {
        return Err(Diagnostic::new(
            Code::Config,
            format!(
                "`repository.url: {}` is not an http or https address",
                repository.url
            ),
        )
        .at(at("url"))
        .hint("give the repository's web address, such as https://github.com/acme/standards"));
    }
    if repository.host().is_none() {
        return Err(Diagnostic::new(
            Code::Config,
            format!(
                "standbook cannot tell whether {} is GitHub or GitLab",
                repository.url
            ),
        )
        .at(at("url"))
        .hint("add `host: github` or `host: gitlab` under `repository:`"));
    }
    Ok(())
}

/// Whether `url` is an absolute http(s) address with a host and nothing a
/// feed or sitemap could be tricked with (spaces, quotes, angle brackets).
pub fn is_web_address(url: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        "title: Книга\norganization: ООО «Тест»\nversion: 1.0.0\neffective: 2026-01-01\n";

    #[test]
    fn a_gitlab_repository_links_to_its_edit_and_commits_pages() {
        let config = parse(&format!(
            "{BASE}repository:\n  url: https://git.example.ru/docs/book\n  host: gitlab\n  branch: release\n  path: книга/\n"
        ))
        .unwrap();
        let repository = config.repository.unwrap();
        let (edit, history) = repository.file_links("книга/01 общие/a.md").unwrap();
        assert_eq!(
            edit,
            "https://git.example.ru/docs/book/-/edit/release/%D0%BA%D0%BD%D0%B8%D0%B3%D0%B0/01%20%D0%BE%D0%B1%D1%89%D0%B8%D0%B5/a.md"
        );
        assert!(history.starts_with("https://git.example.ru/docs/book/-/commits/release/"));
    }

    #[test]
    fn a_repository_on_an_unknown_host_asks_which_service_it_is() {
        let error = parse(&format!(
            "{BASE}repository:\n  url: https://git.example.ru/docs/book\n"
        ))
        .unwrap_err();
        assert!(
            error.message.contains("GitHub or GitLab"),
            "{}",
            error.message
        );
        assert!(error.hint.unwrap().contains("host: gitlab"));
        let error = parse(&format!("{BASE}repository:\n  url: javascript:alert(1)\n")).unwrap_err();
        assert!(error.message.contains("not an http"), "{}", error.message);
    }
}
