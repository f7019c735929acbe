//! `standbook check`: each kind of problem on a fixture book, with its code,
//! file, line and column; the summary, exit codes, `--deny warnings`, the JSON
//! schema, and external links against a real HTTP server on 127.0.0.1.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use support::{Fixture, MINIMAL, text};

/// The diagnostics `check --format json` prints, and the exit code.
fn check_json(book: &Fixture, extra: &[&str]) -> (Vec<Value>, i32) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let output = book.run(&args);
    let diagnostics: Vec<Value> = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&output.stdout), text(&output.stderr)));
    (diagnostics, output.status.code().unwrap_or(-1))
}

/// `(code, file, line, column)` of each diagnostic.
fn places(diagnostics: &[Value]) -> Vec<(String, String, u64, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            let at = &d["location"];
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                at["file"].as_str().unwrap_or_default().to_string(),
                at["line"].as_u64().unwrap_or(0),
                at["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn standard(id: &str, front: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Стандарт {id}\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n{front}changes:\n  - {{ version: 1.0.0, date: 2026-01-01, summary: Первая редакция }}\n---\n{body}"
    )
}

#[test]
fn the_minimal_book_and_the_example_book_are_clean() {
    let (diagnostics, code) = check_json(&Fixture::new(MINIMAL), &[]);
    assert_eq!(diagnostics, Vec::<Value>::new());
    assert_eq!(code, 0);
    let example = support::example_book();
    let output = support::standbook(
        &["check", "--book", example.to_str().unwrap()],
        example.parent().unwrap(),
    );
    let standards = support::example_files(&["md"]).len();
    assert_eq!(
        text(&output.stdout).trim(),
        format!("Стандарты обслуживания клиентов: {standards} standards, 0 errors, 0 warnings")
    );
}

#[test]
fn unused_terms_and_terms_sharing_word_forms() {
    let book = Fixture::minimal_with(&[(
        "terms.yaml",
        "terms:\n  - term: Клиент\n    definition: Тот, кто покупает.\n  - term: Тайный покупатель\n    definition: Проверяющий.\n  - term: Инкассация\n    definition: Вывоз выручки.\n  - term: Посетитель\n    definition: Любой гость.\n    aliases: [Клиенты]\n",
    )]);
    let (diagnostics, code) = check_json(&book, &[]);
    assert_eq!(
        places(&diagnostics),
        vec![
            ("W0504".into(), "terms.yaml".into(), 6, 11),
            ("W0504".into(), "terms.yaml".into(), 8, 11),
            ("W0205".into(), "terms.yaml".into(), 10, 15),
        ],
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("«Инкассация» is defined but no standard or checklist uses it")
    );
    assert_eq!(code, 0, "warnings alone do not fail a check");
    let (_, code) = check_json(&book, &["--deny", "warnings"]);
    assert_eq!(code, 1, "--deny warnings fails on warnings");
}

#[test]
fn overdue_reviews_point_at_the_review_key() {
    let book = Fixture::minimal_with(&[
        (
            "01-general/01-scope.md",
            &standard("GEN-01", "review_by: 2020-01-01\n", "Текст для клиента.\n"),
        ),
        (
            "01-general/02-conflicts.md",
            &standard(
                "GEN-02",
                "review_every: 3 months\n",
                "Текст для тайного покупателя.\n",
            ),
        ),
        (
            "01-general/03-future.md",
            &standard("GEN-03", "review_by: 2999-01-01\n", "Текст.\n"),
        ),
    ]);
    let (diagnostics, _) = check_json(&book, &[]);
    assert_eq!(
        places(&diagnostics),
        vec![
            ("W0503".into(), "01-general/01-scope.md".into(), 7, 12),
            ("W0503".into(), "01-general/02-conflicts.md".into(), 7, 15),
        ],
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0]["message"],
        "the review of GEN-01 was due on 2020-01-01"
    );
    assert_eq!(
        diagnostics[1]["message"],
        "the review of GEN-02 was due on 2026-04-01"
    );
}

#[test]
fn a_chapter_list_orders_the_navigation_and_reports_what_it_leaves_out() {
    let book = Fixture::minimal_with(&[
        (
            "01-general/chapter.yaml",
            "title: Общие положения\nstandards:\n  - GEN-02\n  - GEN-09\n",
        ),
        (
            "01-general/03-extra.md",
            &standard("GEN-03", "", "Ещё текст.\n"),
        ),
    ]);
    let (diagnostics, code) = check_json(&book, &[]);
    assert_eq!(
        places(&diagnostics),
        vec![
            ("W0505".into(), "01-general/01-scope.md".into(), 2, 5),
            ("W0505".into(), "01-general/03-extra.md".into(), 2, 5),
            ("E0306".into(), "01-general/chapter.yaml".into(), 4, 5),
        ],
        "{diagnostics:#?}"
    );
    assert_eq!(code, 1);
    assert!(
        diagnostics[0]["hint"]
            .as_str()
            .unwrap()
            .contains("01-general/chapter.yaml lists the chapter's standards")
    );

    book.write(
        "01-general/chapter.yaml",
        "title: Общие положения\nstandards: [GEN-02, GEN-03]\n",
    );
    book.build();
    let page = book.page("gen-02.html");
    let sidebar = page.split("<main").next().unwrap();
    let (conflicts, extra) = (
        sidebar.find("gen-02.html").unwrap(),
        sidebar.find("gen-03.html").unwrap(),
    );
    assert!(conflicts < extra, "the list gives the order");
    assert!(
        !sidebar.contains("gen-01.html"),
        "a standard left out is not in the navigation"
    );
    let index = book.page("index.html");
    let contents = &index[index.find("id=\"contents\"").unwrap()..];
    assert!(contents.contains("gen-02.html"));
    assert!(!contents.contains("gen-01.html"), "nor in the contents");
    assert!(
        book.page("gen-01.html").contains("Область применения"),
        "but its page is built"
    );
}

#[test]
fn empty_checklists_and_empty_sections() {
    let book = Fixture::minimal_with(&[
        (
            "checklists/empty.yaml",
            "id: empty\ntitle: Пустой\nsections: []\n",
        ),
        (
            "checklists/half.yaml",
            "id: half\ntitle: Наполовину\nsections:\n  - title: Зал\n    items: [Чисто]\n  - title: Склад\n    items: []\n",
        ),
    ]);
    let (diagnostics, _) = check_json(&book, &[]);
    assert_eq!(
        places(&diagnostics),
        vec![
            ("W0506".into(), "checklists/empty.yaml".into(), 1, 5),
            ("W0506".into(), "checklists/half.yaml".into(), 6, 12),
        ],
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[1]["message"],
        "section «Склад» of checklist `half` has no items"
    );
}

#[test]
fn a_forbidden_alternative_is_an_error_in_phrases_yaml() {
    let book = Fixture::minimal_with(&[(
        "phrases.yaml",
        "rules:\n  - phrase: Это невозможно\n    level: forbidden\n    instead: [Давайте посмотрим]\n    why: Обрывает разговор.\n  - phrase: Ждите\n    level: forbidden\n    instead:\n      - Увы, это, к сожалению, невозможно, ждите\n    why: Звучит как приказ.\n",
    )]);
    let (diagnostics, code) = check_json(&book, &[]);
    assert_eq!(
        places(&diagnostics),
        vec![
            ("E0603".into(), "phrases.yaml".into(), 9, 14),
            ("E0603".into(), "phrases.yaml".into(), 9, 44),
        ],
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0]["message"],
        "what to say instead of «Ждите» uses the forbidden phrase «Это невозможно»"
    );
    assert_eq!(code, 1);
    let build = book.run(&["build"]);
    assert_eq!(build.status.code(), Some(1), "a build refuses it too");
}

#[test]
fn forbidden_phrases_in_the_books_own_text_but_not_in_quoted_examples() {
    let body = "## Отказ\n\nКлиенту нельзя отвечать «это невозможно», ~~это невозможно~~ и `это невозможно`.\n\n> Пример: „Это, увы, невозможно“.\n\nЕсли товара нет, не говорите, что это,\nувы, невозможно: предложите замену.\n";
    let book =
        Fixture::minimal_with(&[("01-general/03-refusal.md", &standard("GEN-03", "", body))]);
    let (diagnostics, code) = check_json(&book, &[]);
    assert_eq!(
        places(&diagnostics),
        vec![("W0604".into(), "01-general/03-refusal.md".into(), 16, 35)],
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0]["message"],
        "the standard says «это,\nувы, невозможно», a forbidden phrase (rule «Это невозможно»)"
    );
    assert_eq!(code, 0);
}

#[test]
fn human_output_has_carets_hints_and_a_summary() {
    let book = Fixture::minimal_with(&[(
        "checklists/empty.yaml",
        "id: empty\ntitle: Пустой\nsections: []\n",
    )]);
    let output = book.run(&["check"]);
    let out = text(&output.stdout);
    for expected in [
        "warning[W0506]: checklist `empty` has no items",
        "--> checklists/empty.yaml:1:5",
        "1 | id: empty",
        "^^^^^",
        "= help: add `sections:` with `items:` to check, or delete the file",
        "Тестовая книга: 2 standards, 0 errors, 1 warning",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn json_diagnostics_follow_the_documented_schema() {
    let book = Fixture::minimal_with(&[(
        "checklists/empty.yaml",
        "id: empty\ntitle: Пустой\nsections: []\n",
    )]);
    let (diagnostics, _) = check_json(&book, &[]);
    let d = &diagnostics[0];
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "hint", "location", "message", "severity"]);
    let mut location: Vec<&str> = d["location"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    location.sort_unstable();
    assert_eq!(location, ["column", "file", "length", "line"]);
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["location"]["length"], 5);
}

/// A local site: `/ok` works, `/gone` is 404, `/no-head` refuses HEAD but
/// answers GET, `/slow` answers after 3 s. Counts requests per path.
struct Site {
    base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Site {
    fn start() -> Site {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let path = request.url().to_string();
                *counter.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
                let is_head = *request.method() == tiny_http::Method::Head;
                let status = match path.as_str() {
                    "/ok" => 200,
                    "/no-head" if is_head => 405,
                    "/no-head" => 200,
                    "/slow" => {
                        std::thread::spawn(move || {
                            std::thread::sleep(std::time::Duration::from_secs(3));
                            let _ = request.respond(tiny_http::Response::empty(200));
                        });
                        continue;
                    }
                    _ => 404,
                };
                let _ = request.respond(tiny_http::Response::empty(status));
            }
        });
        Site { base, hits }
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

#[test]
fn external_links_are_checked_once_each_and_cached() {
    let site = Site::start();
    let base = &site.base;
    let body = format!(
        "[a]({base}/ok) [b]({base}/gone) [c]({base}/no-head) [d]({base}/slow)\n\n[e]({base}/ok#part)\n"
    );
    let book = Fixture::minimal_with(&[
        ("01-general/03-links.md", &standard("GEN-03", "", &body)),
        (
            "01-general/04-more.md",
            &standard("GEN-04", "", &format!("[again]({base}/ok)\n")),
        ),
    ]);
    let (offline, _) = check_json(&book, &[]);
    assert!(offline.is_empty(), "no request without --external");
    assert_eq!(site.hits("/ok"), 0);

    let cache = book.dir.path().join("cache");
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_standbook"))
            .args(["check", "--format", "json", "--external", "--timeout", "1"])
            .arg("--book")
            .arg(book.book())
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .unwrap();
        let diagnostics: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        (diagnostics, output.status.code())
    };
    let (diagnostics, code) = run();
    let found: Vec<(String, u64, u64)> = places(&diagnostics)
        .into_iter()
        .map(|(code, _, line, column)| (code, line, column))
        .collect();
    let gone_column = body.find("[b]").unwrap() as u64 + 1;
    let slow_column = body.find("[d]").unwrap() as u64 + 1;
    assert_eq!(
        found,
        [
            ("E0307".to_string(), 10, gone_column),
            ("W0308".to_string(), 10, slow_column),
        ],
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("/gone is gone: the server answers 404 Not Found"),
        "{diagnostics:#?}"
    );
    assert_eq!(code, Some(1));
    assert_eq!(site.hits("/ok"), 1, "three links to /ok, one request");
    assert_eq!(site.hits("/no-head"), 2, "HEAD refused, then GET");

    let (again, _) = run();
    assert_eq!(again.len(), 2);
    assert_eq!(site.hits("/ok"), 1, "a link that worked is cached");
    assert_eq!(site.hits("/gone"), 4, "a broken link is asked again");
}

#[test]
fn a_pattern_the_page_would_read_differently_is_an_error_naming_the_construct() {
    for (pattern, named) in [
        ("(?i:да)", "(?i:"),
        ("\\\\Aнет", "\\A"),
        ("нет\\\\z", "\\z"),
        ("[[:alpha:]]+", "[[:alpha:]]"),
        ("(?x) a b", "(?x)"),
        ("(?U)a+", "(?U)"),
        ("\\\\pL+", "\\p{L}"),
    ] {
        let phrases = format!(
            "rules:\n  - phrase: Это невозможно\n    level: forbidden\n    instead: [x]\n    why: y\n  - phrase: \"{pattern}\"\n    level: forbidden\n    match: regex\n    why: y\n"
        );
        let book = Fixture::minimal_with(&[("phrases.yaml", &phrases)]);
        let output = book.run(&["check"]);
        let all = support::text(&output.stdout) + &support::text(&output.stderr);
        assert!(
            all.contains("E0104") && all.contains("phrases.yaml:6:") && all.contains(named),
            "{pattern}: {all}"
        );
    }
}

#[test]
fn quiet_prints_only_errors_and_color_follows_the_flag() {
    // An unknown term (error) and a term no standard uses (warning).
    let book = Fixture::minimal_with(&[(
        "terms.yaml",
        "terms:\n  - term: Клиент\n    definition: Тот, кто покупает.\n  - term: Тайный покупатель\n    definition: Проверяющий.\n  - term: Курьер\n    definition: Доставляет заказы.\n",
    )]);
    book.write(
        "01-general/03-extra.md",
        "---\nid: GEN-03\ntitle: Доп\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая }\n---\nСм. [[Менеджеры банка]].\n",
    );
    let full = text(&book.run(&["check"]).stdout);
    assert!(
        full.contains("error[E0303]") && full.contains("warning[W0504]"),
        "{full}"
    );
    let quiet = book.run(&["check", "-q"]);
    let said = text(&quiet.stdout);
    assert!(said.contains("error[E0303]"), "{said}");
    assert!(!said.contains("warning"), "-q prints only errors: {said}");
    assert_eq!(quiet.status.code(), Some(1));

    // Into a pipe: no color unless asked for.
    assert!(!full.contains('\u{1b}'), "{full}");
    let always = text(&book.run(&["check", "--color", "always"]).stdout);
    assert!(always.contains("\u{1b}["), "{always}");
    let never = text(&book.run(&["--color", "never", "check"]).stdout);
    assert!(!never.contains('\u{1b}'), "{never}");
}

#[test]
fn an_anchor_written_with_yo_finds_its_heading() {
    let book = Fixture::minimal_with(&[(
        "01-general/05-hiring.md",
        &standard(
            "GEN-05",
            "",
            "## Кого мы берём на работу\n\nТекст.\n\n## Ёлка {#ёлка}\n\nСм. [выше](#кого-мы-берём-на-работу), [там же](@GEN-05#кого-мы-берём-на-работу) и [ёлку](#ёлка).\n",
        ),
    )]);
    let (diagnostics, code) = check_json(&book, &[]);
    assert_eq!(diagnostics, Vec::<Value>::new());
    assert_eq!(code, 0);
    book.build();
    let page = book.page("gen-05.html");
    assert!(page.contains("id=\"кого-мы-берем-на-работу\""), "{page}");
    assert!(page.contains("href=\"#кого-мы-берем-на-работу\""), "{page}");
    assert!(
        page.contains("href=\"#елка\"") && page.contains("id=\"елка\""),
        "{page}"
    );
}
