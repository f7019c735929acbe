//! Rendering: the typed book becomes the pages of a static site.
//!
//! Every page is a Tera template of the theme filled with a small, serializable
//! view of the book (see [`views`]). Standards are rendered in parallel. The
//! result is a list of files in memory; writing them is the output stage's job.

pub mod body;
mod changes;
mod editions;
mod links;
mod nav;
mod pages;
mod print;
mod redline;
mod views;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, SourceMap};
use crate::error::{Error, Result};
use crate::history::History;
use crate::history::changelog::Changelog;
use crate::history::releases;
pub use print::PrintCache;

use crate::language::terms::TermMatcher;
use crate::markdown::Embed;
use crate::model::Book;
use crate::model::glossary::Term;
use crate::model::pages::Page;
use crate::theme::Theme;
use crate::values::date::Date;

/// Where rendered files go: a function that writes `bytes` at the site-relative `path`.
/// Called from several threads at once; it owns the bytes, so a file queued
/// for writing is never copied.
pub type SiteSink<'a> = dyn Fn(&str, Vec<u8>) -> Result<()> + Sync + 'a;

/// What every page renderer needs: the book, the theme and the term matcher.
pub struct Renderer<'b> {
    /// The book being rendered.
    pub book: &'b Book,
    /// The theme.
    pub theme: &'b Theme,
    /// Finds glossary terms in text.
    pub terms: TermMatcher,
    /// The day the build runs (for "upcoming" and "review overdue").
    pub today: Date,
    /// Every page in reading order, for previous/next links.
    pub order: nav::ReadingOrder,
    /// What changed in each standard, when and by whom.
    pub history: &'b History,
    /// The book's change log.
    pub changelog: Changelog,
    /// Where links inside the book point (site pages, or the one-page print version).
    pub links: links::LinkStyle<'b>,
    /// The redlines of standards with uncommitted changes, those woven in.
    pub drafts: HashMap<PathBuf, crate::history::redline::Redline>,
    /// Each standard's links from its versions to their redlines.
    version_links: HashMap<PathBuf, redline::VersionLinks>,
    /// The earlier editions the site keeps, oldest first (none in an earlier edition).
    pub editions: Vec<crate::history::releases::Release>,
    /// What every page's context shares.
    shared: pages::SharedContext,
}

impl<'b> Renderer<'b> {
    /// A renderer for `book` with `theme` and its `history`.
    pub fn new(book: &'b Book, theme: &'b Theme, history: &'b History) -> Self {
        let terms = crate::model::glossary::matcher(&book.terms, book.config.language, false);
        let order = nav::ReadingOrder::new(book, &theme.strings);
        let today = Date::today();
        let draft = crate::theme::string(&theme.strings, "draft");
        let drafts = redline::with_drafts(book, history, today, &draft);
        let editions = match book.edition {
            Some(_) => Vec::new(),
            None => releases::kept(&book.config.editions, releases::releases(history)),
        };
        Renderer {
            version_links: redline::version_links(book, history, &drafts),
            shared: pages::SharedContext::new(book, &theme.strings, !editions.is_empty()),
            editions,
            drafts,
            book,
            theme,
            terms,
            today,
            order,
            history,
            changelog: crate::history::changelog::changelog(book, history),
            links: links::LinkStyle::Site,
        }
    }

    /// The links from a standard's versions to their redlines, when it has a redline.
    pub fn version_links(
        &self,
        standard: &crate::model::standard::Standard,
    ) -> Option<&redline::VersionLinks> {
        self.version_links.get(&standard.path)
    }

    /// The opening tag of a link to a glossary term, with its definition as tooltip.
    pub fn term_link_open(&self, term: &Term) -> String {
        let mut html = String::from("<a class=\"term\" href=\"");
        escape_attr(&mut html, &self.links.term(&term.anchor()));
        html.push_str("\" data-tip=\"");
        escape_attr(&mut html, &format!("{} — {}", term.term, term.definition));
        html.push_str("\">");
        html
    }

    /// The HTML of an embed (`{{phrases}}`, `{{appearance role=…}}`, `{{checklist id=…}}`).
    /// `heading_above` is the author's heading right above the embed: an
    /// embed it already names shows no title of its own.
    pub fn embed(&self, embed: &Embed, heading_above: Option<&str>) -> String {
        // The single page prints an embed once, in its own part, when it has it.
        if self.links.prints(embed_page(embed)) {
            return print::embed_reference(self, embed);
        }
        let named = |title: &str| {
            heading_above
                .is_some_and(|h| crate::language::normalize(h) == crate::language::normalize(title))
        };
        let rendered = match embed {
            Embed::Phrases { category } => {
                pages::phrases_fragment(self, category.as_deref(), &named)
            }
            Embed::Appearance { role } => pages::appearance_fragment(self, role, &named),
            Embed::Checklist { id } => pages::checklist_fragment(self, id, &named),
        };
        rendered.unwrap_or_else(|d| {
            let mut html = String::from("<p class=\"embed-error\">");
            escape_attr(&mut html, &d.message);
            html.push_str("</p>");
            html
        })
    }
}

/// The site's page that shows what `embed` embeds in full.
fn embed_page(embed: &Embed) -> Page<'_> {
    match embed {
        Embed::Phrases { .. } => Page::Phrases,
        Embed::Appearance { .. } => Page::Appearance,
        Embed::Checklist { id } => Page::Checklist(id),
    }
}

/// Escapes text for an HTML attribute or text node.
pub fn escape_attr(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// Which standards' pages to render (the book's other pages are always rendered).
#[derive(Debug, Clone)]
pub enum Selection {
    /// Every standard.
    All,
    /// Only the standards with these indices.
    Standards(Vec<usize>),
}

/// Renders the selected standards and every other page of the book but the
/// print page ([`render_print`]), handing each to `sink` as soon as it is
/// ready, so a large book is never held in memory whole. Returns the number
/// of files written.
pub fn render_selected(
    renderer: &Renderer,
    sink: &SiteSink,
    selection: &Selection,
) -> Result<usize> {
    let (book, theme) = (renderer.book, renderer.theme);
    let indices: Vec<usize> = match selection {
        Selection::All => (0..book.standards.len()).collect(),
        Selection::Standards(indices) => indices.clone(),
    };
    // The book's other pages (one of them may be a long change log) are
    // rendered alongside the standards'.
    let (mut failures, book_pages) = rayon::join(
        || {
            indices
                .into_par_iter()
                .flat_map_iter(|i| {
                    let page = pages::standard_page(renderer, i)
                        .map(|html| (book.standards[i].page_name(), html));
                    let announced = (book.announced.iter())
                        .filter(move |a| a.index == i)
                        .map(|a| pages::announced_page(renderer, a));
                    std::iter::once(page)
                        .chain(redline::redline_page(renderer, i))
                        .chain(announced)
                })
                .filter_map(|page| match page {
                    Ok((path, html)) => sink(&path, html).err(),
                    Err(d) => Some(diagnostic_error(d)),
                })
                .collect::<Vec<Error>>()
        },
        || pages::book_pages(renderer),
    );
    let mut paths: Vec<String> = book.standards.iter().map(|s| s.page_name()).collect();
    paths.extend((book.announced.iter()).map(|a| Page::Announced(&a.standard.meta.id).file_name()));
    paths.extend(
        (0..book.standards.len())
            .filter(|&i| redline::of_standard(renderer, &book.standards[i]).is_some())
            .map(|i| redline::page_name(&book.standards[i])),
    );
    for page in book_pages {
        match page {
            Ok((path, html)) => match sink(&path, html) {
                Ok(()) => paths.push(path),
                Err(e) => failures.push(e),
            },
            Err(d) => failures.push(diagnostic_error(d)),
        }
    }
    let feed = changes::feed(renderer);
    let versions = changes::versions_script(renderer);
    if let Some(failure) = merge_failures(failures, book) {
        return Err(failure);
    }
    for (path, script) in nav::chapter_scripts(book) {
        sink(&path, script.into_bytes())?;
        paths.push(path);
    }
    if !renderer.editions.is_empty() {
        let (path, page) = editions::editions_page(renderer).map_err(diagnostic_error)?;
        sink(&path, page)?;
        paths.push(path);
        let script = editions::editions_script(renderer);
        sink(&Page::EditionsScript.file_name(), script.into_bytes())?;
    }
    if !renderer.editions.is_empty() || book.edition.is_some() {
        let script = editions::pages_script(renderer, &paths);
        sink(&Page::PageList.file_name(), script.into_bytes())?;
    }
    sink(&Page::Feed.file_name(), feed.into_bytes())?;
    sink(&Page::Versions.file_name(), versions.into_bytes())?;
    for (name, bytes) in &theme.static_files {
        sink(&theme.static_paths[name], bytes.to_vec())?;
    }
    let mut extra = 3;
    if book.config.base_url.is_some() && book.edition.is_none() {
        sink(
            &Page::Sitemap.file_name(),
            pages::sitemap(book, &paths).into_bytes(),
        )?;
        extra += 1;
    }
    sink(&Page::Robots.file_name(), pages::robots(book).into_bytes())?;
    Ok(paths.len() + theme.static_files.len() + extra)
}

/// Renders `print.html`, the whole book on one page: the standards' parts
/// come from `cache`, and those `selection` names are rendered again.
/// Returns its site path and contents.
/// Takes the renderer of the site's pages: the print page links inside itself.
pub fn render_print(
    renderer: Renderer,
    selection: &Selection,
    cache: &mut PrintCache,
) -> Result<(String, Vec<u8>)> {
    let parts = crate::model::parts::Parts::of_book(renderer.book);
    let one_page = Renderer {
        links: links::LinkStyle::OnePage(&parts),
        ..renderer
    };
    print::print_page(&one_page, &parts, selection, cache).map_err(diagnostic_error)
}

fn diagnostic_error(diagnostic: Diagnostic) -> Error {
    Error::Book {
        diagnostics: vec![diagnostic],
        sources: SourceMap::default(),
    }
}

/// The first I/O failure if there is one, else all diagnostics together.
fn merge_failures(failures: Vec<Error>, book: &Book) -> Option<Error> {
    let mut diagnostics = Vec::new();
    for failure in failures {
        match failure {
            Error::Book { diagnostics: d, .. } => diagnostics.extend(d),
            other => return Some(other),
        }
    }
    (!diagnostics.is_empty()).then(|| Error::Book {
        diagnostics,
        sources: book.sources.clone(),
    })
}
