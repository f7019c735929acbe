//! The command line's own manners: completion scripts and a manual page
//! generated from its definition, and no progress drawing when its output is
//! not a terminal.

mod support;

use support::{Fixture, MINIMAL, standbook, text};

#[test]
fn completions_and_the_manual_page_cover_every_command() {
    let here = std::env::temp_dir();
    let bash = standbook(&["completions", "bash"], &here);
    assert!(bash.status.success(), "{}", text(&bash.stderr));
    let script = text(&bash.stdout);
    for command in [
        "build",
        "check",
        "serve",
        "lint",
        "pdf",
        "changelog",
        "explain",
    ] {
        assert!(script.contains(command), "bash completes {command}");
    }
    assert!(script.contains("--format"), "and options");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = standbook(&["completions", shell], &here);
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
    let man = standbook(&["man"], &here);
    let page = text(&man.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH standbook"),
        "{page}"
    );
    assert!(
        page.contains("serve") && page.contains("\\-\\-quiet"),
        "{page}"
    );
}

#[test]
fn a_build_into_a_pipe_draws_no_progress() {
    let book = Fixture::new(MINIMAL);
    let output = book.run(&["build"]);
    assert!(output.status.success());
    let said = text(&output.stderr);
    assert!(!said.contains('\r') && !said.contains('\u{1b}'), "{said:?}");
}

/// Runs a command that takes no `--book` in the fixture's folder.
fn standbook_in(book: &Fixture, args: &[&str]) -> std::process::Output {
    standbook(args, book.dir.path())
}

#[test]
fn the_default_theme_can_be_written_out_to_start_an_override() {
    let book = Fixture::new(MINIMAL);
    let theme = book.book().join("theme");
    let out = standbook_in(
        &book,
        &["theme", theme.to_str().unwrap(), "static/style.css"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let css = theme.join("static/style.css");
    let mut style = std::fs::read_to_string(&css).unwrap();
    assert!(style.len() > 1000);
    style.push_str("\n.book-title { letter-spacing: 0.31em; }\n");
    std::fs::write(&css, style).unwrap();
    book.build();
    assert!(
        book.page(&book.static_path("style.css"))
            .contains("letter-spacing: 0.31em")
    );

    // Never over a file that is there, and a wrong name gets a suggestion.
    let again = standbook_in(
        &book,
        &["theme", theme.to_str().unwrap(), "static/style.css"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("exists already"),
        "{}",
        text(&again.stderr)
    );
    let typo = standbook_in(
        &book,
        &["theme", theme.to_str().unwrap(), "templates/standrd.html"],
    );
    assert!(
        text(&typo.stderr).contains("did you mean templates/standard.html"),
        "{}",
        text(&typo.stderr)
    );
    // All of it, elsewhere.
    let all = book.dir.path().join("whole-theme");
    assert!(
        standbook_in(&book, &["theme", all.to_str().unwrap()])
            .status
            .success()
    );
    for file in [
        "templates/standard.html",
        "locales/uk.yaml",
        "static/search/stem.js",
    ] {
        assert!(all.join(file).is_file(), "{file}");
    }
}
