//! Records become an inverted index: for every stem, the records that hold it
//! and how strongly.
//!
//! Words are cut by [`language::words`], lowercased with `ё` read as `е`, and
//! stemmed per language; a hyphenated word is indexed by its parts and by its
//! parts joined (`дресс-код` is found by «дресс код» and by «дресскод»).
//! Each posting carries a BM25 weight computed here — field boosts, term
//! frequency saturation and length normalization — quantized to one of
//! [`LEVELS`] levels; the browser multiplies it by the stem's rarity (idf),
//! which it derives from the number of postings.

use std::cell::RefCell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::records::{Field, Place, Record};
use crate::language::{self, WordStemmer};

/// Number of weight levels a posting can have.
pub const LEVELS: u32 = 16;
/// The weight of level 0; each level is [`LEVEL_STEP`] times the one below.
pub const LEVEL_BASE: f64 = 0.05;
/// The ratio between neighbouring levels.
pub const LEVEL_STEP: f64 = 1.4;

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalization.
const B: f64 = 0.75;

/// Calls `each` with the index terms of every word of `text`.
pub fn for_each_term(text: &str, stemmer: &WordStemmer, mut each: impl FnMut(&str)) {
    for_each_word(text, |word| stemmer.with_stem(word, &mut each));
}

/// Calls `each` with every word of `text` that is indexed: a hyphenated
/// word's parts, then its parts joined.
fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    for (_, word) in language::words(text) {
        if word.contains('-') {
            let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
            for part in &parts {
                each(part);
            }
            each(&parts.concat());
        } else {
            each(word);
        }
    }
}

/// Counts the stems of a record, numbered in `vocabulary`.
pub fn count_terms(record: &Record, stemmer: &WordStemmer, vocabulary: &Vocabulary) -> Counted {
    let mut weights: HashMap<u32, f32> = HashMap::default();
    let mut length = 0;
    NUMBERS.with(|cell| {
        let mut memo = cell.borrow_mut();
        if memo.0 != vocabulary.id || memo.1.len() >= MEMO_LIMIT {
            *memo = (vocabulary.id, HashMap::default());
        }
        for (field, text) in &record.fields {
            let weight = field.weight();
            for_each_word(text, |word| {
                if *field != Field::Context {
                    length += 1;
                }
                let number = match memo.1.get(word) {
                    Some(&number) => number,
                    None => {
                        let number = vocabulary.number(&stemmer.stem_uncached(word));
                        memo.1.insert(word.to_string(), number);
                        number
                    }
                };
                *weights.entry(number).or_default() += weight;
            });
        }
    });
    Counted {
        terms: weights.into_iter().collect(),
        length,
    }
}

/// Most distinct words a thread remembers the numbers of.
const MEMO_LIMIT: usize = 100_000;

thread_local! {
    /// Word → number of its stem, in the vocabulary with this id. Words
    /// repeat, so most are neither stemmed nor numbered again.
    static NUMBERS: RefCell<(u64, HashMap<String, u32>)> = RefCell::default();
}

/// Every stem seen, numbered, so records hold small numbers instead of
/// strings; shared by the threads that count records.
#[derive(Debug)]
pub struct Vocabulary {
    /// Tells this vocabulary's numbers from another's in the threads' memos.
    id: u64,
    stems: Mutex<Stems>,
}

#[derive(Debug, Default)]
struct Stems {
    numbers: HashMap<String, u32>,
    stems: Vec<String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        static IDS: AtomicU64 = AtomicU64::new(1);
        Vocabulary {
            id: IDS.fetch_add(1, Ordering::Relaxed),
            stems: Mutex::default(),
        }
    }
}

impl Vocabulary {
    /// The number of `stem`, given one if it is new.
    pub fn number(&self, stem: &str) -> u32 {
        let mut stems = self.stems();
        if let Some(&n) = stems.numbers.get(stem) {
            return n;
        }
        let n = stems.stems.len() as u32;
        stems.stems.push(stem.to_string());
        stems.numbers.insert(stem.to_string(), n);
        n
    }

    /// Every stem, in the order of their numbers.
    fn stems(&self) -> std::sync::MutexGuard<'_, Stems> {
        self.stems.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A record's numbered stems with their field-weighted counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counted {
    /// Stem numbers with the sum of their occurrences' field weights.
    pub terms: Vec<(u32, f32)>,
    /// Number of words of the record's own text (its length for BM25).
    pub length: u32,
}

/// A record ready for the index: where it leads and its numbered stems.
#[derive(Debug, Clone, PartialEq)]
pub struct Indexed {
    /// What a result shows.
    pub place: Place,
    /// Its stems, counted.
    pub counted: Counted,
}

impl Indexed {
    /// Counts the stems of `record`, numbered in `vocabulary`.
    pub fn count(record: Record, stemmer: &WordStemmer, vocabulary: &Vocabulary) -> Indexed {
        Indexed {
            counted: count_terms(&record, stemmer, vocabulary),
            place: record.place,
        }
    }
}

/// The inverted index: each stem with its postings `(record number, level)`,
/// record numbers ascending.
#[derive(Debug, Default)]
pub struct Postings {
    /// Stems in the browser's string order (UTF-16 code units), each with its postings.
    pub stems: Vec<(String, Vec<(u32, u8)>)>,
}

impl Postings {
    /// Builds the index of `records`, numbered in the order given.
    pub fn build(records: &[&Indexed], vocabulary: &Vocabulary) -> Self {
        let total: u64 = records.iter().map(|r| u64::from(r.counted.length)).sum();
        let average = (total as f64 / records.len().max(1) as f64).max(1.0);
        let vocabulary = vocabulary.stems();
        let mut sizes = vec![0usize; vocabulary.stems.len()];
        for record in records {
            for &(stem, _) in &record.counted.terms {
                sizes[stem as usize] += 1;
            }
        }
        let mut by_stem: Vec<Vec<(u32, u8)>> = sizes.into_iter().map(Vec::with_capacity).collect();
        for (number, record) in records.iter().enumerate() {
            let norm = K1 * (1.0 - B + B * f64::from(record.counted.length) / average);
            for &(stem, weight) in &record.counted.terms {
                let weight = f64::from(weight);
                let saturated = weight * (K1 + 1.0) / (weight + norm);
                by_stem[stem as usize].push((number as u32, level(saturated)));
            }
        }
        let mut stems: Vec<(String, Vec<(u32, u8)>)> = by_stem
            .into_iter()
            .enumerate()
            .filter(|(_, postings)| !postings.is_empty())
            .map(|(n, postings)| (vocabulary.stems[n].clone(), postings))
            .collect();
        stems.par_sort_unstable_by(|a, b| utf16_order(&a.0, &b.0));
        Postings { stems }
    }

    /// The postings of `stem`, if any record holds it (the browser's lookup, for tests).
    #[cfg(test)]
    pub fn get(&self, stem: &str) -> Option<&[(u32, u8)]> {
        self.stems
            .binary_search_by(|(s, _)| utf16_order(s, stem))
            .ok()
            .map(|i| self.stems[i].1.as_slice())
    }
}

/// The browser's string order (by UTF-16 code units): the order of code
/// points, except that a character beyond U+FFFF (a surrogate pair) sorts
/// before U+E000–U+FFFF. Compares bytes up to the first difference, then
/// the two characters there.
pub fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    let common = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let start = (0..=common)
        .rev()
        .find(|&i| a.is_char_boundary(i))
        .unwrap_or(0);
    match (a[start..].chars().next(), b[start..].chars().next()) {
        (Some(x), Some(y)) => first_unit(x).cmp(&first_unit(y)),
        _ => a.len().cmp(&b.len()),
    }
}

/// A character's first UTF-16 code unit, then the character to order
/// characters that share it (those beyond U+FFFF share high surrogates).
fn first_unit(c: char) -> (u16, char) {
    let mut units = [0u16; 2];
    (c.encode_utf16(&mut units)[0], c)
}

/// The level of a BM25 term weight.
/// The nearest level on the logarithmic scale: the number of level
/// boundaries (halfway between two levels' weights) at or below `weight`.
pub fn level(weight: f64) -> u8 {
    static BOUNDARIES: std::sync::LazyLock<Vec<f64>> = std::sync::LazyLock::new(|| {
        (1..LEVELS)
            .map(|k| LEVEL_BASE * LEVEL_STEP.powf(f64::from(k) - 0.5))
            .collect()
    });
    BOUNDARIES.partition_point(|&boundary| boundary <= weight) as u8
}

/// The weight a level stands for.
pub fn level_weight(level: u8) -> f64 {
    LEVEL_BASE * LEVEL_STEP.powi(i32::from(level))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;
    use crate::search::records::Kind;

    fn record(fields: &[(Field, &str)]) -> Record {
        Record {
            place: Place {
                url: "x.html".into(),
                title: "X".into(),
                section: String::new(),
                kind: Kind::Standard,
                excerpt: String::new(),
            },
            fields: fields.iter().map(|(f, t)| (*f, t.to_string())).collect(),
        }
    }

    fn terms(text: &str) -> Vec<String> {
        let stemmer = WordStemmer::new(Language::Ru);
        let mut out = Vec::new();
        for_each_term(text, &stemmer, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn hyphenated_words_are_indexed_by_parts_and_joined() {
        assert_eq!(terms("Дресс-код"), ["дресс", "код", "дресскод"]);
        assert_eq!(terms("стоп-фразы"), ["стоп", "фраз", "стопфраз"]);
    }

    #[test]
    fn word_forms_and_yo_share_a_term() {
        assert_eq!(terms("Недовольными клиентами"), terms("недовольный клиент"));
        assert_eq!(terms("ещё"), terms("еще"));
        assert_eq!(terms("24/7 CRM"), ["24", "7", "crm"]);
    }

    #[test]
    fn titles_outweigh_body_text_and_short_records_outweigh_long_ones() {
        let stemmer = WordStemmer::new(Language::Ru);
        let filler = "слово ".repeat(40);
        let records = [
            record(&[(Field::Title, "Жалобы"), (Field::Body, "Текст о клиентах.")]),
            record(&[(Field::Body, "Как принять жалобу от клиента.")]),
            record(&[(Field::Body, &format!("Жалоба. {filler}"))]),
        ];
        let vocabulary = Vocabulary::default();
        let indexed: Vec<Indexed> = records
            .iter()
            .map(|r| Indexed::count(r.clone(), &stemmer, &vocabulary))
            .collect();
        let index = Postings::build(&indexed.iter().collect::<Vec<_>>(), &vocabulary);
        let postings = index.get(&stemmer.stem("жалоба")).expect("indexed");
        assert_eq!(postings.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(postings[0].1 > postings[1].1, "{postings:?}");
        assert!(postings[1].1 > postings[2].1, "{postings:?}");
        assert!(index.get("нет").is_none());
    }

    #[test]
    fn stems_sort_as_the_browser_compares_strings() {
        let words = [
            "б",
            "а",
            "аб",
            "\u{FFFD}",
            "\u{1F600}",
            "z",
            "ab",
            "а\u{10000}",
            "а\u{E000}",
        ];
        let mut ours: Vec<&str> = words.to_vec();
        ours.sort_by(|a, b| utf16_order(a, b));
        let mut browser: Vec<&str> = words.to_vec();
        browser.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(ours, browser);
        assert_eq!(ours[0], "ab", "Latin before Cyrillic");
        assert!(
            ours.iter().position(|w| *w == "\u{1F600}")
                < ours.iter().position(|w| *w == "\u{FFFD}"),
            "a surrogate pair sorts before U+FFFD, as in JavaScript"
        );
    }

    #[test]
    fn levels_round_trip_within_one_step() {
        for weight in [0.05f64, 0.3, 1.0, 2.2, 6.0] {
            let back = level_weight(level(weight));
            assert!(
                (back / weight).ln().abs() <= LEVEL_STEP.ln() / 2.0 + 1e-3,
                "{weight} → {back}"
            );
        }
        assert_eq!(level(100.0), (LEVELS - 1) as u8);
        assert_eq!(level(0.0), 0);
        for k in 0..LEVELS as u8 {
            assert_eq!(
                level(level_weight(k)),
                k,
                "a level's own weight keeps its level"
            );
        }
    }
}
