//! Serializable views of the book: exactly what templates may use.
//!
//! Templates never see the model directly; each view is built by a small
//! function here, so a theme author can read this file to learn every field.

use serde::Serialize;

use super::links::LinkStyle;
use crate::language::phrases::{PhraseLevel, PhraseRule};
use crate::markdown::slugify;
use crate::model::Book;
use crate::model::checklist::{Checklist, item_key};
use crate::model::glossary::Term;
use crate::model::pages::Page;
use crate::model::phrases::rule_anchors;
use crate::model::standard::Standard;

/// The book as a whole.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BookView {
    /// Title.
    pub title: String,
    /// Owner of the book.
    pub organization: String,
    /// Book version.
    pub version: String,
    /// When this version takes effect.
    pub effective: String,
    /// `ru`, `uk` or `en`.
    pub language: &'static str,
    /// Introduction on the title page.
    pub description: Option<String>,
    /// URL of the logo, if the book has one.
    pub logo: Option<String>,
    /// Prefix for the browser's localStorage keys (book and version).
    pub storage_key: String,
    /// The localStorage key of what the reader has seen (any version of the book).
    pub visits_key: String,
    /// The book's PDF in the site, when the build writes one (`pdf: true`).
    pub pdf: Option<String>,
    /// The site's folder on its server (the path of `base_url`): where
    /// `404.html`, served at any address, finds the site's files.
    pub root_path: Option<String>,
    /// The site's icon: the logo, else the default theme's.
    pub icon: String,
    /// `base_url` with one trailing `/`, for absolute addresses (canonical
    /// links, link previews); `None` without a `base_url`.
    pub url_prefix: Option<String>,
    /// The path from a page to the site's root: empty for the current book,
    /// `../../` for an earlier edition under `editions/<version>/`.
    pub root: String,
    /// Which earlier edition this is; `None` for the current book.
    pub edition: Option<crate::model::edition::Edition>,
    /// Whether the site has earlier editions (and so `editions.html` and
    /// `editions.js` at its root).
    pub editions: bool,
}

/// Builds the book view.
pub(super) fn book_view(book: &Book, editions: bool) -> BookView {
    let c = &book.config;
    BookView {
        title: c.title.clone(),
        organization: c.organization.clone(),
        version: c.version.to_string(),
        effective: c.effective.to_string(),
        language: c.language.tag(),
        description: c.description.clone(),
        logo: c.logo.clone(),
        storage_key: format!("standbook:{}:{}", slugify(&c.title), c.version),
        visits_key: format!("standbook:{}:seen", slugify(&c.title)),
        pdf: (c.pdf && cfg!(feature = "pdf")).then(|| book.pdf_name()),
        root_path: c.base_url.as_deref().map(root_path),
        icon: c
            .logo
            .clone()
            .unwrap_or_else(|| "_static/icon.svg".to_string()),
        url_prefix: c.base_url.is_some().then(|| c.url_prefix()),
        root: book
            .edition
            .as_ref()
            .map_or_else(String::new, |e| e.root.clone()),
        edition: book.edition.clone(),
        editions: editions || book.edition.is_some(),
    }
}

/// The path of `base_url` (`https://intranet.example/handbook` → `/handbook/`).
fn root_path(base_url: &str) -> String {
    let path = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]))
        .unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    format!("{}/", path.trim_end_matches('/'))
}

/// A link to a page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkView {
    /// Link text.
    pub title: String,
    /// Relative URL.
    pub url: String,
    /// Number shown before the title (`2.3`).
    pub number: Option<String>,
}

/// A standard's metadata box.
#[derive(Debug, Clone, Serialize)]
pub(super) struct StandardView {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Number in the book (`2.3`).
    pub number: String,
    /// Version.
    pub version: String,
    /// Effective date.
    pub effective: String,
    /// Whether the effective date is still to come.
    pub upcoming: bool,
    /// Whether the text has uncommitted changes (a draft, in no release).
    pub draft: bool,
    /// Owner.
    pub owner: String,
    /// Who it applies to.
    pub applies_to: Vec<String>,
    /// Summary sentence.
    pub summary: Option<String>,
    /// Review status, if reviews are set.
    pub review: Option<ReviewView>,
    /// The redline page, when at least two versions of the text are known.
    pub redline: Option<String>,
    /// The last commit that changed the standard.
    pub last_change: Option<crate::history::Revision>,
    /// How far back git history goes, when it is a shallow clone.
    pub history_since: Option<String>,
    /// Source file, relative to the book.
    pub source: String,
    /// Where to edit the file in the book's repository, with `repository:`.
    pub edit_url: Option<String>,
    /// Where the repository shows the file's history, with `repository:`.
    pub history_url: Option<String>,
    /// On the page of the text in force: the newer version announced.
    pub announced: Option<AnnouncedView>,
    /// On the page of an announced text: the page of the text in force.
    pub in_force_url: Option<String>,
}

/// A newer version of a standard that takes effect later.
#[derive(Debug, Clone, Serialize)]
pub(super) struct AnnouncedView {
    /// Its version.
    pub version: String,
    /// When it takes effect.
    pub effective: String,
    /// Its page.
    pub url: String,
    /// The redline from the version in force to it, when there is one.
    pub redline: Option<String>,
}

/// When a standard is due for review, and whether that is past.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ReviewView {
    /// Due date.
    pub due: String,
    /// The due date has passed.
    pub overdue: bool,
}

/// One version in a standard's History section (`versions` on `standard.html`).
#[derive(Debug, Clone, Serialize)]
pub(super) struct VersionView<'a> {
    /// The version.
    pub version: String,
    /// When: the change entry's date, else the date of its first commit.
    pub date: String,
    /// What changed.
    pub summary: String,
    /// Whether staff must re-learn the standard.
    pub major: bool,
    /// Whether these are uncommitted changes.
    pub draft: bool,
    /// The commits of this version, newest first.
    pub commits: Vec<CommitView<'a>>,
    /// The redline of this version against the one before, when both texts are known.
    pub redline: Option<&'a str>,
}

/// A commit as the History section shows it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct CommitView<'a> {
    /// Full commit id.
    pub commit: &'a str,
    /// The commit id as people quote it (7 characters).
    pub short: &'a str,
    /// Author date.
    pub date: String,
    /// Author name.
    pub author: &'a str,
    /// First line of the commit message.
    pub message: &'a str,
}

impl<'a> CommitView<'a> {
    fn of(revision: &'a crate::history::Revision) -> Self {
        CommitView {
            commit: &revision.commit,
            short: &revision.short,
            date: revision.date.to_string(),
            author: &revision.author,
            message: &revision.message,
        }
    }
}

/// The History section of standard `index`: its versions, newest first.
pub(super) fn version_views<'a>(r: &'a super::Renderer, index: usize) -> Vec<VersionView<'a>> {
    let standard = &r.book.standards[index];
    let links = r.version_links(standard);
    crate::history::versions(standard, r.history)
        .into_iter()
        .map(|entry| {
            let version = entry.version.to_string();
            VersionView {
                redline: links
                    .and_then(|links| links.get(&version))
                    .map(String::as_str),
                version,
                date: entry.date.to_string(),
                summary: entry.summary,
                major: entry.major,
                draft: entry.draft,
                commits: entry.commits.into_iter().map(CommitView::of).collect(),
            }
        })
        .collect()
}

/// Builds a standard's view.
pub(super) fn standard_view(r: &super::Renderer, index: usize) -> StandardView {
    let mut view = standard_view_of(r, &r.book.standards[index]);
    view.announced = r.book.announced.iter().find(|a| a.index == index).map(|a| {
        let s = &a.standard;
        let page = crate::model::pages::Page::Redline(&s.meta.id).file_name();
        AnnouncedView {
            version: s.meta.version.to_string(),
            effective: s.meta.effective.to_string(),
            url: crate::model::pages::Page::Announced(&s.meta.id).file_name(),
            redline: view.redline.as_ref().map(|_| {
                format!(
                    "{page}#{}..{}",
                    r.book.standards[index].meta.version, s.meta.version
                )
            }),
        }
    });
    view
}

/// The view of the announced text of standard `index`, effective later.
pub(super) fn announced_view(r: &super::Renderer, index: usize, s: &Standard) -> StandardView {
    let mut view = standard_view_of(r, s);
    view.in_force_url = Some(r.book.standards[index].page_name());
    view
}

fn standard_view_of(r: &super::Renderer, s: &Standard) -> StandardView {
    let (today, history) = (r.today, r.history);
    let redline = super::redline::of_standard(r, s);
    let links = repository_links(r, &s.path.to_string_lossy().replace('\\', "/"));
    StandardView {
        id: s.meta.id.clone(),
        title: s.meta.title.clone(),
        number: s.number.clone(),
        version: s.meta.version.to_string(),
        effective: s.meta.effective.to_string(),
        upcoming: s.meta.effective > today,
        draft: history.is_draft(s),
        owner: s.meta.owner.clone(),
        applies_to: s.meta.applies_to.clone(),
        summary: s.meta.summary.clone(),
        review: s.review_due().map(|due| ReviewView {
            due: due.to_string(),
            overdue: due < today,
        }),
        redline: redline.map(|_| super::redline::page_name(s)),
        last_change: history.revisions(s).first().cloned(),
        history_since: (history.source == crate::history::Source::Shallow)
            .then(|| history.since.map(|d| d.to_string()))
            .flatten(),
        source: s.path.to_string_lossy().replace('\\', "/"),
        edit_url: links.as_ref().map(|l| l.0.clone()),
        history_url: links.map(|l| l.1),
        announced: None,
        in_force_url: None,
    }
}

/// The addresses to edit the file at `source` (relative to the book) in the
/// book's repository and to see its history there.
fn repository_links(r: &super::Renderer, source: &str) -> Option<(String, String)> {
    let repository = r.book.config.repository.as_ref()?;
    let folder = repository
        .path
        .clone()
        .or_else(|| r.history.prefix.clone())
        .unwrap_or_default();
    let folder = folder.trim_matches('/');
    let file = match folder.is_empty() {
        true => source.to_string(),
        false => format!("{folder}/{source}"),
    };
    repository.file_links(&file)
}

/// A glossary entry.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TermView {
    /// The term.
    pub term: String,
    /// Its anchor on the glossary page.
    pub anchor: String,
    /// Definition.
    pub definition: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Related terms.
    pub see: Vec<LinkView>,
}

/// Glossary terms under one initial letter.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LetterView {
    /// The letter.
    pub letter: String,
    /// Anchor of the letter's heading.
    pub anchor: String,
    /// Whether the letter is of the book language's script (others, such as
    /// the «V» of «VIP» in a Russian book, are listed apart).
    pub native: bool,
    /// Terms, sorted.
    pub terms: Vec<TermView>,
}

/// The glossary, alphabetically by initial letter.
pub(super) fn glossary_view(book: &Book, links: LinkStyle) -> Vec<LetterView> {
    let mut terms: Vec<&Term> = book.terms.iter().collect();
    let language = book.config.language;
    terms.sort_by(|a, b| crate::language::cldr::compare(language, &a.term, &b.term));
    let mut letters: Vec<LetterView> = Vec::new();
    for term in terms {
        let letter = initial(&term.term);
        if letters.last().is_none_or(|l| l.letter != letter) {
            let native = letter
                .chars()
                .next()
                .is_some_and(|c| crate::language::cldr::is_native_letter(language, c));
            letters.push(LetterView {
                anchor: format!("letter-{}", letter.to_lowercase()),
                letter,
                native,
                terms: Vec::new(),
            });
        }
        if let Some(group) = letters.last_mut() {
            group.terms.push(term_view(book, term, links));
        }
    }
    letters
}

fn term_view(book: &Book, term: &Term, links: LinkStyle) -> TermView {
    TermView {
        term: term.term.clone(),
        anchor: term.anchor(),
        definition: term.definition.clone(),
        aliases: term.aliases.clone(),
        see: term
            .see
            .iter()
            .filter_map(|name| book.term(name))
            .map(|t| LinkView {
                title: t.term.clone(),
                url: links.term(&t.anchor()),
                number: None,
            })
            .collect(),
    }
}

/// The letter a term is listed under: its first letter, `Ё` under `Е`.
fn initial(text: &str) -> String {
    crate::language::normalize(text)
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

/// Communication rules of one category.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PhraseGroupView {
    /// Category, if the rules have one.
    pub title: Option<String>,
    /// Anchor of the group.
    pub anchor: String,
    /// Forbidden phrases.
    pub forbidden: Vec<PhraseRuleView>,
    /// Phrases to use with care.
    pub care: Vec<PhraseRuleView>,
}

/// One rule.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PhraseRuleView {
    /// Its anchor on the rules page.
    pub anchor: String,
    /// The phrase not to say.
    pub phrase: String,
    /// What to say instead.
    pub instead: Vec<String>,
    /// Why.
    pub why: String,
}

/// Rules grouped by category in the order the categories first appear.
pub(super) fn phrase_groups(rules: &[PhraseRule], only: Option<&str>) -> Vec<PhraseGroupView> {
    let mut groups: Vec<PhraseGroupView> = Vec::new();
    let anchors = rule_anchors(rules);
    for (rule, rule_anchor) in rules
        .iter()
        .zip(anchors)
        .filter(|(r, _)| only.is_none() || r.category.as_deref() == only)
    {
        let position = groups.iter().position(|g| g.title == rule.category);
        let group = match position {
            Some(i) => &mut groups[i],
            None => {
                let anchor = rule
                    .category
                    .as_deref()
                    .map_or("rules".into(), |c| format!("rules-{}", slugify(c)));
                groups.push(PhraseGroupView {
                    title: rule.category.clone(),
                    anchor,
                    forbidden: vec![],
                    care: vec![],
                });
                groups.last_mut().expect("just pushed")
            }
        };
        let view = PhraseRuleView {
            anchor: rule_anchor,
            phrase: rule.shown().to_string(),
            instead: rule.instead.clone(),
            why: rule.why.clone(),
        };
        match rule.level {
            PhraseLevel::Forbidden => group.forbidden.push(view),
            PhraseLevel::Care => group.care.push(view),
        }
    }
    groups
}

/// A checklist ready to tick.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChecklistView {
    /// Id (also the storage key of its ticks).
    pub id: String,
    /// Title.
    pub title: String,
    /// When and by whom it is used.
    pub description: Option<String>,
    /// Roles.
    pub applies_to: Vec<String>,
    /// Percent of the total weight needed to pass.
    pub pass_score: Option<u32>,
    /// Sum of all weights.
    pub total_weight: u32,
    /// Number of items.
    pub item_count: usize,
    /// Its own page.
    pub url: String,
    /// Where it starts on the print page.
    pub print_anchor: String,
    /// Blanks at the top of the sheet.
    pub fields: Vec<ChecklistFieldView>,
    /// Whether any item may be answered "not applicable".
    pub has_not_applicable: bool,
    /// Sections.
    pub sections: Vec<ChecklistSectionView>,
}

/// A blank at the top of a checklist.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChecklistFieldView {
    /// Stable key of the field within the checklist (`f1`), the storage key of its value.
    pub key: String,
    /// What to fill in.
    pub label: String,
    /// The HTML input type.
    pub input: &'static str,
}

/// A section of a checklist.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChecklistSectionView {
    /// Title.
    pub title: String,
    /// Items.
    pub items: Vec<ChecklistItemView>,
}

/// One item.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChecklistItemView {
    /// Its anchor (unique on any page).
    pub anchor: String,
    /// Stable key of the item within the checklist (`s1-3`).
    pub key: String,
    /// What to check.
    pub text: String,
    /// Points.
    pub weight: u32,
    /// How to check it.
    pub hint: Option<String>,
    /// Whether it may be answered "not applicable".
    pub not_applicable: bool,
}

/// Builds a checklist's view.
pub(super) fn checklist_view(checklist: &Checklist) -> ChecklistView {
    let sections = checklist
        .sections
        .iter()
        .enumerate()
        .map(|(s, section)| ChecklistSectionView {
            title: section.title.clone(),
            items: section
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| ChecklistItemView {
                    anchor: checklist.item_anchor(s, i),
                    key: item_key(s, i),
                    text: item.text().to_string(),
                    weight: item.weight(),
                    hint: item.hint().map(str::to_string),
                    not_applicable: item.not_applicable(checklist.not_applicable),
                })
                .collect(),
        })
        .collect();
    ChecklistView {
        id: checklist.id.clone(),
        title: checklist.title.clone(),
        description: checklist.description.clone(),
        applies_to: checklist.applies_to.clone(),
        pass_score: checklist.pass_score,
        total_weight: checklist.total_weight(),
        item_count: checklist.item_count(),
        url: checklist.page_name(),
        print_anchor: Page::Checklist(&checklist.id)
            .print_anchor()
            .unwrap_or_default(),
        fields: checklist
            .fields
            .iter()
            .enumerate()
            .map(|(n, field)| ChecklistFieldView {
                key: format!("f{}", n + 1),
                label: field.label().to_string(),
                input: field.kind().input_type(),
            })
            .collect(),
        has_not_applicable: checklist.has_not_applicable(),
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::root_path;

    #[test]
    fn the_root_path_is_the_folder_of_base_url() {
        assert_eq!(root_path("https://intranet.example"), "/");
        assert_eq!(root_path("https://intranet.example/"), "/");
        assert_eq!(root_path("https://h.example/docs/book"), "/docs/book/");
        assert_eq!(root_path("https://h.example/book/?x=1"), "/book/");
    }

    use super::*;

    #[test]
    fn a_term_is_listed_under_its_first_letter() {
        assert_eq!(initial("Ёлка"), "Е");
    }
}
