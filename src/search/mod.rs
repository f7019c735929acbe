//! Search: the book's index, built at build time and queried in the browser.
//!
//! [`records`] cuts the book into places a reader can land on, [`index`]
//! stems their words and weighs every stem per record (BM25), and [`shards`]
//! writes the result as small `<script>` files. The browser side
//! (`themes/default/static/search/`) tokenizes and stems a query exactly as
//! [`index::for_each_term`] does — a test runs both stemmers over the same
//! vocabulary — and loads only the shards a query needs.

pub mod index;
pub mod records;
pub mod shards;

use rayon::prelude::*;

use crate::language::WordStemmer;
use crate::model::Book;
use index::{Postings, RecordTerms};
use records::Record;

/// The index files of `book`: site-relative path and contents.
pub fn index_files(book: &Book) -> Vec<(String, Vec<u8>)> {
    let stemmer = WordStemmer::new(book.config.language);
    let mut records: Vec<Record> = book
        .standards
        .par_iter()
        .flat_map_iter(records::standard_records)
        .collect();
    records.extend(records::data_records(book));
    let terms: Vec<RecordTerms> = records
        .par_iter()
        .map(|record| index::record_terms(record, &stemmer))
        .collect();
    let postings = Postings::build(&terms);
    shards::files(&records, &postings, &meta(book))
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
