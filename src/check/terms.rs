//! The glossary against the text: a term no standard or checklist uses, and
//! names of different terms that share word forms (text can link only one).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::language::{WordStemmer, normalize, words};
use crate::markdown::{ProseBlock, Target};
use crate::model::Book;

/// Warns about terms that appear in no standard and no checklist, in any word form.
pub(super) fn unused(book: &Book, prose: &[Vec<ProseBlock>], out: &mut Vec<Diagnostic>) {
    if book.terms.is_empty() {
        return;
    }
    let used = used_terms(book, prose);
    let file = Path::new("terms.yaml");
    let text = book.sources.get(file).unwrap_or_default();
    for (i, term) in book.terms.iter().enumerate() {
        if used.contains(&i) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::UnusedTerm,
                format!(
                    "«{}» is defined but no standard or checklist uses it",
                    term.term
                ),
            )
            .at(Location::at_offset(
                file,
                text,
                term.offset,
                term.term.len(),
            ))
            .hint("use the term where it applies, or remove it if the book no longer needs it"),
        );
    }
}

/// Indices of the terms that some standard (its title or `prose`) or checklist names.
fn used_terms(book: &Book, prose: &[Vec<ProseBlock>]) -> HashSet<usize> {
    let matcher = crate::model::glossary::matcher(&book.terms, book.config.language, true);
    let mut used: HashSet<usize> = book
        .standards
        .par_iter()
        .zip(prose)
        .flat_map_iter(|(standard, blocks)| {
            let mut named = matcher.named(&standard.meta.title);
            blocks
                .iter()
                .for_each(|b| named.extend(matcher.named(&b.text)));
            named
        })
        .collect();
    let mut note = |text: &str| used.extend(matcher.named(text));
    for checklist in &book.checklists {
        note(&checklist.title);
        for section in &checklist.sections {
            note(&section.title);
            for item in &section.items {
                note(item.text());
                note(item.hint().unwrap_or_default());
            }
        }
    }
    let linked = book.standards.iter().flat_map(|s| &s.references);
    used.extend(linked.filter_map(|reference| match &reference.target {
        Target::Term(name) => book.term_index(name),
        _ => None,
    }));
    used
}

/// Warns when names of two terms have the same stems: running text can link only the first.
pub(super) fn shared_word_forms(book: &Book, out: &mut Vec<Diagnostic>) {
    let stemmer = WordStemmer::new(book.config.language);
    let file = Path::new("terms.yaml");
    let text = book.sources.get(file).unwrap_or_default();
    let mut owners: HashMap<Vec<String>, (usize, &str)> = HashMap::new();
    let linked = book.terms.iter().enumerate().filter(|(_, t)| t.autolink);
    for (i, term) in linked {
        for name in term.names() {
            let stems: Vec<String> = words(name).iter().map(|(_, w)| stemmer.stem(w)).collect();
            match owners.get(&stems) {
                Some(&(owner, other)) if owner != i && normalize(other) != normalize(name) => {
                    let offset = text[term.offset..]
                        .find(name)
                        .map_or(term.offset, |at| term.offset + at);
                    out.push(
                        Diagnostic::new(
                            Code::SharedWordForms,
                            format!(
                                "«{name}» of «{}» has the same word forms as «{other}» of «{}»",
                                term.term, book.terms[owner].term
                            ),
                        )
                        .at(Location::at_offset(file, text, offset, name.len()))
                        .hint(format!(
                            "text that uses them links only to «{}»; drop the name from one term, \
                             or set `autolink: false` on one",
                            book.terms[owner].term
                        )),
                    );
                }
                Some(_) => {}
                None => {
                    owners.insert(stems, (i, name));
                }
            }
        }
    }
}
