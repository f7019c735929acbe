//! Typesetting of running text: ties a one-letter word to the word after it
//! and a dash to the word before it with a no-break space, as Russian and
//! Ukrainian typesetting expects («в\u{a0}магазине», «клиент\u{a0}— это»),
//! so neither hangs at the end or the start of a line.

use std::borrow::Cow;

use super::Language;

const NO_BREAK_SPACE: char = '\u{a0}';

/// `text` with its spaces tied where `language`'s typesetting wants them.
/// A one-letter word is tied only in Russian and Ukrainian; a dash in every
/// language. Text with nothing to tie is returned as it is, uncopied.
pub fn tie(text: &str, language: Language) -> Cow<'_, str> {
    let short_words = !matches!(language, Language::En);
    let mut out: Option<String> = None;
    let mut copied = 0;
    for at in memchr::memchr_iter(b' ', text.as_bytes()) {
        if ties(text, at, short_words) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            out.push_str(&text[copied..at]);
            out.push(NO_BREAK_SPACE);
            copied = at + 1;
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// Whether the space at byte `at` of `text` is to be a no-break space: it
/// follows a one-letter word (a letter with no letter or digit before it),
/// or a dash follows it.
fn ties(text: &str, at: usize, short_words: bool) -> bool {
    let mut before = text[..at].chars().rev();
    let Some(last) = before.next() else {
        return false;
    };
    if matches!(text[at + 1..].chars().next(), Some('—' | '–')) {
        return true;
    }
    short_words && last.is_alphabetic() && !before.next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter_words_and_dashes_keep_to_their_neighbours() {
        assert_eq!(
            tie(
                "Мы работаем с клиентом и в выходные — всегда.",
                Language::Ru
            ),
            "Мы работаем с\u{a0}клиентом и\u{a0}в\u{a0}выходные\u{a0}— всегда."
        );
        assert_eq!(
            tie(
                "Звертайтеся у відділення з паспортом і карткою",
                Language::Uk
            ),
            "Звертайтеся у\u{a0}відділення з\u{a0}паспортом і\u{a0}карткою"
        );
        assert_eq!(tie("«В магазине", Language::Ru), "«В\u{a0}магазине");
    }

    #[test]
    fn english_ties_only_dashes_and_plain_text_is_not_copied() {
        assert_eq!(tie("a word — a dash", Language::En), "a word\u{a0}— a dash");
        assert!(matches!(
            tie("нет коротких слов", Language::Ru),
            Cow::Borrowed(_)
        ));
        assert_eq!(tie("версия 2 и 3", Language::Ru), "версия 2 и\u{a0}3");
        assert_eq!(tie(" — начало", Language::Ru), " — начало");
    }
}
