//! A standard's Markdown body as HTML.
//!
//! Works on pulldown-cmark's event stream, never on HTML text: headings get
//! the ids the outline gave them, `@ID` and `[[term]]` links and file links are
//! resolved to relative URLs, task lists become interactive checklists, embed
//! paragraphs are replaced by the rendered data, tables are wrapped for narrow
//! screens, and glossary terms in running text are linked.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, TextMergeStream, html};

use super::Renderer;
use super::links::LinkStyle;
use crate::config::RawHtml;
use crate::config::TermLinks;
use crate::language::terms::Segment;
use crate::markdown::html::is_safe_url;
use crate::markdown::{self, Target};
use crate::model::Book;
use crate::model::standard::Standard;
use crate::source::resolve_file;

/// Renders the body of `standard` to HTML.
pub fn render_body(renderer: &Renderer, standard: &Standard) -> String {
    let mut state = BodyState {
        renderer,
        standard,
        heading_index: 0,
        linked_terms: HashSet::new(),
        no_terms_depth: 0,
        paragraph: None,
        author_html: HashSet::new(),
        task_open: false,
        in_code_block: false,
        footnotes: Footnotes::default(),
        heading_above: None,
    };
    let mut events: Vec<Event> = Vec::new();
    // A soft line break is a space to a reader: treating it as text lets a
    // term that wraps across source lines («тайного⏎покупателя») still match.
    let parser = Parser::new_ext(standard.body(), markdown::options()).map(|event| match event {
        Event::SoftBreak => Event::Text("\n".into()),
        other => other,
    });
    for event in TextMergeStream::new(parser) {
        state.push(event, &mut events);
    }
    let events = state.move_footnotes_to_the_end(events);
    let sanitize = renderer.book.config.raw_html == RawHtml::Sanitize;
    if sanitize && !state.author_html.is_empty() {
        let rewrite = |url: &str| raw_html_url(renderer, standard, url);
        return markdown::html::sanitize_body(events, &state.author_html, &rewrite);
    }
    let mut out = String::with_capacity(standard.body().len() * 2);
    html::push_html(&mut out, events.into_iter());
    out
}

struct BodyState<'r, 'b> {
    renderer: &'r Renderer<'b>,
    standard: &'r Standard,
    heading_index: usize,
    linked_terms: HashSet<usize>,
    /// Inside headings, links, images and code no terms are linked.
    no_terms_depth: usize,
    /// A paragraph being held back until we know whether it is an embed.
    paragraph: Option<Vec<Event<'b>>>,
    /// Which of the rendered events are raw HTML the author wrote.
    author_html: HashSet<usize>,
    /// A task-list item's label is open: its text is being written.
    task_open: bool,
    /// Inside a code block, text is kept exactly as written.
    in_code_block: bool,
    /// Footnotes, moved to the end of the body.
    footnotes: Footnotes,
    /// The text of the heading just written, until a block follows it.
    heading_above: Option<String>,
}

/// A body's footnotes: numbered in the order they are first referred to
/// (definitions no reference reaches come last), their definitions' events
/// found where the author wrote them and moved below the text.
#[derive(Default)]
struct Footnotes {
    numbers: HashMap<String, usize>,
    /// Each definition's label and the range of its events in the body.
    definitions: Vec<(String, std::ops::Range<usize>)>,
    /// The definition being read: its label and where its events start.
    open: Option<(String, usize)>,
}

impl Footnotes {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_string()).or_insert(next)
    }
}

impl<'b> BodyState<'_, 'b> {
    fn push(&mut self, event: Event<'b>, out: &mut Vec<Event<'b>>) {
        if let Some(held) = &mut self.paragraph {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                let held = self.paragraph.take().unwrap_or_default();
                self.finish_paragraph(held, out);
            } else {
                held.push(event);
            }
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) => self.paragraph = Some(Vec::new()),
            other => self.transform(other, out),
        }
    }

    fn finish_paragraph(&mut self, held: Vec<Event<'b>>, out: &mut Vec<Event<'b>>) {
        if let [Event::Text(text)] = held.as_slice()
            && let Some(Target::Embed(embed)) = markdown::embed_target(text)
        {
            let above = self.heading_above.take();
            out.push(Event::Html(
                self.renderer.embed(&embed, above.as_deref()).into(),
            ));
            return;
        }
        out.push(Event::Start(Tag::Paragraph));
        for event in held {
            self.transform(event, out);
        }
        self.close_task(out);
        out.push(Event::End(TagEnd::Paragraph));
    }

    /// The body with its footnote definitions taken out of the text and
    /// listed after it, in their numbers' order, each with a link back to
    /// where it is referred to (raw HTML positions follow their events).
    fn move_footnotes_to_the_end(&mut self, events: Vec<Event<'b>>) -> Vec<Event<'b>> {
        let mut definitions = std::mem::take(&mut self.footnotes.definitions);
        if definitions.is_empty() {
            return events;
        }
        let referenced = self.footnotes.numbers.len();
        for (label, _) in &definitions {
            self.footnotes.number(label);
        }
        definitions.sort_by_key(|(label, _)| self.footnotes.numbers[label]);
        let mut slots: Vec<Option<Event<'b>>> = events.into_iter().map(Some).collect();
        let count = slots.len();
        let mut moved_html = HashSet::new();
        let mut out = Vec::with_capacity(count + 3 * definitions.len() + 2);
        let mut take = |i: usize, out: &mut Vec<Event<'b>>| {
            if self.author_html.contains(&i) {
                moved_html.insert(out.len());
            }
            if let Some(event) = slots[i].take() {
                out.push(event);
            }
        };
        let mut in_definition = vec![false; count];
        for (_, range) in &definitions {
            in_definition[range.clone()].fill(true);
        }
        for (i, moved) in in_definition.into_iter().enumerate() {
            if !moved {
                take(i, &mut out);
            }
        }
        out.push(Event::Html(
            "<section class=\"footnotes\" role=\"doc-endnotes\"><ol>\n".into(),
        ));
        for (label, range) in &definitions {
            let n = self.footnotes.numbers[label];
            let note = self.heading_id(&format!("fn:{n}"));
            out.push(Event::Html(
                format!("<li id=\"{note}\" value=\"{n}\">").into(),
            ));
            for i in range.clone() {
                take(i, &mut out);
            }
            if n <= referenced {
                let back = self.heading_id(&format!("fnref:{n}"));
                out.push(Event::Html(
                    format!("<a class=\"footnote-back\" href=\"#{back}\" role=\"doc-backlink\" aria-label=\"↩ {n}\">↩</a>").into(),
                ));
            }
            out.push(Event::Html("</li>\n".into()));
        }
        out.push(Event::Html("</ol></section>\n".into()));
        self.author_html = moved_html;
        out
    }

    /// Ends a task-list item's label where its text ends.
    fn close_task(&mut self, out: &mut Vec<Event<'b>>) {
        if std::mem::take(&mut self.task_open) {
            out.push(Event::InlineHtml("</span></label>".into()));
        }
    }

    fn transform(&mut self, event: Event<'b>, out: &mut Vec<Event<'b>>) {
        if self.task_open && ends_inline_text(&event) {
            self.close_task(out);
        }
        if let Event::End(TagEnd::Heading(_)) = event {
            let heading = self.heading_index.checked_sub(1);
            self.heading_above = heading
                .and_then(|i| self.standard.outline.get(i))
                .map(|h| h.text.clone());
        } else {
            self.heading_above = None;
        }
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let id = self
                    .standard
                    .outline
                    .get(self.heading_index)
                    .map(|h| self.heading_id(&h.id));
                self.heading_index += 1;
                if self.renderer.book.config.term_links == TermLinks::Section {
                    self.linked_terms.clear();
                }
                self.no_terms_depth += 1;
                // Only an id and classes: other attributes could carry script.
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: id.map(CowStr::from),
                    classes,
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.no_terms_depth = self.no_terms_depth.saturating_sub(1);
                if let Some(heading) = self.standard.outline.get(self.heading_index - 1) {
                    let mut anchor = String::from(" <a class=\"heading-anchor\" href=\"#");
                    super::escape_attr(&mut anchor, &self.heading_id(&heading.id));
                    anchor.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
                    out.push(Event::InlineHtml(anchor.into()));
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.no_terms_depth += 1;
                out.push(self.link_start(link_type, dest_url, title, id));
            }
            Event::End(TagEnd::Link) => {
                self.no_terms_depth = self.no_terms_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.no_terms_depth += 1;
                let dest_url = match self.file_target(&dest_url) {
                    Some(FileTarget::Standard(target, fragment)) => {
                        CowStr::from(self.renderer.links.standard(&target.meta.id, fragment))
                    }
                    Some(FileTarget::Asset(url)) => CowStr::from(url),
                    None if is_safe_url(&dest_url) => dest_url,
                    None => CowStr::from(""),
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.no_terms_depth = self.no_terms_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.no_terms_depth += 1;
                out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.no_terms_depth = self.no_terms_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Table(alignments)) => {
                // It scrolls sideways on a phone: keyboard users can scroll it too.
                out.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                ));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>".into()));
            }
            Event::FootnoteReference(label) => {
                let n = self.footnotes.number(&label);
                let (note, back) = (
                    self.heading_id(&format!("fn:{n}")),
                    self.heading_id(&format!("fnref:{n}")),
                );
                out.push(Event::InlineHtml(
                    format!("<sup class=\"footnote-ref\"><a href=\"#{note}\" id=\"{back}\">{n}</a></sup>").into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnotes.open = Some((label.to_string(), out.len()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, start)) = self.footnotes.open.take() {
                    self.footnotes.definitions.push((label, start..out.len()));
                }
            }
            Event::TaskListMarker(checked) => {
                // The item's text labels its box: one click target, one accessible name.
                let checked = if checked { " checked" } else { "" };
                out.push(Event::InlineHtml(
                    format!(
                        "<label class=\"task\"><input type=\"checkbox\" class=\"check-item\"{checked}><span class=\"task-text\">"
                    )
                    .into(),
                ));
                self.task_open = true;
            }
            Event::Text(text) if !self.in_code_block => {
                let language = self.renderer.book.config.language;
                let tied = match crate::language::typography::tie(&text, language) {
                    std::borrow::Cow::Owned(tied) => Some(tied),
                    std::borrow::Cow::Borrowed(_) => None,
                };
                let text = tied.map_or(text, CowStr::from);
                let linking = self.renderer.book.config.term_links != TermLinks::Off;
                if self.no_terms_depth == 0 && linking {
                    self.link_terms(text, out);
                } else {
                    out.push(Event::Text(text));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.author_html.insert(out.len());
                out.push(event);
            }
            other => out.push(other),
        }
    }

    fn link_start(
        &self,
        link_type: LinkType,
        dest_url: CowStr<'b>,
        title: CowStr<'b>,
        id: CowStr<'b>,
    ) -> Event<'b> {
        let dest = match markdown::link_target(link_type, &dest_url) {
            Some(Target::Standard { id: target, anchor }) => {
                return self.standard_link(&target, anchor.as_deref(), title, id);
            }
            Some(Target::Term(name)) => match self.renderer.book.term(&name) {
                Some(term) => {
                    return Event::InlineHtml(self.renderer.term_link_open(term).into());
                }
                None => dest_url.to_string(),
            },
            Some(Target::File(path)) => match self.file_target(&path) {
                Some(FileTarget::Standard(target, fragment)) => {
                    return self.standard_link(&target.meta.id, fragment, title, id);
                }
                Some(FileTarget::Asset(url)) => url,
                None => dest_url.to_string(),
            },
            Some(Target::Page(url)) => {
                let (page, anchor) = split_fragment(&url);
                let stem = page.strip_suffix(".html").unwrap_or(page);
                if let Some(target) = self.renderer.book.standard(stem) {
                    return self.standard_link(&target.meta.id, anchor, title, id);
                }
                self.renderer.links.book_page(&url)
            }
            Some(Target::Anchor(anchor)) => {
                format!("#{}", self.heading_id(&anchor))
            }
            Some(Target::UnsafeUrl(_)) => String::new(),
            None if link_type == LinkType::Email => mailto(&dest_url),
            _ => dest_url.to_string(),
        };
        Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: dest.into(),
            title,
            id,
        })
    }

    /// The opening of a link to standard `target` (or a heading in it). On the
    /// one-page print version it carries the standard's id, which print shows.
    fn standard_link(
        &self,
        target: &str,
        anchor: Option<&str>,
        title: CowStr<'b>,
        id: CowStr<'b>,
    ) -> Event<'b> {
        let links = self.renderer.links;
        let url = links.standard(target, anchor);
        if links == LinkStyle::Site {
            return Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: url.into(),
                title,
                id,
            });
        }
        let shown = self
            .renderer
            .book
            .standard(target)
            .map_or(target, |s| &s.meta.id);
        let mut html = String::from("<a href=\"");
        super::escape_attr(&mut html, &url);
        html.push_str("\" data-target=\"");
        super::escape_attr(&mut html, shown);
        if !title.is_empty() {
            html.push_str("\" title=\"");
            super::escape_attr(&mut html, &title);
        }
        html.push_str("\">");
        Event::InlineHtml(html.into())
    }

    /// What a file link names: another standard (and a heading in it), or
    /// a copied asset's site URL; `None` when the file is not in the book.
    fn file_target<'l>(&self, link: &'l str) -> Option<FileTarget<'b, 'l>> {
        file_target(self.renderer.book, self.standard, link)
    }

    /// The id a heading of this standard gets on the page being rendered.
    fn heading_id(&self, heading: &str) -> String {
        self.renderer
            .links
            .heading_id(&self.standard.meta.id, heading)
    }

    fn link_terms(&mut self, text: CowStr<'b>, out: &mut Vec<Event<'b>>) {
        let segments = self.renderer.terms.split(&text, &mut self.linked_terms);
        if let [Segment::Plain(_)] | [] = segments.as_slice() {
            out.push(Event::Text(text));
            return;
        }
        for segment in segments {
            match segment {
                Segment::Plain(plain) => out.push(Event::Text(plain.to_string().into())),
                Segment::Term(word, index) => {
                    let term = &self.renderer.book.terms[index];
                    let mut link = self.renderer.term_link_open(term);
                    html::push_html(&mut link, std::iter::once(Event::Text(word.into())));
                    link.push_str("</a>");
                    out.push(Event::InlineHtml(link.into()));
                }
            }
        }
    }
}

/// What `link` in `standard` names: another standard of `book` (and a
/// heading in it), or a copied asset's site URL; `None` when the file is not
/// in the book.
fn file_target<'b, 'l>(
    book: &'b Book,
    standard: &Standard,
    link: &'l str,
) -> Option<FileTarget<'b, 'l>> {
    let (path, fragment) = split_fragment(link);
    let resolved = resolve_file(&standard.path, path)?;
    if let Some(target) = book.standard_at(&resolved) {
        return Some(FileTarget::Standard(target, fragment));
    }
    let mut url = resolved.to_string_lossy().replace('\\', "/");
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    Some(FileTarget::Asset(url))
}

/// A relative URL in the author's raw HTML as the page needs it: a file of
/// the book (`../assets/logo.png`) becomes its site URL, like a Markdown
/// link's; anything else stays as written.
fn raw_html_url(renderer: &Renderer, standard: &Standard, url: &str) -> Option<String> {
    if url.starts_with('#') || url.starts_with('/') {
        return None;
    }
    match file_target(renderer.book, standard, url)? {
        FileTarget::Standard(target, fragment) => {
            Some(renderer.links.standard(&target.meta.id, fragment))
        }
        FileTarget::Asset(url) => Some(url),
    }
}

/// What a link to a file of the book names.
enum FileTarget<'s, 'l> {
    /// Another standard, and a heading in it.
    Standard(&'s Standard, Option<&'l str>),
    /// A copied asset, by its site URL.
    Asset(String),
}

/// A link's path and its `#fragment`, if any.
fn split_fragment(link: &str) -> (&str, Option<&str>) {
    match link.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (link, None),
    }
}

/// The URL of an e-mail autolink (`<team@example.com>`).
pub(crate) fn mailto(address: &str) -> String {
    match address.starts_with("mailto:") {
        true => address.to_string(),
        false => format!("mailto:{address}"),
    }
}

/// Whether `event` starts or ends a block, which ends the inline text before it.
fn ends_inline_text(event: &Event) -> bool {
    match event {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Rule => true,
        _ => false,
    }
}
