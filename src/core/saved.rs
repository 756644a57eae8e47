//! Saved formats: versioned text forms of what the app keeps between visits.
//!
//! The domain types are never written directly. Each saved record carries a
//! version number `v`; reading recognises every version this app has ever
//! written and migrates it forward, and reports a newer version as such so
//! the shell can keep the text aside instead of overwriting it.

use std::fmt;

use super::json::Json;
use super::study::StudyLog;

/// The version `encode_study` writes.
pub const STUDY_VERSION: i64 = 1;

/// Why saved text could not be turned back into domain values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedError {
    /// Not a record this app wrote (damaged, truncated, or foreign).
    Unreadable(String),
    /// Written by a newer version of the app.
    NewerVersion(i64),
}

impl fmt::Display for SavedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SavedError::Unreadable(why) => write!(f, "unreadable saved data ({why})"),
            SavedError::NewerVersion(v) => {
                write!(f, "saved by a newer version of the app (format {v})")
            }
        }
    }
}

/// `{"v":1,"read":["ask-why-then","oomph"]}`
pub fn encode_study(log: &StudyLog) -> String {
    Json::Object(vec![
        ("v".to_string(), Json::Int(STUDY_VERSION)),
        (
            "read".to_string(),
            Json::Array(log.keys().map(|k| Json::Str(k.to_string())).collect()),
        ),
    ])
    .to_text()
}

pub fn decode_study(text: &str) -> Result<StudyLog, SavedError> {
    let value = Json::parse(text).map_err(|e| SavedError::Unreadable(e.to_string()))?;
    match value.get("v").and_then(Json::as_int) {
        Some(STUDY_VERSION) => {}
        Some(v) if v > STUDY_VERSION => return Err(SavedError::NewerVersion(v)),
        _ => return Err(SavedError::Unreadable("no known version".to_string())),
    }
    let items = value
        .get("read")
        .and_then(Json::as_array)
        .ok_or_else(|| SavedError::Unreadable("`read` is not a list".to_string()))?;
    let mut keys = Vec::with_capacity(items.len());
    for item in items {
        let key = item
            .as_str()
            .ok_or_else(|| SavedError::Unreadable("`read` holds a non-text entry".to_string()))?;
        keys.push(key.to_string());
    }
    Ok(StudyLog::from_keys(keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn study_round_trips() {
        let mut log = StudyLog::default();
        log.mark_read("oomph");
        log.mark_read("ask-why-then");
        let text = encode_study(&log);
        assert_eq!(text, r#"{"v":1,"read":["ask-why-then","oomph"]}"#);
        assert_eq!(decode_study(&text), Ok(log));
    }

    #[test]
    fn newer_and_damaged_data_are_told_apart() {
        assert_eq!(
            decode_study(r#"{"v":3,"read":[]}"#),
            Err(SavedError::NewerVersion(3))
        );
        for bad in [
            "{broken",
            r#"{"read":[]}"#,
            r#"{"v":1,"read":"x"}"#,
            r#"{"v":1,"read":[1]}"#,
            r#"{"v":0}"#,
        ] {
            assert!(
                matches!(decode_study(bad), Err(SavedError::Unreadable(_))),
                "{bad}"
            );
        }
    }
}
