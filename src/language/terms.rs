//! Automatic term links: finds glossary terms in any word form in running text.
//!
//! Every name of a term (the term, its aliases and listed forms) is split into
//! words and stemmed; a text matches when consecutive words have the same
//! stems. The longest match wins, so «тайный покупатель» beats «покупатель».

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{WordStemmer, words};

/// A piece of text: plain, or a match of the term with this index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text without a term.
    Plain(&'a str),
    /// Text that names the term `terms[index]`.
    Term(&'a str, usize),
}

/// Finds terms in text.
pub struct TermMatcher {
    stemmer: WordStemmer,
    /// First stem → (stems of a whole name, term index), longest names first.
    by_first_stem: HashMap<String, Vec<(Vec<String>, usize)>>,
}

impl TermMatcher {
    /// A matcher for `terms`: each term's index with every name it is known by.
    pub fn new<'n, Names>(
        terms: impl IntoIterator<Item = (usize, Names)>,
        stemmer: WordStemmer,
    ) -> Self
    where
        Names: IntoIterator<Item = &'n str>,
    {
        let mut by_first_stem: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (index, names) in terms {
            for name in names {
                let stems: Vec<String> = words(name).iter().map(|(_, w)| stemmer.stem(w)).collect();
                if let Some(first) = stems.first() {
                    by_first_stem
                        .entry(first.clone())
                        .or_default()
                        .push((stems, index));
                }
            }
        }
        for names in by_first_stem.values_mut() {
            names.sort_by_key(|name| std::cmp::Reverse(name.0.len()));
        }
        TermMatcher {
            stemmer,
            by_first_stem,
        }
    }

    /// Splits `text` into plain text and term matches, linking each term at most
    /// once per `linked` set (one set per page section).
    pub fn split<'a>(&self, text: &'a str, linked: &mut HashSet<usize>) -> Vec<Segment<'a>> {
        let mut segments = Vec::new();
        let mut plain_from = 0;
        for (range, term) in self.find(text, Some(linked)) {
            if plain_from < range.start {
                segments.push(Segment::Plain(&text[plain_from..range.start]));
            }
            plain_from = range.end;
            segments.push(Segment::Term(&text[range], term));
        }
        if plain_from < text.len() {
            segments.push(Segment::Plain(&text[plain_from..]));
        }
        segments
    }

    /// The terms named anywhere in `text`, each time it names them.
    pub fn named(&self, text: &str) -> Vec<usize> {
        self.find(text, None)
            .into_iter()
            .map(|(_, term)| term)
            .collect()
    }

    /// Each place `text` names a term, left to right, as (byte range, term).
    /// With `linked`, terms in it are skipped and each term found is added.
    fn find(
        &self,
        text: &str,
        mut linked: Option<&mut HashSet<usize>>,
    ) -> Vec<(Range<usize>, usize)> {
        let mut found = Vec::new();
        if self.by_first_stem.is_empty() {
            return found;
        }
        let tokens = words(text);
        // Stems of the words after a possible first word, stemmed when asked.
        let mut stems: Vec<Option<String>> = vec![None; tokens.len()];
        let none = HashSet::new();
        let mut i = 0;
        while i < tokens.len() {
            let skip = linked.as_deref().unwrap_or(&none);
            let Some((len, term)) = self.match_at(text, &tokens, &mut stems, i, skip) else {
                i += 1;
                continue;
            };
            let (last_start, last_word) = tokens[i + len - 1];
            found.push((tokens[i].0..last_start + last_word.len(), term));
            if let Some(linked) = linked.as_deref_mut() {
                linked.insert(term);
            }
            i += len;
        }
        found
    }

    /// The longest name of a term not in `linked` that starts at word `i`:
    /// its length in words, and the term.
    fn match_at(
        &self,
        text: &str,
        tokens: &[(usize, &str)],
        stems: &mut [Option<String>],
        i: usize,
        linked: &HashSet<usize>,
    ) -> Option<(usize, usize)> {
        // Most words start no name: their stem is looked up, never copied.
        let candidates = self
            .stemmer
            .with_stem(tokens[i].1, |stem| self.by_first_stem.get(stem))?;
        candidates.iter().find_map(|(name, term)| {
            let fits = !linked.contains(term)
                && i + name.len() <= tokens.len()
                && name[1..].iter().enumerate().all(|(k, stem)| {
                    let at = i + 1 + k;
                    stems[at].get_or_insert_with(|| self.stemmer.stem(tokens[at].1)) == stem
                })
                && only_spaces_between(text, &tokens[i..i + name.len()]);
            fits.then_some((name.len(), *term))
        })
    }
}

fn only_spaces_between(text: &str, tokens: &[(usize, &str)]) -> bool {
    tokens.windows(2).all(|pair| {
        let gap = &text[pair[0].0 + pair[0].1.len()..pair[1].0];
        !gap.is_empty() && gap.chars().all(|c| c.is_whitespace() || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;

    fn matches(text: &str, terms: &[&[&str]]) -> Vec<(String, usize)> {
        let names = terms.iter().map(|names| names.iter().copied()).enumerate();
        let matcher = TermMatcher::new(names, WordStemmer::new(Language::Ru));
        matcher
            .split(text, &mut HashSet::new())
            .into_iter()
            .filter_map(|s| match s {
                Segment::Term(t, i) => Some((t.to_string(), i)),
                Segment::Plain(_) => None,
            })
            .collect()
    }

    #[test]
    fn inflected_forms_link_once_per_section() {
        let terms: [&[&str]; 1] = [&["Клиент"]];
        let found = matches("Выслушайте клиента. Потом клиенту ответьте.", &terms);
        assert_eq!(found, [("клиента".to_string(), 0)]);
    }

    #[test]
    fn longest_name_wins() {
        let terms: [&[&str]; 2] = [&["Покупатель"], &["Тайный покупатель", "Mystery shopper"]];
        let found = matches("Визит тайного покупателя и обычного покупателя", &terms);
        assert_eq!(
            found,
            [
                ("тайного покупателя".to_string(), 1),
                ("покупателя".to_string(), 0)
            ]
        );
    }

    #[test]
    fn words_split_by_punctuation_do_not_form_a_term() {
        let terms: [&[&str]; 1] = [&["Тайный покупатель"]];
        assert!(matches("Он тайный. Покупатель пришёл", &terms).is_empty());
    }
}
