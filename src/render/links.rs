//! Where links inside the book point: to the site's pages, or — in the
//! one-page print version — to places inside that page.
//!
//! On the single page every standard is an `<article id="gen-01">` and its
//! headings' ids are prefixed with the standard's (`gen-01--scope`), so two
//! standards with a heading of the same name never share an id. What the
//! single page leaves out (see [`Parts`]) is linked on its own site page.

use crate::model::pages::Page;
use crate::model::parts::Parts;

fn page_name(id: &str) -> String {
    Page::Standard(id).file_name()
}

/// How links to standards, their headings and glossary terms are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle<'p> {
    /// Every standard on its own page (`gen-01.html#scope`).
    Site,
    /// The printed parts of the book on one page (`#gen-01--scope`).
    OnePage(&'p Parts),
}

impl LinkStyle<'_> {
    /// The URL of the standard with id `id`, or of a heading in it.
    pub fn standard(self, id: &str, anchor: Option<&str>) -> String {
        match (self, anchor) {
            (LinkStyle::OnePage(parts), None) if parts.standard(id) => {
                format!("#{}", standard_anchor(id))
            }
            (LinkStyle::OnePage(parts), Some(anchor)) if parts.standard(id) => {
                format!("#{}", self.heading_id(id, anchor))
            }
            (_, None) => page_name(id),
            (_, Some(anchor)) => format!("{}#{anchor}", page_name(id)),
        }
    }

    /// The id a heading of the standard `id` gets.
    pub fn heading_id(self, id: &str, heading: &str) -> String {
        match self {
            LinkStyle::Site => heading.to_string(),
            LinkStyle::OnePage(_) => format!("{}--{heading}", standard_anchor(id)),
        }
    }

    /// The URL of a glossary entry with anchor `anchor` (`term-…`).
    pub fn term(self, anchor: &str) -> String {
        match self {
            LinkStyle::OnePage(parts) if parts.glossary => format!("#{anchor}"),
            _ => format!("{}#{anchor}", Page::Glossary.file_name()),
        }
    }

    /// Whether the single page holds the part shown on the site's page `page`
    /// (`glossary.html`, `checklist-shift.html`); its part's id if so.
    fn part_on_page(self, page: &str) -> Option<String> {
        let LinkStyle::OnePage(parts) = self else {
            return None;
        };
        let page = Page::from_file_name(page)?;
        match page {
            // A standard's page is linked through `standard`.
            Page::Standard(_) => None,
            _ => page.printed(parts).then(|| page.print_anchor()).flatten(),
        }
    }

    /// The URL of one of the book's other pages (`glossary.html#term-x`,
    /// `checklist-shift.html`); on the single page, its part of the page
    /// when the page holds it.
    pub fn book_page(self, url: &str) -> String {
        let (page, anchor) = url.split_once('#').unwrap_or((url, ""));
        match self.part_on_page(page) {
            None => url.to_string(),
            Some(part) if anchor.is_empty() || part == "print-changes" => format!("#{part}"),
            Some(_) => format!("#{anchor}"),
        }
    }

    /// Whether this is the single page and it holds the part shown on the
    /// site's page `page`.
    pub fn prints(self, page: Page) -> bool {
        matches!(self, LinkStyle::OnePage(parts) if page.printed(parts))
    }
}

/// The id of a standard's article on the single page.
pub(super) fn standard_anchor(id: &str) -> String {
    Page::Standard(id).print_anchor().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_links_stay_inside_the_page_and_never_collide() {
        let site = LinkStyle::Site;
        let parts = Parts::every_part_with(&["GEN-01", "GEN-02"]);
        let one = LinkStyle::OnePage(&parts);
        assert_eq!(site.standard("GEN-01", Some("scope")), "gen-01.html#scope");
        assert_eq!(one.standard("GEN-01", Some("scope")), "#gen-01--scope");
        assert_eq!(one.standard("GEN-01", None), "#gen-01");
        assert_ne!(
            one.heading_id("GEN-01", "scope"),
            one.heading_id("GEN-02", "scope")
        );
        assert_eq!(one.standard("GEN-02", Some("a")), "#gen-02--a");
        assert_eq!(one.term("term-x"), "#term-x");
        assert_eq!(site.term("term-x"), "glossary.html#term-x");
        assert_eq!(one.book_page("glossary.html"), "#print-glossary");
        assert_eq!(one.book_page("glossary.html#term-x"), "#term-x");
        assert_eq!(
            one.book_page("checklist-shift.html"),
            "#print-checklist-shift"
        );
        assert_eq!(one.book_page("changes-2.3.0.html"), "#print-changes");
        assert_eq!(
            site.book_page("checklist-shift.html"),
            "checklist-shift.html"
        );
    }
}

#[cfg(test)]
mod left_out {
    use super::*;

    #[test]
    fn what_the_page_leaves_out_is_linked_on_its_site_page() {
        let mut parts = Parts::every_part_with(&["GEN-01"]);
        parts.glossary = false;
        parts.checklists = false;
        let one = LinkStyle::OnePage(&parts);
        assert_eq!(one.standard("GEN-01", None), "#gen-01");
        assert_eq!(one.standard("GEN-02", Some("a")), "gen-02.html#a");
        assert_eq!(one.term("term-x"), "glossary.html#term-x");
        assert_eq!(
            one.book_page("checklist-shift.html"),
            "checklist-shift.html"
        );
        assert_eq!(one.book_page("phrases.html"), "#print-phrases");
        assert!(!one.prints(Page::Checklists));
    }
}
