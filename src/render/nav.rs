//! Navigation: the sidebar, the reading order (previous/next) and breadcrumbs.
//!
//! The sidebar lists a window of chapters and expands only the current one,
//! and of a long chapter only the block of standards around the page (with a
//! link to the chapter's own page, which lists them all), so a page's
//! navigation stays the same size however large the book or its chapters:
//! a 10,000-standard chapter does not write 10,000 links into each page.

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
    /// The pages of the section (empty when closed; one block of a long chapter).
    pub entries: Vec<LinkView>,
    /// The chapter's own page, when `entries` are only a block of it.
    pub more: Option<LinkView>,
    /// The script with all the chapter's entries, when `entries` are only a
    /// block of them (see [`chapter_scripts`]).
    pub script: Option<String>,
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

/// Standards of a chapter the sidebar lists at a time: a longer chapter
/// shows the block of this many that holds the page, and links the chapter's
/// own page for all of them, so no page's navigation grows with the book.
pub(super) const BLOCK: usize = 10;

/// Where a page sits in the navigation: its chapter and the block of that
/// chapter's standards the sidebar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Place {
    /// The chapter (index in `Book::chapters`).
    pub chapter: usize,
    /// The block of the chapter's standards (see [`BLOCK`]).
    pub block: usize,
}

impl Place {
    /// The place of standard `index`: its chapter, and the block that lists it.
    pub(super) fn of_standard(book: &Book, index: usize) -> Place {
        let chapter = book.standards[index].chapter;
        let navigable = book.chapters[chapter].navigable();
        let position = index
            .checked_sub(navigable.start)
            .filter(|p| *p < navigable.len());
        Place {
            chapter,
            block: position.map_or(0, |p| p / BLOCK),
        }
    }

    /// A chapter's own page: its first block.
    pub(super) fn of_chapter(chapter: usize) -> Place {
        Place { chapter, block: 0 }
    }
}

/// The sidebar of a page at `place` (`None`: a page of no chapter).
pub(super) fn sidebar(
    book: &Book,
    place: Option<Place>,
    strings: &BTreeMap<String, String>,
) -> Vec<NavSection> {
    let current_chapter = place.map(|p| p.chapter);
    let listed = listed_chapters(book.chapters.len(), current_chapter);
    let mut sections: Vec<NavSection> = book.chapters[listed.clone()]
        .iter()
        .zip(listed.clone())
        .map(|(chapter, c)| {
            let open = current_chapter == Some(c) || chapter.dir.as_os_str().is_empty();
            let block = place.filter(|p| p.chapter == c).map_or(0, |p| p.block);
            let (entries, more) = match open {
                true => chapter_block(book, c, block, strings),
                false => (Vec::new(), None),
            };
            NavSection {
                title: chapter.title.clone(),
                number: book.chapter_number(c).map(|n| n.to_string()),
                url: Page::Chapter(c).file_name(),
                open,
                script: more.as_ref().map(|_| chapter_script_name(c)),
                entries,
                more,
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
            more: None,
            script: None,
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
            more: None,
            script: None,
        });
    }
    sections
}

/// The site path of chapter `c`'s navigation script.
fn chapter_script_name(c: usize) -> String {
    format!("{}chapter-{}.js", crate::model::pages::NAV_FOLDER, c + 1)
}

/// The navigation scripts of chapters longer than a [`BLOCK`]: each calls
/// `standbookNav.add(chapter, [[url, number, title], …])` with all the
/// chapter's entries, so the sidebar lists the whole chapter once the script
/// is loaded — one cached file per chapter instead of the list in every page.
pub(super) fn chapter_scripts(book: &Book) -> Vec<(String, String)> {
    (0..book.chapters.len())
        .filter(|&c| book.chapters[c].navigable().len() > BLOCK)
        .map(|c| {
            let entries: Vec<[String; 3]> = book.standards[book.chapters[c].navigable()]
                .iter()
                .map(|s| [s.page_name(), s.number.clone(), s.meta.title.clone()])
                .collect();
            let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
            (
                chapter_script_name(c),
                format!("standbookNav.add({},{json});\n", c + 1),
            )
        })
        .collect()
}

/// Links to block `block` of chapter `c`'s standards and, when the chapter
/// has more than one block, a link to the chapter's page that lists them all.
fn chapter_block(
    book: &Book,
    c: usize,
    block: usize,
    strings: &BTreeMap<String, String>,
) -> (Vec<LinkView>, Option<LinkView>) {
    let navigable = book.chapters[c].navigable();
    let start = navigable.start + block * BLOCK;
    let end = (start + BLOCK).min(navigable.end);
    let entries = book.standards[start.min(end)..end]
        .iter()
        .map(|s| LinkView {
            title: s.meta.title.clone(),
            url: s.page_name(),
            number: Some(s.number.clone()),
        })
        .collect();
    let more = (navigable.len() > BLOCK).then(|| LinkView {
        title: format!("{} ({})", string(strings, "chapter_all"), navigable.len()),
        url: Page::Chapter(c).file_name(),
        number: None,
    });
    (entries, more)
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
