//! A standard's Markdown as Typst: headings, paragraphs, lists, tables,
//! emphasis, links inside the book, images from its files, embeds — and what
//! has no printed form, degraded to its text with a warning.

use std::fmt::Write as _;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd, TextMergeWithOffset};

use super::{Degraded, Region, Writer, literal, standard_label, term_label};
use crate::markdown::{self, Embed, Target};
use crate::model::standard::Standard;
use crate::source::slashed;

/// The image files a PDF can show, by extension.
const IMAGE_FORMATS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Whether the file at `path` is an image a PDF can show (by its extension).
pub(super) fn is_image(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| IMAGE_FORMATS.contains(&e.to_string_lossy().to_lowercase().as_str()))
}

impl Writer<'_> {
    pub(super) fn standard(&mut self, index: usize, level: u8) {
        let standard = &self.book.standards[index];
        self.region(standard, None);
        let title = format!("{} {}", standard.number, standard.meta.title);
        self.heading(level, &title, Some(&standard_label(&standard.meta.id)));
        self.metadata(standard);
        self.body(standard, level);
    }

    /// Marks where the source starts being written from `standard` (at
    /// `offset` in its file, when it is one place).
    pub(super) fn region(&mut self, standard: &Standard, offset: Option<usize>) {
        self.regions.push(Region {
            start: self.out.len(),
            path: standard.path.clone(),
            offset,
        });
    }

    pub(super) fn metadata(&mut self, standard: &Standard) {
        let meta = &standard.meta;
        let version = match self.drafts.contains(&standard.path) {
            true => format!("{} ({})", meta.version, self.t("draft")),
            false => meta.version.to_string(),
        };
        let mut rows = vec![
            ("ID".to_string(), meta.id.clone()),
            (self.t("version"), version),
            (self.t("effective"), self.date(meta.effective)),
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

    pub(super) fn body(&mut self, standard: &Standard, level: u8) {
        let body = standard.body();
        let events: Vec<(Event, std::ops::Range<usize>)> =
            TextMergeWithOffset::new(Parser::new_ext(body, markdown::options()).into_offset_iter())
                .collect();
        let mut notes = Footnotes::find(&events, &standard.meta.id);
        // Footnotes are numbered per standard, as on its page.
        self.raw("#counter(footnote).update(0)\n");
        self.write_events(standard, &events, 0..events.len(), level, &mut notes);
        self.raw("\n");
    }

    /// Writes `events[range]`; a footnote's definition is written where it
    /// is first referred to, as a Typst footnote.
    fn write_events(
        &mut self,
        standard: &Standard,
        events: &[(Event, std::ops::Range<usize>)],
        range: std::ops::Range<usize>,
        level: u8,
        notes: &mut Footnotes,
    ) {
        let mut closers: Vec<&'static str> = Vec::new();
        let mut i = range.start;
        while i < range.end {
            if let Event::Start(Tag::FootnoteDefinition(_)) = &events[i].0 {
                i = notes.end_of(i) + 1;
                continue;
            }
            if let Event::FootnoteReference(label) = &events[i].0 {
                self.footnote(standard, events, label, level, notes);
                i += 1;
                continue;
            }
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
    }

    /// A footnote at its reference: its definition the first time, a
    /// reference to that footnote after.
    fn footnote(
        &mut self,
        standard: &Standard,
        events: &[(Event, std::ops::Range<usize>)],
        label: &str,
        level: u8,
        notes: &mut Footnotes,
    ) {
        let Some(inner) = notes.definitions.get(label).cloned() else {
            return self.text(&format!("[^{label}]"));
        };
        let name = notes.label(label);
        if notes.written.contains(label) {
            let _ = write!(self.out, "#footnote(<{name}>);");
            return;
        }
        if notes.depth >= MAX_FOOTNOTE_NESTING {
            self.text(&format!("[^{label}]"));
            return self.degrade(
                standard,
                "a footnote this deep inside other footnotes prints as its label",
            );
        }
        notes.written.insert(label.to_string());
        let outside = std::mem::take(&mut self.out);
        notes.depth += 1;
        self.write_events(standard, events, inner, level, notes);
        notes.depth -= 1;
        let content = std::mem::replace(&mut self.out, outside);
        let _ = write!(self.out, "#[#footnote[{}]<{name}>]", content.trim());
    }

    pub(super) fn event(
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
            Event::Text(text) => {
                let language = self.book.config.language;
                self.text(&crate::language::typography::tie(text, language));
            }
            Event::Code(code) => {
                let _ = write!(self.out, "#raw({});", literal(code));
            }
            Event::SoftBreak => self.raw(" "),
            Event::HardBreak => self.raw("#linebreak();"),
            Event::Rule => self.raw("#line(length: 100%, stroke: 0.5pt)\n"),
            Event::TaskListMarker(done) => {
                self.raw(if *done {
                    "#checked#h(0.4em);"
                } else {
                    "#checkbox#h(0.4em);"
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let text = strip_tags(html);
                self.text(&text);
                self.degrade(standard, "raw HTML has no PDF form; its text is printed");
            }
            Event::FootnoteReference(_) => {}
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(math),
        }
    }

    pub(super) fn start(&mut self, tag: &Tag, level: u8, closers: &mut Vec<&'static str>) {
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
            _ => (String::new(), ""),
        };
        self.raw(&open);
        closers.push(close);
    }

    /// A link's target as a Typst expression; `None` prints the link's text only.
    pub(super) fn link(&self, link_type: pulldown_cmark::LinkType, dest: &str) -> Option<String> {
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
            None if link_type == pulldown_cmark::LinkType::Email => Some(literal(&format!(
                "mailto:{}",
                dest.trim_start_matches("mailto:")
            ))),
            None if dest.contains("://") || dest.starts_with("mailto:") => Some(literal(dest)),
            _ => None,
        }
    }

    /// An image from the book's files: a paragraph of its own is shown as
    /// wide as it is (at most the text's width), one inside text as tall as
    /// a line. What cannot be shown prints its description, with a warning.
    pub(super) fn image(&mut self, standard: &Standard, dest: &str, alt: &str, alone: bool) {
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
    pub(super) fn image_file(&mut self, standard: &Standard, dest: &str) -> Option<String> {
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

    pub(super) fn degrade(&mut self, standard: &Standard, message: &str) {
        self.degraded.push(Degraded {
            path: standard.path.clone(),
            offset: self.at,
            message: message.into(),
        });
    }

    pub(super) fn embed(&mut self, standard: &Standard, target: Target) {
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

/// How deep a footnote may sit inside others in the PDF: a chain of
/// footnotes each first referred to in the one before must not nest
/// without end.
const MAX_FOOTNOTE_NESTING: usize = 3;

/// A standard's footnote definitions: where each is, which are written.
struct Footnotes {
    /// Each label's definition: the range of its events, without its start and end.
    definitions: std::collections::HashMap<String, std::ops::Range<usize>>,
    /// The event index of each definition's start, with that of its end.
    ends: std::collections::HashMap<usize, usize>,
    written: std::collections::HashSet<String>,
    /// How many footnotes the one being written is inside.
    depth: usize,
    /// Makes labels unique across standards.
    prefix: String,
}

impl Footnotes {
    fn find(events: &[(Event, std::ops::Range<usize>)], standard_id: &str) -> Footnotes {
        let mut notes = Footnotes {
            definitions: Default::default(),
            ends: Default::default(),
            written: Default::default(),
            depth: 0,
            prefix: format!("fn-{}", standard_label(standard_id)),
        };
        let mut open: Option<(String, usize)> = None;
        for (i, (event, _)) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => open = Some((label.to_string(), i)),
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, start)) = open.take() {
                        notes.definitions.insert(label, start + 1..i);
                        notes.ends.insert(start, i);
                    }
                }
                _ => {}
            }
        }
        notes
    }

    /// Where the definition starting at `start` ends.
    fn end_of(&self, start: usize) -> usize {
        self.ends.get(&start).copied().unwrap_or(start)
    }

    /// A Typst label for the footnote `label`: the standard's, with the
    /// definition's place among the standard's footnotes.
    fn label(&self, label: &str) -> String {
        let place = self.definitions.get(label).map_or(0, |range| range.start);
        format!("{}-{place}", self.prefix)
    }
}
