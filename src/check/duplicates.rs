//! Names that must be unique: standard ids (also by page name), terms and
//! aliases, checklist and appearance role ids.

use std::collections::HashMap;
use std::path::Path;

use super::{at_key, is_simple_id};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::language::normalize;
use crate::model::Book;
use crate::model::pages::reserved_prefix;
use crate::model::standard::Standard;

pub(super) fn duplicate_standards(book: &Book, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, &Standard> = HashMap::new();
    for standard in &book.standards {
        let id = standard.meta.id.as_str();
        match first.get(&standard.page_name()) {
            Some(original) => out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    if original.meta.id == id {
                        format!("two standards have the id `{id}`")
                    } else {
                        format!(
                            "the ids `{}` and `{id}` differ only in case, so both would be the page {}",
                            original.meta.id,
                            standard.page_name()
                        )
                    },
                )
                .at(at_key(book, &standard.path, "id", id, 0))
                .hint(format!(
                    "{} already uses it; give this standard a new id",
                    original.path.display()
                )),
            ),
            None => {
                first.insert(standard.page_name(), standard);
            }
        }
        if let Some(prefix) = reserved_prefix(id) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!(
                        "the id `{id}` would make the page {}, but pages starting with `{prefix}` are the site's own",
                        standard.page_name()
                    ),
                )
                .at(at_key(book, &standard.path, "id", id, 0))
                .hint(format!("give this standard an id that does not start with `{}`", prefix.to_uppercase())),
            );
        }
    }
}

pub(super) fn duplicate_terms(book: &Book, out: &mut Vec<Diagnostic>) {
    let file = Path::new("terms.yaml");
    let text = book.sources.get(file).unwrap_or_default();
    let mut owners: HashMap<String, &str> = HashMap::new();
    for term in &book.terms {
        for name in std::iter::once(&term.term).chain(&term.aliases) {
            let key = normalize(name);
            match owners.get(&key) {
                Some(owner) => {
                    let offset = if name == &term.term {
                        term.offset
                    } else {
                        text[term.offset..]
                            .find(name.as_str())
                            .map_or(term.offset, |i| term.offset + i)
                    };
                    out.push(
                        Diagnostic::new(Code::DuplicateTerm, format!("«{name}» is defined twice"))
                            .at(Location::at_offset(file, text, offset, name.len()))
                            .hint(format!(
                                "«{owner}» already defines it; merge the two entries or rename one"
                            )),
                    );
                }
                None => {
                    owners.insert(key, &term.term);
                }
            }
        }
    }
}

pub(super) fn duplicate_data_ids(book: &Book, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for checklist in &book.checklists {
        if !is_simple_id(&checklist.id) {
            out.push(
                Diagnostic::new(
                    Code::InvalidId,
                    format!("`{}` cannot be used as a checklist id", checklist.id),
                )
                .at(at_key(book, &checklist.path, "id", &checklist.id, 0))
                .hint("use Latin letters, digits and hyphens, such as shift-start"),
            );
        }
        if let Some(other) = seen.insert(&checklist.id, &checklist.path) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateChecklist,
                    format!("two checklists have the id `{}`", checklist.id),
                )
                .at(at_key(book, &checklist.path, "id", &checklist.id, 0))
                .hint(format!("{} already uses it", other.display())),
            );
        }
    }
    let Some(appearance) = &book.appearance else {
        return;
    };
    let file = Path::new("appearance.yaml");
    let text = book.sources.get(file).unwrap_or_default();
    let mut roles: HashMap<&str, ()> = HashMap::new();
    for role in &appearance.roles {
        let location = Location::at_offset(file, text, role.offset, role.id.len());
        if !is_simple_id(&role.id) {
            out.push(
                Diagnostic::new(
                    Code::InvalidId,
                    format!("`{}` cannot be used as a role id", role.id),
                )
                .at(location.clone())
                .hint("use Latin letters, digits and hyphens, such as front-desk"),
            );
        }
        if roles.insert(&role.id, ()).is_some() {
            out.push(
                Diagnostic::new(
                    Code::DuplicateRole,
                    format!("two roles have the id `{}`", role.id),
                )
                .at(location)
                .hint("give each role its own id"),
            );
        }
    }
}
