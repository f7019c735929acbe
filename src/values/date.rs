//! Calendar dates and review periods as they are written in front matter.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::Code;
use crate::yaml::coded;

/// A calendar date written as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let shape_ok = text.len() == 10
            && text.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape_ok {
            return Err(format!(
                "`{text}` is not a date | hint: write dates as YYYY-MM-DD, e.g. 2026-03-01"
            ));
        }
        text.parse::<jiff::civil::Date>()
            .map(Date)
            .map_err(|_| format!("`{text}` is not a real date | hint: check the month and day"))
    }

    /// Today, or the day given by `SOURCE_DATE_EPOCH` for reproducible builds.
    pub fn today() -> Date {
        if let Some(ts) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
        {
            return Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
        }
        Date(jiff::ZonedDateTime::now().date())
    }

    /// The date `months` months later (clamped to the month's last day).
    pub fn add_months(self, months: i32) -> Date {
        self.0
            .checked_add(jiff::Span::new().months(months))
            .map(Date)
            .unwrap_or(self)
    }

    /// The date `days` days later.
    pub fn add_days(self, days: i32) -> Date {
        self.0
            .checked_add(jiff::Span::new().days(days))
            .map(Date)
            .unwrap_or(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Reads a scalar with `parse`, so that an error points at the value itself.
struct ParsedScalar<T> {
    expecting: &'static str,
    code: Code,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> serde::de::Visitor<'_> for ParsedScalar<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(|e| E::custom(coded(self.code, e)))
    }

    fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<T, E> {
        self.visit_str(&number.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<T, E> {
        self.visit_str(&number.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, number: f64) -> Result<T, E> {
        self.visit_str(&number.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ParsedScalar {
            expecting: "a date such as 2026-03-01",
            code: Code::InvalidDate,
            parse: Date::parse,
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How often a standard must be reviewed: `12 months`, `1 year`, `90 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewPeriod {
    /// A number of calendar months.
    Months(i32),
    /// A number of days.
    Days(i32),
}

impl ReviewPeriod {
    /// Parses a period such as `12 months`.
    pub fn parse(text: &str) -> Result<ReviewPeriod, String> {
        let bad = || {
            format!(
                "`{text}` is not a review period | hint: write e.g. `12 months`, `1 year` or `90 days`"
            )
        };
        let mut parts = text.split_whitespace();
        let count: i32 = parts.next().and_then(|n| n.parse().ok()).ok_or_else(bad)?;
        let unit = parts.next().ok_or_else(bad)?;
        if parts.next().is_some() || count <= 0 || count > 1200 {
            return Err(bad());
        }
        match unit.trim_end_matches('s') {
            "month" => Ok(ReviewPeriod::Months(count)),
            "year" => Ok(ReviewPeriod::Months(count * 12)),
            "week" => Ok(ReviewPeriod::Days(count * 7)),
            "day" => Ok(ReviewPeriod::Days(count)),
            _ => Err(bad()),
        }
    }

    /// The date one period after `from`.
    pub fn after(self, from: Date) -> Date {
        match self {
            ReviewPeriod::Months(m) => from.add_months(m),
            ReviewPeriod::Days(d) => from.add_days(d),
        }
    }
}

impl<'de> Deserialize<'de> for ReviewPeriod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ParsedScalar {
            expecting: "a period such as 12 months",
            code: Code::InvalidPeriod,
            parse: ReviewPeriod::parse,
        })
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A date such as 2026-03-01."
        })
    }
}

impl schemars::JsonSchema for ReviewPeriod {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReviewPeriod".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\s*\\d+\\s+(days?|weeks?|months?|years?)\\s*$",
            "description": "How often to review: `12 months`, `1 year`, `90 days`."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist_and_have_the_iso_shape() {
        assert!(Date::parse("2026-03-01").is_ok());
        assert!(
            Date::parse("2026-02-30")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(
            Date::parse("01.03.2026")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
    }

    #[test]
    fn review_periods() {
        let from = Date::parse("2026-01-31").unwrap();
        assert_eq!(
            ReviewPeriod::parse("1 year").unwrap(),
            ReviewPeriod::Months(12)
        );
        assert_eq!(
            ReviewPeriod::parse("1 month")
                .unwrap()
                .after(from)
                .to_string(),
            "2026-02-28"
        );
        assert!(ReviewPeriod::parse("soon").is_err());
    }
}
