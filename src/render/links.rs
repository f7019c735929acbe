//! Where links inside the book point: to the site's pages, or — in the
//! one-page print version — to places inside that page.
//!
//! On the single page every standard is an `<article id="gen-01">` and its
//! headings' ids are prefixed with the standard's (`gen-01--scope`), so two
//! standards with a heading of the same name never share an id.

use crate::model::standard::page_name;

/// How links to standards, their headings and glossary terms are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    /// Every standard on its own page (`gen-01.html#scope`).
    Site,
    /// The whole book on one page (`#gen-01--scope`).
    OnePage,
}

impl LinkStyle {
    /// The URL of the standard with id `id`, or of a heading in it.
    pub fn standard(self, id: &str, anchor: Option<&str>) -> String {
        match (self, anchor) {
            (LinkStyle::Site, None) => page_name(id),
            (LinkStyle::Site, Some(anchor)) => format!("{}#{anchor}", page_name(id)),
            (LinkStyle::OnePage, None) => format!("#{}", standard_anchor(id)),
            (LinkStyle::OnePage, Some(anchor)) => format!("#{}", self.heading_id(id, anchor)),
        }
    }

    /// The id a heading of the standard `id` gets.
    pub fn heading_id(self, id: &str, heading: &str) -> String {
        match self {
            LinkStyle::Site => heading.to_string(),
            LinkStyle::OnePage => format!("{}--{heading}", standard_anchor(id)),
        }
    }

    /// The URL of a glossary entry with anchor `anchor` (`term-…`).
    pub fn term(self, anchor: &str) -> String {
        match self {
            LinkStyle::Site => format!("glossary.html#{anchor}"),
            LinkStyle::OnePage => format!("#{anchor}"),
        }
    }

    /// The URL of one of the book's other pages (`glossary.html#term-x`,
    /// `checklist-shift.html`); on the single page, its part of the page.
    pub fn book_page(self, url: &str) -> String {
        if self == LinkStyle::Site {
            return url.to_string();
        }
        let (page, anchor) = url.split_once('#').unwrap_or((url, ""));
        let part = match page {
            "" | "index.html" => "cover-title".to_string(),
            "glossary.html" => "print-glossary".into(),
            "phrases.html" => "print-phrases".into(),
            "appearance.html" => "print-appearance".into(),
            "checklists.html" => "print-checklists".into(),
            "changes.html" => return "#print-changes".into(),
            _ if page.starts_with("changes-") => return "#print-changes".into(),
            _ => match page
                .strip_prefix("checklist-")
                .and_then(|p| p.strip_suffix(".html"))
            {
                Some(id) => format!("print-checklist-{id}"),
                None => return url.to_string(),
            },
        };
        match anchor {
            "" => format!("#{part}"),
            anchor => format!("#{anchor}"),
        }
    }
}

/// The id of a standard's article on the single page.
pub fn standard_anchor(id: &str) -> String {
    id.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_links_stay_inside_the_page_and_never_collide() {
        let site = LinkStyle::Site;
        let one = LinkStyle::OnePage;
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
