//! The book as Typst markup: a fixed preamble (page, fonts, header and footer,
//! contents) followed by the book's parts, each written from the model.
//!
//! Book content never becomes Typst syntax: every piece of text is written as
//! a Typst *string literal* (`#"…";`), whose only escapes are `\\`, `\"` and
//! `\n`, so `#`, `$`, `*`, `@`, `<` or a backslash in a standard print as
//! themselves. Markdown structure (headings, lists, tables, emphasis, links)
//! becomes Typst function calls around those strings; images from the book's
//! files are shown. What has no PDF form (raw HTML, images from the web or in
//! other formats) degrades to its text with a warning.
//!
//! [`body`] writes a standard's Markdown, [`reference`] the book's other
//! parts (glossary, rules, appearance, checklists, the release's changes).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::history::changelog::Release;
use crate::model::Book;
use crate::model::parts::Parts;
use crate::source::slashed;

/// What to print.
#[derive(Debug, Clone)]
pub struct PrintJob {
    /// One standard or checklist by id (an audit sheet); `None` for `parts`.
    pub only: Option<String>,
    /// The parts of the book to print.
    pub parts: Parts,
    /// This version's change log, printed when `parts` has `changes`.
    pub release: Option<Release>,
    /// Paper size.
    pub paper: crate::config::Paper,
    /// Standards (by file) whose text is not committed: printed as drafts.
    pub drafts: Vec<std::path::PathBuf>,
}

/// Something that printed differently from the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Degraded {
    /// The standard's file (book-relative).
    pub path: std::path::PathBuf,
    /// Where in the file (a byte offset).
    pub offset: usize,
    /// What happened.
    pub message: String,
}

/// The Typst source of a book, and what it knows about it.
#[derive(Debug, Clone)]
pub struct Markup {
    /// The source.
    pub source: String,
    /// What printed differently from the site.
    pub degraded: Vec<Degraded>,
    /// Where each standard's part of the source begins, in order, and where
    /// the source shows something from a known place in a standard (an image).
    pub regions: Vec<Region>,
    /// The book's image files the source shows (book-relative, `/` between
    /// folders, as the source names them), the only files typesetting may read.
    pub images: Vec<String>,
}

/// A stretch of the source written from one standard.
#[derive(Debug, Clone)]
pub struct Region {
    /// Where it begins in the source; it ends where the next one begins.
    pub start: usize,
    /// The standard's file (book-relative).
    pub path: std::path::PathBuf,
    /// The byte offset in that file it was written from, when it is one place.
    pub offset: Option<usize>,
}

impl Markup {
    /// The region of the source that holds byte `offset`.
    pub fn region_at(&self, offset: usize) -> Option<&Region> {
        let i = self.regions.partition_point(|r| r.start <= offset);
        i.checked_sub(1).map(|i| &self.regions[i])
    }
}

/// The Typst source of the book (or of the selected part), with what degraded.
pub fn book_markup(
    book: &Book,
    strings: &BTreeMap<String, String>,
    job: &PrintJob,
) -> Result<Markup, String> {
    // One standard or checklist alone links to nothing else.
    let none = Parts::none(book);
    let parts = match job.only {
        None => &job.parts,
        Some(_) => &none,
    };
    let mut w = Writer::new(book, strings, parts);
    w.drafts = &job.drafts;
    w.preamble(job.paper.typst_name());
    match &job.only {
        None => w.parts(job.release.as_ref()),
        Some(id) => w.only(id)?,
    }
    Ok(Markup {
        source: w.out,
        degraded: w.degraded,
        regions: w.regions,
        images: w.images,
    })
}

/// A Typst string literal holding `text` exactly.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The label of a standard's heading (`std-com-02`), for links to it.
fn standard_label(id: &str) -> String {
    label_name(&format!("std-{id}"))
}

/// The label of a glossary entry (`term-klient`).
fn term_label(anchor: &str) -> String {
    label_name(&format!("term-{anchor}"))
}

/// A label name Typst accepts (`<…>` syntax): lowercase letters, digits,
/// `-` and `_`, anything else as `-`. Labels are made and linked to through
/// this one function, so a link always finds its label.
fn label_name(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => c,
            _ => '-',
        })
        .collect()
}

mod body;
mod reference;

struct Writer<'a> {
    book: &'a Book,
    strings: &'a BTreeMap<String, String>,
    out: String,
    degraded: Vec<Degraded>,
    /// What is printed (links go only to what is).
    printed: &'a Parts,
    regions: Vec<Region>,
    /// The byte offset (in the standard's file) of the Markdown being written.
    at: usize,
    /// The image files shown so far.
    images: Vec<String>,
    /// Standards printed as drafts (their text is not committed).
    drafts: &'a [std::path::PathBuf],
}

impl<'a> Writer<'a> {
    fn new(book: &'a Book, strings: &'a BTreeMap<String, String>, printed: &'a Parts) -> Self {
        Writer {
            book,
            strings,
            out: String::with_capacity(1 << 16),
            degraded: Vec::new(),
            printed,
            regions: Vec::new(),
            at: 0,
            images: Vec::new(),
            drafts: &[],
        }
    }

    fn t(&self, key: &str) -> String {
        crate::theme::string(self.strings, key)
    }

    /// A date as the book's language writes it («1 сентября 2026 г.»).
    fn date(&self, date: crate::values::date::Date) -> String {
        let iso = date.to_string();
        crate::theme::written_date(self.book.config.language, &iso).unwrap_or(iso)
    }

    /// "Версия 2.3.0 · Действует с 1 сентября 2026 г.", for the cover and the running header.
    fn version_line(&self) -> String {
        let config = &self.book.config;
        format!(
            "{} {} · {} {}",
            self.t("version"),
            config.version,
            self.t("effective"),
            self.date(config.effective)
        )
    }

    /// Text as a string literal in markup.
    fn text(&mut self, text: &str) {
        if !text.is_empty() {
            let _ = write!(self.out, "#{};", literal(text));
        }
    }

    fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    fn preamble(&mut self, paper: &str) {
        let config = &self.book.config;
        let title = literal(&config.title);
        let running = literal(&format!("{} · {}", config.title, self.version_line()));
        let page_of = literal(&self.t("page_of"));
        let lang = literal(config.language.tag());
        let paper = literal(paper);
        let organization = literal(&config.organization);
        // The cover, when printed, is page 1 and has no header or footer.
        let first = usize::from(self.printed.cover);
        let _ = write!(
            self.out,
            r##"#set document(title: {title}, author: {organization})
#set text(lang: {lang}, font: ("Libertinus Serif", "New Computer Modern"), size: 10.5pt, hyphenate: true)
#set par(justify: true, leading: 0.6em)
#set page(paper: {paper}, margin: (x: 2cm, top: 2.4cm, bottom: 2.2cm),
  header: context {{ if counter(page).get().first() > {first} {{ set text(size: 8pt, fill: luma(90)); {running}; v(-0.6em); line(length: 100%, stroke: 0.4pt + luma(160)) }} }},
  footer: context {{ if counter(page).get().first() > {first} {{ set text(size: 8pt, fill: luma(90)); align(center, {page_of}.replace("{{page}}", str(counter(page).get().first())).replace("{{pages}}", str(counter(page).final().first()))) }} }})
#set heading(numbering: none)
#show heading: set block(breakable: false)
#show heading.where(level: 1): it => {{ pagebreak(weak: true); set text(size: 20pt); it; v(0.4em) }}
#show heading.where(level: 2): set text(size: 15pt)
#show heading.where(level: 3): set text(size: 12pt)
#show link: set text(fill: rgb("#1a4d8f"))
#let checkbox = box(width: 0.75em, height: 0.75em, stroke: 0.6pt, baseline: 0.05em)
#let checked = box(width: 0.75em, height: 0.75em, stroke: 0.6pt, baseline: 0.05em, align(center + horizon, text(size: 0.7em)[✓]))
#let meta(..rows) = block(breakable: false, width: 100%, inset: 8pt, fill: luma(245), radius: 3pt, grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.5em, ..rows))
"##
        );
    }

    /// The printed parts, in book order.
    fn parts(&mut self, release: Option<&Release>) {
        let printed = self.printed;
        if printed.cover {
            self.cover();
        }
        if printed.contents {
            let contents = literal(&self.t("contents"));
            let _ = writeln!(
                self.out,
                "#outline(title: {contents}, depth: 2, indent: 1.2em)\n"
            );
        }
        for (c, chapter) in self.book.chapters.iter().enumerate() {
            if !printed.chapter(c) {
                continue;
            }
            let title = match self.book.chapter_number(c) {
                Some(n) => format!("{n}. {}", chapter.title),
                None => chapter.title.clone(),
            };
            self.heading(1, &title, None);
            if let Some(description) = &chapter.description {
                self.paragraph(description);
            }
            for index in chapter.standards.clone() {
                self.standard(index, 2);
            }
        }
        if printed.glossary {
            self.glossary();
        }
        if printed.phrases {
            self.heading(1, &self.t("phrases"), None);
            self.phrases(None);
        }
        let book = self.book;
        if let Some(appearance) = book.appearance.as_ref().filter(|_| printed.appearance) {
            self.heading(1, &self.t("appearance"), None);
            for role in &appearance.roles {
                self.heading(2, &role.title, None);
                self.appearance(role);
            }
        }
        if printed.checklists {
            self.heading(1, &self.t("checklists"), None);
            for (n, checklist) in book.checklists.iter().enumerate() {
                // Each checklist is a form of its own: it starts a page, to be
                // printed and filled in alone.
                if n > 0 {
                    self.out.push_str("#pagebreak(weak: true)\n");
                }
                self.checklist(checklist, 2);
            }
        }
        if let Some(release) = release.filter(|_| printed.changes) {
            self.release(release);
        }
    }

    fn only(&mut self, id: &str) -> Result<(), String> {
        if let Some(index) = self.book.standard_index_any_case(id) {
            self.standard(index, 1);
            return Ok(());
        }
        if let Some(checklist) = self.book.checklist_any_case(id) {
            self.checklist(checklist, 1);
            return Ok(());
        }
        Err(format!(
            "no standard or checklist has the id `{id}`; `standbook check` lists the book's ids"
        ))
    }

    fn cover(&mut self) {
        let config = &self.book.config;
        let lines = [
            (config.organization.as_str(), "14pt", "regular"),
            (config.title.as_str(), "28pt", "bold"),
        ];
        self.raw("#page(header: none, footer: none)[\n#set text(hyphenate: false)\n#v(24%)\n");
        if let Some(logo) = self.logo() {
            let _ = writeln!(
                self.out,
                "#block(below: 2em, image({}, height: 2.5cm))",
                literal(&format!("/{logo}"))
            );
            self.images.push(logo);
        }
        for (text, size, weight) in lines {
            let _ = writeln!(
                self.out,
                "#block(text(size: {size}, weight: {}, {}))",
                literal(weight),
                literal(text)
            );
        }
        let _ = writeln!(
            self.out,
            "#v(1em)\n#block(text(size: 12pt, {}))",
            literal(&self.version_line())
        );
        if let Some(description) = &config.description {
            let _ = writeln!(
                self.out,
                "#v(2em)\n#block(width: 80%, {})",
                literal(description)
            );
        }
        self.raw("]\n");
    }

    /// The book's logo, when it is an image file the PDF can show (`check`
    /// reports a logo that is not a file).
    fn logo(&self) -> Option<String> {
        let logo = self.book.config.logo.as_deref()?;
        let path = crate::source::resolve_file(std::path::Path::new(""), logo)?;
        (body::is_image(&path) && self.book.root.join(&path).is_file()).then(|| slashed(&path))
    }

    /// A heading of the book's structure (in the contents and the PDF's
    /// bookmarks), with a label to link to.
    fn heading(&mut self, level: u8, title: &str, label: Option<&str>) {
        let label = label.map(|l| format!("<{l}>")).unwrap_or_default();
        let _ = writeln!(
            self.out,
            "#[#heading(level: {level}, {}) {label}]",
            literal(title)
        );
    }

    fn paragraph(&mut self, text: &str) {
        self.text(text);
        self.raw("\n\n");
    }
}
