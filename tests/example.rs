//! The example book in `standards/` and the book `standbook init` scaffolds:
//! both build, and every internal link and anchor of their sites resolves.

mod support;

use std::collections::HashSet;
use std::path::Path;

use scraper::{Html, Selector};

/// Every `href`/`src` in every page that points inside the site must name an
/// existing file, and every `#anchor` an element id on the target page.
fn assert_links_resolve(site: &Path) {
    let pages: Vec<_> = std::fs::read_dir(site)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    assert!(pages.len() > 5, "too few pages in {}", site.display());
    let ids = |page: &Path| -> HashSet<String> {
        let html = Html::parse_document(&std::fs::read_to_string(page).unwrap());
        html.select(&Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect()
    };
    let links = Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
    let mut checked = 0;
    for page in &pages {
        let html = Html::parse_document(&std::fs::read_to_string(page).unwrap());
        for element in html.select(&links) {
            let value = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            if value.contains("://") || value.starts_with("mailto:") || value.starts_with("tel:") {
                continue;
            }
            let decoded = percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned();
            let (file, anchor) = decoded.split_once('#').unwrap_or((&decoded, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                site.join(file)
            };
            assert!(
                target.is_file(),
                "{}: link to missing {value}",
                page.display()
            );
            // A redline page's fragment names the pair of versions it shows.
            let pair = file.ends_with(".redline.html") && anchor.contains("..");
            if !anchor.is_empty() && !pair {
                assert!(
                    ids(&target).contains(anchor),
                    "{}: no #{anchor} in {file}",
                    page.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn every_internal_link_of_the_example_book_resolves() {
    let out = support::build_example();
    assert_links_resolve(&out.path().join("site"));
}

#[test]
fn the_example_book_has_the_content_a_real_book_needs() {
    let out = support::build_example();
    let site = out.path().join("site");
    let glossary = std::fs::read_to_string(site.join("glossary.html")).unwrap();
    let terms = Html::parse_document(&glossary)
        .select(&Selector::parse(".term-entry").unwrap())
        .count();
    assert!(terms >= 25, "{terms} terms");
    let phrases =
        Html::parse_document(&std::fs::read_to_string(site.join("phrases.html")).unwrap());
    let forbidden = phrases
        .select(&Selector::parse(".rule-forbidden").unwrap())
        .count();
    let care = phrases
        .select(&Selector::parse(".rule-care").unwrap())
        .count();
    assert!(
        forbidden >= 22 && care >= 3,
        "{forbidden} forbidden, {care} with care"
    );
    let appearance =
        Html::parse_document(&std::fs::read_to_string(site.join("appearance.html")).unwrap());
    assert!(
        appearance
            .select(&Selector::parse("section.role").unwrap())
            .count()
            >= 3
    );
    for checklist in ["complaint", "mystery-shopper", "shift-start"] {
        assert!(
            site.join(format!("checklist-{checklist}.html")).is_file(),
            "{checklist}"
        );
    }
    let vip = std::fs::read_to_string(site.join("com-05.html")).unwrap();
    assert!(
        vip.contains("banner-upcoming"),
        "a standard effective in the future is marked upcoming"
    );
}

#[test]
fn init_scaffolds_a_book_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let created = support::standbook(&["init", "my-book"], dir.path());
    assert!(
        created.status.success(),
        "{}",
        support::text(&created.stderr)
    );
    let built = support::standbook(&["build", "--book", "my-book"], dir.path());
    assert!(built.status.success(), "{}", support::text(&built.stderr));
    let site = dir.path().join("book-output");
    let welcome = std::fs::read_to_string(site.join("bas-01.html")).unwrap();
    for feature in [
        "class=\"term\"",
        "check-item",
        "data-checklist=\"opening\"",
        "rule-forbidden",
        "role-front-desk",
    ] {
        assert!(
            welcome.contains(feature),
            "the starter book shows {feature}"
        );
    }
    assert_links_resolve(&site);
    let again = support::standbook(&["init", "my-book"], dir.path());
    assert_eq!(
        again.status.code(),
        Some(2),
        "init refuses a folder that is not empty"
    );
}
