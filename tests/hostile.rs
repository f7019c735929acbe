//! Hostile books: a book is untrusted input, so no file outside it reaches
//! the site, no repository setting runs a program, and no book text becomes
//! script on a page. One test per class of attack, each through the real binary.

mod support;

use std::path::Path;

use support::repository::git;
use support::{Fixture, text};

/// Every file of the built site, as text.
fn site_text(out: &Path) -> String {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned())
        .collect()
}

/// What `standbook check` prints, both streams.
fn check_output(book: &Fixture) -> String {
    let output = book.run(&["check"]);
    text(&output.stdout) + &text(&output.stderr)
}

#[cfg(unix)]
#[test]
fn links_out_of_the_book_never_reach_the_site() {
    use std::os::unix::fs::symlink;
    let book = Fixture::minimal_with(&[]);
    let secret = book.dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-4711").unwrap();
    std::fs::create_dir_all(book.book().join("assets")).unwrap();
    symlink(&secret, book.book().join("assets/leak.txt")).unwrap();
    symlink("/", book.book().join("assets/root")).unwrap();
    symlink(".", book.book().join("assets/loop")).unwrap();
    symlink(&secret, book.book().join("01-general/03-leak.md")).unwrap();
    let output = book.run(&["build"]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!site_text(&book.out()).contains("TOP-SECRET"));
    assert!(!book.out().join("assets/root").exists());
    let verbose = check_output(&book);
    for link in ["assets/leak.txt", "assets/root", "01-general/03-leak.md"] {
        assert!(verbose.contains(link), "{link} not reported:\n{verbose}");
    }

    // Linking to such a file from a standard is an error at the link, so
    // neither the page nor the PDF shows it.
    book.write(
        "01-general/02-conflicts.md",
        &support::MINIMAL[7]
            .1
            .replace("## Шаги", "## Шаги\n\n![Схема](../assets/leak.txt)"),
    );
    let output = book.run(&["pdf", "--out", "book.pdf"]);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("E0305") && stderr.contains("outside the book"),
        "{stderr}"
    );
    assert!(!book.dir.path().join("book.pdf").exists());
    book.write("01-general/02-conflicts.md", support::MINIMAL[7].1);

    // A theme file that links out is an error, never a published file.
    std::fs::create_dir_all(book.book().join("theme/templates")).unwrap();
    symlink(&secret, book.book().join("theme/templates/404.html")).unwrap();
    let output = book.run(&["build"]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("theme/templates/404.html"), "{stderr}");
    assert!(!site_text(&book.out()).contains("TOP-SECRET"));
}

#[test]
fn settings_cannot_name_files_outside_the_book() {
    for (setting, key) in [
        ("theme: /etc", "theme"),
        ("theme: ../elsewhere", "theme"),
        ("logo: ../secret.png", "logo"),
        ("base_url: \"javascript:alert(1)//\"", "base_url"),
    ] {
        let config = format!("{}{setting}\n", support::MINIMAL[0].1);
        let book = Fixture::minimal_with(&[("standbook.yaml", &config)]);
        let output = book.run(&["build"]);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{setting} accepted");
        assert!(
            stderr.contains("standbook.yaml:7:") && stderr.contains(key),
            "{setting}: {stderr}"
        );
    }
}

#[test]
fn repository_settings_run_no_program_and_git_writes_nothing() {
    let book = Fixture::minimal_with(&[]);
    let dir = book.book();
    git(&dir, "Анна", "2026-01-10", &["init", "-q", "-b", "main"]);
    git(&dir, "Анна", "2026-01-10", &["add", "."]);
    git(&dir, "Анна", "2026-01-10", &["commit", "-q", "-m", "one"]);
    let marker = book.dir.path().join("ran.txt");
    let script = book.dir.path().join("evil.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let evil = script.to_str().unwrap();
    for (key, value) in [
        ("core.fsmonitor", evil),
        ("core.pager", evil),
        ("diff.external", evil),
        ("log.showSignature", "true"),
        ("gpg.program", evil),
        ("filter.evil.clean", evil),
        ("filter.evil.process", evil),
    ] {
        git(&dir, "Анна", "2026-01-10", &["config", key, value]);
    }
    std::fs::write(dir.join(".gitattributes"), "* filter=evil\n").unwrap();
    // A changed file with an old timestamp makes `git status` look at its content.
    book.write(
        "01-general/02-conflicts.md",
        &support::MINIMAL[7].1.replace("Шаги", "Шаг"),
    );
    let index = dir.join(".git/index");
    let before = std::fs::metadata(&index).unwrap().modified().unwrap();
    for command in [&["build"][..], &["check"], &["changelog"]] {
        book.run(command);
    }
    assert!(
        !marker.exists(),
        "a repository setting ran a program: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        before
    );
    assert!(!dir.join(".git/index.lock").exists());
}

#[test]
fn a_rename_to_an_odd_file_name_keeps_the_history() {
    let book = support::repository::repository();
    let dir = book.book();
    let odd = "01-general/01 \"scope\"\tпервый\nфайл.md";
    git(
        &dir,
        "Борис",
        "2026-04-01",
        &["mv", "01-general/01-area.md", odd],
    );
    git(
        &dir,
        "Борис",
        "2026-04-01",
        &["commit", "-q", "-m", "Переименован"],
    );
    book.build();
    let page = book.page("gen-01.html");
    for author in ["Анна", "Борис"] {
        assert!(page.contains(author), "{author} lost from the history");
    }
    assert!(page.contains("Первая редакция"));
}

#[test]
fn book_text_never_becomes_script_on_a_page() {
    let body = "## Раздел {#x onmouseover=alert(1)}\n\n\
        <details>\n<summary>Подробнее</summary>\n\nТекст **внутри**.\n\n</details>\n\n\
        <p onclick=\"alert(2)\" style=\"position:fixed\">абзац</p>\n\n<script>alert(3)</script>\n\n\
        <img src=\"x.png\" onerror=\"alert(4)\"> <a href=\"data:text/html,alert(5)\">a</a>\n\n\
        <!-- комментарий без конца\n\nПоследний абзац.\n";
    let standard = format!(
        "---\nid: GEN-03\ntitle: Сырой HTML\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n\
         changes:\n  - {{ version: 1.0.0, date: 2026-01-01, summary: x }}\n---\n{body}"
    );
    let book = Fixture::minimal_with(&[("01-general/03-html.md", &standard)]);
    let output = book.build();
    let page = book.page("gen-03.html");
    for script in [
        "alert(",
        "onmouseover",
        "onclick",
        "position:fixed",
        "data:text",
    ] {
        assert!(!page.contains(script), "{script} on the page");
    }
    assert!(page.contains("<details>\n<summary>Подробнее</summary>"));
    assert!(page.contains("<strong>внутри</strong>"));
    assert!(
        page.contains("Последний абзац."),
        "an unclosed comment hid the rest"
    );
    assert!(page.contains("</footer>") || page.contains("</body>"));
    let print = book.page("print.html");
    assert!(!print.contains("alert("), "script on print.html");
    let warnings = check_output(&book);
    for (what, line) in [
        ("heading attributes", 10),
        ("onclick", 19),
        ("<script>", 21),
        ("onerror", 23),
    ] {
        assert!(
            warnings.contains(what) && warnings.contains(&format!("03-html.md:{line}:")),
            "{what} at line {line} not reported:\n{warnings}"
        );
    }
    drop(output);

    // Trusted books keep their HTML as written.
    let config = format!("{}raw_html: trust\n", support::MINIMAL[0].1);
    book.write("standbook.yaml", &config);
    book.build();
    assert!(book.page("gen-03.html").contains("onclick=\"alert(2)\""));
}

#[test]
fn checklist_fields_and_items_are_text_in_every_attribute_and_element() {
    let checklist = "id: audit\ntitle: Аудит\nnot_applicable: true\nfields:\n  - '<img src=x onerror=alert(1)>'\n  - { label: '\"><script>alert(2)</script>', type: date }\nsections:\n  - title: Зал\n    items:\n      - '\" onmouseover=\"alert(3)'\n";
    let book = Fixture::minimal_with(&[("checklists/audit.yaml", checklist)]);
    book.build();
    for page in ["checklist-audit.html", "print.html"] {
        let html = book.page(page);
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("<script>alert(2)"), "{page}");
        assert!(!html.contains("\" onmouseover=\"alert(3)"), "{page}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{page}"
        );
    }
}

#[test]
fn links_with_a_scheme_that_runs_code_are_errors_at_their_place() {
    let body = "См. [a](javascript:alert(1)), <vbscript:msgbox>, [b][r] и ![i](data:image/svg+xml,x).\n\n\
                [r]: JaVaScRiPt:alert(2)\n\nА [c](https://example.com) и [d](mailto:a@b.c) можно.\n";
    let standard = format!(
        "---\nid: GEN-03\ntitle: Ссылки\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n\
         changes:\n  - {{ version: 1.0.0, date: 2026-01-01, summary: x }}\n---\n{body}"
    );
    let book = Fixture::minimal_with(&[("01-general/03-links.md", &standard)]);
    let output = book.run(&["build"]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.matches("E0309").count(), 4, "{stderr}");
    for column in [5, 31, 50, 59] {
        assert!(
            stderr.contains(&format!("03-links.md:10:{column}")),
            "column {column}:\n{stderr}"
        );
    }
    assert!(!book.out().exists(), "a site was written");
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_nothing_and_the_next_removes_what_a_killed_one_left() {
    let book = Fixture::minimal_with(&[]);
    for n in 0..1500 {
        book.write(
            &format!("02-many/{n:04}-s.md"),
            &format!(
                "---\nid: MANY-{n}\ntitle: Стандарт {n}\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n\
                 changes:\n  - {{ version: 1.0.0, date: 2026-01-01, summary: x }}\n---\n## Раздел\n\nКлиент {n}.\n"
            ),
        );
    }
    // What a build killed with SIGKILL left: its process is gone.
    let abandoned = book.dir.path().join(".out.tmp-4194999-1");
    std::fs::create_dir_all(abandoned.join("assets")).unwrap();
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(book.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-") || n.ends_with(".partial"))
            .collect()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_standbook"))
        .args(["build", "--book", book.book().to_str().unwrap()])
        .current_dir(book.dir.path())
        .env("STANDBOOK_CACHE_DIR", book.dir.path().join(".cache"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the build writes its staging folder, then stop it.
    let started = std::time::Instant::now();
    while leftovers()
        .iter()
        .all(|n| n.starts_with(".out.tmp-4194999"))
        && started.elapsed() < std::time::Duration::from_secs(20)
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        !abandoned.exists(),
        "the abandoned staging folder is still there"
    );
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(status.success() || status.code() == Some(130), "{status:?}");
    assert_eq!(leftovers(), Vec::<String>::new());
}

#[test]
fn outputs_that_would_feed_the_book_or_clobber_a_folder_are_refused() {
    let book = Fixture::minimal_with(&[("assets/a.txt", "a")]);
    for out in ["assets/site", "01-general/site"] {
        let target = book.book().join(out);
        let output = book.run(&["build", "--out", target.to_str().unwrap()]);
        assert!(!output.status.success(), "{out} accepted");
        assert!(
            text(&output.stderr).contains("reads or publishes"),
            "{}",
            text(&output.stderr)
        );
        assert!(!target.exists());
    }
    // Directly in the book folder is fine: the book's walk skips it.
    let site = book.book().join("site");
    let output = book.run(&["build", "--out", site.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));

    // `pdf --out FOLDER` writes the PDF into the folder and nothing else.
    let folder = book.dir.path().join("pdfs");
    std::fs::create_dir_all(&folder).unwrap();
    let output = book.run(&["pdf", "--out", folder.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let written: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(written, ["book.pdf"]);
}

#[test]
fn a_standard_id_cannot_take_a_page_the_site_makes() {
    let standard = "---\nid: CHECKLIST-SHIFT\ntitle: Смена\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n\
        changes:\n  - { version: 1.0.0, date: 2026-01-01, summary: x }\n---\nТекст.\n";
    let book = Fixture::minimal_with(&[("01-general/03-shift.md", standard)]);
    let output = book.run(&["build"]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("E0201") && stderr.contains("03-shift.md:2:5"),
        "{stderr}"
    );
}
