//! The example book's site in real headless Chromium, opened from `file://`:
//! navigation, checklists whose ticks survive a reload, term tooltips, and the
//! phone layout.

mod support;

use support::browser::Browser;

fn site_url(out: &tempfile::TempDir, page: &str) -> String {
    format!("file://{}/site/{page}", out.path().display())
}

#[test]
fn navigation_checklists_and_tooltips_work_from_file_urls() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();

    browser.open(&site_url(&out, "com-02.html"));
    let current =
        browser.eval("document.querySelector('.sidebar a[aria-current=page]').textContent");
    assert_eq!(current, "3.2 Алгоритм разрешения конфликта");
    let chapters = browser.eval("document.querySelectorAll('.sidebar .nav-chapter').length");
    assert!(chapters.as_u64().unwrap() >= 5, "{chapters}");

    // A term link shows its definition on keyboard focus and hides on Escape.
    browser.eval("document.querySelector('.standard-body a.term').focus()");
    let tip = browser.eval("(() => { const t = document.getElementById('term-tip'); return t.hidden ? '' : t.textContent; })()");
    let tip = tip.as_str().unwrap();
    assert!(
        tip.contains(" — "),
        "tooltip shows «term — definition»: {tip:?}"
    );
    browser.eval("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))");
    assert_eq!(
        browser.eval("document.getElementById('term-tip').hidden"),
        true
    );

    // Ticking a checklist item updates progress and survives a reload.
    browser.open(&site_url(&out, "checklist-shift-start.html"));
    browser.eval("document.querySelector('.checklist input.check-item').click()");
    let count = browser.eval("document.querySelector('.checklist-count').textContent");
    assert!(count.as_str().unwrap().contains("1 / 10"), "{count}");
    browser.reload();
    assert_eq!(
        browser.eval("document.querySelector('.checklist input.check-item').checked"),
        true
    );
    assert_eq!(
        browser.eval("document.querySelector('.checklist progress').value"),
        1
    );

    // Reset clears the ticks, also after a reload.
    browser.eval("document.querySelector('.checklist-reset').click()");
    browser.reload();
    assert_eq!(
        browser.eval("document.querySelectorAll('.checklist input.check-item:checked').length"),
        0
    );
}

#[test]
fn markdown_task_lists_and_scored_audits_are_interactive() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.open(&site_url(&out, "qlt-01.html"));

    // The mystery-shopper audit embedded in the standard is scored against its pass mark.
    browser.eval("document.querySelectorAll('.checklist[data-checklist=mystery-shopper] input.check-item').forEach(i => i.click())");
    let score = browser.eval("document.querySelector('.checklist[data-checklist=mystery-shopper] .checklist-score').className");
    assert!(score.as_str().unwrap().contains("pass"), "{score}");

    // The Markdown task list became a checklist of its own.
    assert_eq!(
        browser.eval("document.querySelectorAll('.checklist-inline').length"),
        1
    );
    browser.eval("document.querySelector('.checklist-inline input.check-item').click()");
    browser.reload();
    assert_eq!(
        browser.eval("document.querySelector('.checklist-inline input.check-item').checked"),
        true
    );
}

#[test]
fn a_not_applicable_answer_leaves_the_score_and_the_header_fields_are_kept() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let audit = "id: visit\ntitle: Визит\npass_score: 80\nnot_applicable: true\nfields:\n  - Магазин\n  - { label: Дата визита, type: date }\nsections:\n  - title: Встреча\n    items:\n      - { text: Поздоровался, weight: 2, not_applicable: false }\n      - Улыбнулся\n      - { text: Предложил карту, weight: 3 }\n";
    let book = support::Fixture::minimal_with(&[("checklists/visit.yaml", audit)]);
    book.build();
    browser.open(&format!(
        "file://{}",
        book.out().join("checklist-visit.html").display()
    ));
    let q = |css: &str| format!("document.querySelector('.checklist[data-checklist=visit] {css}')");
    assert_eq!(
        browser.eval("document.querySelectorAll('input.check-na').length"),
        2,
        "the greeting says `not_applicable: false`"
    );
    assert_eq!(
        browser.eval(&format!("{}.type", q("input[data-field=f2]"))),
        "date"
    );
    // Two of three items done: 3 of 6 points, a fail.
    browser.eval(&format!("{}.click()", q("input[data-key=s1-1].check-item")));
    browser.eval(&format!("{}.click()", q("input[data-key=s1-2].check-item")));
    let score = format!("{}.textContent", q(".checklist-score"));
    assert!(browser.eval(&score).as_str().unwrap().contains("50\u{a0}%"));
    // The card was not offered because nothing was bought: not applicable, 3 of 3 points.
    browser.eval(&format!("{}.click()", q("input[data-key=s1-3].check-na")));
    let shown = browser.eval(&score);
    assert!(shown.as_str().unwrap().contains("100\u{a0}%"), "{shown}");
    assert_eq!(
        browser.eval(&format!("{}.className", q(".checklist-score"))),
        "checklist-score pass"
    );
    let count = browser.eval(&format!("{}.textContent", q(".checklist-count")));
    assert!(
        count.as_str().unwrap().contains("2 / 2 · н/п: 1"),
        "{count}"
    );
    assert_eq!(
        browser.eval(&format!(
            "{}.disabled",
            q("input[data-key=s1-3].check-item")
        )),
        true
    );
    // The store typed in and the answers survive a reload.
    browser.eval(&format!(
        "(() => {{ const f = {}; f.value = 'Тёплый дом, Лесная 5'; f.dispatchEvent(new Event('input')); }})()",
        q("input[data-field=f1]")
    ));
    browser.reload();
    assert_eq!(
        browser.eval(&format!("{}.value", q("input[data-field=f1]"))),
        "Тёплый дом, Лесная 5"
    );
    assert_eq!(
        browser.eval(&format!("{}.checked", q("input[data-key=s1-3].check-na"))),
        true
    );
    assert!(
        browser
            .eval(&score)
            .as_str()
            .unwrap()
            .contains("100\u{a0}%")
    );
    // Reset clears the answers and the header.
    browser.eval(&format!("{}.click()", q(".checklist-reset")));
    browser.reload();
    assert_eq!(
        browser.eval(&format!("{}.value", q("input[data-field=f1]"))),
        ""
    );
    assert_eq!(
        browser.eval(
            "document.querySelectorAll('input.check-na:checked, input.check-item:checked').length"
        ),
        0
    );
}

#[test]
fn the_phone_layout_hides_the_sidebar_behind_the_menu_button() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.viewport(360, 740, true);
    browser.open(&site_url(&out, "com-01.html"));
    let visible = "getComputedStyle(document.querySelector('.sidebar')).display !== 'none'";
    assert_eq!(browser.eval(visible), false);
    browser.eval("document.querySelector('.menu-button').click()");
    assert_eq!(browser.eval(visible), true);
    let overflow = browser.eval("document.documentElement.scrollWidth > window.innerWidth");
    assert_eq!(overflow, false, "no horizontal scrolling at 360 px");
}

#[test]
fn a_tap_on_a_term_shows_its_definition_before_following_the_link() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.viewport(390, 844, true);
    browser.open(&site_url(&out, "com-04.html"));
    let page = browser.eval("location.href");
    browser.eval(
        "(() => { const a = document.querySelector('.standard-body a.term');
          a.dispatchEvent(new PointerEvent('pointerup', {pointerType: 'touch', bubbles: true}));
          a.click(); })()",
    );
    assert_eq!(
        browser.eval("document.getElementById('term-tip').hidden"),
        false,
        "first tap shows the tooltip"
    );
    assert_eq!(
        browser.eval("location.href"),
        page,
        "first tap does not navigate"
    );
    browser.eval("document.querySelector('.standard-body a.term').click()");
    browser.wait_for("location.href.includes('glossary.html#term-')");
}

#[test]
fn dark_mode_is_remembered_and_print_shows_empty_boxes() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.open(&site_url(&out, "checklist-complaint.html"));
    let background = "getComputedStyle(document.body).backgroundColor";
    let light = browser.eval(background);
    browser.eval("document.querySelector('.theme-button').click()");
    browser.reload();
    assert_eq!(
        browser.eval("document.documentElement.dataset.theme"),
        "dark"
    );
    assert_ne!(
        browser.eval(background),
        light,
        "the dark theme changes the page colours"
    );

    browser.eval("document.querySelector('.checklist input.check-item').click()");
    browser.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": "print"}),
    );
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.checklist-progress')).display"),
        "none"
    );
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.sidebar')).display"),
        "none"
    );
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.score-line')).display"),
        "block"
    );
    let ticked =
        "getComputedStyle(document.querySelector('.checklist input.check-item')).appearance";
    assert_eq!(
        browser.eval(ticked),
        "none",
        "printed boxes are drawn empty, even when ticked on screen"
    );
}

#[test]
fn a_served_page_updates_in_the_browser_after_a_save_keeping_its_scroll() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = support::Fixture::new(support::MINIMAL);
    let path = book.book();
    let server = support::server::Served::start(
        book.dir.path(),
        &["--port", "0", "--book", path.to_str().unwrap()],
    );
    browser.viewport(800, 300, false);
    browser.open(&format!("http://{}/gen-01.html", server.addr));
    browser.wait_for("window.standbookLiveReload && window.standbookLiveReload.readyState === 1");
    browser.eval("window.scrollTo(0, 120)");
    let scrolled = browser.eval("window.scrollY");
    assert!(
        scrolled.as_f64().unwrap() > 0.0,
        "the page must be scrollable for this test"
    );
    browser.eval("window.__unchanged = true");
    book.write(
        "01-general/01-scope.md",
        &support::MINIMAL[6].1.replace(
            "Каждого клиента встречаем.",
            "Каждого клиента встречаем улыбкой.",
        ),
    );
    browser
        .wait_for("!window.__unchanged && document.body.textContent.includes('встречаем улыбкой')");
    browser.wait_for(&format!("window.scrollY === {scrolled}"));

    // A broken save shows the errors over the page; the next good save clears them.
    book.write("terms.yaml", "terms: [");
    browser.wait_for("document.getElementById('standbook-overlay') && document.getElementById('standbook-overlay').textContent.includes('terms.yaml')");
    book.write("terms.yaml", support::MINIMAL[1].1);
    browser.wait_for(
        "document.readyState === 'complete' && !document.getElementById('standbook-overlay')",
    );
}
