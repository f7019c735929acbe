//! The book's change log: every version of every standard, grouped by the
//! version of the book that brought it.
//!
//! The book's versions come from `standbook.yaml` — its `changes` entries, its
//! current `version`, and every version it had in git. A standard's change
//! belongs to the first book version that took effect on or after the change's
//! date (the edition that carried it); changes dated after the newest book
//! version form a release of their own, "since" that version. Within a book
//! version, changes are grouped by date, newest first, major changes first.
//! The site's change log pages, the feed and `standbook changelog` all read
//! this one structure.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::{History, VersionEntry, versions};
use crate::model::Book;
use crate::values::date::Date;
use crate::values::version::Version;

/// The whole change log, newest book version first.
#[derive(Debug, Clone, Serialize)]
pub struct Changelog {
    /// The book versions with their changes.
    pub releases: Vec<Release>,
}

/// A version of the book and the changes it brought.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    /// The book version; `None` for changes after the newest book version.
    pub version: Option<Version>,
    /// For changes after the newest book version: that version.
    pub after: Option<Version>,
    /// When this version of the book took effect.
    pub effective: Option<Date>,
    /// What the book's own change entry says about it.
    pub summary: Option<String>,
    /// Whether it is the book's current version.
    pub current: bool,
    /// Its changes by date, newest first.
    pub days: Vec<Day>,
}

/// The changes of one day.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    /// The date.
    pub date: Date,
    /// Its changes, major first.
    pub changes: Vec<Change>,
}

/// One new version of one standard.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The standard's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its number in the book (`3.2`).
    pub number: String,
    /// Its page in the site.
    pub page: String,
    /// The standard's new version.
    pub version: Version,
    /// When (its change entry's date, else its first commit's).
    pub date: Date,
    /// What changed.
    pub summary: String,
    /// Whether staff must re-learn the standard.
    pub major: bool,
    /// Whether these changes are not committed yet.
    pub draft: bool,
    /// Who made it (commit authors, in order of their first commit).
    pub authors: Vec<String>,
    /// The commits, newest first (full ids).
    pub commits: Vec<String>,
    /// Index of the standard in the book.
    #[serde(skip)]
    pub standard: usize,
}

impl Release {
    /// "Версия книги 2.3.0", or "После версии 2.3.0" for the changes after
    /// the newest version, in the language of `strings` (the theme's).
    pub fn title(&self, strings: &BTreeMap<String, String>) -> String {
        let label = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        match (&self.version, &self.after) {
            (Some(v), _) => format!("{} {v}", label("book_version")),
            (None, Some(after)) => format!("{} {after}", label("changes_since")),
            (None, None) => label("changes"),
        }
    }

    /// How many changes it has.
    pub fn count(&self) -> usize {
        self.days.iter().map(|d| d.changes.len()).sum()
    }

    /// Its changes, newest first.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.days.iter().flat_map(|d| &d.changes)
    }
}

impl Changelog {
    /// Only the book versions after `version` (and the changes after the newest).
    pub fn since_version(mut self, version: &Version) -> Changelog {
        self.releases
            .retain(|r| r.version.as_ref().is_none_or(|v| v > version));
        self
    }

    /// Only the changes made by one of `commits`, or not committed yet.
    pub fn only_commits(mut self, commits: &HashSet<String>) -> Changelog {
        for release in &mut self.releases {
            for day in &mut release.days {
                day.changes
                    .retain(|c| c.draft || c.commits.iter().any(|id| commits.contains(id)));
            }
            release.days.retain(|d| !d.changes.is_empty());
        }
        self.releases.retain(|r| r.count() > 0);
        self
    }

    /// The change log as Markdown, for release notes and announcements, with
    /// the labels of the book's language (`strings` of the theme).
    pub fn markdown(&self, title: &str, strings: &BTreeMap<String, String>) -> String {
        let label = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        let mut md = format!("# {title}: {}\n", label("changes").to_lowercase());
        for release in &self.releases {
            md.push_str(&format!("\n## {}", release.title(strings)));
            if let Some(effective) = release.effective {
                md.push_str(&format!(
                    " — {} {effective}",
                    label("effective").to_lowercase()
                ));
            }
            md.push('\n');
            if let Some(summary) = &release.summary {
                md.push_str(&format!("\n{summary}\n"));
            }
            for day in &release.days {
                md.push_str(&format!("\n### {}\n\n", day.date));
                for change in &day.changes {
                    md.push_str(&change_line(change, &label));
                }
            }
        }
        md
    }

    /// Every change, newest book version first.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.releases.iter().flat_map(Release::changes)
    }
}

/// A version of the book: from its change entries, git, or its config.
struct BookVersion {
    version: Version,
    effective: Option<Date>,
    summary: Option<String>,
}

/// The book's versions, oldest first.
fn book_versions(book: &Book, history: &History) -> Vec<BookVersion> {
    let config = &book.config;
    let mut by_version: BTreeMap<Version, BookVersion> = BTreeMap::new();
    let mut add = |version: &Version, effective: Option<Date>, summary: Option<&str>| {
        let entry = by_version
            .entry(version.clone())
            .or_insert_with(|| BookVersion {
                version: version.clone(),
                effective: None,
                summary: None,
            });
        entry.effective = entry.effective.or(effective);
        if entry.summary.is_none() {
            entry.summary = summary.map(str::to_string);
        }
    };
    // A version takes effect on the `effective` its own `standbook.yaml`
    // said; a change entry's date or a commit's stands in only without one.
    add(&config.version, Some(config.effective), None);
    for v in &history.book_versions {
        add(&v.version, v.effective, None);
    }
    for change in &config.changes {
        add(&change.version, Some(change.date), Some(&change.summary));
    }
    for v in &history.book_versions {
        add(&v.version, Some(v.revision.date), None);
    }
    by_version.into_values().collect()
}

/// The book's change log.
pub fn changelog(book: &Book, history: &History) -> Changelog {
    let known = book_versions(book, history);
    let newest = known.last().map(|v| v.version.clone());
    let mut releases: Vec<Release> = known
        .iter()
        .rev()
        .map(|v| Release {
            version: Some(v.version.clone()),
            after: None,
            effective: v.effective,
            summary: v.summary.clone(),
            current: v.version == book.config.version,
            days: Vec::new(),
        })
        .collect();
    let mut later = Release {
        version: None,
        after: newest,
        effective: None,
        summary: None,
        current: false,
        days: Vec::new(),
    };
    // Each standard's changes are made in parallel, then filed in order.
    let changes: Vec<Vec<Change>> = (0..book.standards.len())
        .into_par_iter()
        .map(|index| {
            versions(&book.standards[index], history)
                .into_iter()
                .map(|entry| change(book, index, entry))
                .collect()
        })
        .collect();
    for change in changes.into_iter().flatten() {
        let release = known
            .iter()
            .position(|v| v.effective.is_some_and(|e| e >= change.date))
            .map(|i| known.len() - 1 - i);
        let target = match release {
            Some(i) => &mut releases[i],
            None => &mut later,
        };
        add_change(target, change);
    }
    if later.count() > 0 {
        releases.insert(0, later);
    }
    for release in &mut releases {
        release.days.sort_by_key(|d| std::cmp::Reverse(d.date));
        for day in &mut release.days {
            day.changes.sort_by(|a, b| {
                b.major
                    .cmp(&a.major)
                    .then_with(|| a.standard.cmp(&b.standard))
            });
        }
    }
    Changelog { releases }
}

fn change(book: &Book, index: usize, entry: VersionEntry) -> Change {
    let standard = &book.standards[index];
    let mut authors: Vec<String> = Vec::new();
    for commit in entry.commits.iter().rev() {
        if !authors.contains(&commit.author) {
            authors.push(commit.author.clone());
        }
    }
    Change {
        id: standard.meta.id.clone(),
        title: standard.meta.title.clone(),
        number: standard.number.clone(),
        page: standard.page_name(),
        version: entry.version,
        date: entry.date,
        summary: entry.summary,
        major: entry.major,
        draft: entry.draft,
        authors,
        commits: entry.commits.iter().map(|c| c.commit.clone()).collect(),
        standard: index,
    }
}

fn change_line(change: &Change, label: &dyn Fn(&str) -> String) -> String {
    let mut line = format!(
        "- **{} {}** ({}) {}",
        change.number, change.title, change.id, change.version
    );
    if change.major {
        line.push_str(&format!(" **{}**", label("major_change")));
    }
    if change.draft {
        line.push_str(&format!(" _{}_", label("draft")));
    }
    line.push_str(&format!(" — {}", change.summary));
    if !change.authors.is_empty() {
        line.push_str(&format!(" ({})", change.authors.join(", ")));
    }
    line.push('\n');
    line
}

fn add_change(release: &mut Release, change: Change) {
    let date = change.date;
    match release.days.iter_mut().find(|d| d.date == date) {
        Some(day) => day.changes.push(change),
        None => release.days.push(Day {
            date,
            changes: vec![change],
        }),
    }
}
