//! What changed, in real headless Chromium: the redline page compares any two
//! versions with the HTML the build writes for the newest change.

mod support;

use support::browser::Browser;
use support::repository::repository;

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
