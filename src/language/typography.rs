//! Typesetting of running text: ties a one-letter word to the word after it
//! and a dash to the word before it with a no-break space, as Russian and
//! Ukrainian typesetting expects («в\u{a0}магазине», «клиент\u{a0}— это»),
//! so neither hangs at the end or the start of a line.

use std::borrow::Cow;

use super::Language;

const NO_BREAK_SPACE: char = '\u{a0}';

/// `text` with its spaces tied where `language`'s typesetting wants them.
/// A one-letter word is tied only in Russian and Ukrainian; a dash in every
/// language.
pub fn tie(text: &str, language: Language) -> Cow<'_, str> {
    let short_words = !matches!(language, Language::En);
    let mut out: Option<String> = None;
    let mut previous: [Option<char>; 2] = [None, None];
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let tied = c == ' '
            && ((short_words && after_one_letter_word(previous))
                || next.is_some_and(|n| n == '—' || n == '–') && previous[1].is_some());
        if tied {
            out.get_or_insert_with(|| text[..at].to_string())
                .push(NO_BREAK_SPACE);
        } else if let Some(out) = &mut out {
            out.push(c);
        }
        previous = [previous[1], Some(c)];
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(text),
    }
}

/// Whether the last character is a one-letter word: a letter with no letter
/// or digit before it.
fn after_one_letter_word(previous: [Option<char>; 2]) -> bool {
    let [before, last] = previous;
    last.is_some_and(char::is_alphabetic) && !before.is_some_and(char::is_alphanumeric)
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
