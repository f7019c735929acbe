//! Words and their stems, per book language.
//!
//! Term links must find «клиента» and «клиентами» for the term «Клиент», so
//! words are compared by stem: lowercased, `ё` read as `е`, then stemmed with
//! Snowball (`rust-stemmers`) for Russian and English, and with a light suffix
//! stripper for Ukrainian, which Snowball does not cover.

use rust_stemmers::{Algorithm, Stemmer};

use crate::config::Language;

/// Stems words of one language.
pub struct WordStemmer {
    snowball: Option<Stemmer>,
}

impl WordStemmer {
    /// A stemmer for `language`.
    pub fn new(language: Language) -> Self {
        let snowball = match language {
            Language::Ru => Some(Stemmer::create(Algorithm::Russian)),
            Language::En => Some(Stemmer::create(Algorithm::English)),
            Language::Uk => None,
        };
        WordStemmer { snowball }
    }

    /// The stem of one word (any case).
    pub fn stem(&self, word: &str) -> String {
        let normal = normalize(word);
        match &self.snowball {
            Some(stemmer) => stemmer.stem(&normal).into_owned(),
            None => ukrainian_stem(&normal),
        }
    }
}

/// Lowercases and reads `ё` as `е`, as readers type it.
pub fn normalize(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Splits text into words with their byte ranges. A word is a run of letters
/// and digits; an apostrophe or hyphen inside a word keeps it whole.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let joiner = matches!(c, '-' | '\'' | '’' | 'ʼ')
            && start.is_some()
            && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joiner {
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

/// Ukrainian endings, longest first, stripped once while a stem of three letters remains.
const UKRAINIAN_ENDINGS: &[&str] = &[
    "ами", "ями", "ові", "еві", "ого", "ому", "ими", "іми", "ій", "ий", "ою", "ею", "ів", "їв",
    "ам", "ям", "ах", "ях", "ом", "ем", "ої", "ої", "ий", "а", "я", "у", "ю", "і", "ї", "и", "е",
    "о", "ь",
];

fn ukrainian_stem(word: &str) -> String {
    let letters = word.chars().count();
    for ending in UKRAINIAN_ENDINGS {
        if let Some(stem) = word.strip_suffix(ending)
            && letters - ending.chars().count() >= 3
        {
            return stem.to_string();
        }
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_word_forms_share_a_stem() {
        let s = WordStemmer::new(Language::Ru);
        let stem = s.stem("Клиент");
        for form in ["клиента", "клиенту", "клиентами", "КЛИЕНТОМ"] {
            assert_eq!(s.stem(form), stem, "{form}");
        }
        assert_eq!(s.stem("ёлка"), s.stem("елка"));
    }

    #[test]
    fn ukrainian_word_forms_share_a_stem() {
        let s = WordStemmer::new(Language::Uk);
        assert_eq!(s.stem("клієнта"), s.stem("клієнтами"));
        assert_eq!(s.stem("клієнт"), "клієнт");
    }

    #[test]
    fn words_keep_hyphenated_words_whole() {
        let w: Vec<_> = words("Дресс-код — это, (стоп-фраза) 24/7")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["Дресс-код", "это", "стоп-фраза", "24", "7"]);
    }
}
