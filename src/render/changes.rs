//! The change log in the site: "what's new" on the title page, a page listing
//! every version of the book, a page per book version with its changes, and
//! an Atom feed of the changes (see [`crate::history::changelog`]).

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use serde::Serialize;

use super::Renderer;
use super::links::LinkStyle;
use super::pages::{PageResult, simple_page, simple_page_at};
use crate::history::changelog::{Change, Release};
use crate::model::pages::Page;
use crate::theme::string;

/// A standard's change as the pages show it (borrowed from the change log:
/// a long one has tens of thousands).
#[derive(Debug, Serialize)]
pub(super) struct ChangeView<'a> {
    /// The standard's title.
    title: &'a str,
    /// The link to the standard.
    url: String,
    /// The standard's number (`3.2`).
    number: &'a str,
    id: &'a str,
    version: String,
    date: String,
    summary: &'a str,
    major: bool,
    draft: bool,
    authors: &'a [String],
    /// The redline of this version against the one before, on the site.
    redline: Option<&'a str>,
}

/// A version of the book as the pages show it.
#[derive(Debug, Serialize)]
pub(super) struct ReleaseView<'a> {
    title: String,
    url: String,
    version: Option<String>,
    effective: Option<String>,
    summary: Option<String>,
    current: bool,
    count: usize,
    days: Vec<DayView<'a>>,
}

#[derive(Debug, Serialize)]
struct DayView<'a> {
    date: String,
    changes: Vec<ChangeView<'a>>,
}

/// The page of a book version: `changes-2.3.0.html`, or
/// `changes-since-2.3.0.html` for the changes after the newest one.
pub(super) fn release_page_name(release: &Release) -> String {
    let key = match (&release.version, &release.after) {
        (Some(v), _) => v.to_string(),
        (None, Some(after)) => format!("since-{after}"),
        (None, None) => "unversioned".into(),
    };
    Page::Release(&key).file_name()
}

/// A change's view.
pub(super) fn change_view<'a>(r: &'a Renderer, change: &'a Change) -> ChangeView<'a> {
    let standard = &r.book.standards[change.standard];
    let version = change.version.to_string();
    // Redlines are pages of the site; the one-page print version has none.
    let redline = match r.links {
        LinkStyle::Site => r
            .version_links(standard)
            .and_then(|links| links.get(&version))
            .map(String::as_str),
        LinkStyle::OnePage(_) => None,
    };
    ChangeView {
        title: &change.title,
        url: r.links.standard(&change.id, None),
        number: &change.number,
        id: &change.id,
        version,
        date: change.date.to_string(),
        summary: &change.summary,
        major: change.major,
        draft: change.draft,
        authors: &change.authors,
        redline,
    }
}

/// A book version's view, with its changes grouped by day when `with_changes`.
pub(super) fn release_view<'a>(
    r: &'a Renderer,
    release: &'a Release,
    with_changes: bool,
) -> ReleaseView<'a> {
    ReleaseView {
        title: release.title(&r.theme.strings),
        url: release_page_name(release),
        version: release.version.as_ref().map(ToString::to_string),
        effective: release.effective.map(|d| d.to_string()),
        summary: release.summary.clone(),
        current: release.current,
        count: release.count(),
        days: match with_changes {
            true => release
                .days
                .iter()
                .map(|day| DayView {
                    date: day.date.to_string(),
                    changes: day.changes.iter().map(|c| change_view(r, c)).collect(),
                })
                .collect(),
            false => Vec::new(),
        },
    }
}

/// "What's new" on the title page: the newest changes, at most `limit`.
pub(super) fn whats_new<'a>(r: &'a Renderer, limit: usize) -> Vec<ChangeView<'a>> {
    let mut changes: Vec<&Change> = r.changelog.changes().collect();
    changes.sort_by(|a, b| b.date.cmp(&a.date).then(b.major.cmp(&a.major)));
    changes
        .into_iter()
        .take(limit)
        .map(|c| change_view(r, c))
        .collect()
}

/// `changes.html` and a page per book version.
pub(super) fn changelog_pages(r: &Renderer) -> Vec<PageResult> {
    let releases: Vec<ReleaseView> = r
        .changelog
        .releases
        .iter()
        .map(|release| release_view(r, release, false))
        .collect();
    let mut pages = vec![simple_page(r, "changes.html", Page::Changes, |c| {
        c.insert("releases", &releases)
    })];
    for release in &r.changelog.releases {
        let view = release_view(r, release, true);
        let url = view.url.clone();
        pages.push(simple_page_at(r, "release.html", &url, "changes", |c| {
            c.insert("release", &view);
        }));
    }
    pages
}

/// What the reader's browser compares with what it saw last time.
#[derive(Serialize)]
struct VersionsData<'a> {
    book: String,
    standards: Vec<StandardVersion<'a>>,
}

#[derive(Serialize)]
struct StandardVersion<'a> {
    id: &'a str,
    version: String,
    url: String,
    title: &'a str,
    number: &'a str,
    redline: Option<String>,
}

/// `versions.js`: the version of the book and of each standard, so pages can
/// mark what changed since the reader's last visit (a script, not JSON, so it
/// loads from `file://` too).
pub(super) fn versions_script(r: &Renderer) -> String {
    let data = VersionsData {
        book: r.book.config.version.to_string(),
        standards: r
            .book
            .standards
            .iter()
            .map(|s| {
                let version = s.meta.version.to_string();
                StandardVersion {
                    id: &s.meta.id,
                    redline: r
                        .version_links(s)
                        .and_then(|links| links.get(&version).cloned()),
                    version,
                    url: s.page_name(),
                    title: &s.meta.title,
                    number: &s.number,
                }
            })
            .collect(),
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    format!(
        "window.standbookVersions = {};\n",
        json.replace('<', "\\u003c")
    )
}

/// `changes.xml`: an Atom feed with an entry per change, newest first. Links
/// are absolute when the book has a `base_url`, else relative to the feed.
pub(super) fn feed(r: &Renderer) -> String {
    let config = &r.book.config;
    let base = config.url_prefix();
    let id_base = match base.is_empty() {
        true => format!("urn:standbook:{}:", crate::markdown::slugify(&config.title)),
        false => base.clone(),
    };
    let mut changes: Vec<&Change> = r.changelog.changes().filter(|c| !c.draft).collect();
    changes.sort_by(|a, b| b.date.cmp(&a.date).then(a.standard.cmp(&b.standard)));
    let entries: Vec<Entry> = changes
        .iter()
        .take(200)
        .map(|c| feed_entry(r, c, &base, &id_base))
        .collect();
    let updated = changes
        .first()
        .map_or(config.effective, |c| c.date.max(config.effective));
    let feed = Feed {
        title: Text::plain(format!(
            "{} — {}",
            config.title,
            string(&r.theme.strings, "changes")
        )),
        id: format!("{id_base}changes.xml"),
        updated: timestamp(updated),
        authors: vec![person(&config.organization)],
        links: vec![
            link(&format!("{base}changes.xml"), "self"),
            link(&format!("{base}changes.html"), "alternate"),
        ],
        lang: Some(config.language.tag().to_string()),
        entries,
        ..Default::default()
    };
    feed.to_string()
}

fn feed_entry(r: &Renderer, change: &Change, base: &str, id_base: &str) -> Entry {
    let mut summary = change.summary.clone();
    if change.major {
        summary = format!("{} — {summary}", string(&r.theme.strings, "major_change"));
    }
    let authors = match change.authors.is_empty() {
        true => vec![person(&r.book.config.organization)],
        false => change.authors.iter().map(|a| person(a)).collect(),
    };
    Entry {
        title: Text::plain(format!(
            "{} {} {}: {}",
            change.number, change.title, change.version, change.summary
        )),
        id: format!("{id_base}{}#{}", change.page, change.version),
        updated: timestamp(change.date),
        authors,
        links: vec![link(&format!("{base}{}", change.page), "alternate")],
        content: Some(Content {
            value: Some(summary),
            content_type: Some("text".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn link(href: &str, rel: &str) -> Link {
    Link {
        href: href.into(),
        rel: rel.into(),
        ..Default::default()
    }
}

fn person(name: &str) -> Person {
    Person {
        name: name.into(),
        ..Default::default()
    }
}

fn timestamp(date: crate::values::date::Date) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00Z")).unwrap_or_default()
}
