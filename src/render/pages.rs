//! One function per kind of page: what goes into its template's context.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use tera::{Context, Value};

use super::nav::{self, Place};
use super::views::{self, LinkView};
use super::{Renderer, body};
use crate::diagnostic::{Code, Diagnostic};
use crate::markdown::Heading;
use crate::model::Book;
use crate::model::pages::Page;
use crate::theme::string;

/// A rendered page: its path and HTML, or the diagnostic that stopped it.
pub(super) type PageResult = Result<(String, Vec<u8>), Diagnostic>;

/// The page currently being rendered.
#[derive(Debug, Serialize)]
struct PageView<'a> {
    title: &'a str,
    url: &'a str,
    kind: &'a str,
    /// What the page is about, for search engines and link previews (a
    /// standard's summary; else the book's description).
    description: Option<&'a str>,
}

/// What every page's context shares, turned into template values once per
/// render instead of once per page: the book, the UI strings and the sidebar
/// of each place in the navigation (made when a page first needs it).
pub(super) struct SharedContext {
    base: Context,
    /// The sidebar of each place pages were rendered at.
    sidebars: Mutex<HashMap<Option<Place>, Value>>,
}

impl SharedContext {
    /// The shared context of `book`'s pages with the UI `strings`.
    pub(super) fn new(book: &Book, strings: &BTreeMap<String, String>, editions: bool) -> Self {
        let mut base = Context::new();
        base.insert("book", &views::book_view(book, editions));
        base.insert("t", strings);
        base.insert(
            "generator",
            concat!("standbook ", env!("CARGO_PKG_VERSION")),
        );
        SharedContext {
            base,
            sidebars: Mutex::default(),
        }
    }

    fn sidebar(&self, r: &Renderer, place: Option<Place>) -> Value {
        let cached = self
            .sidebars
            .lock()
            .ok()
            .and_then(|s| s.get(&place).cloned());
        cached.unwrap_or_else(|| {
            let made = Value::from_serializable(&nav::sidebar(r.book, place, &r.theme.strings));
            if let Ok(mut sidebars) = self.sidebars.lock() {
                sidebars.insert(place, made.clone());
            }
            made
        })
    }
}

/// The context every page template gets, with the sidebar of `chapter` open.
fn base_context(
    r: &Renderer,
    page: PageView,
    place: Option<Place>,
    breadcrumbs: Vec<LinkView>,
) -> Context {
    let mut context = r.shared.base.clone();
    let page = PageView {
        description: page.description.or(r.book.config.description.as_deref()),
        ..page
    };
    let (prev, next) = r.order.neighbours(page.url);
    context.insert("prev", &prev);
    context.insert("next", &next);
    context.insert("page", &page);
    context.insert_value("sidebar", r.shared.sidebar(r, place));
    context.insert("breadcrumbs", &breadcrumbs);
    if let Some(edition) = &r.book.edition
        && edition.current_pages.contains(page.url)
        && page.url != Page::NotFound.file_name()
    {
        let prefix = match r.book.config.base_url {
            Some(_) => r.book.config.url_prefix(),
            None => edition.root.clone(),
        };
        context.insert("canonical", &format!("{prefix}{}", page.url));
    }
    context
}

fn home(r: &Renderer) -> LinkView {
    LinkView {
        title: string(&r.theme.strings, "home"),
        url: Page::Home.file_name(),
        number: None,
    }
}

/// The breadcrumbs of a standard's pages: home, then its chapter.
fn standard_breadcrumbs(r: &Renderer, index: usize) -> Vec<LinkView> {
    let standard = &r.book.standards[index];
    let chapter = &r.book.chapters[standard.chapter];
    let mut breadcrumbs = vec![home(r)];
    if !chapter.dir.as_os_str().is_empty() {
        breadcrumbs.push(LinkView {
            title: chapter.title.clone(),
            url: Page::Chapter(standard.chapter).file_name(),
            number: r
                .book
                .chapter_number(standard.chapter)
                .map(|n| n.to_string()),
        });
    }
    breadcrumbs
}

/// The page of standard `index`.
pub(super) fn standard_page(r: &Renderer, index: usize) -> Result<Vec<u8>, Diagnostic> {
    let standard = &r.book.standards[index];
    let view = views::standard_view(r, index);
    standard_page_of(r, index, standard, &standard.page_name(), view)
}

/// The page of the announced text of a standard, effective later
/// (`com-02.next.html`); its own page shows the text in force.
pub(super) fn announced_page(
    r: &Renderer,
    announced: &crate::model::Announced,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let standard = &announced.standard;
    let url = Page::Announced(&standard.meta.id).file_name();
    let view = views::announced_view(r, announced.index, standard);
    let html = standard_page_of(r, announced.index, standard, &url, view)?;
    Ok((url, html))
}

/// The page of `standard`, the text of standard `index` shown at `url`.
fn standard_page_of(
    r: &Renderer,
    index: usize,
    standard: &crate::model::standard::Standard,
    url: &str,
    view: views::StandardView,
) -> Result<Vec<u8>, Diagnostic> {
    let url = url.to_string();
    let page = PageView {
        title: &standard.meta.title,
        url: &url,
        kind: "standard",
        description: standard.meta.summary.as_deref(),
    };
    let place = Place::of_standard(r.book, index);
    let mut context = base_context(r, page, Some(place), standard_breadcrumbs(r, index));
    let toc: Vec<&Heading> = standard
        .outline
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .collect();
    context.insert("toc", &toc);
    context.insert("standard", &view);
    context.insert("versions", &views::version_views(r, index));
    context.insert("content", &body::render_body(r, standard));
    r.theme
        .render_page("standard.html", &context)
        .map_err(|d| located(d, &standard.path))
}

/// A page about standard `index` other than its own (its redline): the
/// standard's breadcrumbs plus a link back to it, and its view as `standard`.
pub(super) fn standard_subpage(
    r: &Renderer,
    index: usize,
    url: &str,
    kind: &str,
    template: &str,
    fill: impl FnOnce(&mut Context),
) -> PageResult {
    let standard = &r.book.standards[index];
    let title = format!(
        "{}: {}",
        string(&r.theme.strings, kind),
        standard.meta.title
    );
    let page = PageView {
        title: &title,
        url,
        kind,
        description: None,
    };
    let mut breadcrumbs = standard_breadcrumbs(r, index);
    breadcrumbs.push(LinkView {
        title: standard.meta.title.clone(),
        url: standard.page_name(),
        number: Some(standard.number.clone()),
    });
    let place = Place::of_standard(r.book, index);
    let mut context = base_context(r, page, Some(place), breadcrumbs);
    context.insert("standard", &views::standard_view(r, index));
    fill(&mut context);
    let html = r
        .theme
        .render_page(template, &context)
        .map_err(|d| located(d, &standard.path))?;
    Ok((url.to_string(), html))
}

fn located(mut diagnostic: Diagnostic, path: &std::path::Path) -> Diagnostic {
    diagnostic.message = format!(
        "{} (while rendering {})",
        diagnostic.message,
        path.display()
    );
    diagnostic
}

/// Every page that is not a standard.
pub(super) fn book_pages(r: &Renderer) -> Vec<PageResult> {
    let mut pages = vec![index_page(r), not_found_page(r)];
    pages.extend(
        (0..r.book.chapters.len())
            .filter(|c| r.book.has_page(Page::Chapter(*c)))
            .map(|c| chapter_page(r, c)),
    );
    for page in r.book.reference_pages() {
        match page {
            Page::Glossary => pages.push(glossary_page(r)),
            Page::Phrases => pages.push(phrases_page(r)),
            Page::Appearance => pages.push(appearance_page(r)),
            Page::Checklists => {
                pages.push(checklists_page(r));
                for checklist in &r.book.checklists {
                    pages.push(checklist_page(r, checklist));
                }
            }
            Page::Changes => pages.extend(super::changes::changelog_pages(r)),
            _ => {}
        }
    }
    pages
}

/// A page of the book that belongs to no standard, from `template`.
pub(super) fn simple_page(
    r: &Renderer,
    template: &str,
    page: Page,
    fill: impl FnOnce(&mut Context),
) -> PageResult {
    let kind = page.title_key().unwrap_or_default();
    simple_page_at(r, template, &page.file_name(), kind, fill)
}

/// A page titled with the UI string `title_key`, at `url`.
pub(super) fn simple_page_at(
    r: &Renderer,
    template: &str,
    url: &str,
    title_key: &str,
    fill: impl FnOnce(&mut Context),
) -> PageResult {
    let title = string(&r.theme.strings, title_key);
    let page = PageView {
        title: &title,
        url,
        kind: title_key,
        description: None,
    };
    let mut context = base_context(r, page, None, vec![home(r)]);
    fill(&mut context);
    Ok((url.to_string(), r.theme.render_page(template, &context)?))
}

/// A chapter on the title page or its own page, with its standards.
#[derive(Debug, Serialize)]
struct ChapterView {
    title: String,
    number: Option<String>,
    anchor: String,
    /// Its own page.
    url: String,
    description: Option<String>,
    /// How many standards it lists.
    count: usize,
    /// Its standards (none on the title page of a large book).
    standards: Vec<StandardSummary>,
}

#[derive(Debug, Serialize)]
struct StandardSummary {
    link: LinkView,
    id: String,
    summary: Option<String>,
    upcoming: bool,
    effective: String,
}

/// Standards the title page lists before it lists chapters only, each with
/// a link to its own page.
const CONTENTS_LIMIT: usize = 100;

fn standard_summary(r: &Renderer, s: &crate::model::standard::Standard) -> StandardSummary {
    StandardSummary {
        link: LinkView {
            title: s.meta.title.clone(),
            url: s.page_name(),
            number: Some(s.number.clone()),
        },
        id: s.meta.id.clone(),
        summary: s.meta.summary.clone(),
        upcoming: s.meta.effective > r.today,
        effective: s.meta.effective.to_string(),
    }
}

fn chapter_view(r: &Renderer, c: usize, with_standards: bool) -> ChapterView {
    let chapter = &r.book.chapters[c];
    let standards = match with_standards {
        true => r.book.standards[chapter.navigable()]
            .iter()
            .map(|s| standard_summary(r, s))
            .collect(),
        false => Vec::new(),
    };
    ChapterView {
        title: chapter.title.clone(),
        number: r.book.chapter_number(c).map(|n| n.to_string()),
        anchor: format!("chapter-{}", c + 1),
        url: Page::Chapter(c).file_name(),
        description: chapter.description.clone(),
        count: chapter.navigable().len(),
        standards,
    }
}

/// A chapter's own page: all its standards.
fn chapter_page(r: &Renderer, c: usize) -> PageResult {
    let view = chapter_view(r, c, true);
    let url = Page::Chapter(c).file_name();
    let page = PageView {
        title: &view.title,
        url: &url,
        kind: "chapter",
        description: None,
    };
    let mut context = base_context(r, page, Some(Place::of_chapter(c)), vec![home(r)]);
    context.insert("chapter", &view);
    Ok((url.clone(), r.theme.render_page("chapter.html", &context)?))
}

fn index_page(r: &Renderer) -> PageResult {
    let navigable: usize = r.book.chapters.iter().map(|c| c.navigable().len()).sum();
    let listed = navigable <= CONTENTS_LIMIT;
    let chapters: Vec<ChapterView> = (0..r.book.chapters.len())
        .map(|c| chapter_view(r, c, listed))
        .collect();
    let reference: Vec<LinkView> = r
        .book
        .reference_pages()
        .into_iter()
        .map(|page| nav::fixed_page_link(page, &r.theme.strings))
        .collect();
    let recent = super::changes::whats_new(r, 10);
    let mut upcoming: Vec<StandardSummary> = r
        .book
        .chapters
        .iter()
        .flat_map(|c| &r.book.standards[c.navigable()])
        .filter(|s| s.meta.effective > r.today)
        .map(|s| standard_summary(r, s))
        .collect();
    upcoming.sort_by(|a, b| a.effective.cmp(&b.effective));
    let title = r.book.config.title.clone();
    let url = Page::Home.file_name();
    let page = PageView {
        title: &title,
        url: &url,
        kind: "home",
        description: None,
    };
    let mut context = base_context(r, page, None, Vec::new());
    context.insert("chapters", &chapters);
    context.insert("reference", &reference);
    context.insert("recent", &recent);
    context.insert("upcoming", &upcoming);
    context.insert(
        "counts",
        &[
            r.book.standards.len(),
            r.book.terms.len(),
            r.book.checklists.len(),
        ],
    );
    Ok((
        Page::Home.file_name(),
        r.theme.render_page("index.html", &context)?,
    ))
}

fn not_found_page(r: &Renderer) -> PageResult {
    simple_page(r, "404.html", Page::NotFound, |_| {})
}

fn glossary_page(r: &Renderer) -> PageResult {
    simple_page(r, "glossary.html", Page::Glossary, |c| {
        let letters = views::glossary_view(r.book, r.links);
        c.insert("other_letters", &letters.iter().any(|l| !l.native));
        c.insert("letters", &letters);
    })
}

fn phrases_page(r: &Renderer) -> PageResult {
    let phrases = r.book.phrases.as_ref();
    simple_page(r, "phrases.html", Page::Phrases, |c| {
        c.insert("intro", &phrases.and_then(|p| p.intro.clone()));
        c.insert(
            "groups",
            &views::phrase_groups(phrases.map_or(&[], |p| &p.rules), None),
        );
        c.insert("rules_json", &rules_json(r.book));
    })
}

/// The rules for the page's "check your reply" box, as JSON that is safe
/// inside a `<script>` element (`<` is written as `\u003c`).
fn rules_json(book: &crate::model::Book) -> String {
    let (Ok(Some(rules)), Some(phrases)) = (book.phrase_rules(), &book.phrases) else {
        return "[]".into();
    };
    let anchors = crate::model::phrases::rule_anchors(&phrases.rules);
    serde_json::to_string(&rules.for_browser(&anchors))
        .map_or_else(|_| "[]".into(), |json| json.replace('<', "\\u003c"))
}

fn appearance_page(r: &Renderer) -> PageResult {
    let appearance = r.book.appearance.as_ref();
    simple_page(r, "appearance.html", Page::Appearance, |c| {
        c.insert("intro", &appearance.and_then(|a| a.intro.clone()));
        c.insert("roles", &appearance.map_or(&[][..], |a| &a.roles[..]));
    })
}

fn checklists_page(r: &Renderer) -> PageResult {
    let checklists: Vec<views::ChecklistView> = r
        .book
        .checklists
        .iter()
        .map(views::checklist_view)
        .collect();
    simple_page(r, "checklists.html", Page::Checklists, |c| {
        c.insert("checklists", &checklists);
    })
}

fn checklist_page(r: &Renderer, checklist: &crate::model::checklist::Checklist) -> PageResult {
    let url = checklist.page_name();
    let page = PageView {
        title: &checklist.title,
        url: &url,
        kind: "checklist",
        description: None,
    };
    let breadcrumbs = vec![
        home(r),
        LinkView {
            title: string(&r.theme.strings, "checklists"),
            url: Page::Checklists.file_name(),
            number: None,
        },
    ];
    let mut context = base_context(r, page, None, breadcrumbs);
    context.insert("checklist", &views::checklist_view(checklist));
    Ok((url, r.theme.render_page("checklist.html", &context)?))
}

/// The communication rules, as embedded in a standard.
pub(super) fn phrases_fragment(
    r: &Renderer,
    category: Option<&str>,
    named: &dyn Fn(&str) -> bool,
) -> Result<String, Diagnostic> {
    let rules = r.book.phrases.as_ref().map_or(&[][..], |p| &p.rules[..]);
    let mut context = Context::new();
    context.insert("t", &r.theme.strings);
    context.insert("titled", &!category.is_some_and(named));
    context.insert("groups", &views::phrase_groups(rules, category));
    r.theme.render("partials/phrases.html", &context)
}

/// One role's appearance rules, as embedded in a standard.
pub(super) fn appearance_fragment(
    r: &Renderer,
    role_id: &str,
    named: &dyn Fn(&str) -> bool,
) -> Result<String, Diagnostic> {
    let role = r
        .book
        .appearance
        .iter()
        .flat_map(|a| &a.roles)
        .find(|role| role.id == role_id)
        .ok_or_else(|| Diagnostic::new(Code::UnknownEmbed, format!("no role `{role_id}`")))?;
    let mut context = Context::new();
    context.insert("t", &r.theme.strings);
    context.insert("titled", &!named(&role.title));
    context.insert("role", role);
    r.theme.render("partials/appearance_role.html", &context)
}

/// One checklist, as embedded in a standard.
pub(super) fn checklist_fragment(
    r: &Renderer,
    id: &str,
    named: &dyn Fn(&str) -> bool,
) -> Result<String, Diagnostic> {
    let checklist = r
        .book
        .checklist(id)
        .ok_or_else(|| Diagnostic::new(Code::UnknownEmbed, format!("no checklist `{id}`")))?;
    let mut context = Context::new();
    context.insert("t", &r.theme.strings);
    let mut view = views::checklist_view(checklist);
    view.url = r.links.book_page(&view.url);
    context.insert("titled", &!named(&view.title));
    context.insert("checklist", &view);
    r.theme.render("partials/checklist.html", &context)
}

/// `robots.txt`: every page may be read, and where the sitemap is (when the
/// book has a `base_url`, which the sitemap needs).
pub(super) fn robots(book: &crate::model::Book) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if book.config.base_url.is_some() {
        let base = book.config.url_prefix();
        text.push_str(&format!("Sitemap: {base}{}\n", Page::Sitemap.file_name()));
    }
    text
}

/// `sitemap.xml` listing every HTML page by its absolute URL under `base_url`.
pub(super) fn sitemap(book: &crate::model::Book, paths: &[String]) -> String {
    let base = book.config.url_prefix();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html") && *p != Page::NotFound.file_name())
        .collect();
    pages.sort();
    for page in pages {
        xml.push_str("  <url><loc>");
        super::escape_attr(&mut xml, &format!("{base}{page}"));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
