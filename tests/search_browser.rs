//! Search in real headless Chromium: the example book from `file://` and over
//! HTTP, a Ukrainian book, the search box, and hostile queries.

mod support;

use serde_json::Value;
use support::browser::Browser;
use support::server::Served;
use support::{Fixture, text};

fn search(browser: &mut Browser, query: &str) -> Vec<Value> {
    let query = serde_json::to_string(query).unwrap();
    let results = browser.eval(&format!("window.standbook.search({query})"));
    results.as_array().cloned().unwrap_or_default()
}

fn urls(results: &[Value]) -> Vec<&str> {
    results.iter().map(|r| r["url"].as_str().unwrap()).collect()
}

fn first_url(browser: &mut Browser, query: &str) -> String {
    let results = search(browser, query);
    assert!(!results.is_empty(), "«{query}» found nothing");
    results[0]["url"].as_str().unwrap().to_string()
}

fn example_site(browser: &mut Browser, out: &tempfile::TempDir, page: &str) {
    browser.open(&format!("file://{}/site/{page}", out.path().display()));
}

/// Types `query` into the search box as a reader does, waiting for results or a message.
fn type_query(browser: &mut Browser, query: &str) {
    let query = serde_json::to_string(query).unwrap();
    browser.eval(&format!(
        "(() => {{ const i = document.querySelector('.search-input'); i.focus(); i.value = {query}; \
         i.dispatchEvent(new Event('input')); }})()"
    ));
    browser.wait_for(&format!(
        "document.querySelector('.search.open') && document.querySelector('.search').dataset.shown === {query}"
    ));
}

fn key(browser: &mut Browser, target: &str, key: &str, ctrl: bool) {
    browser.eval(&format!(
        "{target}.dispatchEvent(new KeyboardEvent('keydown', {{key: {key:?}, ctrlKey: {ctrl}, bubbles: true, cancelable: true}}))"
    ));
}

#[test]
fn inflected_queries_find_the_right_place_first_from_file_urls() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    example_site(&mut browser, &out, "index.html");

    // Word forms other than the text's: «недовольным клиентом» in the title.
    assert!(first_url(&mut browser, "недовольными клиентами").starts_with("com-04.html"));
    // A hyphenated word is found by its parts, and by the whole.
    let dress = search(&mut browser, "дресс код");
    assert!(
        urls(&dress[..2])
            .iter()
            .any(|u| u.starts_with("app-01.html")),
        "{dress:?}"
    );
    assert!(urls(&dress).contains(&"glossary.html#term-дресс-код"));
    assert_eq!(
        urls(&search(&mut browser, "дресскод")),
        urls(&search(&mut browser, "дресс-код"))
    );
    // Latin words are stemmed as English: «CRM» in any form.
    assert!(!search(&mut browser, "crm").is_empty());
    let stop = urls(&search(&mut browser, "стоп-фразы")).join(" ");
    assert!(
        stop.contains("glossary.html#term-стоп-фраза") && stop.contains("com-01.html"),
        "{stop}"
    );
    // Every word must match.
    assert!(first_url(&mut browser, "маникюр кассир").starts_with("appearance.html#role-cashier"));
    assert!(search(&mut browser, "маникюр компенсация").is_empty());
    // Records of every kind, with what a result list shows.
    let kinds: Vec<String> = ["извин", "эскалация", "шорты", "бейдж на месте"]
        .iter()
        .flat_map(|q| search(&mut browser, q))
        .map(|r| r["kind"].as_str().unwrap().to_string())
        .collect();
    for kind in ["standard", "term", "rule", "checklist"] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} among {kinds:?}");
    }
    let first = &search(&mut browser, "эскалация")[0];
    for field in ["url", "title", "section", "kind", "excerpt"] {
        assert!(first[field].is_string(), "{field} in {first}");
    }
    assert!(first["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn yo_prefixes_and_typos_are_forgiven() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    example_site(&mut browser, &out, "index.html");

    // ё and е are the same letter to a reader.
    let with_yo = search(&mut browser, "тёплый приём");
    assert!(!with_yo.is_empty());
    assert_eq!(with_yo, search(&mut browser, "теплый прием"));

    // While typing, the last word is a prefix; after a space it is a word.
    assert!(first_url(&mut browser, "извин").starts_with("com-02.html#шаг-4-извинитесь"));
    assert!(first_url(&mut browser, "недовол").starts_with("com-04.html"));
    assert!(search(&mut browser, "недовол ").is_empty());

    // One typo in a long word: a missing, a wrong and two swapped letters.
    let right = first_url(&mut browser, "претензия");
    for typo in ["претензя", "притензия", "претезния"] {
        assert_eq!(first_url(&mut browser, typo), right, "{typo}");
    }
    // Short words must be exact.
    assert!(search(&mut browser, "чек-лсит кассы").is_empty());

    // The obvious query: the glossary's «Клиент» is the first answer to «клиент»,
    // above the many standards that mention clients.
    let client = search(&mut browser, "клиент");
    assert!(client.len() > 5, "{client:?}");
    assert!(
        urls(&client)[0].starts_with("glossary.html#"),
        "«клиент» lists first: {:?}",
        &urls(&client)[..3]
    );
    assert_eq!(client[0]["title"], "Клиент");

    // A term's alias, asked whole, brings the term above every standard that
    // uses the word: «конфликт» names «Конфликтная ситуация».
    let conflict = search(&mut browser, "конфликт");
    assert_eq!(
        conflict[0]["title"],
        "Конфликтная ситуация",
        "«конфликт» lists first: {:?}",
        &urls(&conflict)[..3]
    );
}

#[test]
fn the_search_box_works_with_keys_and_marks_words_on_the_target_page() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    example_site(&mut browser, &out, "gen-01.html");

    // `/` and Ctrl+K focus the box.
    key(&mut browser, "document.body", "/", false);
    assert_eq!(
        browser.eval("document.activeElement.className"),
        "search-input"
    );
    browser.eval("document.activeElement.blur()");
    key(&mut browser, "document.body", "k", true);
    assert_eq!(
        browser.eval("document.activeElement.className"),
        "search-input"
    );

    type_query(&mut browser, "извинения");
    let shown = browser.eval(
        "Array.from(document.querySelectorAll('.search-results [role=option]')).map(o => o.textContent)",
    );
    let shown = shown.as_array().unwrap();
    assert!(shown.len() >= 2, "{shown:?}");
    let marks = browser.eval("Array.from(document.querySelectorAll('.search-results mark')).map(m => m.textContent.toLowerCase())");
    assert!(
        marks
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().starts_with("извин")),
        "{marks}"
    );
    let badge = browser.eval("document.querySelector('.search-kind').textContent");
    assert!(["стандарт", "правило", "чек-лист", "термин"].contains(&badge.as_str().unwrap()));

    // Arrows move the selection; Enter opens it with the words marked.
    let input = "document.querySelector('.search-input')";
    key(&mut browser, input, "ArrowDown", false);
    let selected =
        browser.eval("document.querySelector('a[aria-selected=true]').getAttribute('href')");
    assert_eq!(
        browser.eval("document.querySelectorAll('.search-results [role=option]')[1].getAttribute('aria-selected')"),
        "true"
    );
    let expected_page = selected
        .as_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    key(&mut browser, input, "Enter", false);
    browser.wait_for(&format!(
        "location.pathname.endsWith('/{expected_page}') && document.readyState === 'complete'"
    ));
    browser.wait_for("document.querySelectorAll('#content mark.search-hit').length > 0");
    let hit = browser
        .eval("document.querySelector('#content mark.search-hit').textContent.toLowerCase()");
    assert!(hit.as_str().unwrap().starts_with("извин"), "{hit}");

    // Escape closes the list, then clears the box.
    type_query(&mut browser, "жалоба");
    key(&mut browser, input, "Escape", false);
    assert_eq!(
        browser.eval("!!document.querySelector('.search.open')"),
        false
    );
    key(&mut browser, input, "Escape", false);
    assert_eq!(browser.eval(&format!("{input}.value")), "");

    // Nothing found suggests the closest glossary term, which searches for it.
    type_query(&mut browser, "прэтэнзия");
    let status = browser.eval("document.querySelector('.search-status').textContent");
    assert!(
        status.as_str().unwrap().contains("ничего не найдено"),
        "{status}"
    );
    browser.wait_for("!!document.querySelector('.search-suggestion')");
    assert_eq!(
        browser.eval("document.querySelector('.search-suggestion').textContent"),
        "Претензия"
    );
    browser.eval("document.querySelector('.search-suggestion').click()");
    browser.wait_for("document.querySelectorAll('.search-results [role=option]').length > 0");
}

#[test]
fn the_search_box_fits_a_phone() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.viewport(360, 740, true);
    example_site(&mut browser, &out, "com-01.html");
    type_query(&mut browser, "клиент");
    let overflow = browser.eval(
        "(() => { const p = document.querySelector('.search-panel').getBoundingClientRect(); \
          return [p.left >= 0, p.right <= innerWidth, document.documentElement.scrollWidth <= innerWidth]; })()",
    );
    assert_eq!(overflow, serde_json::json!([true, true, true]));
}

#[test]
fn hostile_queries_show_no_error_and_inject_nothing() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    example_site(&mut browser, &out, "index.html");
    browser.eval("window.__errors = []; window.addEventListener('error', e => window.__errors.push(String(e.message)))");
    browser.eval("window.addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)))");
    let long = "клиент ".repeat(1500);
    let queries = [
        "<script>window.__pwned = 1</script>",
        "<img src=x onerror=\"window.__pwned = 1\">",
        "\"><svg onload=window.__pwned=1> клиент",
        long.as_str(),
        "😀🔥 клиент 👍🏽",
        ".*+?^${}()|[]\\ клиент",
        "constructor __proto__ hasOwnProperty toString",
        "-- '' ’ʼ - ",
    ];
    for query in queries {
        let js = serde_json::to_string(query).unwrap();
        let results = browser.eval(&format!(
            "window.standbook.search({js}).then(r => r.length)"
        ));
        assert!(results.is_number(), "{query}: {results}");
        type_query(&mut browser, query);
    }
    // A lone surrogate cannot pass through Rust strings; send it from JavaScript.
    let lone = browser.eval("window.standbook.search('\\ud800клиент\\udc00').then(r => r.length)");
    assert!(lone.is_number());
    type_query(&mut browser, "\u{fffd}клиент");
    assert_eq!(browser.eval("window.__pwned === undefined"), true);
    assert_eq!(browser.eval("window.__errors"), serde_json::json!([]));
    assert_eq!(
        browser.eval("document.querySelectorAll('.search-panel script, .search-panel img, .search-panel svg').length"),
        0
    );
}

#[test]
fn search_works_over_http_as_from_files() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    let server = Served::start(
        out.path(),
        &[
            "--port",
            "0",
            "--book",
            support::example_book().to_str().unwrap(),
            "--out",
            "served",
        ],
    );
    browser.open(&format!("http://{}/com-01.html", server.addr));
    let over_http = search(&mut browser, "недовольными клиентами");
    example_site(&mut browser, &out, "com-01.html");
    let from_files = search(&mut browser, "недовольными клиентами");
    assert!(!over_http.is_empty());
    assert_eq!(over_http, from_files);
}

#[test]
fn a_page_left_open_while_the_site_is_published_again_searches_the_new_index() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = Fixture::new(support::MINIMAL);
    book.build();
    browser.open(&format!("file://{}/gen-01.html", book.out().display()));
    assert!(!search(&mut browser, "клиента").is_empty());

    // The whole site is replaced: every index file but meta.js has a new name.
    let scope = book.page_source("01-general/01-scope.md");
    book.write(
        "01-general/01-scope.md",
        &scope.replace(
            "## Кому\n",
            "## Кому\n\nКассир здоровается с покупателем первым.\n",
        ),
    );
    book.build();

    // The page still holds the old meta file; the first query that needs a
    // file of the old index loads the new meta and starts over.
    let found = search(&mut browser, "здороваться");
    assert_eq!(urls(&found), ["gen-01.html#кому"], "{found:?}");
    assert!(!search(&mut browser, "клиента").is_empty());
}

const UKRAINIAN: &[(&str, &str)] = &[
    (
        "standbook.yaml",
        "title: Стандарти обслуговування\norganization: ТОВ «Тест»\nlanguage: uk\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../out\n",
    ),
    (
        "terms.yaml",
        "terms:\n  - term: Клієнт\n    definition: Людина, яка купує наші товари.\n  - term: Скарга\n    definition: Повідомлення клієнта про проблему.\n",
    ),
    (
        "phrases.yaml",
        "rules:\n  - phrase: Це не моя відповідальність\n    level: forbidden\n    instead: [Я з'ясую, хто допоможе]\n    why: Клієнт чує байдужість.\n",
    ),
    ("01-service/chapter.yaml", "title: Обслуговування\n"),
    (
        "01-service/01-complaints.md",
        "---\nid: SRV-01\ntitle: Робота зі скаргами\nversion: 1.0.0\neffective: 2026-01-01\nowner: Відділ якості\n---\n## Вислухати\n\nПрацівник уважно вислуховує незадоволеного клієнта і не перебиває.\n\n## Вибачитися\n\nПрацівник вибачається від імені компанії та пропонує рішення.\n",
    ),
    (
        "01-service/02-phone.md",
        "---\nid: SRV-02\ntitle: Розмова телефоном\nversion: 1.0.0\neffective: 2026-01-01\nowner: Контакт-центр\n---\n## Привітання\n\nОператор вітається, називає своє ім'я та компанію.\n\n## Відповідальність\n\nОператор відповідає за обіцянки, які дає клієнтам.\n",
    ),
    (
        "01-service/03-credit.md",
        "---\nid: SRV-03\ntitle: Кредитування\nversion: 1.0.0\neffective: 2026-01-01\nowner: Кредитний відділ\n---\n## Умови\n\nМи пропонуємо клієнтам дешеві кредити без прихованих комісій.\n\n## Оформлення\n\nКредит клієнта оформлює менеджер у відділенні.\n\n## Зарахування\n\nКошти зараховують на рахунок клієнта того ж дня.\n",
    ),
];

#[test]
fn a_ukrainian_book_finds_ukrainian_word_forms() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = Fixture::new(UKRAINIAN);
    let built = book.build();
    assert!(built.status.success(), "{}", text(&built.stderr));
    browser.open(&format!("file://{}/index.html", book.out().display()));
    assert_eq!(browser.eval("document.documentElement.lang"), "uk");
    let placeholder = browser.eval("document.querySelector('.search-input').placeholder");
    assert!(placeholder.as_str().unwrap().starts_with("Пошук"));

    assert_eq!(
        first_url(&mut browser, "незадоволеними клієнтами"),
        "srv-01.html#вислухати"
    );
    assert_eq!(first_url(&mut browser, "скаргами"), "srv-01.html");
    assert_eq!(
        first_url(&mut browser, "вибачаються"),
        "srv-01.html#вибачитися"
    );
    assert_eq!(
        first_url(&mut browser, "відповідальності оператора"),
        "srv-02.html#відповідальність"
    );
    assert_eq!(first_url(&mut browser, "ім’я"), "srv-02.html#привітання");
    assert!(urls(&search(&mut browser, "клієнтові")).contains(&"glossary.html#term-клієнт"));
    // Plurals in -ти are not infinitives: «дешеві кредити» finds «дешевий
    // кредит» in any form, and the plural finds what the singular finds.
    assert_eq!(
        first_url(&mut browser, "дешевий кредит"),
        "srv-03.html#умови"
    );
    let (plural, singular) = (
        search(&mut browser, "кредити клієнта"),
        search(&mut browser, "кредит клієнта"),
    );
    let (plural, singular) = (urls(&plural), urls(&singular));
    assert!(plural.len() >= 2, "{plural:?}");
    assert_eq!(plural.len(), singular.len(), "{plural:?} / {singular:?}");
    assert_eq!(
        first_url(&mut browser, "рахунку"),
        "srv-03.html#зарахування"
    );
    type_query(&mut browser, "щось зовсім інше");
    let status = browser.eval("document.querySelector('.search-status').textContent");
    assert!(
        status.as_str().unwrap().contains("нічого не знайдено"),
        "{status}"
    );
}
