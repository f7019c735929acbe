//! What can be found: the book cut into search records.
//!
//! A record is one place a reader can land on: a section of a standard (split
//! at its headings, landing on the heading's anchor), a glossary term, a
//! communication rule, an appearance area of a role, or a checklist item. Each
//! carries the text to index, split into fields that rank differently, and a
//! short excerpt to show — never the whole text.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::language::phrases::PhraseLevel;
use crate::markdown::{self, Target};
use crate::model::Book;
use crate::model::pages::Page;
use crate::model::phrases::rule_anchors;
use crate::model::standard::Standard;

/// Longest excerpt shown under a result, in characters.
const EXCERPT_CHARS: usize = 160;

/// What a record is, shown as a badge next to the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A section of a standard.
    Standard,
    /// A glossary term.
    Term,
    /// A communication or appearance rule.
    Rule,
    /// A checklist item.
    Checklist,
}

impl Kind {
    /// The number the index stores for this kind (the browser maps it back).
    pub fn code(self) -> u8 {
        match self {
            Kind::Standard => 0,
            Kind::Term => 1,
            Kind::Rule => 2,
            Kind::Checklist => 3,
        }
    }
}

/// How much a word weighs in ranking, by where it stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field {
    /// The title of the page the record opens (only on its first record).
    Title,
    /// The heading of the record's section, or a term's name.
    Heading,
    /// The text of the record.
    Body,
    /// The page title repeated on every section, so a query that names the
    /// page and a word of one section finds that section.
    Context,
}

impl Field {
    /// The weight of one occurrence.
    pub fn weight(self) -> f32 {
        match self {
            Field::Title => 3.0,
            Field::Heading => 2.0,
            Field::Body => 1.0,
            Field::Context => 0.3,
        }
    }
}

/// One place a search can lead to, as a result shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Site-relative URL with the anchor, e.g. `com-02.html#приветствие`.
    pub url: String,
    /// The page's title (a standard's number and title, a term, a checklist).
    pub title: String,
    /// Where on the page: the heading path, or what the record is part of.
    pub section: String,
    /// What it is.
    pub kind: Kind,
    /// The beginning of its text.
    pub excerpt: String,
}

/// A place with the text to index there.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where it leads.
    pub place: Place,
    /// The text to index, by field.
    pub fields: Vec<(Field, String)>,
}

impl Record {
    fn new(url: String, title: &str, section: &str, kind: Kind, text: &str) -> Self {
        Record::of_text(url, title, section, kind, text.to_string())
    }

    fn of_text(url: String, title: &str, section: &str, kind: Kind, text: String) -> Self {
        let place = Place {
            url,
            title: title.to_string(),
            section: section.to_string(),
            kind,
            excerpt: excerpt(&text),
        };
        Record {
            place,
            fields: vec![(Field::Body, text)],
        }
    }

    fn with(mut self, field: Field, text: &str) -> Self {
        self.fields.push((field, text.to_string()));
        self
    }
}

/// Every record of the book except its standards', in a stable order.
pub fn data_records(book: &Book) -> Vec<Record> {
    let mut out = Vec::new();
    term_records(book, &mut out);
    rule_records(book, &mut out);
    appearance_records(book, &mut out);
    checklist_records(book, &mut out);
    out
}

/// The records of one standard: its opening text, then one per heading.
pub fn standard_records(standard: &Standard) -> Vec<Record> {
    let title = format!("{} {}", standard.number, standard.meta.title);
    let mut sections = Sections::new(standard, title);
    let parser = Parser::new_ext(standard.body(), markdown::options());
    for event in parser {
        sections.push(event);
    }
    sections.finish()
}

/// Cuts a standard's event stream into sections at its headings.
struct Sections<'s> {
    standard: &'s Standard,
    title: String,
    /// Headings enclosing the current section: (level, text).
    path: Vec<(u8, String)>,
    anchor: Option<String>,
    text: String,
    heading: Option<String>,
    headings_seen: usize,
    paragraph_start: Option<usize>,
    in_html_block: bool,
    records: Vec<Record>,
}

impl<'s> Sections<'s> {
    fn new(standard: &'s Standard, title: String) -> Self {
        Sections {
            standard,
            title,
            path: Vec::new(),
            anchor: None,
            text: String::new(),
            heading: None,
            headings_seen: 0,
            paragraph_start: None,
            in_html_block: false,
            records: Vec::new(),
        }
    }

    fn push(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.flush();
                self.heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(level)) => self.open_section(level as u8),
            Event::Start(Tag::Paragraph) => self.paragraph_start = Some(self.text.len()),
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::Start(Tag::HtmlBlock) => self.in_html_block = true,
            Event::End(TagEnd::HtmlBlock) => self.in_html_block = false,
            Event::Text(text) | Event::Code(text) => self.write(&text),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => self.write(" "),
            _ => {}
        }
    }

    fn write(&mut self, text: &str) {
        if self.in_html_block {
            return;
        }
        match &mut self.heading {
            Some(heading) => heading.push_str(text),
            None => self.text.push_str(text),
        }
    }

    /// An embed paragraph (`{{phrases}}`) is indexed where its data lives, not here.
    fn end_paragraph(&mut self) {
        if let Some(start) = self.paragraph_start.take()
            && let Some(Target::Embed(_)) = markdown::embed_target(self.text[start..].trim())
        {
            self.text.truncate(start);
        }
        self.text.push(' ');
    }

    fn open_section(&mut self, level: u8) {
        let text = self.heading.take().unwrap_or_default().trim().to_string();
        self.anchor = self
            .standard
            .outline
            .get(self.headings_seen)
            .map(|h| h.id.clone());
        self.headings_seen += 1;
        self.path.retain(|(l, _)| *l < level);
        self.path.push((level, text));
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let first = self.records.is_empty();
        let page = self.standard.page_name();
        let url = match &self.anchor {
            Some(anchor) => format!("{page}#{anchor}"),
            None => page,
        };
        let section: Vec<&str> = self.path.iter().map(|(_, t)| t.as_str()).collect();
        let mut record =
            Record::of_text(url, &self.title, &section.join(" › "), Kind::Standard, text);
        if let Some((_, heading)) = self.path.last() {
            record = record.with(Field::Heading, heading);
        }
        record = if first {
            let summary = self.standard.meta.summary.as_deref().unwrap_or_default();
            record
                .with(Field::Title, &self.title)
                .with(Field::Title, &self.standard.meta.id)
                .with(Field::Body, summary)
        } else {
            record.with(Field::Context, &self.title)
        };
        if first && record.place.excerpt.is_empty() {
            record.place.excerpt =
                excerpt(self.standard.meta.summary.as_deref().unwrap_or_default());
        }
        self.records.push(record);
    }

    fn finish(mut self) -> Vec<Record> {
        self.flush();
        self.records
    }
}

/// What a term's record shows between its aliases, in place of a section
/// (the browser reads them back to rank a query that names an alias first).
const ALIAS_SEPARATOR: &str = " · ";

fn term_records(book: &Book, out: &mut Vec<Record>) {
    for term in &book.terms {
        let url = format!("{}#{}", Page::Glossary.file_name(), term.anchor());
        let aliases = term.aliases.join(ALIAS_SEPARATOR);
        let mut record = Record::new(url, &term.term, &aliases, Kind::Term, &term.definition)
            .with(Field::Title, &term.term);
        for name in term.aliases.iter().chain(&term.forms) {
            record = record.with(Field::Heading, name);
        }
        out.push(record);
    }
}

fn rule_records(book: &Book, out: &mut Vec<Record>) {
    let Some(phrases) = &book.phrases else { return };
    let anchors = rule_anchors(&phrases.rules);
    for (rule, anchor) in phrases.rules.iter().zip(anchors) {
        let instead = rule.instead.join(" · ");
        let shown = if instead.is_empty() {
            rule.why.clone()
        } else {
            format!("→ {instead}")
        };
        let marker = match rule.level {
            PhraseLevel::Forbidden => "✗",
            PhraseLevel::Care => "!",
        };
        let mut record = Record::new(
            format!("{}#{anchor}", Page::Phrases.file_name()),
            &format!("{marker} «{}»", rule.shown()),
            rule.category.as_deref().unwrap_or_default(),
            Kind::Rule,
            &shown,
        )
        .with(Field::Title, rule.shown())
        .with(Field::Body, &rule.why);
        if let Some(category) = &rule.category {
            record = record.with(Field::Context, category);
        }
        out.push(record);
    }
}

fn appearance_records(book: &Book, out: &mut Vec<Record>) {
    let Some(appearance) = &book.appearance else {
        return;
    };
    for role in &appearance.roles {
        for area in &role.areas {
            let items: Vec<&str> = area
                .required
                .iter()
                .chain(&area.allowed)
                .chain(&area.not_allowed)
                .map(String::as_str)
                .collect();
            let record = Record::new(
                format!("{}#role-{}", Page::Appearance.file_name(), role.id),
                &role.title,
                &area.area,
                Kind::Rule,
                &items.join(" · "),
            )
            .with(Field::Heading, &area.area)
            .with(Field::Context, &role.title);
            out.push(record);
        }
    }
}

fn checklist_records(book: &Book, out: &mut Vec<Record>) {
    for checklist in &book.checklists {
        let page = checklist.page_name();
        for (s, section) in checklist.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let text = match item.hint() {
                    Some(hint) => format!("{} — {hint}", item.text()),
                    None => item.text().to_string(),
                };
                let record = Record::new(
                    format!("{page}#{}", checklist.item_anchor(s, i)),
                    &checklist.title,
                    &section.title,
                    Kind::Checklist,
                    &text,
                )
                .with(Field::Heading, item.text())
                .with(Field::Context, &checklist.title);
                out.push(record);
            }
        }
    }
}

/// The first words of `text`, at most [`EXCERPT_CHARS`] characters, cut at a word.
pub fn excerpt(text: &str) -> String {
    // Runs of spaces and line breaks read as one space.
    let mut head = String::new();
    for word in text.split_whitespace() {
        if head.len() > EXCERPT_CHARS * 4 {
            break;
        }
        if !head.is_empty() {
            head.push(' ');
        }
        head.push_str(word);
    }
    let text = head.as_str();
    if text.chars().count() <= EXCERPT_CHARS {
        return head;
    }
    let cut = text
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ', '—']))
}
