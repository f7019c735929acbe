//! A light stemmer for Ukrainian, which Snowball does not cover.
//!
//! Built like Snowball's Russian stemmer: the ending is looked for only after
//! the first vowel (the region RV), and the longest ending found is removed —
//! after a reflexive `-ся`/`-сь`. Endings of the past tense and the
//! infinitive (`-ла`, `-ти`, `-в`, …) count only after the vowels verb stems
//! end in (`а`, `я`, `и`, `і`), so «школа» keeps its `л` (a noun like «сила»
//! still loses it, as in Snowball's Russian). Then a final `и` or `ь` goes, so «говорити» and «говорю»
//! meet at «говор». `themes/default/static/search/stem.js` holds the same
//! rules for the browser; a test requires both to agree on every word of the
//! test vocabulary, and `tests/data/uk-forms.txt` lists word forms that must
//! share a stem.

const VOWELS: &str = "аеєиіїоуюя";

/// Endings removed wherever they stand in RV: adjectives, nouns (including
/// `-ість`), verbs, gerunds.
const ENDINGS: &[&str] = &[
    // adjectives
    "ого",
    "ього",
    "ому",
    "ьому",
    "ої",
    "ьої",
    "ою",
    "ьою",
    "ими",
    "іми",
    "ий",
    "ій",
    "им",
    "ім",
    "их",
    "іх", // nouns
    "ами",
    "ями",
    "іями",
    "ах",
    "ях",
    "іях",
    "ам",
    "ям",
    "іям",
    "ові",
    "еві",
    "єві",
    "ом",
    "ем",
    "єм",
    "ею",
    "єю",
    "ією",
    "ів",
    "їв",
    "ія",
    "ії",
    "ію",
    "ість",
    "ості",
    "істю",
    "остей",
    "остям",
    "остями",
    "остях",
    "а",
    "я",
    "о",
    "е",
    "є",
    "у",
    "ю",
    "і",
    "ї",
    "и", // verbs
    "ємо",
    "єте",
    "ють",
    "емо",
    "ете",
    "уть",
    "имо",
    "імо",
    "ите",
    "ять",
    "ать",
    "єш",
    "еш",
    "иш",
    "ить",
    "іть",
    "єть",
    "еть",
    "ймо",
    "йте", // gerunds
    "ючи",
    "учи",
    "ячи",
    "ачи",
    "вши",
];

/// The vowels a verb stem ends in before [`AFTER_VOWEL`] endings.
const VERB_STEM_VOWELS: &str = "аяиі";

/// Endings removed only after [`VERB_STEM_VOWELS`]: the past tense, the infinitive.
const AFTER_VOWEL: &[&str] = &["ти", "ть", "в", "ла", "ло", "ли", "ши"];

/// Reflexive endings, removed first.
const REFLEXIVE: &[&str] = &["ся", "сь"];

/// The stem of a lowercased Ukrainian word.
pub fn stem(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let Some(first_vowel) = chars.iter().position(|c| VOWELS.contains(*c)) else {
        return word.to_string();
    };
    let region = first_vowel + 1;
    if let Some(len) = longest_ending(&chars, region, REFLEXIVE, false) {
        chars.truncate(chars.len() - len);
    }
    let plain = longest_ending(&chars, region, ENDINGS, false).unwrap_or(0);
    let after_vowel = longest_ending(&chars, region, AFTER_VOWEL, true).unwrap_or(0);
    chars.truncate(chars.len() - plain.max(after_vowel));
    if chars.len() > region && matches!(chars.last(), Some('и' | 'ь')) {
        chars.pop();
    }
    chars.into_iter().collect()
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
