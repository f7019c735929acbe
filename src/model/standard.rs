//! A standard: one Markdown page with front matter, the unit a manager edits.

use std::path::PathBuf;

use serde::Deserialize;

use crate::markdown::{Heading, Reference};
use crate::values::change::Change;
use crate::values::date::{Date, ReviewPeriod};
use crate::values::version::Version;

/// The front matter of a standard, exactly as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Stable id such as `COM-02`; the page URL is derived from it.
    pub id: String,
    /// Title of the standard.
    pub title: String,
    /// Version of this standard.
    pub version: Version,
    /// When this version takes effect.
    pub effective: Date,
    /// Who is responsible for the standard.
    pub owner: String,
    /// How often the standard must be reviewed.
    #[serde(default)]
    pub review_every: Option<ReviewPeriod>,
    /// The date by which the standard must be reviewed.
    #[serde(default)]
    pub review_by: Option<Date>,
    /// Roles, units or channels the standard applies to.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// Position in its chapter; the file name's number prefix otherwise.
    #[serde(default)]
    pub order: Option<u32>,
    /// One-sentence summary, shown in lists and tooltips.
    #[serde(default)]
    pub summary: Option<String>,
    /// The human change log.
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// A standard as the rest of the pipeline sees it.
#[derive(Debug, Clone)]
pub struct Standard {
    /// Front matter.
    pub meta: FrontMatter,
    /// Path of the source file, relative to the book.
    pub path: PathBuf,
    /// Byte offset of the body in the source file.
    pub body_offset: usize,
    /// The whole source file; the body starts at `body_offset`.
    pub source: std::sync::Arc<str>,
    /// Index of its chapter in `Book::chapters`.
    pub chapter: usize,
    /// Headings with their anchor ids.
    pub outline: Vec<Heading>,
    /// Links and embeds in the body.
    pub references: Vec<Reference>,
    /// Byte ranges of raw HTML in the body.
    pub raw_html: Vec<std::ops::Range<usize>>,
    /// Byte ranges of headings whose attributes other than id and classes are left out.
    pub heading_attributes: Vec<std::ops::Range<usize>>,
    /// Sort key within the chapter.
    pub order: u32,
    /// Number shown before the title: `2.3`, or `3` at the top level.
    pub number: String,
    /// The outline's ids as a set, made the first time a long outline is asked.
    pub anchor_set: std::sync::OnceLock<std::collections::HashSet<String>>,
}

impl Standard {
    /// The Markdown body (the source after the front matter).
    pub fn body(&self) -> &str {
        self.source.get(self.body_offset..).unwrap_or_default()
    }

    /// Whether one of the standard's headings has the id `anchor`; in
    /// constant time for a long outline, so links into a standard with
    /// thousands of headings are checked in linear time.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        if self.outline.len() <= 32 {
            return self.outline.iter().any(|h| h.id == anchor);
        }
        self.anchor_set
            .get_or_init(|| self.outline.iter().map(|h| h.id.clone()).collect())
            .contains(anchor)
    }

    /// File name of the standard's page, derived from its id.
    pub fn page_name(&self) -> String {
        super::pages::Page::Standard(&self.meta.id).file_name()
    }

    /// When the standard is next due for review, if a review is configured.
    pub fn review_due(&self) -> Option<Date> {
        if let Some(by) = self.meta.review_by {
            return Some(by);
        }
        let period = self.meta.review_every?;
        let last = self
            .meta
            .changes
            .iter()
            .map(|c| c.date)
            .max()
            .unwrap_or(self.meta.effective)
            .max(self.meta.effective);
        Some(period.after(last))
    }

    /// The change entries, newest first.
    pub fn changes_newest_first(&self) -> Vec<&Change> {
        let mut changes: Vec<&Change> = self.meta.changes.iter().collect();
        changes.sort_by(|a, b| b.version.cmp(&a.version).then(b.date.cmp(&a.date)));
        changes
    }
}

/// Whether an id can name a page: a letter, then letters, digits and at least one `-`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && id.contains('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The number prefix of a file or folder name: `03-conflicts.md` → 3.
pub fn number_prefix(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_fit_in_a_url() {
        assert!(is_valid_id("COM-02"));
        assert!(is_valid_id("gen-1-a"));
        assert!(!is_valid_id("COM02"));
        assert!(!is_valid_id("КОМ-02"));
        assert!(!is_valid_id("COM-02/x"));
        assert!(!is_valid_id("1-A"));
    }

    #[test]
    fn number_prefixes_order_files() {
        assert_eq!(number_prefix("03-conflicts.md"), Some(3));
        assert_eq!(number_prefix("intro.md"), None);
    }
}
