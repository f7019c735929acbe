//! Reviews: a standard whose `review_by` date, or `review_every` period since
//! its last change, has passed is due for review.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::Book;
use crate::values::date::Date;

/// Warns about every standard whose review was due before `today`.
pub(super) fn overdue(book: &Book, today: Date, out: &mut Vec<Diagnostic>) {
    for standard in &book.standards {
        let Some(due) = standard.review_due().filter(|due| *due < today) else {
            continue;
        };
        let key = if standard.meta.review_by.is_some() {
            "review_by"
        } else {
            "review_every"
        };
        let (offset, len) = crate::yaml::locate_key(&standard.source, key).unwrap_or((0, 1));
        out.push(
            Diagnostic::new(
                Code::ReviewOverdue,
                format!(
                    "the review of {} was due on {due}",
                    standard.meta.id
                ),
            )
            .at(Location::at_offset(&standard.path, &standard.source, offset, len))
            .hint(match key {
                "review_by" => "review the standard, then set a new `review_by` date",
                _ => "review the standard, then add a `changes` entry for the review (its date restarts the period)",
            }),
        );
    }
}
