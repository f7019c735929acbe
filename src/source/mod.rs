//! Finding and reading the files of a book.
//!
//! Walks the book folder ([`folder`]: nothing outside it is ever read) in a
//! stable order, skipping hidden files, the output folder, the theme folder
//! and symbolic links that lead outside the book or loop, and
//! sorts what it finds into the kinds the model knows: standards (Markdown),
//! chapter settings, and the YAML data files.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Location};

pub mod folder;

pub use folder::{BookFolder, Skipped};

/// What a file in the book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A standard: Markdown with YAML front matter.
    Standard,
    /// `chapter.yaml`: the title and order of the folder it is in.
    Chapter,
    /// `terms.yaml`: the glossary.
    Terms,
    /// `phrases.yaml`: communication rules.
    Phrases,
    /// `appearance.yaml`: dress code.
    Appearance,
    /// `checklists/*.yaml`: one checklist each.
    Checklist,
}

/// A file of the book, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the book folder, with `/` separators.
    pub path: PathBuf,
    /// What the file is.
    pub kind: SourceKind,
    /// The file's text (shared with the read cache and the source map, never copied).
    pub text: std::sync::Arc<str>,
    /// Whether the text is the one a previous walk read (same size and time).
    pub unchanged: bool,
}

/// A file's text, or its bytes when they are not UTF-8.
type TextOrBytes = Result<std::sync::Arc<str>, Vec<u8>>;

/// Texts read by earlier walks, by absolute path, with the size and
/// modification time they had: a rebuild re-reads only files that changed.
/// A default one keeps nothing (a one-off build has no use for it).
#[derive(Debug, Default)]
pub struct ReadCache {
    files: std::collections::HashMap<PathBuf, (u64, std::time::SystemTime, std::sync::Arc<str>)>,
    retain: bool,
}

impl ReadCache {
    /// A cache that keeps what it reads, for repeated builds of one book.
    pub fn retaining() -> Self {
        ReadCache {
            files: Default::default(),
            retain: true,
        }
    }

    /// The text of `path`, and whether it is unchanged since the last read.
    /// The text of `path` (`Err` with the bytes if they are not UTF-8), and
    /// whether it is unchanged since the last read.
    fn read(
        &mut self,
        path: &Path,
        metadata: Option<std::fs::Metadata>,
    ) -> std::io::Result<(TextOrBytes, bool)> {
        let stamp = metadata.and_then(|m| Some((m.len(), m.modified().ok()?)));
        if let (Some((len, modified)), Some((cached_len, cached_time, text))) =
            (stamp, self.files.get(path))
            && len == *cached_len
            && modified == *cached_time
        {
            return Ok((Ok(text.clone()), true));
        }
        let text = String::from_utf8(std::fs::read(path)?).map_err(|e| e.into_bytes());
        let text =
            text.map(|t| std::sync::Arc::<str>::from(t.strip_prefix('\u{feff}').unwrap_or(&t)));
        if let (true, Some((len, modified)), Ok(text)) = (self.retain, stamp, &text) {
            self.files
                .insert(path.to_path_buf(), (len, modified, text.clone()));
        }
        Ok((text, false))
    }
}

/// What walking a book found.
#[derive(Debug, Default)]
pub struct SourceTree {
    /// Files that make up the book, in path order.
    pub files: Vec<SourceFile>,
    /// Problems found while walking (unreadable files, links outside the book).
    pub diagnostics: Vec<Diagnostic>,
}

/// The book's folder of images and files, published as they are.
pub const ASSETS_DIR: &str = "assets";

/// Folders of tools a book folder may hold; nothing in them is the book's.
const TOOL_DIRS: &[&str] = &["node_modules", "target"];

/// Top-level folders that hold no standards: assets, theme overrides, tools'.
fn is_special_dir(name: &str) -> bool {
    name == ASSETS_DIR || name == "theme" || TOOL_DIRS.contains(&name)
}

/// Whether book-relative `rel` can be part of the book at all: nothing
/// hidden (`.git`, `.draft.md`, `notes.md~`) and nothing in a tool's folder.
/// The walk, the assets and the file watcher all decide by it.
pub fn is_book_path(rel: &Path) -> bool {
    let in_tool_dir = rel
        .components()
        .next()
        .and_then(|top| top.as_os_str().to_str())
        .is_some_and(|top| TOOL_DIRS.contains(&top));
    !in_tool_dir && !rel.components().any(|c| is_hidden(c.as_os_str()))
}

/// Walks `root` and reads every file that belongs to the book.
/// `skip` lists folders (absolute) that must not be read, such as the output folder.
pub fn walk(root: &Path, skip: &[PathBuf]) -> std::io::Result<SourceTree> {
    walk_cached(root, skip, &mut ReadCache::default())
}

/// Like [`walk`], re-reading only the files that changed since the walk that filled `cache`.
pub fn walk_cached(
    root: &Path,
    skip: &[PathBuf],
    cache: &mut ReadCache,
) -> std::io::Result<SourceTree> {
    let folder = BookFolder::open(root)?;
    let mut tree = SourceTree::default();
    let walk = folder.walk(Path::new(""), |entry| {
        !(is_hidden(entry.file_name()) || is_skipped(entry, skip) || is_special(entry))
    });
    // Assets are copied, not read here; links among them that leave the book are reported.
    let assets = folder.walk(Path::new(ASSETS_DIR), |e| !is_hidden(e.file_name()));
    tree.diagnostics.extend(
        walk.skipped
            .iter()
            .chain(&assets.skipped)
            .map(skipped_diagnostic),
    );
    for (rel, real) in walk.files {
        let Some(kind) = classify(&rel) else { continue };
        match cache.read(&real, std::fs::metadata(&real).ok()) {
            Ok((Ok(text), unchanged)) => tree.files.push(SourceFile {
                path: rel,
                kind,
                text: without_nul(kind, text),
                unchanged,
            }),
            Ok((Err(bytes), _)) => tree.diagnostics.push(not_utf8(&rel, &bytes)),
            Err(err) => tree.diagnostics.push(
                Diagnostic::new(Code::Unreadable, format!("cannot read file: {err}"))
                    .at(Location::at_line(&rel, 1, 1)),
            ),
        }
    }
    Ok(tree)
}

/// A standard's text with each NUL character replaced by U+FFFD, as
/// CommonMark reads it (a NUL must never reach a page).
fn without_nul(kind: SourceKind, text: std::sync::Arc<str>) -> std::sync::Arc<str> {
    match kind == SourceKind::Standard && text.contains('\0') {
        true => text.replace('\0', "\u{fffd}").into(),
        false => text,
    }
}

/// The warning for what a walk of the book left out.
pub fn skipped_diagnostic(skipped: &Skipped) -> Diagnostic {
    match skipped {
        Skipped::Outside(link) => Diagnostic::new(
            Code::OutsideLink,
            "symbolic link points outside the book; skipped",
        )
        .at(Location::at_line(link, 1, 1))
        .hint("copy the file or folder into the book instead of linking to it"),
        Skipped::Loop(link) => Diagnostic::new(
            Code::OutsideLink,
            "symbolic link leads back into a folder that contains it; skipped",
        )
        .at(Location::at_line(link, 1, 1))
        .hint("remove the link, or point it at a folder outside its own path"),
        Skipped::Unreadable(path, why) => {
            Diagnostic::new(Code::OutsideLink, format!("skipped: {why}"))
                .at(Location::at_line(path, 1, 1))
        }
    }
}

/// The error for a file that is not UTF-8, at the line and column of its
/// first bad byte.
pub fn not_utf8(path: &Path, bytes: &[u8]) -> Diagnostic {
    let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
    let before = String::from_utf8_lossy(&bytes[..valid]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Diagnostic::new(
        Code::Unreadable,
        format!(
            "file is not valid UTF-8 text (byte {:#04x})",
            bytes.get(valid).copied().unwrap_or(0)
        ),
    )
    .at(Location::at_line(path, line, column))
    .hint("save the file with UTF-8 encoding")
}

/// Whether a file or folder name is hidden, or an editor's backup (`notes.md~`).
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// Top-level folders that hold no standards (assets, theme overrides, tool folders).
fn is_special(entry: &walkdir::DirEntry) -> bool {
    entry.depth() == 1
        && entry.file_type().is_dir()
        && entry.file_name().to_str().is_some_and(is_special_dir)
}

fn is_skipped(entry: &walkdir::DirEntry, skip: &[PathBuf]) -> bool {
    entry.file_type().is_dir() && skip.iter().any(|s| entry.path() == s)
}

/// The communication rules of a book, at its root.
pub const PHRASES_FILE: &str = "phrases.yaml";

/// What kind of source a book-relative path is, if it is one.
pub fn classify(rel: &Path) -> Option<SourceKind> {
    let name = rel.file_name()?.to_str()?;
    let depth = rel.components().count();
    let parent = rel.parent().and_then(|p| p.to_str()).unwrap_or("");
    match name {
        "terms.yaml" if depth == 1 => Some(SourceKind::Terms),
        PHRASES_FILE if depth == 1 => Some(SourceKind::Phrases),
        "appearance.yaml" if depth == 1 => Some(SourceKind::Appearance),
        "chapter.yaml" => Some(SourceKind::Chapter),
        _ if parent == "checklists" && (name.ends_with(".yaml") || name.ends_with(".yml")) => {
            Some(SourceKind::Checklist)
        }
        "README.md" => None,
        _ if name.ends_with(".md") => Some(SourceKind::Standard),
        _ => None,
    }
}

/// Splits a standard into its YAML front matter and Markdown body.
/// Returns the front matter and the byte offset where the body starts.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, usize), Diagnostic> {
    let missing = || {
        Diagnostic::new(Code::FrontMatter, "standard has no front matter")
            .at(Location::at_line(path, 1, 1))
            .hint("start the file with a line `---`, then `id:`, `title:`, `version:`, `effective:` and `owner:`, then `---`")
    };
    let first_line_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_line_end].trim_end() != "---" {
        return Err(missing());
    }
    let mut offset = first_line_end + 1;
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((&text[first_line_end + 1..offset], offset + line.len()));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::new(Code::FrontMatter, "front matter is not closed")
            .at(Location::at_line(path, 1, 1))
            .hint("add a line `---` after the last front matter key"),
    )
}

/// The files of the book's `assets/` folder: site path (`assets/…`) and real
/// path, skipping hidden files and links that leave the book or loop (the
/// walk reports those).
pub fn asset_files(root: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let folder = BookFolder::open(root)?;
    let walk = folder.walk(Path::new(ASSETS_DIR), |e| !is_hidden(e.file_name()));
    Ok(walk
        .files
        .into_iter()
        .map(|(rel, real)| (slashed(&rel), real))
        .collect())
}

/// A book-relative path with `/` between folders (`03-communication`,
/// `assets/logo.svg`), the way `standbook.yaml` and Typst name them.
pub fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Resolves a link relative to a standard's file (or, with an empty path,
/// relative to the book) into a book-relative path,
/// or `None` if it climbs out of the book.
pub fn resolve_file(standard_path: &Path, link: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(link).decode_utf8_lossy();
    let base = standard_path.parent().unwrap_or(Path::new(""));
    let mut parts: Vec<std::ffi::OsString> = Vec::new();
    for component in base.join(decoded.as_ref()).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_os_string()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_book_files() {
        assert_eq!(classify(Path::new("terms.yaml")), Some(SourceKind::Terms));
        assert_eq!(
            classify(Path::new("checklists/shift.yaml")),
            Some(SourceKind::Checklist)
        );
        assert_eq!(
            classify(Path::new("01-general/01-scope.md")),
            Some(SourceKind::Standard)
        );
        assert_eq!(
            classify(Path::new("01-general/chapter.yaml")),
            Some(SourceKind::Chapter)
        );
        assert_eq!(classify(Path::new("notes.txt")), None);
        assert_eq!(classify(Path::new("sub/terms.yaml")), None);
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let text = "---\nid: A-1\n---\n# Title\n";
        let (front, body) = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(front, "id: A-1\n");
        assert_eq!(&text[body..], "# Title\n");
        assert!(split_front_matter(Path::new("a.md"), "# no\n").is_err());
        assert!(split_front_matter(Path::new("a.md"), "---\nid: x\n").is_err());
    }

    #[test]
    fn files_resolve_inside_the_book_only() {
        let std = Path::new("02-rules/01-a.md");
        assert_eq!(
            resolve_file(std, "../assets/logo%20a.png").unwrap(),
            PathBuf::from("assets/logo a.png")
        );
        assert_eq!(
            resolve_file(std, "02-b.md").unwrap(),
            PathBuf::from("02-rules/02-b.md")
        );
        assert!(resolve_file(std, "../../etc/passwd").is_none());
    }
}
