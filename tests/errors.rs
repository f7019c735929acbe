//! Bad input: every error is reported at once with code, file:line:col, the
//! source line and a hint; the exit code is 1 (book) or 2 (usage); the
//! previous site stays as it was.

mod support;

use support::{Fixture, MINIMAL, text};

/// Builds once (good), breaks the book with `changes`, builds again and
/// returns the stderr of the failed build after checking that nothing changed.
fn failing_build(changes: &[(&str, &str)]) -> String {
    let book = Fixture::new(MINIMAL);
    book.build();
    let before = book.page("gen-01.html");
    for (path, content) in changes {
        book.write(path, content);
    }
    let output = book.run(&["build"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr:\n{}",
        text(&output.stderr)
    );
    assert_eq!(
        book.page("gen-01.html"),
        before,
        "the previous site must stay untouched"
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("nothing was written"), "{stderr}");
    stderr
}

fn standard(front: &str) -> String {
    format!("---\n{front}---\nТекст.\n")
}

#[test]
fn malformed_yaml() {
    let err = failing_build(&[(
        "terms.yaml",
        "terms:\n  - term: Клиент\n    definition: \"не закрыт\n",
    )]);
    assert!(err.contains("error[E0101]"), "{err}");
    assert!(err.contains("--> terms.yaml:"), "{err}");
}

#[test]
fn unknown_key_with_a_suggestion() {
    let err = failing_build(&[(
        "terms.yaml",
        "terms:\n  - term: Клиент\n    defnition: Тот, кто покупает.\n",
    )]);
    assert!(
        err.contains("error[E0102]: unknown key `defnition`"),
        "{err}"
    );
    assert!(err.contains("--> terms.yaml:3:5"), "{err}");
    assert!(err.contains("did you mean `definition`?"), "{err}");
    assert!(
        err.contains("defnition: Тот, кто покупает."),
        "the source line is shown: {err}"
    );
}

#[test]
fn bad_front_matter() {
    let err = failing_build(&[("01-general/03-x.md", "# Без front matter\n")]);
    assert!(
        err.contains("error[E0105]: standard has no front matter"),
        "{err}"
    );
    assert!(err.contains("--> 01-general/03-x.md:1:1"), "{err}");
}

#[test]
fn missing_required_field() {
    let err = failing_build(&[(
        "01-general/03-x.md",
        &standard("id: GEN-03\ntitle: X\nversion: 1.0.0\neffective: 2026-01-01\n"),
    )]);
    assert!(
        err.contains("error[E0103]: missing required key `owner`"),
        "{err}"
    );
    assert!(err.contains("01-general/03-x.md:2:"), "{err}");
}

#[test]
fn duplicate_id_and_duplicate_term() {
    let err = failing_build(&[
        (
            "01-general/03-x.md",
            &standard("id: GEN-01\ntitle: X\nversion: 1.0.0\neffective: 2026-01-01\nowner: Я\n"),
        ),
        (
            "terms.yaml",
            "terms:\n  - term: Клиент\n    definition: a\n  - term: Тайный покупатель\n    definition: b\n  - term: клиент\n    definition: c\n",
        ),
    ]);
    assert!(
        err.contains("error[E0201]: two standards have the id `GEN-01`"),
        "{err}"
    );
    assert!(err.contains("--> 01-general/03-x.md:2:5"), "{err}");
    assert!(
        err.contains("error[E0202]: «клиент» is defined twice"),
        "{err}"
    );
    assert!(err.contains("--> terms.yaml:6:11"), "{err}");
}

#[test]
fn ids_that_differ_only_in_case_are_one_page() {
    let err = failing_build(&[(
        "01-general/03-x.md",
        &standard("id: gen-01\ntitle: X\nversion: 1.0.0\neffective: 2026-01-01\nowner: Я\n"),
    )]);
    assert!(
        err.contains("error[E0201]: the ids `GEN-01` and `gen-01` differ only in case, so both would be the page gen-01.html"),
        "{err}"
    );
    assert!(err.contains("--> 01-general/03-x.md:2:5"), "{err}");
}

#[test]
fn bad_date_and_bad_version() {
    let err = failing_build(&[
        (
            "01-general/03-x.md",
            &standard("id: GEN-03\ntitle: X\nversion: 1.0.0\neffective: 2026-02-30\nowner: Я\n"),
        ),
        (
            "01-general/04-y.md",
            &standard("id: GEN-04\ntitle: Y\nversion: 2.1\neffective: 2026-01-01\nowner: Я\n"),
        ),
    ]);
    assert!(
        err.contains("error[E0106]: `2026-02-30` is not a real date"),
        "{err}"
    );
    assert!(err.contains("--> 01-general/03-x.md:5:12"), "{err}");
    assert!(
        err.contains("error[E0107]: `2.1` is not a version"),
        "{err}"
    );
    assert!(err.contains("write all three parts, e.g. 2.1.0"), "{err}");
}

#[test]
fn unknown_link_targets_are_all_reported_at_once() {
    let err = failing_build(&[(
        "01-general/02-conflicts.md",
        "---\nid: GEN-02\ntitle: Конфликты\nversion: 1.1.0\neffective: 2026-01-01\nowner: Дирекция\n---\n## Шаги\n\n[a](@GEN-99) [b](@GEN-01#нет-такого) [[Клиенты банка]] ![](../assets/нет.png)\n\n{{checklist id=shfit}}\n",
    )]);
    for expected in [
        "error[E0301]: no standard has the id `GEN-99`",
        "error[E0302]: GEN-01 has no heading `#нет-такого`",
        "error[E0303]: unknown term «Клиенты банка»",
        "error[E0305]: file `../assets/нет.png` does not exist",
        "error[E0304]: there is no checklist `shfit`",
        "did you mean `shift`?",
        "--> 01-general/02-conflicts.md:10:1",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn output_folder_that_is_or_contains_the_source_is_refused() {
    let book = Fixture::new(MINIMAL);
    for out in [book.book(), book.dir.path().to_path_buf()] {
        let output = book.run(&["build", "--out", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            text(&output.stderr).contains("refusing to write the site into"),
            "{}",
            text(&output.stderr)
        );
    }
    assert!(
        book.book().join("standbook.yaml").is_file(),
        "the source must survive"
    );
}

#[test]
fn a_foreign_non_empty_folder_is_never_replaced() {
    let book = Fixture::new(MINIMAL);
    let foreign = book.dir.path().join("documents");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("report.docx"), "keep me").unwrap();
    let output = book.run(&["build", "--out", foreign.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("was not made by standbook"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("report.docx")).unwrap(),
        "keep me"
    );
}

#[test]
fn no_book_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = support::standbook(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no book here"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn check_reports_without_writing() {
    let book =
        Fixture::minimal_with(&[("terms.yaml", "terms:\n  - term: Клиент\n    defnition: x\n")]);
    let output = book.run(&["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let diagnostics: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diagnostics[0]["code"], "E0102");
    assert_eq!(diagnostics[0]["location"]["file"], "terms.yaml");
    assert_eq!(diagnostics[0]["location"]["line"], 3);
    assert!(!book.out().exists());
}

#[test]
fn a_missing_logo_points_at_the_config() {
    let err = failing_build(&[(
        "standbook.yaml",
        "title: Т\norganization: О\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../out\nlogo: assets/нет.svg\n",
    )]);
    assert!(
        err.contains("error[E0305]: logo `assets/нет.svg` is not a file in assets/"),
        "{err}"
    );
    assert!(err.contains("--> standbook.yaml:6:7"), "{err}");
}

/// Writes `bytes` as `path` of the minimal book, builds, and returns stderr.
fn failing_build_bytes(path: &str, bytes: &[u8]) -> String {
    let book = Fixture::new(MINIMAL);
    std::fs::write(book.book().join(path), bytes).unwrap();
    let output = book.run(&["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    text(&output.stderr)
}

#[test]
fn invalid_utf8_is_reported_at_its_first_bad_byte() {
    let mut bytes = b"---\nid: GEN-01\ntitle: \xd0\x9e\xd0\xb1 \xff\xfe\n".to_vec();
    bytes.extend_from_slice(MINIMAL[6].1.split_once("title:").unwrap().1.as_bytes());
    let stderr = failing_build_bytes("01-general/01-scope.md", &bytes);
    assert!(stderr.contains("01-general/01-scope.md:3:11"), "{stderr}");
    assert!(stderr.contains("0xff"), "{stderr}");
}

#[test]
fn a_byte_order_mark_before_standbook_yaml_is_read_past() {
    let book = Fixture::new(MINIMAL);
    book.write("standbook.yaml", &format!("\u{feff}{}", MINIMAL[0].1));
    book.build();
}

#[test]
fn an_id_written_oddly_is_reported_at_its_line() {
    for id in ["\"\"", "\"A\\u0000B-1\"", "\"X-1\\n2\"", "'КОМ-01'"] {
        let stderr = failing_build(&[(
            "01-general/02-conflicts.md",
            &MINIMAL[7].1.replace("id: GEN-02", &format!("id: {id}")),
        )]);
        assert!(
            stderr.contains("E0108") && stderr.contains("02-conflicts.md:2:5"),
            "{id}: {stderr}"
        );
    }
}

#[test]
fn a_duplicate_key_is_reported_at_the_duplicate() {
    let stderr = failing_build(&[(
        "standbook.yaml",
        &format!("{}title: Ещё раз\n", MINIMAL[0].1),
    )]);
    assert!(
        stderr.contains("standbook.yaml:7:1") && stderr.contains("`title`"),
        "{stderr}"
    );
    let stderr = failing_build(&[(
        "checklists/shift.yaml",
        "id: shift\ntitle: Смена\nsections:\n  - title: Касса\n    items:\n      - text: Терминал\n        weight: 2\n        weight: 3\n",
    )]);
    assert!(
        stderr.contains("shift.yaml:8:9") && stderr.contains("`weight`"),
        "{stderr}"
    );
}

#[test]
fn checklist_mistakes_are_said_in_a_managers_words() {
    let items = |extra: &str, item: &str| {
        format!(
            "id: shift\ntitle: Смена\n{extra}sections:\n  - title: Касса\n    items:\n      - Терминал\n{item}"
        )
    };
    let cases = [
        (
            items("", "      - text: Размен\n        wieght: 2\n"),
            "shift.yaml:8:9",
            "did you mean `weight`?",
        ),
        (
            items("", "      - text: Размен\n        weight: один\n"),
            "shift.yaml:8:17",
            "whole number",
        ),
        (
            items("pass_score: вісімдесят\n", ""),
            "shift.yaml:3:13",
            "whole number",
        ),
        (
            items("pass_score: 150\n", ""),
            "shift.yaml:3:13",
            "from 0 to 100",
        ),
    ];
    for (file, place, words) in cases {
        let stderr = failing_build(&[("checklists/shift.yaml", &file)]);
        assert!(
            stderr.contains(place) && stderr.contains(words),
            "{file}\n{stderr}"
        );
        for rust in ["untagged", "u32", "variant", "struct"] {
            assert!(
                !stderr.contains(rust),
                "Rust's words `{rust}` in:\n{stderr}"
            );
        }
    }
}

#[test]
fn a_huge_broken_pattern_is_not_printed_whole() {
    let pattern = format!("{}(", "а".repeat(100_000));
    let stderr = failing_build(&[(
        "phrases.yaml",
        &format!(
            "rules:\n  - phrase: \"{pattern}\"\n    match: regex\n    level: forbidden\n    instead: [x]\n    why: y\n"
        ),
    )]);
    assert!(
        stderr.contains("E0104") && stderr.contains("unclosed group"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.len() < 5_000, "{} bytes of error", stderr.len());
}

#[test]
fn a_theme_error_points_inside_the_template() {
    let stderr = failing_build(&[(
        "theme/templates/404.html",
        "<p>\n{% if x %}\n  {{ broken( }}\n{% endif %}\n",
    )]);
    assert!(stderr.contains("theme/templates/404.html:3:14"), "{stderr}");
}

#[test]
fn a_nul_in_a_standard_never_reaches_the_page() {
    let book = Fixture::new(MINIMAL);
    book.write(
        "01-general/02-conflicts.md",
        &MINIMAL[7].1.replace("## Шаги", "## Шаги\n\nНоль:\0конец."),
    );
    book.build();
    let page = book.page("gen-02.html");
    assert!(!page.contains('\0'));
    assert!(page.contains("Ноль:\u{fffd}конец."), "{page}");
}

#[test]
fn explain_says_what_a_code_means_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let explained = support::standbook(&["explain", "w0503"], dir.path());
    assert!(explained.status.success());
    let said = text(&explained.stdout);
    assert!(
        said.starts_with("W0503 (warning): review overdue"),
        "{said}"
    );
    assert!(said.contains("review_by"), "{said}");
    let listed = text(&support::standbook(&["explain"], dir.path()).stdout);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("E0305  link to a file")),
        "{listed}"
    );
    let unknown = support::standbook(&["explain", "E9999"], dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("`E9999` is not a standbook diagnostic code"));
}
