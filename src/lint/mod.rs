//! `standbook lint`: checks replies, drafts and any other text against the
//! book's communication rules. The matching itself is the language layer's
//! ([`crate::language::phrases`]); this module reads the rules of a book, the
//! texts to check, and reports each hit.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, SourceMap};
use crate::error::Error;
use crate::language::phrases::Rules;
use crate::model::phrases;

mod inputs;
mod report;

pub use inputs::{Input, inputs};
pub use report::{HitReport, Lines};

/// The communication rules of the book at `root`: only `standbook.yaml`
/// (for the language) and `phrases.yaml` are read. Fails with a diagnostic
/// when `phrases.yaml` is missing, does not parse, or holds a broken pattern.
pub fn load_rules(root: &Path) -> crate::error::Result<Rules> {
    let config = crate::pipeline::read_config(root)?;
    let path = Path::new(crate::source::PHRASES_FILE);
    let read = crate::source::BookFolder::open(root).and_then(|folder| folder.read(path));
    let text = match read.map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            let bad = crate::source::not_utf8(path, e.as_bytes());
            return Err(book_error(vec![bad], path, String::new()));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let missing = Diagnostic::new(
                Code::Config,
                "the book has no communication rules to check against",
            )
            .hint("add `phrases.yaml` with `rules:` to the book (see `standbook init`)");
            return Err(book_error(vec![missing], path, String::new()));
        }
        Err(e) => return Err(Error::io(root.join(path), e)),
    };
    let phrases =
        phrases::parse(path, &text).map_err(|d| book_error(vec![d], path, text.clone()))?;
    Rules::new(&phrases.rules, config.language, (path, &text))
        .map_err(|d| book_error(d, path, text.clone()))
}

fn book_error(diagnostics: Vec<Diagnostic>, path: &Path, text: String) -> Error {
    let mut sources = SourceMap::default();
    sources.insert(path.to_path_buf(), text);
    Error::Book {
        diagnostics,
        sources,
    }
}
