//! `standbook pdf`: the PDF is read back with poppler (`pdfinfo`, `pdftotext`,
//! `pdftohtml -xml` for the bookmarks) the way a reader's viewer would show it.

mod support;

use std::path::Path;

use support::poppler::{pages, poppler, render};
use support::{Fixture, example_book, standbook, text};

/// Writes the PDF of `book` with `args` into `dir` and returns its path.
fn pdf(book: &Path, dir: &Path, args: &[&str]) -> String {
    let out = dir.join("book.pdf");
    let mut all = vec![
        "pdf",
        "--book",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend(args);
    let output = standbook(&all, dir);
    assert!(output.status.success(), "{}", text(&output.stderr));
    out.to_str().unwrap().to_string()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The example book's standards: (number-less title) from their front matter.
fn example_titles() -> Vec<String> {
    support::example_files(&["md"])
        .into_iter()
        .filter_map(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            let line = source.lines().find(|l| l.starts_with("title:"))?;
            Some(line["title:".len()..].trim().trim_matches('"').to_string())
        })
        .collect()
}

#[test]
fn the_example_pdf_has_every_standard_and_contents_with_the_pages_they_begin_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = pdf(&example_book(), dir.path(), &[]);
    let Some(info) = poppler("pdfinfo", &[&file]) else {
        return;
    };
    assert!(info.contains("(A4)"), "{info}");
    assert!(info.contains("Title:           Стандарты обслуживания клиентов"));
    assert!(info.contains("Author:          ООО «Тёплый дом»"));
    let pages = pages(&file).unwrap();
    let whole = squeeze(&pages.join(" "));
    let titles = example_titles();
    assert!(titles.len() >= 10, "{titles:?}");
    for title in &titles {
        assert!(
            whole.contains(title.as_str()),
            "«{title}» is not in the PDF"
        );
    }
    // The contents: "2.1 Принципы клиентского сервиса . . . . 5", one line per standard.
    let entry = regex::Regex::new(r"^\s*(\d+\.\d+) (.+?)[ .]*\u{2060}?(\d+)\s*$").unwrap();
    let contents: Vec<(String, usize)> = pages[1]
        .lines()
        .filter_map(|line| entry.captures(line))
        .map(|c| (format!("{} {}", &c[1], c[2].trim()), c[3].parse().unwrap()))
        .collect();
    assert_eq!(contents.len(), titles.len(), "{}", pages[1]);
    for (heading, page) in &contents {
        let text = squeeze(&pages[page - 1]);
        assert!(
            text.contains(heading.as_str()),
            "the contents say «{heading}» begins on page {page}, which reads:\n{text}"
        );
    }
    // Page numbers and the version in the margins.
    let version = format!("Версия {}", support::example_version());
    assert!(squeeze(&pages[2]).contains(&version));
    assert!(squeeze(&pages[2]).contains(&format!("Страница 3 из {}", pages.len() - 1)));
}

#[test]
fn chapters_and_standards_are_nested_bookmarks() {
    let dir = tempfile::tempdir().unwrap();
    let file = pdf(&example_book(), dir.path(), &[]);
    let Some(xml) = poppler("pdftohtml", &["-xml", "-i", "-stdout", "-q", &file]) else {
        return;
    };
    let outline = &xml[xml.find("<outline>").expect("the PDF has bookmarks")..];
    let chapter = outline.find(">1. Общие положения</item>").unwrap();
    let nested = outline[chapter..].find("<outline>").unwrap() + chapter;
    let standard = outline
        .find(">1.1 Назначение и область применения</item>")
        .unwrap();
    assert!(chapter < nested && nested < standard, "{outline}");
}

/// A book with one standard full of characters Typst gives a meaning to.
fn tricky_book() -> Fixture {
    Fixture::minimal_with(&[(
        "01-general/02-tricky.md",
        "---\nid: GEN-09\ntitle: \"Знаки #1 $ @ \\\\ 'в' заголовке\"\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая редакция }\n---\n## Шаги\n\nЦена #tag и $x$ и 5 * 3 и @ref и a < b и путь C:\\temp\\new и #let x = 1 и \"кавычки\".\n\n`#set page(width: 1cm)` и ]) } конец.\n\n<div>Текст из HTML</div>\n",
    )])
}

#[test]
fn typst_syntax_in_the_text_prints_literally() {
    let book = tricky_book();
    let file = pdf(&book.book(), book.dir.path(), &["--only", "GEN-09"]);
    let Some(pages) = pages(&file) else {
        return;
    };
    let whole = squeeze(&pages.join(" "));
    for expected in [
        "Знаки #1 $ @ \\ 'в' заголовке",
        "Цена #tag и $x$ и 5 * 3 и @ref и a < b и путь C:\\temp\\new и #let x = 1",
        "#set page(width: 1cm) и ]) } конец.",
        "Текст из HTML",
    ] {
        assert!(whole.contains(expected), "«{expected}» is not in:\n{whole}");
    }
    // The raw HTML printed as text, with a warning at its line.
    let output = book.run(&["pdf", "-v", "--only", "GEN-09", "--out", "x.pdf"]);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("W0801"), "{stderr}");
    assert!(stderr.contains("01-general/02-tricky.md:16"), "{stderr}");
}

#[test]
fn only_prints_one_standard_or_checklist() {
    let book = tricky_book();
    let file = pdf(&book.book(), book.dir.path(), &["--only", "gen-01"]);
    let Some(pages) = pages(&file) else {
        return;
    };
    let whole = squeeze(&pages.join(" "));
    assert!(whole.contains("Область применения"));
    assert!(!whole.contains("Знаки"), "another standard is printed");
    assert!(
        !whole.contains("Содержание"),
        "a one-standard PDF has no contents"
    );
    let sheet = pdf(&book.book(), book.dir.path(), &["--only", "shift"]);
    let sheet = squeeze(&pages_of(&sheet).join(" "));
    assert!(sheet.contains("Начало смены"));
    assert!(sheet.contains("Размен на месте (×2)"));
    assert!(sheet.contains("Баллы: ______ / 3"), "{sheet}");
    // An unknown id is an error that says what to do, and writes nothing.
    let output = book.run(&["pdf", "--only", "NOPE-1", "--out", "nope.pdf"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no standard or checklist has the id `NOPE-1`"));
    assert!(!book.dir.path().join("nope.pdf").exists());
}

#[test]
fn an_audit_sheet_has_blanks_for_its_header_and_a_not_applicable_box_where_allowed() {
    let audit = "id: visit\ntitle: Визит\npass_score: 80\nnot_applicable: true\nfields:\n  - Магазин\n  - { label: Дата визита, type: date }\nsections:\n  - title: Встреча\n    items:\n      - { text: Поздоровался, weight: 2, not_applicable: false }\n      - { text: Предложил карту, hint: Только если была покупка }\n";
    let book = Fixture::minimal_with(&[("checklists/visit.yaml", audit)]);
    let file = pdf(&book.book(), book.dir.path(), &["--only", "visit"]);
    let Some(pages) = pages(&file) else {
        return;
    };
    let lines: Vec<String> = pages.join("\n").lines().map(squeeze).collect();
    let line = |start: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starts with «{start}»:\n{}", lines.join("\n")))
            .clone()
    };
    assert!(line("Магазин:").contains("Дата визита:"), "{lines:?}");
    // The greeting always applies: no box for «н/п» on its line; the card offer has one.
    assert_eq!(line("Поздоровался"), "Поздоровался (×2)");
    assert_eq!(line("Предложил карту"), "Предложил карту н/п");
    assert_eq!(line("Только если"), "Только если была покупка");
    let score = line("Баллы:");
    assert!(
        score.contains("/ ______ (пункты «н/п» не считаются; всего баллов: 3; порог 80 %)"),
        "{score}"
    );
    // The header has its own fields, so no second «Проверил / Дата» line.
    assert!(
        !lines.iter().any(|l| l.starts_with("Проверил")),
        "{lines:?}"
    );
}

#[test]
fn each_checklist_of_the_book_starts_a_page_to_be_printed_alone() {
    let second = "id: close\ntitle: Закрытие смены\nsections:\n  - title: Касса\n    items:\n      - Выручка сдана\n";
    let book = Fixture::minimal_with(&[("checklists/close.yaml", second)]);
    let file = pdf(&book.book(), book.dir.path(), &[]);
    let Some(pages) = pages(&file) else {
        return;
    };
    // The last page with the text: a standard embeds `shift` earlier in the book.
    let page_with = |text: &str| {
        pages
            .iter()
            .rposition(|p| p.contains(text))
            .unwrap_or_else(|| panic!("«{text}» is not printed"))
    };
    let (first, second) = (page_with("Терминал проверен"), page_with("Выручка сдана"));
    assert_ne!(first, second, "two checklists share a page");
    assert!(
        squeeze(&pages[second])
            .trim_start()
            .contains("Закрытие смены Касса"),
        "{}",
        pages[second]
    );
}

fn pages_of(pdf: &str) -> Vec<String> {
    pages(pdf).unwrap_or_default()
}

#[test]
fn paper_size_is_an_option() {
    let book = tricky_book();
    let file = pdf(&book.book(), book.dir.path(), &["--paper", "us-letter"]);
    let Some(info) = poppler("pdfinfo", &[&file]) else {
        return;
    };
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
}

#[test]
fn build_writes_the_pdf_into_the_site_when_the_book_asks_for_it() {
    let config = format!("{}pdf: true\npaper: a5\n", support::MINIMAL[0].1);
    let book = Fixture::minimal_with(&[("standbook.yaml", config.as_str())]);
    let output = book.build();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let file = book.out().join("book.pdf");
    assert!(file.is_file(), "build wrote book.pdf into the site");
    let home = std::fs::read_to_string(book.out().join("index.html")).unwrap();
    assert!(home.contains("href=\"book.pdf\""), "the site links its PDF");
    let file = file.to_str().unwrap();
    let Some(info) = poppler("pdfinfo", &[file]) else {
        return;
    };
    assert!(
        info.contains("419.528 x 595.276 pts"),
        "A5, the book's paper: {info}"
    );
    let text = squeeze(&pages(file).unwrap().join(" "));
    assert!(text.contains("Тестовая книга"), "{text}");

    // Without `pdf: true` the site has no PDF.
    let plain = Fixture::new(support::MINIMAL);
    assert!(plain.build().status.success());
    assert!(!plain.out().join("book.pdf").exists());
}

/// The minimal book with a second chapter whose standard links to the first's.
fn two_chapter_book(config_extra: &str) -> Fixture {
    let config = format!("{}{config_extra}", support::MINIMAL[0].1);
    Fixture::minimal_with(&[
        ("standbook.yaml", config.as_str()),
        ("02-service/chapter.yaml", "title: Обслуживание\n"),
        (
            "02-service/01-greeting.md",
            "---\nid: SRV-01\ntitle: Приветствие\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая редакция приветствия }\n---\nЗдороваемся первыми, см. [конфликты](@GEN-02) и [[Клиент]].\n",
        ),
    ])
}

#[test]
fn parts_print_only_what_is_asked_for_in_book_order() {
    let book = two_chapter_book("");
    let parts = ["--parts", "changes,checklists,02-service"];
    let file = pdf(&book.book(), book.dir.path(), &parts);
    let Some(pages) = pages(&file) else {
        return;
    };
    let first = squeeze(&pages[0]);
    assert!(
        first.contains("Страница 1 из"),
        "without a cover the first page is numbered: {first}"
    );
    assert!(!first.contains("ООО «Тест»"), "no cover: {first}");
    let whole = squeeze(&pages.join(" "));
    assert!(!whole.contains("Содержание"), "no contents: {whole}");
    let positions: Vec<usize> = ["Приветствие", "Начало смены", "Первая редакция приветствия"]
        .iter()
        .map(|part| {
            whole
                .find(part)
                .unwrap_or_else(|| panic!("{part} missing: {whole}"))
        })
        .collect();
    assert!(
        positions.is_sorted(),
        "book order: {positions:?} in {whole}"
    );
    for left_out in ["Стандарт для всех", "Это невозможно", "Фирменная рубашка"]
    {
        assert!(!whole.contains(left_out), "{left_out} printed: {whole}");
    }
    // The change log lists changes to standards left out too, without a link.
    assert!(whole.contains("Шаги"), "{whole}");

    // A name that is neither a part nor a chapter says which are.
    let output = book.run(&["pdf", "--parts", "standards,glosary", "--out", "x.pdf"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("`glosary` is neither a part"), "{stderr}");
    assert!(stderr.contains("glossary, phrases"), "{stderr}");
    assert!(stderr.contains("01-general, 02-service"), "{stderr}");
    assert!(!book.dir.path().join("x.pdf").exists());
}

#[test]
fn the_book_chooses_its_printed_parts_for_print_html_and_the_pdf() {
    let book = two_chapter_book("pdf: true\nprint: [02-service, glossary]\n");
    book.build();
    let html = book.page("print.html");
    assert!(html.contains("id=\"srv-01\""), "the chapter is printed");
    assert!(!html.contains("id=\"gen-01\""), "the other chapter is not");
    assert!(!html.contains("class=\"cover\""), "no cover");
    assert!(!html.contains("print-contents"), "no contents");
    assert!(html.contains("id=\"print-glossary\""));
    assert!(!html.contains("id=\"print-checklists\""));
    // Links to what the page leaves out go to the site's pages; to what it has, inside it.
    assert!(html.contains("href=\"gen-02.html\""), "{html}");
    assert!(html.contains("href=\"#term-"), "{html}");
    let Some(pages) = pages(book.out().join("book.pdf").to_str().unwrap()) else {
        return;
    };
    let whole = squeeze(&pages.join(" "));
    assert!(whole.contains("Приветствие") && whole.contains("Тайный покупатель"));
    assert!(!whole.contains("Область применения"), "{whole}");

    // A misspelt part is an error at its place in standbook.yaml.
    let bad = two_chapter_book("print: [02-service, glosary]\n");
    let output = bad.run(&["check"]);
    assert!(!output.status.success());
    let stdout = text(&output.stdout);
    assert!(stdout.contains("`glosary` in `print:`"), "{stdout}");
    assert!(stdout.contains("standbook.yaml:7:21"), "{stdout}");
}

/// A dark square as SVG: on a rendered page it is a block of black pixels.
const SQUARE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"300\"><rect width=\"300\" height=\"300\" fill=\"#000\"/></svg>";

#[test]
fn images_from_the_book_are_shown_and_others_print_their_description() {
    let book = Fixture::minimal_with(&[
        ("assets/square.svg", SQUARE),
        ("assets/old.bmp", "BM not really"),
        (
            "01-general/03-pictures.md",
            "---\nid: GEN-03\ntitle: Картинки\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая редакция }\n---\nВитрина:\n\n![Схема витрины](../assets/square.svg)\n\nЗначок ![квадрат](../assets/square.svg) в строке.\n\n![Фото из сети](https://example.com/photo.png)\n\n![Старый формат](../assets/old.bmp)\n",
        ),
    ]);
    let file = pdf(&book.book(), book.dir.path(), &["--only", "GEN-03"]);
    let Some(pages) = render(&file, 40) else {
        return;
    };
    let page = &pages[0];
    let black = page.pixels.iter().filter(|&&p| p < 40).count();
    // The square is as wide as the text at most; text alone is far from
    // making a tenth of the page black.
    assert!(
        black * 10 > page.pixels.len(),
        "the picture is on the page: {black} of {} pixels black",
        page.pixels.len()
    );
    let printed = squeeze(&pages_of(&file).join(" "));
    assert!(printed.contains("Фото из сети"), "{printed}");
    assert!(printed.contains("Старый формат"), "{printed}");
    assert!(
        !printed.contains("Схема витрины"),
        "a shown picture is not described: {printed}"
    );

    let output = book.run(&["pdf", "-v", "--only", "GEN-03", "--out", "x.pdf"]);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("an image from the web is not printed"),
        "{stderr}"
    );
    assert!(stderr.contains("01-general/03-pictures.md:16"), "{stderr}");
    assert!(stderr.contains("PNG, JPEG, GIF, WebP and SVG"), "{stderr}");
    assert!(stderr.contains("01-general/03-pictures.md:18"), "{stderr}");
}

#[test]
fn an_image_typst_cannot_read_is_an_error_at_its_line_and_writes_nothing() {
    let book = Fixture::minimal_with(&[
        ("assets/broken.png", "not a picture"),
        (
            "01-general/03-broken.md",
            "---\nid: GEN-03\ntitle: Битая картинка\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая редакция }\n---\nТекст.\n\n![Схема](../assets/broken.png)\n",
        ),
    ]);
    let output = book.run(&["pdf", "--out", "book.pdf"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("E0802"), "{stderr}");
    assert!(stderr.contains("failed to decode image"), "{stderr}");
    assert!(stderr.contains("01-general/03-broken.md:12"), "{stderr}");
    assert!(!book.dir.path().join("book.pdf").exists());
}

#[test]
fn typst_code_in_any_field_of_any_file_prints_as_text() {
    let code = "#upper[zq] #panic(0)";
    let config = format!(
        "title: \"Книга {code}\"\norganization: \"ООО {code}\"\ndescription: \"Описание {code}\"\nlanguage: ru\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../out\n"
    );
    let terms = format!(
        "terms:\n  - term: \"Термин {code}\"\n    definition: \"Определение {code}\"\n  - term: Тайный покупатель\n    definition: Проверяющий.\n"
    );
    let phrases = format!(
        "rules:\n  - phrase: \"Фраза {code}\"\n    level: forbidden\n    category: \"Категория {code}\"\n    instead: [\"Вместо {code}\"]\n    why: \"Причина {code}\"\n"
    );
    let appearance = format!(
        "roles:\n  - id: cashier\n    title: \"Кассир {code}\"\n    areas:\n      - area: \"Одежда {code}\"\n        required: [\"Рубашка {code}\"]\n"
    );
    let checklist = format!(
        "id: shift\ntitle: \"Смена {code}\"\nnot_applicable: true\nfields: [\"Поле {code}\"]\nsections:\n  - title: \"Касса {code}\"\n    items:\n      - {{ text: \"Пункт {code}\", hint: \"Подсказка {code}\" }}\n"
    );
    let book = Fixture::minimal_with(&[
        ("standbook.yaml", &config),
        ("terms.yaml", &terms),
        ("phrases.yaml", &phrases),
        ("appearance.yaml", &appearance),
        ("checklists/shift.yaml", &checklist),
    ]);
    let file = pdf(&book.book(), book.dir.path(), &[]);
    let Some(pages) = pages(&file) else {
        return;
    };
    let whole = squeeze(&pages.join(" "));
    assert!(
        !whole.contains("ZQ"),
        "Typst ran book text as code:\n{whole}"
    );
    for field in [
        "Книга",
        "ООО",
        "Описание",
        "Термин",
        "Определение",
        "Фраза",
        "Вместо",
        "Причина",
        "Одежда",
        "Рубашка",
        "Смена",
        "Касса",
        "Пункт",
        "Поле",
        "Подсказка",
    ] {
        let expected = format!("{field} {code}");
        assert!(
            whole.contains(&expected),
            "«{expected}» is not in:\n{whole}"
        );
    }
}

/// A standard with footnotes whose labels are also words of its text and a heading.
fn footnote_book() -> Fixture {
    Fixture::minimal_with(&[(
        "01-general/03-law.md",
        "---\nid: GEN-07\ntitle: Права покупателя\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая редакция }\n---\n## Закон\n\nПокупатель вправе вернуть товар[^закон] в срок[^срок], снова по закону[^закон].\n\n[^срок]: Четырнадцать дней, не считая дня покупки.\n\n## Дальше\n\n- [x] Ознакомлен с [законом](03-law.md)\n- [ ] Сдал зачёт\n\nТекст после сносок.\n\n[^закон]: Закон о защите прав потребителей.\n",
    )])
}

#[test]
fn footnotes_are_numbered_alike_on_the_page_the_print_page_and_the_pdf() {
    let book = footnote_book();
    book.build();
    for (page, prefix) in [("gen-07.html", ""), ("print.html", "gen-07--")] {
        let html = scraper::Html::parse_document(&book.page(page));
        let refs = texts(&html, "sup.footnote-ref a");
        assert_eq!(refs, ["1", "2", "1"], "{page}: numbered by first reference");
        let notes: Vec<String> = texts(&html, "section.footnotes li")
            .iter()
            .map(|t| squeeze(t))
            .collect();
        assert_eq!(notes.len(), 2, "{page}: {notes:?}");
        assert!(notes[0].starts_with("Закон о защите") && notes[1].starts_with("Четырнадцать"));
        // At the end of the standard, after its last section, with links both ways.
        let body = book.page(page);
        assert!(body.find("Текст после сносок") < body.find("class=\"footnotes\""));
        let note = format!("id=\"{prefix}fn:1\"");
        let back = format!("href=\"#{prefix}fnref:1\"");
        assert!(body.contains(&note) && body.contains(&back), "{page}");
        // The label is not an id: `## Закон` keeps its own.
        assert_eq!(
            body.matches("id=\"закон\"").count(),
            usize::from(prefix.is_empty())
        );
    }
    let file = pdf(&book.book(), book.dir.path(), &["--only", "GEN-07"]);
    let Some(pages) = pages(&file) else {
        return;
    };
    let whole = squeeze(&pages.join(" "));
    assert!(
        !whole.contains("закон закон"),
        "labels are not printed: {whole}"
    );
    assert!(
        whole.contains("товар1 в срок2, снова по закону1."),
        "{whole}"
    );
    assert!(
        whole.contains("1Закон о защите прав потребителей."),
        "{whole}"
    );
    assert!(whole.contains("2Четырнадцать дней"), "{whole}");
    assert!(
        whole.contains("Действует с 1 января 2026 г."),
        "dates as Russian writes them: {whole}"
    );
    assert!(
        whole.contains("✓ Ознакомлен с законом"),
        "a ticked task prints ticked: {whole}"
    );
    assert_eq!(whole.matches("Закон о защите").count(), 1, "{whole}");
}

fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(css).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn a_chain_of_thousands_of_footnotes_prints_a_few_levels_and_says_so() {
    let mut body = String::from("Начало[^n0].\n\n");
    for i in 0..3000 {
        body.push_str(&format!("[^n{i}]: Сноска {i}, дальше[^n{}].\n", i + 1));
    }
    let book = Fixture::minimal_with(&[(
        "01-general/03-chain.md",
        &format!(
            "---\nid: GEN-08\ntitle: Цепочка\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - {{ version: 1.0.0, date: 2026-01-01, summary: Первая редакция }}\n---\n{body}"
        ),
    )]);
    let output = book.run(&["pdf", "-v", "--only", "GEN-08", "--out", "chain.pdf"]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("inside other footnotes"), "{stderr}");
    let file = book.dir.path().join("chain.pdf");
    let Some(pages) = pages(file.to_str().unwrap()) else {
        return;
    };
    let whole = squeeze(&pages.join(" "));
    assert!(whole.contains("Сноска 2, дальше[^n3]"), "{whole}");
}
