//! Communication rules (`phrases.yaml`): what not to say, and what to say instead.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::yaml;

/// `phrases.yaml` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhrasesFile {
    /// An introduction shown above the rules.
    #[serde(default)]
    pub intro: Option<String>,
    /// The rules, grouped on the page by category in order of appearance.
    pub rules: Vec<PhraseRule>,
}

/// How strictly a phrase is ruled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhraseLevel {
    /// Never say it.
    Forbidden,
    /// Say it only with care, when nothing better fits.
    Care,
}

/// How a phrase is matched in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Any word form of each word (the default).
    #[default]
    Stem,
    /// Exactly these words, ignoring case and punctuation.
    Exact,
    /// A regular expression.
    Regex,
}

/// One communication rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseRule {
    /// The phrase not to say.
    pub phrase: String,
    /// Forbidden or with care.
    pub level: PhraseLevel,
    /// What to say instead (one or more alternatives).
    #[serde(default)]
    pub instead: Vec<String>,
    /// Why the phrase harms the conversation.
    pub why: String,
    /// Group on the rules page, e.g. «Отказ», «Обвинение».
    #[serde(default)]
    pub category: Option<String>,
    /// How to match the phrase in a text.
    #[serde(default, rename = "match")]
    pub match_mode: MatchMode,
    /// Phrases that contain this one but are fine.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// How many other words may stand between the phrase's words (`stem` rules; default 2).
    #[serde(default)]
    pub gap: Option<usize>,
    /// Byte offset of the phrase in `phrases.yaml`.
    #[serde(skip)]
    pub offset: usize,
}

/// The anchor of each rule on the communication-rules page (`rule-<phrase>`),
/// unique across the book, in the order of `rules`.
pub fn rule_anchors(rules: &[PhraseRule]) -> Vec<String> {
    let mut ids = crate::markdown::IdAllocator::default();
    rules
        .iter()
        .map(|rule| ids.unique(&format!("rule-{}", crate::markdown::slugify(&rule.phrase))))
        .collect()
}

/// Parses `phrases.yaml` (`text`, at `path` in the book), noting where each rule's phrase stands.
pub fn parse(path: &Path, text: &str) -> Result<PhrasesFile, Diagnostic> {
    let mut parsed: PhrasesFile = yaml::parse(path, text, 1)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, rule) in parsed.rules.iter_mut().enumerate() {
        let nth = seen.entry(rule.phrase.clone()).or_default();
        // A quoted or escaped phrase is not written as it reads: then its key.
        rule.offset = yaml::locate(text, "phrase", &rule.phrase, *nth)
            .or_else(|| yaml::locate_nth_key(text, "phrase", index))
            .map_or(0, |(o, _)| o);
        *nth += 1;
    }
    Ok(parsed)
}
