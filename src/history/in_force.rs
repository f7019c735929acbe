//! What was in force on a given day: the book's edition and each standard's
//! version.
//!
//! The edition in force is the newest release that had taken effect by then
//! ([`super::releases::in_force_on`]). Within it, a standard whose own
//! `effective` was still ahead that day was not yet in force in that text:
//! the version in force is the one an earlier edition had, if that one had
//! taken effect; else the standard had no version in force yet.

use std::path::Path;

use serde::Serialize;

use super::git;
use super::releases::{Release, in_force_on};
use crate::model::pages::Page;
use crate::source::{SourceKind, classify, split_front_matter};
use crate::values::date::Date;
use crate::yaml::top_level_value;

/// A standard as one edition has it: its front matter's facts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct StandardAt {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// When that version takes effect.
    pub effective: Option<Date>,
    /// Its page in the edition's site.
    pub page: String,
}

/// The standards of the book folder `root` as `commit` has them, read from
/// git's objects without parsing the whole front matter (an old commit may
/// not match today's format); a file whose front matter has no id is left out.
pub fn standards_at(root: &Path, commit: &str) -> Result<Vec<StandardAt>, git::GitError> {
    let files: Vec<git::TreeFile> = git::tree_files(root, commit)?
        .into_iter()
        .filter(|f| classify(Path::new(&f.path)) == Some(SourceKind::Standard))
        .filter(|f| crate::source::is_book_path(Path::new(&f.path)))
        .collect();
    let blobs: Vec<&str> = files.iter().map(|f| f.blob.as_str()).collect();
    let mut read: Vec<(usize, StandardAt)> = Vec::new();
    let mut next = 0;
    git::read_blobs(root, &blobs, |_, bytes| {
        if let Some(standard) = front_matter_facts(&String::from_utf8_lossy(bytes)) {
            read.push((next, standard));
        }
        next += 1;
    });
    // In the book's order: by folder, then by file name.
    read.sort_by(|a, b| files[a.0].path.cmp(&files[b.0].path));
    Ok(read.into_iter().map(|(_, standard)| standard).collect())
}

/// A standard's id, title, version and effective date from its text.
pub fn front_matter_facts(text: &str) -> Option<StandardAt> {
    let (front, _) = split_front_matter(Path::new(""), text).ok()?;
    let value = |key: &str| top_level_value(front, key).map(|v| v.trim().to_string());
    let id = value("id").filter(|id| !id.is_empty())?;
    Some(StandardAt {
        page: Page::Standard(&id).file_name(),
        title: value("title").unwrap_or_default(),
        version: value("version").unwrap_or_default(),
        effective: value("effective").and_then(|d| Date::parse(&d).ok()),
        id,
    })
}

/// The text of `standard` in force on `today`, when its text in the book
/// takes effect later: the newest committed text with another version
/// whose `effective` had come by then. `None` when the book's text is in
/// force, or no earlier text is.
pub fn text_in_force(
    root: &Path,
    history: &super::History,
    standard: &crate::model::standard::Standard,
    today: Date,
) -> Option<String> {
    if standard.meta.effective <= today {
        return None;
    }
    let current = standard.meta.version.to_string();
    let names: Vec<String> = history
        .revisions(standard)
        .iter()
        .filter(|r| r.version.as_ref().is_some_and(|v| v.to_string() != current))
        .map(|r| format!("{}:./{}", r.commit, r.path.to_string_lossy()))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut found = None;
    git::read_blobs(root, &names, |_, bytes| {
        if found.is_some() {
            return;
        }
        let text = String::from_utf8_lossy(bytes);
        let facts = front_matter_facts(&text);
        let in_force = facts.is_some_and(|f| f.effective.is_some_and(|e| e <= today));
        if in_force {
            found = Some(text.into_owned());
        }
    });
    found
}

/// A standard's version in force on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StandardInForce {
    /// The standard as the edition whose text was in force has it.
    #[serde(flatten)]
    pub standard: StandardAt,
    /// That edition's version (its text is at `editions/<edition>/<page>`).
    pub edition: String,
    /// The version the edition in force announced but that had not taken
    /// effect yet, if any.
    pub upcoming: Option<StandardAt>,
}

/// The book on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InForce {
    /// The day.
    pub day: Date,
    /// The edition in force, if one had taken effect.
    pub edition: Option<Release>,
    /// Each standard of that edition with the version in force (a standard
    /// with no version in force yet is listed with `upcoming` only).
    pub standards: Vec<StandardInForce>,
    /// Standards of the edition not yet in force in any version.
    pub not_yet: Vec<StandardAt>,
}

/// What was in force on `day`, given the releases (oldest first) and the
/// standards each had (`standards[i]` for `releases[i]`).
pub fn in_force(releases: &[Release], standards: &[Vec<StandardAt>], day: Date) -> InForce {
    let Some(edition) = in_force_on(releases, day) else {
        return InForce {
            day,
            edition: None,
            standards: Vec::new(),
            not_yet: Vec::new(),
        };
    };
    let index = releases
        .iter()
        .position(|r| r.version == edition.version)
        .unwrap_or(0);
    let taken_effect = |s: &StandardAt| s.effective.is_none_or(|e| e <= day);
    let mut result = InForce {
        day,
        edition: Some(edition.clone()),
        standards: Vec::new(),
        not_yet: Vec::new(),
    };
    for standard in standards.get(index).into_iter().flatten() {
        if taken_effect(standard) {
            result.standards.push(StandardInForce {
                standard: standard.clone(),
                edition: edition.version.to_string(),
                upcoming: None,
            });
            continue;
        }
        let earlier = (0..index).rev().find_map(|i| {
            let same = standards.get(i)?.iter().find(|s| s.id == standard.id)?;
            taken_effect(same).then(|| (same, releases[i].version.to_string()))
        });
        match earlier {
            Some((same, version)) => result.standards.push(StandardInForce {
                standard: same.clone(),
                edition: version,
                upcoming: Some(standard.clone()),
            }),
            None => result.not_yet.push(standard.clone()),
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::version::Version;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn release(version: &str, effective: &str) -> Release {
        Release {
            version: Version(semver::Version::parse(version).unwrap()),
            effective: Some(date(effective)),
            until: None,
            commit: String::new(),
            date: date(effective),
        }
    }

    fn standard(version: &str, effective: &str) -> StandardAt {
        StandardAt {
            id: "COM-01".into(),
            title: "Речь".into(),
            version: version.into(),
            effective: Some(date(effective)),
            page: "com-01.html".into(),
        }
    }

    #[test]
    fn an_edition_whose_standard_is_not_yet_effective_gives_the_earlier_version() {
        let releases = [
            release("1.0.0", "2025-01-01"),
            release("2.0.0", "2025-06-01"),
        ];
        let standards = [
            vec![standard("1.0.0", "2025-01-01")],
            vec![standard("2.0.0", "2025-09-01")],
        ];
        let before = in_force(&releases, &standards, date("2024-12-31"));
        assert!(before.edition.is_none());
        let early = in_force(&releases, &standards, date("2025-03-01"));
        assert_eq!(early.edition.unwrap().version.to_string(), "1.0.0");
        assert_eq!(early.standards[0].standard.version, "1.0.0");
        // 2.0.0 of the book is in force, but COM-01 2.0.0 only from September.
        let summer = in_force(&releases, &standards, date("2025-07-01"));
        assert_eq!(summer.edition.unwrap().version.to_string(), "2.0.0");
        assert_eq!(summer.standards[0].standard.version, "1.0.0");
        assert_eq!(summer.standards[0].edition, "1.0.0");
        assert_eq!(
            summer.standards[0].upcoming.as_ref().unwrap().version,
            "2.0.0"
        );
        let autumn = in_force(&releases, &standards, date("2025-09-01"));
        assert_eq!(autumn.standards[0].standard.version, "2.0.0");
        assert!(autumn.standards[0].upcoming.is_none());
    }

    #[test]
    fn front_matter_facts_are_read_without_the_rest_of_the_format() {
        let text = "---\nid: COM-01\ntitle: Речь\nversion: 2.1.0\neffective: 2025-09-01\nunknown: [x\n---\nТекст\n";
        let facts = front_matter_facts(text).unwrap();
        assert_eq!(facts.id, "COM-01");
        assert_eq!(facts.version, "2.1.0");
        assert_eq!(facts.effective, Some(date("2025-09-01")));
        assert!(front_matter_facts("no front matter").is_none());
    }
}
