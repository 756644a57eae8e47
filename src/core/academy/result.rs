//! A trainee's result code: a short text that rebuilds every call of the
//! session exactly, by replaying the choices from the session's seeds.
//!
//! `CD1.<session id>.<name>.<choices of call 1>.<…>.<check>`: the name in
//! base64url (any script, no escaping), the choices as progress saves them
//! (option digits; a diagnosis as t|s|b and three digits), and a check of
//! six base32 symbols over everything before it, so a code cut short or
//! edited by hand is refused rather than scored. Nothing in it can be
//! trusted beyond what replay confirms: the scores are recomputed, never
//! read.

use super::{fnv, ClassSession, CodeError};
use crate::core::catalogue::Catalogue;
use crate::core::saved::{base64_decode, base64_encode, decode_choices, encode_choices};
use crate::core::sim::{Choice, Session, Settings};

/// Longest display name kept (characters).
pub const MAX_NAME: usize = 60;

/// What a verified result code holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassResult {
    pub name: String,
    /// The choices of each call, in the session's order.
    pub calls: Vec<Vec<Choice>>,
}

/// Why a result code is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultError {
    NotACode,
    /// The check does not match what it covers: changed or cut short.
    Check,
    /// Made for another session (its id).
    Foreign(String),
    /// Fewer or more calls than the session has.
    CallCount {
        found: usize,
        expected: usize,
    },
    BadName,
    /// A call's choices cannot be read, or do not replay to a finished
    /// call (call number, 1-based).
    Call(usize, &'static str),
}

impl std::fmt::Display for ResultError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResultError::NotACode => write!(f, "this is not a Callback Dojo result code"),
            ResultError::Check => write!(
                f,
                "the code was changed or cut short (its check does not match); copy it again"
            ),
            ResultError::Foreign(id) => {
                write!(f, "it is from another session ({id}), not this one")
            }
            ResultError::CallCount { found, expected } => write!(
                f,
                "it has {found} call{} where the session has {expected}",
                if *found == 1 { "" } else { "s" }
            ),
            ResultError::BadName => write!(f, "the name in it cannot be read"),
            ResultError::Call(n, why) => write!(f, "call {n} {why}"),
        }
    }
}

const PREFIX: &str = "CD1";

/// A six-symbol check over `text`.
fn check(text: &str) -> String {
    let h = fnv(text.bytes()) & 0x3fff_ffff;
    (0..6)
        .rev()
        .map(|i| char::from(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"[((h >> (5 * i)) & 31) as usize]))
        .collect()
}

impl ClassResult {
    /// The code for this result in `session`.
    pub fn code(&self, session: &ClassSession, catalogue: &Catalogue) -> String {
        let mut out = format!("{PREFIX}.{}.", session.id(catalogue));
        base64_encode(self.name.as_bytes(), &mut out);
        for call in &self.calls {
            out.push('.');
            out.push_str(&encode_choices(call));
        }
        let check = check(&out);
        out.push('.');
        out.push_str(&check);
        out
    }

    /// Reads and verifies a code against `session`: the check, the
    /// session, the number of calls, and that every call replays to its
    /// end. All or nothing.
    pub fn verify(
        code: &str,
        session: &ClassSession,
        catalogue: &Catalogue,
    ) -> Result<ClassResult, ResultError> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if !code.starts_with("CD1.") {
            return Err(ResultError::NotACode);
        }
        let (body, given) = code.rsplit_once('.').ok_or(ResultError::NotACode)?;
        if check(body) != given {
            return Err(ResultError::Check);
        }
        let mut parts = body.split('.');
        parts.next();
        let id = parts.next().ok_or(ResultError::NotACode)?;
        if id != session.id(catalogue) {
            return Err(ResultError::Foreign(id.to_string()));
        }
        let name = parts
            .next()
            .and_then(base64_decode)
            .and_then(|b| String::from_utf8(b).ok())
            .filter(|n| !n.trim().is_empty() && n.chars().count() <= MAX_NAME)
            .ok_or(ResultError::BadName)?;
        let calls: Vec<&str> = parts.collect();
        if calls.len() != session.seeds.len() {
            return Err(ResultError::CallCount {
                found: calls.len(),
                expected: session.seeds.len(),
            });
        }
        let mut out = Vec::with_capacity(calls.len());
        for (i, text) in calls.iter().enumerate() {
            let choices = decode_choices(text).ok_or(ResultError::Call(i + 1, "cannot be read"))?;
            let replayed = Session::replay(
                catalogue,
                Settings {
                    seed: session.seeds[i],
                    difficulty: session.level,
                },
                &choices,
            )
            .map_err(|_| ResultError::Call(i + 1, "does not replay: a choice was not on offer"))?;
            if !replayed.is_finished() {
                return Err(ResultError::Call(i + 1, "was not finished"));
            }
            out.push(choices);
        }
        Ok(ClassResult { name, calls: out })
    }

    /// The calls rebuilt, in order.
    pub fn sessions<'c>(
        &self,
        session: &ClassSession,
        catalogue: &'c Catalogue,
    ) -> Vec<Session<'c>> {
        self.calls
            .iter()
            .zip(&session.seeds)
            .filter_map(|(choices, &seed)| {
                Session::replay(
                    catalogue,
                    Settings {
                        seed,
                        difficulty: session.level,
                    },
                    choices,
                )
                .ok()
            })
            .collect()
    }
}

impl From<CodeError> for ResultError {
    fn from(_: CodeError) -> ResultError {
        ResultError::NotACode
    }
}
