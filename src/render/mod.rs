//! Rendering: the typed book becomes the pages of a static site.
//!
//! Every page is a Tera template of the theme filled with a small, serializable
//! view of the book (see [`views`]). Standards are rendered in parallel. The
//! result is a list of files in memory; writing them is the output stage's job.

pub mod body;
pub mod nav;
pub mod pages;
pub mod terms;
pub mod theme;
pub mod views;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::language::WordStemmer;
use crate::markdown::Embed;
use crate::model::Book;
use crate::model::date::Date;
use crate::model::glossary::Term;
use terms::TermMatcher;
use theme::Theme;

/// A file of the built site, relative to the output folder.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Cow<'static, [u8]>,
}

/// Everything a build writes, in memory.
#[derive(Debug, Default)]
pub struct Site {
    /// The files.
    pub files: Vec<SiteFile>,
}

impl Site {
    fn add(&mut self, path: impl Into<String>, bytes: impl Into<Cow<'static, [u8]>>) {
        self.files.push(SiteFile {
            path: path.into(),
            bytes: bytes.into(),
        });
    }

    /// The file at `path`, if the site has one.
    pub fn file(&self, path: &str) -> Option<&SiteFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

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
}

impl<'b> Renderer<'b> {
    /// A renderer for `book` with `theme`.
    pub fn new(book: &'b Book, theme: &'b Theme) -> Self {
        let terms = TermMatcher::new(&book.terms, WordStemmer::new(book.config.language));
        let order = nav::ReadingOrder::new(book, &theme.strings);
        Renderer {
            book,
            theme,
            terms,
            today: Date::today(),
            order,
        }
    }

    /// The opening tag of a link to a glossary term, with its definition as tooltip.
    pub fn term_link_open(&self, term: &Term) -> String {
        let mut html = String::from("<a class=\"term\" href=\"glossary.html#");
        escape_attr(&mut html, &term.anchor());
        html.push_str("\" data-tip=\"");
        escape_attr(&mut html, &format!("{} — {}", term.term, term.definition));
        html.push_str("\">");
        html
    }

    /// The HTML of an embed (`{{phrases}}`, `{{appearance role=…}}`, `{{checklist id=…}}`).
    pub fn embed(&self, embed: &Embed) -> String {
        let rendered = match embed {
            Embed::Phrases { category } => pages::phrases_fragment(self, category.as_deref()),
            Embed::Appearance { role } => pages::appearance_fragment(self, role),
            Embed::Checklist { id } => pages::checklist_fragment(self, id),
        };
        rendered.unwrap_or_else(|d| {
            let mut html = String::from("<p class=\"embed-error\">");
            escape_attr(&mut html, &d.message);
            html.push_str("</p>");
            html
        })
    }
}

/// Escapes text for an HTML attribute or text node.
pub fn escape_attr(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// Renders every page of the book.
pub fn render(book: &Book, theme: &Theme) -> Result<Site, Vec<Diagnostic>> {
    let renderer = Renderer::new(book, theme);
    let mut site = Site::default();
    let mut errors = Vec::new();
    let standard_pages: Vec<Result<(String, String), Diagnostic>> = (0..book.standards.len())
        .into_par_iter()
        .map(|i| {
            pages::standard_page(&renderer, i).map(|html| (book.standards[i].page_name(), html))
        })
        .collect();
    for page in standard_pages {
        match page {
            Ok((path, html)) => site.add(path, html.into_bytes()),
            Err(d) => errors.push(d),
        }
    }
    for page in pages::book_pages(&renderer) {
        match page {
            Ok((path, html)) => site.add(path, html.into_bytes()),
            Err(d) => errors.push(d),
        }
    }
    for (name, bytes) in &theme.static_files {
        site.add(format!("_static/{name}"), bytes.clone());
    }
    site.add("sitemap.xml", pages::sitemap(book, &site).into_bytes());
    if errors.is_empty() {
        Ok(site)
    } else {
        Err(errors)
    }
}
