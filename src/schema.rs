//! JSON Schemas of the book's YAML files, generated from the types the build
//! reads them into, so they cannot drift from what the build accepts. An
//! editor (VS Code's YAML extension, JetBrains IDEs) uses them to complete
//! keys and flag mistakes as managers type; `standbook schema DIR` writes
//! them, `standbook init` sets a new book up to use them, and the
//! repository keeps a copy in `schemas/`.

use std::path::Path;

use schemars::JsonSchema;

use crate::config::BookConfig;
use crate::error::{Error, Result};
use crate::model::appearance::AppearanceFile;
use crate::model::checklist::Checklist;
use crate::model::glossary::TermsFile;
use crate::model::phrases::PhrasesFile;
use crate::model::standard::FrontMatter;

/// Each schema: its file name, and the book files it describes (a glob
/// relative to the book, as editors match them; `None` for the front matter,
/// which lives inside Markdown files).
pub const SCHEMAS: &[(&str, Option<&str>)] = &[
    ("standbook.schema.json", Some("standbook.yaml")),
    ("terms.schema.json", Some("terms.yaml")),
    ("phrases.schema.json", Some("phrases.yaml")),
    ("appearance.schema.json", Some("appearance.yaml")),
    ("checklist.schema.json", Some("checklists/*.yaml")),
    ("front-matter.schema.json", None),
];

/// The JSON text of the schema named `file` in [`SCHEMAS`].
pub fn schema(file: &str) -> Option<String> {
    Some(match file {
        "standbook.schema.json" => render::<BookConfig>("standbook.yaml: the book's settings"),
        "terms.schema.json" => render::<TermsFile>("terms.yaml: the glossary"),
        "phrases.schema.json" => render::<PhrasesFile>("phrases.yaml: the communication rules"),
        "appearance.schema.json" => {
            render::<AppearanceFile>("appearance.yaml: the appearance rules per role")
        }
        "checklist.schema.json" => render::<Checklist>("checklists/*.yaml: one checklist"),
        "front-matter.schema.json" => {
            render::<FrontMatter>("The YAML front matter of a standard's Markdown file")
        }
        _ => return None,
    })
}

fn render<T: JsonSchema>(title: &str) -> String {
    let mut schema = schemars::schema_for!(T);
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every schema into `dir`; returns their file names.
pub fn write(dir: &Path) -> Result<Vec<&'static str>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    for (file, _) in SCHEMAS {
        let path = dir.join(file);
        let text = schema(file).unwrap_or_default();
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(*file);
    }
    Ok(written)
}

/// VS Code's settings that give the book's YAML files their schemas, for a
/// book whose schemas are in `folder` (relative to the book).
pub fn vscode_settings(folder: &str) -> String {
    let mappings: serde_json::Map<String, serde_json::Value> = SCHEMAS
        .iter()
        .filter_map(|(file, glob)| {
            glob.map(|glob| (format!("./{folder}/{file}"), serde_json::Value::from(glob)))
        })
        .collect();
    let settings = serde_json::json!({ "yaml.schemas": mappings });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}
