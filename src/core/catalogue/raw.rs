//! Raw content types: the shape of `content/*.toml`, close to the file.
//!
//! Every field has a default so that a missing field is not a parse error
//! that stops at the first problem: validation (in `validate.rs`) reports all
//! missing or inconsistent fields at once, each naming its entry. Unknown
//! fields are rejected, because a misspelt field name would otherwise be
//! silently ignored. This file is also compiled by `build.rs`, so it may only
//! depend on serde.

use serde::{Deserialize, Serialize};

/// The whole of `content/principles.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawContent {
    pub source: Vec<RawSource>,
    pub group: Vec<RawGroup>,
    pub principle: Vec<RawPrinciple>,
    pub disagreement: Vec<RawDisagreement>,
}

/// One source article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub file: String,
    pub title: String,
    pub stance: String,
}

/// A section of PRINCIPLES.md, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawGroup {
    pub id: String,
    pub title: String,
}

/// One principle, as written in the content file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPrinciple {
    pub id: String,
    pub group: String,
    pub title: String,
    pub explanation: String,
    pub say: String,
    pub avoid: String,
    pub sources: Vec<String>,
}

/// A place where the source articles pull in different directions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawDisagreement {
    pub id: String,
    pub title: String,
    pub principles: Vec<String>,
    pub view_a: String,
    pub view_b: String,
    pub resolution: String,
}
