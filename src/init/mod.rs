//! `standbook init`: scaffolds a small book that builds and shows every feature.

use std::path::Path;

use rust_embed::RustEmbed;

use crate::error::{Error, Result};

#[derive(RustEmbed)]
#[folder = "src/init/book/"]
struct StarterBook;

/// Where a new book keeps the JSON Schemas of its files (a hidden folder:
/// the build skips it).
const SCHEMA_FOLDER: &str = ".schemas";

/// Writes the starter book into `dir`, which must not exist or be empty,
/// with the schemas of its files and VS Code settings that use them.
/// Returns the number of files written.
pub fn scaffold(dir: &Path) -> Result<usize> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty; choose a new folder for the book",
                dir.display()
            )));
        }
    }
    let mut written = 0;
    for name in StarterBook::iter() {
        let Some(file) = StarterBook::get(&name) else {
            continue;
        };
        let path = dir.join(name.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, &file.data).map_err(|e| Error::io(&path, e))?;
        written += 1;
    }
    written += crate::schema::write(&dir.join(SCHEMA_FOLDER))?.len();
    let settings = dir.join(".vscode/settings.json");
    std::fs::create_dir_all(dir.join(".vscode")).map_err(|e| Error::io(dir, e))?;
    std::fs::write(&settings, crate::schema::vscode_settings(SCHEMA_FOLDER))
        .map_err(|e| Error::io(&settings, e))?;
    Ok(written + 1)
}
