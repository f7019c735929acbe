//! Every page the site has — and the other files a reader opens: the feed,
//! the search index, the PDF — with its file name, the UI string of its
//! title, its place on the one-page print version and whether this book has
//! it. Links, navigation, the sitemap, search records, print anchors and the
//! check for ids that would take a page's name all take names from here, and
//! an id becomes part of a name in one place only ([`normalize_id`]).

use std::path::Path;

use super::Book;
use super::parts::Parts;

/// A page of the site, or another file it publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    /// The title page with the contents (`index.html`).
    Home,
    /// A standard's page, by id (`COM-02` → `com-02.html`).
    Standard(&'a str),
    /// A standard's redline, by id (`com-02.redline.html`).
    Redline(&'a str),
    /// The announced text of a standard whose newest version takes effect
    /// later, by id (`com-02.next.html`).
    Announced(&'a str),
    /// The glossary.
    Glossary,
    /// The communication rules.
    Phrases,
    /// The appearance rules.
    Appearance,
    /// A chapter's own page, listing all its standards, by its index in
    /// `Book::chapters` (`chapter-3.html` for the third).
    Chapter(usize),
    /// The list of checklists.
    Checklists,
    /// A checklist's page, by id (`checklist-shift.html`).
    Checklist(&'a str),
    /// The book's change log.
    Changes,
    /// One release's changes (`2.3.0`, `since-2.0.0`, `unversioned`).
    Release(&'a str),
    /// The printable single page.
    Print,
    /// The page a server shows for a missing page.
    NotFound,
    /// The sitemap for search engines (with a `base_url` only: sitemaps
    /// hold absolute addresses).
    Sitemap,
    /// `robots.txt`, naming the sitemap.
    Robots,
    /// The change feed (Atom).
    Feed,
    /// The book's versions, for "since your last visit".
    Versions,
    /// The book's editions: which was in force when, and a link to each.
    Editions,
    /// The editions as data for the edition switcher of every page, old
    /// editions' included (`editions.js`, at the site's root only).
    EditionsScript,
    /// The site's pages as data, so the edition switcher knows whether an
    /// edition has the page a reader is on (`pages.js`).
    PageList,
}

/// The folder the earlier editions are written into (`editions/2.0.0/`).
pub const EDITIONS_FOLDER: &str = "editions/";

/// The folder of the chapters' navigation scripts (`nav/chapter-1.js`…).
pub const NAV_FOLDER: &str = "nav/";

/// The folder of the search index's files (`search/meta.js`, `search/t0.js`…).
pub const SEARCH_FOLDER: &str = "search/";

/// Beginnings of the page names the site makes for itself from a name in the
/// book: a checklist's page and a release's change page. A standard's id may
/// not start with one, or its page would replace the site's.
pub const RESERVED_PREFIXES: &[&str] = &[CHAPTER_PREFIX, CHECKLIST_PREFIX, RELEASE_PREFIX];

const CHAPTER_PREFIX: &str = "chapter-";
const CHECKLIST_PREFIX: &str = "checklist-";
const RELEASE_PREFIX: &str = "changes-";

/// The form of an id in page names and anchors: `Caps-Demo` → `caps-demo`.
/// Ids are compared and turned into names through this one function.
pub fn normalize_id(id: &str) -> String {
    id.to_lowercase()
}

impl<'a> Page<'a> {
    /// The pages every book lists after its standards, in reading order,
    /// whether or not this book has them.
    pub const REFERENCE: [Page<'static>; 5] = [
        Page::Glossary,
        Page::Phrases,
        Page::Appearance,
        Page::Checklists,
        Page::Changes,
    ];

    /// The file name, relative to the site's root.
    pub fn file_name(self) -> String {
        match self {
            Page::Home => "index.html".into(),
            Page::Standard(id) => format!("{}.html", normalize_id(id)),
            Page::Redline(id) => format!("{}.redline.html", normalize_id(id)),
            Page::Announced(id) => format!("{}.next.html", normalize_id(id)),
            Page::Glossary => "glossary.html".into(),
            Page::Phrases => "phrases.html".into(),
            Page::Appearance => "appearance.html".into(),
            Page::Chapter(index) => format!("{CHAPTER_PREFIX}{}.html", index + 1),
            Page::Checklists => "checklists.html".into(),
            Page::Checklist(id) => format!("{CHECKLIST_PREFIX}{}.html", normalize_id(id)),
            Page::Changes => "changes.html".into(),
            Page::Release(key) => format!("{RELEASE_PREFIX}{key}.html"),
            Page::Print => "print.html".into(),
            Page::NotFound => "404.html".into(),
            Page::Sitemap => "sitemap.xml".into(),
            Page::Robots => "robots.txt".into(),
            Page::Feed => "changes.xml".into(),
            Page::Versions => "versions.js".into(),
            Page::Editions => "editions.html".into(),
            Page::EditionsScript => "editions.js".into(),
            Page::PageList => "pages.js".into(),
        }
    }

    /// The key of the page's title among the theme's UI strings, for pages
    /// whose title is not the book's own text.
    pub fn title_key(self) -> Option<&'static str> {
        match self {
            Page::Home => Some("home"),
            Page::Glossary => Some("glossary"),
            Page::Phrases => Some("phrases"),
            Page::Appearance => Some("appearance"),
            Page::Checklists => Some("checklists"),
            Page::Changes | Page::Release(_) => Some("changes"),
            Page::NotFound => Some("not_found"),
            Page::Editions => Some("editions"),
            _ => None,
        }
    }

    /// The page the site's file `name` is (`glossary.html`,
    /// `checklist-shift.html`, `com-02.html`); ids come back normalized.
    /// Any other `*.html` name is taken for a standard's page.
    pub fn from_file_name(name: &'a str) -> Option<Page<'a>> {
        let fixed = [
            Page::Home,
            Page::Print,
            Page::NotFound,
            Page::Sitemap,
            Page::Robots,
            Page::Feed,
            Page::Versions,
            Page::Editions,
            Page::EditionsScript,
            Page::PageList,
        ];
        if let Some(page) =
            (fixed.into_iter().chain(Page::REFERENCE)).find(|p| p.file_name() == name)
        {
            return Some(page);
        }
        if name.is_empty() {
            return Some(Page::Home);
        }
        let stem = name.strip_suffix(".html")?;
        if let Some(number) = stem.strip_prefix(CHAPTER_PREFIX)
            && let Ok(number) = number.parse::<usize>()
            && number > 0
        {
            return Some(Page::Chapter(number - 1));
        }
        if let Some(id) = stem.strip_prefix(CHECKLIST_PREFIX) {
            return Some(Page::Checklist(id));
        }
        if let Some(key) = stem.strip_prefix(RELEASE_PREFIX) {
            return Some(Page::Release(key));
        }
        if let Some(id) = stem.strip_suffix(".next") {
            return Some(Page::Announced(id));
        }
        match stem.strip_suffix(".redline") {
            Some(id) => Some(Page::Redline(id)),
            None => Some(Page::Standard(stem)),
        }
    }

    /// The id its part starts with on the print page (`print-glossary`,
    /// `com-02`, `print-checklist-shift`), for pages that have a part there.
    pub fn print_anchor(self) -> Option<String> {
        Some(match self {
            Page::Home => "cover-title".into(),
            Page::Standard(id) => normalize_id(id),
            Page::Glossary => "print-glossary".into(),
            Page::Phrases => "print-phrases".into(),
            Page::Appearance => "print-appearance".into(),
            Page::Checklists => "print-checklists".into(),
            Page::Checklist(id) => format!("print-{CHECKLIST_PREFIX}{}", normalize_id(id)),
            Page::Changes | Page::Release(_) => "print-changes".into(),
            _ => return None,
        })
    }

    /// Whether the printed `parts` hold this page's part.
    pub fn printed(self, parts: &Parts) -> bool {
        match self {
            Page::Home => parts.cover,
            Page::Standard(id) => parts.standard(id),
            Page::Glossary => parts.glossary,
            Page::Phrases => parts.phrases,
            Page::Appearance => parts.appearance,
            Page::Checklists | Page::Checklist(_) => parts.checklists,
            Page::Changes | Page::Release(_) => parts.changes,
            _ => false,
        }
    }
}

/// The reserved page-name prefix an id starts with, if any.
pub fn reserved_prefix(id: &str) -> Option<&'static str> {
    let normal = normalize_id(id);
    RESERVED_PREFIXES
        .iter()
        .copied()
        .find(|prefix| normal.starts_with(prefix))
}

/// The name of the book's PDF: its folder's name (`standards.pdf`).
pub fn pdf_name(root: &Path) -> String {
    let folder = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "book".into());
    format!("{folder}.pdf")
}

/// The file name of a one-item PDF (`standbook pdf --only COM-02` → `com-02.pdf`).
pub fn item_pdf_name(id: &str) -> String {
    format!("{}.pdf", normalize_id(id))
}

impl Book {
    /// Whether the site of this book has `page`.
    pub fn has_page(&self, page: Page) -> bool {
        match page {
            Page::Glossary => !self.terms.is_empty(),
            Page::Phrases => self.phrases.is_some(),
            Page::Appearance => self.appearance.is_some(),
            Page::Checklists => !self.checklists.is_empty(),
            Page::Standard(id) => self.standard_index_any_case(id).is_some(),
            Page::Checklist(id) => self.checklist_any_case(id).is_some(),
            Page::Chapter(index) => self
                .chapters
                .get(index)
                .is_some_and(|chapter| !chapter.navigable().is_empty()),
            _ => true,
        }
    }

    /// The pages this book lists after its standards, in reading order.
    pub fn reference_pages(&self) -> Vec<Page<'static>> {
        Page::REFERENCE
            .into_iter()
            .filter(|page| self.has_page(*page))
            .collect()
    }

    /// The standard whose id is `id`, in any letter case.
    pub fn standard_index_any_case(&self, id: &str) -> Option<usize> {
        let wanted = normalize_id(id);
        self.standards
            .iter()
            .position(|s| normalize_id(&s.meta.id) == wanted)
    }

    /// The checklist whose id is `id`, in any letter case.
    pub fn checklist_any_case(&self, id: &str) -> Option<&super::checklist::Checklist> {
        let wanted = normalize_id(id);
        self.checklists
            .iter()
            .find(|c| normalize_id(&c.id) == wanted)
    }

    /// The name of the book's PDF.
    pub fn pdf_name(&self) -> String {
        pdf_name(&self.root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_pages_round_trip_with_ids_in_one_form() {
        for page in [
            Page::Home,
            Page::Glossary,
            Page::Checklist("caps-demo"),
            Page::Release("2.3.0"),
            Page::Redline("com-02"),
            Page::Chapter(2),
            Page::Standard("com-02"),
            Page::Print,
        ] {
            let name = page.file_name();
            assert_eq!(Page::from_file_name(&name), Some(page), "{name}");
        }
        assert_eq!(
            Page::Checklist("Caps-Demo").file_name(),
            "checklist-caps-demo.html"
        );
        assert_eq!(
            Page::Checklist("Caps-Demo").print_anchor().as_deref(),
            Some("print-checklist-caps-demo")
        );
        assert_eq!(reserved_prefix("Changes-1"), Some("changes-"));
        assert_eq!(reserved_prefix("COM-01"), None);
    }
}
