//! `print.html`: the whole book on one page, in book order, for printing from
//! a browser — cover, contents, every standard with its metadata box, the
//! glossary, communication rules, appearance, checklists with empty boxes and
//! a score line, and this version's change log.
//!
//! Rendered with [`LinkStyle::OnePage`], so every link between standards and
//! to terms points inside the page. Page size, margins, running version and
//! page numbers are the theme's `print.css` (`@page` rules).

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::links::{LinkStyle, standard_anchor};
use super::views::{self, ChecklistView, LetterView, PhraseGroupView, StandardView};
use super::{Renderer, body, changes, nav, pages::PageResult};
use crate::model::appearance::Role;

/// The page's path in the site.
pub const PAGE: &str = "print.html";

/// A chapter with its standards, in book order.
#[derive(Debug, Serialize)]
struct PrintChapter {
    title: String,
    number: Option<String>,
    anchor: String,
    standards: Vec<PrintStandard>,
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

/// Renders `print.html` (the renderer must use [`LinkStyle::OnePage`]).
pub fn print_page(r: &Renderer) -> PageResult {
    debug_assert_eq!(r.links, LinkStyle::OnePage);
    let mut context = Context::new();
    context.insert("book", &views::book_view(r.book));
    context.insert("t", &r.theme.strings);
    context.insert(
        "generator",
        concat!("standbook ", env!("CARGO_PKG_VERSION")),
    );
    context.insert("page_rules", &page_rules(r));
    context.insert("chapters", &chapters(r));
    context.insert("reference", &reference(r));
    let release = r
        .changelog
        .releases
        .iter()
        .find(|release| release.current)
        .map(|release| changes::release_view(r, release, true));
    context.insert("release", &release);
    Ok((PAGE.into(), r.theme.render(PAGE, &context)?))
}

/// The `@page` rules: paper size, and the book's title and version and
/// "page x of y" in the margins, in the book's language.
fn page_rules(r: &Renderer) -> String {
    let config = &r.book.config;
    let version = nav::string(&r.theme.strings, "version");
    let head = format!("{} · {version} {}", config.title, config.version);
    let page_of = nav::string(&r.theme.strings, "page_of")
        .split('{')
        .map(|part| match part.split_once('}') {
            Some(("page", rest)) => format!("counter(page) {}", css_string(rest)),
            Some(("pages", rest)) => format!("counter(pages) {}", css_string(rest)),
            _ => css_string(part),
        })
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "@page {{ size: {}; @top-left {{ content: {}; }} @bottom-right {{ content: {page_of}; }} }}\n\
         @page :first {{ @top-left {{ content: none; }} @bottom-right {{ content: none; }} }}",
        config.paper.css_size(),
        css_string(&head),
    )
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

fn chapters(r: &Renderer) -> Vec<PrintChapter> {
    r.book
        .chapters
        .iter()
        .enumerate()
        .map(|(c, chapter)| PrintChapter {
            title: chapter.title.clone(),
            number: r.book.chapter_number(c).map(|n| n.to_string()),
            anchor: format!("chapter-{}", c + 1),
            standards: chapter
                .navigable()
                .into_par_iter()
                .map(|i| PrintStandard {
                    anchor: standard_anchor(&r.book.standards[i].meta.id),
                    view: views::standard_view(r, i),
                    content: body::render_body(r, &r.book.standards[i]),
                })
                .collect(),
        })
        .filter(|chapter| !chapter.standards.is_empty())
        .collect()
}

fn reference<'b>(r: &Renderer<'b>) -> Reference<'b> {
    let phrases = r.book.phrases.as_ref();
    let appearance = r.book.appearance.as_ref();
    Reference {
        letters: views::glossary_view(r.book, r.links),
        phrases_intro: phrases.and_then(|p| p.intro.as_deref()),
        phrase_groups: views::phrase_groups(phrases.map_or(&[], |p| &p.rules), None),
        appearance_intro: appearance.and_then(|a| a.intro.as_deref()),
        roles: appearance.map_or(&[][..], |a| &a.roles[..]),
        checklists: r
            .book
            .checklists
            .iter()
            .map(views::checklist_view)
            .collect(),
    }
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
