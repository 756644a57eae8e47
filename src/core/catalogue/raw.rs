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

/// A list in raw content: owned when parsed, borrowed from a `static` when
/// embedded, for the same reason as `Text`.
pub type List<T> = Cow<'static, [T]>;

/// The whole of `content/principles.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawContent {
    pub source: List<RawSource>,
    pub group: List<RawGroup>,
    pub principle: List<RawPrinciple>,
    pub disagreement: List<RawDisagreement>,
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
    pub sources: List<Text>,
}

/// A place where the source articles pull in different directions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawDisagreement {
    pub id: Text,
    pub title: Text,
    pub principles: List<Text>,
    /// The moments of a call (phase keys) where the two views meet: the
    /// review shows the disagreement only under decisions at one of them.
    pub phases: List<Text>,
    pub view_a: Text,
    pub view_b: Text,
    pub resolution: Text,
}

/// The whole of `content/world.toml`: the seller and the prospects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawWorld {
    pub seller: RawSeller,
    pub persona: List<RawPersona>,
}

/// The company the trainee sells for, and its ideal customer profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawSeller {
    pub company: Text,
    pub rep: Text,
    pub offer: Text,
    pub pitch: Text,
    pub proof: Text,
    pub icp_industries: List<Text>,
    /// Inclusive range `[low, high]`.
    pub icp_headcount: List<u32>,
    /// Inclusive range `[low, high]`, in millions of US dollars.
    pub icp_revenue_musd: List<u32>,
}

/// One prospect the trainee may call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPersona {
    pub id: Text,
    pub name: Text,
    pub title: Text,
    /// executive | vp | manager | owner | office-manager
    pub role: Text,
    pub company: Text,
    pub industry: Text,
    pub headcount: u32,
    pub revenue_musd: u32,
}

/// The whole of `content/lines.toml`: how prospects say "call me later".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawLines {
    pub cue: List<RawCue>,
    pub line: List<RawLine>,
}

/// A kind of "call me later", with how often each truth produces it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawCue {
    pub id: Text,
    pub meaning: Text,
    /// Percent of calls with each truth (true, sincere, brush-off) whose
    /// opening line is of this kind; each column sums to 100 over all cues.
    pub odds: List<u32>,
}

/// One "call me later" line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawLine {
    pub id: Text,
    pub cue: Text,
    pub text: Text,
    /// The personal detail a rep should remember, if the line gives one,
    /// worded as the rep would say it ("your daughter's netball final").
    pub detail: Text,
    /// The time the prospect named, as the rep would repeat it, if any.
    pub time: Text,
    /// Whether that time is weeks away (the callback then restates the pitch).
    pub far: bool,
    /// Whether the line assumes the company runs vehicles, crews or yards
    /// (then only prospects in the seller's industries say it).
    pub fleet: bool,
}

/// The whole of `content/responses.toml`: what the rep can say or do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawResponses {
    /// `[[moves]]` (no serde renames: build.rs embeds field names as code).
    pub moves: List<RawMove>,
    pub response: List<RawResponse>,
}

/// A move: the decision a response stands for, scored against principles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawMove {
    pub id: Text,
    pub phase: Text,
    /// Why this move scores as it does, in a sentence or two.
    pub feedback: Text,
    /// `"+3 principle-id"` or `"-2 principle-id@condition"`, where the
    /// condition is a truth (true, sincere, brush-off) or something the rep
    /// can see (fit, poor-fit, detail, promised, no-interest).
    pub effects: List<Text>,
}

/// One wording of a move.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawResponse {
    pub id: Text,
    /// The move's id.
    pub does: Text,
    pub text: Text,
    /// The meeting time this wording proposes ("this Thursday"), if it
    /// names one: a prospect who books after it books that time.
    pub time: Text,
}

/// The whole of `content/replies.toml`: what the prospect says back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawReplies {
    pub reply: List<RawReply>,
}

/// One wording of a prospect's reaction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawReply {
    pub id: Text,
    pub reaction: Text,
    pub text: Text,
    /// For `shares-detail`: the detail this reply reveals, in the rep's words.
    pub detail: Text,
    /// For `shares-detail`: what kind of moment it is (urgent-light,
    /// urgent-serious or urgent-work).
    pub said: Text,
    /// Move ids this wording answers; empty means any move.
    pub after: List<Text>,
    /// Whether the reply assumes the company runs vehicles, crews or yards.
    pub fleet: bool,
    /// The time this reply names for the next call, as the rep repeats it.
    /// Said only while no time has been named yet (a named time is never
    /// contradicted), except on a callback's "still a bad time".
    pub time: Text,
    /// The kinds of rep line this wording answers (act keys: apology, why,
    /// question, proposal, pitch, close, callback); empty means any.
    pub answers: List<Text>,
    /// Speaks of the time already named ("then"): said only once one was.
    pub then: bool,
    /// How it sounds, for the kinds of reply any truth gives: "evasive"
    /// (vague, noncommittal) or "genuine".
    pub sounds: Text,
}

/// The whole of `content/drills.toml`: self-scored drill cards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawDrills {
    pub card: List<RawCard>,
}

/// One drill card: a single moment of a call, answered in the trainee's
/// own words and checked against a model answer and a rubric.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawCard {
    pub id: Text,
    /// reply | probe | book | plan | plan-b | disqualify | voicemail |
    /// callback-opener | second-try
    pub moment: Text,
    pub title: Text,
    /// Who the prospect is and what has happened so far.
    pub setting: Text,
    /// What the prospect just said; blank when the rep speaks first.
    pub prospect: Text,
    pub task: Text,
    pub model: Text,
    /// Why the model answer is right.
    pub why: Text,
    pub principles: List<Text>,
    /// Lowercase words of a personal detail a good answer refers to.
    pub detail: List<Text>,
    /// Whether asking for a day now would be premature.
    pub booking_premature: bool,
    pub check: List<RawCheck>,
}

/// One rubric check: a yes/no question tied to one principle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawCheck {
    pub principle: Text,
    pub question: Text,
}

/// Every content file, as parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCatalogue {
    pub principles: RawContent,
    pub world: RawWorld,
    pub lines: RawLines,
    pub responses: RawResponses,
    pub replies: RawReplies,
    pub drills: RawDrills,
}
