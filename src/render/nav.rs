//! Navigation: the sidebar, the reading order (previous/next) and breadcrumbs.
//!
//! The sidebar lists every chapter but expands only the current one, so a page
//! stays small however large the book: a 10,000-standard book does not write
//! 10,000 links into each of its 10,000 pages.

use std::collections::HashMap;

use serde::Serialize;

use super::views::LinkView;
use crate::model::Book;

/// A group of the sidebar: a chapter, or the reference pages.
#[derive(Debug, Clone, Serialize)]
pub struct NavSection {
    /// Chapter title.
    pub title: String,
    /// Chapter number.
    pub number: Option<String>,
    /// Where the chapter is listed (the title page's anchor for it).
    pub url: String,
    /// Whether the entries are shown.
    pub open: bool,
    /// The pages of the section (empty when closed).
    pub entries: Vec<LinkView>,
}

/// Fixed pages of the book in reading order after the standards, with their titles' string keys.
pub fn reference_pages(book: &Book) -> Vec<(&'static str, &'static str)> {
    let mut pages = Vec::new();
    if !book.terms.is_empty() {
        pages.push(("glossary.html", "glossary"));
    }
    if book.phrases.is_some() {
        pages.push(("phrases.html", "phrases"));
    }
    if book.appearance.is_some() {
        pages.push(("appearance.html", "appearance"));
    }
    if !book.checklists.is_empty() {
        pages.push(("checklists.html", "checklists"));
    }
    pages.push(("changes.html", "changes"));
    pages
}

/// Every page in reading order, for previous/next links.
pub struct ReadingOrder {
    pages: Vec<LinkView>,
    position: HashMap<String, usize>,
}

impl ReadingOrder {
    /// The reading order of `book`, with titles of fixed pages from `strings`.
    pub fn new(book: &Book, strings: &std::collections::BTreeMap<String, String>) -> Self {
        let mut pages = vec![LinkView {
            title: string(strings, "home"),
            url: "index.html".into(),
            number: None,
        }];
        let navigable = book.chapters.iter().flat_map(|c| c.navigable());
        for standard in navigable.map(|i| &book.standards[i]) {
            pages.push(LinkView {
                title: standard.meta.title.clone(),
                url: standard.page_name(),
                number: Some(standard.number.clone()),
            });
        }
        for (url, key) in reference_pages(book) {
            pages.push(LinkView {
                title: string(strings, key),
                url: url.into(),
                number: None,
            });
            if key == "checklists" {
                for checklist in &book.checklists {
                    pages.push(LinkView {
                        title: checklist.title.clone(),
                        url: checklist.page_name(),
                        number: None,
                    });
                }
            }
        }
        let position = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.clone(), i))
            .collect();
        ReadingOrder { pages, position }
    }

    /// The pages before and after `url`.
    pub fn neighbours(&self, url: &str) -> (Option<&LinkView>, Option<&LinkView>) {
        match self.position.get(url) {
            Some(&i) => (
                i.checked_sub(1).and_then(|p| self.pages.get(p)),
                self.pages.get(i + 1),
            ),
            None => (None, None),
        }
    }
}

/// A UI string, or its key when the theme lacks it.
pub fn string(strings: &std::collections::BTreeMap<String, String>, key: &str) -> String {
    strings.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// Chapters listed around the current one when a book has too many to list all.
const CHAPTER_WINDOW: usize = 12;

/// The chapters the sidebar lists: all of them in a book of up to
/// `2 * CHAPTER_WINDOW` chapters, else those near the current one, so page
/// size does not grow with the number of chapters.
fn listed_chapters(count: usize, current: Option<usize>) -> std::ops::Range<usize> {
    if count <= 2 * CHAPTER_WINDOW {
        return 0..count;
    }
    let centre = current.unwrap_or(0);
    let start = centre
        .saturating_sub(CHAPTER_WINDOW / 2)
        .min(count - CHAPTER_WINDOW);
    start..start + CHAPTER_WINDOW
}

/// The sidebar with `current_chapter` expanded.
pub fn sidebar(
    book: &Book,
    current_chapter: Option<usize>,
    strings: &std::collections::BTreeMap<String, String>,
) -> Vec<NavSection> {
    let listed = listed_chapters(book.chapters.len(), current_chapter);
    let mut sections: Vec<NavSection> = book.chapters[listed.clone()]
        .iter()
        .zip(listed.clone())
        .map(|(chapter, c)| {
            let open = current_chapter == Some(c) || chapter.dir.as_os_str().is_empty();
            let entries = if open {
                chapter_entries(book, c)
            } else {
                Vec::new()
            };
            NavSection {
                title: chapter.title.clone(),
                number: book.chapter_number(c).map(|n| n.to_string()),
                url: format!("index.html#chapter-{}", c + 1),
                open,
                entries,
            }
        })
        .collect();
    if listed.len() < book.chapters.len() {
        sections.push(NavSection {
            title: string(strings, "all_chapters"),
            number: None,
            url: "index.html#contents".into(),
            open: false,
            entries: Vec::new(),
        });
    }
    let reference: Vec<LinkView> = reference_pages(book)
        .into_iter()
        .map(|(url, key)| LinkView {
            title: string(strings, key),
            url: url.into(),
            number: None,
        })
        .collect();
    if !reference.is_empty() {
        sections.push(NavSection {
            title: string(strings, "reference"),
            number: None,
            url: reference[0].url.clone(),
            open: true,
            entries: reference,
        });
    }
    sections
}

/// Links to the standards of chapter `c`.
pub fn chapter_entries(book: &Book, c: usize) -> Vec<LinkView> {
    book.standards[book.chapters[c].navigable()]
        .iter()
        .map(|s| LinkView {
            title: s.meta.title.clone(),
            url: s.page_name(),
            number: Some(s.number.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::listed_chapters;

    #[test]
    fn small_books_list_every_chapter_large_ones_a_window() {
        assert_eq!(listed_chapters(5, Some(3)), 0..5);
        assert_eq!(listed_chapters(200, Some(100)), 94..106);
        assert_eq!(listed_chapters(200, Some(199)), 188..200);
        assert_eq!(listed_chapters(200, None), 0..12);
    }
}
