//! Navigation: when a chapter lists its standards in `chapter.yaml`
//! (`standards: [COM-01, COM-02]`), the list must name standards of that
//! folder, and a standard the list leaves out is reachable only by links.

use super::suggest;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{Book, Chapter};

/// Reports listed ids that are not in the chapter, and standards left out.
pub(super) fn chapter_lists(book: &Book, out: &mut Vec<Diagnostic>) {
    for chapter in &book.chapters {
        let Some(listed) = &chapter.listed else {
            continue;
        };
        unknown_listed(book, chapter, listed, out);
        for standard in &book.standards[chapter.navigable().end..chapter.standards.end] {
            let id = &standard.meta.id;
            let (offset, len) = crate::yaml::locate_key(&standard.source, "id").unwrap_or((0, 1));
            out.push(
                Diagnostic::new(
                    Code::NotInNavigation,
                    format!("{id} is left out of the navigation"),
                )
                .at(Location::at_offset(&standard.path, &standard.source, offset, len))
                .hint(format!(
                    "{} lists the chapter's standards under `standards:` and not {id}; add it there, \
                     or readers reach the page only through links and search",
                    chapter.file().display()
                )),
            );
        }
    }
}

fn unknown_listed(book: &Book, chapter: &Chapter, listed: &[String], out: &mut Vec<Diagnostic>) {
    let file = chapter.file();
    let text = book.sources.get(&file).unwrap_or_default();
    let here: Vec<&str> = book.standards[chapter.standards.clone()]
        .iter()
        .map(|s| s.meta.id.as_str())
        .collect();
    for id in listed.iter().filter(|id| !here.contains(&id.as_str())) {
        let offset = find_word(text, id).unwrap_or(0);
        let elsewhere = book
            .standard(id)
            .map(|s| format!("{id} is in {}; ", s.path.display()));
        out.push(
            Diagnostic::new(
                Code::UnknownListed,
                format!("`{id}` is not a standard of {}/", chapter.dir.display()),
            )
            .at(Location::at_offset(&file, text, offset, id.len()))
            .hint(elsewhere.unwrap_or_default() + &suggest(id, &here)),
        );
    }
}

/// The first place `word` stands in `text` not as part of a longer id.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let part_of_id = |c: char| c.is_alphanumeric() || c == '-';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(part_of_id) && !after.is_some_and(part_of_id)
    })
}
