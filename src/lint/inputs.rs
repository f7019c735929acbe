//! The texts `lint` checks: files, folders of them and standard input, each
//! read only when it is checked, so one text at a time is in memory.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// A text to check: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`, or no path given).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name a report shows.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(path) => path.display().to_string(),
        }
    }

    /// The text, read when it is checked (so only one is in memory at a time).
    pub fn read(&self) -> crate::error::Result<String> {
        let Input::File(file) = self else {
            return read_stdin();
        };
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        String::from_utf8(bytes).map_err(|_| {
            Error::Usage(format!(
                "{} is not UTF-8 text; save it as UTF-8 to check it",
                file.display()
            ))
        })
    }
}

/// The texts to check: each file, every file below each folder (hidden ones
/// skipped), and standard input for `-` or when no path is given.
pub fn inputs(paths: &[PathBuf]) -> crate::error::Result<Vec<Input>> {
    if paths.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| {
                e.map(walkdir::DirEntry::into_path)
                    .map_err(|e| Error::io(path, e.into()))
            })
            .collect::<crate::error::Result<_>>()?;
        files.retain(|f| f.is_file());
        inputs.extend(files.into_iter().map(Input::File));
    }
    Ok(inputs)
}

fn read_stdin() -> crate::error::Result<String> {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
        .map_err(|e| Error::io(Path::new("-"), e))?;
    Ok(text)
}
