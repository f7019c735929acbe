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
