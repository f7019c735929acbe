//! Fuzzing on a stable toolchain: structure-aware inputs drawn with
//! `arbitrary` from random bytes — a dictionary of each format's syntax
//! (front matter keys, Markdown and our dialect, HTML, Typst, YAML, regex),
//! Cyrillic words and odd characters, mixed with pieces of the seed corpus in
//! `fuzz/corpus/<target>/` — and run through the library inside
//! `catch_unwind`. A panic, or an input that takes over a second, is saved
//! in `fuzz/findings/<target>/` with its seed, so `tests/fuzz.rs` can replay
//! it once it is fixed and moved to the corpus.
//!
//! `cargo run --release --example fuzz -- [TARGET|all] [EXECUTIONS] [SEED]`
//! Targets: standard, data, config, phrases, lint, words.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arbitrary::Unstructured;
use standbook::config;
use standbook::language::Language;
use standbook::source::{SourceFile, SourceKind, SourceTree};

/// Every fuzz target by name.
pub const TARGETS: &[&str] = &["standard", "data", "config", "phrases", "lint", "words"];

const CONFIG: &str =
    "title: Книга\norganization: ООО «Тест»\nlanguage: ru\nversion: 1.0.0\neffective: 2026-01-01\n";
const TERMS: &str = "terms:\n  - term: Клиент\n    definition: Тот, кто покупает.\n  - term: Тайный покупатель\n    definition: Проверяющий.\n    see: [Клиент]\n";
const PHRASES: &str = "rules:\n  - phrase: Это невозможно\n    level: forbidden\n    instead: [Давайте посмотрим]\n    why: Обрывает разговор.\n  - phrase: 'вы\\s+должны'\n    level: care\n    match: regex\n    why: Звучит как приказ.\n";
const APPEARANCE: &str = "roles:\n  - id: cashier\n    title: Кассир\n    areas:\n      - area: Одежда\n        required: [Рубашка]\n";
const CHECKLIST: &str = "id: shift\ntitle: Смена\npass_score: 80\nsections:\n  - title: Касса\n    items:\n      - Терминал\n      - text: Размен\n        weight: 2\n";
const STANDARD: &str = "---\nid: GEN-01\ntitle: Встреча\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая }\n---\n## Кому\n\nКлиента встречаем. См. [[Клиент]] и [тут](@GEN-01#кому).\n\n- [ ] Прочитал\n\n{{checklist id=shift}}\n";

/// Pieces of syntax each target's inputs are built from.
fn dictionary(target: &str) -> &'static [&'static str] {
    const MARKDOWN: &[&str] = &[
        "\n",
        "\n\n",
        "## ",
        "# ",
        "###### ",
        "- ",
        "- [ ] ",
        "- [x] ",
        "1. ",
        "> ",
        "```\n",
        "`",
        "**",
        "*",
        "_",
        "~~",
        "[",
        "]",
        "(",
        ")",
        "](",
        "[[",
        "]]",
        "|",
        "@GEN-01",
        "#кому",
        "{#",
        "}",
        " .cls",
        " onclick=x",
        "{{phrases}}",
        "{{checklist id=shift}}",
        "{{appearance role=cashier}}",
        "{{checklist}}",
        "{{",
        "}}",
        "<details>",
        "</details>",
        "<summary>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<textarea>",
        "<a href=\"",
        "javascript:alert(1)",
        "data:text/html,",
        "\" onerror=\"",
        "<img src=",
        "<br>",
        "<table><tr><td>",
        "| a | b |\n|---|---|\n",
        "[^1]",
        "[^1]: ",
        "![",
        "../assets/",
        "glossary.html",
        "checklist-shift.html",
        "\\",
        "&amp;",
        "&#0;",
        "\0",
        "\u{feff}",
        "\u{202e}",
        "\r\n",
        "\t",
        "#",
        "$",
        "@",
        "=",
        "*[",
        "#let x = 1",
        "#panic(0)",
        "#upper[",
        "\"",
        "'",
        "«",
        "»",
        "—",
        "…",
        "ё",
        "Клиент",
        "клиентами",
        "невозможно",
        "🙂",
        "<standbook-slot data-slot=\"0-0\">",
        "</standbook-slot>",
        "{",
        "}",
        ":",
        "---\n",
    ];
    const YAML: &[&str] = &[
        "\n",
        "  ",
        "    ",
        "- ",
        ": ",
        ":",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "&a ",
        "*a",
        "!!str ",
        "!!binary ",
        "|\n",
        ">\n",
        "~",
        "null",
        "true",
        "-1",
        "1e9",
        "4294967296",
        "0x10",
        "2026-02-30",
        "2026-01-01",
        "1.0.0",
        "v1",
        "terms:",
        "rules:",
        "roles:",
        "sections:",
        "items:",
        "term:",
        "definition:",
        "aliases:",
        "see:",
        "phrase:",
        "level:",
        "forbidden",
        "care",
        "match:",
        "regex",
        "exact",
        "stem",
        "exceptions:",
        "instead:",
        "why:",
        "category:",
        "gap:",
        "id:",
        "title:",
        "areas:",
        "area:",
        "required:",
        "allowed:",
        "not_allowed:",
        "text:",
        "weight:",
        "wieght:",
        "hint:",
        "pass_score:",
        "order:",
        "standards:",
        "description:",
        "\t",
        "\u{feff}",
        "\0",
        "<<: *a",
        "? ",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "Клиент",
        "ё",
        "\\",
        "(a+)+$",
        "(?i:",
    ];
    const CONFIG_KEYS: &[&str] = &[
        "title: ",
        "organization: ",
        "language: ",
        "ru",
        "uk",
        "en",
        "de",
        "version: ",
        "1.0.0",
        "effective: ",
        "2026-01-01",
        "output: ",
        "../out",
        "/",
        "theme: ",
        "/etc",
        "../x",
        "logo: ",
        "assets/logo.svg",
        "base_url: ",
        "https://x.example/",
        "javascript:alert(1)",
        "paper: ",
        "a4",
        "us-letter",
        "pdf: ",
        "true",
        "print: ",
        "[glossary, checklists]",
        "raw_html: ",
        "trust",
        "sanitize",
        "changes: ",
        "\n  - { version: 1.0.0, date: 2026-01-01, summary: x }",
        "description: ",
        "\n",
        "\"",
        "'",
        ":",
        "#",
        "\u{feff}",
        "[",
        "]",
        "{",
        "}",
        "- ",
        "  ",
    ];
    const REGEX: &[&str] = &[
        "(",
        ")",
        "(?:",
        "(?i)",
        "(?i:",
        "(?x)",
        "(?P<a>",
        "(?<a>",
        "[",
        "]",
        "[^",
        "[[:alpha:]]",
        "&&",
        "--",
        "\\b",
        "\\B",
        "\\w",
        "\\W",
        "\\d",
        "\\s",
        "\\pL",
        "\\p{L}",
        "\\p{Greek}",
        "\\p{Script=Cyrillic}",
        "\\A",
        "\\z",
        "\\x{44F}",
        "\\u0451",
        "\\#",
        "\\-",
        ".",
        "*",
        "+",
        "?",
        "{2,3}",
        "{9999999}",
        "|",
        "^",
        "$",
        "а-я",
        "ё",
        "невозможно",
        "вы",
        " ",
        "\\",
        "*?",
        "{,}",
    ];
    const TEXT: &[&str] = &[
        " ",
        "\n",
        "\n\n",
        ". ",
        "! ",
        "? ",
        "…",
        ",",
        "-",
        "—",
        "'",
        "’",
        "ʼ",
        "Это",
        "невозможно",
        "НЕВОЗМОЖНО",
        "вы",
        "должны",
        "Вы,",
        "конечно,",
        "клиент",
        "клиентами",
        "ёлка",
        "Ёлка",
        "їжак",
        "ґанок",
        "знаю",
        "client",
        "must",
        "x",
        "🙂",
        "\u{301}",
        "\u{200d}",
        "\0",
        "\r\n",
        "a",
        "aaaaaaaaaa",
        "123",
        "١٢٣",
        "ǅ",
        "ß",
        "İ",
        "ﬁ",
        "\u{feff}",
    ];
    match target {
        "standard" => MARKDOWN,
        "data" | "phrases" => YAML,
        "config" => CONFIG_KEYS,
        "lint" => REGEX,
        _ => TEXT,
    }
}

/// What one input is made of: `bytes` drives every choice.
fn generate(target: &str, bytes: &[u8], seeds: &[String]) -> String {
    let mut u = Unstructured::new(bytes);
    let words = dictionary(target);
    let mut out = match seeds.is_empty() {
        true => String::new(),
        false => seeds[u.choose_index(seeds.len()).unwrap_or(0)].clone(),
    };
    let edits = u.int_in_range(0..=24u8).unwrap_or(0);
    for _ in 0..edits {
        let at = floor(&out, u.int_in_range(0..=out.len()).unwrap_or(0));
        match u.int_in_range(0..=5u8).unwrap_or(0) {
            0..=2 => out.insert_str(at, words[u.choose_index(words.len()).unwrap_or(0)]),
            3 => {
                let end = floor(&out, at + u.int_in_range(0..=40usize).unwrap_or(0));
                out.replace_range(at..end.max(at), "");
            }
            4 => {
                let c = u.arbitrary::<char>().unwrap_or('x');
                out.insert(at, c);
            }
            _ => {
                let end = floor(
                    &out,
                    (at + u.int_in_range(0..=64usize).unwrap_or(0)).min(out.len()),
                );
                let piece = out[at..end.max(at)].to_string();
                let times = u.int_in_range(1..=8usize).unwrap_or(1);
                out.insert_str(at, &piece.repeat(times));
            }
        }
    }
    out
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn file(path: &str, kind: SourceKind, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        kind,
        text: Arc::from(text),
        unchanged: false,
    }
}

/// A book in memory with `replace`d files; loaded, checked, every standard
/// rendered to HTML and to Typst markup, and its search records made.
fn run_book(replace: &[(&str, SourceKind, &str)], config_text: &str) {
    let Ok(config) = config::parse(config_text) else {
        return;
    };
    let mut files = vec![
        file("terms.yaml", SourceKind::Terms, TERMS),
        file("phrases.yaml", SourceKind::Phrases, PHRASES),
        file("appearance.yaml", SourceKind::Appearance, APPEARANCE),
        file("checklists/shift.yaml", SourceKind::Checklist, CHECKLIST),
        file("01-a/01-gen.md", SourceKind::Standard, STANDARD),
    ];
    for (path, kind, text) in replace {
        files.retain(|f| f.path != Path::new(path));
        files.push(file(path, *kind, text));
    }
    let tree = SourceTree {
        files,
        diagnostics: Vec::new(),
    };
    let language = config.language;
    let (book, _) = standbook::model::assemble(
        Path::new("/nonexistent-book"),
        config,
        tree,
        &mut Default::default(),
    );
    let _ = standbook::check::check(&book);
    let _ = standbook::check::thorough(&book);
    let theme = theme(language);
    let history = standbook::history::History::default();
    let renderer = standbook::render::Renderer::new(&book, theme, &history);
    for standard in &book.standards {
        let _ = standbook::render::body::render_body(&renderer, standard);
        let _ = standbook::search::records::standard_records(standard);
        for range in &standard.raw_html {
            let _ = standbook::markdown::html::findings(&standard.body()[range.clone()]);
        }
    }
    let _ = standbook::search::records::data_records(&book);
    let parts = standbook::model::parts::Parts::of_book(&book);
    let job = standbook::print::markup::PrintJob {
        only: None,
        parts,
        release: None,
        paper: book.config.paper,
        drafts: Vec::new(),
    };
    let _ = standbook::print::markup::book_markup(&book, &theme.strings, &job);
}

fn theme(language: Language) -> &'static standbook::theme::Theme {
    use std::sync::OnceLock;
    static THEMES: OnceLock<BTreeMap<&'static str, standbook::theme::Theme>> = OnceLock::new();
    let themes = THEMES.get_or_init(|| {
        [Language::Ru, Language::Uk, Language::En]
            .into_iter()
            .map(|l| {
                (
                    l.tag(),
                    standbook::theme::Theme::load(None, l).expect("default theme"),
                )
            })
            .collect()
    });
    &themes[language.tag()]
}

/// Runs one input through `target`.
pub fn run(target: &str, input: &str) {
    match target {
        "standard" => run_book(&[("01-a/02-fuzz.md", SourceKind::Standard, input)], CONFIG),
        "data" => {
            // The kind of file the input is read as follows from its text, so
            // a saved input replays the same way.
            let kinds = [
                ("terms.yaml", SourceKind::Terms),
                ("appearance.yaml", SourceKind::Appearance),
                ("checklists/shift.yaml", SourceKind::Checklist),
                ("01-a/chapter.yaml", SourceKind::Chapter),
            ];
            let (path, kind) = kinds[(fxhash(input) % 4) as usize];
            run_book(&[(path, kind, input)], CONFIG);
        }
        "config" => run_book(&[], input),
        "phrases" => run_book(&[("phrases.yaml", SourceKind::Phrases, input)], CONFIG),
        "lint" => {
            let rules = format!(
                "rules:\n  - phrase: {}\n    level: forbidden\n    match: regex\n    why: x\n",
                serde_json::to_string(input).unwrap_or_default()
            );
            let Ok(file) = standbook::model::phrases::parse(Path::new("phrases.yaml"), &rules)
            else {
                return;
            };
            if let Ok(rules) = standbook::language::phrases::Rules::new(
                &file.rules,
                Language::Ru,
                (Path::new("p"), &rules),
            ) {
                let _ = rules.find("Это невозможно, вы должны. aaaaaaaaaaaaaaaa! ёлка");
            }
        }
        _ => {
            let _ = standbook::language::words(input);
            for language in [Language::Ru, Language::Uk, Language::En] {
                let stemmer = standbook::language::WordStemmer::new(language);
                for (_, word) in standbook::language::words(input) {
                    let _ = stemmer.stem(word);
                }
                standbook::search::index::for_each_term(input, &stemmer, |_| {});
            }
            if let Ok(Some(rules)) = example_rules() {
                let _ = rules.find(input);
            }
        }
    }
}

fn example_rules() -> Result<Option<&'static standbook::language::phrases::Rules>, ()> {
    use std::sync::OnceLock;
    static RULES: OnceLock<Option<standbook::language::phrases::Rules>> = OnceLock::new();
    Ok(RULES
        .get_or_init(|| {
            let file = standbook::model::phrases::parse(Path::new("phrases.yaml"), PHRASES).ok()?;
            standbook::language::phrases::Rules::new(
                &file.rules,
                Language::Ru,
                (Path::new("p"), PHRASES),
            )
            .ok()
        })
        .as_ref())
}

/// The seed corpus of `target`: every file in `fuzz/corpus/<target>/`.
pub fn corpus(target: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            Some((
                e.path(),
                String::from_utf8(std::fs::read(e.path()).ok()?).ok()?,
            ))
        })
        .collect();
    files.sort();
    files
}

/// A problem an input showed.
#[derive(Debug)]
pub struct Finding {
    /// The input.
    pub input: String,
    /// The panic's message, or how long it took.
    pub what: String,
    /// Whether it is only slow (over a second), not a panic.
    pub slow: bool,
}

/// Runs `executions` generated inputs through `target` from `seed`; the
/// findings, and how many inputs ran.
pub fn campaign(target: &str, executions: u64, seed: u64) -> (Vec<Finding>, u64) {
    let seeds: Vec<String> = corpus(target).into_iter().map(|(_, text)| text).collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut findings = Vec::new();
    let mut bytes = vec![0u8; 512];
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for _ in 0..executions {
        rng.fill(&mut bytes);
        let input = generate(target, &bytes, &seeds);
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(target, &input)));
        let took = started.elapsed();
        match outcome {
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into());
                findings.push(Finding {
                    input,
                    what,
                    slow: false,
                });
            }
            Ok(()) if took > Duration::from_secs(1) => findings.push(Finding {
                input,
                what: format!("took {took:?}"),
                slow: true,
            }),
            Ok(()) => {}
        }
    }
    std::panic::set_hook(quiet);
    (findings, executions)
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "all".into());
    let executions: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let targets: Vec<&str> = match which.as_str() {
        "all" => TARGETS.to_vec(),
        one => vec![
            TARGETS
                .iter()
                .copied()
                .find(|t| *t == one)
                .expect("a known target"),
        ],
    };
    let mut total = 0;
    for target in targets {
        let started = Instant::now();
        let (findings, ran) = campaign(target, executions, seed);
        total += ran;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/findings")
            .join(target);
        for finding in &findings {
            std::fs::create_dir_all(&dir).expect("findings folder");
            let name = format!("{:016x}.txt", fxhash(&finding.input));
            std::fs::write(dir.join(name), &finding.input).expect("finding written");
        }
        let mut kinds: Vec<&str> = findings.iter().map(|f| f.what.as_str()).collect();
        kinds.sort();
        kinds.dedup();
        println!(
            "{target}: {ran} executions in {:.0} s, {} findings{}",
            started.elapsed().as_secs_f64(),
            findings.len(),
            kinds
                .iter()
                .take(5)
                .map(|k| format!("\n  {k}"))
                .collect::<String>()
        );
    }
    println!("total: {total} executions");
}

fn fxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}
