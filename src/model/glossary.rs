//! The glossary (`terms.yaml`): terms, definitions, aliases and word forms.

use serde::{Deserialize, Serialize};

use crate::language::terms::TermMatcher;
use crate::language::{Language, WordStemmer};

/// `terms.yaml` as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermsFile {
    /// The terms, in any order (the glossary sorts them).
    pub terms: Vec<Term>,
}

/// A defined term.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term as it is headed in the glossary.
    pub term: String,
    /// What it means in this company.
    pub definition: String,
    /// Other names for the same thing, also linked to it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Irregular word forms that stemming would not find.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Related terms.
    #[serde(default)]
    pub see: Vec<String>,
    /// Whether the term is linked automatically in standards (default yes).
    #[serde(default = "yes")]
    pub autolink: bool,
    /// Byte offset of the term's name in `terms.yaml`.
    #[serde(skip)]
    pub offset: usize,
}

fn yes() -> bool {
    true
}

impl Term {
    /// The anchor of the term on the glossary page.
    pub fn anchor(&self) -> String {
        format!("term-{}", crate::markdown::slugify(&self.term))
    }

    /// Every name the term is known by: the term, its aliases and forms.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.forms.iter().map(String::as_str))
    }
}

/// Finds `terms` in text: those linked automatically (`every` false), or
/// every term, to find where terms are used.
pub fn matcher(terms: &[Term], language: Language, every: bool) -> TermMatcher {
    let named = terms.iter().enumerate();
    TermMatcher::new(
        named
            .filter(|(_, term)| every || term.autolink)
            .map(|(index, term)| (index, term.names())),
        WordStemmer::new(language),
    )
}
