//! Semantic versions of standards and of the book.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::Code;
use crate::yaml::coded;

/// A semantic version such as `2.1.0`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub semver::Version);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

struct VersionVisitor;

impl Visitor<'_> for VersionVisitor {
    type Value = Version;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a version such as 1.0.0")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Version, E> {
        semver::Version::parse(text.trim()).map(Version).map_err(|e| {
            E::custom(coded(
                Code::InvalidVersion,
                format!("`{text}` is not a version ({e}) | hint: write MAJOR.MINOR.PATCH, e.g. 2.1.0"),
            ))
        })
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Version, E> {
        Err(E::custom(coded(
            Code::InvalidVersion,
            format!("`{number}` is not a version | hint: write all three parts, e.g. {number}.0"),
        )))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Version, E> {
        Err(E::custom(coded(
            Code::InvalidVersion,
            format!("`{number}` is not a version | hint: write all three parts, e.g. {number}.0.0"),
        )))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Version, E> {
        self.visit_f64(number as f64)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(VersionVisitor)
    }
}

impl schemars::JsonSchema for Version {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Version".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\d+\\.\\d+\\.\\d+$",
            "description": "A version with all three parts, such as 2.1.0."
        })
    }
}
