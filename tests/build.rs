//! Whole-book behaviour of `standbook build`: this book → these pages.

mod support;

use scraper::{Html, Selector};
use support::{Fixture, MINIMAL, text};

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn builds_every_page_and_prints_a_summary() {
    let book = Fixture::new(MINIMAL);
    let output = book.build();
    let summary = text(&output.stdout);
    assert!(
        summary.contains("Built 2 standards, 2 terms, 1 checklist ("),
        "{summary}"
    );
    for page in [
        "index.html",
        "gen-01.html",
        "gen-02.html",
        "glossary.html",
        "phrases.html",
        "appearance.html",
        "checklists.html",
        "checklist-shift.html",
        "404.html",
        "robots.txt",
    ] {
        assert!(book.out().join(page).is_file(), "{page} missing");
    }
}

#[test]
fn styles_and_scripts_are_named_by_their_content_and_pages_load_those_names() {
    let book = Fixture::minimal_with(&[("theme/static/style.css", "body { color: black; }")]);
    book.build();
    let style = book.static_path("style.css");
    let scripts = [
        "standbook.js",
        "search/search.js",
        "search/stem.js",
        "visits.js",
    ]
    .map(|name| book.static_path(name));
    for name in ["index.html", "gen-01.html", "404.html", "print.html"] {
        let page = book.page(name);
        assert!(
            page.contains(&format!("href=\"{style}\"")),
            "{name}: {style}"
        );
        if name != "print.html" {
            for script in &scripts {
                assert!(
                    page.contains(&format!("src=\"{script}\"")),
                    "{name}: {script}"
                );
            }
        }
    }
    assert!(!book.out().join("_static/style.css").exists());
    assert!(book.out().join("_static/icon.svg").is_file());
    assert!(
        book.page("phrases.html")
            .contains(&book.static_path("lint.js"))
    );

    // A new stylesheet is a new name, and the old one is gone with the old site.
    book.write("theme/static/style.css", "body { color: navy; }");
    book.build();
    let restyled = book.static_path("style.css");
    assert_ne!(restyled, style);
    assert!(book.page("index.html").contains(&restyled));
    assert_eq!(book.page(&restyled), "body { color: navy; }");
    assert_eq!(
        scripts.map(|s| s.clone()),
        [
            "standbook.js",
            "search/search.js",
            "search/stem.js",
            "visits.js"
        ]
        .map(|name| book.static_path(name)),
        "scripts that did not change keep their names"
    );
}

#[test]
fn search_files_carry_the_index_id_that_meta_names_and_change_with_the_text() {
    let book = Fixture::new(MINIMAL);
    book.build();
    let index_files = |book: &Fixture| -> (String, Vec<String>) {
        let meta = book.page("search/meta.js");
        let id = meta.split("\"id\":\"").nth(1).unwrap()[..16].to_string();
        let mut names: Vec<String> = std::fs::read_dir(book.out().join("search"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n != "meta.js")
            .collect();
        names.sort();
        (id, names)
    };
    let (id, names) = index_files(&book);
    assert!(names.iter().any(|n| n.starts_with("t0.")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("d0.")), "{names:?}");
    for name in &names {
        assert!(
            name.ends_with(&format!(".{id}.js")),
            "{name} is not of index {id}"
        );
    }
    book.build();
    assert_eq!(
        index_files(&book),
        (id.clone(), names),
        "same book, same names"
    );

    let text = book.page_source("01-general/01-scope.md");
    book.write(
        "01-general/01-scope.md",
        &format!("{text}\nНовый абзац о вежливости.\n"),
    );
    book.build();
    let (new_id, new_names) = index_files(&book);
    assert_ne!(new_id, id);
    assert!(
        new_names
            .iter()
            .all(|n| n.ends_with(&format!(".{new_id}.js"))),
        "{new_names:?}"
    );
}

#[test]
fn a_standard_page_shows_metadata_navigation_and_resolved_links() {
    let book = Fixture::new(MINIMAL);
    book.build();
    let page = Html::parse_document(&book.page("gen-01.html"));
    assert_eq!(texts(&page, "h1"), ["Область применения"]);
    // On a phone the standard comes first: one line of what a reader needs
    // (version, in force since, the date as Russian writes it), the rest folded.
    assert_eq!(
        texts(&page, ".meta-line"),
        ["Версия 1.0.0 · действует с 1 января 2026\u{202f}г."]
    );
    assert!(texts(&page, ".eyebrow")[0].contains("GEN-01"));
    let more = texts(&page, "details.meta-more .meta dd").join(" | ");
    assert!(more.contains("Дирекция"), "{more}");
    assert_eq!(
        texts(&page, ".sidebar a[aria-current=page]"),
        ["1.1 Область применения"]
    );
    assert_eq!(
        texts(&page, ".breadcrumbs li").first().map(String::as_str),
        Some("Главная")
    );
    let next = select(&page, ".pager a.next");
    assert_eq!(next[0].value().attr("href"), Some("gen-02.html"));
    let links: Vec<String> = select(&page, ".standard-body a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(|href| {
            percent_encoding::percent_decode_str(href)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    assert!(links.contains(&"gen-02.html#шаги".to_string()), "{links:?}");
    assert!(
        links.contains(&"glossary.html#term-тайный-покупатель".to_string()),
        "{links:?}"
    );
    assert_eq!(texts(&page, ".page-toc a"), ["Кому", "История изменений"]);
}

#[test]
fn terms_are_linked_once_per_section_in_any_word_form() {
    let book = Fixture::new(MINIMAL);
    book.build();
    let page = Html::parse_document(&book.page("gen-01.html"));
    let terms = select(&page, ".standard-body a.term");
    let words: Vec<String> = terms.iter().map(|a| a.text().collect()).collect();
    // «клиентов» is linked, the later «клиента» in the same section is not;
    // «Тайный покупатель» comes from the explicit [[…]] link.
    assert_eq!(
        words.iter().filter(|w| w.starts_with("клиент")).count(),
        1,
        "{words:?}"
    );
    assert_eq!(words[0], "клиентов");
    let tip = terms[0].value().attr("data-tip").unwrap();
    assert!(tip.contains("Тот, кто покупает"), "{tip}");
    assert!(
        texts(&page, "h2 a.term").is_empty(),
        "no term links inside headings"
    );
}

#[test]
fn embeds_and_task_lists_become_interactive_checklists() {
    let book = Fixture::new(MINIMAL);
    book.build();
    let page = Html::parse_document(&book.page("gen-01.html"));
    // Each box is labelled by its item's text, and a link in it adds no gap.
    assert_eq!(
        select(&page, ".standard-body li > label.task > input.check-item").len(),
        2
    );
    assert_eq!(
        texts(&page, ".standard-body li > label.task > .task-text"),
        ["Прочитал", "Понял"]
    );
    let checklist = select(&page, ".checklist[data-checklist=shift]");
    assert_eq!(checklist.len(), 1);
    assert_eq!(
        select(
            &page,
            ".checklist[data-checklist=shift] input.check-item[data-weight='2']"
        )
        .len(),
        1
    );
    let conflicts = Html::parse_document(&book.page("gen-02.html"));
    assert_eq!(
        texts(&conflicts, ".rule-forbidden .rule-phrase"),
        ["✗ Не говорите: «Это невозможно»"]
    );
    assert_eq!(texts(&conflicts, ".role h2"), ["Кассир"]);
    assert_eq!(select(&conflicts, ".table-wrap > table").len(), 1);
}

#[test]
fn glossary_is_alphabetical_with_anchors_and_see_also() {
    let book = Fixture::new(MINIMAL);
    book.build();
    let page = Html::parse_document(&book.page("glossary.html"));
    assert_eq!(texts(&page, ".letters a"), ["К", "Т"]);
    assert_eq!(select(&page, "#term-клиент").len(), 1);
    let see: Vec<&str> = select(&page, "#term-тайный-покупатель .see-also a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(see, ["glossary.html#term-клиент"]);
}

#[test]
fn book_strings_are_escaped_in_html() {
    let book = Fixture::minimal_with(&[(
        "terms.yaml",
        "terms:\n  - term: Клиент\n    definition: \"<script>alert(1)</script> & \\\"кавычки\\\"\"\n  - term: Тайный покупатель\n    definition: x\n",
    )]);
    book.build();
    let glossary = book.page("glossary.html");
    assert!(
        !glossary.contains("<script>alert(1)"),
        "definition must be escaped"
    );
    assert!(glossary.contains("&lt;script&gt;alert(1)"));
    let standard = book.page("gen-01.html");
    assert!(
        !standard.contains("<script>alert(1)"),
        "tooltip must be escaped"
    );
}

#[test]
fn ui_strings_follow_the_book_language() {
    let book = Fixture::minimal_with(&[(
        "standbook.yaml",
        "title: Книга\norganization: ТОВ «Тест»\nlanguage: uk\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../out\n",
    )]);
    book.build();
    let page = Html::parse_document(&book.page("gen-01.html"));
    assert_eq!(select(&page, "html[lang=uk]").len(), 1);
    assert!(texts(&page, ".history h2").contains(&"Історія змін".to_string()));
    // Dates and counts as Ukrainian writes them (CLDR).
    assert_eq!(
        texts(&page, ".meta-line"),
        ["Версія 1.0.0 · діє з 1 січня 2026\u{202f}р."]
    );
    let home = Html::parse_document(&book.page("index.html"));
    assert_eq!(
        texts(&home, ".counts li"),
        ["2 стандарти", "2 терміни", "1 чек-лист"]
    );
}

#[test]
fn sitemap_lists_pages_and_links_work_from_any_sub_path() {
    let book = Fixture::new(MINIMAL);
    book.build();
    // Sitemaps hold absolute addresses: without a `base_url` there is none.
    assert!(!book.out().join("sitemap.xml").exists());
    assert_eq!(book.page("robots.txt"), "User-agent: *\nAllow: /\n");
    for page in ["index.html", "gen-01.html", "glossary.html", "404.html"] {
        let html = book.page(page);
        assert!(
            !html.contains("href=\"/"),
            "{page} has a root-relative link"
        );
        assert!(
            !html.contains("src=\"/"),
            "{page} has a root-relative source"
        );
    }
}

#[test]
fn a_rebuild_replaces_the_previous_site_whole() {
    let book = Fixture::new(MINIMAL);
    book.build();
    std::fs::remove_file(book.book().join("01-general/02-conflicts.md")).unwrap();
    book.write(
        "01-general/01-scope.md",
        &MINIMAL[6].1.replace("[конфликты](@GEN-02#шаги) и ", ""),
    );
    book.build();
    assert!(
        !book.out().join("gen-02.html").exists(),
        "stale page left behind"
    );
    let leftovers: Vec<_> = std::fs::read_dir(book.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out."))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

#[test]
fn hidden_files_and_the_output_folder_inside_the_book_are_skipped() {
    let book = Fixture::minimal_with(&[
        (".drafts/broken.md", "not a standard"),
        ("01-general/.#01-scope.md", "editor lock file"),
        ("assets/notes.md", "not a standard either"),
        ("theme/templates/README.md", "theme notes"),
    ]);
    let out = book.book().join("_site");
    let output = book.run(&["build", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let again = book.run(&["build", "--out", out.to_str().unwrap()]);
    assert!(
        again.status.success(),
        "second build must not read its own output: {}",
        text(&again.stderr)
    );
}

#[test]
fn a_book_theme_overrides_single_files_and_strings() {
    let book = Fixture::minimal_with(&[
        ("theme/static/style.css", "body { color: rebeccapurple; }"),
        ("theme/locales/ru.yaml", "history: Журнал версий\n"),
        ("assets/logo.png", "png"),
    ]);
    book.build();
    assert_eq!(
        book.page(&book.static_path("style.css")),
        "body { color: rebeccapurple; }"
    );
    let page = Html::parse_document(&book.page("gen-01.html"));
    assert_eq!(texts(&page, ".history h2"), ["Журнал версий"]);
    assert_eq!(
        texts(&page, ".breadcrumbs li").first().map(String::as_str),
        Some("Главная"),
        "other strings stay"
    );
    assert!(
        book.out().join("assets/logo.png").is_file(),
        "assets are published"
    );
}

#[test]
fn a_broken_theme_template_is_reported_and_nothing_is_written() {
    let book = Fixture::minimal_with(&[(
        "theme/templates/standard.html",
        "{% extends \"base.html\" %}{% block content %}{{ standard.nope }}{% endblock content %}",
    )]);
    let output = book.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[E0402]"), "{stderr}");
    assert!(!book.out().exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_book_are_not_followed() {
    let book = Fixture::new(MINIMAL);
    let outside = book.dir.path().join("secret.md");
    std::fs::write(&outside, "---\nid: SEC-01\ntitle: Секрет\nversion: 1.0.0\neffective: 2026-01-01\nowner: X\n---\nСекрет\n").unwrap();
    std::os::unix::fs::symlink(&outside, book.book().join("01-general/03-secret.md")).unwrap();
    let output = book.run(&["build", "--verbose"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("symbolic link points outside the book"),
        "{}",
        text(&output.stderr)
    );
    assert!(!book.out().join("sec-01.html").exists());

    // Nor are links to folders outside the book.
    std::fs::create_dir_all(book.dir.path().join("elsewhere")).unwrap();
    std::fs::rename(&outside, book.dir.path().join("elsewhere/01-secret.md")).unwrap();
    std::fs::remove_file(book.book().join("01-general/03-secret.md")).unwrap();
    std::os::unix::fs::symlink(
        book.dir.path().join("elsewhere"),
        book.book().join("02-linked"),
    )
    .unwrap();
    let output = book.run(&["build", "--verbose"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("02-linked"),
        "{}",
        text(&output.stderr)
    );
    assert!(!book.out().join("sec-01.html").exists());
}

#[test]
fn a_term_wrapped_across_source_lines_is_still_linked() {
    let book = Fixture::minimal_with(&[(
        "01-general/02-conflicts.md",
        "---\nid: GEN-02\ntitle: Конфликты\nversion: 1.1.0\neffective: 2026-01-01\nowner: Дирекция\n---\n## Шаги\n\nВизит проводит тайный\nпокупатель раз в месяц.\n",
    )]);
    book.build();
    let page = Html::parse_document(&book.page("gen-02.html"));
    let terms: Vec<String> = texts(&page, ".standard-body a.term");
    assert_eq!(terms, ["тайный\nпокупатель"]);
}

/// The in-page links of `html` (`href="#x"`) that name no element's id.
fn dead_in_page_links(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("[id]").unwrap();
    let ids: std::collections::HashSet<&str> = document
        .select(&all)
        .filter_map(|e| e.value().id())
        .collect();
    let links = scraper::Selector::parse("a[href^='#']").unwrap();
    document
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| href.len() > 1 && !ids.contains(&href[1..]))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_checklist_id_in_capitals_is_linked_inside_the_print_page() {
    let book = Fixture::minimal_with(&[
        (
            "checklists/shift.yaml",
            "id: Caps-Demo\ntitle: Начало смены\nsections:\n  - title: Касса\n    items:\n      - Терминал проверен\n",
        ),
        (
            "01-general/01-scope.md",
            &MINIMAL[6].1.replace(
                "{{checklist id=shift}}",
                "[Смена](checklist-caps-demo.html)\n\n{{checklist id=Caps-Demo}}",
            ),
        ),
    ]);
    book.build();
    let print = book.page("print.html");
    assert!(
        print.contains("href=\"#print-checklist-caps-demo\""),
        "the link to the checklist stays on the page"
    );
    assert_eq!(dead_in_page_links(&print), Vec::<String>::new());
    assert!(
        book.page("gen-01.html")
            .contains("href=\"checklist-caps-demo.html\"")
    );
}

#[test]
fn an_email_autolink_is_a_mailto_link_not_a_missing_file() {
    let book = Fixture::minimal_with(&[(
        "01-general/01-scope.md",
        &MINIMAL[6].1.replace(
            "Каждого клиента встречаем.",
            "Каждого клиента встречаем. Вопросы: <quality@example.com>.",
        ),
    )]);
    book.build();
    assert!(
        book.page("gen-01.html")
            .contains("href=\"mailto:quality@example.com\""),
        "the address is a mailto link"
    );
}

#[test]
fn an_embed_under_a_heading_that_names_it_shows_no_second_title() {
    let book = Fixture::minimal_with(&[(
        "01-general/03-dress.md",
        "---\nid: GEN-03\ntitle: Внешний вид\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая редакция }\n---\n## Кассир\n\n{{appearance role=cashier}}\n\n## Перед сменой\n\n{{checklist id=shift}}\n",
    )]);
    book.build();
    let page = Html::parse_document(&book.page("gen-03.html"));
    let headings = texts(&page, ".standard-body h2");
    assert_eq!(
        headings.iter().filter(|h| h.starts_with("Кассир")).count(),
        1,
        "{headings:?}"
    );
    assert!(
        headings.iter().any(|h| h.starts_with("Начало смены")),
        "a heading that names something else keeps the embed's title: {headings:?}"
    );
    assert_eq!(select(&page, "#checklist-shift").len(), 1);
}

#[test]
fn a_ukrainian_banks_terms_link_in_every_form_and_explicit_links_resolve_through_stems() {
    let book = Fixture::new(&[
        (
            "standbook.yaml",
            "title: Стандарти банку\norganization: АТ «Банк»\nlanguage: uk\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../out\n",
        ),
        (
            "terms.yaml",
            "terms:\n  - term: Кредит\n    definition: Гроші в борг.\n  - term: Рахунок\n    definition: Де лежать гроші.\n  - term: Скарга\n    definition: Невдоволення клієнта.\n  - term: Відділення\n    definition: Офіс банку.\n  - term: Картка\n    definition: Платіжна картка.\n  - term: Позика\n    definition: Невеликий кредит.\n",
        ),
        ("01-main/chapter.yaml", "title: Основне\n"),
        (
            "01-main/01-service.md",
            "---\nid: SRV-01\ntitle: Обслуговування\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекція\n---\n## Кредити\n\nМи видаємо кредити.\n\n## Рахунки\n\nГроші на рахунку.\n\n## Скарги\n\nУ скарзі клієнт пише, що сталося.\n\n## Мережа\n\nУ нас багато відділень.\n\n## Картки\n\nНа картці є кошти.\n\n## Позики\n\nПро це у позиці.\n\n## Посилання\n\nДив. [[Скаргу]].\n",
        ),
    ]);
    let check = book.run(&["check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    book.build();
    let page = Html::parse_document(&book.page("srv-01.html"));
    let linked: Vec<(String, String)> = select(&page, ".standard-body a.term")
        .iter()
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default();
            (
                a.text().collect(),
                href.rsplit('#').next().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("кредити", "term-кредит"),
        ("рахунку", "term-рахунок"),
        ("скарзі", "term-скарга"),
        ("відділень", "term-відділення"),
        ("картці", "term-картка"),
        ("позиці", "term-позика"),
        ("Скаргу", "term-скарга"),
    ];
    for (word, anchor) in expected {
        assert!(
            linked.iter().any(|(w, a)| w == word && a == anchor),
            "«{word}» links to {anchor}: {linked:?}"
        );
    }
}

#[test]
fn pages_describe_themselves_and_a_base_url_gives_canonical_addresses_and_a_sitemap() {
    let book = Fixture::new(MINIMAL);
    book.write(
        "01-general/01-scope.md",
        &MINIMAL[6].1.replace(
            "owner: Дирекция\n",
            "owner: Дирекция\nsummary: Кого касается стандарт <и почему>.\n",
        ),
    );
    let output = book.run(&["build", "--base-url", "https://intranet.example/handbook"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page = Html::parse_document(&book.page("gen-01.html"));
    let meta = |css: &str| {
        select(&page, css)
            .first()
            .and_then(|e| e.value().attr("content").or(e.value().attr("href")))
            .map(str::to_string)
    };
    assert_eq!(
        meta("meta[name=description]").as_deref(),
        Some("Кого касается стандарт <и почему>.")
    );
    assert_eq!(
        meta("meta[property='og:title']").as_deref(),
        Some("Область применения")
    );
    assert_eq!(
        meta("link[rel=canonical]").as_deref(),
        Some("https://intranet.example/handbook/gen-01.html")
    );
    assert_eq!(
        meta("meta[property='og:url']").as_deref(),
        Some("https://intranet.example/handbook/gen-01.html")
    );
    let sitemap = book.page("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://intranet.example/handbook/gen-01.html</loc>"),
        "{sitemap}"
    );
    assert!(
        book.page("robots.txt")
            .contains("Sitemap: https://intranet.example/handbook/sitemap.xml"),
        "{}",
        book.page("robots.txt")
    );
    // Without a base_url: a description, no canonical link.
    book.build();
    let page = Html::parse_document(&book.page("gen-02.html"));
    assert!(select(&page, "link[rel=canonical]").is_empty());
    assert_eq!(select(&page, "meta[property='og:title']").len(), 1);
    // A --base-url that is not a web address is refused before anything is written.
    let bad = book.run(&["build", "--base-url", "javascript:alert(1)"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("http://"),
        "{}",
        text(&bad.stderr)
    );
}
