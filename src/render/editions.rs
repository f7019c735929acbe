//! The pages and data that tie a site's editions together: `editions.html`
//! (every edition, with when it was in force), `editions.js` (the same for
//! the switcher on every page, old editions' included) and `pages.js` (which
//! pages a site has, so the switcher opens the same page in another edition
//! or, when that edition lacks it, its title page).

use serde::Serialize;
use serde_json::json;

use super::Renderer;
use super::pages::{PageResult, simple_page};
use crate::history::releases::Release;
use crate::model::edition::Edition;
use crate::model::pages::Page;
use crate::theme::written_date;

/// An edition as `editions.html` and the switcher show it.
#[derive(Debug, Clone, Serialize)]
struct EditionView {
    version: String,
    /// Its folder, from the site's root (`editions/2.0.0/`; empty for the
    /// book's current version, which the root holds).
    path: String,
    from: Option<String>,
    until: Option<String>,
    /// When it was in force, written out («с 1 января 2025 г. по 31 октября 2025 г.»).
    period: String,
    /// Whether it is the book's current version.
    current: bool,
    /// The change page of its book version (what changed in it), when the
    /// change log has one, with how many changes it lists.
    changes: Option<ChangesLink>,
}

/// A link to a book version's change page.
#[derive(Debug, Clone, Serialize)]
struct ChangesLink {
    url: String,
    count: usize,
}

fn edition_views(r: &Renderer) -> Vec<EditionView> {
    let language = r.book.config.language;
    let date = |d: Option<crate::values::date::Date>| {
        d.map(|d| written_date(language, &d.to_string()).unwrap_or_else(|| d.to_string()))
    };
    let strings = &r.theme.strings;
    r.editions
        .iter()
        .rev()
        .map(|release: &Release| {
            let (from, until) = (date(release.effective), date(release.until));
            let period = match (&from, &until) {
                (Some(from), Some(until)) => format!(
                    "{} {from} {} {until}",
                    crate::theme::string(strings, "since"),
                    crate::theme::string(strings, "until")
                ),
                (Some(from), None) => {
                    format!("{} {from}", crate::theme::string(strings, "since"))
                }
                _ => String::new(),
            };
            let current = release.version == r.book.config.version;
            EditionView {
                version: release.version.to_string(),
                path: match current {
                    true => String::new(),
                    false => Edition::folder(&release.version.to_string()),
                },
                from: release.effective.map(|d| d.to_string()),
                until: release.until.map(|d| d.to_string()),
                period,
                current,
                changes: r
                    .changelog
                    .releases
                    .iter()
                    .find(|c| c.version.as_ref() == Some(&release.version))
                    .map(|c| ChangesLink {
                        url: super::changes::release_page_name(c),
                        count: c.changes().count(),
                    }),
            }
        })
        .collect()
}

/// `editions.html`, at the root of a site with earlier editions.
pub(super) fn editions_page(r: &Renderer) -> PageResult {
    simple_page(r, "editions.html", Page::Editions, |c| {
        c.insert("editions", &edition_views(r));
    })
}

/// `editions.js`: `standbookEditions.set({current, editions})`.
pub(super) fn editions_script(r: &Renderer) -> String {
    let data = json!({
        "current": r.book.config.version.to_string(),
        "editions": edition_views(r),
    });
    format!("standbookEditions.set({data});\n")
}

/// `pages.js`: `standbookEditions.pages(folder, [page, …])`, the site's
/// HTML pages, for the site whose folder from the root is `folder`.
pub(super) fn pages_script(r: &Renderer, pages: &[String]) -> String {
    let folder = r
        .book
        .edition
        .as_ref()
        .map_or_else(String::new, |e| Edition::folder(&e.version));
    let pages: Vec<&String> = pages.iter().filter(|p| p.ends_with(".html")).collect();
    format!(
        "standbookEditions.pages({},{});\n",
        json!(folder),
        json!(pages)
    )
}
