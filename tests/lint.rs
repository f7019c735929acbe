//! `standbook lint`: texts checked against the example book's communication
//! rules — word forms, inserted words, negation exceptions, case, ё, punctuation,
//! Ukrainian rules — and the command's output and exit codes.

mod support;

use standbook::lint::{Rules, load_rules};
use support::{Fixture, example_book, standbook, text};

/// A sentence and the phrases of the rules it must break (none: it is innocent).
const TABLE: &[(&str, &[&str])] = &[
    // Forms of the words, and words inserted between them.
    ("Это невозможно.", &["Это невозможно"]),
    ("Это абсолютно невозможно!", &["Это невозможно"]),
    ("Это, к сожалению, совершенно невозможно.", &[]),
    ("ЭТО НЕВОЗМОЖНО", &["Это невозможно"]),
    ("Вы должны оплатить заказ.", &["Вы должны"]),
    ("Вы, конечно, должны были прийти раньше.", &["Вы должны"]),
    ("вы должны были предупредить", &["Вы должны"]),
    ("Вы не должны ничего доплачивать.", &[]),
    ("Вы ведь не должны ничего доплачивать.", &[]),
    ("Клиент должен получить ответ, а вы — записать его.", &[]),
    ("Я не знаю.", &["Я не знаю"]),
    ("Я пока не знаю, когда привезут.", &["Я не знаю"]),
    ("Я, честно говоря, не знаю.", &["Я не знаю"]),
    ("Я знаю, как помочь.", &[]),
    ("Вы что-то путаете с датой.", &["Вы что-то путаете"]),
    ("Вы что-то перепутали.", &[]),
    ("Успокойтесь, пожалуйста.", &["Успокойтесь"]),
    ("Вы успокоитесь, и мы всё решим.", &[]),
    ("Вы мне врёте!", &["Вы мне врёте"]),
    ("Вы мне врете", &["Вы мне врёте"]),
    ("Вы уверены?", &["Вы уверены"]),
    ("Вы уверены, что заказ оформлен?", &["Вы уверены"]),
    ("Мы уверены в качестве.", &[]),
    ("Я тут ни при чём, это склад.", &["Я тут ни при чём"]),
    ("я тут ни при чем", &["Я тут ни при чём"]),
    ("Это не мои проблемы.", &["Это не мои проблемы"]),
    ("Это не ваши проблемы, а наши.", &[]),
    ("Надо было раньше звонить.", &["Надо было раньше"]),
    ("Надо было раньше\nзвонить.", &["Надо было раньше"]),
    ("Не надо на меня кричать.", &["Не надо на меня кричать"]),
    ("Виноват наш поставщик.", &["Виноват наш поставщик"]),
    ("Виноваты наши поставщики.", &["Виноват наш поставщик"]),
    ("Это была не моя смена.", &["Это была не моя смена"]),
    ("Женщина, послушайте!", &["Женщина, послушайте"]),
    ("Ничем не могу вам помочь.", &["Ничем не могу вам помочь"]),
    ("Ничем не могу помочь вам сегодня.", &[]),
    (
        "Читайте наш сайт — там всё написано.",
        &["Читайте наш сайт, там всё написано"],
    ),
    (
        "Вы задаёте слишком много вопросов.",
        &["Вы задаёте слишком много вопросов"],
    ),
    ("Вы задаете очень много вопросов.", &[]),
    // A phrase never spans two sentences.
    ("Это. Невозможно понять, как так вышло.", &[]),
    ("Вы должны. Нет, подождите.", &["Вы должны", "Нет"]),
    // Exact rules: the word itself, not its forms.
    ("Нет.", &["Нет"]),
    ("Нету такого.", &[]),
    // Innocent sentences near the rules.
    ("Давайте посмотрим, что мы можем сделать.", &[]),
    ("Спасибо, что обратились к нам!", &[]),
    ("Сейчас уточню и вернусь к вам через пять минут.", &[]),
    // Two rules in one text.
    (
        "Успокойтесь. Это невозможно.",
        &["Успокойтесь", "Это невозможно"],
    ),
];

fn example_rules() -> Rules {
    load_rules(&example_book()).expect("the example book's rules compile")
}

fn broken_rules(rules: &Rules, text: &str) -> Vec<String> {
    rules
        .find(text)
        .iter()
        .map(|hit| rules.rule(hit.rule).phrase.clone())
        .collect()
}

#[test]
fn sentences_break_exactly_the_rules_they_should() {
    let rules = example_rules();
    assert!(TABLE.len() >= 40);
    let wrong: Vec<String> = TABLE
        .iter()
        .filter_map(|(sentence, expected)| {
            let found = broken_rules(&rules, sentence);
            (found != *expected)
                .then(|| format!("{sentence:?}: expected {expected:?}, found {found:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} sentences:\n{}",
        wrong.len(),
        TABLE.len(),
        wrong.join("\n")
    );
}

#[test]
fn hits_cover_the_matched_words() {
    let rules = example_rules();
    let text = "Добрый день!\nВы, конечно, должны были прийти раньше.";
    let hits = rules.find(text);
    assert_eq!(hits.len(), 1);
    assert_eq!(&text[hits[0].start..hits[0].end], "Вы, конечно, должны");
    let lines = standbook::lint::Lines::new(text);
    let report = rules.report("reply.txt", text, &lines, &hits[0]);
    assert_eq!((report.line, report.column, report.end_column), (2, 1, 20));
}

const UKRAINIAN: &[(&str, &str)] = &[
    (
        "standbook.yaml",
        "title: Стандарти\norganization: ТОВ «Тест»\nlanguage: uk\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../out\n",
    ),
    (
        "phrases.yaml",
        "rules:\n  - phrase: Це неможливо\n    level: forbidden\n    instead: [Давайте подивимося, що можна зробити]\n    why: Обриває розмову.\n  - phrase: Ви повинні\n    level: forbidden\n    exceptions: [ви не повинні]\n    instead: [Для оформлення знадобиться…]\n    why: Клієнт нам нічого не винен.\n  - phrase: Заспокойтеся\n    level: care\n    instead: [Я розумію, що ситуація неприємна]\n    why: Звучить як наказ.\n",
    ),
    ("01-a/chapter.yaml", "title: Розділ\n"),
    (
        "01-a/01-a.md",
        "---\nid: UA-01\ntitle: Стандарт\nversion: 1.0.0\neffective: 2026-01-01\nowner: Відділ\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Перша редакція }\n---\nТекст.\n",
    ),
];

#[test]
fn ukrainian_text_is_checked_against_ukrainian_rules() {
    let book = Fixture::new(UKRAINIAN);
    let rules = load_rules(&book.book()).unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("Це абсолютно неможливо.", &["Це неможливо"]),
        ("Ви, звісно, повинні були зателефонувати.", &["Ви повинні"]),
        ("Ви повинна заповнити анкету.", &["Ви повинні"]),
        ("Ви не повинні нічого доплачувати.", &[]),
        ("Заспокойтеся, будь ласка.", &["Заспокойтеся"]),
        ("Ми повинні допомогти клієнту.", &[]),
    ];
    for (sentence, expected) in cases {
        assert_eq!(broken_rules(&rules, sentence), *expected, "{sentence}");
    }
}

#[test]
fn the_lint_command_reports_hits_and_exits_by_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let book = example_book();
    let book = book.to_str().unwrap();
    std::fs::create_dir(dir.path().join("chats")).unwrap();
    std::fs::write(
        dir.path().join("chats/a.txt"),
        "Клиент: где заказ?\nОператор: Это абсолютно невозможно.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("chats/b.txt"), "Оператор: Нет.\n").unwrap();
    std::fs::write(dir.path().join("chats/.hidden.txt"), "Это невозможно.").unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "Спасибо, что обратились к нам!\n",
    )
    .unwrap();

    let found = standbook(&["lint", "--book", book, "chats"], dir.path());
    let out = text(&found.stdout);
    assert_eq!(found.status.code(), Some(1), "{out}");
    assert!(
        out.contains(
            "error[E0601]: forbidden phrase «Это абсолютно невозможно» (rule «Это невозможно»)"
        ),
        "{out}"
    );
    assert!(out.contains("chats/a.txt:2:11"), "{out}");
    assert!(out.contains("say instead: «Давайте посмотрим"), "{out}");
    assert!(out.contains("warning[W0602]"), "{out}");
    assert!(
        out.contains("2 texts checked: 1 forbidden phrase(s), 1 to use with care"),
        "{out}"
    );

    let care_only = standbook(&["lint", "--book", book, "chats/b.txt"], dir.path());
    assert_eq!(care_only.status.code(), Some(0), "care alone does not fail");
    let clean = standbook(&["lint", "--book", book, "good.txt"], dir.path());
    assert_eq!(clean.status.code(), Some(0));
    assert!(text(&clean.stdout).contains("0 forbidden"));

    let json = standbook(
        &["lint", "--book", book, "--format", "json", "chats"],
        dir.path(),
    );
    assert_eq!(json.status.code(), Some(1));
    let hits: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let first = &hits[0];
    assert_eq!(first["file"], "chats/a.txt");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(first["text"], "Это абсолютно невозможно");
    assert_eq!(first["rule"], "Это невозможно");
    assert_eq!(first["level"], "forbidden");
    assert!(first["instead"][0].as_str().unwrap().starts_with("Давайте"));
    assert!(first["why"].is_string() && first["category"].is_string());
    assert_eq!(hits[1]["level"], "care");

    let missing = standbook(&["lint", "--book", book, "nowhere.txt"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nowhere.txt"));
}

#[test]
fn lint_reads_standard_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_standbook"))
        .args(["lint", "--book", example_book().to_str().unwrap(), "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Успокойтесь!".as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("-:1:1"));
}

#[test]
fn a_broken_pattern_is_an_error_at_its_rule() {
    let book = Fixture::minimal_with(&[(
        "phrases.yaml",
        "rules:\n  - phrase: \"(вы|мы\"\n    level: forbidden\n    match: regex\n    why: Пример.\n",
    )]);
    let dir = book.dir.path();
    std::fs::write(dir.join("reply.txt"), "текст").unwrap();
    let output = standbook(
        &["lint", "--book", book.book().to_str().unwrap(), "reply.txt"],
        dir,
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("phrases.yaml:2:"), "{err}");
    assert!(err.contains("not a valid regular expression"), "{err}");
}
