//! Words and their stems, per book language.
//!
//! Term links must find «клиента» and «клиентами» for the term «Клиент», and
//! search must find «недовольными клиентами» for «недовольный клиент», so
//! words are compared by stem: lowercased, `ё` read as `е`, then stemmed with
//! [`russian`]'s rules over Snowball (`rust-stemmers`) for Russian and with
//! [`ukrainian`]'s stemmer for Ukrainian. Words in Latin letters («CRM», «feedback») are stemmed as English
//! in any book, and Cyrillic words in an English book as Russian.
//! `themes/default/static/search/stem.js` is the browser's copy of this module.

pub mod cldr;
pub mod irregular;
pub mod phrases;
pub mod russian;
pub mod terms;
pub mod typography;
pub mod ukrainian;

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};

/// A language the book (and its UI strings) can be written in.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Deserialize,
    serde::Serialize,
    Default,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Russian.
    #[default]
    Ru,
    /// Ukrainian.
    Uk,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 tag used in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::Uk => "uk",
            Language::En => "en",
        }
    }
}

/// Stems words of one book language.
pub struct WordStemmer {
    language: Language,
    russian: Stemmer,
    english: Stemmer,
}

impl WordStemmer {
    /// A stemmer for a book in `language`.
    pub fn new(language: Language) -> Self {
        WordStemmer {
            language,
            russian: Stemmer::create(Algorithm::Russian),
            english: Stemmer::create(Algorithm::English),
        }
    }

    /// The stem of one word (any case). Words repeat, so each thread
    /// remembers the stems it computed.
    pub fn stem(&self, word: &str) -> String {
        self.with_stem(word, str::to_string)
    }

    /// Calls `f` with the stem of `word`, without copying a stem already
    /// known (what indexing a large book does for most of its words).
    /// `f` may stem words itself: the memo is then busy, and those stems are
    /// computed without it.
    pub fn with_stem<R>(&self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        let slot = self.language as usize;
        MEMO.with(|cell| {
            let Ok(mut memo) = cell.try_borrow_mut() else {
                return f(&self.stem_uncached(word));
            };
            if let Some(stem) = memo[slot].get(word) {
                return f(stem);
            }
            let stem = self.stem_uncached(word);
            if memo[slot].len() >= MEMO_LIMIT {
                memo[slot].clear();
            }
            let result = f(&stem);
            memo[slot].insert(word.to_string(), stem);
            result
        })
    }

    /// The stem of one word, computed without the memo: for a caller that
    /// remembers what it needs itself.
    pub fn stem_uncached(&self, word: &str) -> String {
        let normal = normalize(word);
        if is_latin(&normal) {
            return self.english.stem(&normal).into_owned();
        }
        let normal = irregular::dictionary_form(self.language, &normal).unwrap_or(&normal);
        match self.language {
            Language::Uk => ukrainian::stem(normal),
            Language::Ru | Language::En => russian::stem(&self.russian, normal),
        }
    }
}

/// Most distinct words a thread remembers stems for, per language.
const MEMO_LIMIT: usize = 100_000;

thread_local! {
    /// Stems already computed, by word, one map per [`Language`].
    static MEMO: RefCell<[HashMap<String, String>; 3]> = RefCell::default();
}

/// Whether a word is written in Latin letters (and no Cyrillic ones).
fn is_latin(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_alphabetic())
        && !word.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
}

/// Lowercases, reads `ё` as `е` and every apostrophe as `'`, as readers type.
pub fn normalize(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ё' => 'е',
            '’' | 'ʼ' => '\'',
            c => c,
        })
        .collect()
}

/// Whether `c` is written without spaces between words (Chinese and Japanese
/// characters, kana, Hangul): each is a word of its own, so a handbook in
/// those scripts is indexed by character instead of by whole clauses.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}')
}

/// Whether `c` belongs to a word: a letter or digit (`char::is_alphanumeric`),
/// answered without Unicode tables for ASCII and Cyrillic letters.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// Splits text into words with their byte ranges. A word is a run of letters
/// and digits; an apostrophe or hyphen inside a word keeps it whole.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        if is_ideograph(c) {
            if let Some(s) = start.take() {
                out.push((s, &text[s..pos]));
            }
            out.push((pos, &text[pos..pos + c.len_utf8()]));
            continue;
        }
        let joiner = matches!(c, '-' | '\'' | '’' | 'ʼ')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
        if is_word_char(c) || joiner {
            start.get_or_insert(pos);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..pos]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `forms` (one lemma's forms) shares one stem, and the
    /// lines keep different stems.
    fn assert_forms_share_stems(language: Language, forms: &str) {
        let s = WordStemmer::new(language);
        let mut stems = Vec::new();
        for line in forms.lines().filter(|l| !l.starts_with('#')) {
            let words: Vec<&str> = line.split_whitespace().collect();
            let stem = s.stem(words[0]);
            for word in &words {
                assert_eq!(s.stem(word), stem, "{word} should stem like {}", words[0]);
            }
            stems.push(stem);
        }
        let distinct: std::collections::HashSet<&String> = stems.iter().collect();
        assert_eq!(
            distinct.len(),
            stems.len(),
            "different words keep different stems: {stems:?}"
        );
    }

    #[test]
    fn russian_word_forms_share_a_stem() {
        assert_forms_share_stems(Language::Ru, include_str!("../../tests/data/ru-forms.txt"));
        let s = WordStemmer::new(Language::Ru);
        assert_eq!(s.stem("ёлка"), s.stem("елка"));
    }

    #[test]
    fn ukrainian_word_forms_share_a_stem() {
        assert_forms_share_stems(Language::Uk, include_str!("../../tests/data/uk-forms.txt"));
    }

    #[test]
    fn latin_words_are_stemmed_as_english_in_any_book() {
        for language in [Language::Ru, Language::Uk, Language::En] {
            let s = WordStemmer::new(language);
            assert_eq!(s.stem("Complaints"), "complaint");
            assert_eq!(s.stem("CRM"), "crm");
        }
        let en = WordStemmer::new(Language::En);
        assert_eq!(en.stem("клиентами"), en.stem("клиент"));
    }

    #[test]
    fn the_fast_word_test_agrees_with_unicode() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn words_keep_hyphenated_words_whole() {
        let w: Vec<_> = words("Дресс-код — это, (стоп-фраза) 24/7")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["Дресс-код", "это", "стоп-фраза", "24", "7"]);
    }

    #[test]
    fn chinese_and_japanese_characters_are_words_of_their_own() {
        let w: Vec<_> = words("GitLabのエンジニア文化 is 価値観")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            w,
            [
                "GitLab", "の", "エ", "ン", "ジ", "ニ", "ア", "文", "化", "is", "価", "値", "観"
            ]
        );
    }

    #[test]
    fn a_stem_can_be_asked_for_while_another_is_being_used() {
        let stemmer = WordStemmer::new(Language::Ru);
        let pair = stemmer.with_stem("клиентами", |outer| {
            (outer.to_string(), stemmer.stem("клиента"))
        });
        assert_eq!(pair.0, pair.1);
    }
}
