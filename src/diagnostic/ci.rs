//! Diagnostics as CI services show them on a merge request's lines:
//! GitHub Actions' workflow commands (`::error file=…,line=…::message`) and
//! GitLab's Code Quality report (a JSON array GitLab reads as an artifact).
//!
//! A diagnostic names a file relative to the book; a CI service wants it
//! relative to the repository, so the book folder's path (as given on the
//! command line, relative to where the job runs) is put in front.

use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Diagnostic, Severity};

/// The diagnostics as GitHub Actions workflow commands, one per line.
pub fn render_github(diagnostics: &[Diagnostic], book: &Path) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![format!("title={}", github_property(diagnostic.code.id()))];
        if let Some(location) = &diagnostic.location {
            let file = book.join(&location.file);
            properties.push(format!("file={}", github_property(&slashed(&file))));
            properties.push(format!("line={}", location.line));
            properties.push(format!("col={}", location.column));
            // The last column the finding covers (GitHub counts it in).
            let end = location.column + location.length.max(1) - 1;
            properties.push(format!("endColumn={end}"));
        }
        let mut message = diagnostic.message.clone();
        if let Some(hint) = &diagnostic.hint {
            message.push_str("\nhelp: ");
            message.push_str(hint);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            github_data(&message)
        ));
    }
    out
}

/// A workflow command's message, escaped as the runner reads it.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped as the runner reads it.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One finding of a GitLab Code Quality report.
#[derive(Serialize)]
struct CodeQuality {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation,
}

#[derive(Serialize)]
struct CodeQualityLocation {
    path: String,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: usize,
}

/// Where a finding without a place of its own is shown: the book's settings
/// (`config::CONFIG_FILE`, which this lower layer cannot name).
const BOOK_FILE: &str = "standbook.yaml";

/// The diagnostics as a GitLab Code Quality report.
pub fn render_gitlab(diagnostics: &[Diagnostic], book: &Path) -> String {
    let findings: Vec<CodeQuality> = diagnostics
        .iter()
        .map(|diagnostic| {
            let (file, line) = match &diagnostic.location {
                Some(location) => (book.join(&location.file), location.line),
                None => (book.join(BOOK_FILE), 1),
            };
            let path = slashed(&file);
            let description = match &diagnostic.hint {
                Some(hint) => format!("{} ({hint})", diagnostic.message),
                None => diagnostic.message.clone(),
            };
            CodeQuality {
                fingerprint: fingerprint(&[diagnostic.code.id(), &path, &diagnostic.message]),
                description,
                check_name: diagnostic.code.id(),
                severity: match diagnostic.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: CodeQualityLocation {
                    path,
                    lines: CodeQualityLines { begin: line },
                },
            }
        })
        .collect();
    serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_string())
}

/// A finding's identity across pipelines: its code, file and message (not
/// its line, so a finding that moves down the file is still the same one).
fn fingerprint(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A path with `/` between its parts and without a leading `./`.
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").replace("//", "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Location};

    fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::new(Code::UnknownTerm, "unknown term «Клиенты, банка»: 50%")
                .at(Location::at_line(Path::new("01-a/01-b.md"), 7, 3))
                .hint("add it to terms.yaml"),
            Diagnostic::new(Code::NoChanges, "no change log"),
        ]
    }

    #[test]
    fn github_commands_escape_what_the_runner_reads_as_syntax() {
        let out = render_github(&sample(), Path::new("./standards"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error title=E0303,file=standards/01-a/01-b.md,line=7,col=3,endColumn=3::unknown term «Клиенты, банка»: 50%25%0Ahelp: add it to terms.yaml"
        );
        assert!(
            lines[1].starts_with("::warning title=W0502::no change log"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn gitlab_findings_have_stable_fingerprints_and_repository_paths() {
        let first: serde_json::Value =
            serde_json::from_str(&render_gitlab(&sample(), Path::new("standards"))).unwrap();
        let again: serde_json::Value =
            serde_json::from_str(&render_gitlab(&sample(), Path::new("standards"))).unwrap();
        assert_eq!(first, again);
        assert_eq!(first[0]["location"]["path"], "standards/01-a/01-b.md");
        assert_eq!(first[0]["location"]["lines"]["begin"], 7);
        assert_eq!(first[0]["severity"], "major");
        assert_eq!(first[1]["severity"], "minor");
        assert_eq!(first[1]["location"]["path"], "standards/standbook.yaml");
        assert_ne!(first[0]["fingerprint"], first[1]["fingerprint"]);
    }
}
