//! Page weight does not grow with the book: in a flat book of 5,000
//! standards (one chapter, as a wiki export is), every standard's page carries
//! at most 12 KB besides its own content, its sidebar lists a block of the
//! chapter, and the whole chapter is one shared script that the browser lists
//! in place of the block.

mod support;

#[path = "../examples/gen_book.rs"]
#[allow(dead_code)]
mod gen_book;

use support::browser::Browser;

/// Builds a flat book of `count` standards; the folder with `book/` and `site/`.
fn flat_book(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    gen_book::generate_shaped(count, count, &dir.path().join("book"));
    let book = dir.path().join("book");
    let site = dir.path().join("site");
    let output = support::standbook(
        &[
            "build",
            "--book",
            book.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "-q",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", support::text(&output.stderr));
    dir
}

/// A page's bytes outside its standard's own text (`<article>`).
fn chrome(html: &str) -> usize {
    let start = html.find("<article").expect("a standard's article");
    let end = html.rfind("</article>").expect("its end");
    html.len() - (end - start)
}

#[test]
fn a_page_of_a_flat_5000_standard_book_carries_under_12_kb_besides_its_content() {
    let dir = flat_book(5000);
    let site = dir.path().join("site");
    let mut heaviest = (0, String::new());
    for n in [0, 1, 2500, 4999] {
        let name = format!("std-{n}.html");
        let html = std::fs::read_to_string(site.join(&name)).unwrap();
        heaviest = heaviest.max((chrome(&html), name));
    }
    assert!(
        heaviest.0 < 12 * 1024,
        "{} carries {} bytes",
        heaviest.1,
        heaviest.0
    );
    let page = std::fs::read_to_string(site.join("std-2500.html")).unwrap();
    let listed = page.matches("<li><a href=\"std-").count();
    assert!(
        listed <= 12,
        "the sidebar lists a block, not the chapter: {listed}"
    );
    assert!(
        page.contains("href=\"chapter-1.html\""),
        "and links the chapter's page"
    );
    let chapter = std::fs::read_to_string(site.join("chapter-1.html")).unwrap();
    assert_eq!(chapter.matches("class=\"standard-id\"").count(), 5000);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.len() < 64 * 1024,
        "the title page lists chapters: {}",
        index.len()
    );
}

#[test]
fn the_sidebar_lists_the_whole_long_chapter_once_its_script_loads() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let dir = flat_book(300);
    let page = dir.path().join("site/std-150.html");
    browser.open(&format!("file://{}", page.display()));
    browser.wait_for("document.querySelectorAll('#sidebar .nav-section.open li').length > 250");
    let current = browser
        .eval("document.querySelector('#sidebar a[aria-current=page]').getAttribute('href')");
    assert_eq!(current, "std-150.html");
    assert_eq!(
        browser.eval("document.querySelector('#sidebar .nav-more').hidden"),
        true
    );
    assert_eq!(
        browser.eval("window.scrollY"),
        0,
        "the page itself stays at the top"
    );
}
