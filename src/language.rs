//! Words and their stems, per book language.
//!
//! Term links must find «клиента» and «клиентами» for the term «Клиент», and
//! search must find «недовольными клиентами» for «недовольный клиент», so
//! words are compared by stem: lowercased, `ё` read as `е`, then stemmed with
//! Snowball (`rust-stemmers`) for Russian and with [`ukrainian`]'s stemmer for
//! Ukrainian. Words in Latin letters («CRM», «feedback») are stemmed as English
//! in any book, and Cyrillic words in an English book as Russian.
//! `themes/default/static/search/stem.js` is the browser's copy of this module.

pub mod ukrainian;

use rust_stemmers::{Algorithm, Stemmer};

use crate::config::Language;

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

    /// The stem of one word (any case).
    pub fn stem(&self, word: &str) -> String {
        let normal = normalize(word);
        if is_latin(&normal) {
            return self.english.stem(&normal).into_owned();
        }
        match self.language {
            Language::Uk => ukrainian::stem(&normal),
            Language::Ru | Language::En => self.russian.stem(&normal).into_owned(),
        }
    }
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
        let forms = include_str!("../tests/data/uk-forms.txt");
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
    fn words_keep_hyphenated_words_whole() {
        let w: Vec<_> = words("Дресс-код — это, (стоп-фраза) 24/7")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["Дресс-код", "это", "стоп-фраза", "24", "7"]);
    }
}
