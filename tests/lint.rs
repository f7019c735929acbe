//! `standbook lint`: texts checked against the example book's communication
//! rules — word forms, inserted words, negation exceptions, case, ё, punctuation,
//! Ukrainian rules — and the command's output and exit codes.

mod support;

use standbook::language::phrases::Rules;
use standbook::lint::load_rules;
use support::lint_table::{TABLE, UKRAINIAN, UKRAINIAN_CASES};
use support::{Fixture, example_book, standbook, text};

fn example_rules() -> Rules {
    load_rules(&example_book()).expect("the example book's rules compile")
}

fn broken_rules(rules: &Rules, text: &str) -> Vec<String> {
    rules
        .find(text)
        .iter()
        .map(|hit| rules.rule(hit.rule).shown().to_string())
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

#[test]
fn ukrainian_text_is_checked_against_ukrainian_rules() {
    let book = Fixture::new(UKRAINIAN);
    let rules = load_rules(&book.book()).unwrap();
    for (sentence, expected) in UKRAINIAN_CASES {
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
        out.contains("2 texts checked: 1 forbidden phrase, 1 to use with care"),
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
