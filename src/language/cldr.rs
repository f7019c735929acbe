//! Plural forms, dates and alphabetical order as the book's language has
//! them, from the Unicode CLDR data compiled into ICU4X: «3 стандарта»,
//! «5 стандартов», «1 вересня 2026 р.», "September 1, 2026", «Ґанок» after
//! «Гора» and Cyrillic before Latin in a Russian or Ukrainian list.

use std::cell::RefCell;
use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_datetime::input::Date;
use icu_locale::{Locale, locale};
use icu_plurals::{PluralCategory, PluralRules};

use super::Language;

fn icu_locale(language: Language) -> Locale {
    match language {
        Language::Ru => locale!("ru"),
        Language::Uk => locale!("uk"),
        Language::En => locale!("en"),
    }
}

/// One ICU4X object per language and thread, made on first use (`None`
/// when the compiled data lacks the language).
type PerLanguage<T> = RefCell<Vec<(Language, Option<T>)>>;

/// Calls `with` on this thread's object for `language` in `cache`, made by
/// `make` from the language's locale the first time.
fn with_cached<T, R>(
    cache: &'static std::thread::LocalKey<PerLanguage<T>>,
    language: Language,
    make: impl FnOnce(Locale) -> Option<T>,
    with: impl FnOnce(Option<&T>) -> R,
) -> R {
    cache.with(|cache| {
        let mut cache = cache.borrow_mut();
        let index = match cache.iter().position(|(l, _)| *l == language) {
            Some(index) => index,
            None => {
                cache.push((language, make(icu_locale(language))));
                cache.len() - 1
            }
        };
        with(cache[index].1.as_ref())
    })
}

/// The CLDR plural category of the count `n` in `language`, by its CLDR
/// name: `one`, `few`, `many` or `other` (also `zero` and `two` in
/// languages that have them).
pub fn plural_category(language: Language, n: u64) -> &'static str {
    thread_local! {
        static RULES: PerLanguage<PluralRules> = const { RefCell::new(Vec::new()) };
    }
    let make = |locale: Locale| PluralRules::try_new_cardinal(locale.into()).ok();
    with_cached(&RULES, language, make, |rules| {
        category_name(rules.map_or(PluralCategory::Other, |r| r.category_for(n)))
    })
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// A date as the language writes it in running text: «1 сентября 2026 г.»,
/// «1 вересня 2026 р.», "September 1, 2026" (CLDR puts a narrow no-break
/// space before «г.» and «р.»). `None` for a day that does not exist.
pub fn long_date(language: Language, year: i32, month: u8, day: u8) -> Option<String> {
    thread_local! {
        static FORMATTERS: PerLanguage<DateTimeFormatter<YMD>> = const { RefCell::new(Vec::new()) };
    }
    let date = Date::try_new_iso(year, month, day).ok()?;
    let make = |locale: Locale| DateTimeFormatter::try_new(locale.into(), YMD::long()).ok();
    with_cached(&FORMATTERS, language, make, |formatter| {
        formatter.map(|f| f.format(&date).to_string())
    })
}

/// Dictionary order of two texts in `language` (CLDR collation: the
/// language's own script first, «ё» with «е», case after letters).
pub fn compare(language: Language, a: &str, b: &str) -> Ordering {
    thread_local! {
        static COLLATORS: PerLanguage<CollatorBorrowed<'static>> = const { RefCell::new(Vec::new()) };
    }
    let make = |locale: Locale| Collator::try_new(locale.into(), CollatorOptions::default()).ok();
    with_cached(&COLLATORS, language, make, |collator| match collator {
        Some(collator) => collator.compare(a, b),
        None => a.cmp(b),
    })
}

/// A count with its English noun, in the form CLDR gives the count
/// ("1 standard", "0 errors", "2 warnings"), for the command line.
pub fn english_count(n: usize, noun: &str) -> String {
    match plural_category(Language::En, n as u64) {
        "one" => format!("{n} {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

/// Whether `c` is a letter of the script `language` is written in.
pub fn is_native_letter(language: Language, c: char) -> bool {
    match language {
        Language::Ru | Language::Uk => matches!(c, '\u{400}'..='\u{52f}'),
        Language::En => c.is_ascii_alphabetic(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let forms = |language| [1, 2, 5, 11, 21, 22, 25, 111].map(|n| plural_category(language, n));
        assert_eq!(
            forms(Language::Ru),
            ["one", "few", "many", "many", "one", "few", "many", "many"]
        );
        assert_eq!(
            forms(Language::Uk),
            ["one", "few", "many", "many", "one", "few", "many", "many"]
        );
        assert_eq!(
            forms(Language::En),
            [
                "one", "other", "other", "other", "other", "other", "other", "other"
            ]
        );
    }

    #[test]
    fn words_sort_in_each_languages_dictionary_order() {
        fn sorted(language: Language, words: &[&'static str]) -> Vec<&'static str> {
            let mut words = words.to_vec();
            words.sort_by(|a, b| compare(language, a, b));
            words
        }
        assert_eq!(
            sorted(
                Language::Ru,
                &["VIP-клиент", "Ёлка", "Ящик", "Елена", "Дом"]
            ),
            ["Дом", "Елена", "Ёлка", "Ящик", "VIP-клиент"]
        );
        assert_eq!(
            sorted(
                Language::Uk,
                &["Їжа", "Європа", "Ім'я", "Ґанок", "Гора", "Index"]
            ),
            ["Гора", "Ґанок", "Європа", "Ім'я", "Їжа", "Index"]
        );
        assert_eq!(
            sorted(Language::En, &["beta", "Alpha", "Яблоко"]),
            ["Alpha", "beta", "Яблоко"]
        );
    }

    #[test]
    fn the_command_line_counts_in_english() {
        assert_eq!(english_count(1, "standard"), "1 standard");
        assert_eq!(english_count(0, "error"), "0 errors");
        assert_eq!(english_count(21, "warning"), "21 warnings");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(
            long_date(Language::Ru, 2026, 9, 1).as_deref(),
            Some("1 сентября 2026\u{202f}г.")
        );
        assert_eq!(
            long_date(Language::Uk, 2026, 9, 1).as_deref(),
            Some("1 вересня 2026\u{202f}р.")
        );
        assert_eq!(
            long_date(Language::En, 2026, 9, 1).as_deref(),
            Some("September 1, 2026")
        );
        assert_eq!(long_date(Language::Ru, 2026, 2, 30), None);
    }
}
