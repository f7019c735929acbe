//! Russian stems: Snowball's algorithm, then a few rules for what it is
//! known to get wrong.
//!
//! Snowball merges words that only share a root: the adjective with its
//! adverb and its noun in `-ость` («активный», «активно», «активность»), the
//! verb with its participles and its reflexive form («называть»,
//! «называемый», «называться»), and adjectives in `-нный` with nouns
//! («данные», «дан»). It also splits one word whose vowel drops out
//! («конец», «конца») or whose verb suffix alternates («использовал»,
//! «используют»). The rules below keep those apart or together, measured
//! against treebank lemmas by `benches/stemmer`. The browser's copy is
//! `stemRu` in `themes/default/static/search/stem.js`.

use rust_stemmers::Stemmer;

/// Inflected endings of nouns in `-ость`, kept as the marker «ост».
const OST_ENDINGS: &[&str] = &["ость", "ости", "остью", "остей", "остям", "остями", "остях"];

/// Adjective endings, after which a participle's suffix is kept.
const ADJECTIVE_ENDINGS: &[&str] = &[
    "ий", "ая", "ее", "ие", "его", "ему", "ей", "им", "ими", "их", "ую", "ое", "ого", "ому", "ой",
    "ые", "ый", "ым", "ыми", "ых", "юю", "ою",
];

/// Suffixes of active participles («действующий», «ставший»).
const PARTICIPLE_SUFFIXES: &[&str] = &["ющ", "ущ", "ащ", "ящ", "ш"];

const VOWELS: &str = "аеиоуыэюя";

/// Nouns in `-ило`/`-ила` that Snowball cuts as past-tense verbs («правил» →
/// «прав», beside «правы»), as their stems.
const NOUNS_LIKE_VERBS: &[&str] = &[
    "правил",
    "могил",
    "светил",
    "крыл",
    "мыл",
    "чернил",
    "стропил",
    "зубил",
    "горнил",
    "удил",
    "шил",
    "кадил",
    "вил",
];

/// The endings those nouns take.
const NOUN_ENDINGS: &[&str] = &["", "а", "о", "у", "е", "ы", "ой", "ом", "ам", "ами", "ах"];

/// The stem of a lowercased Russian word (`ё` already read as `е`), given
/// Snowball's stem of it.
pub fn stem(snowball: &Stemmer, word: &str) -> String {
    let mut stem = core_stem(snowball, word);
    if is_reflexive(word) && !is_reflexive(&stem) {
        stem.push_str("ся");
    }
    stem
}

/// The stem without the reflexive marker.
fn core_stem(snowball: &Stemmer, word: &str) -> String {
    if let Some(noun) = noun_like_verb(word) {
        return noun.to_string();
    }
    let base = snowball.stem(word).into_owned();
    if OST_ENDINGS
        .iter()
        .any(|ending| word.strip_suffix(ending) == Some(base.as_str()))
    {
        return base + "ост";
    }
    if let Some(participle) = participle_stem(word) {
        return participle.to_string();
    }
    if is_adverb(word, &base) {
        return word.to_string();
    }
    let mut stem = base;
    if stem.ends_with('н')
        && word
            .get(stem.len()..)
            .is_some_and(|rest| rest.starts_with('н'))
    {
        stem.push('н');
    }
    if stem.chars().count() >= 6 && (stem.ends_with("ова") || stem.ends_with("ева")) {
        stem.truncate(stem.len() - "ова".len());
    }
    drop_fleeting_vowel(&mut stem);
    stem
}

/// The stem of a noun Snowball would read as a verb.
fn noun_like_verb(word: &str) -> Option<&'static str> {
    NOUNS_LIKE_VERBS.iter().copied().find(|noun| {
        word.strip_prefix(noun)
            .is_some_and(|ending| NOUN_ENDINGS.contains(&ending))
    })
}

/// Whether the word ends in the reflexive `-ся`/`-сь`.
fn is_reflexive(word: &str) -> bool {
    word.ends_with("ся") || word.ends_with("сь")
}

/// An active participle keeps its suffix: «действующий» → «действующ».
fn participle_stem(word: &str) -> Option<&str> {
    let ending = ADJECTIVE_ENDINGS
        .iter()
        .filter(|e| word.ends_with(*e))
        .max_by_key(|e| e.len())?;
    let rest = &word[..word.len() - ending.len()];
    let is_participle = PARTICIPLE_SUFFIXES.iter().any(|s| rest.ends_with(s));
    (is_participle && rest.chars().count() >= 4).then_some(rest)
}

/// An adverb in `-но`/`-ко` («активно») keeps its `о`, apart from its adjective.
fn is_adverb(word: &str, base: &str) -> bool {
    (word.ends_with("но") || word.ends_with("ко"))
        && word.chars().count() >= 6
        && word.strip_suffix('о') == Some(base)
}

/// «конец» and «конца» meet at «конц»: an `о`/`е` between two consonants
/// before a final `к` or `ц` drops out.
fn drop_fleeting_vowel(stem: &mut String) {
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    if n < 4 {
        return;
    }
    let before = chars[n - 3];
    if matches!(chars[n - 1], 'к' | 'ц')
        && matches!(chars[n - 2], 'о' | 'е')
        && !VOWELS.contains(before)
        && !matches!(before, 'ь' | 'й')
    {
        let at = stem.char_indices().nth(n - 2).map(|(i, _)| i).unwrap_or(0);
        stem.remove(at);
    }
}
