//! The accord record format: the Rust types of a record, the controlled vocabularies, and the
//! JSON Schema generated from both.
//!
//! The types in [`record`] are the source of truth. [`schema::record_schema`] turns them into the
//! published JSON Schema (Draft 2020-12), filling the enums of vocabulary-backed values (areas,
//! organisations, countries) from [`Vocabularies`]. The committed copy in
//! `schema/record.schema.json` is checked against a fresh generation by a test, so the two can
//! never drift apart silently.

pub mod date;
pub mod record;
pub mod schema;
pub mod vocab;

pub use record::Record;
pub use vocab::{Area, Organization, Vocabularies, VocabularyError};

/// The record format versions this build can read.
pub const SUPPORTED_SCHEMA_VERSIONS: &[u64] = &[1];
