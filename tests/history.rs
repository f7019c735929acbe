//! A standard's history from front matter and git: commits in a temporary
//! repository (with a rename and two authors), uncommitted changes, a book
//! outside git and a shallow clone.

mod support;

use std::path::Path;
use std::process::Command;

use support::{Fixture, MINIMAL, text};

/// Runs git in `dir` as `author` at `date` (noon UTC).
fn git(dir: &Path, author: &str, date: &str, args: &[&str]) {
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

fn scope(version: &str, changes: &str, body: &str) -> String {
    format!(
        "---\nid: GEN-01\ntitle: Область применения\nversion: {version}\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n{changes}---\n{body}\n"
    )
}

const V1: &str = "  - { version: 1.0.0, date: 2026-01-10, summary: Первая редакция }\n";
const V2: &str =
    "  - { version: 2.0.0, date: 2026-03-01, summary: Новый порядок встречи, major: true }\n";

/// The minimal book in a repository with three commits of GEN-01: Анна writes
/// it, Борис renames it and changes a word (1.1.0, no change entry), Анна
/// rewrites it (2.0.0).
fn repository() -> Fixture {
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

/// The versions listed in a page's History section, as text, one per version.
fn versions(page: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(".history li.version").unwrap();
    html.select(&selector)
        .map(|li| {
            li.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn a_standards_history_merges_change_entries_with_commits_across_a_rename() {
    let book = repository();
    book.build();
    let page = book.page("gen-01.html");
    let versions = versions(&page);
    assert_eq!(versions.len(), 3, "{versions:#?}");
    assert!(
        versions[0].starts_with("2.0.0 2026-03-01 важное — Новый порядок встречи"),
        "{}",
        versions[0]
    );
    assert!(
        versions[0].contains("2026-03-01 · Анна · Встреча у двери"),
        "{}",
        versions[0]
    );
    assert!(
        versions[1].starts_with("1.1.0 2026-02-01 — Улыбка при встрече")
            && versions[1].contains("Борис · Улыбка при встрече"),
        "a version without a change entry is told by its commits: {}",
        versions[1]
    );
    assert!(
        versions[2].starts_with("1.0.0 2026-01-10 — Первая редакция")
            && versions[2].contains("Анна · Первая редакция книги"),
        "the commit before the rename belongs to the standard: {}",
        versions[2]
    );
    assert!(page.contains(
        "Последнее изменение</dt><dd><time datetime=\"2026-03-01\">2026-03-01</time> · Анна"
    ));
}

#[test]
fn uncommitted_changes_are_a_draft_version() {
    let book = repository();
    book.write(
        "01-general/01-area.md",
        &scope(
            "2.1.0",
            &format!("  - {{ version: 2.1.0, date: 2026-04-01, summary: Уточнения }}\n{V2}{V1}"),
            "Встречаем каждого клиента у двери и прощаемся.",
        ),
    );
    book.build();
    let versions = versions(&book.page("gen-01.html"));
    assert!(
        versions[0].starts_with("2.1.0 2026-04-01 черновик — Уточнения"),
        "{versions:#?}"
    );
    assert!(!versions[1].contains("черновик"), "{versions:#?}");
}

#[test]
fn a_book_outside_git_has_the_front_matter_history() {
    let book = Fixture::new(MINIMAL);
    book.build();
    let page = book.page("gen-01.html");
    assert_eq!(versions(&page), ["1.0.0 2026-01-01 — Первая редакция"]);
    assert!(!page.contains("Последнее изменение"));
}

#[test]
fn a_shallow_clone_says_how_far_back_history_goes() {
    let book = repository();
    let clone = book.dir.path().join("clone");
    let source = format!("file://{}", book.book().display());
    git(
        book.dir.path(),
        "Анна",
        "2026-03-01",
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &source,
            clone.to_str().unwrap(),
        ],
    );
    let out = book.dir.path().join("clone-site");
    let output = support::standbook(
        &[
            "build",
            "--book",
            clone.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        book.dir.path(),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page = std::fs::read_to_string(out.join("gen-01.html")).unwrap();
    assert!(
        page.contains("История изменений из git доступна с <time datetime=\"2026-03-01\">"),
        "{page}"
    );
    let versions = versions(&page);
    assert_eq!(
        versions.len(),
        2,
        "change entries stay, commits only from the clone: {versions:#?}"
    );
    assert!(versions[0].contains("Анна · Встреча у двери"));
    assert!(!versions[1].contains("·"), "{versions:#?}");
}
