//! `print.html`: the whole book on one page, in book order, for printing from
//! a browser — cover, contents, every standard with its metadata box, the
//! glossary, communication rules, appearance, checklists with empty boxes and
//! a score line, and this version's change log.
//!
//! Rendered with [`LinkStyle::OnePage`], so every link between standards and
//! to terms points inside the page. Page size, margins, running version and
//! page numbers are the theme's `print.css` (`@page` rules).

use std::collections::{BTreeMap, HashMap, HashSet};

use memchr::memmem;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::links::{LinkStyle, standard_anchor};
use super::views::{self, ChecklistView, LetterView, PhraseGroupView, StandardView};
use super::{Renderer, Selection, body, changes, pages::PageResult};
use crate::markdown::Embed;
use crate::model::appearance::Role;
use crate::model::pages::Page;
use crate::model::parts::Parts;

/// Where each of the book's parts starts on the page, by part name.
fn part_anchors() -> BTreeMap<&'static str, String> {
    [
        ("cover", Page::Home),
        ("glossary", Page::Glossary),
        ("phrases", Page::Phrases),
        ("appearance", Page::Appearance),
        ("checklists", Page::Checklists),
        ("changes", Page::Changes),
    ]
    .into_iter()
    .filter_map(|(part, page)| Some((part, page.print_anchor()?)))
    .collect()
}

/// A link to the part of the print page that holds `page`.
fn part_link(page: Page) -> String {
    format!("#{}", page.print_anchor().unwrap_or_default())
}

/// A chapter with its standards, in book order.
#[derive(Debug, Serialize)]
struct PrintChapter<'c> {
    title: String,
    number: Option<String>,
    anchor: String,
    standards: Vec<PrintedStandard<'c>>,
}

/// A standard as the template sees it: its body is a mark that
/// [`splice_bodies`] replaces, so the book's text is not copied into the
/// template's context and out again (a 1,000-page book's print page held it
/// three times over).
#[derive(Debug, Serialize)]
struct PrintedStandard<'c> {
    anchor: &'c str,
    view: &'c StandardView,
    content: String,
}

/// Where a standard's body goes in the rendered page: `<!--standbook-body:N-->`.
/// Book text never carries it (text is escaped, raw HTML loses its comments).
const BODY_MARK: (&str, &str) = ("<!--standbook-body:", "-->");

/// Each standard's part of the page, by page name, kept between the dev
/// server's rebuilds: a save re-renders only the standards it selects.
#[derive(Debug, Default)]
pub struct PrintCache {
    standards: HashMap<String, PrintStandard>,
    /// Whether the parts outlive the page they were rendered for.
    retain: bool,
}

/// A standard's metadata and its body, with links inside the page.
#[derive(Debug, Serialize)]
struct PrintStandard {
    anchor: String,
    view: StandardView,
    content: String,
}

/// The reference parts after the standards; each is empty when the book has none.
#[derive(Debug, Serialize)]
struct Reference<'a> {
    letters: Vec<LetterView>,
    phrases_intro: Option<&'a str>,
    phrase_groups: Vec<PhraseGroupView>,
    appearance_intro: Option<&'a str>,
    roles: &'a [Role],
    checklists: Vec<ChecklistView>,
}

/// Renders `print.html` with the printed `parts` (the renderer must link with
/// [`LinkStyle::OnePage`] of the same parts), rendering again the standards
/// `selection` names and those `cache` lacks.
pub(super) fn print_page(
    r: &Renderer,
    parts: &Parts,
    selection: &Selection,
    cache: &mut PrintCache,
) -> PageResult {
    debug_assert_eq!(r.links, LinkStyle::OnePage(parts));
    cache.update(r, selection);
    let mut context = Context::new();
    context.insert("cover", &parts.cover);
    context.insert("contents", &parts.contents);
    context.insert("book", &views::book_view(r.book, !r.editions.is_empty()));
    context.insert("t", &r.theme.strings);
    context.insert(
        "generator",
        concat!("standbook ", env!("CARGO_PKG_VERSION")),
    );
    context.insert("anchors", &part_anchors());
    context.insert("page_rules", &page_rules(r, parts.cover));
    let mut bodies = Vec::new();
    context.insert("chapters", &chapters(r, parts, cache, &mut bodies));
    context.insert("reference", &reference(r, parts));
    let release = r
        .changelog
        .releases
        .iter()
        .find(|release| release.current && parts.changes)
        .map(|release| changes::release_view(r, release, true));
    context.insert("release", &release);
    let page = r.theme.render_page("print.html", &context)?;
    let page = splice_bodies(&page, &bodies);
    if !cache.retain {
        drop(bodies);
        cache.standards = HashMap::default();
    }
    Ok((Page::Print.file_name(), page))
}

/// `page` with each body mark replaced by the body it numbers.
fn splice_bodies(page: &[u8], bodies: &[&str]) -> Vec<u8> {
    let (open, close) = (BODY_MARK.0.as_bytes(), BODY_MARK.1.as_bytes());
    let mut out = Vec::with_capacity(page.len() + bodies.iter().map(|b| b.len()).sum::<usize>());
    let mut rest = page;
    while let Some(at) = memmem::find(rest, open) {
        let after = &rest[at + open.len()..];
        let Some(end) = memmem::find(after, close) else {
            break;
        };
        let body = std::str::from_utf8(&after[..end])
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| bodies.get(n));
        out.extend_from_slice(&rest[..at]);
        match body {
            Some(body) => out.extend_from_slice(body.as_bytes()),
            None => out.extend_from_slice(&rest[at..at + open.len() + end + close.len()]),
        }
        rest = &after[end + close.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The `@page` rules: paper size, and the book's title and version and
/// "page x of y" in the margins, in the book's language; none on the cover.
fn page_rules(r: &Renderer, cover: bool) -> String {
    let config = &r.book.config;
    let version = crate::theme::string(&r.theme.strings, "version");
    let head = format!("{} · {version} {}", config.title, config.version);
    let page_of = crate::theme::string(&r.theme.strings, "page_of")
        .split('{')
        .map(|part| match part.split_once('}') {
            Some(("page", rest)) => format!("counter(page) {}", css_string(rest)),
            Some(("pages", rest)) => format!("counter(pages) {}", css_string(rest)),
            _ => css_string(part),
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut rules = format!(
        "@page {{ size: {}; @top-left {{ content: {}; }} @bottom-right {{ content: {page_of}; }} }}",
        config.paper.css_size(),
        css_string(&head),
    );
    if cover {
        rules.push_str(
            "\n@page :first { @top-left { content: none; } @bottom-right { content: none; } }",
        );
    }
    rules
}

/// `text` as a CSS string literal that cannot end the string or the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '\n' | '\r' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl PrintCache {
    /// A cache that keeps the standards' parts for the next print page
    /// (`serve`, `watch`). A default one frees them once the page is made.
    pub fn retaining() -> Self {
        PrintCache {
            retain: true,
            ..PrintCache::default()
        }
    }

    /// Renders the standards `selection` names and those not cached yet, and
    /// forgets standards the book no longer has.
    fn update(&mut self, r: &Renderer, selection: &Selection) {
        if matches!(selection, Selection::All) {
            self.standards.clear();
        }
        let selected: HashSet<usize> = match selection {
            Selection::All => HashSet::new(),
            Selection::Standards(indices) => indices.iter().copied().collect(),
        };
        let pages: HashSet<String> = r.book.standards.iter().map(|s| s.page_name()).collect();
        self.standards.retain(|page, _| pages.contains(page));
        let stale: Vec<usize> = (0..r.book.standards.len())
            .filter(|i| {
                selected.contains(i)
                    || !self
                        .standards
                        .contains_key(&r.book.standards[*i].page_name())
            })
            .collect();
        let rendered: Vec<(String, PrintStandard)> = stale
            .into_par_iter()
            .map(|i| {
                let standard = &r.book.standards[i];
                let part = PrintStandard {
                    anchor: standard_anchor(&standard.meta.id),
                    view: views::standard_view(r, i),
                    content: body::render_body(r, standard),
                };
                (standard.page_name(), part)
            })
            .collect();
        self.standards.extend(rendered);
    }
}

fn chapters<'c>(
    r: &Renderer,
    parts: &Parts,
    cache: &'c PrintCache,
    bodies: &mut Vec<&'c str>,
) -> Vec<PrintChapter<'c>> {
    r.book
        .chapters
        .iter()
        .enumerate()
        .filter(|(c, _)| parts.chapter(*c))
        .map(|(c, chapter)| PrintChapter {
            title: chapter.title.clone(),
            number: r.book.chapter_number(c).map(|n| n.to_string()),
            anchor: format!("chapter-{}", c + 1),
            standards: chapter
                .navigable()
                .filter_map(|i| cache.standards.get(&r.book.standards[i].page_name()))
                .map(|printed| {
                    bodies.push(&printed.content);
                    PrintedStandard {
                        anchor: &printed.anchor,
                        view: &printed.view,
                        content: format!("{}{}{}", BODY_MARK.0, bodies.len() - 1, BODY_MARK.1),
                    }
                })
                .collect(),
        })
        .filter(|chapter| !chapter.standards.is_empty())
        .collect()
}

fn reference<'b>(r: &Renderer<'b>, parts: &Parts) -> Reference<'b> {
    let phrases = r.book.phrases.as_ref().filter(|_| parts.phrases);
    let appearance = r.book.appearance.as_ref().filter(|_| parts.appearance);
    Reference {
        letters: match parts.glossary {
            true => views::glossary_view(r.book, r.links),
            false => Vec::new(),
        },
        phrases_intro: phrases.and_then(|p| p.intro.as_deref()),
        phrase_groups: views::phrase_groups(phrases.map_or(&[], |p| &p.rules), None),
        appearance_intro: appearance.and_then(|a| a.intro.as_deref()),
        roles: appearance.map_or(&[][..], |a| &a.roles[..]),
        checklists: match parts.checklists {
            true => r
                .book
                .checklists
                .iter()
                .map(views::checklist_view)
                .collect(),
            false => Vec::new(),
        },
    }
}

/// On the one-page print version an embed is printed once, in its own part
/// of the book; where a standard embeds it stands a reference to it.
pub(super) fn embed_reference(r: &Renderer, embed: &Embed) -> String {
    let (part, title, url) = match embed {
        Embed::Phrases { category } => {
            let groups = views::phrase_groups(
                r.book.phrases.as_ref().map_or(&[], |p| &p.rules),
                category.as_deref(),
            );
            let group = groups.first().filter(|_| category.is_some());
            (
                "phrases",
                group.and_then(|g| g.title.clone()),
                group.map_or_else(|| part_link(Page::Phrases), |g| format!("#{}", g.anchor)),
            )
        }
        Embed::Appearance { role } => {
            let roles = r.book.appearance.iter().flat_map(|a| &a.roles);
            let title = roles
                .filter(|r| &r.id == role)
                .map(|r| r.title.clone())
                .next();
            ("appearance", title, format!("#role-{role}"))
        }
        Embed::Checklist { id } => (
            "checklists",
            r.book.checklist(id).map(|c| c.title.clone()),
            part_link(Page::Checklist(id)),
        ),
    };
    let mut html = String::from("<p class=\"embed-ref\">→ <a href=\"");
    super::escape_attr(&mut html, &url);
    html.push_str("\">");
    super::escape_attr(&mut html, &crate::theme::string(&r.theme.strings, part));
    if let Some(title) = title {
        html.push_str(": ");
        super::escape_attr(&mut html, &title);
    }
    html.push_str("</a></p>");
    html
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(css_string("Книга · v1"), "\"Книга · v1\"");
        let hostile = css_string("a\"; } body { display: none } </style><script>");
        assert!(
            !hostile[1..hostile.len() - 1].contains(['"', '<', '>']),
            "{hostile}"
        );
    }
}
