//! Raw HTML the sanitizer drops, and heading attributes left out: each a
//! warning at its place, so an editor knows why the page lacks it.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::markdown::html;
use crate::model::standard::Standard;

/// Warns about what sanitizing drops from `standard`'s raw HTML and about
/// heading attributes other than an id and classes.
pub(super) fn dropped(standard: &Standard, out: &mut Vec<Diagnostic>) {
    let text = &standard.source;
    let at = |offset: usize, len: usize| {
        let start = standard.body_offset + offset;
        Location::at_offset(&standard.path, text, start, len)
    };
    for range in &standard.raw_html {
        let piece = &standard.body()[range.clone()];
        for finding in html::findings(piece) {
            out.push(
                Diagnostic::new(Code::RawHtmlDropped, finding.message)
                    .at(at(range.start + finding.offset, finding.len))
                    .hint("write it in Markdown, or set `raw_html: trust` in standbook.yaml if every editor of the book is trusted"),
            );
        }
    }
    for range in &standard.heading_attributes {
        out.push(
            Diagnostic::new(
                Code::RawHtmlDropped,
                "heading attributes other than an id and classes are left out",
            )
            .at(at(range.start, 1))
            .hint("keep `{#id .class}` only"),
        );
    }
}
