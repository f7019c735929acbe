//! How a hit is reported: line and column found quickly in a long text, the
//! JSON record `lint --format json` prints, and the compiler-style diagnostic.

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::language::phrases::PhraseLevel;
use crate::language::phrases::{Hit, Rules};

/// A hit as `lint --format json` prints it (a stable schema, see the README).
#[derive(Debug, Clone, Serialize)]
pub struct HitReport<'a> {
    /// The file checked (`-` for standard input).
    pub file: &'a str,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (in characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just after the end.
    pub end_column: usize,
    /// The text that matched.
    pub text: &'a str,
    /// The rule's phrase.
    pub rule: &'a str,
    /// `forbidden` or `care`.
    pub level: PhraseLevel,
    /// The rule's category, if any.
    pub category: Option<&'a str>,
    /// Why the phrase harms the conversation.
    pub why: &'a str,
    /// What to say instead.
    pub instead: &'a [String],
}

/// Finds line and column of byte offsets in one text, quickly for many offsets.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line(&self, line: usize) -> &'t str {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self.starts.get(line).map_or(self.text.len(), |&next| next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

impl Rules {
    /// The report of a hit in `text` of `file`.
    pub fn report<'a>(
        &'a self,
        file: &'a str,
        text: &'a str,
        lines: &Lines,
        hit: &Hit,
    ) -> HitReport<'a> {
        let rule = self.rule(hit.rule);
        let (line, column) = lines.position(hit.start);
        let (end_line, end_column) = lines.position(hit.end);
        HitReport {
            file,
            line,
            column,
            end_line,
            end_column,
            text: &text[hit.start..hit.end],
            rule: rule.shown(),
            level: rule.level,
            category: rule.category.as_deref(),
            why: &rule.why,
            instead: &rule.instead,
        }
    }

    /// A hit as a compiler-style diagnostic: an error for a forbidden phrase,
    /// a warning for one to use with care.
    pub fn diagnostic(&self, report: &HitReport) -> Diagnostic {
        let quoted = format!("«{}» (rule «{}»)", report.text, report.rule);
        let diagnostic = match report.level {
            PhraseLevel::Forbidden => {
                Diagnostic::new(Code::ForbiddenPhrase, format!("forbidden phrase {quoted}"))
            }
            PhraseLevel::Care => Diagnostic::new(
                Code::CarePhrase,
                format!("phrase to use with care {quoted}"),
            ),
        };
        let mut hint = String::new();
        if let Some(first) = report.instead.first() {
            hint.push_str(&format!("say instead: «{first}»"));
            for other in &report.instead[1..] {
                hint.push_str(&format!(" or «{other}»"));
            }
            hint.push_str("; ");
        }
        hint.push_str(&format!("why: {}", report.why));
        let length = if report.end_line == report.line {
            report.end_column - report.column
        } else {
            1
        };
        diagnostic
            .at(Location {
                file: report.file.into(),
                line: report.line,
                column: report.column,
                length: length.max(1),
            })
            .hint(hint)
    }
}
