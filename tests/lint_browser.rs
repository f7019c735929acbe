//! The "check your reply" box on the communication-rules page, in real
//! headless Chromium: it finds exactly what `standbook lint` finds on the same
//! texts (the sentence table, Ukrainian rules, regular-expression rules), and
//! works as a reader uses it.

mod support;

use serde_json::{Value, json};
use standbook::language::phrases::Rules;
use standbook::lint::{Lines, load_rules};
use support::browser::Browser;
use support::lint_table::{TABLE, UKRAINIAN, UKRAINIAN_CASES};
use support::{Fixture, example_book};

/// What the CLI reports for each text, in the fields the page reports too.
fn cli_hits(rules: &Rules, texts: &[String]) -> Value {
    texts
        .iter()
        .map(|text| {
            let lines = Lines::new(text);
            rules
                .find(text)
                .iter()
                .map(|hit| {
                    let r = rules.report("-", text, &lines, hit);
                    json!({
                        "line": r.line, "column": r.column,
                        "end_line": r.end_line, "end_column": r.end_column,
                        "text": r.text, "rule": r.rule, "level": r.level,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .into()
}

fn page_hits(browser: &mut Browser, texts: &[String]) -> Value {
    browser.wait_for("!!(window.standbook && window.standbook.lint)");
    let texts = serde_json::to_string(texts).unwrap();
    browser.eval(&format!(
        "Promise.all({texts}.map(t => window.standbook.lint(t)))"
    ))
}

fn assert_same(cli: &Value, page: &Value, texts: &[String]) {
    let (cli, page) = (cli.as_array().unwrap(), page.as_array().unwrap());
    assert_eq!(cli.len(), page.len());
    let differing: Vec<String> = texts
        .iter()
        .zip(cli.iter().zip(page))
        .filter(|(_, (c, p))| c != p)
        .map(|(t, (c, p))| format!("{t:?}\n  cli:  {c}\n  page: {p}"))
        .collect();
    assert!(
        differing.is_empty(),
        "{} of {} texts differ:\n{}",
        differing.len(),
        texts.len(),
        differing.join("\n")
    );
}

#[test]
fn the_box_finds_what_the_cli_finds_on_the_sentence_table() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.open(&format!(
        "file://{}/site/phrases.html",
        out.path().display()
    ));
    let mut texts: Vec<String> = TABLE.iter().map(|(s, _)| s.to_string()).collect();
    texts.push(TABLE.iter().map(|(s, _)| *s).collect::<Vec<_>>().join("\n"));
    texts.push("Клиент 😀: где заказ?\n\nОператор 🙂: Вы, конечно, должны были\nпозвонить раньше. Это НЕВОЗМОЖНО!".into());
    texts.push("Успокойтесь…Я тут ни при чём".into());
    let rules = load_rules(&example_book()).unwrap();
    let cli = cli_hits(&rules, &texts);
    assert!(
        cli.as_array()
            .unwrap()
            .iter()
            .filter(|h| h != &&json!([]))
            .count()
            >= 30,
        "the table has hits to compare"
    );
    assert_same(&cli, &page_hits(&mut browser, &texts), &texts);
}

#[test]
fn ukrainian_and_regular_expression_rules_agree_too() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let book = ukrainian_book_with_rules(
        &mut browser,
        "  - phrase: '\\bвзагалі\\b'\n    level: care\n    match: regex\n    exceptions: ['взагалі-то']\n    why: Звучить різко.\n  - phrase: 'чекайте(\\s+\\w+)?'\n    level: forbidden\n    match: regex\n    why: Звучить як наказ.\n  - phrase: Не знаю\n    level: forbidden\n    match: exact\n    why: Клієнт чекає відповіді.\n",
    );
    let mut texts: Vec<String> = UKRAINIAN_CASES.iter().map(|(s, _)| s.to_string()).collect();
    texts.extend(
        [
            "Я взагалі не розумію. Взагалі-то це просто.",
            "Чекайте відповіді! ЧЕКАЙТЕ.",
            "Не знаю. Не знаєте? Я не знаю, але дізнаюся.",
            "Ви повинні… ні, ви не повинні.",
        ]
        .map(String::from),
    );
    let rules = load_rules(&book.book()).unwrap();
    let cli = cli_hits(&rules, &texts);
    let regex_hits = cli.to_string().matches("взагалі").count();
    assert!(regex_hits >= 1, "the regex rule is exercised: {cli}");
    assert_same(&cli, &page_hits(&mut browser, &texts), &texts);
    let summary = type_reply(&mut browser, "Чекайте. Це неможливо.", "2");
    assert_eq!(summary, "Неприпустимих фраз: 2, з обережністю: 0.");
}

/// The Ukrainian fixture book with `rules` (YAML list items) added to its
/// communication rules, built and opened on its rules page.
fn ukrainian_book_with_rules(browser: &mut Browser, rules: &str) -> Fixture {
    let book = Fixture::new(UKRAINIAN);
    let phrases = std::fs::read_to_string(book.book().join("phrases.yaml")).unwrap();
    book.write("phrases.yaml", &format!("{phrases}{rules}"));
    book.build();
    browser.open(&format!("file://{}/phrases.html", book.out().display()));
    book
}

/// Types `text` into the box and waits until it shows `count` hits; returns the summary.
fn type_reply(browser: &mut Browser, text: &str, count: &str) -> String {
    let text = serde_json::to_string(text).unwrap();
    browser.eval(&format!(
        "(() => {{ const t = document.querySelector('#reply-text'); t.focus(); t.value = {text}; \
         t.dispatchEvent(new Event('input')); }})()"
    ));
    browser.wait_for(&format!(
        "document.querySelector('.reply-check').dataset.checked === {count:?} && \
         document.querySelector('.reply-summary').textContent !== ''"
    ));
    browser
        .eval("document.querySelector('.reply-summary').textContent")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_reader_checks_a_reply_and_sees_what_to_say_instead() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.viewport(360, 740, true);
    browser.open(&format!(
        "file://{}/site/phrases.html",
        out.path().display()
    ));
    browser.wait_for("!!(window.standbook && window.standbook.lint)");
    assert_eq!(
        browser.eval("document.querySelector('#reply-text').labels[0].textContent"),
        "Текст ответа"
    );

    let summary = type_reply(
        &mut browser,
        "Добрый день! Вы, конечно, должны были позвонить раньше. Нет, это невозможно.",
        "3",
    );
    assert_eq!(summary, "Недопустимых фраз: 2, с осторожностью: 1.");
    let marks = browser.eval(
        "Array.from(document.querySelectorAll('.reply-preview mark')).map(m => m.className + ':' + m.textContent)",
    );
    assert_eq!(
        marks,
        json!([
            "reply-mark reply-forbidden:Вы, конечно, должны",
            "reply-mark reply-care:Нет",
            "reply-mark reply-forbidden:это невозможно"
        ])
    );
    let first = browser.eval("document.querySelector('.reply-hits li').innerText");
    let first = first.as_str().unwrap();
    assert!(first.contains("«Вы должны»"), "{first}");
    assert!(first.contains("Скажите: «"), "{first}");
    assert!(first.contains("Почему: "), "{first}");
    let link = browser.eval("document.querySelector('.reply-hits li a').getAttribute('href')");
    let anchor = link.as_str().unwrap().trim_start_matches('#').to_string();
    assert_eq!(
        browser.eval(&format!(
            "document.getElementById({anchor:?}).querySelector('.rule-phrase').textContent.includes('Вы должны')"
        )),
        true,
        "the hit links to its rule on the page"
    );
    assert_eq!(
        browser.eval("document.documentElement.scrollWidth <= window.innerWidth"),
        true,
        "nothing wider than a 360 px phone"
    );

    // Markup in a reply stays text.
    type_reply(
        &mut browser,
        "<img src=x onerror=\"window.pwned=1\"> Это невозможно",
        "1",
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('.reply-check img').length + (window.pwned || 0)"),
        0
    );
    let summary = type_reply(&mut browser, "Спасибо, что обратились к нам!", "0");
    assert_eq!(summary, "Стоп-фраз нет — ответ можно отправлять.");
    assert_eq!(
        browser.eval("document.querySelector('.reply-preview').hidden"),
        true
    );
}

#[test]
fn a_pattern_that_backtracks_for_ever_is_stopped_and_named_not_frozen() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let _book = ukrainian_book_with_rules(
        &mut browser,
        "  - phrase: '(a+)+$'\n    level: forbidden\n    match: regex\n    why: Зависає.\n  - phrase: 'чекайте'\n    level: forbidden\n    match: regex\n    why: Звучить як наказ.\n",
    );
    browser.wait_for("!!(window.standbook && window.standbook.lintDetails)");
    let text = format!("Чекайте. {}!", "a".repeat(40));
    let details = browser.eval(&format!(
        "window.standbook.lintDetails({})",
        serde_json::to_string(&text).unwrap()
    ));
    assert_eq!(details["stopped"], json!(["(a+)+$"]), "{details}");
    assert_eq!(
        details["hits"],
        json!(1),
        "the other rules still ran: {details}"
    );
    // The page's own thread stayed free, and the box says which rule stopped.
    assert_eq!(browser.eval("1 + 1"), json!(2));
    type_reply(&mut browser, &text, "1");
    let stopped = browser.eval("document.querySelector('.reply-stopped').textContent");
    assert!(stopped.as_str().unwrap().contains("(a+)+$"), "{stopped}");
}
