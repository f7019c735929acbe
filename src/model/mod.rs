//! The typed book: standards in chapters, glossary, communication rules,
//! appearance and checklists, assembled from the files the source stage read.
//!
//! Assembly reports every problem it finds as a diagnostic and keeps going, so
//! one build shows all the errors of a book.

pub mod appearance;
pub mod checklist;
pub mod edition;
pub mod glossary;
pub mod pages;
pub mod parts;
pub mod phrases;
pub mod standard;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::BookConfig;
use crate::diagnostic::{Code, Diagnostic, Location, SourceMap};
use crate::markdown;
use crate::source::{self, SourceFile, SourceKind, SourceTree};
use crate::yaml;
use appearance::AppearanceFile;
use checklist::Checklist;
use glossary::{Term, TermsFile};
use phrases::PhrasesFile;
use standard::{FrontMatter, Standard, number_prefix};

/// A chapter: a folder of standards.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Title shown in the navigation.
    pub title: String,
    /// The folder, relative to the book (empty for standards at the top level).
    pub dir: PathBuf,
    /// Sort key.
    pub order: u32,
    /// Introduction shown on the title page.
    pub description: Option<String>,
    /// Indices of its standards in `Book::standards`.
    pub standards: std::ops::Range<usize>,
    /// The ids `chapter.yaml` lists under `standards:`, when it lists them:
    /// then they give the order, and standards not listed stay out of the navigation.
    pub listed: Option<Vec<String>>,
    /// How many standards at the end of `standards` are left out of the navigation.
    pub unlisted: usize,
}

impl Chapter {
    /// The standards the navigation shows: all but those `chapter.yaml` leaves out.
    pub fn navigable(&self) -> std::ops::Range<usize> {
        self.standards.start..self.standards.end - self.unlisted
    }

    /// The `chapter.yaml` of this chapter.
    pub fn file(&self) -> PathBuf {
        self.dir.join("chapter.yaml")
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterFile {
    title: String,
    #[serde(default)]
    order: Option<u32>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    standards: Option<Vec<String>>,
}

/// A whole standards book.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book folder.
    pub root: PathBuf,
    /// The book folder, for reading the files the book names (images, the
    /// logo, theme files) without leaving it; `None` when it cannot be opened.
    pub folder: Option<crate::source::BookFolder>,
    /// `standbook.yaml`.
    pub config: BookConfig,
    /// Chapters in book order.
    pub chapters: Vec<Chapter>,
    /// Standards in book order (by chapter, then by order within it).
    pub standards: Vec<Standard>,
    /// Glossary terms, in file order.
    pub terms: Vec<Term>,
    /// Communication rules, if the book has `phrases.yaml`.
    pub phrases: Option<PhrasesFile>,
    /// Appearance rules, if the book has `appearance.yaml`.
    pub appearance: Option<AppearanceFile>,
    /// Checklists, ordered by file name.
    pub checklists: Vec<Checklist>,
    /// The text of every file, for diagnostics.
    pub sources: SourceMap,
    /// Kinds of data files that failed to parse; references into them are not
    /// checked, so one broken file does not cause a cascade of errors.
    pub unreadable: Vec<SourceKind>,
    /// Lookups by id, path and term name, so links resolve in constant time.
    pub index: BookIndex,
    /// Which earlier edition this is; `None` for the current book.
    pub edition: Option<edition::Edition>,
    /// Standards whose newest text takes effect later: `standards[index]`
    /// then holds the text in force today, and this the announced one.
    pub announced: Vec<Announced>,
}

/// The announced text of a standard whose newest version is not in force yet.
#[derive(Debug, Clone)]
pub struct Announced {
    /// The standard's index in `Book::standards` (which holds the text in force).
    pub index: usize,
    /// The newest text, effective later.
    pub standard: Standard,
}

/// Lookup tables over a book.
#[derive(Debug, Clone, Default)]
pub struct BookIndex {
    by_id: HashMap<String, usize>,
    by_path: HashMap<PathBuf, usize>,
    by_term_name: HashMap<String, usize>,
    /// A term's names by the stems of their words («скарг»), so `[[Скаргу]]`
    /// finds «Скарга» as the text's own words do.
    by_term_stems: HashMap<String, usize>,
    language: crate::language::Language,
}

impl BookIndex {
    fn new(standards: &[Standard], terms: &[Term], language: crate::language::Language) -> Self {
        let mut index = BookIndex {
            language,
            ..BookIndex::default()
        };
        let stemmer = crate::language::WordStemmer::new(language);
        for (i, standard) in standards.iter().enumerate() {
            index.by_id.entry(standard.meta.id.clone()).or_insert(i);
            index.by_path.insert(standard.path.clone(), i);
        }
        for (i, term) in terms.iter().enumerate() {
            for name in std::iter::once(&term.term).chain(&term.aliases) {
                index
                    .by_term_name
                    .entry(crate::language::normalize(name))
                    .or_insert(i);
            }
            for name in std::iter::once(&term.term)
                .chain(&term.aliases)
                .chain(&term.forms)
            {
                index
                    .by_term_stems
                    .entry(stem_key(&stemmer, name))
                    .or_insert(i);
            }
        }
        index
    }
}

/// The stems of a name's words, joined: the key two forms of a name share.
fn stem_key(stemmer: &crate::language::WordStemmer, name: &str) -> String {
    let stems: Vec<String> = crate::language::words(name)
        .into_iter()
        .map(|(_, word)| stemmer.stem(word))
        .collect();
    stems.join(" ")
}

impl Book {
    /// The standard with this id.
    pub fn standard(&self, id: &str) -> Option<&Standard> {
        self.index.by_id.get(id).map(|&i| &self.standards[i])
    }

    /// The standard whose source file is `path` (relative to the book).
    pub fn standard_at(&self, path: &Path) -> Option<&Standard> {
        self.index.by_path.get(path).map(|&i| &self.standards[i])
    }

    /// The checklist with this id.
    pub fn checklist(&self, id: &str) -> Option<&checklist::Checklist> {
        self.checklists.iter().find(|c| c.id == id)
    }

    /// The term with this name or alias (any case, ё = е).
    pub fn term(&self, name: &str) -> Option<&Term> {
        self.term_index(name).map(|i| &self.terms[i])
    }

    /// The index in `terms` of the term with this name or alias, in any word
    /// form («Скаргу» names «Скарга»).
    pub fn term_index(&self, name: &str) -> Option<usize> {
        let index = &self.index;
        if let Some(&i) = index.by_term_name.get(&crate::language::normalize(name)) {
            return Some(i);
        }
        let stemmer = crate::language::WordStemmer::new(index.language);
        let key = stem_key(&stemmer, name);
        (!key.is_empty())
            .then(|| index.by_term_stems.get(&key).copied())
            .flatten()
    }

    /// 1-based chapter numbers (top-level standards have none).
    pub fn chapter_number(&self, index: usize) -> Option<usize> {
        let has_root = self
            .chapters
            .first()
            .is_some_and(|c| c.dir.as_os_str().is_empty());
        match (has_root, index) {
            (true, 0) => None,
            (true, i) => Some(i),
            (false, i) => Some(i + 1),
        }
    }
}

/// What a rebuild can reuse from the previous one: the text of files that
/// did not change on disk, and the standards parsed from them — so a rebuild
/// after one save reads and parses one file, not the whole book.
#[derive(Debug, Default)]
pub struct ParseCache {
    /// File texts by path, size and modification time.
    pub reads: crate::source::ReadCache,
    standards: HashMap<PathBuf, Standard>,
    retain: bool,
}

impl ParseCache {
    /// A cache that keeps what it reads and parses, for repeated builds of one
    /// book (`serve`, `watch`). A default one keeps nothing.
    pub fn retaining() -> Self {
        ParseCache {
            reads: crate::source::ReadCache::retaining(),
            standards: HashMap::new(),
            retain: true,
        }
    }

    /// The standard in each standard file of `files`, in their order: taken
    /// from the cache when the file is unchanged, parsed on all cores otherwise.
    fn standards(&mut self, files: &[SourceFile]) -> Vec<Result<Standard, Diagnostic>> {
        use rayon::prelude::*;
        let cached = |file: &SourceFile| {
            file.unchanged
                .then(|| self.standards.get(&file.path).cloned())
                .flatten()
        };
        let parsed: Vec<_> = files
            .par_iter()
            .filter(|file| file.kind == SourceKind::Standard)
            .map(|file| {
                cached(file).map_or_else(|| (read_standard(file), true), |s| (Ok(s), false))
            })
            .collect();
        if self.retain {
            for (standard, _) in parsed.iter().filter(|(_, fresh)| *fresh) {
                if let Ok(standard) = standard {
                    self.standards
                        .insert(standard.path.clone(), standard.clone());
                }
            }
        }
        parsed.into_iter().map(|(standard, _)| standard).collect()
    }
}

/// Builds the typed book from `standbook.yaml` and the files found in the book.
pub fn assemble(
    root: &Path,
    config: BookConfig,
    tree: SourceTree,
    cache: &mut ParseCache,
) -> (Book, Vec<Diagnostic>) {
    let SourceTree {
        files,
        mut diagnostics,
    } = tree;
    let mut sources = SourceMap::default();
    let mut book = Book {
        root: root.to_path_buf(),
        folder: crate::source::BookFolder::open(root).ok(),
        config,
        chapters: Vec::new(),
        standards: Vec::new(),
        terms: Vec::new(),
        phrases: None,
        appearance: None,
        checklists: Vec::new(),
        sources: SourceMap::default(),
        unreadable: Vec::new(),
        index: BookIndex::default(),
        edition: None,
        announced: Vec::new(),
    };
    let mut chapter_files = HashMap::new();
    let mut standards = Vec::new();
    let mut parsed = cache.standards(&files).into_iter();
    for file in &files {
        let result = match file.kind {
            SourceKind::Standard => parsed
                .next()
                .expect("one parse per standard file")
                .map(|s| standards.push(s)),
            SourceKind::Chapter => yaml::parse::<ChapterFile>(&file.path, &file.text, 1).map(|c| {
                chapter_files.insert(chapter_dir(&file.path), c);
            }),
            SourceKind::Terms => read_terms(file).map(|t| book.terms = t),
            SourceKind::Phrases => {
                phrases::parse(&file.path, &file.text).map(|p| book.phrases = Some(p))
            }
            SourceKind::Appearance => read_appearance(file).map(|a| book.appearance = Some(a)),
            SourceKind::Checklist => {
                yaml::parse::<Checklist>(&file.path, &file.text, 1).map(|mut c| {
                    c.path = file.path.clone();
                    book.checklists.push(c);
                })
            }
        };
        if let Err(diagnostic) = result {
            diagnostics.push(diagnostic);
            book.unreadable.push(file.kind);
        }
    }
    for file in files {
        sources.insert(file.path, file.text);
    }
    book.chapters = order_chapters(&standards, chapter_files);
    book.standards = order_standards(standards, &book.chapters);
    number_standards(&mut book);
    book.index = BookIndex::new(&book.standards, &book.terms, book.config.language);
    book.sources = sources;
    (book, diagnostics)
}

/// The chapter folder of a file: the first folder of its path.
fn chapter_dir(path: &Path) -> PathBuf {
    let mut components = path.components();
    match (components.next(), components.next()) {
        (Some(first), Some(_)) => PathBuf::from(first.as_os_str()),
        _ => PathBuf::new(),
    }
}

/// A standard read from `text` as if it were the file at `path` (an earlier
/// text of that file, from git).
pub fn standard_from_text(path: &Path, text: &str) -> Result<Standard, Diagnostic> {
    read_standard(&SourceFile {
        path: path.to_path_buf(),
        kind: SourceKind::Standard,
        text: std::sync::Arc::from(text),
        unchanged: false,
    })
}

fn read_standard(file: &SourceFile) -> Result<Standard, Diagnostic> {
    let (front, body_offset) = source::split_front_matter(&file.path, &file.text)?;
    let meta: FrontMatter = yaml::parse(&file.path, front, 2)?;
    if !standard::is_valid_id(&meta.id) {
        // The value as written (quoted, escaped) may differ from the id it means.
        let front_start = file.text.find('\n').map_or(0, |i| i + 1);
        let (offset, len) =
            yaml::locate_key(front, "id").map_or((0, 1), |(o, l)| (front_start + o, l));
        return Err(Diagnostic::new(
            Code::InvalidId,
            format!("`{}` cannot be used as an id", meta.id.escape_debug()),
        )
        .at(Location::at_offset(&file.path, &file.text, offset, len))
        .hint("use Latin letters, digits and a hyphen, such as COM-02"));
    }
    let scan = markdown::scan(&file.text[body_offset..]);
    let file_name = file
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let order = meta
        .order
        .or_else(|| number_prefix(file_name))
        .unwrap_or(u32::MAX);
    Ok(Standard {
        meta,
        path: file.path.clone(),
        body_offset,
        source: file.text.clone(),
        chapter: 0,
        outline: scan.outline,
        references: scan.references,
        raw_html: scan.raw_html,
        anchor_set: Default::default(),
        heading_attributes: scan.heading_attributes,
        order,
        number: String::new(),
    })
}

fn read_terms(file: &SourceFile) -> Result<Vec<Term>, Diagnostic> {
    let parsed: TermsFile = yaml::parse(&file.path, &file.text, 1)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let terms = parsed
        .terms
        .into_iter()
        .map(|mut term| {
            let nth = seen.entry(term.term.clone()).or_default();
            term.offset = yaml::locate(&file.text, "term", &term.term, *nth).map_or(0, |(o, _)| o);
            *nth += 1;
            term
        })
        .collect();
    Ok(terms)
}

fn read_appearance(file: &SourceFile) -> Result<AppearanceFile, Diagnostic> {
    let mut parsed: AppearanceFile = yaml::parse(&file.path, &file.text, 1)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for role in &mut parsed.roles {
        let nth = seen.entry(role.id.clone()).or_default();
        role.offset = yaml::locate(&file.text, "id", &role.id, *nth).map_or(0, |(o, _)| o);
        *nth += 1;
    }
    Ok(parsed)
}

fn order_chapters(
    standards: &[Standard],
    mut files: HashMap<PathBuf, ChapterFile>,
) -> Vec<Chapter> {
    let mut dirs: Vec<PathBuf> = standards.iter().map(|s| chapter_dir(&s.path)).collect();
    dirs.sort();
    dirs.dedup();
    let mut chapters: Vec<Chapter> = dirs
        .into_iter()
        .map(|dir| {
            let name = dir.to_string_lossy().into_owned();
            let file = files.remove(&dir);
            let order = if name.is_empty() {
                0
            } else {
                file.as_ref()
                    .and_then(|f| f.order)
                    .or_else(|| number_prefix(&name))
                    .unwrap_or(u32::MAX)
            };
            let (title, description, listed) = match file {
                Some(f) => (f.title, f.description, f.standards),
                None => (humanize(&name), None, None),
            };
            Chapter {
                title,
                description,
                dir,
                order,
                standards: 0..0,
                listed,
                unlisted: 0,
            }
        })
        .collect();
    chapters.sort_by(|a, b| {
        let root_first = (!a.dir.as_os_str().is_empty()).cmp(&!b.dir.as_os_str().is_empty());
        root_first
            .then(a.order.cmp(&b.order))
            .then(a.dir.cmp(&b.dir))
    });
    chapters
}

/// `02-communication-rules` → `Communication rules`.
fn humanize(dir: &str) -> String {
    let name = dir.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => dir.to_string(),
    }
}

/// Sorts standards by chapter, then by the chapter's `standards:` list when it
/// has one (standards it leaves out come last), else by their own order.
fn order_standards(mut standards: Vec<Standard>, chapters: &[Chapter]) -> Vec<Standard> {
    for standard in &mut standards {
        let dir = chapter_dir(&standard.path);
        standard.chapter = chapters.iter().position(|c| c.dir == dir).unwrap_or(0);
    }
    let listed_at = |s: &Standard| -> Option<usize> {
        let listed = chapters[s.chapter].listed.as_ref()?;
        Some(
            listed
                .iter()
                .position(|id| *id == s.meta.id)
                .unwrap_or(usize::MAX),
        )
    };
    standards.sort_by_cached_key(|s| (s.chapter, listed_at(s), s.order, s.path.clone()));
    standards
}

/// Gives each chapter its range of standards and each standard its number.
fn number_standards(book: &mut Book) {
    let mut start = 0;
    for c in 0..book.chapters.len() {
        let end = start
            + book.standards[start..]
                .iter()
                .take_while(|s| s.chapter == c)
                .count();
        let chapter = &book.chapters[c];
        book.chapters[c].unlisted = match &chapter.listed {
            Some(listed) => book.standards[start..end]
                .iter()
                .filter(|s| !listed.contains(&s.meta.id))
                .count(),
            None => 0,
        };
        let chapter_number = book.chapter_number(c);
        for (position, standard) in book.standards[start..end].iter_mut().enumerate() {
            standard.number = match chapter_number {
                Some(chapter) => format!("{chapter}.{}", position + 1),
                None => (position + 1).to_string(),
            };
        }
        book.chapters[c].standards = start..end;
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(humanize("02-communication-rules"), "Communication rules");
        assert_eq!(humanize("general"), "General");
    }
}
