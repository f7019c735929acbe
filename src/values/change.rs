//! Change-log entries as written in front matter and in `standbook.yaml`.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::version::Version;

/// One entry of a standard's change log.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The version this change produced.
    pub version: Version,
    /// When it was made or takes effect.
    pub date: Date,
    /// What changed, for readers.
    pub summary: String,
    /// Whether staff must re-learn the standard.
    #[serde(default)]
    pub major: bool,
}
