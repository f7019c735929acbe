//! The book's Markdown dialect: CommonMark + GFM plus our link and embed syntax.
//!
//! - `[text](@COM-02)` and `[text](@COM-02#anchor)` link a standard by id;
//! - `[[Клиент]]` links a glossary term;
//! - a paragraph that is only `{{phrases}}`, `{{appearance role=…}}` or
//!   `{{checklist id=…}}` embeds the book's structured data.
//!
//! This module scans a standard's body for its outline (headings with ids) and
//! everything it refers to, so the check stage can validate references before
//! anything is rendered. The renderer uses the same parser options and ids.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};
use serde::Serialize;

pub mod html;

/// Parser options shared by every stage that reads Markdown.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Turns heading text into an id: lowercase letters (Cyrillic kept) and digits, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c }));
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Makes ids unique within a page by appending `-2`, `-3`, …, in time
/// linear in the number of ids: each base remembers the next suffix to try.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: HashSet<String>,
    next_suffix: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator that already knows ids used elsewhere on the page.
    pub fn with_reserved(ids: &[&str]) -> Self {
        IdAllocator {
            used: ids.iter().map(|s| s.to_string()).collect(),
            next_suffix: Default::default(),
        }
    }

    /// A unique id based on `base`.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(2);
        loop {
            let id = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// A heading of a standard, with the id its anchor gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    /// The anchor id.
    pub id: String,
}

/// What a link or embed in a standard points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another standard by id, optionally an anchor in it.
    Standard {
        /// The standard's id.
        id: String,
        /// An anchor on its page.
        anchor: Option<String>,
    },
    /// An anchor on the same page.
    Anchor(String),
    /// A glossary term (`[[term]]`).
    Term(String),
    /// A file of the book, relative to the standard (image, attachment or another `.md`).
    File(String),
    /// A page of the built site by file name, such as `glossary.html` or `checklist-shift.html#s2`.
    Page(String),
    /// Embedded structured data.
    Embed(Embed),
    /// An embed that could not be read.
    BadEmbed(String),
    /// A link or image URL with a scheme a page must not follow
    /// (`javascript:`, `data:`, …; see [`html::is_safe_url`]).
    UnsafeUrl(String),
}

/// Structured data embedded in a standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embed {
    /// The communication rules, optionally one category of them.
    Phrases {
        /// Only rules of this category.
        category: Option<String>,
    },
    /// The appearance rules of one role.
    Appearance {
        /// The role's id.
        role: String,
    },
    /// One checklist.
    Checklist {
        /// The checklist's id.
        id: String,
    },
}

/// A reference from a standard's body, with its byte range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What it points at.
    pub target: Target,
    /// Where it is in the body.
    pub range: Range<usize>,
}

/// The outline and references of a standard's body.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Headings in document order, with unique ids.
    pub outline: Vec<Heading>,
    /// Links and embeds to validate.
    pub references: Vec<Reference>,
    /// Plain text of the body (for search and summaries).
    pub word_count: usize,
    /// Byte ranges of the raw HTML the body holds (blocks and inline tags).
    pub raw_html: Vec<Range<usize>>,
    /// Byte ranges of headings with attributes other than an id and classes
    /// (`{#x onclick=…}`), which are left out.
    pub heading_attributes: Vec<Range<usize>>,
}

/// Reads the outline and references of a Markdown body.
pub fn scan(body: &str) -> Scan {
    let mut scan = Scan::default();
    let mut ids = IdAllocator::default();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut paragraph: Option<(usize, String)> = None;
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    for (event, range) in TextMergeWithOffset::new(parser) {
        match event {
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => {
                if !attrs.is_empty() {
                    scan.heading_attributes.push(range);
                }
                heading = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = heading.take() {
                    let base = explicit.map_or_else(|| slugify(&text), |e| heading_anchor(&e));
                    let id = ids.unique(&base);
                    scan.outline.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        id,
                    });
                }
            }
            Event::Start(Tag::Paragraph) => paragraph = Some((range.start, String::new())),
            Event::End(TagEnd::Paragraph) => {
                if let Some((start, text)) = paragraph.take()
                    && let Some(target) = embed_target(&text)
                {
                    scan.references.push(Reference {
                        target,
                        range: start..range.end,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if let Some(target) = link_target(link_type, &dest_url) {
                    scan.references.push(Reference { target, range });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(target) = link_target(LinkType::Inline, &dest_url) {
                    scan.references.push(Reference { target, range });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&text);
                }
                if let Some((_, p)) = paragraph.as_mut() {
                    p.push_str(&text);
                }
                scan.word_count += text.split_whitespace().count();
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // An HTML block comes a line at a time: its lines make one range.
                match scan.raw_html.last_mut() {
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => scan.raw_html.push(range),
                }
                if let Some((_, p)) = paragraph.as_mut() {
                    p.push('\u{0}');
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, p)) = paragraph.as_mut() {
                    p.push('\u{0}');
                }
            }
            _ => {}
        }
    }
    scan
}

/// A block's running text (a paragraph, heading, list item or table cell),
/// as a copy of the body's bytes from `offset` in which everything but text —
/// markup, link targets, code, HTML, struck-out text — is blanked with spaces,
/// so positions in it are positions in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseBlock {
    /// Byte offset of the block's first text in the body.
    pub offset: usize,
    /// The block's text with non-text blanked.
    pub text: String,
}

/// The running text of a Markdown body, block by block, for checks that read
/// what a reader reads (term usage, communication rules).
pub fn prose_blocks(body: &str) -> Vec<ProseBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<ProseBlock> = None;
    // Inside struck-out text or a code block.
    let mut hidden = 0usize;
    let mut flush = |current: &mut Option<ProseBlock>| {
        if let Some(block) = current.take() {
            blocks.push(block);
        }
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Strikethrough) => hidden += 1,
            Event::End(TagEnd::Strikethrough) => hidden = hidden.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => {
                hidden += 1;
                flush(&mut current);
            }
            Event::End(TagEnd::CodeBlock) => hidden = hidden.saturating_sub(1),
            Event::Text(_) if hidden == 0 => {
                let block = current.get_or_insert_with(|| ProseBlock {
                    offset: range.start,
                    text: String::new(),
                });
                let blank_from = block.offset + block.text.len();
                push_blank(
                    &mut block.text,
                    &body[blank_from.min(range.start)..range.start],
                );
                block.text.push_str(&body[range]);
            }
            Event::Start(tag) if is_block(&tag) => flush(&mut current),
            Event::End(tag) if is_block_end(&tag) => flush(&mut current),
            _ => {}
        }
    }
    flush(&mut current);
    blocks
}

/// Appends `markup` as blank space of the same byte length, keeping its line breaks.
fn push_blank(out: &mut String, markup: &str) {
    for c in markup.chars() {
        match c {
            '\n' => out.push('\n'),
            _ => (0..c.len_utf8()).for_each(|_| out.push(' ')),
        }
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::HtmlBlock
    )
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Classifies a link destination; `None` for external links and in-page `#top`.
pub fn link_target(link_type: LinkType, dest: &str) -> Option<Target> {
    match link_type {
        LinkType::WikiLink { .. } => return Some(Target::Term(dest.trim().to_string())),
        // `<team@example.com>`: an address, whatever it looks like.
        LinkType::Email => return None,
        _ => {}
    }
    if let Some(rest) = dest.strip_prefix('@') {
        let (id, anchor) = match rest.split_once('#') {
            Some((id, anchor)) => (id, Some(heading_anchor(anchor))),
            None => (rest, None),
        };
        return Some(Target::Standard {
            id: id.to_string(),
            anchor,
        });
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(Target::Anchor(heading_anchor(anchor)));
    }
    if !html::is_safe_url(dest) {
        return Some(Target::UnsafeUrl(dest.to_string()));
    }
    if dest.is_empty() || dest.contains(':') || dest.starts_with('/') {
        return None;
    }
    let path = dest.split('#').next().unwrap_or_default();
    if path.ends_with(".html") && !path.contains('/') {
        return Some(Target::Page(dest.to_string()));
    }
    Some(Target::File(dest.to_string()))
}

/// An anchor as written in a link or a `{#id}`, read as [`slugify`] writes
/// heading ids: `ё` is `е`, so `#кого-мы-берём` finds the heading «Кого мы берём».
fn heading_anchor(anchor: &str) -> String {
    anchor.replace('ё', "е").replace('Ё', "Е")
}

/// Reads a paragraph that is only `{{name key=value …}}` as an embed.
/// Values may be quoted (`category="Отказ без решения"`), also with typographic quotes.
pub fn embed_target(paragraph: &str) -> Option<Target> {
    let inner = paragraph
        .trim()
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .trim();
    let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let args = embed_args(rest);
    let arg = |key: &str| args.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let embed = match name {
        "phrases" => Embed::Phrases {
            category: arg("category"),
        },
        "appearance" => match arg("role") {
            Some(role) => Embed::Appearance { role },
            None => return Some(Target::BadEmbed("`{{appearance}}` needs `role=…`".into())),
        },
        "checklist" => match arg("id") {
            Some(id) => Embed::Checklist { id },
            None => return Some(Target::BadEmbed("`{{checklist}}` needs `id=…`".into())),
        },
        other => return Some(Target::BadEmbed(format!("unknown embed `{{{{{other}}}}}`"))),
    };
    Some(Target::Embed(embed))
}

/// Splits `key=value key="quoted value"` into pairs.
fn embed_args(text: &str) -> Vec<(String, String)> {
    const OPEN: &[char] = &['"', '“', '«', '„'];
    const CLOSE: &[char] = &['"', '”', '»', '“'];
    let mut args = Vec::new();
    let mut rest = text.trim_start();
    while let Some((key, after)) = rest.split_once('=') {
        let after = after.trim_start();
        let (value, remaining) = match after.strip_prefix(OPEN) {
            Some(quoted) => match quoted.find(CLOSE) {
                Some(end) => (
                    &quoted[..end],
                    &quoted[end + quoted[end..].chars().next().map_or(1, char::len_utf8)..],
                ),
                None => (quoted, ""),
            },
            None => after.split_once(char::is_whitespace).unwrap_or((after, "")),
        };
        args.push((key.trim().to_string(), value.to_string()));
        rest = remaining.trim_start();
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_blocks_keep_text_in_place_and_blank_the_rest() {
        let body =
            "# Шаг *один*\n\nСм. [правила](@COM-01), `код` и ~~старое~~.\n\n```\nвы должны\n```\n";
        let blocks = prose_blocks(body);
        assert_eq!(blocks.len(), 2);
        for block in &blocks {
            let original = &body.as_bytes()[block.offset..block.offset + block.text.len()];
            let kept = block.text.bytes().zip(original);
            assert!(kept.filter(|(b, _)| *b != b' ').all(|(b, o)| b == *o));
        }
        assert_eq!(blocks[0].text, "Шаг  один");
        assert_eq!(
            blocks[1].text.split_whitespace().collect::<Vec<_>>(),
            ["См.", "правила", ",", "и", "."]
        );
    }

    #[test]
    fn slugs_keep_cyrillic() {
        assert_eq!(
            slugify("Работа с недовольным клиентом"),
            "работа-с-недовольным-клиентом"
        );
        assert_eq!(slugify("Шаг 1: «Выслушайте»!"), "шаг-1-выслушайте");
        assert_eq!(slugify("Ёлка"), "елка");
    }

    #[test]
    fn scan_finds_headings_links_and_embeds() {
        let body = "# Цели\n\nСм. [правила](@COM-02#шаг-1) и [[Клиент]].\n\n## Цели\n\n{{checklist id=shift}}\n\n![](../assets/a.png)\n";
        let scan = scan(body);
        let ids: Vec<_> = scan.outline.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["цели", "цели-2"]);
        let targets: Vec<_> = scan.references.iter().map(|r| r.target.clone()).collect();
        assert_eq!(
            targets,
            [
                Target::Standard {
                    id: "COM-02".into(),
                    anchor: Some("шаг-1".into())
                },
                Target::Term("Клиент".into()),
                Target::Embed(Embed::Checklist { id: "shift".into() }),
                Target::File("../assets/a.png".into()),
            ]
        );
        let link = &scan.references[0];
        assert_eq!(&body[link.range.clone()], "[правила](@COM-02#шаг-1)");
    }

    #[test]
    fn bad_embeds_are_reported() {
        assert!(matches!(
            embed_target("{{glossary}}"),
            Some(Target::BadEmbed(_))
        ));
        assert!(embed_target("not {{phrases}} alone").is_none());
        assert_eq!(
            embed_target("{{phrases category=“Отказ без решения”}}"),
            Some(Target::Embed(Embed::Phrases {
                category: Some("Отказ без решения".into())
            }))
        );
        assert_eq!(
            embed_target("{{appearance role=cashier}}"),
            Some(Target::Embed(Embed::Appearance {
                role: "cashier".into()
            }))
        );
    }
}
