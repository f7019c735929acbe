//! Communication rules (`phrases.yaml`): what not to say, and what to say instead.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::language::phrases::{PhraseRule, Rules};
use crate::source::{PHRASES_FILE, SourceKind};
use crate::yaml;

/// `phrases.yaml` as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhrasesFile {
    /// An introduction shown above the rules.
    #[serde(default)]
    pub intro: Option<String>,
    /// The rules, grouped on the page by category in order of appearance.
    pub rules: Vec<PhraseRule>,
}

/// The anchor of each rule on the communication-rules page (`rule-<phrase>`),
/// unique across the book, in the order of `rules`.
pub fn rule_anchors(rules: &[PhraseRule]) -> Vec<String> {
    let mut ids = crate::markdown::IdAllocator::default();
    rules
        .iter()
        .map(|rule| ids.unique(&format!("rule-{}", crate::markdown::slugify(rule.shown()))))
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

impl crate::model::Book {
    /// The book's communication rules, ready to match; `None` when it has
    /// none (or `phrases.yaml` did not parse, which is reported already). A
    /// pattern that does not compile is an error at its rule.
    pub fn phrase_rules(&self) -> Result<Option<Rules>, Vec<Diagnostic>> {
        let Some(phrases) = self.phrases.as_ref() else {
            return Ok(None);
        };
        if self.unreadable.contains(&SourceKind::Phrases) {
            return Ok(None);
        }
        let file = Path::new(PHRASES_FILE);
        let text = self.sources.get(file).unwrap_or_default();
        Rules::new(&phrases.rules, self.config.language, (file, text)).map(Some)
    }
}
