//! Versions and change logs: each `changes` list (a standard's, and the
//! book's own in `standbook.yaml`) names each version once and its versions
//! grow with its dates ([`change_lists`], every build); with git history, each
//! version a standard had has an entry, each entry's version was in git, and
//! versions never went down ([`against_history`], `standbook check`).

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::history::History;
use crate::model::Book;
use crate::model::standard::Standard;
use crate::values::change::Change;
use crate::values::version::Version;

/// Duplicate versions and versions that do not grow with their dates.
pub(super) fn change_lists(book: &Book, out: &mut Vec<Diagnostic>) {
    for standard in &book.standards {
        change_list(
            &standard.path,
            &standard.source,
            &standard.meta.changes,
            out,
        );
    }
    let config = Path::new(crate::config::CONFIG_FILE);
    let text = book.sources.get(config).unwrap_or_default();
    change_list(config, text, &book.config.changes, out);
}

fn change_list(file: &Path, text: &str, changes: &[Change], out: &mut Vec<Diagnostic>) {
    for (i, change) in changes.iter().enumerate() {
        let earlier = &changes[..i];
        let at = || entry_location(file, text, &change.version, earlier);
        if earlier.iter().any(|c| c.version == change.version) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateVersion,
                    format!("version {} has two change entries", change.version),
                )
                .at(at())
                .hint("merge the two entries, or give this one the version it produced"),
            );
            continue;
        }
        // A pair out of order is reported once, at its later-dated entry.
        if let Some(other) = changes
            .iter()
            .find(|c| c.date < change.date && c.version > change.version)
        {
            out.push(
                Diagnostic::new(
                    Code::VersionOrder,
                    format!(
                        "version {} is dated {}, after {} of {}: versions must grow with their dates",
                        change.version, change.date, other.version, other.date
                    ),
                )
                .at(at())
                .hint("check the version and the date of both entries"),
            );
        }
    }
}

/// Where the entry for `version` is: its `version:` value inside the
/// `changes` list (after the top-level `version:` of a front matter).
fn entry_location(file: &Path, text: &str, version: &Version, earlier: &[Change]) -> Location {
    let nth = earlier.iter().filter(|c| &c.version == version).count();
    let key = crate::yaml::locate_key(text, "changes").map_or(0, |(offset, _)| offset);
    let list = text[..key].rfind('\n').map_or(0, |n| n + 1);
    match crate::yaml::locate(&text[list..], "version", &version.to_string(), nth) {
        Some((offset, len)) => Location::at_offset(file, text, list + offset, len),
        None => Location::at_line(file, 1, 1),
    }
}

/// A standard's change log against its git history.
pub(super) fn against_history(book: &Book, history: &History, out: &mut Vec<Diagnostic>) {
    if history.source == crate::history::Source::FrontMatter {
        return;
    }
    for standard in &book.standards {
        let revisions = history.revisions(standard);
        if revisions.is_empty() {
            continue;
        }
        unrecorded_versions(standard, revisions, out);
        versions_going_down(standard, revisions, out);
        if history.source == crate::history::Source::Git {
            entries_not_in_git(standard, revisions, out);
        }
    }
}

fn version_key(standard: &Standard) -> Location {
    let (offset, len) = crate::yaml::locate_key(&standard.source, "version").unwrap_or((0, 1));
    Location::at_offset(&standard.path, &standard.source, offset, len)
}

/// Versions the file had (in git, or now) with no change entry.
fn unrecorded_versions(
    standard: &Standard,
    revisions: &[crate::history::Revision],
    out: &mut Vec<Diagnostic>,
) {
    let recorded = |v: &Version| standard.meta.changes.iter().any(|c| &c.version == v);
    let mut reported: Vec<&Version> = Vec::new();
    let now = std::iter::once((&standard.meta.version, None));
    let committed = revisions
        .iter()
        .filter_map(|r| r.version.as_ref().map(|v| (v, Some(r))));
    for (version, revision) in now.chain(committed) {
        if recorded(version) || reported.contains(&version) {
            continue;
        }
        reported.push(version);
        let by = revision.map_or_else(String::new, |r| {
            format!(" (commit {} by {}, {})", r.short, r.author, r.date)
        });
        out.push(
            Diagnostic::new(
                Code::UnrecordedVersion,
                format!(
                    "{} has version {version}{by} but no change entry for it",
                    standard.meta.id
                ),
            )
            .at(version_key(standard))
            .hint(format!(
                "add `- {{ version: {version}, date: …, summary: … }}` to `changes`, saying what changed for readers"
            )),
        );
    }
}

/// A commit that lowered the version.
fn versions_going_down(
    standard: &Standard,
    revisions: &[crate::history::Revision],
    out: &mut Vec<Diagnostic>,
) {
    // Newest first: each revision against the one before it.
    for pair in revisions.windows(2) {
        let (newer, older) = (&pair[0], &pair[1]);
        let (Some(new), Some(old)) = (&newer.version, &older.version) else {
            continue;
        };
        if new < old {
            out.push(
                Diagnostic::new(
                    Code::VersionDown,
                    format!(
                        "{}'s version went down from {old} to {new} in commit {} ({}, {})",
                        standard.meta.id, newer.short, newer.author, newer.date
                    ),
                )
                .at(version_key(standard))
                .hint("versions only grow: give the standard a version above every earlier one"),
            );
        }
    }
}

/// Change entries dated after the file came into git whose version git never saw.
fn entries_not_in_git(
    standard: &Standard,
    revisions: &[crate::history::Revision],
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = revisions.last().map(|r| r.date) else {
        return;
    };
    for (i, change) in standard.meta.changes.iter().enumerate() {
        let in_git = revisions
            .iter()
            .any(|r| r.version.as_ref() == Some(&change.version));
        if in_git || change.date < first || change.version == standard.meta.version {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::EntryNotInGit,
                format!(
                    "change entry {} is dated {} but no commit of {} has that version",
                    change.version, change.date, standard.meta.id
                ),
            )
            .at(entry_location(
                &standard.path,
                &standard.source,
                &change.version,
                &standard.meta.changes[..i],
            ))
            .hint("check the entry's version against the file's history (`git log -p`), or commit that version"),
        );
    }
}
