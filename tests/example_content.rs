//! The example book's content: written in its own words (no run of eight words
//! taken from the articles it was written from) and one set of roles.

mod support;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// Fingerprints of every run of eight words in the source articles, one hex
/// number per line. Regenerate with `SOURCE_TEXTS=<folder of .txt> cargo test
/// --test example_content`.
const FINGERPRINTS: &str = "tests/data/source-shingles.txt";
const RUN: usize = 8;

/// Lower-case words of a text, `ё` read as `е`, punctuation dropped.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('ё', "е")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// FNV-1a: stable across platforms and Rust versions, unlike `DefaultHasher`.
fn fingerprint(run: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in run.join(" ").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn runs(text: &str) -> Vec<(u64, String)> {
    let words = words(text);
    words
        .windows(RUN)
        .map(|run| (fingerprint(run), run.join(" ")))
        .collect()
}

fn source_fingerprints() -> &'static HashSet<u64> {
    static ONCE: std::sync::OnceLock<HashSet<u64>> = std::sync::OnceLock::new();
    ONCE.get_or_init(read_source_fingerprints)
}

fn read_source_fingerprints() -> HashSet<u64> {
    let stored = Path::new(env!("CARGO_MANIFEST_DIR")).join(FINGERPRINTS);
    if let Ok(folder) = std::env::var("SOURCE_TEXTS") {
        let mut all = BTreeSet::new();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            all.extend(runs(&text).into_iter().map(|(hash, _)| hash));
        }
        let lines: Vec<String> = all.iter().map(|h| format!("{h:016x}")).collect();
        std::fs::write(&stored, lines.join("\n") + "\n").unwrap();
    }
    std::fs::read_to_string(&stored)
        .unwrap()
        .lines()
        .map(|l| u64::from_str_radix(l, 16).unwrap())
        .collect()
}

/// The strings of `phrases.yaml` that are not phrase lists: the phrases, their
/// replacements and examples may carry over from the sources; the reasons may not.
fn own_words_of_phrases(yaml: &str) -> String {
    fn walk(value: &serde_yaml::Value, out: &mut String) {
        match value {
            serde_yaml::Value::String(s) => {
                out.push_str(s);
                out.push_str(" .\n");
            }
            serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| walk(v, out)),
            serde_yaml::Value::Mapping(map) => {
                for (key, value) in map {
                    let quoted = ["phrase", "instead", "examples", "label", "pattern"];
                    if !key.as_str().is_some_and(|k| quoted.contains(&k)) {
                        walk(value, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = String::new();
    walk(&serde_yaml::from_str(yaml).unwrap(), &mut out);
    out
}

fn book_texts() -> Vec<(String, String)> {
    let book = support::example_book();
    support::example_files(&["md", "yaml"])
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(&book).unwrap().display().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let text = if name == "phrases.yaml" {
                own_words_of_phrases(&text)
            } else {
                text
            };
            (name, text)
        })
        .collect()
}

#[test]
fn no_run_of_eight_words_is_taken_from_the_source_articles() {
    let sources = source_fingerprints();
    assert!(
        sources.len() > 5_000,
        "{FINGERPRINTS} holds {} fingerprints; the sources have about ten thousand words",
        sources.len()
    );
    let mut copied = Vec::new();
    for (name, text) in book_texts() {
        for (hash, run) in runs(&text) {
            if sources.contains(&hash) {
                copied.push(format!("{name}: «{run}…»"));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "say these in the book's own words:\n{}",
        copied.join("\n")
    );
}

#[test]
fn the_guard_sees_the_phrase_lists_that_carry_over() {
    // The phrase list may quote the sources word for word; read whole, it must
    // be seen, or the guard above sees nothing.
    let sources = source_fingerprints();
    let phrases = std::fs::read_to_string(support::example_book().join("phrases.yaml")).unwrap();
    assert!(
        runs(&phrases)
            .iter()
            .any(|(hash, _)| sources.contains(hash))
    );
}

/// The `applies_to` list of a standard's front matter or a checklist.
fn applies_to(yaml: &str) -> Vec<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    value["applies_to"]
        .as_sequence()
        .map(|roles| {
            roles
                .iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_applies_to_names_a_role_of_the_appearance_rules() {
    let book = support::example_book();
    let appearance: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(book.join("appearance.yaml")).unwrap())
            .unwrap();
    let roles: BTreeSet<String> = appearance["roles"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    let mut named = BTreeSet::new();
    let mut strangers = Vec::new();
    for (name, text) in book_texts() {
        let head = match name.strip_suffix(".md") {
            Some(_) => text.split("---").nth(1).unwrap_or_default().to_string(),
            None if name.starts_with("checklists/") => text,
            None => continue,
        };
        for role in applies_to(&head) {
            if !roles.contains(&role) {
                strangers.push(format!("{name}: «{role}»"));
            }
            named.insert(role);
        }
    }
    assert!(
        strangers.is_empty(),
        "not a role of appearance.yaml ({roles:?}):\n{}",
        strangers.join("\n")
    );
    let unused: Vec<_> = roles.difference(&named).collect();
    assert!(unused.is_empty(), "no standard applies to {unused:?}");
}
