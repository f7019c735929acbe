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
