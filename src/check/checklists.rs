//! Checklists: one without items cannot be ticked, scored or printed usefully.

use super::at_key;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Book;

/// Warns about checklists without items and sections without items; a pass
/// mark over 100 % is an error (no one could reach it).
pub(super) fn empty(book: &Book, out: &mut Vec<Diagnostic>) {
    for checklist in &book.checklists {
        if let Some(score) = checklist.pass_score.filter(|s| *s > 100) {
            out.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`pass_score: {score}` cannot be reached: a score is a percentage of the items' weight"),
                )
                .at(at_key(book, &checklist.path, "pass_score", &score.to_string(), 0))
                .hint("give a percentage from 0 to 100, such as `pass_score: 80`"),
            );
        }
        if checklist.sections.iter().all(|s| s.items.is_empty()) {
            out.push(
                Diagnostic::new(
                    Code::EmptyChecklist,
                    format!("checklist `{}` has no items", checklist.id),
                )
                .at(at_key(book, &checklist.path, "id", &checklist.id, 0))
                .hint("add `sections:` with `items:` to check, or delete the file"),
            );
            continue;
        }
        let mut nth_title = std::collections::HashMap::new();
        for section in &checklist.sections {
            let nth = nth_title.entry(section.title.as_str()).or_insert(0);
            if section.items.is_empty() {
                out.push(
                    Diagnostic::new(
                        Code::EmptyChecklist,
                        format!(
                            "section «{}» of checklist `{}` has no items",
                            section.title, checklist.id
                        ),
                    )
                    .at(at_key(book, &checklist.path, "title", &section.title, *nth))
                    .hint("add `items:` to the section, or remove it"),
                );
            }
            *nth += 1;
        }
    }
}
