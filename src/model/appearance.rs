//! Appearance and dress code (`appearance.yaml`), per role or zone.

use serde::{Deserialize, Serialize};

/// `appearance.yaml` as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppearanceFile {
    /// Rules for everyone, shown above the roles.
    #[serde(default)]
    pub intro: Option<String>,
    /// One entry per role or zone.
    pub roles: Vec<Role>,
}

/// The appearance rules of one role or zone.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Id used in `{{appearance role=…}}` and anchors.
    pub id: String,
    /// Name of the role.
    pub title: String,
    /// Who this is and where they work.
    #[serde(default)]
    pub description: Option<String>,
    /// Rules by area: clothing, shoes, hair, …
    pub areas: Vec<AppearanceArea>,
    /// Byte offset of the id in `appearance.yaml`.
    #[serde(skip)]
    pub offset: usize,
}

/// Rules for one area of appearance.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppearanceArea {
    /// Clothing, shoes, hair, accessories, hygiene, badge…
    pub area: String,
    /// What must be worn or done.
    #[serde(default)]
    pub required: Vec<String>,
    /// What is allowed.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// What is not allowed.
    #[serde(default)]
    pub not_allowed: Vec<String>,
}
