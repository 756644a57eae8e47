//! xAPI statements of academy calls: checked against the xAPI 1.0.3 rules
//! they rely on, by a validator written here from the specification.
//!
//! `Json` holds no fractional numbers, so before parsing, [`parse`] turns
//! each fractional number of the text into a marker object holding its
//! digits; the validator reads those markers as numbers, and a string or
//! any other value in their place still fails.

use std::collections::HashSet;

use callback_dojo::core::academy::xapi::*;
use callback_dojo::core::json::Json;

// ---------------------------------------------------------------- parsing

/// The key of the marker object that stands for a fractional number.
const DECIMAL: &str = "\u{0}decimal";

/// `Json::parse`, after wrapping each number with a fraction or exponent
/// (outside strings) as `{"\u0000decimal":"<digits>"}`.
fn parse(text: &str) -> Result<Json, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '-' || c.is_ascii_digit() {
            let mut number = c.to_string();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-') {
                    number.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if number.contains(['.', 'e', 'E']) {
                out.push_str(&format!("{{\"\\u0000decimal\":\"{number}\"}}"));
            } else {
                out.push_str(&number);
            }
        } else {
            out.push(c);
        }
    }
    Json::parse(&out).map_err(|e| format!("{e} in {out}"))
}

/// A JSON number as (mantissa, decimal places): 0.37 is (37, 2).
fn number(value: &Json) -> Option<(i128, u32)> {
    if let Some(n) = value.as_int() {
        return Some((i128::from(n), 0));
    }
    let Json::Object(fields) = value else {
        return None;
    };
    let [(key, Json::Str(text))] = fields.as_slice() else {
        return None;
    };
    if key != DECIMAL {
        return None;
    }
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (mantissa_text, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], rest[at + 1..].parse::<i32>().ok()?),
        None => (rest, 0),
    };
    let (whole, fraction) = match mantissa_text.split_once('.') {
        Some((w, f)) if !f.is_empty() => (w, f),
        Some(_) => return None,
        None => (mantissa_text, ""),
    };
    let digits_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_ok(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    if !fraction.is_empty() && !digits_ok(fraction) {
        return None;
    }
    let mut mantissa: i128 = format!("{whole}{fraction}").parse().ok()?;
    let mut places = fraction.len() as i32 - exponent;
    while places < 0 {
        mantissa *= 10;
        places += 1;
    }
    Some((if negative { -mantissa } else { mantissa }, places as u32))
}

/// Compares two numbers given as (mantissa, places).
fn compare(a: (i128, u32), b: (i128, u32)) -> std::cmp::Ordering {
    let scale = a.1.max(b.1);
    (a.0 * 10i128.pow(scale - a.1)).cmp(&(b.0 * 10i128.pow(scale - b.1)))
}

// -------------------------------------------------------------- validator

type Check = Result<(), String>;

fn fail<T>(what: &str, value: &Json) -> Result<T, String> {
    Err(format!("{what}: {}", value.to_text()))
}

fn props(value: &Json, allowed: &[&str], what: &str) -> Result<Vec<(String, Json)>, String> {
    let Json::Object(fields) = value else {
        return fail(&format!("{what} is not an object"), value);
    };
    let mut seen = HashSet::new();
    for (k, _) in fields {
        if !allowed.contains(&k.as_str()) {
            return fail(&format!("{what} has an unknown property {k:?}"), value);
        }
        if !seen.insert(k) {
            return fail(&format!("{what} repeats {k:?}"), value);
        }
    }
    Ok(fields.clone())
}

fn no_nulls(value: &Json) -> Check {
    match value {
        Json::Null => Err("a null value".into()),
        Json::Array(items) => items.iter().try_for_each(no_nulls),
        Json::Object(fields) => fields.iter().try_for_each(|(_, v)| no_nulls(v)),
        _ => Ok(()),
    }
}

/// Canonical lowercase 8-4-4-4-12, version 1-8, RFC 4122 variant (10xx).
fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
        && (b'1'..=b'8').contains(&b[14])
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// An absolute IRI: a scheme, a colon, a non-empty rest, nothing an IRI
/// forbids, and well-formed percent escapes.
fn is_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut s = scheme.chars();
    if !s.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !s.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        || rest.is_empty()
    {
        return false;
    }
    if rest
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
    {
        return false;
    }
    let b = rest.as_bytes();
    (0..b.len()).all(|i| {
        b[i] != b'%'
            || b.get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    })
}

/// A plain RFC 5646 tag such as "en-US": a 2-3 letter language, then
/// 1-8 character alphanumeric subtags.
fn is_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()))
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn language_map(value: &Json, what: &str) -> Check {
    let Json::Object(fields) = value else {
        return fail(&format!("{what} is not a language map"), value);
    };
    if fields.is_empty() {
        return fail(&format!("{what} is empty"), value);
    }
    for (tag, text) in fields {
        if !is_language(tag) || text.as_str().is_none_or(|t| t.trim().is_empty()) {
            return fail(
                &format!("{what} is not a language map of non-empty texts"),
                value,
            );
        }
    }
    Ok(())
}

fn extensions(value: &Json, what: &str) -> Check {
    let Json::Object(fields) = value else {
        return fail(&format!("{what} extensions are not an object"), value);
    };
    match fields.iter().find(|(k, _)| !is_iri(k)) {
        Some((k, _)) => Err(format!("{what} extension key {k:?} is not an IRI")),
        None => Ok(()),
    }
}

fn non_empty_str(value: &Json, what: &str) -> Check {
    match value.as_str() {
        Some(s) if !s.is_empty() => Ok(()),
        _ => fail(&format!("{what} is not a non-empty string"), value),
    }
}

fn agent(value: &Json) -> Check {
    let fields = props(
        value,
        &[
            "objectType",
            "name",
            "mbox",
            "mbox_sha1sum",
            "openid",
            "account",
        ],
        "actor",
    )?;
    let mut ifis = 0;
    for (key, v) in &fields {
        match key.as_str() {
            "objectType" if v.as_str() != Some("Agent") => return fail("actor objectType", v),
            "name" => non_empty_str(v, "actor name")?,
            "mbox" => {
                ifis += 1;
                let address = v.as_str().and_then(|m| m.strip_prefix("mailto:"));
                if !address.is_some_and(|a| {
                    a.contains('@') && !a.starts_with('@') && is_iri(&format!("mailto:{a}"))
                }) {
                    return fail("mbox is not a mailto IRI", v);
                }
            }
            "mbox_sha1sum" | "openid" => ifis += 1,
            "account" => {
                ifis += 1;
                let parts = props(v, &["homePage", "name"], "account")?;
                if parts.len() != 2 {
                    return fail("account needs homePage and name", v);
                }
                if !v.get("homePage").and_then(Json::as_str).is_some_and(is_iri) {
                    return fail("account homePage is not an IRI", v);
                }
                non_empty_str(v.get("name").unwrap_or(&Json::Null), "account name")?;
            }
            _ => {}
        }
    }
    if ifis != 1 {
        return fail(&format!("actor has {ifis} identifiers, not one"), value);
    }
    Ok(())
}

const INTERACTION_TYPES: [&str; 10] = [
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

fn activity(value: &Json) -> Check {
    let fields = props(value, &["objectType", "id", "definition"], "activity")?;
    if fields
        .iter()
        .any(|(k, v)| k == "objectType" && v.as_str() != Some("Activity"))
    {
        return fail("activity objectType", value);
    }
    if !value.get("id").and_then(Json::as_str).is_some_and(is_iri) {
        return fail("activity id is not an IRI", value);
    }
    let Some(definition) = value.get("definition") else {
        return Ok(());
    };
    let parts = props(
        definition,
        &[
            "name",
            "description",
            "type",
            "moreInfo",
            "interactionType",
            "correctResponsesPattern",
            "choices",
            "scale",
            "source",
            "target",
            "steps",
            "extensions",
        ],
        "definition",
    )?;
    for (key, v) in &parts {
        match key.as_str() {
            "name" | "description" => language_map(v, key)?,
            "type" | "moreInfo" if !v.as_str().is_some_and(is_iri) => {
                return fail(&format!("{key} is not an IRI"), v)
            }
            "extensions" => extensions(v, "definition")?,
            _ => {}
        }
    }
    let components = ["choices", "scale", "source", "target", "steps"];
    let Some(kind) = definition.get("interactionType") else {
        if parts
            .iter()
            .any(|(k, _)| components.contains(&k.as_str()) || k == "correctResponsesPattern")
        {
            return fail("interaction properties without interactionType", definition);
        }
        return Ok(());
    };
    if !kind
        .as_str()
        .is_some_and(|k| INTERACTION_TYPES.contains(&k))
    {
        return fail("interactionType", kind);
    }
    let mut ids = HashSet::new();
    if let Some(choices) = definition.get("choices") {
        let Some(list) = choices.as_array().filter(|l| !l.is_empty()) else {
            return fail("choices is not a non-empty array", choices);
        };
        for choice in list {
            props(choice, &["id", "description"], "choice")?;
            let id = choice.get("id").and_then(Json::as_str).unwrap_or("");
            if id.is_empty() || !ids.insert(id.to_string()) {
                return fail("choice ids must be non-empty and unique", choices);
            }
            if let Some(d) = choice.get("description") {
                language_map(d, "choice description")?;
            }
        }
    }
    let kind = kind.as_str().unwrap_or("");
    if matches!(kind, "choice" | "sequencing") && ids.is_empty() {
        return fail("a choice interaction without choices", definition);
    }
    if let Some(pattern) = definition.get("correctResponsesPattern") {
        let Some(list) = pattern.as_array() else {
            return fail("correctResponsesPattern is not an array", pattern);
        };
        for p in list {
            let Some(text) = p.as_str() else {
                return fail("a pattern is not a string", p);
            };
            if kind == "choice" && !text.split("[,]").all(|id| ids.contains(id)) {
                return fail("a pattern names an id that is not a choice", pattern);
            }
        }
    }
    Ok(())
}

/// True for an ISO 8601 duration such as "PT754S" or "P1DT2H".
fn is_duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return false,
        None => (rest, None),
    };
    let units = |part: &str, allowed: &str| {
        let mut digits = 0;
        let mut order = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || (c == '.' && digits > 0) {
                digits += 1;
            } else if let Some(at) = allowed.find(c).filter(|&at| at >= order && digits > 0) {
                order = at + 1;
                digits = 0;
            } else {
                return false;
            }
        }
        digits == 0
    };
    (!date.is_empty() || time.is_some())
        && units(date, "YMWD")
        && time.is_none_or(|t| units(t, "HMS"))
}

/// True for an ISO 8601 date and time with seconds and a zone, checked
/// against the calendar (leap years included).
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = text.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = (
        num(0, 4),
        num(5, 2),
        num(8, 2),
        num(11, 2),
        num(14, 2),
        num(17, 2),
    ) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo) || d == 0 || d > days[mo as usize - 1] || h > 23 || mi > 59 || s > 59
    {
        return false;
    }
    let mut zone = &text[19..];
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        zone = &fraction[digits..];
    }
    zone == "Z"
        || (zone.len() == 6
            && matches!(&zone[..1], "+" | "-")
            && zone.as_bytes()[3] == b':'
            && zone[1..3].parse::<u32>().is_ok_and(|h| h < 24)
            && zone[4..].parse::<u32>().is_ok_and(|m| m < 60))
}

fn result(value: &Json) -> Check {
    let parts = props(
        value,
        &[
            "score",
            "success",
            "completion",
            "response",
            "duration",
            "extensions",
        ],
        "result",
    )?;
    for (key, v) in &parts {
        match key.as_str() {
            "success" | "completion" if !matches!(v, Json::Bool(_)) => return fail(key, v),
            "response" if v.as_str().is_none() => return fail("response", v),
            "duration" if !v.as_str().is_some_and(is_duration) => return fail("duration", v),
            "extensions" => extensions(v, "result")?,
            "score" => {
                props(v, &["scaled", "raw", "min", "max"], "score")?;
                let get = |k| {
                    v.get(k).map(|n| {
                        number(n)
                            .ok_or_else(|| format!("score {k} is not a number: {}", v.to_text()))
                    })
                };
                let [scaled, raw, min, max] = ["scaled", "raw", "min", "max"].map(get);
                use std::cmp::Ordering::*;
                if let Some(scaled) = scaled.transpose()? {
                    if compare(scaled, (-1, 0)) == Less || compare(scaled, (1, 0)) == Greater {
                        return fail("scaled is outside [-1, 1]", v);
                    }
                }
                let (raw, min, max) = (raw.transpose()?, min.transpose()?, max.transpose()?);
                if let (Some(min), Some(max)) = (min, max) {
                    if compare(min, max) != Less {
                        return fail("min is not below max", v);
                    }
                }
                if let Some(raw) = raw {
                    if min.is_some_and(|m| compare(raw, m) == Less)
                        || max.is_some_and(|m| compare(raw, m) == Greater)
                    {
                        return fail("raw is outside [min, max]", v);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn context(value: &Json) -> Check {
    let parts = props(
        value,
        &[
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
        ],
        "context",
    )?;
    for (key, v) in &parts {
        match key.as_str() {
            "registration" if !v.as_str().is_some_and(is_uuid) => return fail("registration", v),
            "platform" | "revision" => non_empty_str(v, key)?,
            "language" if !v.as_str().is_some_and(is_language) => return fail("language", v),
            "extensions" => extensions(v, "context")?,
            "contextActivities" => {
                for (kind, list) in props(
                    v,
                    &["parent", "grouping", "category", "other"],
                    "contextActivities",
                )? {
                    match &list {
                        Json::Array(items) if !items.is_empty() => {
                            items.iter().try_for_each(activity)?
                        }
                        Json::Object(_) => activity(&list)?,
                        _ => return fail(&format!("contextActivities {kind}"), &list),
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks one statement's text against the xAPI 1.0.3 rules relied on.
fn validate(text: &str) -> Check {
    let statement = parse(text)?;
    no_nulls(&statement)?;
    let parts = props(
        &statement,
        &[
            "id",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "stored",
            "authority",
            "version",
            "attachments",
        ],
        "statement",
    )?;
    for required in ["id", "actor", "verb", "object"] {
        if statement.get(required).is_none() {
            return fail(&format!("no {required}"), &statement);
        }
    }
    for (key, v) in &parts {
        match key.as_str() {
            "id" if !v.as_str().is_some_and(is_uuid) => {
                return fail("id is not a canonical UUID", v)
            }
            "actor" => agent(v)?,
            "verb" => {
                props(v, &["id", "display"], "verb")?;
                if !v.get("id").and_then(Json::as_str).is_some_and(is_iri) {
                    return fail("verb id is not an IRI", v);
                }
                if let Some(display) = v.get("display") {
                    language_map(display, "verb display")?;
                }
            }
            "object" => activity(v)?,
            "result" => result(v)?,
            "context" => context(v)?,
            "timestamp" if !v.as_str().is_some_and(is_timestamp) => return fail("timestamp", v),
            "version" if !v.as_str().is_some_and(|s| s.starts_with("1.0.")) => {
                return fail("version", v)
            }
            _ => {}
        }
    }
    Ok(())
}

// ----------------------------------------------------------- generation

/// SplitMix64: a small seeded generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    /// A text made of awkward pieces: quotes, backslashes, control
    /// characters, accents, emoji, slashes, percent signs.
    fn text(&mut self) -> String {
        const PIECES: [&str; 14] = [
            "Dana",
            " ",
            "\"quoted\"",
            "back\\slash",
            "é",
            "😀",
            "日本語",
            "line\nbreak",
            "\t",
            "\u{1}",
            "50% off",
            "a/b",
            "O'Neil",
            "{}[],:",
        ];
        (0..1 + self.below(4)).map(|_| self.pick(&PIECES)).collect()
    }
}

const MOVES: [&str; 7] = [
    "ask-reason",
    "offer-slot",
    "accept-callback",
    "name-value",
    "odd key/with space",
    "clé",
    "ask-reason", // repeated on purpose: options may hold a key twice
];

fn generated_call(rng: &mut Rng) -> CallRecord {
    let decisions = (0..1 + rng.below(12))
        .map(|i| {
            let options = (0..1 + rng.below(4))
                .map(|_| (rng.pick(&MOVES).to_string(), rng.text()))
                .collect::<Vec<_>>();
            let (chosen_move, chosen) = if rng.below(5) == 0 {
                ("not-offered".to_string(), rng.text())
            } else {
                options[rng.below(options.len() as u64) as usize].clone()
            };
            DecisionRecord {
                index: i as u16,
                phase: rng.pick(&["opener", "diagnosis", "close", ""]).to_string(),
                prompt: rng.text(),
                chosen,
                chosen_move,
                options,
                percent: rng.below(101) as u8,
                best: rng.below(2) == 0,
                principles: (0..rng.below(4))
                    .map(|_| (rng.pick(&MOVES).to_string(), rng.below(2) == 0))
                    .collect(),
            }
        })
        .collect();
    let mut registration = [0u8; 16];
    registration.iter_mut().for_each(|b| *b = rng.next() as u8);
    let started_at = rng.below(4_000_000_000);
    CallRecord {
        class: (rng.below(2) == 0).then(|| ClassRef {
            registration,
            title: rng.text(),
            id: rng.pick(&["k3f9x2", "a b/c", ""]).to_string(),
        }),
        call_number: 1 + rng.below(20) as u8,
        seed: rng.next(),
        level: rng
            .pick(&["easy", "normal", "hard", "odd level/é"])
            .to_string(),
        started_at,
        finished_at: started_at + rng.below(2_000),
        score: rng.below(101) as u8,
        outcome: rng.pick(&["booked", "callback", ""]).to_string(),
        persona: rng.text(),
        decisions,
        diagnosis: (rng.below(2) == 0).then(|| Diagnosis {
            guess: rng.pick(&["true", "sincere", "brush-off"]).to_string(),
            confidence: 33 + rng.below(68) as u8,
            truth: rng.pick(&["true", "sincere", "brush-off"]).to_string(),
            percent: rng.below(101) as u8,
        }),
    }
}

fn generated_actor(rng: &mut Rng) -> Actor {
    Actor {
        name: rng.text(),
        mbox: match rng.below(3) {
            0 => Some("mailto:dana@example.com".into()),
            1 => Some("lee@example.org".into()),
            _ => None,
        },
        account: (rng.below(2) == 0).then(|| ("https://lms.example.com/".to_string(), rng.text())),
    }
}

fn sample_actor() -> Actor {
    Actor {
        name: "Dana \"D\" O\\Neil é😀".into(),
        mbox: Some("mailto:dana@example.com".into()),
        account: None,
    }
}

fn sample_call() -> CallRecord {
    CallRecord {
        class: Some(ClassRef {
            registration: [
                0x6f, 0x1e, 0x7c, 0x2a, 0x3b, 0x4d, 0x4e, 0x5f, 0x8a, 0x9b, 0x0c, 0x1d, 0x2e, 0x3f,
                0x4a, 0x5b,
            ],
            title: "Tuesday cohort".into(),
            id: "k3f9x2".into(),
        }),
        call_number: 2,
        seed: 18_446_744_073_709_551_557,
        level: "normal".into(),
        started_at: 1_796_021_394,
        finished_at: 1_796_021_994,
        score: 87,
        outcome: "booked".into(),
        persona: "Jordan Reyes".into(),
        decisions: vec![
            DecisionRecord {
                index: 0,
                phase: "opener".into(),
                prompt: "Can you call me back next month?".into(),
                chosen: "Sure. What makes next month better?".into(),
                chosen_move: "ask-reason".into(),
                options: vec![
                    (
                        "ask-reason".into(),
                        "Sure. What makes next month better?".into(),
                    ),
                    ("accept-callback".into(), "No problem, talk then.".into()),
                ],
                percent: 100,
                best: true,
                principles: vec![("find-the-reason".into(), true)],
            },
            DecisionRecord {
                index: 1,
                phase: "diagnosis".into(),
                prompt: "We're in the middle of a budget freeze.".into(),
                chosen: "Then let's pick a day now.".into(),
                chosen_move: "offer-slot".into(),
                options: vec![
                    ("offer-slot".into(), "Then let's pick a day now.".into()),
                    (
                        "name-value".into(),
                        "Understood. One question first.".into(),
                    ),
                ],
                percent: 37,
                best: false,
                principles: vec![
                    ("find-the-reason".into(), true),
                    ("no-pressure".into(), false),
                ],
            },
        ],
        diagnosis: Some(Diagnosis {
            guess: "sincere".into(),
            confidence: 80,
            truth: "sincere".into(),
            percent: 100,
        }),
    }
}

fn parsed(actor: &Actor, call: &CallRecord) -> Vec<Json> {
    statements(actor, call)
        .iter()
        .map(|t| parse(t).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn path<'a>(value: &'a Json, keys: &[&str]) -> &'a Json {
    keys.iter()
        .try_fold(value, |v, k| v.get(k))
        .unwrap_or_else(|| panic!("no {keys:?} in {}", value.to_text()))
}

fn text_at<'a>(value: &'a Json, keys: &[&str]) -> &'a str {
    path(value, keys)
        .as_str()
        .unwrap_or_else(|| panic!("{keys:?} is not a string"))
}

fn ids(actor: &Actor, call: &CallRecord) -> Vec<String> {
    parsed(actor, call)
        .iter()
        .map(|s| text_at(s, &["id"]).to_string())
        .collect()
}

// ------------------------------------------------------------------ tests

#[test]
fn generated_calls_give_valid_statements() {
    let mut rng = Rng(7);
    let mut seen_counts = HashSet::new();
    for _ in 0..400 {
        let (actor, call) = (generated_actor(&mut rng), generated_call(&mut rng));
        let texts = statements(&actor, &call);
        for text in &texts {
            if let Err(why) = validate(text) {
                panic!("{why}\nin {text}");
            }
        }
        seen_counts.insert((
            call.decisions.len(),
            call.class.is_some(),
            call.diagnosis.is_some(),
        ));
    }
    // The generator reached every length with and without class and diagnosis.
    assert_eq!(seen_counts.len(), 12 * 2 * 2);
}

#[test]
fn a_call_gives_attempted_answers_and_completed_in_order() {
    for n in [1usize, 5, 12] {
        for diagnosis in [false, true] {
            let mut call = sample_call();
            call.decisions = (0..n)
                .map(|i| DecisionRecord {
                    index: i as u16,
                    ..sample_call().decisions[0].clone()
                })
                .collect();
            if !diagnosis {
                call.diagnosis = None;
            }
            let verbs: Vec<String> = parsed(&sample_actor(), &call)
                .iter()
                .map(|s| text_at(s, &["verb", "id"]).to_string())
                .collect();
            let verb = |v: &str| format!("http://adlnet.gov/expapi/verbs/{v}");
            let mut expected = vec![verb("attempted")];
            expected.extend(std::iter::repeat_n(
                verb("answered"),
                n + usize::from(diagnosis),
            ));
            expected.push(verb("completed"));
            assert_eq!(verbs, expected, "{n} decisions, diagnosis {diagnosis}");
        }
    }
}

#[test]
fn statement_text_parses_back_and_writes_the_same() {
    let mut rng = Rng(11);
    for _ in 0..100 {
        let (actor, mut call) = (generated_actor(&mut rng), generated_call(&mut rng));
        for text in statements(&actor, &call) {
            // Compact text in, compact text out: nothing lost or reordered
            // (fractions travel as markers, see `parse`).
            let json = parse(&text).expect("parses");
            let back = json.to_text().replace("{\"\\u0000decimal\":\"", "\u{1}");
            let back = back
                .split('\u{1}')
                .enumerate()
                .fold(String::new(), |mut out, (i, part)| {
                    if i == 0 {
                        out.push_str(part);
                    } else {
                        let (digits, rest) = part.split_once("\"}").expect("a closed marker");
                        out.push_str(digits);
                        out.push_str(rest);
                    }
                    out
                });
            assert_eq!(back, text);
        }
        // With whole scores only, Json::parse reads the text unaided.
        call.score = 100;
        call.decisions.iter_mut().for_each(|d| d.percent = 0);
        if let Some(g) = &mut call.diagnosis {
            g.percent = 100;
        }
        for text in statements(&actor, &call) {
            assert_eq!(Json::parse(&text).map(|j| j.to_text()), Ok(text.clone()));
        }
    }
}

#[test]
fn scaled_scores_are_exact_decimals() {
    for (score, scaled) in [
        (0u8, "0"),
        (37, "0.37"),
        (100, "1"),
        (7, "0.07"),
        (50, "0.5"),
        (255, "1"),
    ] {
        let mut call = sample_call();
        call.score = score;
        let texts = statements(&sample_actor(), &call);
        let completed = texts.last().expect("a completed statement");
        let raw = score.min(100);
        assert!(
            completed.contains(&format!(
                "\"score\":{{\"scaled\":{scaled},\"raw\":{raw},\"min\":0,\"max\":100}}"
            )),
            "{completed}"
        );
        let json = parse(completed).expect("parses");
        let got = number(path(&json, &["result", "score", "scaled"])).expect("a number");
        assert_eq!(
            compare(got, (i128::from(raw), 2)),
            std::cmp::Ordering::Equal
        );
    }
    // Decisions carry their own percent.
    let all = parsed(&sample_actor(), &sample_call());
    let scaled = |s: &Json| number(path(s, &["result", "score", "scaled"]));
    assert_eq!(scaled(&all[1]), Some((1, 0)));
    assert_eq!(scaled(&all[2]), Some((37, 2)));
}

#[test]
fn timestamps_of_known_instants() {
    assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
    assert_eq!(timestamp(1_709_208_000), "2024-02-29T12:00:00Z");
    assert_eq!(timestamp(1_709_251_199), "2024-02-29T23:59:59Z");
    assert_eq!(timestamp(1_709_251_200), "2024-03-01T00:00:00Z");
    assert_eq!(timestamp(1_796_021_994), "2026-11-30T06:59:54Z");
    assert_eq!(timestamp(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(timestamp(4_107_542_400), "2100-03-01T00:00:00Z");
    assert_eq!(timestamp(253_402_300_799), "9999-12-31T23:59:59Z");
    assert_eq!(timestamp(u64::MAX), "9999-12-31T23:59:59Z");
    // Every day boundary for 30 years is a valid, increasing timestamp.
    let mut last = String::new();
    for day in (0..11_000u64).step_by(7) {
        let t = timestamp(day * 86_400 + 86_399);
        assert!(is_timestamp(&t) && t > last, "{t}");
        last = t;
    }
}

#[test]
fn statements_carry_the_call_times() {
    let all = parsed(&sample_actor(), &sample_call());
    assert_eq!(text_at(&all[0], &["timestamp"]), "2026-11-30T06:49:54Z");
    for s in &all[1..] {
        assert_eq!(text_at(s, &["timestamp"]), "2026-11-30T06:59:54Z");
    }
    assert_eq!(text_at(&all[4], &["result", "duration"]), "PT600S");
    let mut broken = sample_call();
    broken.finished_at = broken.started_at - 1;
    let all = parsed(&sample_actor(), &broken);
    assert!(all[4]
        .get("result")
        .and_then(|r| r.get("duration"))
        .is_none());
}

#[test]
fn uuid_text_is_canonical_and_v5_matches_known_values() {
    assert_eq!(uuid_text(&[0; 16]), "00000000-0000-0000-0000-000000000000");
    let bytes: [u8; 16] = core::array::from_fn(|i| (i as u8) * 17);
    assert_eq!(uuid_text(&bytes), "00112233-4455-6677-8899-aabbccddeeff");
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") and
    // uuid.uuid5(uuid.NAMESPACE_URL, "https://callback-dojo.app/xapi").
    let dns = [
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ];
    let url = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ];
    assert_eq!(
        uuid_text(&uuid_v5(&dns, b"python.org")),
        "886313e1-3b8a-5372-9b90-0c9aee199e5d"
    );
    assert_eq!(
        uuid_text(&uuid_v5(&url, IRI.as_bytes())),
        "2ea787ed-66b2-5919-b381-5a1f37f892c6"
    );
    // A name longer than one SHA-1 block (Python: uuid5(NAMESPACE_URL, "a" * 100)).
    assert_eq!(
        uuid_text(&uuid_v5(&url, &[b'a'; 100])),
        "864949eb-2508-5b93-a1e7-0fe6ca888495"
    );
}

#[test]
fn every_statement_id_is_a_version_5_uuid_with_the_rfc_variant() {
    let mut rng = Rng(3);
    for _ in 0..50 {
        for id in ids(&generated_actor(&mut rng), &generated_call(&mut rng)) {
            let b = id.as_bytes();
            assert_eq!(b[14], b'5', "{id}");
            assert!(matches!(b[19], b'8' | b'9' | b'a' | b'b'), "{id}");
            assert!(is_uuid(&id), "{id}");
        }
    }
}

#[test]
fn ids_are_unique_and_the_same_when_remade() {
    let mut rng = Rng(5);
    let mut all = HashSet::new();
    let mut count = 0;
    for _ in 0..200 {
        let (actor, call) = (generated_actor(&mut rng), generated_call(&mut rng));
        let first = ids(&actor, &call);
        assert_eq!(
            first,
            ids(&actor.clone(), &call.clone()),
            "re-made ids differ"
        );
        count += first.len();
        all.extend(first);
    }
    assert_eq!(all.len(), count, "an id repeats within or across calls");
}

#[test]
fn each_part_of_the_call_changes_every_id() {
    let actor = sample_actor();
    let call = sample_call();
    let base: HashSet<String> = ids(&actor, &call).into_iter().collect();
    assert_eq!(base.len(), 5);
    let mut variants: Vec<(&str, Actor, CallRecord)> = Vec::new();
    let mut a = actor.clone();
    a.mbox = Some("mailto:lee@example.com".into());
    variants.push(("mbox", a, call.clone()));
    let mut a = actor.clone();
    a.mbox = None;
    a.account = Some(("https://lms.example.com/".into(), "dana".into()));
    variants.push(("account", a.clone(), call.clone()));
    a.account = Some(("https://lms.example.com/".into(), "lee".into()));
    variants.push(("account name", a.clone(), call.clone()));
    a.account = None;
    variants.push(("fallback account", a, call.clone()));
    let mut c = call.clone();
    c.class = None;
    variants.push(("no class", actor.clone(), c));
    let mut c = call.clone();
    if let Some(class) = &mut c.class {
        class.registration[15] ^= 1;
    }
    variants.push(("registration", actor.clone(), c));
    let mut c = call.clone();
    c.seed ^= 1;
    variants.push(("seed", actor.clone(), c));
    let mut c = call.clone();
    c.level = "hard".into();
    variants.push(("level", actor.clone(), c));
    let mut c = call.clone();
    c.call_number = 3;
    variants.push(("call number", actor.clone(), c));
    let mut c = call.clone();
    c.started_at += 86_400;
    c.finished_at += 86_400;
    variants.push(("start time", actor.clone(), c));
    for (what, actor, call) in variants {
        for id in ids(&actor, &call) {
            assert!(!base.contains(&id), "changing the {what} kept id {id}");
        }
    }
    // What the id does not depend on: the display name (the mbox identifies),
    // the texts, the score.
    let mut a = actor.clone();
    a.name = "Someone else".into();
    let mut c = call.clone();
    c.score = 12;
    c.persona = "Other".into();
    c.decisions[0].prompt = "Other".into();
    assert_eq!(ids(&a, &c).into_iter().collect::<HashSet<_>>(), base);
}

#[test]
fn the_actor_has_exactly_one_identifier() {
    let with = |mbox: Option<&str>, account: Option<(&str, &str)>, name: &str| {
        let actor = Actor {
            name: name.into(),
            mbox: mbox.map(str::to_string),
            account: account.map(|(h, n)| (h.to_string(), n.to_string())),
        };
        parsed(&actor, &sample_call())[0]
            .get("actor")
            .cloned()
            .expect("an actor")
    };
    let both = with(
        Some("mailto:a@b.co"),
        Some(("https://lms.example.com/", "a")),
        "A",
    );
    assert_eq!(
        both.to_text(),
        r#"{"objectType":"Agent","name":"A","mbox":"mailto:a@b.co"}"#
    );
    let bare = with(Some(" a@b.co "), None, "A");
    assert_eq!(
        bare.get("mbox").and_then(Json::as_str),
        Some("mailto:a@b.co")
    );
    let account = with(Some(""), Some(("https://lms.example.com/", "u-17")), "");
    assert_eq!(
        account.to_text(),
        r#"{"objectType":"Agent","account":{"homePage":"https://lms.example.com/","name":"u-17"}}"#
    );
    let fallback = with(None, Some(("", "u-17")), "Dana \"D\"");
    assert_eq!(
        fallback.get("account").map(Json::to_text).as_deref(),
        Some(r#"{"homePage":"https://callback-dojo.app/xapi/trainees","name":"Dana \"D\""}"#)
    );
    let nameless = with(None, None, "  ");
    assert_eq!(
        nameless.to_text(),
        r#"{"objectType":"Agent","account":{"homePage":"https://callback-dojo.app/xapi/trainees","name":"anonymous"}}"#
    );
    for actor in [both, bare, account, fallback, nameless] {
        agent(&actor).expect("a valid agent");
    }
}

#[test]
fn an_answered_decision_says_what_was_chosen_and_how_it_scored() {
    let all = parsed(&sample_actor(), &sample_call());
    let call_iri = format!("{IRI}/calls/normal/18446744073709551557");
    assert_eq!(text_at(&all[0], &["object", "id"]), call_iri);
    assert_eq!(
        text_at(&all[0], &["object", "definition", "type"]),
        "http://adlnet.gov/expapi/activities/simulation"
    );
    let (first, second) = (&all[1], &all[2]);
    assert_eq!(
        text_at(first, &["object", "id"]),
        format!("{call_iri}/decisions/0")
    );
    assert_eq!(
        text_at(second, &["object", "id"]),
        format!("{call_iri}/decisions/1/after/ask-reason")
    );
    let definition = path(second, &["object", "definition"]);
    assert_eq!(
        text_at(definition, &["type"]),
        "http://adlnet.gov/expapi/activities/cmi.interaction"
    );
    assert_eq!(text_at(definition, &["interactionType"]), "choice");
    assert_eq!(
        text_at(definition, &["description", "en-US"]),
        "The prospect says: We're in the middle of a budget freeze."
    );
    assert_eq!(
        path(definition, &["choices"]).to_text(),
        r#"[{"id":"offer-slot","description":{"en-US":"Then let's pick a day now."}},{"id":"name-value","description":{"en-US":"Understood. One question first."}}]"#
    );
    // The best move is known only when the trainee chose it.
    assert_eq!(
        path(first, &["object", "definition", "correctResponsesPattern"]).to_text(),
        r#"["ask-reason"]"#
    );
    assert!(definition.get("correctResponsesPattern").is_none());
    assert_eq!(text_at(second, &["result", "response"]), "offer-slot");
    assert_eq!(path(second, &["result", "success"]), &Json::Bool(false));
    assert_eq!(path(first, &["result", "success"]), &Json::Bool(true));
    assert_eq!(
        path(second, &["result", "extensions"]).to_text(),
        format!(
            r#"{{"{IRI}/extensions/principles":{{"find-the-reason":"followed","no-pressure":"broken"}}}}"#
        )
    );
    let context = path(second, &["context"]);
    assert_eq!(
        path(context, &["contextActivities", "parent"]).to_text(),
        format!(r#"[{{"objectType":"Activity","id":"{call_iri}"}}]"#)
    );
    assert!(all[0]
        .get("context")
        .and_then(|c| c.get("contextActivities"))
        .and_then(|c| c.get("parent"))
        .is_none());
}

#[test]
fn the_chosen_move_is_always_a_choice_and_choice_ids_are_unique() {
    let mut call = sample_call();
    let d = &mut call.decisions[0];
    d.options
        .push(("ask-reason".into(), "A second text for the same key".into()));
    d.chosen_move = "improvised".into();
    d.chosen = "Something else".into();
    let all = parsed(&sample_actor(), &call);
    let choices = path(&all[1], &["object", "definition", "choices"])
        .as_array()
        .expect("choices")
        .to_vec();
    let keys: Vec<&str> = choices.iter().map(|c| text_at(c, &["id"])).collect();
    assert_eq!(keys, ["ask-reason", "accept-callback", "improvised"]);
    assert_eq!(
        text_at(&choices[2], &["description", "en-US"]),
        "Something else"
    );
}

#[test]
fn the_diagnosis_is_answered_with_confidence_and_truth() {
    let mut call = sample_call();
    let all = parsed(&sample_actor(), &call);
    let diagnosis = &all[3];
    assert_eq!(
        text_at(diagnosis, &["verb", "id"]),
        "http://adlnet.gov/expapi/verbs/answered"
    );
    assert_eq!(
        text_at(diagnosis, &["object", "id"]),
        format!("{IRI}/calls/normal/18446744073709551557/diagnosis")
    );
    assert_eq!(text_at(diagnosis, &["result", "response"]), "sincere");
    assert_eq!(path(diagnosis, &["result", "success"]), &Json::Bool(true));
    let extensions = path(diagnosis, &["result", "extensions"]);
    assert_eq!(
        extensions.get(&format!("{IRI}/extensions/confidence")),
        Some(&Json::Int(80))
    );
    assert_eq!(
        extensions
            .get(&format!("{IRI}/extensions/truth"))
            .and_then(Json::as_str),
        Some("sincere")
    );
    assert_eq!(
        path(
            diagnosis,
            &["object", "definition", "correctResponsesPattern"]
        )
        .to_text(),
        r#"["sincere"]"#
    );
    if let Some(g) = &mut call.diagnosis {
        g.guess = "brush-off".into();
    }
    let all = parsed(&sample_actor(), &call);
    assert_eq!(path(&all[3], &["result", "success"]), &Json::Bool(false));
}

#[test]
fn completed_passes_from_the_pass_mark() {
    for (score, success) in [
        (0u8, false),
        (PASS_PERCENT - 1, false),
        (PASS_PERCENT, true),
        (100, true),
    ] {
        let mut call = sample_call();
        call.score = score;
        let all = parsed(&sample_actor(), &call);
        let completed = all.last().expect("completed");
        assert_eq!(
            text_at(completed, &["verb", "id"]),
            "http://adlnet.gov/expapi/verbs/completed"
        );
        assert_eq!(
            path(completed, &["result", "success"]),
            &Json::Bool(success),
            "score {score}"
        );
        assert_eq!(
            path(completed, &["result", "completion"]),
            &Json::Bool(true)
        );
        assert_eq!(
            path(completed, &["result", "score", "raw"]),
            &Json::Int(i64::from(score))
        );
    }
}

#[test]
fn the_context_names_the_class_session_and_the_call() {
    let all = parsed(&sample_actor(), &sample_call());
    for s in &all {
        let context = path(s, &["context"]);
        assert_eq!(
            text_at(context, &["registration"]),
            "6f1e7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
        );
        let grouping = path(context, &["contextActivities", "grouping"])
            .as_array()
            .expect("an array");
        assert_eq!(
            text_at(&grouping[0], &["id"]),
            format!("{IRI}/sessions/k3f9x2")
        );
        assert_eq!(
            text_at(&grouping[0], &["definition", "name", "en-US"]),
            "Tuesday cohort"
        );
        assert_eq!(text_at(context, &["platform"]), "Callback Dojo");
        assert_eq!(text_at(context, &["language"]), "en-US");
        let extensions = path(context, &["extensions"]);
        assert_eq!(
            extensions
                .get(&format!("{IRI}/extensions/seed"))
                .and_then(Json::as_str),
            Some("18446744073709551557")
        );
        assert_eq!(
            extensions.get(&format!("{IRI}/extensions/call-number")),
            Some(&Json::Int(2))
        );
        assert_eq!(
            extensions
                .get(&format!("{IRI}/extensions/level"))
                .and_then(Json::as_str),
            Some("normal")
        );
        // xAPI 1.0.3 asks providers not to set the version; the LRS does.
        assert!(s.get("version").is_none());
    }
    let mut solo = sample_call();
    solo.class = None;
    for s in parsed(&sample_actor(), &solo) {
        let context = path(&s, &["context"]);
        assert!(context.get("registration").is_none());
        assert!(context
            .get("contextActivities")
            .and_then(|c| c.get("grouping"))
            .is_none());
    }
}

#[test]
fn keys_from_the_record_cannot_break_the_iris() {
    let mut call = sample_call();
    call.level = "very hard/é".into();
    call.decisions[0].chosen_move = "a b/c?d#e".into();
    if let Some(class) = &mut call.class {
        class.id = "x y".into();
    }
    let all = parsed(&sample_actor(), &call);
    let base = format!("{IRI}/calls/very%20hard%2F%C3%A9/18446744073709551557");
    assert_eq!(text_at(&all[0], &["object", "id"]), base);
    assert_eq!(
        text_at(&all[2], &["object", "id"]),
        format!("{base}/decisions/1/after/a%20b%2Fc%3Fd%23e")
    );
    let grouping = path(&all[0], &["context", "contextActivities", "grouping"])
        .as_array()
        .expect("an array");
    assert_eq!(
        text_at(&grouping[0], &["id"]),
        format!("{IRI}/sessions/x%20y")
    );
    for text in statements(&sample_actor(), &call) {
        validate(&text).expect("valid");
    }
}

#[test]
fn the_validator_rejects_what_xapi_forbids() {
    let good = statements(&sample_actor(), &sample_call());
    let answered = &good[2];
    validate(answered).expect("the sample is valid");
    let id = text_at(&parse(answered).expect("parses"), &["id"]).to_string();
    let breaks: [(&str, String); 22] = [
        (
            "a null",
            answered.replacen("\"success\":false", "\"success\":null", 1),
        ),
        (
            "an uppercase id",
            answered.replacen(&id, &id.to_uppercase(), 1),
        ),
        (
            "a wrong variant",
            answered.replacen(&id, &format!("{}c{}", &id[..19], &id[20..]), 1),
        ),
        (
            "two identifiers",
            answered.replacen(
                "\"mbox\"",
                "\"account\":{\"homePage\":\"https://x.example/\",\"name\":\"n\"},\"mbox\"",
                1,
            ),
        ),
        (
            "no identifier",
            answered.replacen("\"mbox\":\"mailto:dana@example.com\"", "\"x\":1", 1),
        ),
        (
            "mbox without mailto",
            answered.replacen("mailto:dana@example.com", "dana@example.com", 1),
        ),
        (
            "a relative verb id",
            answered.replacen("http://adlnet.gov/expapi/verbs/answered", "answered", 1),
        ),
        (
            "an activity id with a space",
            answered.replacen("decisions/1", "decisions 1", 1),
        ),
        (
            "display not a language map",
            answered.replacen(
                "\"display\":{\"en-US\":\"answered\"}",
                "\"display\":\"answered\"",
                1,
            ),
        ),
        (
            "a bad language tag",
            answered.replacen("\"display\":{\"en-US\"", "\"display\":{\"english us\"", 1),
        ),
        (
            "scaled above 1",
            answered.replacen("\"scaled\":0.37", "\"scaled\":1.37", 1),
        ),
        (
            "scaled as a string",
            answered.replacen("\"scaled\":0.37", "\"scaled\":\"0.37\"", 1),
        ),
        (
            "raw above max",
            answered.replacen("\"raw\":37", "\"raw\":137", 1),
        ),
        (
            "a bad registration",
            answered.replacen("6f1e7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "class-7", 1),
        ),
        (
            "a bad timestamp",
            answered.replacen("2026-11-30T06:59:54Z", "2026-02-30T06:59:54Z", 1),
        ),
        ("no zone", answered.replacen("06:59:54Z", "06:59:54", 1)),
        (
            "an unknown interaction type",
            answered.replacen("\"choice\"", "\"multiple\"", 1),
        ),
        (
            "no choices",
            answered.replacen("\"choices\"", "\"other\"", 1),
        ),
        (
            "an extension key not an IRI",
            answered.replacen(&format!("{IRI}/extensions/principles"), "principles", 1),
        ),
        (
            "an unknown property",
            answered.replacen("\"timestamp\"", "\"when\"", 1),
        ),
        (
            "a bad duration",
            good[4].replacen("PT600S", "600 seconds", 1),
        ),
        (
            "a version not 1.0.x",
            answered.replacen("{\"id\"", "{\"version\":\"2.0.0\",\"id\"", 1),
        ),
    ];
    for (what, text) in breaks {
        assert_ne!(&text, answered, "{what}: the edit did not apply");
        assert!(validate(&text).is_err(), "accepted {what}: {text}");
    }
}

#[test]
fn a_registration_is_sent_as_an_rfc_uuid() {
    let registration_of = |bytes: [u8; 16]| {
        let mut call = sample_call();
        if let Some(class) = &mut call.class {
            class.registration = bytes;
        }
        text_at(
            &parsed(&sample_actor(), &call)[0],
            &["context", "registration"],
        )
        .to_string()
    };
    // A version-8 UUID like the session's own passes unchanged.
    let mut v8 = [0xa5u8; 16];
    v8[6] = 0x8a;
    v8[8] = 0xb5;
    assert_eq!(registration_of(v8), "a5a5a5a5-a5a5-8aa5-b5a5-a5a5a5a5a5a5");
    // Plain bytes get the version 4 and variant bits, nothing else.
    assert_eq!(
        registration_of([0x11; 16]),
        "11111111-1111-4111-9111-111111111111"
    );
    assert_eq!(
        registration_of([0xff; 16]),
        "ffffffff-ffff-4fff-bfff-ffffffffffff"
    );
}
