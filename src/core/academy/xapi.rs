//! xAPI 1.0.3 statements for the calls of an academy session, for a learning record store.
//!
//! One call gives, in order: `attempted` (the call began), one `answered` per
//! decision, one `answered` for the diagnosis when the trainee made one, and
//! `completed` (the call's decision score). Everything is derived from the
//! call record alone, with no clock and no randomness, so making the
//! statements of a call twice gives the same text, ids included.
//!
//! Statement ids are name-based UUIDs (version 5: SHA-1, RFC 4122/9562). An
//! LRS refuses a second statement with an id it already holds, so a session
//! that uploads a call again (after a lost reply, say) cannot count it twice.
//!
//! The statements are returned as JSON text, ready to send. A scaled score
//! such as 0.87 is written from whole hundredths by hand into a
//! `Json::Decimal` (no float formatting code in the WebAssembly binary).
//!
//! The statement `version` property is left out: xAPI 1.0.3 asks record
//! providers not to set it (and to set "1.0.0", not "1.0.3", if they do);
//! the LRS fills it in, and the upload states 1.0.3 in its
//! `X-Experience-API-Version` header.

use crate::core::json::Json;

/// The app's own IRI: activities, the session grouping and extensions live under it.
pub const IRI: &str = "https://callback-dojo.app/xapi";

/// The decision score (0-100) from which a completed call counts as a
/// success. The app sets no pass mark of its own; 70 means the trainee's
/// choices earned on average 70% of the best choice's points, the usual
/// pass mark of training courses. The raw score is sent too, so a report
/// in the LRS can apply a different mark.
pub const PASS_PERCENT: u8 = 70;

const VERBS: &str = "http://adlnet.gov/expapi/verbs/";
const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const MEETING: &str = "http://adlnet.gov/expapi/activities/meeting";
const LANGUAGE: &str = "en-US";
/// The RFC 4122 namespace for URLs, under which the app's own namespace is made.
const NAMESPACE_URL: [u8; 16] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
];
/// The three readings of a "call me later", as the diagnosis names them.
const READINGS: [(&str, &str); 3] = [
    ("true", "True: a real bad moment"),
    ("sincere", "Sincere: interested, but busy"),
    ("brush-off", "Brush-off: a polite exit"),
];

/// Who did it: an xAPI Agent, with exactly one inverse functional identifier.
///
/// When both `mbox` and `account` are given, `mbox` is used. When neither is
/// (a class where trainees only type a name), the agent gets an account on
/// the app's own home page named by the display name: xAPI requires an
/// identifier, and this keeps one trainee's statements together in the LRS.
/// Two trainees typing the same name share that account, so a class that
/// needs them apart should give an email or a real account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Actor {
    pub name: String,
    /// "mailto:a@b.c"; a bare address gets the "mailto:" added.
    pub mbox: Option<String>,
    /// (homePage IRI, account name).
    pub account: Option<(String, String)>,
}

/// The class session the calls belong to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassRef {
    /// The session's UUID (made by the session), sent as `context.registration`.
    /// xAPI accepts only RFC 4122 UUIDs; bytes without the variant and a
    /// version (say, 16 plain random bytes) are sent with the version 4 bits
    /// set, which is how a random UUID is made anyway.
    pub registration: [u8; 16],
    pub title: String,
    /// Short session id, e.g. "k3f9x2", used in the session activity's IRI.
    pub id: String,
}

/// One choice the trainee made during a call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DecisionRecord {
    /// 0-based step in the call; expected to run 0, 1, 2... in order.
    pub index: u16,
    /// "opener", "diagnosis", ...
    pub phase: String,
    /// What the prospect had just said.
    pub prompt: String,
    /// Text of the option chosen.
    pub chosen: String,
    /// Move key of the option chosen.
    pub chosen_move: String,
    /// (move key, text) of every option offered.
    pub options: Vec<(String, String)>,
    /// Points earned as a percentage of the best option's (0-100).
    pub percent: u8,
    /// True when the chosen option was a best one.
    pub best: bool,
    /// (principle key, followed).
    pub principles: Vec<(String, bool)>,
}

/// The trainee's reading of the prospect's request after the call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnosis {
    /// "true" | "sincere" | "brush-off".
    pub guess: String,
    /// 33-100.
    pub confidence: u8,
    pub truth: String,
    pub percent: u8,
}

/// One finished practice call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallRecord {
    pub class: Option<ClassRef>,
    /// 1-based within the session.
    pub call_number: u8,
    pub seed: u64,
    /// "easy" | "normal" | "hard".
    pub level: String,
    /// Unix seconds.
    pub started_at: u64,
    pub finished_at: u64,
    /// Decision score, 0-100.
    pub score: u8,
    pub outcome: String,
    /// Display name of the prospect.
    pub persona: String,
    pub decisions: Vec<DecisionRecord>,
    pub diagnosis: Option<Diagnosis>,
}

/// Every statement for one call, as compact JSON text, in order: attempted,
/// one answered per decision, answered for the diagnosis (if any), completed.
/// A call with N decisions gives N + 2 statements, N + 3 with a diagnosis.
pub fn statements(actor: &Actor, call: &CallRecord) -> Vec<String> {
    let (agent, identity) = agent(actor);
    let call_iri = format!(
        "{IRI}/calls/{}/{}",
        segment(or(&call.level, "unknown")),
        call.seed
    );
    // Everything but the actor, the verb and the part of the call that a
    // statement id must depend on.
    let mut key = String::new();
    field(&mut key, &identity);
    field(
        &mut key,
        &call
            .class
            .as_ref()
            .map_or(String::new(), |c| uuid_text(&rfc_uuid(c.registration))),
    );
    field(&mut key, &call.seed.to_string());
    field(&mut key, &call.level);
    field(&mut key, &call.call_number.to_string());
    // Without a class, the same trainee may play the same seed as call 1 on
    // two days; the start time keeps those two calls apart.
    field(&mut key, &call.started_at.to_string());
    let make = |part: &str, verb: &str, object: Json, result: Option<Json>, parent: bool, at| {
        let mut name = key.clone();
        field(&mut name, part);
        field(&mut name, verb);
        let mut fields = vec![
            (
                "id",
                Json::Str(uuid_text(&uuid_v5(&namespace(), name.as_bytes()))),
            ),
            ("actor", agent.clone()),
            (
                "verb",
                obj(vec![
                    ("id", Json::Str(format!("{VERBS}{verb}"))),
                    ("display", lang(verb)),
                ]),
            ),
            ("object", object),
        ];
        if let Some(result) = result {
            fields.push(("result", result));
        }
        fields.push(("context", context(call, &call_iri, parent)));
        fields.push(("timestamp", Json::Str(timestamp(at))));
        let mut text = String::new();
        obj(fields).write(&mut text);
        text
    };

    let persona = call.persona.trim();
    let call_name = if persona.is_empty() {
        "Practice call".to_string()
    } else {
        format!("Practice call with {persona}")
    };
    let call_activity = activity(
        &call_iri,
        vec![
            ("name", lang(&call_name)),
            (
                "description",
                lang(&format!(
                    "A {} practice call (seed {}) with a prospect who asks to be called back later.",
                    or(&call.level, "unknown"),
                    call.seed
                )),
            ),
            ("type", Json::Str(SIMULATION.into())),
        ],
    );

    let mut out = Vec::with_capacity(call.decisions.len() + 3);
    out.push(make(
        "call",
        "attempted",
        call_activity.clone(),
        None,
        false,
        call.started_at,
    ));
    // The record keeps no time per decision; the call's end is when all of
    // them are known to have happened.
    let at = call.finished_at;
    for (position, d) in call.decisions.iter().enumerate() {
        let mut extensions = Vec::new();
        if !d.principles.is_empty() {
            let map = d
                .principles
                .iter()
                .map(|(k, followed)| {
                    let word = if *followed { "followed" } else { "broken" };
                    (k.clone(), Json::Str(word.into()))
                })
                .collect();
            extensions.push((format!("{IRI}/extensions/principles"), Json::Object(map)));
        }
        let mut result = vec![
            ("response", Json::Str(d.chosen_move.clone())),
            ("score", score(d.percent)),
            ("success", Json::Bool(d.best)),
        ];
        if !extensions.is_empty() {
            result.push(("extensions", Json::Object(extensions)));
        }
        let mut options: Vec<(&str, &str)> = Vec::new();
        for (k, text) in &d.options {
            if !options.iter().any(|(seen, _)| seen == k) {
                options.push((k, text));
            }
        }
        if !options.iter().any(|(k, _)| *k == d.chosen_move) {
            options.push((&d.chosen_move, &d.chosen));
        }
        let prompt = d.prompt.trim();
        let object = interaction(
            &decision_iri(&call_iri, d.index, &call.decisions[..position]),
            &format!(
                "Decision {} of the call ({})",
                d.index + 1,
                or(&d.phase, "call")
            ),
            &if prompt.is_empty() {
                "The trainee picks the next thing to say.".to_string()
            } else {
                format!("The prospect says: {prompt}")
            },
            &options,
            d.best.then_some(d.chosen_move.as_str()),
        );
        let part = format!("decision {}", d.index);
        out.push(make(&part, "answered", object, Some(obj(result)), true, at));
    }
    if let Some(g) = &call.diagnosis {
        let mut options: Vec<(&str, &str)> = READINGS.to_vec();
        for extra in [&g.guess, &g.truth] {
            if !options.iter().any(|(k, _)| k == extra) {
                options.push((extra, extra));
            }
        }
        let truth = (!g.truth.is_empty()).then_some(g.truth.as_str());
        let object = interaction(
            &format!("{call_iri}/diagnosis"),
            "Diagnosis of the request to call later",
            "After the call, the trainee says what the request really was and how sure they are.",
            &options,
            truth,
        );
        let result = obj(vec![
            ("response", Json::Str(g.guess.clone())),
            ("score", score(g.percent)),
            ("success", Json::Bool(g.guess == g.truth)),
            (
                "extensions",
                Json::Object(vec![
                    (
                        format!("{IRI}/extensions/confidence"),
                        Json::Int(i64::from(g.confidence)),
                    ),
                    (
                        format!("{IRI}/extensions/truth"),
                        Json::Str(g.truth.clone()),
                    ),
                ]),
            ),
        ]);
        out.push(make(
            "diagnosis",
            "answered",
            object,
            Some(result),
            true,
            at,
        ));
    }
    let mut result = vec![
        ("score", score(call.score)),
        ("success", Json::Bool(call.score >= PASS_PERCENT)),
        ("completion", Json::Bool(true)),
    ];
    // A finish before the start is a broken record: no duration beats a false one.
    if let Some(seconds) = call.finished_at.checked_sub(call.started_at) {
        result.push(("duration", Json::Str(format!("PT{seconds}S"))));
    }
    if !call.outcome.is_empty() {
        result.push((
            "extensions",
            Json::Object(vec![(
                format!("{IRI}/extensions/outcome"),
                Json::Str(call.outcome.clone()),
            )]),
        ));
    }
    out.push(make(
        "call",
        "completed",
        call_activity,
        Some(obj(result)),
        false,
        call.finished_at,
    ));
    out
}

/// Canonical lowercase text of a UUID: 8-4-4-4-12 hex digits.
pub fn uuid_text(bytes: &[u8; 16]) -> String {
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(hex(b >> 4));
        out.push(hex(b & 15));
    }
    out
}

/// ISO 8601 UTC time of a Unix time, e.g. "2026-11-30T06:59:54Z". Times past
/// the year 9999, which ISO 8601's four-digit year cannot write, are clamped.
pub fn timestamp(unix_seconds: u64) -> String {
    const LAST: u64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let t = unix_seconds.min(LAST);
    let (days, secs) = (t / 86_400, t % 86_400);
    // Days to a civil date (H. Hinnant's algorithm), in eras of 400 years
    // counted from 0000-03-01 so the leap day ends each year.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A name-based UUID, version 5 (SHA-1 of the namespace and the name), as
/// RFC 4122 and RFC 9562 define it.
pub fn uuid_v5(namespace: &[u8; 16], name: &[u8]) -> [u8; 16] {
    let mut input = namespace.to_vec();
    input.extend_from_slice(name);
    let digest = sha1(&input);
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out[6] = (out[6] & 0x0f) | 0x50; // version 5
    out[8] = (out[8] & 0x3f) | 0x80; // the RFC 4122 variant, binary 10
    out
}

/// `bytes` if they are an RFC 4122 UUID (variant 10, version 1-8), else
/// the same bytes with the version 4 and variant bits set.
fn rfc_uuid(mut bytes: [u8; 16]) -> [u8; 16] {
    if bytes[8] >> 6 != 0b10 || !(1..=8).contains(&(bytes[6] >> 4)) {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
    }
    bytes
}

/// The namespace of the app's statement ids: the version-5 UUID of [`IRI`]
/// in the URL namespace.
fn namespace() -> [u8; 16] {
    uuid_v5(&NAMESPACE_URL, IRI.as_bytes())
}

/// Appends one length-prefixed field, so that no two different lists of
/// fields make the same name ("ab","c" and "a","bc" differ).
fn field(out: &mut String, value: &str) {
    out.push_str(&value.len().to_string());
    out.push(':');
    out.push_str(value);
    out.push(';');
}

/// The agent as JSON, and the identifier that statement ids depend on.
fn agent(actor: &Actor) -> (Json, String) {
    let name = actor.name.trim();
    let mut fields = vec![("objectType", Json::Str("Agent".into()))];
    if !name.is_empty() {
        fields.push(("name", Json::Str(name.into())));
    }
    let mbox = actor
        .mbox
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let account = actor
        .account
        .as_ref()
        .filter(|(home, id)| !home.trim().is_empty() && !id.is_empty());
    let identity = if let Some(m) = mbox {
        let m = if m.starts_with("mailto:") {
            m.to_string()
        } else {
            format!("mailto:{m}")
        };
        fields.push(("mbox", Json::Str(m.clone())));
        format!("mbox {m}")
    } else {
        let (home, id) = match account {
            Some((home, id)) => (home.trim().to_string(), id.clone()),
            None => (format!("{IRI}/trainees"), or(name, "anonymous").to_string()),
        };
        let mut identity = String::from("account ");
        field(&mut identity, &home);
        field(&mut identity, &id);
        fields.push((
            "account",
            obj(vec![("homePage", Json::Str(home)), ("name", Json::Str(id))]),
        ));
        identity
    };
    (obj(fields), identity)
}

/// The IRI of a decision point. The simulator's prospect depends on the seed
/// and on the moves made so far, so a step index alone does not name the
/// same question across plays of one seed; the moves before it do.
fn decision_iri(call_iri: &str, index: u16, before: &[DecisionRecord]) -> String {
    let mut iri = format!("{call_iri}/decisions/{index}");
    if !before.is_empty() {
        iri.push_str("/after");
        for d in before {
            iri.push('/');
            iri.push_str(&segment(or(&d.chosen_move, "none")));
        }
    }
    iri
}

fn context(call: &CallRecord, call_iri: &str, parent: bool) -> Json {
    let mut activities = Vec::new();
    if parent {
        activities.push(("parent", Json::Array(vec![activity(call_iri, Vec::new())])));
    }
    let mut fields = Vec::new();
    if let Some(class) = &call.class {
        let id = if class.id.is_empty() {
            uuid_text(&rfc_uuid(class.registration))
        } else {
            segment(&class.id)
        };
        let title = class.title.trim();
        let title = if title.is_empty() {
            format!("Class session {id}")
        } else {
            title.to_string()
        };
        let session = activity(
            &format!("{IRI}/sessions/{id}"),
            vec![("name", lang(&title)), ("type", Json::Str(MEETING.into()))],
        );
        activities.push(("grouping", Json::Array(vec![session])));
        fields.push((
            "registration",
            Json::Str(uuid_text(&rfc_uuid(class.registration))),
        ));
    }
    if !activities.is_empty() {
        fields.push(("contextActivities", obj(activities)));
    }
    fields.push(("platform", Json::Str("Callback Dojo".into())));
    fields.push(("language", Json::Str(LANGUAGE.into())));
    let mut extensions = vec![
        // A string: seeds use all 64 bits, and JavaScript-based LRSs read
        // numbers as doubles, exact only up to 2^53.
        (
            format!("{IRI}/extensions/seed"),
            Json::Str(call.seed.to_string()),
        ),
        (
            format!("{IRI}/extensions/call-number"),
            Json::Int(i64::from(call.call_number)),
        ),
    ];
    if !call.level.is_empty() {
        extensions.push((
            format!("{IRI}/extensions/level"),
            Json::Str(call.level.clone()),
        ));
    }
    fields.push(("extensions", Json::Object(extensions)));
    obj(fields)
}

/// A choice interaction. `correct` is the best move key when it is known.
fn interaction(
    iri: &str,
    name: &str,
    description: &str,
    options: &[(&str, &str)],
    correct: Option<&str>,
) -> Json {
    let choices = options
        .iter()
        .map(|(k, text)| {
            obj(vec![
                ("id", Json::Str((*k).into())),
                ("description", lang(or(text.trim(), k))),
            ])
        })
        .collect();
    let mut definition = vec![
        ("name", lang(name)),
        ("description", lang(description)),
        ("type", Json::Str(INTERACTION.into())),
        ("interactionType", Json::Str("choice".into())),
    ];
    if let Some(k) = correct {
        definition.push((
            "correctResponsesPattern",
            Json::Array(vec![Json::Str(k.into())]),
        ));
    }
    definition.push(("choices", Json::Array(choices)));
    activity(iri, definition)
}

fn activity(iri: &str, definition: Vec<(&str, Json)>) -> Json {
    let mut fields = vec![
        ("objectType", Json::Str("Activity".into())),
        ("id", Json::Str(iri.into())),
    ];
    if !definition.is_empty() {
        fields.push(("definition", obj(definition)));
    }
    obj(fields)
}

/// A score out of 100, `scaled` as the decimal it is (0.37).
fn score(percent: u8) -> Json {
    let p = i64::from(percent.min(100));
    let mut scaled = String::new();
    hundredths(p, &mut scaled);
    obj(vec![
        ("scaled", Json::Decimal(scaled)),
        ("raw", Json::Int(p)),
        ("min", Json::Int(0)),
        ("max", Json::Int(100)),
    ])
}

fn lang(text: &str) -> Json {
    Json::Object(vec![(LANGUAGE.into(), Json::Str(text.into()))])
}

fn obj(fields: Vec<(&str, Json)>) -> Json {
    Json::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.is_empty() {
        fallback
    } else {
        text
    }
}

/// `n` hundredths as the shortest decimal: 0, 0.07, 0.5, 1, -0.25.
fn hundredths(n: i64, out: &mut String) {
    if n < 0 {
        out.push('-');
    }
    let n = n.unsigned_abs();
    out.push_str(&(n / 100).to_string());
    let (tens, ones) = ((n / 10 % 10) as u8, (n % 10) as u8);
    if tens != 0 || ones != 0 {
        out.push('.');
        out.push(char::from(b'0' + tens));
        if ones != 0 {
            out.push(char::from(b'0' + ones));
        }
    }
}

/// Percent-encodes a path segment of an IRI: every byte but the unreserved
/// ASCII letters, digits and "-._~", so a key holding "/" or a space cannot
/// change the path.
fn segment(text: &str) -> String {
    super::percent_encode(text)
}

fn hex(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 15)])
}

/// SHA-1 (FIPS 180-4). Version-5 UUIDs are defined with it; it serves here
/// as a fixed, well-known mixing function, not for security.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, &wi) in w.iter().enumerate() {
            let (f, k) = match i / 20 {
                0 => ((b & c) | (!b & d), 0x5A82_7999),
                1 => (b ^ c ^ d, 0x6ED9_EBA1),
                2 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (chunk, x) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&x.to_be_bytes());
    }
    out
}
