//! Word forms no stemming rule can join to their word: suppletive and
//! irregular forms of the most frequent words («люди» of «человек», «шёл» of
//! «идти», «можу» of «могти»). Each form is stemmed as its dictionary form.
//! `themes/default/static/search/stem.js` holds the same table; the parity
//! test runs both over every form listed here.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Language;

/// Russian: each dictionary form with its irregular forms (`ё` written `е`).
const RUSSIAN: &[(&str, &str)] = &[
    (
        "быть",
        "был была было были будет будут буду будем будешь будете будь будьте",
    ),
    (
        "мочь",
        "могу можешь может можем можете могут мог могла могло могли",
    ),
    ("идти", "иду идешь идет идем идете идут шел шла шло шли"),
    ("человек", "люди людей людям людьми людях"),
    ("ребенок", "дети детей детям детьми детях"),
    ("день", "дня дню днем дне дни дней дням днями днях"),
    ("хотеть", "хочу хочешь хочет"),
    ("дать", "дам дашь даст дадим дадите дадут"),
    ("взять", "возьму возьмешь возьмет возьмем возьмете возьмут"),
    ("год", "лет"),
];

/// Ukrainian: each dictionary form with its irregular forms.
const UKRAINIAN: &[(&str, &str)] = &[
    (
        "бути",
        "був була було були буду будеш буде будемо будете будуть є",
    ),
    (
        "могти",
        "можу можеш може можемо можете можуть міг могла могло могли",
    ),
    (
        "йти",
        "йду іду йдеш ідеш йде іде йдемо ідемо йдете йдуть ідуть йшов ішов йшла ішла йшло йшли ішли",
    ),
    ("людина", "люди людей людям людьми людях"),
    ("дитина", "діти дітей дітям дітьми дітях"),
    ("день", "дня дню днем дні днів дням днями днях"),
    ("хотіти", "хочу хочеш хоче хочемо хочете хочуть"),
    ("рік", "роки року році років роком роках рокам роками"),
];

fn table(language: Language) -> &'static [(&'static str, &'static str)] {
    match language {
        Language::Uk => UKRAINIAN,
        Language::Ru | Language::En => RUSSIAN,
    }
}

/// The dictionary form of an irregular `word` (lowercased, `ё` read as `е`).
pub fn dictionary_form(language: Language, word: &str) -> Option<&'static str> {
    static MAPS: OnceLock<[HashMap<&'static str, &'static str>; 2]> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        [Language::Ru, Language::Uk].map(|language| {
            table(language)
                .iter()
                .flat_map(|(lemma, forms)| forms.split(' ').map(move |form| (form, *lemma)))
                .collect()
        })
    });
    let map = &maps[usize::from(language == Language::Uk)];
    map.get(word).copied()
}

/// Every irregular form of a language, for tests.
pub fn forms(language: Language) -> impl Iterator<Item = &'static str> {
    table(language)
        .iter()
        .flat_map(|(lemma, forms)| std::iter::once(*lemma).chain(forms.split(' ')))
}
