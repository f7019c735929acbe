//! A light stemmer for Ukrainian, which Snowball does not cover.
//!
//! Built like Snowball's Russian stemmer: the ending is looked for only after
//! the first vowel (the region), and the longest ending found is removed —
//! after a reflexive `-ся`/`-сь`, which is kept as a marker, since a
//! reflexive verb is a word of its own («називатися» is not «називати»).
//! Endings of the past tense, the infinitive and the future
//! (`-ла`, `-ти`, `-тиме`, `-в`, …) count only after the vowels verb stems
//! end in (`а`, `я`, `и`, `і`); a noun whose stem ends in such a vowel and
//! `т` or `л` («кредит», «матеріал») loses that consonant too, so its plural
//! («кредити») meets it where the infinitive rule cut it. Then a final `и` or
//! `ь` goes, so «говорити» and «говорю» meet at «говор».
//!
//! After the ending, the stem is made the same across a word's forms: the
//! verb suffix `-ува-`/`-юва-` is read as `-у-`/`-ю-` («використовувати»,
//! «використовують»); an `і` in the closed last syllable is read as the `о`
//! it alternates with («договір», «договору»); a vowel that drops out
//! («рахунок», «рахунку») is
//! dropped; and the dative and locative consonants `ц` and `з` are read as
//! `к` and `г` («картці», «картка»; «скарзі», «скарга»). Nouns in `-ість`,
//! adverbs in `-но`/`-ко` and the genitive plural of nouns in `-ння`
//! («відділень») keep what tells them from the adjective or verb that shares
//! their root.
//!
//! `themes/default/static/search/stem.js` holds the same rules for the
//! browser; a test requires both to agree on every word of the test
//! vocabulary, and `tests/data/uk-forms.txt` lists word forms that must share
//! a stem. `benches/stemmer` measures the rules against treebank lemmas.

const VOWELS: &str = "аеєиіїоуюя";

/// Endings removed wherever they stand in the region: adjectives, nouns,
/// verbs, gerunds.
const ENDINGS: &[&str] = &[
    // adjectives
    "ого", "ього", "ому", "ьому", "ої", "ьої", "ою", "ьою", "ими", "іми", "ий", "ій", "им", "ім",
    "их", "іх", // nouns
    "ами", "ями", "іями", "ах", "ях", "іях", "ам", "ям", "іям", "ові", "єві", "ом", "ем", "єм",
    "ею", "єю", "ією", "ів", "їв", "ія", "ії", "ію", "а", "я", "о", "е", "є", "у", "ю", "і", "ї",
    "и", // verbs
    "ємо", "єте", "ють", "емо", "ете", "уть", "имо", "імо", "ите", "ять", "ать", "єш", "еш", "иш",
    "ить", "іть", "єть", "еть", "ймо", "йте", // gerunds
    "ючи", "учи", "ячи", "ачи", "вши",
];

/// Endings of nouns in `-ість`, kept as the marker «ост» («можливість»,
/// «можливостей»), apart from the adjective («можливий»).
const OST_ENDINGS: &[&str] = &["ість", "ості", "істю", "остей", "остям", "остями", "остях"];

/// The vowels a verb stem ends in before [`AFTER_VOWEL`] endings.
const VERB_STEM_VOWELS: &str = "аяиі";

/// Endings removed only after [`VERB_STEM_VOWELS`]: the past tense, the
/// infinitive, the future.
const AFTER_VOWEL: &[&str] = &[
    "ти",
    "ть",
    "в",
    "ла",
    "ло",
    "ли",
    "ши",
    "тиме",
    "тимуть",
    "тимеш",
    "тимемо",
    "тимете",
    "тиму",
];

/// Reflexive endings, removed first and marked at the end of the stem.
const REFLEXIVE: &[&str] = &["ся", "сь"];

/// The marker a reflexive word's stem ends in.
const REFLEXIVE_MARK: &str = "ся";

/// The stem of a lowercased Ukrainian word.
pub fn stem(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let Some(first_vowel) = chars.iter().position(|c| VOWELS.contains(*c)) else {
        return word.to_string();
    };
    let region = first_vowel + 1;
    let reflexive = longest_ending(&chars, region, REFLEXIVE, false);
    if let Some(len) = reflexive {
        chars.truncate(chars.len() - len);
    }
    let mut stem = kept_whole(&chars, region).unwrap_or_else(|| inflection_removed(chars, region));
    if reflexive.is_some() {
        stem.push_str(REFLEXIVE_MARK);
    }
    stem
}

/// The stem of a word whose ending tells it from its relatives: a noun in
/// `-ість`, an adverb in `-но`/`-ко`, a genitive plural in `-нь`.
fn kept_whole(chars: &[char], region: usize) -> Option<String> {
    if let Some(len) = longest_ending(chars, region, OST_ENDINGS, false) {
        let stem: String = chars[..chars.len() - len].iter().collect();
        return Some(stem + "ост");
    }
    if chars.len() < 6 {
        return None;
    }
    let ends = |suffix: &str| {
        let suffix: Vec<char> = suffix.chars().collect();
        chars.ends_with(&suffix)
    };
    if ends("но") || ends("ко") {
        return Some(chars.iter().collect());
    }
    if ends("ань") || ends("янь") || ends("ень") {
        let stem: String = chars[..chars.len() - 1].iter().collect();
        return Some(stem + "н");
    }
    None
}

/// The stem left when the ending is removed and the stem's alternations are
/// evened out.
fn inflection_removed(mut chars: Vec<char>, region: usize) -> String {
    let plain = longest_ending(&chars, region, ENDINGS, false).unwrap_or(0);
    let after_vowel = longest_ending(&chars, region, AFTER_VOWEL, true).unwrap_or(0);
    chars.truncate(chars.len() - plain.max(after_vowel));
    let n = chars.len();
    let long_enough = n > region + 1 || n > region && chars[n - 2] == 'і';
    if long_enough && matches!(chars[n - 1], 'т' | 'л') && VERB_STEM_VOWELS.contains(chars[n - 2])
    {
        chars.pop();
    }
    if chars.len() > region && matches!(chars.last(), Some('и' | 'ь')) {
        chars.pop();
    }
    even_out(&mut chars, region);
    chars.into_iter().collect()
}

/// Reads the suffix `-ува-` as `-у-`, an `і` before the final consonant as
/// the `о` it alternates with («договір», «договору»; «рік», «року»), drops
/// a fleeting vowel and reads a final `ц`/`з` as `к`/`г`.
fn even_out(chars: &mut Vec<char>, region: usize) {
    let n = chars.len();
    if n >= 6 && chars[n - 2..] == ['в', 'а'] && matches!(chars[n - 3], 'у' | 'ю') {
        chars.truncate(n - 2);
    }
    let n = chars.len();
    if n >= 3 && chars[n - 2] == 'і' && !VOWELS.contains(chars[n - 1]) {
        chars[n - 2] = 'о';
    }
    let n = chars.len();
    if n >= 4
        && n - 2 > region
        && "кцнлр".contains(chars[n - 1])
        && matches!(chars[n - 2], 'о' | 'е')
        && !VOWELS.contains(chars[n - 3])
        && chars[n - 3] != 'ь'
    {
        chars.remove(n - 2);
    }
    let n = chars.len();
    if n > region {
        match chars[n - 1] {
            'ц' => chars[n - 1] = 'к',
            'з' => chars[n - 1] = 'г',
            _ => {}
        }
    }
}

/// The length of the longest of `endings` that `chars` ends with, starting in
/// the region (at or after `region`) and, if `after_vowel`, following a vowel.
fn longest_ending(
    chars: &[char],
    region: usize,
    endings: &[&str],
    after_vowel: bool,
) -> Option<usize> {
    endings
        .iter()
        .filter_map(|ending| {
            let len = ending.chars().count();
            let start = chars.len().checked_sub(len)?;
            let matches = start >= region && chars[start..].iter().copied().eq(ending.chars());
            let verb_vowel_before =
                !after_vowel || start > 0 && VERB_STEM_VOWELS.contains(chars[start - 1]);
            (matches && verb_vowel_before).then_some(len)
        })
        .max()
}
