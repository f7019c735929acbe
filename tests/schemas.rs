//! The JSON Schemas editors use: the copy in `schemas/` is what the types
//! generate today, every YAML file of the example book and of a new book
//! passes them, and the mistakes managers make (a misspelt key, a wrong
//! level, a version with two parts) fail them as the build would.

mod support;

use std::path::Path;

use serde_json::Value;
use standbook::schema::{SCHEMAS, schema};
use support::{example_book, standbook, text};

fn validator(file: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&schema(file).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The book files a schema describes (`standbook.yaml`, `checklists/*.yaml`).
fn described(book: &Path, glob: &str) -> Vec<std::path::PathBuf> {
    match glob.split_once("/*") {
        Some((folder, _)) => std::fs::read_dir(book.join(folder))
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default(),
        None => vec![book.join(glob)],
    }
}

fn assert_book_passes(book: &Path) {
    let mut checked = 0;
    for (file, glob) in SCHEMAS {
        let Some(glob) = glob else { continue };
        let validator = validator(file);
        for path in described(book, glob).into_iter().filter(|p| p.is_file()) {
            let errors: Vec<String> = validator
                .iter_errors(&yaml(&path))
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked} files checked");
}

#[test]
fn the_committed_schemas_are_what_the_types_generate() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (file, _) in SCHEMAS {
        let on_disk = std::fs::read_to_string(committed.join(file)).unwrap_or_default();
        assert!(
            on_disk == schema(file).unwrap(),
            "schemas/{file} is out of date: run `cargo run -- schema schemas`"
        );
    }
}

#[test]
fn the_example_book_and_a_new_book_pass_their_schemas() {
    assert_book_passes(&example_book());
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let made = standbook(&["init", book.to_str().unwrap()], dir.path());
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert_book_passes(&book);
    // The new book tells VS Code where its schemas are.
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(book.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let mapped = &settings["yaml.schemas"]["./.schemas/terms.schema.json"];
    assert_eq!(mapped, "terms.yaml");
    assert!(book.join(".schemas/terms.schema.json").is_file());
    // And still builds: the hidden folders are not part of the site.
    let built = standbook(&["build", "--book", book.to_str().unwrap()], dir.path());
    assert!(built.status.success(), "{}", text(&built.stderr));
}

#[test]
fn the_mistakes_managers_make_fail_the_schemas() {
    let terms = validator("terms.schema.json");
    let misspelt =
        serde_json::json!({ "terms": [{ "term": "Клиент", "defintion": "Тот, кто покупает." }] });
    assert!(!terms.is_valid(&misspelt));
    let phrases = validator("phrases.schema.json");
    let level = serde_json::json!({ "rules": [{ "phrase": "Нет", "level": "never", "why": "…" }] });
    assert!(!phrases.is_valid(&level));
    let settings = validator("standbook.schema.json");
    let version = serde_json::json!({ "title": "К", "organization": "О", "version": "2.1", "effective": "2026-01-01" });
    assert!(!settings.is_valid(&version));
    let good = serde_json::json!({ "title": "К", "organization": "О", "version": "2.1.0", "effective": "2026-01-01" });
    assert!(settings.is_valid(&good));
}
