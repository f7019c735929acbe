//! Validation of a whole book: what must hold across files.
//!
//! Each file is already known to be well-formed; here we look for duplicate
//! ids and terms, links to standards, anchors and terms that do not exist,
//! embeds that name unknown data, files that are not there, chapters' lists,
//! empty checklists, overdue reviews and contradictory communication rules
//! ([`check`], on every build). [`thorough`] adds what only `standbook check`
//! reads the whole text for: unused terms, terms sharing word forms, and
//! forbidden phrases in the book's own text; [`history`] holds change logs
//! against git. External links are in [`external`].

mod checklists;
mod duplicates;
pub mod external;
mod links;
mod navigation;
mod phrases;
mod raw_html;
mod reviews;
mod terms;
mod versions;

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::Book;
use crate::yaml::closest;

/// The problems every build reports.
pub fn check(book: &Book) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    navigation::chapter_lists(book, &mut out);
    checklists::empty(book, &mut out);
    versions::change_lists(book, &mut out);
    reviews::overdue(book, crate::values::date::Date::today(), &mut out);
    match book.phrase_rules() {
        Ok(Some(rules)) => {
            phrases::forbidden_instead(&rules, book, &mut out);
            phrases::examples(&rules, book, &mut out);
        }
        Ok(None) => {}
        Err(errors) => out.extend(errors),
    }
    duplicates::duplicate_standards(book, &mut out);
    duplicates::duplicate_terms(book, &mut out);
    duplicates::duplicate_data_ids(book, &mut out);
    links::see_also(book, &mut out);
    logo(book, &mut out);
    print_parts(book, &mut out);
    for standard in &book.standards {
        for reference in &standard.references {
            if let Some(d) = links::check_reference(book, standard, reference) {
                out.push(d);
            }
        }
        if book.config.raw_html == crate::config::RawHtml::Sanitize {
            raw_html::dropped(standard, &mut out);
        }
        if standard.meta.changes.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::NoChanges,
                    format!("standard {} has no change log entry", standard.meta.id),
                )
                .at(Location::at_line(&standard.path, 2, 1))
                .hint("add `changes: [{ version: …, date: …, summary: … }]` to the front matter"),
            );
        }
    }
    out
}

/// What `standbook check` adds with the book's git history: change logs
/// against the versions the files really had.
pub fn history(book: &Book, history: &crate::history::History) -> Vec<Diagnostic> {
    let mut out = history_warnings(history);
    versions::against_history(book, history, &mut out);
    out
}

/// Warnings about the history itself: git could not read it, or the clone
/// is shallow, so it starts later than the book did.
pub fn history_warnings(history: &crate::history::History) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = unreadable_history(history).into_iter().collect();
    out.extend(shallow_history(history));
    out
}

/// A warning when the book is in a git repository that git could not read.
fn unreadable_history(history: &crate::history::History) -> Option<Diagnostic> {
    let why = history.unreadable.as_ref()?;
    Some(
        Diagnostic::new(
            Code::GitUnreadable,
            format!("the book's git history could not be read ({why}); pages show no history"),
        )
        .hint(
            "run `git status` in the book folder; `standbook explain W0507` lists the usual causes",
        ),
    )
}

/// A warning when a shallow clone cuts the history short.
fn shallow_history(history: &crate::history::History) -> Option<Diagnostic> {
    if history.source != crate::history::Source::Shallow {
        return None;
    }
    let since = history
        .since
        .map_or_else(|| "its last commit".to_string(), |date| date.to_string());
    Some(
        Diagnostic::new(
            Code::ShallowHistory,
            format!(
                "the book is a shallow git clone: its history starts at {since}, so earlier changes, redlines and book versions are missing"
            ),
        )
        .hint("fetch all of it with `git fetch --unshallow`; in CI, `fetch-depth: 0` (GitHub Actions) or `GIT_DEPTH: 0` (GitLab)"),
    )
}

/// What `standbook check` adds to [`check`]: the glossary and the
/// communication rules against the whole text of the book.
pub fn thorough(book: &Book) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // The running text of every standard, read once for both passes over it.
    let prose: Vec<Vec<crate::markdown::ProseBlock>> = book
        .standards
        .par_iter()
        .map(|s| crate::markdown::prose_blocks(s.body()))
        .collect();
    let mut out = Vec::new();
    terms::unused(book, &prose, &mut out);
    terms::shared_word_forms(book, &mut out);
    if let Ok(Some(rules)) = book.phrase_rules() {
        phrases::in_book_text(&rules, book, &prose, &mut out);
    }
    out
}

/// Where `key: value` (its `nth` occurrence) stands in the YAML `file` of the book.
pub(crate) fn at_key(book: &Book, file: &Path, key: &str, value: &str, nth: usize) -> Location {
    let text = book.sources.get(file).unwrap_or_default();
    // A quoted or escaped value is not written as it reads: then the key's line.
    let found = crate::yaml::locate(text, key, value, nth)
        .or_else(|| crate::yaml::locate_nth_key(text, key, nth));
    match found {
        Some((offset, len)) => Location::at_offset(file, text, offset, len),
        None => Location::at_line(file, 1, 1),
    }
}

/// Ids must differ as pages do: `COM-01` and `com-01` would share `com-01.html`.
fn logo(book: &Book, out: &mut Vec<Diagnostic>) {
    let Some(logo) = &book.config.logo else {
        return;
    };
    let file = Path::new(crate::config::CONFIG_FILE);
    let inside = book
        .folder
        .as_ref()
        .is_some_and(|f| f.is_file(Path::new(logo)));
    let fine = logo.starts_with("assets/") && !logo.contains("..") && inside;
    if !fine {
        out.push(
            Diagnostic::new(
                Code::MissingFile,
                format!("logo `{logo}` is not a file in assets/"),
            )
            .at(at_key(book, file, "logo", logo, 0))
            .hint("put the image in the book's assets/ folder and write `logo: assets/NAME`"),
        );
    }
}

/// Every name in `print:` must be a part of the book or a chapter folder.
fn print_parts(book: &Book, out: &mut Vec<Diagnostic>) {
    let Some(names) = &book.config.print else {
        return;
    };
    let file = Path::new(crate::config::CONFIG_FILE);
    let text = book.sources.get(file).unwrap_or_default();
    for name in crate::model::parts::unknown(book, names) {
        // The name's first occurrence after `print:`.
        let location = crate::yaml::locate_key(text, "print")
            .and_then(|(start, _)| Some(start + text[start..].find(name)?))
            .map_or_else(
                || Location::at_line(file, 1, 1),
                |offset| Location::at_offset(file, text, offset, name.len()),
            );
        out.push(
            Diagnostic::new(
                Code::InvalidValue,
                format!("`{name}` in `print:` is neither a part of the book nor a chapter folder"),
            )
            .at(location)
            .hint(format!(
                "use one of: {}",
                crate::model::parts::known_names(book).join(", ")
            )),
        );
    }
}

fn is_simple_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn dedup(mut items: Vec<&str>) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(*i));
    items
}

fn suggest(name: &str, known: &[&str]) -> String {
    match closest(name, known) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => "there are none yet".to_string(),
        None => format!("known: {}", known.join(", ")),
    }
}
