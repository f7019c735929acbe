//! Editions: a book released in git as 1.0.0, 2.0.0 and 2.1.0 builds into
//! three complete sites under `editions/`, each with its banner, and every
//! page links the others through the switcher — from `file://` too.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use support::repository::git;
use support::{Fixture, text};

const CONFIG: &str = "title: Тестовая книга\norganization: ООО «Тест»\nlanguage: ru\nversion: {version}\neffective: {effective}\noutput: ../out\n";

fn config(version: &str, effective: &str) -> String {
    CONFIG
        .replace("{version}", version)
        .replace("{effective}", effective)
}

fn release(book: &Fixture, version: &str, effective: &str, date: &str) {
    book.write("standbook.yaml", &config(version, effective));
    git(&book.book(), "Анна", date, &["add", "."]);
    git(
        &book.book(),
        "Анна",
        date,
        &["commit", "-q", "-m", &format!("Книга {version}")],
    );
}

/// The minimal book released three times: 2.0.0 adds GEN-03, 2.1.0 rewords GEN-01.
fn released_book() -> Fixture {
    let book = Fixture::new(support::MINIMAL);
    git(
        &book.book(),
        "Анна",
        "2025-01-01",
        &["init", "-q", "-b", "main"],
    );
    release(&book, "1.0.0", "2025-01-15", "2025-01-01");
    book.write(
        "01-general/03-new.md",
        "---\nid: GEN-03\ntitle: Новый порядок\nversion: 1.0.0\neffective: 2025-11-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2025-10-20, summary: Первая редакция }\n---\n## Порядок\n\nНовый порядок приёма жалоб.\n",
    );
    release(&book, "2.0.0", "2025-11-01", "2025-10-20");
    let scope = book.page_source("01-general/01-scope.md");
    book.write(
        "01-general/01-scope.md",
        &scope
            .replace(
                "Каждого клиента встречаем.",
                "Каждого клиента встречаем улыбкой.",
            )
            .replace("version: 1.0.0\neffective", "version: 1.1.0\neffective"),
    );
    release(&book, "2.1.0", "2026-03-01", "2026-02-20");
    book
}

fn build(book: &Fixture) -> String {
    text(&book.build().stdout)
}

/// Every relative `href` and `src` of every HTML page under `out`, with the
/// page it is on, that names no file.
fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        for target in attribute_values(&html) {
            if target.starts_with('#')
                || target.contains(':')
                || target.starts_with("//")
                || target.is_empty()
            {
                continue;
            }
            let file = target.split(['#', '?']).next().unwrap();
            let file = percent_decode(file);
            let resolved = normalize(&path.parent().unwrap().join(&file));
            if !resolved.exists() {
                broken.push(format!(
                    "{} → {target}",
                    path.strip_prefix(out).unwrap().display()
                ));
            }
        }
    }
    broken
}

fn attribute_values(html: &str) -> Vec<String> {
    let mut values = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        for piece in html.split(attribute).skip(1) {
            if let Some(value) = piece.split('"').next() {
                values.push(value.replace("&amp;", "&"));
            }
        }
    }
    values
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn three_releases_build_three_complete_editions_with_banners() {
    let book = released_book();
    let said = build(&book);
    assert!(
        said.contains(
            "with 3 editions under editions/: 1.0.0, 2.0.0, 2.1.0 (3 rendered, 0 unchanged)"
        ),
        "{said}"
    );
    let out = book.out();
    for version in ["1.0.0", "2.0.0", "2.1.0"] {
        let edition = out.join("editions").join(version);
        for page in [
            "index.html",
            "gen-01.html",
            "glossary.html",
            "print.html",
            "search/meta.js",
            "pages.js",
        ] {
            assert!(edition.join(page).is_file(), "{version}: {page} missing");
        }
    }
    // Each edition is the book as its release had it.
    let gen03 = |v: &str| out.join("editions").join(v).join("gen-03.html").is_file();
    assert!(!gen03("1.0.0") && gen03("2.0.0") && gen03("2.1.0"));
    let old = book.page("editions/2.0.0/gen-01.html");
    assert!(old.contains("Каждого клиента встречаем.") && !old.contains("улыбкой"));
    assert!(book.page("editions/2.1.0/gen-01.html").contains("улыбкой"));

    // An earlier edition says which it is and when it was in force, and
    // leads readers and search engines to the current page.
    let banner = old
        .split("class=\"edition-banner\"")
        .nth(1)
        .expect("a banner");
    let banner = banner.split("</aside>").next().unwrap();
    assert!(banner.contains("2.0.0"), "{banner}");
    assert!(banner.contains("1 ноября 2025"), "{banner}");
    assert!(banner.contains("28 февраля 2026"), "{banner}");
    assert!(
        banner.contains("href=\"../../index.html\" data-same-page=\"../../gen-01.html\""),
        "{banner}"
    );
    // The current book has the page: it is the canonical one.
    assert!(old.contains("<link rel=\"canonical\" href=\"../../gen-01.html\">"));
    assert!(!old.contains("noindex"));
    // A page the current book lacks asks not to be indexed.
    let lacking = book.page("editions/2.0.0/changes-since-2.0.0.html");
    assert!(lacking.contains("<meta name=\"robots\" content=\"noindex, follow\">"));
    assert!(!lacking.contains("rel=\"canonical\""));
    assert!(!book.page("gen-01.html").contains("noindex"));
    assert!(!book.page("gen-01.html").contains("edition-banner"));

    // The root lists the editions with their dates.
    let editions = book.page("editions.html");
    for version in ["1.0.0", "2.0.0"] {
        assert!(
            editions.contains(&format!("editions/{version}/index.html")),
            "{editions}"
        );
    }
    // The current version is the root.
    assert!(
        editions.contains("<a href=\"index.html\">Редакция 2.1.0</a>"),
        "{editions}"
    );
    assert!(book.page("editions.js").contains("\"current\":\"2.1.0\""));
    // Each edition links what changed in it.
    assert!(
        editions.contains("<a href=\"changes-2.0.0.html\">"),
        "{editions}"
    );

    let broken = broken_links(&out);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn unchanged_editions_are_reused_and_a_new_release_renders_only_what_it_changes() {
    let book = released_book();
    build(&book);
    let stamp = |v: &str| {
        std::fs::metadata(book.out().join("editions").join(v).join("index.html"))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = stamp("1.0.0");
    let said = build(&book);
    assert!(said.contains("(0 rendered, 3 unchanged)"), "{said}");
    assert_eq!(stamp("1.0.0"), before, "moved over, not written again");

    // 2.2.0: 2.1.0 now has an end date, so it is rendered again with 2.2.0.
    release(&book, "2.2.0", "2026-06-01", "2026-05-20");
    let said = build(&book);
    assert!(
        said.contains("1.0.0, 2.0.0, 2.1.0, 2.2.0 (2 rendered, 2 unchanged)"),
        "{said}"
    );
    assert!(
        book.page("editions/2.1.0/gen-01.html")
            .contains("31 мая 2026")
    );
    assert!(broken_links(&book.out()).is_empty());

    // Fewer editions kept: the others leave the site.
    let text = book.page_source("standbook.yaml");
    book.write("standbook.yaml", &format!("{text}editions:\n  last: 2\n"));
    let said = build(&book);
    assert!(said.contains("with 2 editions"), "{said}");
    assert!(!book.out().join("editions/1.0.0").exists());
    assert!(!book.page("editions.html").contains("editions/1.0.0/"));

    // A page the current book no longer has: the editions that have it are
    // rendered again, and it no longer names a canonical page.
    let canonical = "<link rel=\"canonical\" href=\"../../gen-03.html\">";
    assert!(book.page("editions/2.2.0/gen-03.html").contains(canonical));
    std::fs::remove_file(book.book().join("01-general/03-new.md")).unwrap();
    let said = build(&book);
    assert!(said.contains("(2 rendered, 0 unchanged)"), "{said}");
    let gen03 = book.page("editions/2.2.0/gen-03.html");
    assert!(!gen03.contains(canonical) && gen03.contains("noindex"));
    assert!(broken_links(&book.out()).is_empty());
}

#[test]
fn editions_are_read_from_git_without_touching_the_working_tree() {
    let book = released_book();
    // Uncommitted work: a changed standard and a new file.
    let scope = book.page_source("01-general/01-scope.md");
    book.write(
        "01-general/01-scope.md",
        &scope.replace("улыбкой", "тёплой улыбкой"),
    );
    book.write("assets/notes.txt", "не в git\n");
    let status_before = git_status(&book.book());
    assert_eq!(status_before.len(), 2, "{status_before:?}");
    build(&book);
    assert_eq!(git_status(&book.book()), status_before);
    assert!(
        book.page("editions/2.1.0/gen-01.html")
            .contains("встречаем улыбкой.")
    );
    assert!(book.page("gen-01.html").contains("тёплой улыбкой"));
}

fn git_status(dir: &Path) -> BTreeSet<String> {
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    text(&output.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_switcher_opens_the_same_page_in_another_edition_from_files() {
    let Some(mut browser) = support::browser::Browser::launch() else {
        return;
    };
    let book = released_book();
    build(&book);
    let out = book.out();
    browser.open(&format!("file://{}/gen-03.html", out.display()));
    browser.eval("document.querySelector('.editions-menu summary').click()");
    browser.wait_for("document.querySelectorAll('.editions-list a[data-folder]').length === 3");
    // pages.js of each edition arrives: 1.0.0 has no GEN-03, so its title page.
    browser.wait_for(
        "document.querySelector('.editions-list a[data-folder=\"editions/1.0.0/\"]').getAttribute('href') === 'editions/1.0.0/index.html'",
    );
    let to_200 = browser.eval(
        "document.querySelector('.editions-list a[data-folder=\"editions/2.0.0/\"]').getAttribute('href')",
    );
    assert_eq!(to_200, "editions/2.0.0/gen-03.html");
    let current = browser.eval(
        "document.querySelector('.editions-list a[aria-current]').getAttribute('data-folder')",
    );
    assert_eq!(current, "");

    // In an earlier edition, the switcher and the banner lead back.
    browser.open(&format!(
        "file://{}/editions/1.0.0/gen-01.html",
        out.display()
    ));
    browser.eval("document.querySelector('.editions-menu summary').click()");
    browser.wait_for("document.querySelectorAll('.editions-list a[data-folder]').length === 3");
    let here = browser.eval("document.querySelector('.editions-list a[aria-current]').textContent");
    assert_eq!(here, "v1.0.0");
    browser.wait_for(
        "document.querySelector('.editions-list a[data-folder=\"\"]').getAttribute('href') === '../../gen-01.html'",
    );
    browser.eval("document.querySelector('.edition-current').click()");
    browser.wait_for("location.pathname.endsWith('/out/gen-01.html')");
}

#[test]
fn a_book_version_is_in_force_from_its_own_effective_date() {
    let book = released_book();
    // The change entries are dated when they were written, before the
    // versions took effect.
    let text = book.page_source("standbook.yaml");
    book.write(
        "standbook.yaml",
        &format!(
            "{text}changes:\n  - {{ version: 2.1.0, date: 2026-02-20, summary: Улыбка }}\n  - {{ version: 2.0.0, date: 2025-10-20, summary: Новый порядок }}\n"
        ),
    );
    build(&book);
    let changes = book.page("changes.html");
    let release = |version: &str| {
        changes
            .split(&format!("{version}</a>"))
            .nth(1)
            .and_then(|rest| rest.split("datetime=\"").nth(1))
            .map(|rest| rest[..10].to_string())
    };
    assert_eq!(release("2.0.0").as_deref(), Some("2025-11-01"), "{changes}");
    assert_eq!(release("2.1.0").as_deref(), Some("2026-03-01"), "{changes}");
    assert_eq!(release("1.0.0").as_deref(), Some("2025-01-15"), "{changes}");
}

#[test]
fn the_cli_says_which_edition_and_versions_were_in_force_on_a_day() {
    let book = released_book();
    let list = book.run(&["editions"]);
    let said = text(&list.stdout);
    assert!(said.contains("3 released editions"), "{said}");
    assert!(
        said.contains("2.0.0      in force 2025-11-01 to 2026-02-28"),
        "{said}"
    );
    assert!(said.contains("(the book's version now)"), "{said}");

    let on_day = book.run(&["editions", "--at", "2025-12-01"]);
    let said = text(&on_day.stdout);
    assert!(
        said.contains("On 2025-12-01, edition 2.0.0 was in force"),
        "{said}"
    );
    assert!(
        said.contains("GEN-03     1.0.0    since 2025-11-01  Новый порядок"),
        "{said}"
    );
    assert!(
        said.contains("GEN-01     not yet in force (1.0.0 from 2026-01-01)"),
        "{said}"
    );

    let json = book.run(&["editions", "--at", "2026-03-01", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["edition"]["version"], "2.1.0");
    let ids: Vec<&str> = value["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["GEN-01", "GEN-02", "GEN-03"]);

    let before = book.run(&["editions", "--at", "2024-06-01"]);
    assert!(text(&before.stdout).contains("no edition of the book was in force yet"));
    let wrong = book.run(&["editions", "--at", "1 марта"]);
    assert!(!wrong.status.success());
    assert!(
        text(&wrong.stderr).contains("give a day as YYYY-MM-DD"),
        "{}",
        text(&wrong.stderr)
    );
}

#[test]
fn the_editions_page_answers_what_was_in_force_on_a_day() {
    let Some(mut browser) = support::browser::Browser::launch() else {
        return;
    };
    let book = released_book();
    build(&book);
    browser.open(&format!("file://{}/editions.html", book.out().display()));
    browser.wait_for("document.querySelectorAll('.in-force-result tbody tr').length === 3");
    browser.eval(
        "(() => { const i = document.querySelector('.in-force-day'); i.value = '2025-12-01'; i.dispatchEvent(new Event('change')); })()",
    );
    let lead = browser.eval("document.querySelector('.in-force-result p').textContent");
    assert_eq!(lead, "На 1 декабря 2025 г. действовала редакция 2.0.0.");
    let rows = browser.eval(
        "Array.from(document.querySelectorAll('.in-force-result tbody tr')).map(r => Array.from(r.cells).map(c => c.firstChild ? c.firstChild.textContent : '').join(' | '))",
    );
    let rows: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        rows.contains(&"GEN-03 | Новый порядок | 1.0.0 | 1 ноября 2025 г."),
        "{rows:?}"
    );
    assert!(
        rows.contains(&"GEN-01 | Область применения | ещё не вступил в силу | 1 января 2026 г."),
        "{rows:?}"
    );
    let link = browser.eval(
        "Array.from(document.querySelectorAll('.in-force-result a')).map(a => a.getAttribute('href')).join(' ')",
    );
    assert!(
        link.as_str()
            .unwrap()
            .contains("editions/2.0.0/gen-03.html"),
        "{link}"
    );
    browser.eval(
        "(() => { const i = document.querySelector('.in-force-day'); i.value = '2024-06-01'; i.dispatchEvent(new Event('change')); })()",
    );
    let none = browser.eval("document.querySelector('.in-force-result p').textContent");
    assert_eq!(
        none,
        "На эту дату ни одна редакция книги ещё не действовала."
    );
}

#[test]
fn a_shallow_clone_builds_the_editions_it_reaches_and_says_the_rest_are_missing() {
    let book = released_book();
    let clone = support::repository::shallow_clone(&book, 2);
    let out = book.dir.path().join("clone-site");
    let built = support::standbook(&["build", "--out", out.to_str().unwrap()], &clone);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(out.join("editions/2.0.0/index.html").is_file());
    assert!(out.join("editions/2.1.0/index.html").is_file());
    assert!(!out.join("editions/1.0.0").exists());
    let warned = text(&built.stderr);
    assert!(
        warned.contains(
            "the clone is shallow, so editions released before 2025-10-20 are not in the site"
        ),
        "{warned}"
    );
    assert!(warned.contains("git fetch --unshallow"), "{warned}");
    // `-q` prints errors only.
    let quiet = support::standbook(&["build", "-q", "--out", out.to_str().unwrap()], &clone);
    assert!(quiet.status.success());
    assert_eq!(text(&quiet.stderr), "");
}

#[test]
fn uncommitted_text_is_marked_as_a_draft_on_its_page_the_print_page_and_the_pdf() {
    let book = released_book();
    let scope = book.page_source("01-general/01-scope.md");
    book.write(
        "01-general/01-scope.md",
        &scope.replace("улыбкой", "тёплой улыбкой"),
    );
    let config = book.page_source("standbook.yaml");
    book.write("standbook.yaml", &format!("{config}pdf: true\n"));
    build(&book);
    let draft_mark = "<span class=\"badge badge-draft\">черновик</span>";
    let meta_line = |page: &str, id: &str| {
        let html = book.page(page);
        let start = html
            .find(&format!("{id} ·"))
            .or_else(|| html.find("class=\"meta-line\""));
        html[start.unwrap()..]
            .split("</p>")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(meta_line("gen-01.html", "GEN-01").contains(draft_mark));
    assert!(!meta_line("gen-02.html", "GEN-02").contains(draft_mark));
    let print = book.page("print.html");
    let gen01 = print
        .split("GEN-01 · ")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(gen01.contains(draft_mark), "{gen01}");
    let gen02 = print
        .split("GEN-02 · ")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(!gen02.contains(draft_mark), "{gen02}");
    // Committed editions have no drafts.
    assert!(!book.page("editions/2.1.0/gen-01.html").contains(draft_mark));

    let pdf = book.out().join(format!(
        "{}.pdf",
        book.book().file_name().unwrap().to_string_lossy()
    ));
    let Some(pages) = support::poppler::pages(pdf.to_str().unwrap()) else {
        return;
    };
    let all = pages.join("\n");
    let squeezed: String = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(squeezed.matches("(черновик)").count(), 1, "{squeezed}");
}

#[test]
fn a_standard_whose_new_version_is_upcoming_shows_the_version_in_force_and_announces_the_new_one() {
    let book = released_book();
    // GEN-02 2.0.0 is committed but takes effect in 2099.
    let conflicts = book.page_source("01-general/02-conflicts.md");
    let upcoming = conflicts
        .replace("version: 1.1.0", "version: 2.0.0")
        .replace("effective: 2026-01-01", "effective: 2099-01-01")
        .replace(
            "## Шаги\n",
            "## Шаги\n\nНовый порядок разбора жалоб через приложение.\n",
        );
    book.write("01-general/02-conflicts.md", &upcoming);
    release(&book, "2.2.0", "2026-04-01", "2026-03-20");
    build(&book);

    let page = book.page("gen-02.html");
    assert!(
        !page.contains("через приложение"),
        "the text in force is shown"
    );
    assert!(page.contains("Версия 1.1.0"), "{page}");
    let banner = page
        .split("banner-announced")
        .nth(1)
        .expect("an announcement");
    let banner = banner.split("</p>").next().unwrap();
    assert!(
        banner.contains("2.0.0") && banner.contains("1 января 2099"),
        "{banner}"
    );
    assert!(banner.contains("href=\"gen-02.next.html\""), "{banner}");
    assert!(
        banner.contains("href=\"gen-02.redline.html#1.1.0..2.0.0\""),
        "{banner}"
    );

    let next = book.page("gen-02.next.html");
    assert!(next.contains("через приложение"));
    assert!(
        next.contains("href=\"gen-02.html\""),
        "links the version in force"
    );
    // The print page holds the text in force.
    assert!(!book.page("print.html").contains("через приложение"));
    assert!(
        broken_links(&book.out()).is_empty(),
        "{:#?}",
        broken_links(&book.out())
    );

    // On its date, the next build shows the new text.
    let later = std::process::Command::new(env!("CARGO_BIN_EXE_standbook"))
        .args(["build", "--book", book.book().to_str().unwrap()])
        .current_dir(book.dir.path())
        .env("STANDBOOK_CACHE_DIR", book.dir.path().join(".cache"))
        .env("SOURCE_DATE_EPOCH", "4070908800")
        .output()
        .unwrap();
    assert!(later.status.success(), "{}", text(&later.stderr));
    assert!(book.page("gen-02.html").contains("через приложение"));
    assert!(!book.out().join("gen-02.next.html").exists());
}
