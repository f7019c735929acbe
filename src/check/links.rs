//! Links and embeds: every reference in a standard must name a standard,
//! heading, term, page, file or data that exists.

use std::path::Path;

use super::{dedup, suggest};
use crate::diagnostic::{Code, Diagnostic, Location, excerpt};
use crate::markdown::{Embed, Reference, Target};
use crate::model::Book;
use crate::model::pages::Page;
use crate::model::standard::Standard;
use crate::source::SourceKind;
use crate::yaml::closest;

pub(super) fn see_also(book: &Book, out: &mut Vec<Diagnostic>) {
    let file = Path::new("terms.yaml");
    let text = book.sources.get(file).unwrap_or_default();
    for term in &book.terms {
        for see in &term.see {
            if book.term(see).is_none() {
                let offset = text[term.offset..]
                    .find(see.as_str())
                    .map_or(term.offset, |i| term.offset + i);
                out.push(unknown_term(book, see).at(Location::at_offset(
                    file,
                    text,
                    offset,
                    see.len(),
                )));
            }
        }
    }
}

fn unknown_term(book: &Book, name: &str) -> Diagnostic {
    let names: Vec<&str> = book.terms.iter().map(|t| t.term.as_str()).collect();
    let hint = match closest(name, &names) {
        Some(best) => format!("did you mean «{best}»? Otherwise add the term to terms.yaml"),
        None => {
            "add the term to terms.yaml, or link the word form the glossary uses: [[Term|text]]"
                .into()
        }
    };
    Diagnostic::new(Code::UnknownTerm, format!("unknown term «{name}»")).hint(hint)
}

pub(super) fn check_reference(
    book: &Book,
    standard: &Standard,
    reference: &Reference,
) -> Option<Diagnostic> {
    if depends_on_unreadable(book, &reference.target) {
        return None;
    }
    let diagnostic = match &reference.target {
        Target::Standard { id, anchor } => check_standard_link(book, id, anchor.as_deref()),
        Target::Anchor(anchor) => missing_anchor(standard, anchor),
        Target::Term(name) => book.term(name).is_none().then(|| unknown_term(book, name)),
        Target::File(path) => check_file(book, standard, path),
        Target::Page(page) => check_page(book, page),
        Target::Embed(embed) => check_embed(book, embed),
        Target::UnsafeUrl(url) => Some(unsafe_url(url)),
        Target::BadEmbed(message) => Some(
            Diagnostic::new(Code::UnknownEmbed, message.clone())
                .hint("use {{phrases}}, {{appearance role=ID}} or {{checklist id=ID}}"),
        ),
    }?;
    // Only a reference that is wrong needs its line and column.
    let text = book.sources.get(&standard.path).unwrap_or_default();
    let start = standard.body_offset + reference.range.start;
    let len = reference.range.len().min(text.len().saturating_sub(start));
    Some(diagnostic.at(Location::at_offset(&standard.path, text, start, len)))
}

/// A link whose scheme a page must not follow: `javascript:` and its kind
/// would run in the reader's browser; an unknown one is most likely a typo.
fn unsafe_url(url: &str) -> Diagnostic {
    let scheme = crate::markdown::html::scheme(url).unwrap_or_default();
    let why = match scheme.as_str() {
        "javascript" | "vbscript" | "data" | "blob" | "file" => {
            "would run or open it in the reader's browser"
        }
        _ => "is not one a page links with",
    };
    let hint = match closest(&scheme, crate::markdown::html::SAFE_SCHEMES) {
        Some(best) => format!(
            "did you mean `{best}:`? A link may use http, https, mailto, tel or a path inside the book"
        ),
        None => "link with http, https, mailto, tel or a path inside the book".to_string(),
    };
    Diagnostic::new(
        Code::UnsafeUrl,
        format!("link to `{}`: the scheme `{scheme}:` {why}", excerpt(url)),
    )
    .hint(hint)
}

/// Whether a reference points into a data file that failed to parse.
fn depends_on_unreadable(book: &Book, target: &Target) -> bool {
    let kind = match target {
        Target::Term(_) => SourceKind::Terms,
        Target::Embed(Embed::Phrases { .. }) => SourceKind::Phrases,
        Target::Embed(Embed::Appearance { .. }) => SourceKind::Appearance,
        Target::Embed(Embed::Checklist { .. }) => SourceKind::Checklist,
        Target::Standard { .. } => SourceKind::Standard,
        _ => return false,
    };
    book.unreadable.contains(&kind)
}

fn check_standard_link(book: &Book, id: &str, anchor: Option<&str>) -> Option<Diagnostic> {
    let Some(target) = book.standard(id) else {
        let ids: Vec<&str> = book.standards.iter().map(|s| s.meta.id.as_str()).collect();
        let hint = match closest(id, &ids) {
            Some(best) => format!("did you mean `@{best}`?"),
            None => {
                "link a standard by the `id` in its front matter, such as [text](@COM-02)".into()
            }
        };
        return Some(
            Diagnostic::new(
                Code::UnknownStandard,
                format!("no standard has the id `{id}`"),
            )
            .hint(hint),
        );
    };
    anchor.and_then(|anchor| missing_anchor(target, anchor))
}

fn missing_anchor(target: &Standard, anchor: &str) -> Option<Diagnostic> {
    if anchor.is_empty() || target.has_anchor(anchor) {
        return None;
    }
    let ids: Vec<&str> = target.outline.iter().map(|h| h.id.as_str()).collect();
    let hint = match closest(anchor, &ids) {
        Some(best) => format!("did you mean `#{best}`?"),
        None if ids.is_empty() => format!("{} has no headings to link to", target.meta.id),
        None => format!("anchors of {}: {}", target.meta.id, ids.join(", ")),
    };
    Some(
        Diagnostic::new(
            Code::UnknownAnchor,
            format!("{} has no heading `#{anchor}`", target.meta.id),
        )
        .hint(hint),
    )
}

fn check_embed(book: &Book, embed: &Embed) -> Option<Diagnostic> {
    match embed {
        Embed::Phrases { category } => {
            let Some(phrases) = &book.phrases else {
                return Some(
                    Diagnostic::new(Code::UnknownEmbed, "the book has no phrases.yaml to embed")
                        .hint("create phrases.yaml, or remove {{phrases}}"),
                );
            };
            let category = category.as_deref()?;
            let known: Vec<&str> = phrases
                .rules
                .iter()
                .filter_map(|r| r.category.as_deref())
                .collect();
            (!known.contains(&category)).then(|| {
                Diagnostic::new(
                    Code::UnknownEmbed,
                    format!("no phrase rule has the category «{category}»"),
                )
                .hint(format!("categories: {}", dedup(known).join(", ")))
            })
        }
        Embed::Appearance { role } => {
            let roles: Vec<&str> = book
                .appearance
                .iter()
                .flat_map(|a| a.roles.iter().map(|r| r.id.as_str()))
                .collect();
            (!roles.contains(&role.as_str())).then(|| {
                Diagnostic::new(
                    Code::UnknownEmbed,
                    format!("appearance.yaml has no role `{role}`"),
                )
                .hint(suggest(role, &roles))
            })
        }
        Embed::Checklist { id } => {
            let ids: Vec<&str> = book.checklists.iter().map(|c| c.id.as_str()).collect();
            (!ids.contains(&id.as_str())).then(|| {
                Diagnostic::new(Code::UnknownEmbed, format!("there is no checklist `{id}`"))
                    .hint(suggest(id, &ids))
            })
        }
    }
}

/// A link to a generated page must name a page the build writes.
fn check_page(book: &Book, link: &str) -> Option<Diagnostic> {
    let (page, anchor) = match link.split_once('#') {
        Some((page, anchor)) => (page, Some(anchor)),
        None => (link, None),
    };
    if let Some(standard) = book.standards.iter().find(|s| s.page_name() == page) {
        return anchor.and_then(|a| missing_anchor(standard, a));
    }
    let fixed = std::iter::once(Page::Home).chain(book.reference_pages());
    let mut pages: Vec<String> = fixed.map(Page::file_name).collect();
    pages.extend(book.checklists.iter().map(|c| c.page_name()));
    if pages.iter().any(|p| p == page) {
        return None;
    }
    let names: Vec<&str> = pages.iter().map(String::as_str).collect();
    Some(
        Diagnostic::new(Code::MissingFile, format!("the site has no page `{page}`"))
            .hint(suggest(page, &names) + "; link standards by id: [text](@ID)"),
    )
}

fn check_file(book: &Book, standard: &Standard, link: &str) -> Option<Diagnostic> {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let Some(resolved) = crate::source::resolve_file(&standard.path, path) else {
        return Some(
            Diagnostic::new(
                Code::MissingFile,
                format!("`{link}` points outside the book"),
            )
            .hint("keep images and attachments in the book's assets/ folder"),
        );
    };
    if path.ends_with(".md") {
        return book.standard_at(&resolved).is_none().then(|| {
            Diagnostic::new(
                Code::MissingFile,
                format!("`{link}` is not a standard of this book"),
            )
            .hint("link standards by id: [text](@ID)")
        });
    }
    if !resolved.starts_with("assets") {
        return Some(
            Diagnostic::new(
                Code::MissingFile,
                format!("`{link}` is not in the book's assets/ folder"),
            )
            .hint("only files in assets/ are published with the site; move the file there"),
        );
    }
    let real = book
        .folder
        .as_ref()
        .map(|folder| folder.real_path(&resolved));
    match real {
        Some(Ok(path)) if path.is_file() => None,
        Some(Err(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => Some(
            Diagnostic::new(
                Code::MissingFile,
                format!("`{link}` is a link to a file outside the book"),
            )
            .hint("copy the file into the book's assets/ folder instead of linking to it"),
        ),
        _ => Some(
            Diagnostic::new(Code::MissingFile, format!("file `{link}` does not exist")).hint(
                "put the file in the book's assets/ folder and check the spelling of the path",
            ),
        ),
    }
}
