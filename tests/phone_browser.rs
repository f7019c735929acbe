//! Reading on a phone, in real headless Chromium: nothing scrolls sideways
//! at 320 px even with a 40-letter word, a standard's text is on the first
//! screen, the drawer keeps focus while open, and axe-core finds no WCAG 2.2
//! AA violation on any page type in either theme.

mod support;

use serde_json::Value;
use support::Fixture;
use support::browser::Browser;

/// Forty letters in one word, in a title, a heading, the text, a term and a rule.
const LONG: &str = "Клиентоориентированностьпревышевсегонавсегда";

/// Every kind of page the site has.
const PAGE_TYPES: &[&str] = &[
    "index.html",
    "chapter-1.html",
    "gen-01.html",
    "gen-03.html",
    "glossary.html",
    "phrases.html",
    "appearance.html",
    "checklists.html",
    "checklist-shift.html",
    "changes.html",
    "changes-1.0.0.html",
    "print.html",
    "404.html",
];

/// The innermost elements that reach past the screen's right edge.
const WIDE_ELEMENTS: &str = "[...document.querySelectorAll('body *')].filter(e => (e.getBoundingClientRect().right > innerWidth + 1 || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')) && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1)).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + '/' + e.scrollWidth + ': ' + e.textContent.slice(0, 40)).join(' | ')";

fn long_word_book() -> Fixture {
    let standard = format!(
        "---\nid: GEN-03\ntitle: {LONG} и сервис\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nsummary: {LONG} — главное.\nchanges:\n  - {{ version: 1.0.0, date: 2026-01-01, summary: {LONG} }}\n---\n## {LONG}\n\nСлово {LONG} не помещается в строку телефона, а ссылка https://example.com/{LONG}/{LONG} тоже.\n\n- [ ] Прочитал про {LONG} и [Клиента](@GEN-01)\n- [x] Понял\n\n| Столбец | {LONG} |\n|---|---|\n| {LONG} | текст |\n\nСноска[^1].\n\n[^1]: {LONG}.\n"
    );
    let book = Fixture::minimal_with(&[("01-general/03-long.md", &standard)]);
    let terms = std::fs::read_to_string(book.book().join("terms.yaml")).unwrap();
    book.write(
        "terms.yaml",
        &format!("{terms}  - term: {LONG}\n    definition: Очень длинное слово {LONG}.\n"),
    );
    book
}

fn open(browser: &mut Browser, book: &Fixture, page: &str) {
    browser.open(&format!("file://{}/{page}", book.out().display()));
}

#[test]
fn no_page_is_wider_than_a_phone_even_with_a_forty_letter_word() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = long_word_book();
    book.build();
    browser.viewport(320, 640, true);
    for page in PAGE_TYPES {
        open(&mut browser, &book, page);
        let width = browser.eval("document.documentElement.scrollWidth");
        let wide = browser.eval(WIDE_ELEMENTS);
        assert_eq!(width, 320, "{page} is wider than the phone: {wide}");
    }
    // The search field, used, covers the bar and its results fit the screen.
    open(&mut browser, &book, "gen-01.html");
    browser.eval(&format!(
        "(() => {{ const i = document.querySelector('.search-input'); i.focus(); i.value = '{LONG}'; i.dispatchEvent(new Event('input')); }})()"
    ));
    browser.wait_for("document.querySelectorAll('.search-results [role=option]').length > 0");
    let field =
        browser.eval("document.querySelector('.search-input').getBoundingClientRect().width");
    assert!(
        field.as_f64().unwrap() > 260.0,
        "the field is {field} px wide while typing"
    );
    let panel =
        browser.eval("document.querySelector('.search-panel').getBoundingClientRect().right");
    assert!(
        panel.as_f64().unwrap() <= 320.0,
        "the results end at {panel} px"
    );
    let width = browser.eval("document.documentElement.scrollWidth");
    assert_eq!(width, 320, "search results widen the page");
}

#[test]
fn a_standards_text_begins_on_the_first_phone_screen() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.viewport(360, 740, true);
    for page in ["com-01.html", "com-02.html", "gen-01.html", "qlt-01.html"] {
        browser.open(&format!("file://{}/site/{page}", out.path().display()));
        let top = browser.eval(
            "document.querySelector('.standard-body > :is(p, ul, ol, h2)').getBoundingClientRect().top",
        );
        assert!(
            top.as_f64().unwrap() < 600.0,
            "{page}: the text starts at y = {top} on a 740 px screen"
        );
        // The details are one tap away, not gone.
        let owner = browser.eval("document.querySelector('details.meta-more').textContent");
        assert!(owner.as_str().unwrap().contains("Ответственный"), "{page}");
    }
}

#[test]
fn the_drawer_keeps_focus_inside_and_closes_on_escape_or_a_link() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.viewport(360, 740, true);
    browser.open(&format!("file://{}/site/com-02.html", out.path().display()));
    browser.eval("document.querySelector('.menu-button').click()");
    let in_drawer = "document.activeElement.closest('#sidebar') !== null";
    assert_eq!(
        browser.eval(in_drawer),
        true,
        "opening moves focus into the drawer"
    );
    assert_eq!(
        browser.eval("document.activeElement.getAttribute('aria-current')"),
        "page"
    );
    assert_eq!(
        browser.eval("document.querySelector('main').inert"),
        true,
        "the page behind is inert"
    );
    let links = browser
        .eval("document.querySelectorAll('#sidebar a[href]').length")
        .as_u64()
        .unwrap();
    let press = |browser: &mut Browser, key: &str, shift: bool| {
        browser.call(
            "Input.dispatchKeyEvent",
            serde_json::json!({"type": "keyDown", "key": key, "code": key, "modifiers": if shift { 8 } else { 0 }, "windowsVirtualKeyCode": if key == "Tab" { 9 } else { 27 }}),
        );
        browser.call(
            "Input.dispatchKeyEvent",
            serde_json::json!({"type": "keyUp", "key": key, "code": key, "modifiers": if shift { 8 } else { 0 }, "windowsVirtualKeyCode": if key == "Tab" { 9 } else { 27 }}),
        );
    };
    let focused_inside = "document.activeElement.closest('#sidebar') !== null || document.activeElement.classList.contains('menu-button')";
    for _ in 0..links + 3 {
        press(&mut browser, "Tab", false);
        assert_eq!(
            browser.eval(focused_inside),
            true,
            "Tab left the open drawer"
        );
    }
    for _ in 0..5 {
        press(&mut browser, "Tab", true);
        assert_eq!(
            browser.eval(focused_inside),
            true,
            "Shift+Tab left the open drawer"
        );
    }
    press(&mut browser, "Escape", false);
    assert_eq!(
        browser.eval("document.body.classList.contains('nav-open')"),
        false
    );
    assert_eq!(
        browser.eval("document.activeElement.classList.contains('menu-button')"),
        true,
        "Escape returns focus to ☰"
    );
    assert_eq!(browser.eval("document.querySelector('main').inert"), false);
    // A link in the drawer closes it (the navigation itself is held back here).
    browser.eval("document.querySelector('.menu-button').click()");
    browser.eval("window.addEventListener('click', e => e.preventDefault(), true)");
    browser.eval("document.querySelector('#sidebar a[href]').click()");
    assert_eq!(
        browser.eval("document.body.classList.contains('nav-open')"),
        false
    );
}

/// axe-core's script: `STANDBOOK_AXE`, else the global npm package.
fn axe_script() -> Option<String> {
    let path = std::env::var("STANDBOOK_AXE").ok().or_else(|| {
        let root = std::process::Command::new("npm")
            .args(["root", "-g"])
            .output()
            .ok()?;
        let root = String::from_utf8(root.stdout).ok()?;
        Some(format!("{}/axe-core/axe.min.js", root.trim()))
    });
    match path.and_then(|p| std::fs::read_to_string(p).ok()) {
        Some(script) => Some(script),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("axe-core is not installed (npm install -g axe-core), but CI=true requires it")
        }
        None => {
            eprintln!("\n*** SKIPPED: axe-core is not installed (npm install -g axe-core) ***\n");
            None
        }
    }
}

#[test]
fn every_page_type_has_no_wcag_violation_in_either_theme() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = long_word_book();
    book.build();
    let mut found = Vec::new();
    for theme in ["light", "dark"] {
        for (width, height) in [(360, 740), (1280, 900)] {
            browser.viewport(width, height, width < 500);
            for page in PAGE_TYPES {
                open(&mut browser, &book, page);
                browser.eval(&format!("localStorage.setItem('standbook:theme', '{theme}'); document.documentElement.dataset.theme = '{theme}'"));
                browser.eval(&axe);
                browser.eval(
                    "window.__axe = null; axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}).then(r => { window.__axe = r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')); })",
                );
                browser.wait_for("window.__axe !== null");
                if let Value::Array(violations) = browser.eval("window.__axe") {
                    for v in violations {
                        found.push(format!(
                            "{page} {theme} {width}px: {}",
                            v.as_str().unwrap_or_default()
                        ));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}

#[test]
fn a_terms_tooltip_near_the_bottom_of_the_screen_stays_on_it() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.viewport(360, 740, true);
    browser.open(&format!("file://{}/site/com-02.html", out.path().display()));
    // The last term of the page, scrolled to the screen's last line.
    browser.eval(
        "(() => { const links = document.querySelectorAll('.standard-body a.term'); const a = links[links.length - 1]; \
         window.scrollTo(0, a.getBoundingClientRect().top + scrollY - (innerHeight - 40)); a.focus({preventScroll: true}); })()",
    );
    let place = browser.eval(
        "(() => { const t = document.getElementById('term-tip'); const r = t.getBoundingClientRect(); \
         return [t.hidden, Math.round(r.top), Math.round(r.bottom), innerHeight]; })()",
    );
    let [hidden, top, bottom, height] = [0, 1, 2, 3].map(|i| place[i].clone());
    assert_eq!(hidden, false, "{place}");
    assert!(
        top.as_i64().unwrap() >= 0 && bottom.as_i64() <= height.as_i64(),
        "the tooltip runs off the screen: {place}"
    );
}
