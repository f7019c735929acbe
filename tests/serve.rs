//! `standbook serve` over real HTTP on 127.0.0.1 with real file events:
//! saves reach open pages, broken saves show errors and keep the last good
//! site, and nothing outside the site is ever served.

#[path = "../examples/gen_book.rs"]
#[allow(dead_code)]
mod gen_book;
mod support;

use std::time::Duration;

use support::server::Served;
use support::{Fixture, MINIMAL};

fn serve(book: &Fixture) -> Served {
    let path = book.book();
    Served::start(
        book.dir.path(),
        &["--port", "0", "--book", path.to_str().unwrap()],
    )
}

fn scope_with(text: &str) -> String {
    MINIMAL[6]
        .1
        .replace("Стандарт для всех, кто обслуживает клиентов.", text)
}

#[test]
fn a_plain_save_reaches_open_pages() {
    let book = Fixture::new(MINIMAL);
    let mut server = serve(&book);
    let (status, head, body) = server.get("/gen-01.html");
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        body.contains("/__standbook/livereload.js"),
        "the reload script is injected"
    );
    assert!(
        !book.page("gen-01.html").contains("livereload"),
        "but never written into the site"
    );

    let events = server.events();
    book.write(
        "01-general/01-scope.md",
        &scope_with("Новый текст после сохранения."),
    );
    events.wait_for("reload");
    assert!(
        server
            .get("/gen-01.html")
            .2
            .contains("Новый текст после сохранения.")
    );
    let line = server.wait_for_line("changed:");
    assert!(
        line.starts_with("Standards changed: updated gen-01.html, print.html and the search index"),
        "{line}"
    );
}

#[test]
fn many_open_pages_never_stall_the_server() {
    let book = Fixture::new(MINIMAL);
    let server = serve(&book);
    // Every open page holds an event stream, and browsers keep a few idle
    // connections per page for reuse.
    let pages: Vec<_> = (0..6).map(|_| server.events()).collect();
    // A page load opens several keep-alive connections at once; every load
    // must be answered in full while the earlier ones stay open.
    let mut idle = Vec::new();
    for _ in 0..4 {
        let load: Vec<_> = ["/gen-01.html", "/_static/icon.svg", "/robots.txt"]
            .into_iter()
            .cycle()
            .take(6)
            .map(|target| {
                let addr = server.addr;
                std::thread::spawn(move || support::server::idle_connection(addr, target))
            })
            .collect();
        idle.extend(load.into_iter().map(|c| c.join().expect("page load")));
    }
    assert_eq!(server.get("/gen-01.html").0, 200);
    book.write(
        "01-general/01-scope.md",
        &scope_with("Открытые страницы обновляются."),
    );
    for page in &pages {
        page.wait_for("reload");
    }
    drop(idle);
}

#[test]
fn an_atomic_save_and_a_delete_are_seen() {
    let book = Fixture::new(MINIMAL);
    let server = serve(&book);
    let events = server.events();
    // Editors save by writing a temporary file and renaming it over the original.
    let temp = book.book().join("01-general/.01-scope.md.tmp");
    std::fs::write(&temp, scope_with("Сохранено через переименование.")).unwrap();
    std::fs::rename(&temp, book.book().join("01-general/01-scope.md")).unwrap();
    events.wait_for("reload");
    assert!(
        server
            .get("/gen-01.html")
            .2
            .contains("Сохранено через переименование.")
    );

    book.write(
        "01-general/01-scope.md",
        &MINIMAL[6].1.replace("[конфликты](@GEN-02#шаги) и ", ""),
    );
    events.wait_for("reload");
    std::fs::remove_file(book.book().join("01-general/02-conflicts.md")).unwrap();
    events.wait_for("reload");
    assert_eq!(
        server.get("/gen-02.html").0,
        404,
        "a deleted standard's page is gone"
    );
}

#[test]
fn a_burst_of_changes_is_one_rebuild() {
    let book = Fixture::new(MINIMAL);
    let burst = book.book().join("02-burst");
    std::fs::create_dir_all(&burst).unwrap();
    let server = serve(&book);
    let events = server.events();
    // Like a `git checkout`: many files land in the book at once.
    let staged = book.dir.path().join("staged");
    std::fs::create_dir_all(&staged).unwrap();
    for i in 0..1000 {
        std::fs::write(
            staged.join(format!("{i:03}-x.md")),
            format!("---\nid: BRS-{i}\ntitle: Пакет {i}\nversion: 1.0.0\neffective: 2026-01-01\nowner: Я\n---\nТекст {i}.\n"),
        )
        .unwrap();
    }
    for i in 0..1000 {
        let name = format!("{i:03}-x.md");
        std::fs::rename(staged.join(&name), burst.join(&name)).unwrap();
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while server.get("/brs-999.html").0 != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the burst was never built"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let seen = events.drain(Duration::from_millis(1000));
    let reloads = seen.iter().filter(|e| *e == "reload").count();
    assert_eq!(reloads, 1, "events: {seen:?}");
}

#[test]
fn a_broken_save_keeps_the_last_good_site_and_shows_the_errors() {
    let book = Fixture::new(MINIMAL);
    let server = serve(&book);
    let events = server.events();
    book.write("terms.yaml", "terms:\n  - term: Клиент\n    defnition: x\n");
    let data = events.wait_for("diagnostics");
    assert!(
        data.contains("E0102") && data.contains("terms.yaml:3:5"),
        "{data}"
    );
    let (status, _, body) = server.get("/gen-01.html");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("Область применения"));

    // A page opened now gets the errors at once.
    let late = server.events();
    assert!(late.wait_for("diagnostics").contains("E0102"));

    book.write("terms.yaml", MINIMAL[1].1);
    events.wait_for("reload");
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let book = Fixture::minimal_with(&[("theme/static/style.css", "body { color: black; }")]);
    let server = serve(&book);
    let events = server.events();
    book.write("theme/static/style.css", "body { color: navy; }");
    let data = events.wait_for("css");
    let paths: Vec<String> =
        serde_json::from_str(data.trim_start_matches("data:").trim()).expect(&data);
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(
        paths[0].starts_with("_static/style.") && paths[0].ends_with(".css"),
        "{paths:?}"
    );
    let (_, head, body) = server.get(&format!("/{}", paths[0]));
    assert!(
        head.to_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    assert_eq!(body, "body { color: navy; }");
}

#[test]
fn nothing_outside_the_site_is_served() {
    let book = Fixture::new(MINIMAL);
    std::fs::write(book.dir.path().join("secret.txt"), "top secret").unwrap();
    let server = serve(&book);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        book.dir.path().join("secret.txt"),
        book.out().join("leak.txt"),
    )
    .unwrap();
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/leak.txt",
        "/%00",
        &format!("/{}", "a".repeat(3000)),
    ] {
        let (status, _, body) = server.get(target);
        assert!(matches!(status, 400 | 404 | 414), "{target}: {status}");
        assert!(!body.contains("top secret"), "{target} leaked");
    }
    let (status, _, body) = server.get("/no-such-page.html");
    assert_eq!(status, 404);
    assert!(body.contains("Страница не найдена"), "the site's 404 page");
    let mut post = std::net::TcpStream::connect(server.addr).unwrap();
    use std::io::{Read, Write};
    write!(
        post,
        "POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    post.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 405"), "{reply}");
}

#[test]
fn watch_rebuilds_the_site_folder_without_serving() {
    let book = Fixture::new(MINIMAL);
    let path = book.book();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_standbook"))
        .args(["watch", "--poll", "--book", path.to_str().unwrap()])
        .current_dir(book.dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    while let Some(Ok(line)) = lines.next() {
        if line.starts_with("Watching") {
            assert!(line.contains("(polling)"), "{line}");
            break;
        }
    }
    // The polling watcher takes its first snapshot in the background.
    std::thread::sleep(Duration::from_millis(1200));
    book.write(
        "01-general/01-scope.md",
        &scope_with("Пересобрано наблюдателем."),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !book
        .page("gen-01.html")
        .contains("Пересобрано наблюдателем.")
    {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let rest: Vec<String> = lines.map_while(Result::ok).collect();
            panic!("watch did not rebuild; it printed: {rest:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        !book.page("gen-01.html").contains("livereload"),
        "watch writes plain pages"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_body_edit_rewrites_one_page_and_a_title_edit_updates_every_sidebar() {
    let book = Fixture::new(MINIMAL);
    let mut server = serve(&book);
    let events = server.events();
    let conflicts = MINIMAL[7].1;
    book.write(
        "01-general/02-conflicts.md",
        &conflicts.replace("## Шаги\n", "## Шаги\n\nНовый абзац.\n"),
    );
    events.wait_for("reload");
    let line = server.wait_for_line("changed:");
    assert!(
        line.contains("updated gen-02.html, print.html and the search index in"),
        "only the edited page is rewritten: {line}"
    );

    book.write(
        "01-general/02-conflicts.md",
        &conflicts.replace("title: Конфликты", "title: Разрешение конфликтов"),
    );
    events.wait_for("reload");
    let (_, _, other_page) = server.get("/gen-01.html");
    assert!(
        other_page.contains("Разрешение конфликтов"),
        "the sidebar of other pages shows the new title"
    );
    let (_, _, glossary) = server.get("/glossary.html");
    assert!(glossary.contains("Разрешение конфликтов"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let book = Fixture::new(MINIMAL);
    let mut server = serve(&book);
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    server.wait_for_line("Stopped.");
    let leftovers: Vec<_> = std::fs::read_dir(book.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_renamed_folder_keeps_its_pages_and_is_still_watched() {
    let book = Fixture::new(MINIMAL);
    let mut server = serve(&book);
    let events = server.events();
    std::fs::rename(
        book.book().join("01-general"),
        book.book().join("03-renamed"),
    )
    .unwrap();
    // The pages hang on ids, not on file paths: the site does not change.
    server.wait_for_line("Standards changed: nothing to update");
    assert_eq!(server.get("/gen-01.html").0, 200);
    book.write(
        "03-renamed/01-scope.md",
        &scope_with("Правка в переименованной папке."),
    );
    events.wait_for("reload");
    assert!(
        server
            .get("/gen-01.html")
            .2
            .contains("Правка в\u{a0}переименованной папке.")
    );
}

#[test]
fn a_book_broken_from_the_start_is_served_once_fixed() {
    let book =
        Fixture::minimal_with(&[("terms.yaml", "terms:\n  - term: Клиент\n    defnition: x\n")]);
    let server = serve(&book);
    let (status, _, body) = server.get("/gen-01.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("/__standbook/livereload.js"),
        "the waiting page still reloads"
    );
    let events = server.events();
    assert!(events.wait_for("diagnostics").contains("E0102"));
    book.write("terms.yaml", MINIMAL[1].1);
    events.wait_for("reload");
    assert_eq!(server.get("/gen-01.html").0, 200);
}

#[test]
fn clients_that_send_headers_slowly_are_cut_off_and_never_hold_the_server() {
    use std::io::{Read, Write};
    let book = Fixture::new(MINIMAL);
    let server = serve(&book);
    // 200 clients that start a request and never finish its headers.
    let slow: Vec<std::net::TcpStream> = (0..200)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
            stream
                .write_all(b"GET /gen-01.html HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            stream
        })
        .collect();
    // Everyone else is still served while they wait.
    assert_eq!(server.get("/gen-01.html").0, 200);
    // And the server closes them once the header timeout has passed.
    let started = std::time::Instant::now();
    for mut stream in slow {
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        let mut buffer = [0u8; 512];
        let closed = loop {
            match stream.read(&mut buffer) {
                Ok(0) => break true,
                Ok(_) => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    break false;
                }
                Err(_) => break true,
            }
        };
        assert!(
            closed,
            "a slow client was still held after {:?}",
            started.elapsed()
        );
    }
}

/// Every file under `dir` (site-relative path → bytes), without the marker
/// that says the folder is standbook's.
fn site_files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .filter(|(rel, _)| rel != ".standbook-output")
        .collect()
}

/// A copy of the example book that asks for a PDF.
fn example_with_pdf(dir: &std::path::Path) -> std::path::PathBuf {
    let from = support::example_book();
    let book = dir.join("handbook");
    for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
        let target = book.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let config = book.join("standbook.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let asked: String = text
        .lines()
        .filter(|line| !line.starts_with("pdf:"))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(&config, asked + "pdf: true\n").unwrap();
    book
}

#[cfg(feature = "pdf")]
#[test]
fn serve_writes_the_same_site_as_build_pdf_included() {
    let dir = tempfile::tempdir().unwrap();
    let book = example_with_pdf(dir.path());
    let built = dir.path().join("built");
    let output = support::standbook(
        &[
            "build",
            "--book",
            book.to_str().unwrap(),
            "--out",
            built.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", support::text(&output.stderr));
    let served_dir = dir.path().join("served");
    let server = Served::start(
        dir.path(),
        &[
            "--port",
            "0",
            "--book",
            book.to_str().unwrap(),
            "--out",
            served_dir.to_str().unwrap(),
        ],
    );
    let (status, head, pdf) = server.get("/handbook.pdf");
    assert_eq!(status, 200, "the footer's PDF link works while previewing");
    assert!(head.to_lowercase().contains("application/pdf"), "{head}");
    assert!(pdf.starts_with("%PDF"));
    let (built, served) = (site_files(&built), site_files(&served_dir));
    let names = |site: &std::collections::BTreeMap<String, Vec<u8>>| {
        site.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(names(&served), names(&built), "the same files");
    for (name, bytes) in &built {
        assert!(
            served[name] == *bytes,
            "{name} differs between serve and build"
        );
    }
    assert!(built.contains_key("handbook.pdf"));
}

#[test]
fn the_print_page_fetched_on_the_reload_already_has_the_edit() {
    // Pages reload before the print page is remade (on a large book it
    // takes longest): a request for it waits until it is.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    gen_book::generate_shaped(1000, 1000, &book);
    let server = Served::start(
        dir.path(),
        &["--port", "0", "--book", book.to_str().unwrap()],
    );
    let events = server.events();
    let standard = book.join("001-chapter/00005-standard.md");
    let text = std::fs::read_to_string(&standard).unwrap();
    std::fs::write(&standard, format!("{text}\nПравка для печати.\n")).unwrap();
    events.wait_for("reload");
    let (status, _, page) = server.get("/std-4.html");
    assert_eq!(status, 200);
    assert!(page.contains("Правка для печати."), "the page has the edit");
    let (status, _, print) = server.get("/print.html");
    assert_eq!(status, 200);
    assert!(
        print.contains("Правка для печати."),
        "the print page has the edit as soon as the page does"
    );
}

#[test]
fn serve_listens_on_one_port_every_run_and_on_a_free_one_when_it_is_taken() {
    let book = Fixture::new(MINIMAL);
    let path = book.book();
    let other_out = book.dir.path().join("second-site");
    let first = Served::start(book.dir.path(), &["--book", path.to_str().unwrap()]);
    let second = Served::start(
        book.dir.path(),
        &[
            "--book",
            path.to_str().unwrap(),
            "--out",
            other_out.to_str().unwrap(),
        ],
    );
    assert_ne!(first.addr, second.addr);
    // Unless another program holds it, the first run gets the default port,
    // and the second says it is taken and serves on a free one.
    let taken = |s: &Served| s.seen.iter().any(|l| l.contains(":4111 is taken"));
    if first.addr.port() == 4111 {
        assert!(taken(&second), "{:?}", second.seen);
    } else {
        assert!(taken(&first), "{:?}", first.seen);
    }
    assert_eq!(second.get("/gen-01.html").0, 200);
}

#[test]
fn warnings_are_listed_after_each_build_and_sent_to_open_pages() {
    // A standard without a change log: a warning.
    let book = Fixture::new(MINIMAL);
    let extra = |changes: &str| {
        format!(
            "---\nid: GEN-03\ntitle: Доп\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n{changes}---\nТекст.\n"
        )
    };
    book.write("01-general/03-extra.md", &extra(""));
    let mut server = serve(&book);
    assert!(
        server
            .seen
            .iter()
            .any(|l| l.contains("warning[W0502]") && l.contains("GEN-03")),
        "{:?}",
        server.seen
    );
    let events = server.events();
    let data = events.wait_for("warnings");
    assert!(
        data.contains("W0502") && data.contains("03-extra.md"),
        "{data}"
    );

    // A change log clears the warning, in the terminal and on open pages.
    book.write(
        "01-general/03-extra.md",
        &extra("changes:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая }\n"),
    );
    let line = server.wait_for_line("changed:");
    let cleared = events.wait_for("warnings");
    assert_eq!(cleared, "data:\"\"", "{cleared}");
    let after: Vec<String> = server.output.try_iter().collect();
    assert!(
        !after.iter().any(|l| l.contains("W0502")),
        "{line} {after:?}"
    );
}

#[test]
fn an_open_page_shows_the_warnings_in_a_panel_a_reader_can_dismiss() {
    let Some(mut browser) = support::browser::Browser::launch() else {
        return;
    };
    let book = Fixture::new(MINIMAL);
    book.write(
        "01-general/03-extra.md",
        "---\nid: GEN-03\ntitle: Доп\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n---\nТекст.\n",
    );
    let server = serve(&book);
    browser.open(&format!("http://{}/gen-01.html", server.addr));
    browser.wait_for("!!document.getElementById('standbook-warnings')");
    let shown = browser.eval("document.getElementById('standbook-warnings').textContent");
    assert!(shown.as_str().unwrap().contains("W0502"), "{shown}");
    browser.eval("document.querySelector('#standbook-warnings button').click()");
    assert_eq!(
        browser.eval("!!document.getElementById('standbook-warnings')"),
        false
    );
    // Dismissed stays dismissed on the next page, until the warnings change.
    browser.open(&format!("http://{}/gen-02.html", server.addr));
    browser.wait_for("document.readyState === 'complete'");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        browser.eval("!!document.getElementById('standbook-warnings')"),
        false
    );
}

#[test]
fn an_open_page_takes_a_new_stylesheet_without_reloading() {
    let Some(mut browser) = support::browser::Browser::launch() else {
        return;
    };
    let book =
        Fixture::minimal_with(&[("theme/static/style.css", "body { color: rgb(0, 0, 0); }")]);
    let server = serve(&book);
    browser.open(&format!("http://{}/gen-01.html", server.addr));
    browser.wait_for("getComputedStyle(document.body).color === 'rgb(0, 0, 0)'");
    // A mark that a reload would wipe out.
    browser.eval("window.notReloaded = true");
    book.write("theme/static/style.css", "body { color: rgb(0, 0, 128); }");
    browser.wait_for("getComputedStyle(document.body).color === 'rgb(0, 0, 128)'");
    assert_eq!(browser.eval("window.notReloaded === true"), true);
    let href = browser.eval("document.querySelector('link[rel=stylesheet]').getAttribute('href')");
    assert_eq!(
        href.as_str().unwrap(),
        support::hashed_static_path(&book.out(), "style.css")
    );
}
