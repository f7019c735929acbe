//! A standard's history from front matter and git: commits in a temporary
//! repository (with a rename and two authors), uncommitted changes, a book
//! outside git and a shallow clone.

mod support;

use std::process::Command;
use support::repository::{V1, V2, git, repository, scope};

use support::{Fixture, MINIMAL, text};

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
        versions[0].starts_with("2.0.0 1 марта 2026 г. важное — Новый порядок встречи"),
        "{}",
        versions[0]
    );
    assert!(
        versions[0].contains("1 марта 2026 г. · Анна · Встреча у двери"),
        "{}",
        versions[0]
    );
    assert!(
        versions[1].starts_with("1.1.0 1 февраля 2026 г. — Улыбка при встрече")
            && versions[1].contains("Борис · Улыбка при встрече"),
        "a version without a change entry is told by its commits: {}",
        versions[1]
    );
    assert!(
        versions[2].starts_with("1.0.0 10 января 2026 г. — Первая редакция")
            && versions[2].contains("Анна · Первая редакция книги"),
        "the commit before the rename belongs to the standard: {}",
        versions[2]
    );
    assert!(page.contains(
        "Последнее изменение</dt><dd><time datetime=\"2026-03-01\">1 марта 2026\u{202f}г.</time> · Анна"
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
        versions[0].starts_with("2.1.0 1 апреля 2026 г. черновик — Уточнения"),
        "{versions:#?}"
    );
    assert!(!versions[1].contains("черновик"), "{versions:#?}");
}

#[test]
fn a_book_outside_git_has_the_front_matter_history() {
    let book = Fixture::new(MINIMAL);
    book.build();
    let page = book.page("gen-01.html");
    assert_eq!(
        versions(&page),
        ["1.0.0 1 января 2026 г. — Первая редакция"]
    );
    assert!(!page.contains("Последнее изменение"));
}

#[test]
fn a_shallow_clone_says_how_far_back_history_goes() {
    let book = repository();
    let clone = support::repository::shallow_clone(&book, 1);
    let out = book.dir.path().join("clone-site");
    let build_clone = || {
        let (from, to) = (clone.to_str().unwrap(), out.to_str().unwrap());
        let output = support::standbook(
            &["build", "-v", "--book", from, "--out", to],
            book.dir.path(),
        );
        assert!(output.status.success(), "{}", text(&output.stderr));
        let page = std::fs::read_to_string(out.join("gen-01.html")).unwrap();
        (page, text(&output.stderr))
    };
    let (page, said) = build_clone();
    // The build says so, with the date and how to fetch the rest.
    assert!(
        said.contains("warning[W0508]") && said.contains("starts at 2026-03-01"),
        "{said}"
    );
    assert!(said.contains("git fetch --unshallow"), "{said}");
    let check = support::standbook(
        &["check", "--book", clone.to_str().unwrap()],
        book.dir.path(),
    );
    assert!(
        text(&check.stdout).contains("W0508"),
        "{}",
        text(&check.stdout)
    );
    assert!(
        page.contains("История изменений из git доступна с <time datetime=\"2026-03-01\">"),
        "{page}"
    );
    let shallow = versions(&page);
    assert_eq!(
        shallow.len(),
        2,
        "change entries stay, commits only from the clone: {shallow:#?}"
    );
    assert!(shallow[0].contains("Анна · Встреча у двери"));
    assert!(!shallow[1].contains("·"), "{shallow:#?}");

    // Deepened to the whole history at the same commit: read again, not from the cache.
    git(
        &clone,
        "Анна",
        "2026-03-01",
        &["fetch", "-q", "--unshallow"],
    );
    let (page, said) = build_clone();
    assert!(
        !page.contains("История изменений из git доступна"),
        "{page}"
    );
    assert!(!said.contains("W0508"), "{said}");
    let deep = versions(&page);
    assert!(deep[1].contains("Борис ·"), "{deep:#?}");
}

/// The redline text of a page: each block's text, with `[-…]` and `[+…]` around
/// deleted and inserted runs.
fn redline(page: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(page);
    let blocks = scraper::Selector::parse("#redline-text p.rl").unwrap();
    html.select(&blocks)
        .map(|p| {
            p.children()
                .map(|node| match node.value() {
                    scraper::Node::Text(text) => text.to_string(),
                    scraper::Node::Element(e) => {
                        let inner: String =
                            scraper::ElementRef::wrap(node).unwrap().text().collect();
                        match e.name() {
                            "del" => format!("[-{inner}]"),
                            "ins" => format!("[+{inner}]"),
                            _ => inner,
                        }
                    }
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_redline_marks_the_words_the_newest_version_changed() {
    let book = repository();
    book.build();
    let page = book.page("gen-01.redline.html");
    assert_eq!(
        redline(&page),
        [
            "Область применения",
            "Встречаем каждого клиента [-улыбкой] [+у двери]."
        ]
    );
    assert!(
        page.contains("Удалено слов и знаков: 1, добавлено: 2."),
        "{page}"
    );
    // Every version the reader can pick, oldest first, by version.
    let html = scraper::Html::parse_document(&page);
    let options = scraper::Selector::parse("select[name=from] option").unwrap();
    let labels: Vec<String> = html
        .select(&options)
        .map(|o| o.text().collect::<String>())
        .collect();
    assert_eq!(
        labels,
        [
            "1.0.0 · 10 января 2026\u{202f}г.",
            "1.1.0 · 1 февраля 2026\u{202f}г.",
            "2.0.0 · 1 марта 2026\u{202f}г."
        ]
    );
    // The standard's History links each version to its redline.
    let standard = book.page("gen-01.html");
    assert!(standard.contains("href=\"gen-01.redline.html#1.1.0..2.0.0\""));
    assert!(standard.contains("href=\"gen-01.redline.html#1.0.0..1.1.0\""));
}

/// What `build -v` says about the cache: "N of M standards' histories unchanged …".
fn unchanged_histories(book: &Fixture) -> String {
    let output = book.run(&["build", "-v"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    let line = stderr.lines().find(|l| l.contains("histories unchanged"));
    line.unwrap_or_else(|| panic!("{stderr}"))
        .trim()
        .to_string()
}

#[test]
fn unchanged_histories_come_from_the_cache_and_give_the_same_site() {
    let book = repository();
    assert_eq!(
        unchanged_histories(&book),
        "0 of 2 standards' histories unchanged since the last build"
    );
    let (page, redline_page) = (book.page("gen-01.html"), book.page("gen-01.redline.html"));
    assert!(unchanged_histories(&book).starts_with("2 of 2 "));
    assert_eq!(book.page("gen-01.html"), page);
    assert_eq!(book.page("gen-01.redline.html"), redline_page);
    // A cache that cannot be read is read again from git, with the same result.
    for entry in walkdir::WalkDir::new(book.dir.path().join(".cache")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            std::fs::write(entry.path(), "not a cache entry").unwrap();
        }
    }
    assert!(unchanged_histories(&book).starts_with("0 of 2 "));
    assert_eq!(book.page("gen-01.redline.html"), redline_page);
    // A new commit to one standard: only its history is read again.
    book.write(
        "01-general/01-area.md",
        &scope(
            "2.0.1",
            &format!("{V2}{V1}"),
            "Встречаем каждого гостя у двери.",
        ),
    );
    git(
        &book.book(),
        "Анна",
        "2026-04-01",
        &["commit", "-q", "-am", "Гость"],
    );
    assert!(unchanged_histories(&book).starts_with("1 of 2 "));
    assert_eq!(
        redline(&book.page("gen-01.redline.html"))[1],
        "Встречаем каждого [-клиента] [+гостя] у двери."
    );
}

#[test]
fn uncommitted_changes_are_the_redlines_last_version() {
    let book = repository();
    book.write(
        "01-general/01-area.md",
        &scope(
            "2.0.0",
            &format!("{V2}{V1}"),
            "Встречаем каждого <клиента> у двери.\n\n## Прощание\n\nПрощаемся & благодарим.",
        ),
    );
    book.build();
    let page = book.page("gen-01.redline.html");
    assert_eq!(
        redline(&page),
        [
            "Область применения",
            "Встречаем каждого [-клиента] [+<клиента>] у двери.",
            "[+Прощание]",
            "[+Прощаемся & благодарим.]"
        ],
        "text is escaped, new blocks are whole insertions"
    );
    assert!(page.contains("2.0.0 (черновик)"));
}

#[test]
fn a_standard_without_earlier_texts_has_no_redline() {
    let book = Fixture::new(MINIMAL);
    book.build();
    assert!(!book.out().join("gen-01.redline.html").exists());
    assert!(!book.page("gen-01.html").contains("redline"));
}

/// The repository with the book's version bumped to 1.1.0 (effective
/// 2026-02-15) in a fourth commit.
fn released() -> Fixture {
    let book = repository();
    let config = MINIMAL[0].1.replace(
        "version: 1.0.0\neffective: 2026-01-01",
        "version: 1.1.0\neffective: 2026-02-15",
    );
    book.write("standbook.yaml", &config);
    git(
        &book.book(),
        "Борис",
        "2026-03-02",
        &["commit", "-q", "-am", "Версия книги 1.1.0"],
    );
    book
}

/// Each change in a change log page, as text.
fn listed_changes(page: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse("li.change").unwrap();
    html.select(&selector)
        .map(|li| {
            li.text()
                .collect::<Vec<_>>()
                .join("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn the_book_change_log_groups_changes_by_book_version() {
    let book = released();
    book.build();
    // Every book version git knows has a page; later changes have their own.
    let index = book.page("changes.html");
    for page in [
        "changes-since-1.1.0.html",
        "changes-1.1.0.html",
        "changes-1.0.0.html",
    ] {
        assert!(
            index.contains(&format!("href=\"{page}\"")),
            "{page}: {index}"
        );
    }
    assert_eq!(
        listed_changes(&book.page("changes-since-1.1.0.html")),
        ["1.1 Область применения 2.0.0 важное — Новый порядок встречи (Анна) что изменилось"]
    );
    // Within a book version: newest date first.
    assert_eq!(
        listed_changes(&book.page("changes-1.1.0.html")),
        [
            "1.1 Область применения 1.1.0 — Улыбка при встрече (Борис) что изменилось",
            "1.1 Область применения 1.0.0 — Первая редакция (Анна)",
        ]
    );
    assert_eq!(
        listed_changes(&book.page("changes-1.0.0.html")),
        ["1.2 Конфликты 1.1.0 — Шаги (Анна)"],
        "a change on the day a book version took effect belongs to it"
    );
    // What's new on the title page, newest first, and a link to the rest.
    let home = book.page("index.html");
    let recent = listed_changes(&home);
    assert!(
        recent[0].starts_with("1 марта 2026 г. · 1.1 Область применения 2.0.0"),
        "{recent:#?}"
    );
    assert!(home.contains("href=\"changes.html\""));
}

#[test]
fn the_atom_feed_has_an_entry_per_change() {
    let book = released();
    book.write(
        "standbook.yaml",
        &format!(
            "{}base_url: https://standards.example.com/book/\n",
            MINIMAL[0].1
        ),
    );
    book.build();
    let xml = std::fs::read_to_string(book.out().join("changes.xml")).unwrap();
    let feed: atom_syndication::Feed = xml.parse().expect("the feed is valid Atom");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(
        titles,
        [
            "1.1 Область применения 2.0.0: Новый порядок встречи",
            "1.1 Область применения 1.1.0: Улыбка при встрече",
            "1.1 Область применения 1.0.0: Первая редакция",
            "1.2 Конфликты 1.1.0: Шаги",
        ]
    );
    let newest = &feed.entries()[0];
    assert_eq!(
        newest.links()[0].href(),
        "https://standards.example.com/book/gen-01.html"
    );
    assert_eq!(newest.authors()[0].name(), "Анна");
    assert_eq!(newest.updated().to_rfc3339(), "2026-03-01T00:00:00+00:00");
    assert_eq!(feed.lang(), Some("ru"));
    assert!(
        book.page("index.html")
            .contains("type=\"application/atom+xml\" href=\"changes.xml\"")
    );
}

#[test]
fn changelog_prints_markdown_and_json_since_a_version_or_a_revision() {
    let book = released();
    let output = book.run(&["changelog"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let md = text(&output.stdout);
    assert!(md.starts_with("# Тестовая книга: изменения\n"), "{md}");
    for line in [
        "## После версии 1.1.0",
        "## Версия книги 1.1.0 — действует с 2026-02-15",
        "### 2026-03-01",
        "- **1.1 Область применения** (GEN-01) 2.0.0 **важное** — Новый порядок встречи (Анна)",
        "- **1.1 Область применения** (GEN-01) 1.1.0 — Улыбка при встрече (Борис)",
        "## Версия книги 1.0.0 — действует с 2026-01-01",
    ] {
        assert!(md.lines().any(|l| l == line), "no line {line:?} in\n{md}");
    }
    // Since a book version: only what came after it.
    let since = text(&book.run(&["changelog", "--since", "1.1.0"]).stdout);
    assert!(
        since.contains("2.0.0") && !since.contains("Улыбка"),
        "{since}"
    );
    // Since a git revision: only changes made by later commits, as JSON.
    let first = Command::new("git")
        .current_dir(book.book())
        .args(["rev-list", "--max-parents=0", "HEAD"])
        .output()
        .unwrap();
    let first = text(&first.stdout).trim().to_string();
    let output = book.run(&["changelog", "--since", &first, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let versions: Vec<&str> = json["releases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["days"].as_array().unwrap())
        .flat_map(|d| d["changes"].as_array().unwrap())
        .map(|c| c["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["2.0.0", "1.1.0"]);
    let change = &json["releases"][0]["days"][0]["changes"][0];
    assert_eq!(change["id"], "GEN-01");
    assert_eq!(change["authors"], serde_json::json!(["Анна"]));
    assert_eq!(change["commits"].as_array().unwrap().len(), 1);
    // Neither a version nor a revision: a usage error.
    let output = book.run(&["changelog", "--since", "no-such-tag"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("neither a version of the book"));
}

/// `(code, file, line, column)` of each version diagnostic (E07xx, W07xx)
/// `check --format json` prints.
fn check_places(book: &Fixture) -> Vec<(String, String, u64, u64)> {
    let output = book.run(&["check", "--format", "json"]);
    let diagnostics: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("check prints json");
    diagnostics
        .iter()
        .filter(|d| d["code"].as_str().unwrap()[1..].starts_with("07"))
        .map(|d| {
            let at = &d["location"];
            (
                d["code"].as_str().unwrap().to_string(),
                at["file"].as_str().unwrap().to_string(),
                at["line"].as_u64().unwrap(),
                at["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn place(code: &str, file: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (code.into(), file.into(), line, column)
}

#[test]
fn change_lists_name_each_version_once_in_date_order() {
    let entries = "  - { version: 1.2.0, date: 2026-03-01, summary: Б }\n  - { version: 1.1.0, date: 2026-04-01, summary: В }\n  - { version: 1.0.0, date: 2026-01-01, summary: А }\n  - version: 1.0.0\n    date: 2026-01-02\n    summary: Повтор\n";
    let book =
        Fixture::minimal_with(&[("01-general/01-scope.md", &scope("1.2.0", entries, "Текст."))]);
    book.write(
        "standbook.yaml",
        &format!(
            "{}changes:\n  - {{ version: 1.0.0, date: 2026-01-01, summary: А }}\n  - {{ version: 1.0.0, date: 2026-01-01, summary: Б }}\n",
            MINIMAL[0].1
        ),
    );
    let places = check_places(&book);
    assert_eq!(
        places,
        [
            place("E0702", "01-general/01-scope.md", 9, 16),
            place("E0701", "01-general/01-scope.md", 11, 14),
            place("E0701", "standbook.yaml", 9, 16),
        ],
        "1.1.0 is dated after 1.2.0; 1.0.0 twice in the standard and in the book"
    );
}

#[test]
fn change_logs_are_checked_against_git() {
    let book = repository();
    let entries = format!(
        "  - {{ version: 1.9.0, date: 2026-02-20, summary: Откат }}\n  - {{ version: 1.5.0, date: 2026-02-15, summary: Никогда не было }}\n{V2}{V1}"
    );
    book.write("01-general/01-area.md", &scope("1.9.0", &entries, "Текст."));
    git(
        &book.book(),
        "Борис",
        "2026-03-05",
        &["commit", "-q", "-am", "Откат"],
    );
    let places = check_places(&book);
    assert_eq!(
        places,
        [
            place("W0703", "01-general/01-area.md", 4, 10),
            place("W0705", "01-general/01-area.md", 4, 10),
            place("W0704", "01-general/01-area.md", 9, 16),
        ],
        "1.1.0 was committed without an entry; 2.0.0 went down to 1.9.0; 1.5.0 never was in git"
    );
    let human = text(&book.run(&["check"]).stdout);
    assert!(
        human.contains("GEN-01 has version 1.1.0 (commit"),
        "{human}"
    );
    assert!(
        human.contains("by Борис, 2026-02-01) but no change entry"),
        "{human}"
    );
    assert!(human.contains("went down from 2.0.0 to 1.9.0"), "{human}");
}

#[test]
fn a_commit_while_serving_turns_the_draft_into_a_version() {
    let book = repository();
    let path = book.book();
    let mut server = support::server::Served::start(
        book.dir.path(),
        &["--port", "0", "--book", path.to_str().unwrap()],
    );
    let events = server.events();
    book.write(
        "01-general/01-area.md",
        &scope(
            "2.1.0",
            &format!("  - {{ version: 2.1.0, date: 2026-04-01, summary: Уточнения }}\n{V2}{V1}"),
            "Встречаем каждого клиента у двери.",
        ),
    );
    events.wait_for("reload");
    let draft = versions(&server.get("/gen-01.html").2);
    assert!(draft[0].contains("черновик"), "{draft:#?}");

    // Committing changes no file of the book, only its history.
    git(
        &path,
        "Вера",
        "2026-04-01",
        &["commit", "-q", "-am", "Уточнили встречу"],
    );
    events.wait_for("reload");
    let page = server.get("/gen-01.html").2;
    let committed = versions(&page);
    assert!(!committed[0].contains("черновик"), "{committed:#?}");
    assert!(
        committed[0].contains("Вера · Уточнили встречу"),
        "{committed:#?}"
    );
    server.wait_for_line("changed:");
}

#[test]
fn a_repository_gives_each_standard_edit_and_history_links_to_its_file() {
    // The book in a folder of a repository: git says which.
    let book = Fixture::minimal_with(&[(
        "standbook.yaml",
        "title: Книга\norganization: ООО «Тест»\nlanguage: ru\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../../out\nrepository:\n  url: https://github.com/acme/handbook/\n",
    )]);
    let repo = book.dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::rename(book.book(), repo.join("стандарты")).unwrap();
    git(&repo, "Анна", "2026-01-10", &["init", "-q", "-b", "main"]);
    git(&repo, "Анна", "2026-01-10", &["add", "."]);
    git(
        &repo,
        "Анна",
        "2026-01-10",
        &["commit", "-q", "-m", "Книга"],
    );
    let out = book.dir.path().join("site");
    let built = support::standbook(
        &[
            "build",
            "--book",
            repo.join("стандарты").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        book.dir.path(),
    );
    assert!(built.status.success(), "{}", text(&built.stderr));
    let page = std::fs::read_to_string(out.join("gen-01.html")).unwrap();
    let folder = "%D1%81%D1%82%D0%B0%D0%BD%D0%B4%D0%B0%D1%80%D1%82%D1%8B";
    assert!(
        page.contains(&format!(
            "href=\"https://github.com/acme/handbook/edit/main/{folder}/01-general/01-scope.md\""
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "href=\"https://github.com/acme/handbook/commits/main/{folder}/01-general/01-scope.md\""
        )),
        "{page}"
    );
}

#[test]
fn a_book_can_take_its_history_from_front_matter_only_or_from_git_after_a_commit() {
    let book = repository();
    let config = book.page_source("standbook.yaml");
    // Front matter only: the change entries, no commits, no last change.
    book.write(
        "standbook.yaml",
        &format!("{config}history:\n  from: front-matter\n"),
    );
    book.build();
    let page = book.page("gen-01.html");
    let only_entries = versions(&page);
    assert_eq!(only_entries.len(), 2, "{only_entries:#?}");
    assert!(
        only_entries.iter().all(|v| !v.contains(" · ")),
        "{only_entries:#?}"
    );
    assert!(!page.contains("Последнее изменение"));

    // Git after Анна's first commit: Борис's and the last commit only.
    let first = support::repository::first_commit(&book.book());
    book.write(
        "standbook.yaml",
        &format!("{config}history:\n  since: {}\n", &first[..8]),
    );
    book.build();
    let page = book.page("gen-01.html");
    let versions = versions(&page);
    assert!(
        versions[1].contains("Борис · Улыбка при встрече"),
        "{versions:#?}"
    );
    assert!(
        !versions[2].contains("Первая редакция книги"),
        "the first commit is left out: {versions:#?}"
    );

    // A since that is not a commit id is an error at its line.
    book.write(
        "standbook.yaml",
        &format!("{config}history:\n  since: HEAD~3\n"),
    );
    let output = book.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("`history.since: HEAD~3` is not a commit id"),
        "{}",
        text(&output.stderr)
    );
}
