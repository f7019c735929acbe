//! The browser must stem exactly as the build does: the JavaScript stemmers
//! of the theme (`themes/default/static/search/stem.js`, run under Node) and
//! the Rust ones (`src/language.rs`) are run over the whole vocabulary of the
//! example book, word lists of Russian and Ukrainian forms, and the English of
//! the project's own text.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use standbook::language::{Language, irregular};
use standbook::language::{WordStemmer, normalize, words};

fn node() -> Option<&'static str> {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("node");
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("Node.js is not installed, but CI=true requires the stemmer parity test to run");
    }
    eprintln!(
        "\n*** SKIPPED: Node.js is not installed; the JS/Rust stemmer parity test did not run ***\n"
    );
    None
}

/// Runs the JS expression `call` (of `s`, stem.js, and `w`, a word) under
/// Node over `words`; returns its JSON output.
fn run_js(call: &str, words: &[String]) -> Vec<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search/stem.js");
    let program = format!(
        "const s = require({:?}); let input = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', d => input += d); \
         process.stdin.on('end', () => {{ const words = JSON.parse(input); \
         process.stdout.write(JSON.stringify(words.map(w => {call}))); }});",
        script.display().to_string()
    );
    let mut child = Command::new(node().expect("node"))
        .args(["-e", &program])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run node");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(words).unwrap().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "node failed");
    serde_json::from_slice(&output.stdout).expect("JSON from node")
}

fn word_list(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every word of every file of the example book.
fn example_vocabulary() -> Vec<String> {
    let mut vocabulary = BTreeSet::new();
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    for entry in walkdir::WalkDir::new(book)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            vocabulary.extend(words(&text).into_iter().map(|(_, w)| w.to_string()));
        }
    }
    vocabulary.into_iter().collect()
}

fn assert_same_stems(language: Language, words: &[String]) {
    let rust = WordStemmer::new(language);
    let js = run_js(&format!("s.stem({:?}, w)", language.tag()), words);
    let mismatches: Vec<String> = words
        .iter()
        .zip(&js)
        .filter(|(w, j)| j.as_str() != Some(rust.stem(w).as_str()))
        .map(|(w, j)| format!("{w}: rust {:?}, js {j}", rust.stem(w)))
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} words differ:\n{}",
        mismatches.len(),
        words.len(),
        mismatches.join("\n")
    );
}

#[test]
fn russian_stems_are_identical_in_rust_and_javascript() {
    if node().is_none() {
        return;
    }
    let mut vocabulary = word_list("words-ru.txt");
    assert!(
        vocabulary.len() >= 2000,
        "the Russian list has {} forms",
        vocabulary.len()
    );
    vocabulary.extend(example_vocabulary());
    vocabulary.extend(irregular::forms(Language::Ru).map(str::to_string));
    assert_same_stems(Language::Ru, &vocabulary);
}

#[test]
fn ukrainian_stems_are_identical_in_rust_and_javascript() {
    if node().is_none() {
        return;
    }
    let mut vocabulary = word_list("words-uk.txt");
    assert!(
        vocabulary.len() >= 500,
        "the Ukrainian list has {} forms",
        vocabulary.len()
    );
    for line in word_list("uk-forms.txt") {
        vocabulary.extend(line.split_whitespace().map(str::to_string));
    }
    vocabulary.extend(irregular::forms(Language::Uk).map(str::to_string));
    assert_same_stems(Language::Uk, &vocabulary);
}

/// Words Snowball's English stemmer treats specially, and every word of the
/// English starter book, the README and the source code's comments.
fn english_vocabulary() -> Vec<String> {
    let mut vocabulary: BTreeSet<String> = [
        "skis",
        "skies",
        "dying",
        "lying",
        "tying",
        "idly",
        "gently",
        "ugly",
        "early",
        "only",
        "singly",
        "sky",
        "news",
        "howe",
        "atlas",
        "cosmos",
        "bias",
        "andes",
        "inning",
        "outing",
        "canning",
        "herring",
        "earring",
        "proceed",
        "exceed",
        "succeed",
        "generously",
        "communication",
        "arsenal",
        "agreed",
        "hopping",
        "hoped",
        "cries",
        "ties",
        "gas",
        "gaps",
        "kiwis",
        "yellow",
        "sayings",
        "'tis",
        "o'clock",
        "it's",
        "relational",
        "conditional",
        "knightly",
        "fluently",
        "happiness",
        "hopeful",
        "electricity",
        "adjustment",
        "dependent",
        "adoption",
        "controlling",
        "rolling",
        "filing",
        "feed",
        "bleed",
        "abled",
        "analogies",
        "ology",
        "y",
        "yy",
        "ya",
        "carefully",
        "hopelessly",
        "rationalism",
        "formality",
        "sensibility",
        "logically",
        "electrical",
        "activeness",
        "organization",
        "digitizer",
        "hesitancy",
        "fluency",
        "reasonably",
        "evidently",
        "differently",
        "nationalize",
        "formative",
        "generality",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = walkdir::WalkDir::new(root.join("src"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .chain([root.join("README.md")]);
    for path in sources.filter(|p| p.is_file()) {
        if let Ok(text) = std::fs::read_to_string(&path) {
            let latin = words(&text).into_iter().map(|(_, w)| w).filter(|w| {
                w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-'".contains(c))
            });
            vocabulary.extend(latin.map(str::to_string));
        }
    }
    vocabulary.into_iter().collect()
}

#[test]
fn english_stems_are_identical_in_rust_and_javascript() {
    if node().is_none() {
        return;
    }
    let vocabulary = english_vocabulary();
    assert!(
        vocabulary.len() >= 2000,
        "{} English words",
        vocabulary.len()
    );
    assert_same_stems(Language::En, &vocabulary);
}

#[test]
fn tokenizing_and_normalizing_are_identical() {
    if node().is_none() {
        return;
    }
    let texts: Vec<String> = vec![
        "Дресс-код — это, (стоп-фраза) 24/7 обов’язково ʼ-x".into(),
        "Ёлка ЁЖ ещё: «Вы должны…» — нет!".into(),
        "e-mail, it's COVID-19 -- 3-й этаж".into(),
        "GitLabのエンジニアリング文化は、すべてGitLab Values（価値観）に由来し한국어도".into(),
    ];
    let js = run_js("s.words(w)", &texts);
    for (text, js_words) in texts.iter().zip(&js) {
        let rust: Vec<&str> = words(text).into_iter().map(|(_, w)| w).collect();
        assert_eq!(serde_json::json!(rust), *js_words, "{text}");
    }
    let js = run_js("s.normalize(w)", &texts);
    for (text, js_text) in texts.iter().zip(&js) {
        assert_eq!(js_text.as_str(), Some(normalize(text).as_str()));
    }
}
