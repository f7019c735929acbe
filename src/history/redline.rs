//! Redline: which words changed between versions of a standard.
//!
//! Each version's text is read as a reader sees it — blocks (headings,
//! paragraphs, list items, table rows) of words and punctuation ([`tokens`]).
//! The versions are then woven together, oldest first, the way SCCS kept
//! files: one sequence holding every token any version had, each with the
//! version that added it and the version that removed it ([`Redline`]). The
//! redline between *any* two versions is then a filter over the weave, so the
//! site ships one weave per standard and the reader's browser can compare any
//! pair without a diff algorithm of its own. The diff between consecutive
//! versions is computed once, here, with `similar`.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::markdown::options;

/// A word, a punctuation mark, or the start of a block (`text` = `"\n"` + kind).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token<'a> {
    /// Whether a space comes before it.
    pub space: bool,
    /// The word, the mark, or `"\nh2"`, `"\np"`, `"\nli"`, `"\ntr"`, `"\nquote"`, `"\ncode"`.
    pub text: Cow<'a, str>,
}

/// The tokens of a standard's text: its title as a heading, then its body.
pub fn tokens<'a>(title: &'a str, body: &'a str) -> Vec<Token<'a>> {
    let mut out = Tokens::default();
    out.block("\nh1");
    out.words(Cow::Borrowed(title));
    let mut item_depth = 0usize;
    let mut quote_depth = 0usize;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => out.block(heading_block(level as u8)),
            Event::Start(Tag::Paragraph) if item_depth == 0 => {
                out.block(if quote_depth > 0 { "\nquote" } else { "\np" })
            }
            Event::Start(Tag::Item) => {
                item_depth += 1;
                out.block("\nli");
            }
            Event::End(TagEnd::Item) => item_depth = item_depth.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::TableHead | Tag::TableRow) => out.block("\ntr"),
            Event::Start(Tag::TableCell) => {
                out.space = true;
                out.words(Cow::Borrowed("|"));
                out.space = true;
            }
            Event::Start(Tag::CodeBlock(_)) => out.block("\ncode"),
            Event::TaskListMarker(done) => {
                out.words(Cow::Borrowed(if done { "☑" } else { "☐" }))
            }
            Event::Text(text) | Event::Code(text) => out.words(cow(text)),
            Event::SoftBreak | Event::HardBreak => out.space = true,
            _ => {}
        }
    }
    out.tokens
}

fn cow(text: pulldown_cmark::CowStr<'_>) -> Cow<'_, str> {
    match text {
        pulldown_cmark::CowStr::Borrowed(text) => Cow::Borrowed(text),
        other => Cow::Owned(other.to_string()),
    }
}

/// A heading's block token: the page's title is the only `h1`.
fn heading_block(level: u8) -> &'static str {
    match level {
        1 | 2 => "\nh2",
        3 => "\nh3",
        _ => "\nh4",
    }
}

/// Collects tokens, carrying "a space comes next" across runs of text.
#[derive(Default)]
struct Tokens<'a> {
    tokens: Vec<Token<'a>>,
    space: bool,
}

impl<'a> Tokens<'a> {
    /// Starts a block: `token` is `"\n"` and its kind.
    fn block(&mut self, token: &'static str) {
        self.tokens.push(Token {
            space: false,
            text: Cow::Borrowed(token),
        });
        self.space = false;
    }

    /// Splits text into words (letters and digits, with hyphens and
    /// apostrophes inside words) and single punctuation marks.
    fn words(&mut self, text: Cow<'a, str>) {
        let mut start: Option<usize> = None;
        let mut chars = text.char_indices().peekable();
        let mut push = |space: &mut bool, range: std::ops::Range<usize>| {
            let text = match &text {
                Cow::Borrowed(t) => Cow::Borrowed(&t[range]),
                Cow::Owned(t) => Cow::Owned(t[range].to_string()),
            };
            let space = std::mem::take(space);
            self.tokens.push(Token { space, text });
        };
        while let Some((i, c)) = chars.next() {
            let mut inner =
                || matches!(c, '-' | '\'' | '’') && chars.peek().is_some_and(|(_, n)| is_word(*n));
            if is_word(c) || (start.is_some() && inner()) {
                start.get_or_insert(i);
                continue;
            }
            if let Some(s) = start.take() {
                push(&mut self.space, s..i);
            }
            if c.is_whitespace() {
                self.space = true;
            } else {
                push(&mut self.space, i..i + c.len_utf8());
            }
        }
        if let Some(s) = start {
            push(&mut self.space, s..text.len());
        }
    }
}

/// Whether `c` is part of a word: ASCII and Cyrillic are answered without
/// Unicode's tables (most of a Russian or Ukrainian text).
fn is_word(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphanumeric(),
    }
}

/// One version the redline knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// What readers call it: the version, or the commit when versions were not bumped.
    pub label: String,
    /// The version, when it is one.
    pub version: Option<String>,
    /// When it was committed (or today, for a draft).
    pub date: String,
    /// Whether these are uncommitted changes.
    pub draft: bool,
}

/// A token of the weave: where its text is and the versions it lived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Woven {
    /// Whether a space comes before it.
    pub space: bool,
    /// Where its text (see [`Token::text`]) starts in [`Redline::text`].
    start: u32,
    /// Its length in bytes.
    len: u32,
    /// The first version that has it.
    pub born: u16,
    /// The first version that no longer has it ([`ALIVE`] when the newest still has it).
    pub died: u16,
}

/// `died` of a token the newest version still has.
pub const ALIVE: u16 = u16::MAX;

impl Woven {
    /// Whether version `v` has this token.
    pub fn in_version(&self, v: usize) -> bool {
        (self.born as usize) <= v && v < self.died as usize
    }
}

/// Every version of a standard's text woven into one sequence.
///
/// The tokens' texts are kept end to end in one string (a token is never
/// dropped from a weave, so the string only grows): a weave is a few
/// allocations however many words it has, cheap to clone and to cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redline {
    /// The versions, oldest first.
    pub points: Vec<Point>,
    /// Every token any version had, in reading order.
    pub weave: Vec<Woven>,
    /// The tokens' texts.
    text: String,
}

/// How a token shows in the redline of two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Both versions have it.
    Same,
    /// Only the older one has it.
    Deleted,
    /// Only the newer one has it.
    Inserted,
}

impl Redline {
    /// Starts a redline with the first version.
    pub fn new(point: Point, tokens: &[Token]) -> Self {
        let mut redline = Redline {
            points: vec![point],
            ..Redline::default()
        };
        for token in tokens {
            let woven = redline.store(token, 0);
            redline.weave.push(woven);
        }
        redline
    }

    /// The text of a token of the weave.
    pub fn text_of(&self, woven: &Woven) -> &str {
        let start = woven.start as usize;
        &self.text[start..start + woven.len as usize]
    }

    /// A token of the weave as a [`Token`].
    fn token(&self, woven: &Woven) -> Token<'_> {
        Token {
            space: woven.space,
            text: Cow::Borrowed(self.text_of(woven)),
        }
    }

    /// Appends a token's text and returns it as a token of the weave.
    fn store(&mut self, token: &Token, born: u16) -> Woven {
        let start = self.text.len() as u32;
        self.text.push_str(&token.text);
        Woven {
            space: token.space,
            start,
            len: token.text.len() as u32,
            born,
            died: ALIVE,
        }
    }

    /// Adds the next version: the weave gains its new tokens and the tokens it
    /// dropped are marked as removed by it.
    pub fn push(&mut self, point: Point, tokens: &[Token]) {
        let version = self.points.len() as u16;
        self.points.push(point);
        let alive: Vec<usize> = (0..self.weave.len())
            .filter(|&i| self.weave[i].died == ALIVE)
            .collect();
        let ops = {
            let old: Vec<Token> = alive.iter().map(|&i| self.token(&self.weave[i])).collect();
            capture_diff_slices(Algorithm::Myers, &old, tokens)
        };
        let previous = std::mem::take(&mut self.weave);
        let mut woven = Weaver::new(previous, &alive, version);
        for op in ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => woven.keep(old_range.end, false),
                DiffTag::Delete => woven.keep(old_range.end, true),
                DiffTag::Insert => woven.insert(self, &tokens[new_range]),
                DiffTag::Replace => {
                    woven.keep(old_range.end, true);
                    woven.insert(self, &tokens[new_range]);
                }
            }
        }
        self.weave = woven.finish();
        debug_assert!(
            self.weave
                .iter()
                .filter(|w| w.died == ALIVE)
                .zip(tokens)
                .all(|(w, t)| self.token(w) == *t)
        );
    }

    /// Adds uncommitted changes as a last, draft version.
    pub fn with_draft(&self, point: Point, tokens: &[Token]) -> Redline {
        let mut redline = self.clone();
        redline.push(point, tokens);
        redline
    }

    /// The tokens of versions `from` and `to` in reading order, each with its mark.
    pub fn compare(&self, from: usize, to: usize) -> impl Iterator<Item = (Token<'_>, Mark)> {
        self.weave.iter().filter_map(move |w| {
            match (w.in_version(from), w.in_version(to)) {
                (true, true) => Some(Mark::Same),
                (true, false) => Some(Mark::Deleted),
                (false, true) => Some(Mark::Inserted),
                (false, false) => None,
            }
            .map(|mark| (self.token(w), mark))
        })
    }

    /// How many tokens (words and marks, not block starts) versions `from` and
    /// `to` differ by: (deleted, inserted).
    pub fn counts(&self, from: usize, to: usize) -> (usize, usize) {
        self.compare(from, to)
            .filter(|(w, _)| !w.text.starts_with('\n'))
            .fold((0, 0), |(d, i), (_, mark)| match mark {
                Mark::Deleted => (d + 1, i),
                Mark::Inserted => (d, i + 1),
                Mark::Same => (d, i),
            })
    }

    /// The weave as the page embeds it: `[[space, text, born, died], …]`
    /// with `died` = -1 for tokens the newest version has.
    pub fn weave_json(&self) -> WeaveJson<'_> {
        WeaveJson(self)
    }
}

/// A weave serialized the way `redline.js` reads it (see [`Redline::weave_json`]).
pub struct WeaveJson<'a>(&'a Redline);

impl Serialize for WeaveJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let redline = self.0;
        let mut seq = serializer.serialize_seq(Some(redline.weave.len()))?;
        for w in &redline.weave {
            let died = if w.died == ALIVE {
                -1
            } else {
                i32::from(w.died)
            };
            seq.serialize_element(&(u8::from(w.space), redline.text_of(w), w.born, died))?;
        }
        seq.end()
    }
}

/// Builds the next weave from the previous one, op by op.
struct Weaver<'a> {
    previous: std::vec::IntoIter<Woven>,
    /// Index in the previous weave of each token the last version had.
    alive: &'a [usize],
    /// How many entries of the previous weave were taken.
    taken: usize,
    version: u16,
    next: Vec<Woven>,
}

impl<'a> Weaver<'a> {
    fn new(previous: Vec<Woven>, alive: &'a [usize], version: u16) -> Self {
        let capacity = previous.len() + previous.len() / 8;
        Weaver {
            previous: previous.into_iter(),
            alive,
            taken: 0,
            version,
            next: Vec::with_capacity(capacity),
        }
    }

    /// Takes the previous weave up to the `end`-th token of the last version;
    /// with `delete`, the last version's tokens taken are removed by this one.
    fn keep(&mut self, end: usize, delete: bool) {
        let Some(&last) = end.checked_sub(1).and_then(|i| self.alive.get(i)) else {
            return;
        };
        while self.taken <= last {
            let Some(mut woven) = self.previous.next() else {
                return;
            };
            self.taken += 1;
            if delete && woven.died == ALIVE {
                woven.died = self.version;
            }
            self.next.push(woven);
        }
    }

    fn insert(&mut self, redline: &mut Redline, tokens: &[Token]) {
        self.next
            .extend(tokens.iter().map(|t| redline.store(t, self.version)));
    }

    fn finish(mut self) -> Vec<Woven> {
        self.next.extend(self.previous);
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str) -> Point {
        Point {
            label: label.into(),
            version: Some(label.into()),
            date: "2026-01-01".into(),
            draft: false,
        }
    }

    fn text(redline: &Redline, v: usize) -> String {
        redline
            .weave
            .iter()
            .filter(|w| w.in_version(v))
            .map(|w| format!("{}{}", if w.space { " " } else { "" }, redline.text_of(w)))
            .collect()
    }

    fn marked(redline: &Redline, from: usize, to: usize) -> String {
        redline
            .compare(from, to)
            .filter(|(w, _)| !w.text.starts_with('\n'))
            .map(|(w, mark)| match mark {
                Mark::Same => w.text.to_string(),
                Mark::Deleted => format!("-{}", w.text),
                Mark::Inserted => format!("+{}", w.text),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn words_keep_hyphens_and_split_punctuation() {
        let t = tokens("Т", "Кто-то сказал: «ждите», — и ушёл.");
        let words: Vec<&str> = t.iter().skip(3).map(|t| t.text.as_ref()).collect();
        assert_eq!(
            words,
            [
                "Кто-то",
                "сказал",
                ":",
                "«",
                "ждите",
                "»",
                ",",
                "—",
                "и",
                "ушёл",
                "."
            ]
        );
        assert!(!t[3].space && t[4].space && !t[5].space && t[6].space);
    }

    #[test]
    fn any_two_versions_compare_from_one_weave() {
        let v = [
            "Приветствуйте клиента в течение пяти секунд.",
            "Приветствуйте каждого клиента в течение трёх секунд.",
            "Приветствуйте каждого гостя в течение трёх секунд.\n\nУлыбайтесь.",
        ];
        let mut redline = Redline::new(point("1.0.0"), &tokens("Т", v[0]));
        redline.push(point("1.1.0"), &tokens("Т", v[1]));
        redline.push(point("2.0.0"), &tokens("Т", v[2]));
        for (i, source) in v.iter().enumerate() {
            assert_eq!(
                text(&redline, i),
                format!("\nh1Т\np{source}").replace("\n\n", "\np")
            );
        }
        assert_eq!(
            marked(&redline, 0, 1),
            "Т Приветствуйте +каждого клиента в течение -пяти +трёх секунд ."
        );
        assert_eq!(
            marked(&redline, 0, 2),
            "Т Приветствуйте +каждого -клиента +гостя в течение -пяти +трёх секунд . +Улыбайтесь +."
        );
        assert_eq!(redline.counts(1, 2), (1, 3));
        assert_eq!(redline.counts(2, 0), (5, 2));
    }

    #[test]
    fn blocks_are_tokens() {
        let t = tokens(
            "Т",
            "## Раздел\n\n- пункт\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        let blocks: Vec<&str> = t
            .iter()
            .filter(|t| t.text.starts_with('\n'))
            .map(|t| &t.text[1..])
            .collect();
        assert_eq!(blocks, ["h1", "h2", "li", "tr", "tr"]);
    }
}
