//! Checking any text against the book's communication rules (`phrases.yaml`).
//!
//! A rule's phrase is matched in three ways, chosen per rule with `match:`:
//! - `stem` (the default): every word in any form (the book's stemmer), case,
//!   `ё`/`е` and punctuation ignored, with up to `gap` other words between the
//!   phrase's words («вы, конечно, должны» is «вы должны»), within a sentence;
//! - `exact`: the same words in a row, case, `ё`/`е` and punctuation ignored;
//! - `regex`: a regular expression, case-insensitive, over the text with `ё` read as `е`.
//!
//! A hit is dropped when one of the rule's `exceptions` (matched the same way)
//! covers it, and when a negation flips it: a phrase without «не» does not
//! match where «не» stands before one of its words («вы не обязаны» is not
//! «вы обязаны»). A rule's `examples` are replies it must flag and must pass.

use std::path::Path;

use rustc_hash::FxHashMap as HashMap;

use regex::{Regex, RegexBuilder};
use serde::Serialize;

use super::{Language, WordStemmer, normalize, words};
use crate::diagnostic::{Code, Diagnostic, Location};

mod portable;
mod rule;

pub use rule::{MatchMode, PhraseLevel, PhraseRule, RuleExamples};

/// Words that may stand between a phrase's words unless the rule says otherwise.
pub const DEFAULT_GAP: usize = 2;

/// The particle that negates the word after it, in Russian and Ukrainian.
const NEGATION: &str = "не";

/// The rules of a book, ready to match.
pub struct Rules {
    rules: Vec<PhraseRule>,
    compiled: Vec<Matcher>,
    /// Stem-matched rules by the stem their phrase starts with.
    by_first_stem: HashMap<String, Vec<usize>>,
    /// Exact rules by the normalized word their phrase starts with.
    by_first_word: HashMap<String, Vec<usize>>,
    stemmer: WordStemmer,
}

enum Matcher {
    Words {
        words: Vec<String>,
        gap: usize,
        exceptions: Vec<Vec<String>>,
        stemmed: bool,
        /// Whether a «не» before one of the words flips the phrase (the phrase
        /// itself has none).
        negatable: bool,
    },
    Pattern {
        regex: Regex,
        exceptions: Vec<Regex>,
    },
}

/// A rule as the browser's matcher reads it (see [`Rules::for_browser`]).
#[derive(Debug, Serialize)]
pub struct BrowserRule<'r> {
    /// The phrase as written.
    pub phrase: &'r str,
    /// `forbidden` or `care`.
    pub level: PhraseLevel,
    /// Why it harms the conversation.
    pub why: &'r str,
    /// What to say instead.
    pub instead: &'r [String],
    /// The rule's anchor on the rules page.
    pub anchor: &'r str,
    /// Whether `words` are stems (`stem` rules) or normalized words (`exact`).
    pub stemmed: bool,
    /// Whether a «не» before one of the phrase's words drops the hit.
    pub negatable: bool,
    /// Words allowed between the phrase's words.
    pub gap: usize,
    /// The phrase's words (empty for a pattern rule).
    pub words: &'r [String],
    /// The exceptions' words.
    pub exceptions: &'r [Vec<String>],
    /// A `regex` rule's pattern, with `ё` read as `е`.
    pub pattern: Option<String>,
    /// A `regex` rule's exceptions.
    pub exception_patterns: Vec<String>,
}

/// One place where a text uses a rule's phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range of the matched text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Index of the rule in the book's `phrases.yaml`.
    pub rule: usize,
}

/// A word of the text being checked.
struct Word {
    start: usize,
    end: usize,
    /// The stem (or, for exact rules, the normalized word).
    stem: String,
    normal: String,
    /// Sentences are counted so that a phrase never spans two of them.
    sentence: usize,
}

impl Rules {
    /// Compiles `rules` for a book in `language`; a regular expression that
    /// does not compile is an error at the rule in `source` (`phrases.yaml`'s
    /// path and text).
    pub fn new(
        rules: &[PhraseRule],
        language: Language,
        source: (&Path, &str),
    ) -> Result<Rules, Vec<Diagnostic>> {
        let stemmer = WordStemmer::new(language);
        let (compiled, errors): (Vec<_>, Vec<_>) = rules
            .iter()
            .map(|rule| compile(rule, &stemmer).map_err(|message| (rule, message)))
            .partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(errors
                .into_iter()
                .filter_map(Result::err)
                .map(|(rule, message)| {
                    let at = Location::at_offset(source.0, source.1, rule.offset, rule.phrase.len());
                    Diagnostic::new(Code::InvalidValue, message).at(at).hint(
                        "write the pattern in Rust regex syntax, or use `match: stem` for plain words",
                    )
                })
                .collect());
        }
        let compiled: Vec<Matcher> = compiled.into_iter().filter_map(Result::ok).collect();
        let mut by_first_stem: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, m) in compiled.iter().enumerate() {
            if let Matcher::Words { words, stemmed, .. } = m
                && let Some(first) = words.first()
            {
                let map = if *stemmed {
                    &mut by_first_stem
                } else {
                    &mut by_first_word
                };
                map.entry(first.clone()).or_default().push(i);
            }
        }
        Ok(Rules {
            rules: rules.to_vec(),
            compiled,
            by_first_stem,
            by_first_word,
            stemmer,
        })
    }

    /// The rules as the browser's matcher (`lint.js`) reads them, with each
    /// rule's anchor on the rules page: phrases and exceptions are already
    /// split into stems (or normalized words), so the page stems only the text.
    pub fn for_browser<'r>(&'r self, anchors: &'r [String]) -> Vec<BrowserRule<'r>> {
        self.rules
            .iter()
            .zip(&self.compiled)
            .zip(anchors)
            .map(|((rule, matcher), anchor)| {
                let mut browser = BrowserRule {
                    phrase: rule.shown(),
                    level: rule.level,
                    why: &rule.why,
                    instead: &rule.instead,
                    anchor,
                    stemmed: false,
                    negatable: false,
                    gap: 0,
                    words: &[],
                    exceptions: &[],
                    pattern: None,
                    exception_patterns: Vec::new(),
                };
                match matcher {
                    Matcher::Words {
                        words,
                        gap,
                        exceptions,
                        stemmed,
                        negatable,
                    } => {
                        (browser.words, browser.exceptions) = (words, exceptions);
                        (browser.gap, browser.stemmed) = (*gap, *stemmed);
                        browser.negatable = *negatable;
                    }
                    Matcher::Pattern { .. } => {
                        browser.pattern = Some(fold_yo(&rule.phrase));
                        browser.exception_patterns =
                            rule.exceptions.iter().map(|e| fold_yo(e)).collect();
                    }
                }
                browser
            })
            .collect()
    }

    /// The rule behind a hit.
    pub fn rule(&self, index: usize) -> &PhraseRule {
        &self.rules[index]
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the book has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every use of a rule's phrase in `text`, in text order. A long text
    /// is read in pieces of about a megabyte that end at a paragraph or
    /// sentence (no phrase spans those), so memory stays bounded by the
    /// piece, not the text.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.each_hit(text, |hit| hits.push(hit));
        hits
    }

    /// Hands each hit of [`Rules::find`] to `each` as soon as its piece of
    /// the text is read: a caller that writes them out keeps no list of them.
    pub fn each_hit(&self, text: &str, mut each: impl FnMut(Hit)) {
        let mut start = 0;
        while start < text.len() {
            let end = piece_end(text, start, PIECE);
            for hit in self.find_in_piece(&text[start..end]) {
                each(Hit {
                    start: hit.start + start,
                    end: hit.end + start,
                    ..hit
                });
            }
            start = end;
        }
    }

    fn find_in_piece(&self, text: &str) -> Vec<Hit> {
        let words = self.words(text);
        let mut hits = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let by_stem = self.by_first_stem.get(&word.stem).into_iter().flatten();
            let by_word = self.by_first_word.get(&word.normal).into_iter().flatten();
            for &rule in by_stem.chain(by_word) {
                if let Some(hit) = self.word_hit(rule, &words, i) {
                    hits.push(hit);
                }
            }
        }
        let mut folded = None;
        for (rule, matcher) in self.compiled.iter().enumerate() {
            if let Matcher::Pattern { regex, exceptions } = matcher {
                let folded = folded.get_or_insert_with(|| fold_yo(text));
                hits.extend(pattern_hits(rule, regex, exceptions, folded));
            }
        }
        hits.sort_by_key(|h| (h.start, h.rule));
        hits.dedup();
        hits
    }

    fn word_hit(&self, rule: usize, words: &[Word], at: usize) -> Option<Hit> {
        let Matcher::Words {
            words: phrase,
            gap,
            exceptions,
            stemmed,
            negatable,
        } = &self.compiled[rule]
        else {
            return None;
        };
        let end = match_at(phrase, *gap, *stemmed, words, at)?;
        if *negatable && negated(words, at, end) {
            return None;
        }
        // An exception covers the hit when its match overlaps the hit's words.
        let covered = exceptions.iter().any(|exception| {
            let earliest = at.saturating_sub(exception.len() * (gap + 1));
            (earliest..=end).any(|start| {
                match_at(exception, *gap, *stemmed, words, start).is_some_and(|e_end| e_end >= at)
            })
        });
        (!covered).then(|| Hit {
            start: words[at].start,
            end: words[end].end,
            rule,
        })
    }

    fn words(&self, text: &str) -> Vec<Word> {
        let mut sentence = 0;
        let mut last_end = 0;
        words(text)
            .into_iter()
            .map(|(start, word)| {
                if ends_sentence(&text[last_end..start]) {
                    sentence += 1;
                }
                last_end = start + word.len();
                Word {
                    start,
                    end: last_end,
                    stem: self.stemmer.stem(word),
                    normal: normalize(word),
                    sentence,
                }
            })
            .collect()
    }
}

/// Whether a «не» flips the phrase matched from `at` to `end`: it stands
/// right before the first word (in the same sentence) or between the words.
fn negated(words: &[Word], at: usize, end: usize) -> bool {
    let before = at
        .checked_sub(1)
        .map(|i| &words[i])
        .filter(|w| w.sentence == words[at].sentence);
    let between = words.get(at + 1..end).unwrap_or_default();
    before
        .into_iter()
        .chain(between)
        .any(|w| w.normal == NEGATION)
}

/// About how many bytes of a text [`Rules::find`] reads at a time.
const PIECE: usize = 1 << 20;

/// Where the piece of `text` that starts at `start` ends: at most about
/// `size` bytes on, after the last paragraph break in its second half, else
/// after the last sentence end, else after the last line break or space.
fn piece_end(text: &str, start: usize, size: usize) -> usize {
    if text.len() - start <= size {
        return text.len();
    }
    let floor = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (from, limit) = (floor(start + size / 2), floor(start + size));
    let window = &text[from..limit];
    // Just past the character found at `at`.
    let past = |at: usize| at + window[at..].chars().next().map_or(1, char::len_utf8);
    let cut = window
        .rfind("\n\n")
        .map(|at| at + 2)
        .or_else(|| window.rfind(['.', '!', '?', '…']).map(past))
        .or_else(|| window.rfind(char::is_whitespace).map(past));
    match cut {
        Some(cut) => from + cut,
        None if limit > start => limit,
        None => start + text[start..].chars().next().map_or(1, char::len_utf8),
    }
}

/// Whether the text between two words ends a sentence.
fn ends_sentence(between: &str) -> bool {
    between.contains(['.', '!', '?', '…']) || between.contains("\n\n") || between.contains("\n\r\n")
}

fn compile(rule: &PhraseRule, stemmer: &WordStemmer) -> Result<Matcher, String> {
    let gap = rule.gap.unwrap_or(DEFAULT_GAP);
    let phrase_words = |text: &str, stemmed: bool| -> Vec<String> {
        words(text)
            .into_iter()
            .map(|(_, w)| {
                if stemmed {
                    stemmer.stem(w)
                } else {
                    normalize(w)
                }
            })
            .collect()
    };
    match rule.match_mode {
        MatchMode::Stem | MatchMode::Exact => {
            let stemmed = rule.match_mode == MatchMode::Stem;
            let negatable = !words(&rule.phrase)
                .iter()
                .any(|(_, w)| normalize(w) == NEGATION);
            Ok(Matcher::Words {
                negatable,
                words: phrase_words(&rule.phrase, stemmed),
                gap: if stemmed { gap } else { 0 },
                exceptions: rule
                    .exceptions
                    .iter()
                    .map(|e| phrase_words(e, stemmed))
                    .collect(),
                stemmed,
            })
        }
        MatchMode::Regex => {
            let build = |pattern: &str| {
                let regex = RegexBuilder::new(&fold_yo(pattern))
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| {
                        format!(
                            "the pattern «{}» is not a valid regular expression: {}",
                            crate::diagnostic::excerpt(pattern),
                            first_lines(&e.to_string())
                        )
                    })?;
                portable::check(pattern).map_err(|construct| {
                    format!(
                        "the reply checker on the rules page would read the pattern «{}» differently: it uses {construct}",
                        crate::diagnostic::excerpt(pattern)
                    )
                })?;
                Ok::<_, String>(regex)
            };
            Ok(Matcher::Pattern {
                regex: build(&rule.phrase)?,
                exceptions: rule
                    .exceptions
                    .iter()
                    .map(|e| build(e))
                    .collect::<Result<_, _>>()?,
            })
        }
    }
}

/// The regex crate's error without the whole pattern it repeats: its last
/// lines, where it says what is wrong.
fn first_lines(error: &str) -> String {
    let said = error
        .lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .unwrap_or(error);
    crate::diagnostic::excerpt(said.trim_start_matches("error:").trim())
}

/// If `phrase` matches the words starting at `at`, the index of its last word.
fn match_at(
    phrase: &[String],
    gap: usize,
    stemmed: bool,
    words: &[Word],
    at: usize,
) -> Option<usize> {
    fn key(w: &Word, stemmed: bool) -> &str {
        if stemmed { &w.stem } else { &w.normal }
    }
    let first = words.get(at)?;
    if phrase.is_empty() || key(first, stemmed) != phrase[0] {
        return None;
    }
    let mut last = at;
    for expected in &phrase[1..] {
        last = (last + 1..=(last + 1 + gap).min(words.len().saturating_sub(1)))
            .take_while(|&j| words[j].sentence == first.sentence)
            .find(|&j| key(&words[j], stemmed) == expected)?;
    }
    Some(last)
}

/// The text with `ё` read as `е`; both have the same length in UTF-8, so
/// offsets into the result are offsets into the text.
fn fold_yo(text: &str) -> String {
    text.replace('ё', "е").replace('Ё', "Е")
}

/// Hits of a pattern in a text already passed through [`fold_yo`]. A
/// pattern with a group named `hit` marks only that group: the rest of the
/// match is context (`(?:^|[.!?]\s+)(?<hit>нет)[.,]` marks «нет» alone).
fn pattern_hits(rule: usize, regex: &Regex, exceptions: &[Regex], text: &str) -> Vec<Hit> {
    let excepted: Vec<(usize, usize)> = exceptions
        .iter()
        .flat_map(|e| e.find_iter(text).map(|m| (m.start(), m.end())))
        .collect();
    regex
        .captures_iter(text)
        .filter_map(|c| c.name("hit").or_else(|| c.get(0)))
        .filter(|m| m.start() < m.end())
        .filter(|m| {
            !excepted
                .iter()
                .any(|&(s, e)| s <= m.start() && m.end() <= e)
        })
        .map(|m| Hit {
            start: m.start(),
            end: m.end(),
            rule,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_on_characters_and_cover_the_text() {
        let text = "Ёлка… Это невозможно! Жду\n\nабв где ёжик. ".repeat(50)
            + "конецбезпробеловвообщевсеговоттак";
        for size in [4, 5, 7, 13, 64, 200] {
            let mut start = 0;
            let mut pieces = String::new();
            while start < text.len() {
                let end = piece_end(&text, start, size);
                assert!(
                    end > start && text.is_char_boundary(end),
                    "size {size} at {start}: {end}"
                );
                pieces.push_str(&text[start..end]);
                start = end;
            }
            assert_eq!(pieces, text);
        }
    }
}
