//! Golden files: each folder of `tests/fixtures/` is a small book with what
//! a command prints about it, as a user sees it (`output.txt`) and, for
//! `check`, as tools read it (`output.json`). Every diagnostic code has at
//! least one fixture.
//!
//! A fixture is `_base/book` with the fixture's own `book/` laid over it
//! (`remove` lists base files to delete). `args` holds the command (default
//! `check`); files beside `book/` (a reply for `lint`) are there too. With a
//! `commits/` folder, each of its folders (in order) is committed as the
//! book's whole content before `book/` is laid over the last one (and with
//! a `shallow` file holding N, the book is then a clone of its last N
//! commits); a
//! `dot-git` file becomes the book's `.git` file (git keeps no file of that
//! name in a repository). In book
//! files `TEST_SERVER` becomes the address of a local server that answers
//! `/gone` with 404 and anything else with 500.
//!
//! After a deliberate change, refresh every expected file with
//! `SNAPSHOTS=overwrite cargo test --test golden` and review the diff.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use standbook::diagnostic::Code;
use support::repository::git;
use support::text;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies the tree `from` over `to`, writing `server` for `TEST_SERVER`.
fn lay_over(from: &Path, to: &Path, server: &str) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = match rel.as_os_str().is_empty() {
            true => to.to_path_buf(),
            false => to.join(rel),
        };
        if entry.path_is_symlink() {
            let link = std::fs::read_link(entry.path()).unwrap();
            let _ = std::fs::remove_file(&target);
            std::os::unix::fs::symlink(link, &target).unwrap();
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            let bytes = std::fs::read(entry.path()).unwrap();
            let bytes = match String::from_utf8(bytes) {
                Ok(text) => text.replace("TEST_SERVER", server).into_bytes(),
                Err(e) => e.into_bytes(),
            };
            std::fs::write(&target, bytes).unwrap();
        }
    }
}

/// Empties `book` but for its `.git`.
fn clear(book: &Path) {
    for entry in std::fs::read_dir(book).unwrap().flatten() {
        if entry.file_name() == ".git" {
            continue;
        }
        match entry.file_type().unwrap().is_dir() {
            true => std::fs::remove_dir_all(entry.path()).unwrap(),
            false => std::fs::remove_file(entry.path()).unwrap(),
        }
    }
}

/// Replaces the repository at `book` by a clone of its last `depth` commits.
fn shallow_clone(book: &Path, depth: &str) {
    let full = book.with_file_name("book-full");
    std::fs::rename(book, &full).unwrap();
    let source = format!("file://{}", full.display());
    let parent = book.parent().unwrap();
    let target = book.to_str().unwrap();
    git(
        parent,
        "Анна",
        "2026-01-01",
        &["clone", "-q", "--depth", depth, &source, target],
    );
    std::fs::remove_dir_all(&full).unwrap();
}

/// The fixture's book, ready in `dir/book` (with its history, if it has one).
fn prepare(fixture: &Path, dir: &Path, server: &str) {
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    let commits = fixture.join("commits");
    if commits.is_dir() {
        git(&book, "Анна", "2026-01-01", &["init", "-q", "-b", "main"]);
        let mut snapshots: Vec<PathBuf> = std::fs::read_dir(&commits)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        snapshots.sort();
        for (n, snapshot) in snapshots.iter().enumerate() {
            clear(&book);
            lay_over(snapshot, &book, server);
            let date = format!("2026-0{}-01", n + 1);
            git(&book, "Анна", &date, &["add", "-A"]);
            git(
                &book,
                "Анна",
                &date,
                &["commit", "-q", "-m", &format!("Шаг {}", n + 1)],
            );
        }
        if let Ok(depth) = std::fs::read_to_string(fixture.join("shallow")) {
            shallow_clone(&book, depth.trim());
        }
    } else {
        lay_over(&fixtures_dir().join("_base/book"), &book, server);
    }
    for entry in std::fs::read_dir(fixture).unwrap().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let meta = [
            "commits",
            "shallow",
            "args",
            "remove",
            "output.txt",
            "output.json",
        ];
        if meta.contains(&name.as_ref()) {
            continue;
        }
        match name.as_ref() {
            "book" => lay_over(&entry.path(), &book, server),
            "dot-git" => lay_over(&entry.path(), &book.join(".git"), server),
            _ => lay_over(&entry.path(), &dir.join(name.as_ref()), server),
        }
    }
    if let Ok(list) = std::fs::read_to_string(fixture.join("remove")) {
        for path in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(book.join(path.trim())).unwrap();
        }
    }
}

/// A local server for external links: `/gone` is 404, anything else 500.
fn link_server() -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let address = server.server_addr().to_ip().unwrap().to_string();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let status = match request.url() {
                "/gone" => 404,
                _ => 500,
            };
            let _ = request.respond(tiny_http::Response::empty(status));
        }
    });
    address
}

/// Runs the fixture's command; its exit status, stdout and stderr as a user reads them.
fn run(fixture: &Path, dir: &Path, server: &str, extra: &[&str]) -> String {
    let args = std::fs::read_to_string(fixture.join("args")).unwrap_or_else(|_| "check".into());
    let mut args: Vec<&str> = args.split_whitespace().collect();
    args.extend(extra);
    args.extend(["--book", "book"]);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_standbook"))
        .args(&args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env("STANDBOOK_CACHE_DIR", dir.join(".cache"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let shown = format!(
        "$ standbook {}\nexit: {}\n{}{}",
        args.join(" "),
        output.status.code().unwrap_or(-1),
        text(&output.stdout),
        text(&output.stderr)
    );
    let dir = dir.display().to_string();
    let shown = shown.replace(&dir, "[DIR]").replace(server, "[SERVER]");
    let time = regex::Regex::new(r"\b\d+(\.\d+)? (s|ms)\b").unwrap();
    time.replace_all(&shown, "[TIME]").into_owned()
}

/// Every code named in `output`.
fn codes_in(output: &str) -> BTreeSet<String> {
    let found = regex::Regex::new(r"\b[EW]\d{4}\b").unwrap();
    found
        .find_iter(output)
        .map(|m| m.as_str().to_string())
        .collect()
}

#[test]
fn every_fixture_prints_what_its_golden_files_say() {
    let assert = snapbox::Assert::new().action_env("SNAPSHOTS");
    let server = link_server();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    fixtures.sort();
    let mut seen = BTreeSet::new();
    for fixture in &fixtures {
        let dir = tempfile::tempdir().unwrap();
        prepare(fixture, dir.path(), &server);
        let human = run(fixture, dir.path(), &server, &[]);
        seen.extend(codes_in(&human));
        assert.eq(
            human,
            snapbox::Data::read_from(&fixture.join("output.txt"), None).raw(),
        );
        let args = std::fs::read_to_string(fixture.join("args")).unwrap_or_else(|_| "check".into());
        if args.starts_with("check") {
            let json = run(fixture, dir.path(), &server, &["--format", "json"]);
            seen.extend(codes_in(&json));
            assert.eq(
                json,
                snapbox::Data::read_from(&fixture.join("output.json"), None).raw(),
            );
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| !seen.contains(*id))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

#[test]
fn the_readme_lists_every_code_as_standbook_explain_does() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&Code::table()),
        "the README's table of codes differs from `standbook explain`; paste:\n{}",
        Code::table()
    );
}
