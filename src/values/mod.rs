//! Typed values the book's YAML holds: calendar dates and review periods,
//! semantic versions, change-log entries. Each parses with a coded error, so
//! `standbook.yaml`, front matter and the data files read them alike.

pub mod change;
pub mod date;
pub mod version;
