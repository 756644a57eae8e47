//! Saved formats: versioned text forms of what the app keeps between visits.
//!
//! The domain types are never written directly. Each saved record carries a
//! version number `v`; reading recognises every version this app has ever
//! written and migrates it forward, and reports a newer version as such so
//! the shell can keep the text aside instead of overwriting it.

use std::fmt::{self, Write};

use super::drill::fsrs::{Memory, Rating};
use super::drill::log::{CueRound, DrillLog, Folded, Review};
use super::json::Json;
use super::merge::{self, LAST_DAY, LAST_TIME};
use super::progress::{Aggregates, Attempt, FoldedCall, Progress, SortedMap};
use super::sim::{Choice, Difficulty, Outcome, Truth};
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
    /// Larger than an import may be (bytes, limit).
    TooLarge(u64, u64),
}

impl fmt::Display for SavedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SavedError::Unreadable(why) => write!(f, "unreadable saved data ({why})"),
            SavedError::NewerVersion(v) => {
                write!(f, "saved by a newer version of the app (format {v})")
            }
            SavedError::TooLarge(bytes, limit) => write!(
                f,
                "the file has {} kB; a progress file is at most {} kB",
                bytes.div_ceil(1000),
                limit / 1000
            ),
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

/// The version line a kept list (academy sessions, a scoreboard's codes,
/// the statement queue) starts with.
pub const LIST_VERSION: &str = "1";

/// A kept list: the version line, then one item a line.
pub fn encode_list(items: &[String]) -> String {
    let mut text = String::from(LIST_VERSION);
    for item in items {
        text.push('\n');
        text.push_str(item);
    }
    text
}

/// The items of a kept list; None when the text is not a list this
/// version wrote.
pub fn decode_list(text: &str) -> Option<Vec<String>> {
    // Split on the line breaks the writer puts, not `lines()`, which drops
    // a last empty item.
    let mut lines = text.split('\n');
    (lines.next() == Some(LIST_VERSION)).then(|| lines.map(str::to_string).collect())
}

// ---------------------------------------------------------------------------
// Progress, format 2: each attempt is a short array so a thousand calls stay
// well inside local storage (about 80 bytes each):
// [finished_at, seed, level, choices, score, outcome, truth, diagnosis,
//  principles, content, utc_offset]
// level e|n|h; choices: option digits, a diagnosis as t|s|b + 3 digits;
// outcome m (meeting held) x (no-show) q (disqualified) u (nurture)
// y (maybeland); truth t|s|b; diagnosis "" or t|s|b + 3 digits; principles:
// index followed by + (followed) or - (broken); utc_offset: minutes east of
// UTC where the call was made.
//
// Format 1 had no utc_offset (10 fields): its days were UTC days, so its
// attempts are read with an offset of 0, which keeps every day and streak
// they were counted in. `tests/fixtures/progress-v1.json` is a file written
// by format 1; the tests read it on every run, so it can never be stranded.

/// The version `encode_progress` writes.
pub const PROGRESS_VERSION: i64 = 5;

/// The largest progress file an import reads: ten times a full local
/// storage of attempts would still be under it, a wrong file (a video, a
/// database dump) is refused before it is read.
pub const IMPORT_LIMIT: u64 = 5_000_000;

const LEVELS: [(Difficulty, char); 3] = [
    (Difficulty::Easy, 'e'),
    (Difficulty::Normal, 'n'),
    (Difficulty::Hard, 'h'),
];
const TRUTHS: [(Truth, char); 3] = [
    (Truth::True, 't'),
    (Truth::Sincere, 's'),
    (Truth::BrushOff, 'b'),
];
const OUTCOMES: [(Outcome, char); 5] = [
    (Outcome::MeetingHeld, 'm'),
    (Outcome::NoShow, 'x'),
    (Outcome::CleanDisqualification, 'q'),
    (Outcome::Nurture, 'u'),
    (Outcome::Maybeland, 'y'),
];

fn code<T: PartialEq + Copy>(table: &[(T, char)], value: T) -> char {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map_or('?', |&(_, c)| c)
}

fn decode_code<T: Copy>(table: &[(T, char)], text: &str) -> Option<T> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    table.iter().find(|&&(_, k)| k == c).map(|&(v, _)| v)
}

fn unreadable(why: &str) -> SavedError {
    SavedError::Unreadable(why.to_string())
}

fn int(v: i64) -> Json {
    Json::Int(v)
}

/// Choices as a short text: option digits, a diagnosis as t|s|b + 3 digits
/// (`"1t0750320"`). Used in saved attempts and in the URL of a past call.
pub fn encode_choices(choices: &[Choice]) -> String {
    let mut out = String::new();
    write_choices(choices, &mut out);
    out
}

fn write_choices(choices: &[Choice], out: &mut String) {
    for c in choices {
        let _ = match *c {
            Choice::Option(i) => write!(out, "{i}"),
            Choice::Diagnose { truth, confidence } => {
                write!(out, "{}{confidence:03}", code(&TRUTHS, truth))
            }
        };
    }
}

/// Reads `encode_choices` text; None if it is malformed.
pub fn decode_choices(text: &str) -> Option<Vec<Choice>> {
    let mut choices = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(&first) = rest.as_bytes().first() {
        if first.is_ascii_digit() {
            choices.push(Choice::Option(first - b'0'));
            rest = &rest[1..];
        } else {
            let (truth, confidence) = read_diagnosis(rest.get(..4)?)?;
            choices.push(Choice::Diagnose { truth, confidence });
            rest = &rest[4..];
        }
    }
    Some(choices)
}

/// Writes one attempt straight into the text: every field is a number or
/// one of this module's own codes (no escaping needed), and skipping a JSON
/// tree keeps saving 10,000 attempts fast.
fn write_attempt(a: &Attempt, out: &mut String) {
    let _ = write!(
        out,
        "[{},{},\"{}\",\"",
        a.finished_at,
        a.seed,
        code(&LEVELS, a.level)
    );
    write_choices(&a.choices, out);
    let _ = write!(
        out,
        "\",{},\"{}\",\"{}\",\"",
        a.score,
        code(&OUTCOMES, a.outcome),
        code(&TRUTHS, a.truth)
    );
    write_diagnosis(a.diagnosis, out);
    out.push_str("\",\"");
    write_principles(&a.principles, out);
    let _ = write!(out, "\",{},{}]", a.content, a.utc_offset);
}

fn read_diagnosis(text: &str) -> Option<(Truth, u8)> {
    let truth = decode_code(&TRUTHS, text.get(..1)?)?;
    let confidence: u8 = text
        .get(1..4)?
        .parse()
        .ok()
        .filter(|c| CONFIDENCE.contains(c))?;
    Some((truth, confidence))
}

/// One field of a saved attempt, however it was read.
#[derive(Clone, Copy)]
enum Field<'t> {
    Int(i64),
    Str(&'t str),
    Other,
}

impl<'t> From<&'t Json> for Field<'t> {
    fn from(value: &'t Json) -> Field<'t> {
        match value {
            Json::Int(n) => Field::Int(*n),
            Json::Str(s) => Field::Str(s),
            _ => Field::Other,
        }
    }
}

fn decode_attempt(value: &Json, version: i64) -> Result<Attempt, SavedError> {
    let items = value
        .as_array()
        .ok_or_else(|| unreadable("an attempt is not a list"))?;
    let fields: Vec<Field<'_>> = items.iter().map(Field::from).collect();
    attempt_from(&fields, version)
}

/// Reads principle results as written by `write_principles`
/// (`"12+0-"`: principle 12 followed, principle 0 broken).
fn read_principles(text: &str) -> Result<Vec<(u16, bool)>, SavedError> {
    let mut principles = Vec::new();
    let mut index: Option<u16> = None;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                index = index
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(u16::from(b - b'0')))
                    .map(Some)
                    .ok_or_else(|| unreadable("a principle index is malformed"))?;
            }
            b'+' | b'-' => {
                let p = index
                    .take()
                    .ok_or_else(|| unreadable("a principle index is malformed"))?;
                principles.push((p, b == b'+'));
            }
            _ => return Err(unreadable("unexpected character in principles")),
        }
    }
    if index.is_some() {
        return Err(unreadable("a principle has no result"));
    }
    Ok(principles)
}

fn write_principles(principles: &[(u16, bool)], out: &mut String) {
    for &(p, followed) in principles {
        let _ = write!(out, "{p}{}", if followed { '+' } else { '-' });
    }
}

fn write_diagnosis(diagnosis: Option<(Truth, u8)>, out: &mut String) {
    if let Some((t, c)) = diagnosis {
        let _ = write!(out, "{}{c:03}", code(&TRUTHS, t));
    }
}

fn read_optional_diagnosis(text: &str) -> Result<Option<(Truth, u8)>, SavedError> {
    if text.is_empty() {
        Ok(None)
    } else {
        read_diagnosis(text)
            .map(Some)
            .ok_or_else(|| unreadable("a diagnosis is malformed"))
    }
}

/// The 64 characters of unpadded base64url, which need no escaping in JSON.
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub(crate) fn base64_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(BASE64[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
}

pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| BASE64.iter().position(|&b| b == c).map(|v| v as u32);
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// The principle results of a folded call, a byte each: index × 2 + 1 when
/// followed; indices from 127 on take the escape byte 254/255 and two more.
fn pack_principles(principles: &[(u16, bool)], out: &mut Vec<u8>) {
    for &(p, followed) in principles {
        if p < 127 {
            out.push(p as u8 * 2 + u8::from(followed));
        } else {
            out.push(254 + u8::from(followed));
            out.extend_from_slice(&p.to_le_bytes());
        }
    }
}

/// Writes one folded call as a string of unpadded base64url over 14 bytes
/// and a byte per principle result: identity (8), local day (3), score (1),
/// outcome + truth + diagnosed truth (1), confidence (1). About 30
/// characters, against about 79 for a kept attempt, so folding makes room.
fn write_folded_call(f: &FoldedCall, out: &mut String) {
    let mut bytes = Vec::with_capacity(14 + f.principles.len());
    bytes.extend_from_slice(&f.id.to_le_bytes());
    bytes.extend_from_slice(&(f.day as u32).to_le_bytes()[..3]);
    bytes.push(f.score);
    let outcome = OUTCOMES
        .iter()
        .position(|(x, _)| *x == f.outcome)
        .unwrap_or(0) as u8;
    let guess = f.diagnosis.map_or(3, |(t, _)| t.index() as u8);
    bytes.push(outcome | (f.truth.index() as u8) << 3 | guess << 5);
    bytes.push(f.diagnosis.map_or(0, |(_, c)| c));
    pack_principles(&f.principles, &mut bytes);
    out.push('"');
    base64_encode(&bytes, out);
    out.push('"');
}

/// Integer ranges of the shared time limits (`core::merge`), as the loader
/// reads them: the same definition the writers clamp to.
const TIMES: std::ops::RangeInclusive<i64> = 0..=LAST_TIME as i64;
const DAYS: std::ops::RangeInclusive<i64> = 0..=LAST_DAY as i64;
const OFFSETS: std::ops::RangeInclusive<i64> =
    *merge::OFFSETS.start() as i64..=*merge::OFFSETS.end() as i64;

/// The confidence a saved diagnosis may have, in percent: 33–100 since
/// issue 9 (three truths); older files hold 50–100.
const CONFIDENCE: std::ops::RangeInclusive<u8> = crate::core::sim::engine::MIN_CONFIDENCE..=100;

fn read_folded_call(text: &str) -> Result<FoldedCall, SavedError> {
    let bad = |why: &str| unreadable(&format!("a folded call is malformed ({why})"));
    let bytes = base64_decode(text).ok_or_else(|| bad("not base64"))?;
    if bytes.len() < 14 {
        return Err(bad("too short"));
    }
    let mut id = [0u8; 8];
    id.copy_from_slice(&bytes[..8]);
    let day = u64::from(u32::from_le_bytes([bytes[8], bytes[9], bytes[10], 0]));
    if day > LAST_DAY {
        return Err(bad("day out of range"));
    }
    let score = bytes[11];
    if score > 100 {
        return Err(bad("score out of range"));
    }
    let packed = bytes[12];
    let outcome = OUTCOMES
        .get(usize::from(packed & 7))
        .map(|&(o, _)| o)
        .ok_or_else(|| bad("unknown outcome"))?;
    let truth = *Truth::ALL
        .get(usize::from(packed >> 3 & 3))
        .ok_or_else(|| bad("unknown truth"))?;
    let diagnosis = match usize::from(packed >> 5) {
        3 => None,
        t => {
            let guess = *Truth::ALL.get(t).ok_or_else(|| bad("unknown diagnosis"))?;
            let confidence = bytes[13];
            if !CONFIDENCE.contains(&confidence) {
                return Err(bad("confidence out of range"));
            }
            Some((guess, confidence))
        }
    };
    let mut principles = Vec::new();
    let mut rest = &bytes[14..];
    while let Some((&b, tail)) = rest.split_first() {
        if b >= 254 {
            let [lo, hi, ..] = tail else {
                return Err(bad("a principle is cut short"));
            };
            principles.push((u16::from_le_bytes([*lo, *hi]), b == 255));
            rest = &tail[2..];
        } else {
            principles.push((u16::from(b / 2), b % 2 == 1));
            rest = tail;
        }
    }
    Ok(FoldedCall {
        id: u64::from_le_bytes(id),
        day,
        score,
        outcome,
        truth,
        diagnosis,
        principles,
    })
}

fn attempt_from(items: &[Field<'_>], version: i64) -> Result<Attempt, SavedError> {
    // Format 1 has no offset; format 2 adds it last.
    let fields = if version == 1 { 10 } else { 11 };
    if items.len() != fields {
        return Err(unreadable("an attempt has the wrong number of fields"));
    }
    let int = |i: usize| match items.get(i) {
        Some(Field::Int(n)) => Some(*n),
        _ => None,
    };
    let number = |i: usize| {
        int(i)
            .filter(|n| *n >= 0)
            .ok_or_else(|| unreadable("a number is missing"))
    };
    let text = |i: usize| match items[i] {
        Field::Str(s) => Ok(s),
        _ => Err(unreadable("a text field is missing")),
    };
    let choices =
        decode_choices(text(3)?).ok_or_else(|| unreadable("the choices are malformed"))?;
    let principles = read_principles(text(8)?)?;
    let diagnosis_field = text(7)?;
    Ok(Attempt {
        finished_at: u64::try_from(number(0)?)
            .ok()
            .filter(|t| *t <= LAST_TIME)
            .ok_or_else(|| unreadable("the finish time is out of range"))?,
        seed: number(1)? as u64,
        level: decode_code(&LEVELS, text(2)?).ok_or_else(|| unreadable("unknown level"))?,
        choices,
        score: u8::try_from(number(4)?)
            .ok()
            .filter(|s| *s <= 100)
            .ok_or_else(|| unreadable("score out of range"))?,
        outcome: decode_code(&OUTCOMES, text(5)?).ok_or_else(|| unreadable("unknown outcome"))?,
        truth: decode_code(&TRUTHS, text(6)?).ok_or_else(|| unreadable("unknown truth"))?,
        diagnosis: read_optional_diagnosis(diagnosis_field)?,
        principles,
        content: u16::try_from(number(9)?)
            .map_err(|_| unreadable("content version out of range"))?,
        utc_offset: if items.len() < 11 {
            0
        } else {
            int(10)
                // A range test, not `abs`: i64::MIN has no absolute value.
                .filter(|m| OFFSETS.contains(m))
                .map(|m| m as i16)
                .ok_or_else(|| unreadable("the time zone offset is out of range"))?
        },
    })
}

fn pairs<const N: usize>(values: &[(u32, u32); N]) -> Json {
    Json::Array(
        values
            .iter()
            .map(|&(a, b)| Json::Array(vec![int(i64::from(a)), int(i64::from(b))]))
            .collect(),
    )
}

fn encode_totals(f: &Aggregates) -> Json {
    let triple = |a: u64, b: u32, c: u32| {
        Json::Array(vec![int(a as i64), int(i64::from(b)), int(i64::from(c))])
    };
    Json::Object(vec![
        ("calls".into(), int(i64::from(f.calls))),
        (
            "days".into(),
            Json::Array(f.days.iter().map(|(&d, &(s, n))| triple(d, s, n)).collect()),
        ),
        (
            "principles".into(),
            Json::Array(
                f.principles
                    .iter()
                    .map(|(&p, &(a, b))| triple(u64::from(p), a, b))
                    .collect(),
            ),
        ),
        ("accuracy".into(), pairs(&f.accuracy)),
        ("calibration".into(), pairs(&f.calibration)),
        (
            "brier".into(),
            Json::Array(vec![
                int(f.brier_milli.0 as i64),
                int(i64::from(f.brier_milli.1)),
            ]),
        ),
        (
            "outcomes".into(),
            Json::Array(f.outcomes.iter().map(|&n| int(i64::from(n))).collect()),
        ),
    ])
}

fn u32_at(items: &[Json], i: usize) -> Result<u32, SavedError> {
    items
        .get(i)
        .and_then(Json::as_int)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| unreadable("a total is malformed"))
}

fn read_pairs<const N: usize>(value: Option<&Json>) -> Result<[(u32, u32); N], SavedError> {
    let items = value
        .and_then(Json::as_array)
        .filter(|i| i.len() == N)
        .ok_or_else(|| unreadable("totals have the wrong length"))?;
    let mut out = [(0, 0); N];
    for (slot, item) in out.iter_mut().zip(items) {
        let pair = item
            .as_array()
            .ok_or_else(|| unreadable("a total is malformed"))?;
        *slot = (u32_at(pair, 0)?, u32_at(pair, 1)?);
    }
    Ok(out)
}

/// Reads totals folded without identities (formats 1 and 2, and the
/// `legacy` field since): every count checked against the others. Large
/// lists are sorted once, so any order reads in O(n log n).
fn decode_totals(value: &Json) -> Result<Aggregates, SavedError> {
    let field = |k: &str| value.get(k);
    let mut f = Aggregates {
        calls: field("calls")
            .and_then(Json::as_int)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| unreadable("`calls` is missing"))?,
        accuracy: read_pairs(field("accuracy"))?,
        calibration: read_pairs(field("calibration"))?,
        ..Aggregates::default()
    };
    let mut days = Vec::new();
    for item in field("days")
        .and_then(Json::as_array)
        .ok_or_else(|| unreadable("`days` is missing"))?
    {
        let t = item
            .as_array()
            .ok_or_else(|| unreadable("a day is malformed"))?;
        days.push((u64::from(u32_at(t, 0)?), (u32_at(t, 1)?, u32_at(t, 2)?)));
    }
    f.days = SortedMap::from_pairs(days).ok_or_else(|| unreadable("a day appears twice"))?;
    let mut principles = Vec::new();
    for item in field("principles")
        .and_then(Json::as_array)
        .ok_or_else(|| unreadable("`principles` is missing"))?
    {
        let t = item
            .as_array()
            .ok_or_else(|| unreadable("a principle total is malformed"))?;
        let p = u16::try_from(u32_at(t, 0)?)
            .map_err(|_| unreadable("a principle index is out of range"))?;
        principles.push((p, (u32_at(t, 1)?, u32_at(t, 2)?)));
    }
    f.principles =
        SortedMap::from_pairs(principles).ok_or_else(|| unreadable("a principle appears twice"))?;
    let brier = field("brier")
        .and_then(Json::as_array)
        .ok_or_else(|| unreadable("`brier` is missing"))?;
    f.brier_milli = (
        brier
            .first()
            .and_then(Json::as_int)
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| unreadable("`brier` is malformed"))?,
        u32_at(brier, 1)?,
    );
    let outcomes = field("outcomes")
        .and_then(Json::as_array)
        .filter(|o| o.len() == 5)
        .ok_or_else(|| unreadable("`outcomes` is malformed"))?;
    for (i, slot) in f.outcomes.iter_mut().enumerate() {
        *slot = u32_at(outcomes, i)?;
    }
    f.check()
        .map_err(|why| unreadable(&format!("the folded totals are inconsistent: {why}")))?;
    Ok(f)
}

/// Legacy totals: None when they count nothing.
fn legacy_of(totals: Aggregates) -> Option<Aggregates> {
    (totals != Aggregates::default()).then_some(totals)
}

/// What a save folded to make the text fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Folds {
    /// Attempts folded into totals (every figure kept).
    pub calls: usize,
    /// The local days the first and last of those calls finished on.
    pub days: Option<(u64, u64)>,
    /// Drill reviews folded into their cards' schedules.
    pub reviews: usize,
    /// The cards that took them.
    pub cards: usize,
}

impl Folds {
    /// Whether anything was folded.
    pub fn any(&self) -> bool {
        self.calls > 0 || self.reviews > 0
    }
}

/// Progress as it was fitted into storage by [`fit`]: the text written,
/// the progress it holds, and what was folded to make it fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub text: String,
    pub progress: Progress,
    pub folds: Folds,
}

/// Writes `progress` with `write` (which says whether the text was
/// stored), folding as little as it must when storage is full: the oldest
/// half of the calls at a time (a folded call keeps every figure), then of
/// the drill reviews (a folded card keeps its schedule). None when even
/// everything folded does not fit; the caller still holds `progress`.
/// The one save algorithm: the storage module runs it against the
/// browser, the model test against storage of any size.
pub fn fit(progress: &Progress, mut write: impl FnMut(&str) -> bool) -> Option<Fitted> {
    let mut merged = progress.clone();
    let mut folds = Folds::default();
    loop {
        let text = encode_progress(&merged);
        if write(&text) {
            return Some(Fitted {
                text,
                progress: merged,
                folds,
            });
        }
        let half = merged.attempts.len().div_ceil(2);
        let reviews = merged.drills.reviews.len().div_ceil(2);
        if half > 0 {
            let first = folds.days.map_or(merged.attempts[0].day(), |d| d.0);
            folds.days = Some((first, merged.attempts[half - 1].day()));
            merged.fold_oldest(half);
            folds.calls += half;
        } else if reviews > 0 {
            let before = merged.drills.reviews.len();
            let cards = merged.drills.folded.len();
            merged.drills.fold_oldest(reviews);
            folds.reviews += before - merged.drills.reviews.len();
            folds.cards = folds.cards.max(merged.drills.folded.len() - cards);
        } else {
            return None;
        }
    }
}

/// The saved text of a trainee's progress.
pub fn encode_progress(p: &Progress) -> String {
    let mut out = String::with_capacity(96 * p.attempts.len() + 64 * p.folded.len() + 512);
    let _ = write!(out, "{{\"v\":{PROGRESS_VERSION},\"attempts\":[");
    for (i, a) in p.attempts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_attempt(a, &mut out);
    }
    out.push_str("],\"folded\":[");
    for (i, f) in p.folded.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_folded_call(f, &mut out);
    }
    out.push_str("],\"legacy\":");
    match &p.legacy {
        Some(totals) => encode_totals(totals).write(&mut out),
        None => out.push_str("null"),
    }
    out.push_str(",\"drills\":");
    write_drills(&p.drills, &mut out);
    out.push('}');
    out
}

/// Drills as format 5 saves them: reviews `[card, at, rating, ticked,
/// checks, offset]`, cue rounds `[at, seed, level, guess, confidence,
/// truth, offset]`, folded cards `[card, times, untimed, stability,
/// difficulty, last day, interval, reps, lapses]`, where `times` are the
/// folded reviews' times (`write_keys`). Format 4 wrote a fold's last time
/// and count in place of `times` and `untimed`. Card keys are slugs, so
/// nothing needs escaping. Stability and difficulty are written as the bits
/// of the number: exact (a rounded state would schedule later reviews
/// differently from the tab that folded it) and without a float formatter.
fn write_drills(d: &DrillLog, out: &mut String) {
    out.push_str("{\"reviews\":[");
    for (i, r) in d.reviews.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "[\"{}\",{},{},{},{},{}]",
            r.card,
            r.at,
            r.rating.number(),
            r.ticked,
            r.checks,
            r.utc_offset
        );
    }
    out.push_str("],\"cues\":[");
    for (i, c) in d.cues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "[{},{},\"{}\",\"{}\",{},\"{}\",{}]",
            c.at,
            c.seed,
            code(&LEVELS, c.level),
            code(&TRUTHS, c.guess),
            c.confidence,
            code(&TRUTHS, c.truth),
            c.utc_offset
        );
    }
    out.push_str("],\"folded\":[");
    for (i, (card, f)) in d.folded.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let m = f.memory;
        out.push_str("[\"");
        out.push_str(card);
        out.push_str("\",\"");
        write_keys(&f.keys, out);
        let _ = write!(
            out,
            "\",{},{},{},{},{},{},{}]",
            f.untimed,
            m.stability.to_bits(),
            m.difficulty.to_bits(),
            m.last_day,
            m.interval,
            m.reps,
            m.lapses
        );
    }
    out.push_str("]}");
}

/// A folded card's review keys (`Review::key`, sorted) as base64 of LEB128
/// varints, the first a key, each next the gap from the one before: about
/// five characters a review where a whole review takes about forty.
fn write_keys(ats: &[u64], out: &mut String) {
    let mut bytes = Vec::with_capacity(ats.len() * 3);
    let mut last = 0;
    for &at in ats {
        let mut n = at - last;
        last = at;
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                bytes.push(low);
                break;
            }
            bytes.push(low | 0x80);
        }
    }
    base64_encode(&bytes, out);
}

/// The keys `write_keys` wrote: strictly increasing, each a time a record
/// may carry with a rating; None for anything else.
fn read_keys(text: &str) -> Option<Vec<u64>> {
    let bytes = base64_decode(text)?;
    let mut out: Vec<u64> = Vec::new();
    let (mut n, mut shift, mut last) = (0u64, 0u32, 0u64);
    for b in bytes {
        if shift > 63 || (shift == 63 && b & 0x7e != 0) {
            return None;
        }
        n |= u64::from(b & 0x7f) << shift;
        if b & 0x80 != 0 {
            shift += 7;
            continue;
        }
        let at = last.checked_add(n)?;
        if (!out.is_empty() && n == 0) || at >> 2 > LAST_TIME {
            return None;
        }
        out.push(at);
        (last, n, shift) = (at, 0, 0);
    }
    (shift == 0).then_some(out)
}

/// A card key as the drill log keeps it: a slug of at most 80 bytes.
fn card_key(value: &Json) -> Result<String, SavedError> {
    value
        .as_str()
        .filter(|s| {
            !s.is_empty()
                && s.len() <= 80
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .map(str::to_string)
        .ok_or_else(|| unreadable("a card key is malformed"))
}

/// An integer field of a drill record, within `range`.
fn drill_int(
    items: &[Json],
    i: usize,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, SavedError> {
    items
        .get(i)
        .and_then(Json::as_int)
        .filter(|n| range.contains(n))
        .ok_or_else(|| unreadable("a number is missing or out of range"))
}

fn decode_drills(value: &Json, version: i64) -> Result<DrillLog, SavedError> {
    let list = |name: &str| {
        value
            .get(name)
            .and_then(Json::as_array)
            .ok_or_else(|| unreadable(&format!("drills: `{name}` is missing")))
    };
    let times = TIMES;
    fn record(item: &Json, n: usize) -> Result<&[Json], SavedError> {
        item.as_array()
            .filter(|r| r.len() == n)
            .ok_or_else(|| unreadable("a drill record has the wrong number of fields"))
    }
    let mut reviews = Vec::new();
    for item in list("reviews")? {
        let r = record(item, 6)?;
        let checks = drill_int(r, 4, 0..=8)?;
        reviews.push(Review {
            card: card_key(&r[0])?,
            at: drill_int(r, 1, times.clone())? as u64,
            rating: Rating::from_number(drill_int(r, 2, 1..=4)? as u8)
                .ok_or_else(|| unreadable("a rating is out of range"))?,
            ticked: drill_int(r, 3, 0..=(1 << checks) - 1)? as u8,
            checks: checks as u8,
            utc_offset: drill_int(r, 5, OFFSETS)? as i16,
        });
    }
    let mut cues = Vec::new();
    for item in list("cues")? {
        let r = record(item, 7)?;
        let code_at = |i: usize| r[i].as_str().unwrap_or("");
        cues.push(CueRound {
            at: drill_int(r, 0, times.clone())? as u64,
            seed: drill_int(r, 1, 0..=i64::MAX)? as u64,
            level: decode_code(&LEVELS, code_at(2)).ok_or_else(|| unreadable("unknown level"))?,
            guess: decode_code(&TRUTHS, code_at(3)).ok_or_else(|| unreadable("unknown truth"))?,
            confidence: drill_int(
                r,
                4,
                i64::from(*CONFIDENCE.start())..=i64::from(*CONFIDENCE.end()),
            )? as u8,
            truth: decode_code(&TRUTHS, code_at(5)).ok_or_else(|| unreadable("unknown truth"))?,
            utc_offset: drill_int(r, 6, OFFSETS)? as i16,
        });
    }
    let mut folded = Vec::new();
    for item in list("folded")? {
        let r = record(item, 9)?;
        // Counts the scheduler keeps saturate at u32::MAX, so that is what
        // is read.
        let counter = |i: usize| drill_int(r, i, 0..=i64::from(u32::MAX)).map(|n| n as u32);
        let float = |i: usize, range: std::ops::RangeInclusive<f64>| {
            drill_int(r, i, 0..=i64::MAX)
                .map(|bits| f64::from_bits(bits as u64))
                .ok()
                .filter(|x| range.contains(x))
                .ok_or_else(|| unreadable("a folded card's memory is out of range"))
        };
        let memory = Memory {
            // The writer before the floor in `Memory::STABILITY` could go
            // below it (towards zero): such a value is raised to the floor,
            // which changes no interval.
            stability: float(3, f64::MIN_POSITIVE..=*Memory::STABILITY.end())?
                .max(*Memory::STABILITY.start()),
            difficulty: float(4, Memory::DIFFICULTY.clone())?,
            last_day: drill_int(r, 5, DAYS)? as u64,
            interval: drill_int(
                r,
                6,
                *Memory::INTERVALS.start() as i64..=*Memory::INTERVALS.end() as i64,
            )? as u64,
            reps: counter(7)?,
            lapses: counter(8)?,
        };
        // Format 4 kept a fold's last time and count, not its reviews'
        // times: its reviews are counted (untimed), and hide nothing.
        let (keys, untimed) = if version < 5 {
            drill_int(r, 1, times.clone())?;
            (Vec::new(), counter(2)?)
        } else {
            let keys = r[1]
                .as_str()
                .and_then(read_keys)
                .ok_or_else(|| unreadable("a folded card's reviews are malformed"))?;
            (keys, counter(2)?)
        };
        folded.push((
            card_key(&r[0])?,
            Folded {
                keys,
                untimed,
                memory,
            },
        ));
    }
    Ok(DrillLog::from_parts(reviews, cues, folded))
}

/// A reader for text exactly as `encode_progress` writes it: attempts are
/// read straight from the bytes, without a JSON tree (loading 10,000
/// attempts is about twice as fast). Anything else, including any error, is
/// left to the general reader, which says what is wrong.
struct Written<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Written<'t> {
    fn eat(&mut self, expected: &str) -> Option<()> {
        self.text[self.at..].starts_with(expected).then(|| {
            self.at += expected.len();
        })
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.text.as_bytes().get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn field(&mut self) -> Option<Field<'t>> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) == Some(&b'"') {
            let start = self.at + 1;
            let len = bytes[start..].iter().position(|&b| b == b'"')?;
            let s = &self.text[start..start + len];
            if s.bytes().any(|b| b == b'\\' || b < 0x20) {
                return None;
            }
            self.at = start + len + 1;
            return Some(Field::Str(s));
        }
        let start = self.at;
        if bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.text[start..self.at].parse().ok().map(Field::Int)
    }

    fn list<const N: usize>(&mut self) -> Option<[Field<'t>; N]> {
        self.eat("[")?;
        let mut fields = [Field::Other; N];
        for (i, slot) in fields.iter_mut().enumerate() {
            if i > 0 {
                self.eat(",")?;
            }
            *slot = self.field()?;
        }
        self.eat("]")?;
        Some(fields)
    }

    /// A list of records, each read by `read`, up to the closing `]`.
    fn records<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.eat("[")?;
        let mut out = Vec::new();
        if self.eat("]").is_none() {
            loop {
                out.push(read(self)?);
                match self.byte()? {
                    b',' => {}
                    b']' => break,
                    _ => return None,
                }
            }
        }
        Some(out)
    }

    fn progress(text: &'t str) -> Option<Progress> {
        let mut r = Written { text, at: 0 };
        r.eat(&format!("{{\"v\":{PROGRESS_VERSION},\"attempts\":"))?;
        let attempts = r.records(|r| attempt_from(&r.list::<11>()?, PROGRESS_VERSION).ok())?;
        r.eat(",\"folded\":")?;
        let folded = r.records(|r| match r.field()? {
            Field::Str(s) => read_folded_call(s).ok(),
            _ => None,
        })?;
        r.eat(",\"legacy\":")?;
        // The rest is `<legacy>,"drills":{…}}`: one small object to parse.
        let rest = Json::parse(&format!("{{\"legacy\":{}", text.get(r.at..)?)).ok()?;
        let legacy = match rest.get("legacy")? {
            Json::Null => None,
            totals => Some(decode_totals(totals).ok()?),
        };
        let drills = decode_drills(rest.get("drills")?, PROGRESS_VERSION).ok()?;
        let mut progress = Progress::from_parts(attempts, folded, legacy);
        progress.drills = drills;
        Some(progress)
    }
}

/// Reads saved progress of any format this app has written, migrating it to
/// the current one; all or nothing, so a damaged file changes nothing.
pub fn decode_progress(text: &str) -> Result<Progress, SavedError> {
    if let Some(progress) = Written::progress(text) {
        return Ok(progress);
    }
    let value = Json::parse(text).map_err(|e| SavedError::Unreadable(e.to_string()))?;
    let version = match value.get("v").and_then(Json::as_int) {
        Some(v @ 1..=PROGRESS_VERSION) => v,
        Some(v) if v > PROGRESS_VERSION => return Err(SavedError::NewerVersion(v)),
        _ => return Err(unreadable("no known version")),
    };
    // Formats 1 and 2 folded totals without identities: they become the
    // legacy totals. Format 3 keeps folded calls one by one.
    let (folded, legacy) = if version < 3 {
        let totals = decode_totals(
            value
                .get("folded")
                .ok_or_else(|| unreadable("`folded` is missing"))?,
        )?;
        (Vec::new(), legacy_of(totals))
    } else {
        let mut folded = Vec::new();
        for (i, item) in value
            .get("folded")
            .and_then(Json::as_array)
            .ok_or_else(|| unreadable("`folded` is missing"))?
            .iter()
            .enumerate()
        {
            let text = item
                .as_str()
                .ok_or_else(|| unreadable(&format!("folded call {}: not a text", i + 1)))?;
            folded.push(read_folded_call(text).map_err(|e| match e {
                SavedError::Unreadable(why) => {
                    SavedError::Unreadable(format!("folded call {}: {why}", i + 1))
                }
                other => other,
            })?);
        }
        let legacy = match value.get("legacy") {
            None | Some(Json::Null) => None,
            Some(totals) => legacy_of(decode_totals(totals)?),
        };
        (folded, legacy)
    };
    let mut attempts = Vec::new();
    for (i, item) in value
        .get("attempts")
        .and_then(Json::as_array)
        .ok_or_else(|| unreadable("`attempts` is missing"))?
        .iter()
        .enumerate()
    {
        // Say which attempt, so a hand-edited file can be fixed.
        attempts.push(decode_attempt(item, version).map_err(|e| match e {
            SavedError::Unreadable(why) => {
                SavedError::Unreadable(format!("attempt {}: {why}", i + 1))
            }
            other => other,
        })?);
    }
    // Drills came with format 4; earlier files have none.
    let drills = if version < 4 {
        DrillLog::default()
    } else {
        decode_drills(
            value
                .get("drills")
                .ok_or_else(|| unreadable("`drills` is missing"))?,
            version,
        )?
    };
    // Every attempt is kept: earlier versions dropped attempts older than
    // their folded totals, which lost calls whenever a clock was wrong.
    let mut progress = Progress::from_parts(attempts, folded, legacy);
    progress.drills = drills;
    Ok(progress)
}

/// Reads a progress file chosen for import: refused whole if it is larger
/// than `IMPORT_LIMIT` or not a progress file of a known format.
pub fn decode_import(text: &str) -> Result<Progress, SavedError> {
    let bytes = text.len() as u64;
    if bytes > IMPORT_LIMIT {
        return Err(SavedError::TooLarge(bytes, IMPORT_LIMIT));
    }
    decode_progress(text)
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
