//! The stages import only downward: each folder of `src/` may use only the
//! stages below it, so there is no import circle and a reader can tell which
//! stage owns what. The order is the one `src/lib.rs` documents.

use std::path::Path;

/// Each stage with its level: a stage may import only lower levels.
const LEVELS: &[(&str, u8)] = &[
    ("diagnostic", 0),
    ("error", 1),
    ("yaml", 1),
    ("markdown", 1),
    ("values", 2),
    ("language", 3),
    ("source", 4),
    ("config", 5),
    ("model", 6),
    ("theme", 7),
    ("history", 8),
    ("check", 9),
    ("search", 9),
    ("render", 10),
    ("print", 10),
    ("output", 11),
    ("pipeline", 12),
    ("lint", 13),
    ("serve", 13),
    ("init", 13),
    ("schema", 12),
];

fn level(stage: &str) -> Option<u8> {
    LEVELS.iter().find(|(name, _)| *name == stage).map(|l| l.1)
}

/// The stages a line of code names through `crate::` (`crate::model::Book`,
/// `crate::{config, model::Book}`); comments name nothing.
fn named_stages(line: &str) -> Vec<String> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    let mut stages = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        let names = match code[at..].contains("crate::{") && rest.len() < code.len() {
            true => rest.split(',').map(str::trim).collect::<Vec<_>>(),
            false => vec![rest],
        };
        for name in names {
            let stage: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !stage.is_empty() {
                stages.push(stage);
            }
        }
    }
    stages
}

/// `use crate::{a, b};` spread over several lines, joined into one.
fn statements(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        if let Some((start, joined)) = open.as_mut() {
            joined.push_str(line.trim());
            if line.contains(';') {
                out.push((*start, std::mem::take(joined)));
                open = None;
            }
            continue;
        }
        if line.contains("crate::{") && !line.contains(';') {
            open = Some((number + 1, line.to_string()));
        } else {
            out.push((number + 1, line.to_string()));
        }
    }
    out
}

/// Every upward or sideways import in `src/`, as `file:line: message`.
fn upward_imports(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let stage = first.trim_end_matches(".rs").to_string();
        if stage == "lib" || stage == "main" {
            continue;
        }
        let Some(own) = level(&stage) else {
            found.push(format!(
                "src/{}: `{stage}` has no level; add it to LEVELS",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for (line, statement) in statements(&text) {
            for used in named_stages(&statement) {
                if used == stage {
                    continue;
                }
                let problem = match level(&used) {
                    None => format!(
                        "reaches into the crate root (`crate::{used}`); import it from its stage"
                    ),
                    Some(l) if l >= own => {
                        format!("`{stage}` imports `{used}`, which is not below it")
                    }
                    Some(_) => continue,
                };
                found.push(format!("src/{}:{line}: {problem}", rel.display()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn stages_import_only_the_stages_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = upward_imports(&src);
    assert!(found.is_empty(), "upward imports:\n{}", found.join("\n"));
}

#[test]
fn an_upward_import_is_named_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    std::fs::create_dir_all(&model).unwrap();
    std::fs::write(
        model.join("mod.rs"),
        "//! Docs naming crate::render are fine.\nuse crate::{\n    config::BookConfig,\n    render::Renderer,\n};\nuse crate::read_config;\n",
    )
    .unwrap();
    let found = upward_imports(dir.path());
    assert_eq!(
        found,
        [
            "src/model/mod.rs:2: `model` imports `render`, which is not below it",
            "src/model/mod.rs:6: reaches into the crate root (`crate::read_config`); import it from its stage",
        ]
    );
}
