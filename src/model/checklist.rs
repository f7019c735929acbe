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
    /// Blanks filled in at the top of the sheet: the store, the date, the employee checked.
    #[serde(default)]
    pub fields: Vec<ChecklistField>,
    /// Whether an item may be answered "not applicable", which leaves it out of
    /// the count and the score (an item's own `not_applicable` overrides it).
    #[serde(default)]
    pub not_applicable: bool,
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
    /// Whether this item may be answered "not applicable" (default: the checklist's setting).
    #[serde(default)]
    pub not_applicable: Option<bool>,
}

/// A blank at the top of the sheet: a label, or a label with the kind of value.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ChecklistField {
    /// Just the label; a line of text.
    Label(String),
    /// A label with the kind of value.
    Detailed(DetailedField),
}

/// A header field with the kind of value it takes.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedField {
    /// What to fill in («Магазин», «Дата визита»).
    pub label: String,
    /// The kind of value (default `text`).
    #[serde(default, rename = "type")]
    pub kind: FieldKind,
}

/// The kind of value a header field takes; on the site it picks the input (a
/// date or time picker on phones), on paper every kind is a blank line.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Any text.
    #[default]
    Text,
    /// A calendar date.
    Date,
    /// A time of day.
    Time,
    /// A number.
    Number,
}

impl ChecklistField {
    /// What to fill in.
    pub fn label(&self) -> &str {
        match self {
            ChecklistField::Label(label) => label,
            ChecklistField::Detailed(d) => &d.label,
        }
    }

    /// The kind of value.
    pub fn kind(&self) -> FieldKind {
        match self {
            ChecklistField::Label(_) => FieldKind::Text,
            ChecklistField::Detailed(d) => d.kind,
        }
    }
}

impl FieldKind {
    /// The HTML input type.
    pub fn input_type(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Date => "date",
            FieldKind::Time => "time",
            FieldKind::Number => "number",
        }
    }
}

fn one() -> u32 {
    1
}

/// A value written either as plain text or as a mapping of details. A
/// mapping's own errors (a misspelt key, a weight that is not a number) are
/// reported as they are, at their place, rather than as "matches no form".
fn text_or_map<'de, D, T, M>(
    deserializer: D,
    expecting: &'static str,
    from_text: fn(String) -> T,
    from_map: fn(M) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    M: Deserialize<'de>,
{
    struct TextOrMap<T, M> {
        expecting: &'static str,
        from_text: fn(String) -> T,
        from_map: fn(M) -> T,
    }
    impl<'de, T, M: Deserialize<'de>> serde::de::Visitor<'de> for TextOrMap<T, M> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            Ok((self.from_text)(text.to_string()))
        }

        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<T, E> {
            Ok((self.from_text)(n.to_string()))
        }

        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<T, E> {
            Ok((self.from_text)(n.to_string()))
        }

        fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<T, E> {
            Ok((self.from_text)(n.to_string()))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            M::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(self.from_map)
        }
    }
    deserializer.deserialize_any(TextOrMap {
        expecting,
        from_text,
        from_map,
    })
}

impl<'de> Deserialize<'de> for ChecklistItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        text_or_map(
            deserializer,
            "the item's text, or `text:` with `weight:`, `hint:` and `not_applicable:`",
            ChecklistItem::Text,
            ChecklistItem::Detailed,
        )
    }
}

impl<'de> Deserialize<'de> for ChecklistField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        text_or_map(
            deserializer,
            "the field's label, or `label:` with `type:` (text, date, time or number)",
            ChecklistField::Label,
            ChecklistField::Detailed,
        )
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

    /// Whether the item may be answered "not applicable", given the checklist's setting.
    pub fn not_applicable(&self, checklist_default: bool) -> bool {
        match self {
            ChecklistItem::Text(_) => checklist_default,
            ChecklistItem::Detailed(d) => d.not_applicable.unwrap_or(checklist_default),
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

    /// Sum of all items' weights.
    pub fn total_weight(&self) -> u32 {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .map(ChecklistItem::weight)
            .sum()
    }

    /// Whether any item may be answered "not applicable".
    pub fn has_not_applicable(&self) -> bool {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .any(|i| i.not_applicable(self.not_applicable))
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
