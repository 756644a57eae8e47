//! Raw content types: the shape of `content/*.toml`, close to the file.
//!
//! Every field has a default so that a missing field is not a parse error
//! that stops at the first problem: validation (in `validate.rs`) reports all
//! missing or inconsistent fields at once, each naming its entry. Unknown
//! fields are rejected, because a misspelt field name would otherwise be
//! silently ignored. This file is also compiled by `build.rs`, so it may only
//! depend on serde.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Text in raw content. Parsed files give owned strings; the content embedded
/// by `build.rs` borrows string literals, which costs no allocation and far
/// less code in the WebAssembly binary than building owned strings.
pub type Text = Cow<'static, str>;

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
    pub id: Text,
    pub file: Text,
    pub title: Text,
    pub stance: Text,
}

/// A section of PRINCIPLES.md, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawGroup {
    pub id: Text,
    pub title: Text,
}

/// One principle, as written in the content file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPrinciple {
    pub id: Text,
    pub group: Text,
    pub title: Text,
    pub explanation: Text,
    pub say: Text,
    pub avoid: Text,
    pub sources: Vec<Text>,
}

/// A place where the source articles pull in different directions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawDisagreement {
    pub id: Text,
    pub title: Text,
    pub principles: Vec<Text>,
    pub view_a: Text,
    pub view_b: Text,
    pub resolution: Text,
}
