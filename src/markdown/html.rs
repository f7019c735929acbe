//! Raw HTML in a standard, and where a link may point.
//!
//! A book arrives through merge requests from many editors, so what it
//! writes into pages is untrusted. Links and images may use `http`, `https`,
//! `mailto`, `tel` or a relative URL ([`is_safe_url`]). Raw HTML goes through
//! ammonia's allowlist ([`sanitize_body`]) unless `standbook.yaml` says
//! `raw_html: trust`: what a standards book uses (tables, `details`/`summary`,
//! `kbd`, `sub`/`sup`, `br`, images) stays; scripts, styles, event handlers,
//! forms and unsafe URLs go. [`findings`] tells the check stage what the
//! sanitizer will drop, with the same allowlist, so each drop is a warning at
//! its place.
//!
//! The body is sanitized as a whole, so an element the author opens in one
//! HTML block and closes in another (`<details>` around Markdown) keeps its
//! structure; the HTML standbook generates around it (paragraphs, term links,
//! checkboxes, embeds) is set aside in slots first and put back after, so the
//! sanitizer never touches it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::Event;

/// URL schemes a link, image or raw HTML attribute may use.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Elements whose content the tokenizer reads as text until their end tag:
/// one left open would swallow the rest of the body.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// The element that holds standbook's own HTML while the author's is sanitized.
const SLOT: &str = "standbook-slot";

/// The scheme of `url` as a browser reads it (tabs and line breaks removed,
/// leading spaces and control characters ignored), lowercased; `None` for a
/// relative URL.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Whether a link or image may point at `url`: relative, or one of [`SAFE_SCHEMES`].
pub fn is_safe_url(url: &str) -> bool {
    scheme(url).is_none_or(|s| SAFE_SCHEMES.contains(&s.as_str()))
}

/// The allowlist: ammonia's defaults (a standards book's tables, lists,
/// `details`, `kbd`, `sub`, `sup`, images…), `class`, `role` and `aria-*`
/// (accessibility) on any element, only
/// [`SAFE_SCHEMES`], and no `rel` added to links. With `slot_prefix`, also
/// the slot element, keeping only marks that start with it.
fn policy<'a>(slot_prefix: Option<String>) -> ammonia::Builder<'a> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(SAFE_SCHEMES.iter().copied().collect())
        .add_generic_attributes(["class", "role"])
        .add_generic_attribute_prefixes(["aria-"])
        .link_rel(None);
    if let Some(prefix) = slot_prefix {
        builder
            .add_tags([SLOT])
            .add_tag_attributes(SLOT, ["data-slot"])
            .attribute_filter(move |element, attribute, value| {
                let forged =
                    element == SLOT && attribute == "data-slot" && !value.starts_with(&prefix);
                (!forged).then(|| value.into())
            });
    }
    builder
}

/// Renders a body's events to HTML, sanitizing the raw HTML the author wrote
/// (the events at the indexes in `author`) with the allowlist and keeping
/// standbook's own HTML as it is.
///
/// Relative URLs in the author's HTML go through `rewrite` (a file of the
/// book to its URL on the site); `None` keeps one as written.
pub fn sanitize_body(
    events: Vec<Event<'_>>,
    author: &HashSet<usize>,
    rewrite: &(dyn Fn(&str) -> Option<String> + Sync),
) -> String {
    let nonce = nonce();
    let (begin, end) = (format!("\u{fdd0}{nonce}<"), format!("\u{fdd0}{nonce}>"));
    let marked = events
        .into_iter()
        .enumerate()
        .flat_map(|(i, event)| match author.contains(&i) {
            true => vec![
                Event::Html(begin.clone().into()),
                event,
                Event::Html(end.clone().into()),
            ],
            false => vec![event],
        });
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, marked);
    let mut slots = Vec::new();
    let mut document = String::with_capacity(rendered.len());
    // The author's HTML between two pieces of ours (an HTML block comes a line at a time).
    let mut run = String::new();
    let mut rest = rendered.as_str();
    loop {
        let (ours, next) = match rest.find(&begin) {
            Some(start) => (&rest[..start], Some(start)),
            None => (rest, None),
        };
        if !ours.is_empty() || next.is_none() {
            document.push_str(&neutralize(&run));
            run.clear();
            push_slot(&mut document, &mut slots, ours, nonce);
        }
        let Some(start) = next else { break };
        let after = &rest[start + begin.len()..];
        let stop = after.find(&end).unwrap_or(after.len());
        run.push_str(&after[..stop]);
        rest = after.get(stop + end.len()..).unwrap_or_default();
    }
    let mut policy = policy(Some(format!("{nonce}-")));
    policy.url_relative(ammonia::UrlRelative::Custom(Box::new(BookUrls(rewrite))));
    let clean = policy.clean(&document).to_string();
    fill_slots(&clean, &slots, nonce)
}

/// Relative URLs rewritten by a function of the render (see [`sanitize_body`]).
struct BookUrls<'r>(&'r (dyn Fn(&str) -> Option<String> + Sync));

impl<'a, 'r: 'a> ammonia::UrlRelativeEvaluate<'a> for BookUrls<'r> {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        Some(self.0(url).map_or(Cow::Borrowed(url), Cow::Owned))
    }
}

/// A number no book can guess, so a slot written by an author is never filled.
fn nonce() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // Every RandomState is keyed from the system's randomness.
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

fn push_slot(document: &mut String, slots: &mut Vec<String>, html: &str, nonce: u64) {
    if html.is_empty() {
        return;
    }
    document.push_str(&format!(
        "<{SLOT} data-slot=\"{nonce}-{}\"></{SLOT}>",
        slots.len()
    ));
    slots.push(html.to_string());
}

/// Puts standbook's HTML back where its slots are; slots it did not make are dropped.
fn fill_slots(clean: &str, slots: &[String], nonce: u64) -> String {
    let mut out = String::with_capacity(clean.len() + slots.iter().map(String::len).sum::<usize>());
    let open = format!("<{SLOT}");
    let close = format!("</{SLOT}>");
    let mark = format!(" data-slot=\"{nonce}-");
    let mut rest = clean;
    while let Some(start) = rest.find(&open) {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let Some(stop) = tag.find(&close) else {
            rest = "";
            break;
        };
        let number = tag[open.len()..stop]
            .strip_prefix(&mark)
            .and_then(|n| n.split('"').next())
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(slot) = number.and_then(|n| slots.get(n)) {
            out.push_str(slot);
        }
        rest = &tag[stop + close.len()..];
    }
    out.push_str(rest);
    out
}

/// Shows as text what would make the tokenizer swallow the rest of the
/// body: a comment or a raw-text element (`<textarea>`, `<script>`, …)
/// opened in this piece of HTML and not closed in it.
pub fn neutralize(html: &str) -> Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    let mut unsafe_at = Vec::new();
    if let Some(at) = lower.find("<!--")
        && !lower[at + 4..].contains("-->")
    {
        unsafe_at.push(at);
    }
    for (at, _) in lower.match_indices('<') {
        if let Some(name) = RAW_TEXT.iter().find(|name| opens(&lower[at + 1..], name))
            && !lower[at..].contains(&format!("</{name}"))
        {
            unsafe_at.push(at);
        }
    }
    if unsafe_at.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 4 * unsafe_at.len());
    for (at, c) in html.char_indices() {
        match c == '<' && unsafe_at.contains(&at) {
            true => out.push_str("&lt;"),
            false => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` (after a `<`) starts with the tag name `name`.
fn opens(text: &str, name: &str) -> bool {
    text.strip_prefix(name).is_some_and(|rest| {
        rest.chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// Something the sanitizer drops from a piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the piece of HTML.
    pub offset: usize,
    /// Byte length of what is dropped (at least one).
    pub len: usize,
    /// What is dropped and why.
    pub message: String,
}

/// What the sanitizer drops from `html` (one raw HTML block or inline tag),
/// in order: elements, attributes and URLs the allowlist does not have, and
/// what [`neutralize`] shows as text.
pub fn findings(html: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    if let Cow::Owned(_) = neutralize(html) {
        let at = html.find('<').unwrap_or(0);
        found.push(Finding {
            offset: at,
            len: 1,
            message: "an HTML comment or <script>, <style>, <textarea>, <title> or <iframe> \
                      element that is never closed: shown as text so it cannot hide the rest of the page"
                .into(),
        });
    }
    let sink = Collector::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let tags = tokenizer.sink.tags.take();
    let policy = Allowlist::get();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    for (line, tag) in tags {
        let line_start = nth_line_start(html, line);
        let needle = format!("<{}", tag.name);
        let search_from = from.max(line_start);
        let place = lower[search_from..].find(&needle).map(|i| search_from + i);
        if let Some(at) = place {
            // Just past the `<`, so the next tag is looked for after this one.
            from = at + 1;
        }
        let offset = place.unwrap_or(line_start);
        found.extend(policy.check(&tag).into_iter().map(|message| Finding {
            offset,
            len: needle.len(),
            message,
        }));
    }
    found
}

fn nth_line_start(text: &str, line: u64) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line as usize - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// A start tag the tokenizer read: name and attributes, lowercased.
#[derive(Debug)]
struct StartTag {
    name: String,
    attributes: Vec<(String, String)>,
}

#[derive(Default)]
struct Collector {
    tags: std::cell::RefCell<Vec<(u64, StartTag)>>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            self.tags.borrow_mut().push((
                line,
                StartTag {
                    name: tag.name.to_string(),
                    attributes: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                },
            ));
        }
        TokenSinkResult::Continue
    }
}

/// The allowlist of [`policy`], read back from it so the warnings and the
/// sanitizer never disagree.
struct Allowlist {
    tags: HashSet<&'static str>,
    removed_with_content: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    generic_prefixes: HashSet<&'static str>,
    per_tag: HashMap<&'static str, HashSet<&'static str>>,
}

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "longdesc", "action", "srcset"];

impl Allowlist {
    fn get() -> &'static Allowlist {
        static LIST: LazyLock<Allowlist> = LazyLock::new(|| {
            let policy = policy(None);
            Allowlist {
                tags: policy.clone_tags(),
                removed_with_content: policy.clone_clean_content_tags(),
                generic: policy.clone_generic_attributes(),
                generic_prefixes: policy
                    .clone_generic_attribute_prefixes()
                    .unwrap_or_default(),
                per_tag: policy.clone_tag_attributes(),
            }
        });
        &LIST
    }

    /// Why the sanitizer drops (part of) `tag`, one message per drop.
    fn check(&self, tag: &StartTag) -> Vec<String> {
        let name = tag.name.as_str();
        if self.removed_with_content.contains(name) {
            return vec![format!("<{name}> is removed with its content")];
        }
        if !self.tags.contains(name) {
            return vec![format!(
                "<{name}> is not allowed in a standard and is removed (its text stays)"
            )];
        }
        tag.attributes
            .iter()
            .filter_map(|(attribute, value)| self.attribute_drop(name, attribute, value))
            .collect()
    }

    fn attribute_drop(&self, tag: &str, attribute: &str, value: &str) -> Option<String> {
        let allowed = self.generic.contains(attribute)
            || self
                .generic_prefixes
                .iter()
                .any(|p| attribute.starts_with(p))
            || self.per_tag.get(tag).is_some_and(|a| a.contains(attribute));
        if !allowed {
            let what = match attribute.starts_with("on") {
                true => "event handlers run script and are",
                false => "this attribute is",
            };
            return Some(format!(
                "`{attribute}` on <{tag}> is removed: {what} not allowed in a standard"
            ));
        }
        (URL_ATTRIBUTES.contains(&attribute) && !is_safe_url(value)).then(|| {
            format!(
                "`{attribute}` on <{tag}> is removed: a link may use only http, https, mailto, tel or a relative URL"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, TextMergeStream};

    fn sanitized(markdown: &str) -> String {
        let events: Vec<Event> =
            TextMergeStream::new(Parser::new_ext(markdown, super::super::options())).collect();
        let author = events
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
            .map(|(i, _)| i)
            .collect();
        sanitize_body(events, &author, &|url| {
            url.strip_prefix("../").map(str::to_string)
        })
    }

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "\u{1}javascript:x",
            "data:text/html,<script>",
            "vbscript:msgbox",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
        for good in [
            "https://example.com",
            "mailto:a@b.c",
            "tel:+380441234567",
            "../assets/a.png",
            "page.html#a:b",
            "#x",
            "/abs",
        ] {
            assert!(is_safe_url(good), "{good:?}");
        }
    }

    #[test]
    fn details_around_markdown_keep_their_structure_and_scripts_go() {
        let html = sanitized(
            "<details>\n<summary>Подробнее</summary>\n\nТекст **жирный**.\n\n</details>\n\n\
             <script>alert(1)</script>\n\n<p onclick=\"x()\" style=\"position:fixed\">a</p>\n\n\
             <a href=\"javascript:alert(1)\">b</a> <img src=\"x.png\" onerror=\"x()\">\n",
        );
        assert!(
            html.contains("<details>\n<summary>Подробнее</summary>"),
            "{html}"
        );
        assert!(
            html.contains("<p>Текст <strong>жирный</strong>.</p>"),
            "{html}"
        );
        assert!(html.contains("</details>"), "{html}");
        for gone in [
            "<script",
            "alert",
            "onclick",
            "position",
            "javascript",
            "onerror",
        ] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("<img src=\"x.png\">"), "{html}");
        let html = sanitized("<img src=\"../assets/a.png\" alt=\"a\">\n");
        assert!(
            html.contains("<img src=\"assets/a.png\" alt=\"a\">"),
            "{html}"
        );
    }

    #[test]
    fn an_unclosed_comment_or_textarea_swallows_nothing() {
        let html = sanitized("До.\n\n<!-- не закрыт\n\nПосле.\n");
        assert!(html.contains("После."), "{html}");
        let html = sanitized("До <textarea> и\n\nпосле **всё**.\n");
        assert!(html.contains("<strong>всё</strong>"), "{html}");
        assert!(!html.contains("<textarea"), "{html}");
    }

    #[test]
    fn an_authors_slot_is_never_filled() {
        let html = sanitized("<standbook-slot data-slot=\"0-0\"></standbook-slot>\n\nТекст\n");
        assert!(!html.contains("standbook-slot"), "{html}");
        assert!(html.contains("<p>Текст</p>"), "{html}");
    }

    #[test]
    fn findings_name_each_drop_at_its_tag() {
        let html = "<div>\n<p onclick=\"x()\">a</p>\n<script>x()</script>\n<a href=\"data:text/html,x\">b</a>\n</div>";
        let found = findings(html);
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{messages:?}");
        assert!(messages[0].contains("onclick"));
        assert_eq!(&html[found[0].offset..found[0].offset + 2], "<p");
        assert!(messages[1].contains("<script>"));
        assert!(messages[2].contains("href"));
        assert!(findings("<details><summary>a</summary></details><kbd>Ctrl</kbd><br>").is_empty());
        // A line that starts with a wide character, where the tag is not found as written.
        let odd = "<p oncli\n\u{5e4db}ck=\"x()\">a</p> <script>x</script>";
        assert_eq!(findings(odd).len(), 3, "{:?}", findings(odd));
    }
}
