//! Diagnostics: what went wrong in a book, where, and what to do about it.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing on the
//! first one, so a build can show all errors at once. A diagnostic carries a
//! stable code (`E0102`), a message, an optional source location and a hint.
//! Rendering to the compiler-like text form (`error[E0102]: …`, `--> file:line:col`,
//! the source line with a caret) and to JSON lives here too.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

pub mod ci;
mod codes;

pub use codes::Code;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing, but the book still builds.
    Warning,
    /// The book cannot be built until it is fixed.
    Error,
}

/// A position in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Path of the file relative to the book root.
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// How many characters the problem spans (at least 1).
    pub length: usize,
}

impl Location {
    /// A location at a byte offset of `text`, spanning `len` bytes.
    pub fn at_offset(file: &Path, text: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(text, (offset + len).min(text.len()));
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let length = text[offset..end.min(line_end).max(offset)]
            .chars()
            .count()
            .max(1);
        Location {
            file: file.to_path_buf(),
            line,
            column,
            length,
        }
    }

    /// A location at a 1-based line and column.
    pub fn at_line(file: &Path, line: usize, column: usize) -> Self {
        Location {
            file: file.to_path_buf(),
            line: line.max(1),
            column: column.max(1),
            length: 1,
        }
    }
}

/// `text` as a message quotes it: at most 60 characters (then `…`),
/// control characters escaped, so a huge or odd value cannot flood a message.
pub fn excerpt(text: &str) -> String {
    let mut shown: String = text.chars().take(60).flat_map(char::escape_debug).collect();
    if text.chars().nth(60).is_some() {
        shown.push('…');
    }
    shown
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem found in a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code such as `E0102` (`standbook explain E0102`).
    pub code: Code,
    /// What happened, in one sentence.
    pub message: String,
    /// Where it happened, when known.
    pub location: Option<Location>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic with a code and message; its severity is the code's.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    /// Attaches a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attaches a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}[{}]: {}", self.code, self.message)?;
        if let Some(loc) = &self.location {
            write!(f, " at {}:{}:{}", loc.file.display(), loc.line, loc.column)?;
        }
        Ok(())
    }
}

/// The text of every source file that diagnostics may point into, by book-relative path.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: HashMap<PathBuf, std::sync::Arc<str>>,
}

impl SourceMap {
    /// Remembers the text of a file.
    pub fn insert(&mut self, path: PathBuf, text: impl Into<std::sync::Arc<str>>) {
        self.files.insert(path, text.into());
    }

    /// The text of a file, if it was read.
    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(|text| &**text)
    }
}

/// Renders diagnostics the way a compiler does, optionally with colours.
pub fn render_human(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(diagnostic, sources, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn render_one(diagnostic: &Diagnostic, sources: &SourceMap, renderer: &Renderer) -> String {
    let line = diagnostic
        .location
        .as_ref()
        .and_then(|loc| source_line(sources, loc));
    render_with(diagnostic, line, renderer)
}

/// Renders one diagnostic whose location's line is `line` (its text, or
/// `None` to name the place without showing it): for a caller that indexes
/// its own lines, such as `lint` over a large text.
pub fn render_at_line(diagnostic: &Diagnostic, line: Option<&str>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let line = line.zip(diagnostic.location.as_ref()).map(|(text, loc)| {
        let (start, end) = caret(text, loc);
        (text, loc.line, start, end)
    });
    render_with(diagnostic, line, &renderer)
}

/// `line` is the source line's text, its number, and the caret's byte range in it.
fn render_with(
    diagnostic: &Diagnostic,
    line: Option<(&str, usize, usize, usize)>,
    renderer: &Renderer,
) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .clone()
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.id());
    let mut group = Group::with_title(title);
    if let Some(loc) = &diagnostic.location {
        match line {
            Some((text, number, start, end)) => {
                group = group.element(
                    Snippet::source(text)
                        .line_start(number)
                        .path(loc.file.to_string_lossy().into_owned())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                );
            }
            None => {
                let place = format!("in {}:{}:{}", loc.file.display(), loc.line, loc.column);
                group = group.element(Level::NOTE.message(place));
            }
        }
    }
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    renderer.render(&[group]).to_string()
}

/// The source line a location points at (the last line when it points past
/// the end), its number, and the byte range of the caret in it.
fn source_line<'a>(
    sources: &'a SourceMap,
    loc: &Location,
) -> Option<(&'a str, usize, usize, usize)> {
    let text = sources.get(&loc.file)?;
    let (number, line) = match text.lines().nth(loc.line - 1) {
        Some(line) => (loc.line, line),
        None => {
            let count = text.lines().count();
            (count.max(1), text.lines().last()?)
        }
    };
    let (start, end) = caret(line, loc);
    Some((line, number, start, end))
}

/// The byte range of a location's caret in its line.
fn caret(line: &str, loc: &Location) -> (usize, usize) {
    let char_start = loc.column - 1;
    let start = line
        .char_indices()
        .nth(char_start)
        .map_or(line.len(), |(i, _)| i);
    let end = line
        .char_indices()
        .nth(char_start + loc.length)
        .map_or(line.len(), |(i, _)| i);
    (start, end.max(start))
}

/// Renders diagnostics one line each — `warning[W0503]: message (file:3:1)` —
/// for a list that must stay short, such as the dev server's after a save.
pub fn render_short(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{kind}[{}]: {}", d.code.id(), d.message));
        if let Some(at) = &d.location {
            out.push_str(&format!(
                " ({}:{}:{})",
                at.file.display(),
                at.line,
                at.column
            ));
        }
        out.push('\n');
    }
    out
}

/// Renders diagnostics as a JSON array (one object per diagnostic).
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".to_string())
}

/// Counts errors and warnings, for the summary line.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_characters_not_bytes() {
        let text = "title: Клиент\nid: COM-01\n";
        let offset = text.find("COM").unwrap();
        let loc = Location::at_offset(Path::new("a.md"), text, offset, 6);
        assert_eq!((loc.line, loc.column, loc.length), (2, 5, 6));
        let loc = Location::at_offset(Path::new("a.md"), text, text.find("Клиент").unwrap(), 12);
        assert_eq!((loc.line, loc.column, loc.length), (1, 8, 6));
    }

    #[test]
    fn human_rendering_shows_file_line_caret_and_hint() {
        let mut sources = SourceMap::default();
        sources.insert("terms.yaml".into(), "- term: Клиент\n  defnition: x\n");
        let d = Diagnostic::new(Code::UnknownKey, "unknown key `defnition`")
            .at(Location::at_line(Path::new("terms.yaml"), 2, 3))
            .hint("did you mean `definition`?");
        let text = render_human(&[d], &sources, false);
        assert!(
            text.contains("error[E0102]: unknown key `defnition`"),
            "{text}"
        );
        assert!(text.contains("--> terms.yaml:2:3"), "{text}");
        assert!(text.contains("defnition: x"), "{text}");
        assert!(text.contains('^'), "{text}");
        assert!(text.contains("did you mean `definition`?"), "{text}");
    }
}
