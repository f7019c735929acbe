//! A communication rule as `phrases.yaml` writes it: the phrase, how strictly
//! it is ruled out, how it is matched, and what to say instead.

use serde::{Deserialize, Serialize};

/// How strictly a phrase is ruled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PhraseLevel {
    /// Never say it.
    Forbidden,
    /// Say it only with care, when nothing better fits.
    Care,
}

/// How a phrase is matched in a text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, schemars::JsonSchema,
)]
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
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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
    /// How the rule is named to readers (the rules page, the PDF, search,
    /// findings) when `phrase` is a pattern, such as `Нет, …` for a pattern
    /// that finds a bare «нет» opening a reply; the phrase itself by default.
    #[serde(default)]
    pub label: Option<String>,
    /// How to match the phrase in a text.
    #[serde(default, rename = "match")]
    pub match_mode: MatchMode,
    /// Phrases that contain this one but are fine.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// How many other words may stand between the phrase's words (`stem` rules; default 2).
    #[serde(default)]
    pub gap: Option<usize>,
    /// Replies the rule must flag and replies it must pass; `check` runs them.
    #[serde(default)]
    pub examples: RuleExamples,
    /// Byte offset of the phrase in `phrases.yaml`.
    #[serde(skip)]
    pub offset: usize,
}

impl PhraseRule {
    /// The rule's name for readers: its label, else its phrase.
    pub fn shown(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.phrase)
    }
}

/// A rule's own test cases, as textlint's prh specs and LanguageTool's rule
/// examples have: `check` fails when the rule misses a reply under `flag` or
/// flags one under `pass`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleExamples {
    /// Replies that use the phrase.
    #[serde(default)]
    pub flag: Vec<String>,
    /// Replies that look alike but do not use it («вы не обязаны» for «вы обязаны»).
    #[serde(default)]
    pub pass: Vec<String>,
}
