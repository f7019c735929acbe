//! Which parts of the book are printed: `print:` in `standbook.yaml` (for
//! `print.html` and the PDF) or `standbook pdf --parts`. A part is one of
//! [`PART_NAMES`] or a chapter's folder (`03-communication`); `standards`
//! stands for every chapter. Parts print in book order, whatever the order
//! they are listed in; with no list, the whole book prints.

use std::collections::HashSet;

use super::Book;
use super::pages::normalize_id;

/// The parts every book has, in book order.
pub const PART_NAMES: [&str; 8] = [
    "cover",
    "contents",
    "standards",
    "glossary",
    "phrases",
    "appearance",
    "checklists",
    "changes",
];

/// The printed parts of one book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The cover page.
    pub cover: bool,
    /// The contents.
    pub contents: bool,
    /// Per chapter (as `Book::chapters`), whether it prints.
    chapters: Vec<bool>,
    /// The ids of the standards that print (those of the printed chapters).
    standards: HashSet<String>,
    /// The glossary.
    pub glossary: bool,
    /// The communication rules.
    pub phrases: bool,
    /// The appearance rules.
    pub appearance: bool,
    /// The checklists.
    pub checklists: bool,
    /// This version's change log.
    pub changes: bool,
}

/// A name that is neither a part nor a chapter of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPart {
    /// The name as written.
    pub name: String,
    /// Every name the book accepts.
    pub known: Vec<String>,
}

impl std::fmt::Display for UnknownPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is neither a part of the book nor a chapter folder; use one of: {}",
            self.name,
            self.known.join(", ")
        )
    }
}

impl Parts {
    /// The whole book.
    pub fn all(book: &Book) -> Parts {
        Parts::build(book, |_| true, &vec![true; book.chapters.len()])
    }

    /// Nothing at all.
    pub fn none(book: &Book) -> Parts {
        Parts::build(book, |_| false, &vec![false; book.chapters.len()])
    }

    /// The parts `standbook.yaml` asks for (`print:`), the whole book when it
    /// does not. Names that are not parts are left out (`check` reports them).
    pub fn of_book(book: &Book) -> Parts {
        match &book.config.print {
            None => Parts::all(book),
            Some(names) => Parts::of_names(book, names.iter().map(|n| n.trim())),
        }
    }

    /// The parts named in `names` (parts or chapter folders).
    pub fn named<S: AsRef<str>>(book: &Book, names: &[S]) -> Result<Parts, UnknownPart> {
        let names: Vec<&str> = names.iter().map(|n| n.as_ref().trim()).collect();
        if let Some(bad) = names.iter().find(|n| !is_known(book, n)) {
            return Err(UnknownPart {
                name: bad.to_string(),
                known: known_names(book),
            });
        }
        Ok(Parts::of_names(book, names.into_iter()))
    }

    /// The parts among `names`; names that are not parts are left out.
    fn of_names<'n>(book: &Book, names: impl Iterator<Item = &'n str>) -> Parts {
        let names: Vec<&str> = names.collect();
        let every_chapter = names.contains(&"standards");
        let chapters: Vec<bool> = (0..book.chapters.len())
            .map(|c| {
                every_chapter
                    || names
                        .iter()
                        .any(|n| Parts::chapter_index(book, n) == Some(c))
            })
            .collect();
        Parts::build(book, |part| names.contains(&part), &chapters)
    }

    fn build(book: &Book, named: impl Fn(&str) -> bool, chapters: &[bool]) -> Parts {
        let standards = book
            .chapters
            .iter()
            .zip(chapters)
            .filter(|(_, printed)| **printed)
            .flat_map(|(chapter, _)| chapter.standards.clone())
            .map(|i| normalize_id(&book.standards[i].meta.id))
            .collect();
        Parts {
            cover: named("cover"),
            contents: named("contents"),
            chapters: chapters.to_vec(),
            standards,
            glossary: named("glossary") && !book.terms.is_empty(),
            phrases: named("phrases") && book.phrases.is_some(),
            appearance: named("appearance") && book.appearance.is_some(),
            checklists: named("checklists") && !book.checklists.is_empty(),
            changes: named("changes"),
        }
    }

    /// Whether chapter `index` (of `Book::chapters`) prints.
    pub fn chapter(&self, index: usize) -> bool {
        self.chapters.get(index).copied().unwrap_or(false)
    }

    /// Whether the standard with id `id` (in any letter case) prints.
    pub fn standard(&self, id: &str) -> bool {
        self.standards.contains(&normalize_id(id))
    }

    /// The chapter whose folder is `name` (`03-communication`, or a nested `a/b`).
    fn chapter_index(book: &Book, name: &str) -> Option<usize> {
        book.chapters
            .iter()
            .position(|c| !c.dir.as_os_str().is_empty() && chapter_name(&c.dir) == name)
    }
}

#[cfg(test)]
impl Parts {
    /// Every part, with the standards `ids` in the printed chapters.
    pub(crate) fn every_part_with(ids: &[&str]) -> Parts {
        Parts {
            cover: true,
            contents: true,
            chapters: vec![true],
            standards: ids.iter().map(|id| normalize_id(id)).collect(),
            glossary: true,
            phrases: true,
            appearance: true,
            checklists: true,
            changes: true,
        }
    }
}

/// Whether `name` is a part or a chapter folder of `book`.
fn is_known(book: &Book, name: &str) -> bool {
    PART_NAMES.contains(&name) || Parts::chapter_index(book, name).is_some()
}

/// A chapter's folder as it is named in `print:` and `--parts`.
fn chapter_name(dir: &std::path::Path) -> String {
    crate::source::slashed(dir)
}

/// Every name a book accepts as a part: the parts, then its chapters' folders.
pub fn known_names(book: &Book) -> Vec<String> {
    PART_NAMES
        .iter()
        .map(|p| p.to_string())
        .chain(
            book.chapters
                .iter()
                .filter(|c| !c.dir.as_os_str().is_empty())
                .map(|c| chapter_name(&c.dir)),
        )
        .collect()
}

/// The names in `names` that are neither parts nor chapters of `book`.
pub fn unknown<'n>(book: &Book, names: &'n [String]) -> Vec<&'n str> {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !is_known(book, n))
        .collect()
}
