//! Releases of the book: the versions of `standbook.yaml` in git.
//!
//! A release is the commit where `standbook.yaml`'s `version` changed to a
//! new value (the oldest commit that has it); its edition is the book as that
//! commit has it. Later commits that change standards without a new version
//! belong to the next release. Uncommitted text is never part of a release.
//! `editions:` in `standbook.yaml` narrows which releases the site keeps.

use serde::Serialize;

use super::History;
use crate::config::{EditionsConfig, KeepEditions};
use crate::values::date::Date;
use crate::values::version::Version;

/// One release of the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// The book's version.
    pub version: Version,
    /// `effective` of its `standbook.yaml`: when it took, or takes, effect.
    pub effective: Option<Date>,
    /// The last day it was in force: the day before the next release took
    /// effect; `None` for the newest.
    pub until: Option<Date>,
    /// The commit where the version changed to it.
    pub commit: String,
    /// Its date.
    pub date: Date,
}

/// The book's releases, oldest first, as `history` read them.
pub fn releases(history: &History) -> Vec<Release> {
    let mut releases: Vec<Release> = history
        .book_versions
        .iter()
        .map(|v| Release {
            version: v.version.clone(),
            effective: v.effective,
            until: None,
            commit: v.released.commit.clone(),
            date: v.released.date,
        })
        .collect();
    releases.sort_by(|a, b| a.version.0.cmp(&b.version.0));
    for i in 1..releases.len() {
        let next = releases[i].effective;
        releases[i - 1].until = next.map(|d| d.add_days(-1));
    }
    releases
}

/// The releases `config` keeps, oldest first.
pub fn kept(config: &EditionsConfig, releases: Vec<Release>) -> Vec<Release> {
    if config.keep == KeepEditions::None {
        return Vec::new();
    }
    let mut kept: Vec<Release> = releases
        .into_iter()
        .filter(|r| {
            config
                .since
                .as_ref()
                .is_none_or(|since| r.version.0 >= since.0)
        })
        .collect();
    if let Some(last) = config.last {
        kept.drain(..kept.len().saturating_sub(last));
    }
    kept
}

/// The release in force on `day`: the newest that took effect by then.
pub fn in_force_on(releases: &[Release], day: Date) -> Option<&Release> {
    releases
        .iter()
        .filter(|r| r.effective.is_some_and(|e| e <= day))
        .max_by(|a, b| a.effective.cmp(&b.effective))
}
