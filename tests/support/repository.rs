//! A book in a temporary git repository with three commits of one standard,
//! for the history tests.

use std::path::Path;
use std::process::Command;

use super::{Fixture, text};

/// Runs git in `dir` as `author` at `date` (noon UTC).
pub fn git(dir: &Path, author: &str, date: &str, args: &[&str]) {
    let when = format!("{date}T12:00:00Z");
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", &when)
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_DATE", &when)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        text(&output.stderr)
    );
}

pub fn scope(version: &str, changes: &str, body: &str) -> String {
    format!(
        "---\nid: GEN-01\ntitle: Область применения\nversion: {version}\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n{changes}---\n{body}\n"
    )
}

pub const V1: &str = "  - { version: 1.0.0, date: 2026-01-10, summary: Первая редакция }\n";
pub const V2: &str =
    "  - { version: 2.0.0, date: 2026-03-01, summary: Новый порядок встречи, major: true }\n";

/// The minimal book in a repository with three commits of GEN-01: Анна writes
/// it, Борис renames it and changes a word (1.1.0, no change entry), Анна
/// rewrites it (2.0.0).
pub fn repository() -> Fixture {
    let book = Fixture::minimal_with(&[(
        "01-general/01-scope.md",
        &scope("1.0.0", V1, "Встречаем каждого клиента."),
    )]);
    let dir = book.book();
    git(&dir, "Анна", "2026-01-10", &["init", "-q", "-b", "main"]);
    git(&dir, "Анна", "2026-01-10", &["add", "."]);
    git(
        &dir,
        "Анна",
        "2026-01-10",
        &["commit", "-q", "-m", "Первая редакция книги"],
    );
    git(
        &dir,
        "Борис",
        "2026-02-01",
        &["mv", "01-general/01-scope.md", "01-general/01-area.md"],
    );
    book.write(
        "01-general/01-area.md",
        &scope("1.1.0", V1, "Встречаем каждого клиента улыбкой."),
    );
    git(&dir, "Борис", "2026-02-01", &["add", "."]);
    git(
        &dir,
        "Борис",
        "2026-02-01",
        &["commit", "-q", "-m", "Улыбка при встрече"],
    );
    book.write(
        "01-general/01-area.md",
        &scope(
            "2.0.0",
            &format!("{V2}{V1}"),
            "Встречаем каждого клиента у двери.",
        ),
    );
    git(
        &dir,
        "Анна",
        "2026-03-01",
        &["commit", "-q", "-am", "Встреча у двери"],
    );
    book
}

/// The id of the first commit of the repository at `dir`.
pub fn first_commit(dir: &Path) -> String {
    let output = std::process::Command::new("git")
        .args(["rev-list", "--max-parents=0", "HEAD"])
        .current_dir(dir)
        .output()
        .expect("run git");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// A clone of `book`'s repository holding only its last `depth` commits,
/// as a CI checkout makes: `<temp>/clone`.
pub fn shallow_clone(book: &Fixture, depth: u32) -> std::path::PathBuf {
    let clone = book.dir.path().join("clone");
    let source = format!("file://{}", book.book().display());
    let depth = depth.to_string();
    let args = [
        "clone",
        "-q",
        "--depth",
        &depth,
        &source,
        clone.to_str().unwrap(),
    ];
    git(book.dir.path(), "Анна", "2026-03-01", &args);
    clone
}
