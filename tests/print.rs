//! `print.html`, the whole book on one page: printed by headless Chromium the
//! way a reader's "Save as PDF" does, then read back and rendered with poppler.

mod support;

use std::collections::HashSet;

use support::browser::Browser;
use support::poppler::{pages, poppler, render};

/// The example's print.html printed to PDF: (site folder, PDF path).
fn printed_example(browser: &mut Browser) -> (tempfile::TempDir, String) {
    let out = support::build_example();
    let page = out.path().join("site/print.html");
    browser.open(&format!("file://{}", page.display()));
    let pdf = out.path().join("print.pdf");
    browser.print_to_pdf(&pdf);
    let pdf = pdf.to_str().unwrap().to_string();
    (out, pdf)
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn print_html_prints_as_a_book_on_a4_with_running_heads() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let (out, pdf) = printed_example(&mut browser);
    let Some(info) = poppler("pdfinfo", &[&pdf]) else {
        return;
    };
    assert!(info.contains("(A4)"), "{info}");
    let pages = pages(&pdf).unwrap();
    let count = pages.iter().filter(|p| !p.trim().is_empty()).count();
    let html = std::fs::read_to_string(out.path().join("site/print.html")).unwrap();
    let standards = html.matches("<article class=\"standard\"").count();
    assert!(standards >= 10, "the example has its standards on the page");
    assert!(
        (standards..=standards * 5).contains(&count),
        "{count} pages for {standards} standards"
    );

    let head = format!(
        "Стандарты обслуживания клиентов · Версия {}",
        support::example_version()
    );
    let cover = squeeze(&pages[0]);
    assert!(cover.contains("Стандарты обслуживания клиентов"), "{cover}");
    assert!(
        cover.contains(&format!("Версия {}", support::example_version())),
        "{cover}"
    );
    assert!(
        !cover.contains("Страница"),
        "no page number on the cover: {cover}"
    );
    let contents = squeeze(&pages[1]);
    assert!(contents.starts_with(&head), "{contents}");
    assert!(contents.contains("Содержание"), "{contents}");
    assert!(
        contents.contains(&format!("Страница 2 из {count}")),
        "{contents}"
    );

    // Each chapter starts a page: its heading follows the running head.
    for chapter in [
        "1. Общие положения",
        "3. Стандарты общения",
        "Термины и определения",
    ] {
        let starts_a_page = pages.iter().skip(2).any(|page| {
            squeeze(page)
                .strip_prefix(&format!("{head} "))
                .is_some_and(|rest| rest.starts_with(chapter))
        });
        assert!(
            starts_a_page,
            "{chapter} starts a page after the running head"
        );
    }

    // Checklists print with their header's labels and a score line to fill in.
    let all = squeeze(&pages.join(" "));
    assert!(all.contains("Баллы: ______ / ______"), "score line printed");
    assert!(
        all.contains("Сотрудник (имя с бейджа)"),
        "header fields printed"
    );
}

#[test]
fn nothing_on_the_printed_pages_is_wider_than_the_page() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let (_out, pdf) = printed_example(&mut browser);
    let Some(rendered) = render(&pdf, 40) else {
        return;
    };
    // At 40 dpi the 18 mm side margins are 28 px; content that overflows the
    // text column runs into them (or off the sheet), so the outer 20 px of
    // every page must be blank.
    for (number, page) in rendered.iter().enumerate() {
        assert!(
            page.columns_blank(page.width - 20, page.width),
            "page {} has something in its right margin",
            number + 1
        );
        assert!(page.columns_blank(0, 20), "page {} left margin", number + 1);
    }
}

#[test]
fn links_in_print_html_stay_inside_the_page_and_name_their_target() {
    let out = support::build_example();
    let html = std::fs::read_to_string(out.path().join("site/print.html")).unwrap();
    let ids: HashSet<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let mut internal = 0;
    for href in html
        .split(" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
    {
        match href.strip_prefix('#') {
            Some(target) => {
                internal += 1;
                assert!(ids.contains(target), "#{target} has no target on the page");
            }
            None => assert!(
                href == "index.html" || href.starts_with("_static/") || href.starts_with("http"),
                "{href} leaves the page"
            ),
        }
    }
    assert!(
        internal > 50,
        "contents, terms and cross-references: {internal}"
    );
    // Links between standards carry the target's id, which print shows.
    assert!(
        html.contains("data-target=\"COM-01\"") && html.contains("data-target=\"GEN-02\""),
        "cross-references name their standard"
    );
    // Two standards may have headings of the same name; ids stay unique.
    let all_ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let unique: HashSet<&&str> = all_ids.iter().collect();
    assert_eq!(unique.len(), all_ids.len(), "duplicate ids on print.html");
}
