//! The redline page of a standard: which words changed between two of its
//! versions, insertions and deletions marked as `<ins>` and `<del>` (struck
//! out or underlined, and announced by screen readers — not by colour alone).
//!
//! The page shows the newest change without scripts; it embeds the standard's
//! weave (see [`crate::history::redline`]) so `redline.js` can show any other
//! pair of versions, writing exactly the HTML [`redline_html`] writes.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use super::pages::{self, PageResult};
use super::{Renderer, escape_attr};
use crate::history::History;
use crate::history::redline::{Mark, Point, Redline, WeaveJson, tokens};
use crate::model::Book;
use crate::model::standard::Standard;
use crate::theme::string;
use crate::values::date::Date;

/// The file name of a standard's redline page (`.` cannot occur in an id).
pub(super) fn page_name(standard: &Standard) -> String {
    crate::model::pages::Page::Redline(&standard.meta.id).file_name()
}

/// Each standard's redline, with uncommitted changes woven in as a last
/// version (once per render, not once per page that links to it).
pub(super) fn with_drafts(
    book: &Book,
    history: &History,
    today: Date,
    draft: &str,
) -> HashMap<PathBuf, Redline> {
    book.standards
        .iter()
        .filter(|s| history.is_draft(s))
        .filter_map(|standard| {
            let committed = history.redlines.get(&standard.path)?;
            let point = Point {
                label: format!("{} ({draft})", standard.meta.version),
                version: Some(standard.meta.version.to_string()),
                date: today.to_string(),
                draft: true,
            };
            let tokens = tokens(&standard.meta.title, standard.body());
            Some((standard.path.clone(), committed.with_draft(point, &tokens)))
        })
        .collect()
}

/// The standard's redline (with its uncommitted changes); `None` when fewer
/// than two versions of its text are known.
pub(super) fn of_standard<'h>(r: &'h Renderer, standard: &Standard) -> Option<&'h Redline> {
    let redline = woven(standard, r.history, &r.drafts)?;
    (redline.points.len() >= 2).then_some(redline)
}

/// The standard's weave: with its uncommitted changes from `drafts`, else as committed.
fn woven<'h>(
    standard: &Standard,
    history: &'h History,
    drafts: &'h HashMap<PathBuf, Redline>,
) -> Option<&'h Redline> {
    drafts
        .get(&standard.path)
        .or_else(|| history.redlines.get(&standard.path))
}

/// Each version's link to its redline against the version before it, by version.
pub(super) type VersionLinks = HashMap<String, String>;

/// The version links of every standard with a redline (with its uncommitted
/// changes from `drafts`), computed once per render for the pages that list versions.
pub(super) fn version_links(
    book: &Book,
    history: &History,
    drafts: &HashMap<PathBuf, Redline>,
) -> HashMap<PathBuf, VersionLinks> {
    book.standards
        .iter()
        .filter_map(|standard| {
            let redline = woven(standard, history, drafts)?;
            Some((standard.path.clone(), links_of(standard, redline)))
        })
        .collect()
}

/// The link of each committed version that has a version before it (the
/// newest text of a version, when several have it).
fn links_of(standard: &Standard, redline: &Redline) -> VersionLinks {
    let page = page_name(standard);
    let mut links = VersionLinks::new();
    for pair in redline.points.windows(2) {
        let [from, point] = pair else { continue };
        if let Some(version) = point.version.as_ref().filter(|_| !point.draft) {
            let link = format!(
                "{page}#{}..{}",
                fragment(&from.label),
                fragment(&point.label)
            );
            links.insert(version.clone(), link);
        }
    }
    links
}

fn fragment(label: &str) -> String {
    percent_encoding::utf8_percent_encode(label, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2E", ".")
}

/// What the page's script needs: the versions and the weave.
#[derive(Serialize)]
struct RedlineData<'a> {
    points: &'a [Point],
    weave: WeaveJson<'a>,
}

/// The context of `redline.html`.
#[derive(Serialize)]
struct RedlineView<'a> {
    standard_url: String,
    points: &'a [Point],
    from: usize,
    to: usize,
    summary: String,
    html: String,
    data: String,
}

/// The redline page of standard `index`, if it has one.
pub(super) fn redline_page(r: &Renderer, index: usize) -> Option<PageResult> {
    let standard = &r.book.standards[index];
    let redline = of_standard(r, standard)?;
    let (from, to) = (redline.points.len() - 2, redline.points.len() - 1);
    let (deleted, inserted) = redline.counts(from, to);
    let data = RedlineData {
        points: &redline.points,
        weave: redline.weave_json(),
    };
    let view = RedlineView {
        standard_url: standard.page_name(),
        points: &redline.points,
        from,
        to,
        summary: summary(r, deleted, inserted),
        html: redline_html(redline, from, to),
        data: serde_json::to_string(&data)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c"),
    };
    let url = page_name(standard);
    Some(pages::standard_subpage(
        r,
        index,
        &url,
        "redline",
        "redline.html",
        |c| c.insert("redline", &view),
    ))
}

/// "Deleted …: 3, inserted: 5", or that the texts are the same.
fn summary(r: &Renderer, deleted: usize, inserted: usize) -> String {
    let strings = &r.theme.strings;
    match (deleted, inserted) {
        (0, 0) => string(strings, "redline_same"),
        _ => string(strings, "redline_summary")
            .replace("{deleted}", &deleted.to_string())
            .replace("{inserted}", &inserted.to_string()),
    }
}

/// The HTML of versions `from` and `to` compared: a block element per block
/// (`<p class="rl rl-h2">`), runs of deleted and inserted words in `<del>` and `<ins>`.
pub(super) fn redline_html(redline: &Redline, from: usize, to: usize) -> String {
    let mut html = String::new();
    let mut open_block = false;
    let mut open_mark = Mark::Same;
    for (token, mark) in redline.compare(from, to) {
        if let Some(kind) = token.text.strip_prefix('\n') {
            close_mark(&mut html, &mut open_mark);
            if open_block {
                html.push_str("</p>\n");
            }
            html.push_str("<p class=\"rl rl-");
            html.push_str(kind);
            html.push_str("\">");
            open_block = true;
            continue;
        }
        if mark != open_mark {
            close_mark(&mut html, &mut open_mark);
            if token.space {
                html.push(' ');
            }
            html.push_str(match mark {
                Mark::Deleted => "<del>",
                Mark::Inserted => "<ins>",
                Mark::Same => "",
            });
            open_mark = mark;
        } else if token.space {
            html.push(' ');
        }
        escape_attr(&mut html, &token.text);
    }
    close_mark(&mut html, &mut open_mark);
    if open_block {
        html.push_str("</p>\n");
    }
    html
}

fn close_mark(html: &mut String, mark: &mut Mark) {
    html.push_str(match mark {
        Mark::Deleted => "</del>",
        Mark::Inserted => "</ins>",
        Mark::Same => "",
    });
    *mark = Mark::Same;
}
