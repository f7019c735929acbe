//! Checklists (`checklists/*.yaml`): audits, shift checks, mystery-shopper forms.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One checklist file as written.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Id used in `{{checklist id=…}}` and in the page name.
    pub id: String,
    /// Title of the checklist.
    pub title: String,
    /// When and by whom it is used.
    #[serde(default)]
    pub description: Option<String>,
    /// Roles it applies to.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// Score (in percent of the total weight) needed to pass, if it is scored.
    #[serde(default)]
    pub pass_score: Option<u32>,
    /// Sections of items.
    pub sections: Vec<ChecklistSection>,
    /// Source file, relative to the book.
    #[serde(skip)]
    pub path: PathBuf,
}

/// A titled group of checklist items.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSection {
    /// Section title.
    pub title: String,
    /// The items.
    pub items: Vec<ChecklistItem>,
}

/// One thing to check: plain text, or text with a weight and a hint.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ChecklistItem {
    /// Just the text; weight 1.
    Text(String),
    /// Text with details.
    Detailed(DetailedItem),
}

/// A checklist item with a weight and a hint.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedItem {
    /// What to check.
    pub text: String,
    /// Points for the item (default 1).
    #[serde(default = "one")]
    pub weight: u32,
    /// How to check it.
    #[serde(default)]
    pub hint: Option<String>,
}

fn one() -> u32 {
    1
}

/// An item is read as text or as a mapping, and a mapping's own errors (a
/// misspelt key, a weight that is not a number) are reported as they are,
/// at their place, rather than as "matches no form".
impl<'de> Deserialize<'de> for ChecklistItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> serde::de::Visitor<'de> for ItemVisitor {
            type Value = ChecklistItem;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the item's text, or `text:` with `weight:` and `hint:`")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(ChecklistItem::Text(text.to_string()))
            }

            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Ok(ChecklistItem::Text(n.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(ChecklistItem::Text(n.to_string()))
            }

            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Ok(ChecklistItem::Text(n.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                DetailedItem::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ChecklistItem::Detailed)
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

impl ChecklistItem {
    /// What to check.
    pub fn text(&self) -> &str {
        match self {
            ChecklistItem::Text(t) => t,
            ChecklistItem::Detailed(d) => &d.text,
        }
    }

    /// Points for the item.
    pub fn weight(&self) -> u32 {
        match self {
            ChecklistItem::Text(_) => 1,
            ChecklistItem::Detailed(d) => d.weight,
        }
    }

    /// How to check it.
    pub fn hint(&self) -> Option<&str> {
        match self {
            ChecklistItem::Text(_) => None,
            ChecklistItem::Detailed(d) => d.hint.as_deref(),
        }
    }
}

impl Checklist {
    /// The anchor of an item (`checklist-<id>-s1-3`), unique on any page that shows the checklist.
    pub fn item_anchor(&self, section: usize, item: usize) -> String {
        format!(
            "checklist-{}-{}",
            super::pages::normalize_id(&self.id),
            item_key(section, item)
        )
    }

    /// File name of the checklist's page.
    pub fn page_name(&self) -> String {
        super::pages::Page::Checklist(&self.id).file_name()
    }

    /// Number of items in all sections.
    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }
}

/// The stable key of an item within its checklist: `s1-3` is the third item of the first section
/// (both counted from zero in the arguments).
pub fn item_key(section: usize, item: usize) -> String {
    format!("s{}-{}", section + 1, item + 1)
}
