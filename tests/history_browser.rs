//! What changed, in real headless Chromium: the redline page compares any two
//! versions with the HTML the build writes for the newest change.

mod support;

use support::browser::Browser;
use support::repository::{git, repository};

fn file_url(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// The redline blocks as the page shows them (outer HTML of each block).
const BLOCKS: &str = "[...document.querySelectorAll('#redline-text p.rl')].map(p => p.outerHTML)";

#[test]
fn the_redline_page_compares_any_two_versions() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = repository();
    book.build();
    let page = book.out().join("gen-01.redline.html");
    browser.open(&file_url(&page));
    browser.wait_for("!!(window.standbook && window.standbook.redline)");
    let built = browser.eval(BLOCKS);
    // The script draws the newest change exactly as the build did.
    browser.eval("window.standbook.redline(1, 2)");
    assert_eq!(browser.eval(BLOCKS), built);
    // The oldest against the newest: two changes at once.
    browser.eval("window.standbook.redline(0, 2)");
    let text = browser.eval("document.getElementById('redline-text').innerText");
    assert!(
        text.as_str().unwrap().contains("каждого клиента у двери"),
        "{text}"
    );
    assert_eq!(
        browser.eval("[...document.querySelectorAll('#redline-text ins')].map(e => e.textContent)"),
        serde_json::json!(["у двери"])
    );
    assert_eq!(
        browser.eval("document.querySelector('.redline-summary').textContent"),
        "Удалено слов и знаков: 0, добавлено: 2."
    );
    assert_eq!(browser.eval("location.hash"), "#1.0.0..2.0.0");
    // The History link of a version opens its pair; the pickers follow.
    browser.open(&format!("{}#1.0.0..1.1.0", file_url(&page)));
    browser.wait_for("document.querySelector('select[name=to]').value === '1'");
    assert_eq!(
        browser.eval("[...document.querySelectorAll('#redline-text ins')].map(e => e.textContent)"),
        serde_json::json!(["улыбкой"])
    );
    // Not by colour alone: screen readers hear where a change starts.
    assert_eq!(
        browser.eval(
            "getComputedStyle(document.querySelector('#redline-text ins'), '::before').content"
        ),
        "\"[добавлено: \""
    );
    // Picking versions in the form redraws the text.
    browser.eval(
        "const f = document.querySelector('.redline-pick'); f.elements.from.value = '2'; f.elements.to.value = '2'; f.dispatchEvent(new Event('change'))",
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#redline-text ins, #redline-text del').length"),
        0
    );
    assert_eq!(
        browser.eval("document.querySelector('.redline-summary').textContent"),
        "Текст этих версий совпадает."
    );
}

/// The standards marked as changed in the navigation, by page.
const MARKED: &str =
    "[...document.querySelectorAll('.sidebar a.changed')].map(a => a.getAttribute('href'))";

/// The standards marked as changed in the title page's contents.
const TOC_MARKED: &str =
    "[...document.querySelectorAll('.toc-standards a.changed')].map(a => a.getAttribute('href'))";

#[test]
fn standards_changed_since_the_last_visit_are_marked_until_read() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = repository();
    book.build();
    let home = file_url(&book.out().join("index.html"));
    // The first visit marks nothing: everything is new.
    browser.open(&home);
    browser.wait_for("!!localStorage.getItem(document.documentElement.dataset.visits)");
    assert_eq!(browser.eval(TOC_MARKED), serde_json::json!([]));
    assert_eq!(
        browser.eval("document.querySelector('.since-visit').hidden"),
        true
    );
    // A new version of GEN-01 is published.
    let text = std::fs::read_to_string(book.book().join("01-general/01-area.md")).unwrap();
    book.write(
        "01-general/01-area.md",
        &text
            .replacen("version: 2.0.0", "version: 2.1.0", 1)
            .replace(
                "changes:\n",
                "changes:\n  - { version: 2.1.0, date: 2026-04-01, summary: Прощание }\n",
            )
            .replace("у двери.", "у двери и прощаемся."),
    );
    git(
        &book.book(),
        "Анна",
        "2026-04-01",
        &["commit", "-q", "-am", "Прощание"],
    );
    book.build();
    browser.open(&home);
    browser.wait_for("!document.querySelector('.since-visit').hidden");
    assert_eq!(
        browser.eval("[...document.querySelectorAll('.toc-standards a.changed')].map(a => a.getAttribute('href'))"),
        serde_json::json!(["gen-01.html"])
    );
    let listed = browser.eval("document.querySelector('.since-visit').innerText");
    let listed = listed.as_str().unwrap();
    assert!(
        listed.contains("С версии книги 1.0.0, которую вы видели"),
        "{listed}"
    );
    assert!(listed.contains("1.1 Область применения 2.1.0"), "{listed}");
    assert_eq!(
        browser
            .eval("document.querySelector('.since-visit a.version-redline').getAttribute('href')"),
        "gen-01.redline.html#2.0.0..2.1.0"
    );
    // Screen readers hear it too.
    assert_eq!(
        browser.eval(
            "document.querySelector('.toc-standards a.changed .visually-hidden').textContent"
        ),
        " (изменён)"
    );
    // Another page marks it in the navigation; opening the standard reads it.
    browser.open(&file_url(&book.out().join("gen-02.html")));
    browser.wait_for("document.querySelectorAll('.sidebar a.changed').length === 1");
    assert_eq!(browser.eval(MARKED), serde_json::json!(["gen-01.html"]));
    browser.open(&file_url(&book.out().join("gen-01.html")));
    browser.open(&home);
    browser.wait_for("!!window.standbookVersions");
    assert_eq!(browser.eval(TOC_MARKED), serde_json::json!([]));
    assert_eq!(
        browser.eval("document.querySelector('.since-visit').hidden"),
        true
    );
    // Another change; "mark all as read" clears the marks.
    let text = std::fs::read_to_string(book.book().join("01-general/02-conflicts.md")).unwrap();
    book.write(
        "01-general/02-conflicts.md",
        &text.replacen("version: 1.1.0", "version: 1.2.0", 1),
    );
    book.build();
    browser.open(&home);
    browser.wait_for("!document.querySelector('.since-visit').hidden");
    assert_eq!(browser.eval(TOC_MARKED), serde_json::json!(["gen-02.html"]));
    browser.eval("document.querySelector('.since-visit .mark-read').click()");
    assert_eq!(browser.eval(TOC_MARKED), serde_json::json!([]));
    browser.reload();
    assert_eq!(
        browser.eval("document.querySelector('.since-visit').hidden"),
        true
    );
}
