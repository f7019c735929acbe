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

use std::collections::BTreeMap;
use std::fmt::Write;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd, TextMergeWithOffset};

use crate::history::changelog::{Change, Release};
use crate::markdown::{self, Embed, Target};
use crate::model::Book;
use crate::model::appearance::Role;
use crate::model::checklist::Checklist;
use crate::model::parts::Parts;
use crate::model::standard::Standard;
use crate::source::slashed;

/// What to print.
#[derive(Debug, Clone)]
pub struct Selection {
    /// One standard or checklist by id (an audit sheet); `None` for `parts`.
    pub only: Option<String>,
    /// The parts of the book to print.
    pub parts: Parts,
    /// This version's change log, printed when `parts` has `changes`.
    pub release: Option<Release>,
    /// Paper size.
    pub paper: crate::config::Paper,
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
    selection: &Selection,
) -> Result<Markup, String> {
    // One standard or checklist alone links to nothing else.
    let none = Parts::none(book);
    let parts = match selection.only {
        None => &selection.parts,
        Some(_) => &none,
    };
    let mut w = Writer::new(book, strings, parts);
    w.preamble(selection.paper.typst_name());
    match &selection.only {
        None => w.parts(selection.release.as_ref()),
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

/// The image files a PDF can show, by extension.
const IMAGE_FORMATS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Whether the file at `path` is an image a PDF can show (by its extension).
fn is_image(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| IMAGE_FORMATS.contains(&e.to_string_lossy().to_lowercase().as_str()))
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
        }
    }

    fn t(&self, key: &str) -> String {
        crate::theme::string(self.strings, key)
    }

    /// "Версия 2.3.0 · Действует с 2026-09-01", for the cover and the running header.
    fn version_line(&self) -> String {
        let config = &self.book.config;
        format!(
            "{} {} · {} {}",
            self.t("version"),
            config.version,
            self.t("effective"),
            config.effective
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
            for checklist in &book.checklists {
                self.checklist(checklist, 2);
            }
        }
        if let Some(release) = release.filter(|_| printed.changes) {
            self.release(release);
        }
    }

    /// This version's change log: its changes day by day, each with a link to
    /// its standard when that is printed.
    fn release(&mut self, release: &Release) {
        self.heading(1, &release.title(self.strings), None);
        if let Some(summary) = &release.summary {
            self.paragraph(summary);
        }
        if release.days.is_empty() {
            self.paragraph(&self.t("no_changes"));
        }
        for day in &release.days {
            let _ = writeln!(
                self.out,
                "#block(above: 1.2em, below: 0.6em, strong({}))",
                literal(&day.date.to_string())
            );
            for change in &day.changes {
                self.change(change);
            }
        }
    }

    fn change(&mut self, change: &Change) {
        let title = literal(&format!("{} {}", change.number, change.title));
        let title = match self.printed.standard(&change.id) {
            true => format!(
                "link(label({}), {title})",
                literal(&standard_label(&change.id))
            ),
            false => title,
        };
        let mut rest = format!(" {}", change.version);
        if change.major {
            let _ = write!(rest, " · {}", self.t("major_change"));
        }
        if change.draft {
            let _ = write!(rest, " · {}", self.t("draft"));
        }
        let _ = write!(rest, " — {}", change.summary);
        if !change.authors.is_empty() {
            let _ = write!(rest, " ({})", change.authors.join(", "));
        }
        let _ = writeln!(
            self.out,
            "#block(breakable: false, above: 0.5em, [#{title}#{};])",
            literal(&rest)
        );
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
        (is_image(&path) && self.book.root.join(&path).is_file()).then(|| slashed(&path))
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

    fn standard(&mut self, index: usize, level: u8) {
        let standard = &self.book.standards[index];
        self.region(standard, None);
        let title = format!("{} {}", standard.number, standard.meta.title);
        self.heading(level, &title, Some(&standard_label(&standard.meta.id)));
        self.metadata(standard);
        self.body(standard, level);
    }

    /// Marks where the source starts being written from `standard` (at
    /// `offset` in its file, when it is one place).
    fn region(&mut self, standard: &Standard, offset: Option<usize>) {
        self.regions.push(Region {
            start: self.out.len(),
            path: standard.path.clone(),
            offset,
        });
    }

    fn metadata(&mut self, standard: &Standard) {
        let meta = &standard.meta;
        let mut rows = vec![
            ("ID".to_string(), meta.id.clone()),
            (self.t("version"), meta.version.to_string()),
            (self.t("effective"), meta.effective.to_string()),
            (self.t("owner"), meta.owner.clone()),
        ];
        if !meta.applies_to.is_empty() {
            rows.push((self.t("applies_to"), meta.applies_to.join(", ")));
        }
        let cells: Vec<String> = rows
            .iter()
            .flat_map(|(k, v)| [format!("strong({})", literal(k)), literal(v)])
            .collect();
        let _ = writeln!(self.out, "#meta({})\n", cells.join(", "));
    }

    fn body(&mut self, standard: &Standard, level: u8) {
        let body = standard.body();
        let events: Vec<(Event, std::ops::Range<usize>)> =
            TextMergeWithOffset::new(Parser::new_ext(body, markdown::options()).into_offset_iter())
                .collect();
        let mut closers: Vec<&'static str> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            // A paragraph that is only `{{…}}` embeds the book's data.
            self.at = standard.body_offset + events[i].1.start;
            if let (
                Event::Start(Tag::Paragraph),
                Some((Event::Text(text), _)),
                Some((Event::End(TagEnd::Paragraph), _)),
            ) = (&events[i].0, events.get(i + 1), events.get(i + 2))
                && let Some(target) = markdown::embed_target(text)
            {
                self.embed(standard, target);
                i += 3;
                continue;
            }
            if let Event::Start(Tag::Image { dest_url, .. }) = &events[i].0 {
                let alone = matches!(
                    i.checked_sub(1).and_then(|j| events.get(j)),
                    Some((Event::Start(Tag::Paragraph), _))
                );
                let mut alt = String::new();
                i += 1;
                while let Some((Event::Text(text) | Event::Code(text), _)) = events.get(i) {
                    alt.push_str(text);
                    i += 1;
                }
                // `i` is at the image's end; a paragraph's end right after it
                // makes the image a paragraph of its own.
                let alone =
                    alone && matches!(events.get(i + 1), Some((Event::End(TagEnd::Paragraph), _)));
                self.image(standard, dest_url, &alt, alone);
                i += 1;
                continue;
            }
            if let Event::Start(Tag::CodeBlock(_)) = &events[i].0 {
                let mut code = String::new();
                i += 1;
                while let Some((Event::Text(text), _)) = events.get(i) {
                    code.push_str(text);
                    i += 1;
                }
                let _ = writeln!(
                    self.out,
                    "#block(fill: luma(245), inset: 6pt, width: 100%, raw(block: true, {}))",
                    literal(code.trim_end())
                );
                i += 1; // the end of the code block
                continue;
            }
            self.event(standard, &events[i].0, level, &mut closers);
            i += 1;
        }
        self.raw("\n");
    }

    fn event(
        &mut self,
        standard: &Standard,
        event: &Event,
        level: u8,
        closers: &mut Vec<&'static str>,
    ) {
        match event {
            Event::Start(tag) => self.start(tag, level, closers),
            Event::End(_) => {
                let closer = closers.pop().unwrap_or_default();
                self.raw(closer);
            }
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                let _ = write!(self.out, "#raw({});", literal(code));
            }
            Event::SoftBreak => self.raw(" "),
            Event::HardBreak => self.raw("#linebreak();"),
            Event::Rule => self.raw("#line(length: 100%, stroke: 0.5pt)\n"),
            Event::TaskListMarker(done) => {
                self.raw(if *done {
                    "#box(checkbox, inset: 0pt)[✓]#h(0.4em);"
                } else {
                    "#checkbox#h(0.4em);"
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let text = strip_tags(html);
                self.text(&text);
                self.degrade(standard, "raw HTML has no PDF form; its text is printed");
            }
            Event::FootnoteReference(name) => {
                let _ = write!(self.out, "#super({});", literal(name));
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(math),
        }
    }

    fn start(&mut self, tag: &Tag, level: u8, closers: &mut Vec<&'static str>) {
        let (open, close): (String, &'static str) = match tag {
            Tag::Paragraph => (String::new(), "\n\n"),
            Tag::Heading { level: h, .. } => (
                format!(
                    "#heading(level: {}, outlined: false, bookmarked: false)[",
                    heading_level(*h, level)
                ),
                "]\n",
            ),
            Tag::BlockQuote(_) => ("#quote(block: true)[".into(), "]\n"),
            Tag::List(None) => ("#list(".into(), ")\n"),
            Tag::List(Some(start)) => (format!("#enum(start: {start}, "), ")\n"),
            Tag::Item => ("[".into(), "],"),
            Tag::Table(aligns) => (
                format!("#table(columns: {}, inset: 5pt, ", aligns.len().max(1)),
                ")\n",
            ),
            Tag::TableHead => ("table.header(".into(), "),"),
            Tag::TableRow => (String::new(), ""),
            Tag::TableCell => ("[".into(), "],"),
            Tag::Emphasis => ("#emph[".into(), "];"),
            Tag::Strong => ("#strong[".into(), "];"),
            Tag::Strikethrough => ("#strike[".into(), "];"),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => match self.link(*link_type, dest_url) {
                Some(target) => (format!("#link({target})["), "];"),
                None => (String::new(), ""),
            },
            Tag::FootnoteDefinition(name) => (format!("#super({}); ", literal(name)), "\n\n"),
            _ => (String::new(), ""),
        };
        self.raw(&open);
        closers.push(close);
    }

    /// A link's target as a Typst expression; `None` prints the link's text only.
    fn link(&self, link_type: pulldown_cmark::LinkType, dest: &str) -> Option<String> {
        match markdown::link_target(link_type, dest) {
            Some(Target::Standard { id, .. }) => self
                .book
                .standard(&id)
                .filter(|s| self.printed.standard(&s.meta.id))
                .map(|s| format!("label({})", literal(&standard_label(&s.meta.id)))),
            Some(Target::Term(name)) if self.printed.glossary => self
                .book
                .term(&name)
                .map(|t| format!("label({})", literal(&term_label(&t.anchor())))),
            None if dest.contains("://") || dest.starts_with("mailto:") => Some(literal(dest)),
            _ => None,
        }
    }

    /// An image from the book's files: a paragraph of its own is shown as
    /// wide as it is (at most the text's width), one inside text as tall as
    /// a line. What cannot be shown prints its description, with a warning.
    fn image(&mut self, standard: &Standard, dest: &str, alt: &str, alone: bool) {
        let Some(path) = self.image_file(standard, dest) else {
            self.text(alt);
            return;
        };
        let file = literal(&format!("/{path}"));
        let alt = literal(alt);
        // A file Typst cannot decode is reported at the image's line.
        self.region(standard, Some(self.at));
        let _ = match alone {
            true => write!(
                self.out,
                "#block(breakable: false, width: 100%, align(center, image({file}, alt: {alt})))"
            ),
            false => write!(
                self.out,
                "#box(baseline: 0.2em, image({file}, alt: {alt}, height: 1.1em))"
            ),
        };
        self.region(standard, None);
        self.images.push(path);
    }

    /// The book-relative file of image `dest`, or `None` (with a warning)
    /// when it is not a picture in the book that a PDF can show.
    fn image_file(&mut self, standard: &Standard, dest: &str) -> Option<String> {
        if dest.contains("://") {
            self.degrade(
                standard,
                "an image from the web is not printed; its description is",
            );
            return None;
        }
        let path = crate::source::resolve_file(&standard.path, dest.split('#').next()?)
            .filter(|p| self.book.root.join(p).is_file());
        let Some(path) = path else {
            self.degrade(
                standard,
                "the image is not a file in the book; its description is printed",
            );
            return None;
        };
        if !is_image(&path) {
            self.degrade(
                standard,
                "the PDF shows PNG, JPEG, GIF, WebP and SVG images; this one's description is printed",
            );
            return None;
        }
        Some(slashed(&path))
    }

    fn degrade(&mut self, standard: &Standard, message: &str) {
        self.degraded.push(Degraded {
            path: standard.path.clone(),
            offset: self.at,
            message: message.into(),
        });
    }

    fn embed(&mut self, standard: &Standard, target: Target) {
        match target {
            Target::Embed(Embed::Phrases { category }) => self.phrases(category.as_deref()),
            Target::Embed(Embed::Appearance { role }) => {
                let book = self.book;
                match book
                    .appearance
                    .iter()
                    .flat_map(|a| &a.roles)
                    .find(|r| r.id == role)
                {
                    Some(role) => self.appearance(role),
                    None => self.degrade(standard, "the embedded role is not in appearance.yaml"),
                }
            }
            Target::Embed(Embed::Checklist { id }) => match self.book.checklist(&id) {
                Some(checklist) => self.checklist_items(checklist),
                None => self.degrade(standard, "the embedded checklist is not in the book"),
            },
            _ => self.degrade(standard, "an embed that could not be read is left out"),
        }
    }

    fn glossary(&mut self) {
        if self.book.terms.is_empty() {
            return;
        }
        self.heading(1, &self.t("glossary"), None);
        for term in &self.book.terms {
            let _ = writeln!(
                self.out,
                "#[#block(breakable: false, below: 0.9em)[#strong({}) — #{};] <{}>]",
                literal(&term.term),
                literal(&term.definition),
                term_label(&term.anchor())
            );
        }
    }

    fn phrases(&mut self, category: Option<&str>) {
        let Some(phrases) = self.book.phrases.as_ref() else {
            return;
        };
        let mut cells = vec![format!(
            "table.header(strong({}), strong({}), strong({}))",
            literal(&self.t("dont_say")),
            literal(&self.t("say_instead")),
            literal(&self.t("why"))
        )];
        for rule in &phrases.rules {
            if category.is_some_and(|c| rule.category.as_deref() != Some(c)) {
                continue;
            }
            cells.push(format!(
                "{}, {}, {}",
                literal(&rule.phrase),
                literal(&rule.instead.join(" / ")),
                literal(&rule.why)
            ));
        }
        let _ = writeln!(
            self.out,
            "#table(columns: (1fr, 1.2fr, 1.2fr), inset: 5pt, {})\n",
            cells.join(", ")
        );
    }

    /// A role's appearance rules: one row per area, what is required, allowed and not.
    fn appearance(&mut self, role: &Role) {
        let mut cells = vec![format!(
            "table.header([], {})",
            ["required", "allowed", "not_allowed"]
                .iter()
                .map(|k| format!("strong({})", literal(&self.t(k))))
                .collect::<Vec<_>>()
                .join(", ")
        )];
        for area in &role.areas {
            let lists = [&area.required, &area.allowed, &area.not_allowed];
            let row: Vec<String> = std::iter::once(format!("strong({})", literal(&area.area)))
                .chain(lists.iter().map(|l| literal(&l.join("; "))))
                .collect();
            cells.push(row.join(", "));
        }
        let _ = writeln!(
            self.out,
            "#table(columns: (auto, 1fr, 1fr, 1fr), inset: 5pt, {})\n",
            cells.join(", ")
        );
    }

    fn checklist(&mut self, checklist: &Checklist, level: u8) {
        self.heading(level, &checklist.title, None);
        if let Some(description) = &checklist.description {
            self.paragraph(description);
        }
        self.checklist_items(checklist);
    }

    /// The items with empty boxes, then the score line to fill in.
    fn checklist_items(&mut self, checklist: &Checklist) {
        let mut total = 0;
        for section in &checklist.sections {
            let _ = writeln!(
                self.out,
                "#block(above: 1em, strong({}))",
                literal(&section.title)
            );
            for item in &section.items {
                total += item.weight();
                let weight = match item.weight() {
                    1 => String::new(),
                    w => format!(" ({w})"),
                };
                let _ = writeln!(
                    self.out,
                    "#block(breakable: false, above: 0.5em, grid(columns: (1.4em, 1fr), checkbox, {}))",
                    literal(&format!("{}{weight}", item.text()))
                );
            }
        }
        let mut score = format!("{}: ______ / {total}", self.t("score"));
        if let Some(pass) = checklist.pass_score {
            let _ = write!(score, " ({} {pass})", self.t("pass_score"));
        }
        let signature = format!(
            "{}: ____________________    {}: ____________",
            self.t("auditor"),
            self.t("date")
        );
        let _ = writeln!(
            self.out,
            "#block(breakable: false, above: 1.2em, stack(spacing: 1em, {}, {}))\n",
            literal(&score),
            literal(&signature)
        );
    }
}

fn heading_level(level: HeadingLevel, base: u8) -> u8 {
    (level as u8).saturating_sub(1).max(1) + base
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
