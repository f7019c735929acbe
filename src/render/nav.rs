//! Navigation: the sidebar, the reading order (previous/next) and breadcrumbs.
//!
//! The sidebar lists every chapter but expands only the current one, so a page
//! stays small however large the book: a 10,000-standard book does not write
//! 10,000 links into each of its 10,000 pages.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::views::LinkView;
use crate::model::Book;
use crate::model::pages::Page;
use crate::theme::string;

/// A group of the sidebar: a chapter, or the reference pages.
#[derive(Debug, Clone, Serialize)]
pub(super) struct NavSection {
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

/// The link to one of the book's fixed pages, titled with its UI string.
pub(super) fn fixed_page_link(page: Page, strings: &BTreeMap<String, String>) -> LinkView {
    LinkView {
        title: string(strings, page.title_key().unwrap_or_default()),
        url: page.file_name(),
        number: None,
    }
}

/// Every page in reading order, for previous/next links.
pub struct ReadingOrder {
    pages: Vec<LinkView>,
    position: HashMap<String, usize>,
}

impl ReadingOrder {
    /// The reading order of `book`, with titles of fixed pages from `strings`.
    pub fn new(book: &Book, strings: &BTreeMap<String, String>) -> Self {
        let mut pages = vec![fixed_page_link(Page::Home, strings)];
        let navigable = book.chapters.iter().flat_map(|c| c.navigable());
        for standard in navigable.map(|i| &book.standards[i]) {
            pages.push(LinkView {
                title: standard.meta.title.clone(),
                url: standard.page_name(),
                number: Some(standard.number.clone()),
            });
        }
        for page in book.reference_pages() {
            pages.push(fixed_page_link(page, strings));
            if page == Page::Checklists {
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
pub(super) fn sidebar(
    book: &Book,
    current_chapter: Option<usize>,
    strings: &BTreeMap<String, String>,
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
                url: format!("{}#chapter-{}", Page::Home.file_name(), c + 1),
                open,
                entries,
            }
        })
        .collect();
    if listed.len() < book.chapters.len() {
        sections.push(NavSection {
            title: string(strings, "all_chapters"),
            number: None,
            url: format!("{}#contents", Page::Home.file_name()),
            open: false,
            entries: Vec::new(),
        });
    }
    let reference: Vec<LinkView> = book
        .reference_pages()
        .into_iter()
        .map(|page| fixed_page_link(page, strings))
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
pub(super) fn chapter_entries(book: &Book, c: usize) -> Vec<LinkView> {
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
