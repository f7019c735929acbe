//! Search: the book's index, built at build time and queried in the browser.
//!
//! [`records`] cuts the book into places a reader can land on, [`index`]
//! stems their words and weighs every stem per record (BM25), and [`shards`]
//! writes the result as small `<script>` files. The browser side
//! (`themes/default/static/search/`) tokenizes and stems a query exactly as
//! [`index::for_each_term`] does — a test runs both stemmers over the same
//! vocabulary — and loads only the shards a query needs.
//!
//! An [`IndexCache`] remembers each standard's counted records, so `serve`
//! re-reads only the standards whose text (or number) changed.

pub mod index;
pub mod records;
mod shards;

pub use shards::FOLDER;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Result;
use crate::language::WordStemmer;
use crate::model::Book;
use crate::model::standard::Standard;
use index::{Indexed, Postings, Vocabulary};
use records::Place;

/// The index files of `book`: site-relative path and contents.
pub fn index_files(book: &Book) -> Vec<(String, Vec<u8>)> {
    let files = std::sync::Mutex::new(Vec::new());
    let collect = |path: &str, bytes| {
        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_string(), bytes));
        Ok(())
    };
    // Collecting cannot fail.
    let _ = IndexCache::default().write_index(book, &collect);
    files.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// What indexing a book produced, kept to index the next version faster.
#[derive(Debug, Default)]
pub struct IndexCache {
    vocabulary: Vocabulary,
    /// Each standard's records, by page name.
    standards: HashMap<String, CachedStandard>,
    /// Whether the records outlive the call that counted them.
    retain: bool,
}

#[derive(Debug)]
struct CachedStandard {
    /// The source text the records were made from.
    source: Arc<str>,
    /// The number shown in the records' titles.
    number: String,
    records: Vec<Indexed>,
}

impl IndexCache {
    /// A cache that keeps each standard's counted records for the next call
    /// (`serve`, `watch`). A default one frees them once the files are made.
    pub fn retaining() -> Self {
        IndexCache {
            retain: true,
            ..IndexCache::default()
        }
    }

    /// Hands the index files of `book` to `write` (site-relative path,
    /// contents) as they are made, reusing the records of standards whose
    /// text and number are those of the previous call; returns how many
    /// files there were.
    pub fn write_index<W>(&mut self, book: &Book, write: &W) -> Result<usize>
    where
        W: Fn(&str, Vec<u8>) -> Result<()> + Sync + ?Sized,
    {
        let stemmer = WordStemmer::new(book.config.language);
        self.update_standards(book, &stemmer);
        let data: Vec<Indexed> = records::data_records(book)
            .into_iter()
            .map(|record| Indexed::count(record, &stemmer, &self.vocabulary))
            .collect();
        let ordered: Vec<&Indexed> = book
            .standards
            .iter()
            .flat_map(|s| &self.standards[&s.page_name()].records)
            .chain(&data)
            .collect();
        let postings = Postings::build(&ordered, &self.vocabulary);
        let places: Vec<&Place> = ordered.iter().map(|r| &r.place).collect();
        let files = shards::write_files(&places, &postings, &meta(book), write);
        if !self.retain {
            self.standards = HashMap::default();
        }
        files
    }

    fn update_standards(&mut self, book: &Book, stemmer: &WordStemmer) {
        let pages: HashMap<String, &Standard> =
            book.standards.iter().map(|s| (s.page_name(), s)).collect();
        self.standards.retain(|page, cached| {
            pages.get(page).is_some_and(|s| {
                Arc::ptr_eq(&cached.source, &s.source) && cached.number == s.number
            })
        });
        let missing: Vec<&Standard> = book
            .standards
            .iter()
            .filter(|s| !self.standards.contains_key(&s.page_name()))
            .collect();
        let counted: Vec<Vec<Indexed>> = missing
            .par_iter()
            .map(|standard| count_standard(standard, stemmer, &self.vocabulary))
            .collect();
        for (standard, records) in missing.iter().zip(counted) {
            let cached = CachedStandard {
                source: standard.source.clone(),
                number: standard.number.clone(),
                records,
            };
            self.standards.insert(standard.page_name(), cached);
        }
    }
}

fn count_standard(
    standard: &Standard,
    stemmer: &WordStemmer,
    vocabulary: &Vocabulary,
) -> Vec<Indexed> {
    records::standard_records(standard)
        .into_iter()
        .map(|record| Indexed::count(record, stemmer, vocabulary))
        .collect()
}

fn meta(book: &Book) -> shards::Meta {
    let suggestions = book
        .terms
        .iter()
        .flat_map(|t| std::iter::once(&t.term).chain(&t.aliases))
        .cloned()
        .collect();
    shards::Meta {
        language: book.config.language.tag(),
        suggestions,
    }
}
