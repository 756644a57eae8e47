//! Academy sessions: a class plays the same calls, with no server.
//!
//! A trainer makes a [`ClassSession`] (a title, a level, one to five calls
//! by seed, feedback held or shown, principles in focus). Everything a
//! trainee needs travels in the class link; the part that decides the calls
//! also travels as a short code to read out (Crockford base32 in groups of
//! four, with a check so a misheard letter is caught). The session's
//! identity is a digest of that part only, so a trainee who typed the code
//! and one who opened the link are in the same session, and the title can
//! be changed without splitting the class.
//!
//! - `result.rs`: the trainee's result code (choices per call, rebuilt by
//!   replay) and its verification.
//! - `scoreboard.rs`: what the trainer sees from the class's results.
//! - `xapi.rs`: xAPI 1.0.3 statements for a learning record store.

pub mod records;
pub mod result;
pub mod scoreboard;
pub mod xapi;

use crate::core::catalogue::Catalogue;
use crate::core::sim::Difficulty;

/// Most calls in one session: a session is a lesson, not a marathon.
pub const MAX_CALLS: usize = 5;
/// Longest title kept (characters).
pub const MAX_TITLE: usize = 80;

/// A class session as the trainer made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassSession {
    pub title: String,
    pub level: Difficulty,
    /// The calls, in order (1 to `MAX_CALLS`).
    pub seeds: Vec<u64>,
    /// Feedback held until the end of each call (test conditions).
    pub hold_feedback: bool,
    /// Principle keys the trainer wants the class to watch.
    pub focus: Vec<String>,
    /// A learning record store the trainer chose to put in the link.
    pub lrs: Option<String>,
}

/// Why a class code or link cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    /// A character that is not in the code's alphabet.
    BadCharacter(char),
    /// The check does not match: a letter misheard or mistyped.
    Check,
    /// The code ends early or carries more than it should.
    Malformed(&'static str),
    UnknownFocus(String),
}

impl std::fmt::Display for CodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodeError::Empty => write!(f, "no class code was given"),
            CodeError::BadCharacter(c) => {
                write!(f, "\u{201c}{c}\u{201d} is not in a class code (letters and digits only)")
            }
            CodeError::Check => write!(
                f,
                "the code does not check out: a letter or digit is wrong; compare it with the trainer's"
            ),
            CodeError::Malformed(why) => write!(f, "the code is incomplete ({why})"),
            CodeError::UnknownFocus(key) => write!(f, "the focus principle {key:?} is not known"),
        }
    }
}

/// Crockford's base32: no I, L, O or U, so a code read aloud is not
/// misheard as digits; those letters are read as 1, 1, 0 when typed.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn symbol_value(c: char) -> Result<u8, CodeError> {
    let upper = c.to_ascii_uppercase();
    let c2 = match upper {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&b| char::from(b) == c2)
        .map(|p| p as u8)
        .ok_or(CodeError::BadCharacter(c))
}

/// FNV-1a, 64 bits: the digest behind session identities and checks.
pub fn fnv(bytes: impl IntoIterator<Item = u8>) -> u64 {
    fnv_from(0xcbf2_9ce4_8422_2325, bytes)
}

pub fn fnv_from(start: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(start, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Result<u64, CodeError> {
    let mut n: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *bytes
            .get(*at)
            .ok_or(CodeError::Malformed("a call number is cut short"))?;
        *at += 1;
        n |= u64::from(b & 0x7f)
            .checked_shl(shift)
            .ok_or(CodeError::Malformed("a call number is too large"))?;
        if b & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err(CodeError::Malformed("a call number is too large"))
}

/// Bytes as base32 symbols (5 bits each, the last padded with zeros).
fn to_base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

fn from_base32(text: &str) -> Result<Vec<u8>, CodeError> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.chars() {
        acc = (acc << 5) | u32::from(symbol_value(c)?);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    Ok(out)
}

/// The symbols of a code as typed or read: spaces and dashes dropped.
fn symbols(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Groups of four symbols, as a code is shown and read aloud.
fn grouped(symbols: &str) -> String {
    let mut out = String::with_capacity(symbols.len() * 5 / 4);
    for (i, c) in symbols.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

const LEVELS: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard];

impl ClassSession {
    /// The bytes that decide the calls: a format number, the level and
    /// feedback flag, the seeds and the principles in focus (by index in
    /// the catalogue, so a code stays short).
    fn core_bytes(&self, catalogue: &Catalogue) -> Vec<u8> {
        let level = LEVELS.iter().position(|&l| l == self.level).unwrap_or(1) as u8;
        let mut out = vec![1, level | (u8::from(self.hold_feedback) << 2)];
        push_varint(&mut out, self.seeds.len() as u64);
        for &s in &self.seeds {
            push_varint(&mut out, s);
        }
        let focus: Vec<u16> = self
            .focus
            .iter()
            .filter_map(|k| catalogue.principle_by_key(k).map(|id| id.index()))
            .collect();
        push_varint(&mut out, focus.len() as u64);
        for f in focus {
            push_varint(&mut out, u64::from(f));
        }
        out
    }

    /// The code to read out: the calls and how they are played, with a
    /// two-symbol check, in groups of four ("1A4F-K9Q2-…").
    pub fn code(&self, catalogue: &Catalogue) -> String {
        let bytes = self.core_bytes(catalogue);
        let mut symbols = to_base32(&bytes);
        let check = fnv(symbols.bytes()) % 1024;
        symbols.push(char::from(ALPHABET[(check / 32) as usize]));
        symbols.push(char::from(ALPHABET[(check % 32) as usize]));
        grouped(&symbols)
    }

    /// Reads a code (typed or from a link): the session's calls and rules,
    /// with no title yet.
    pub fn from_code(code: &str, catalogue: &Catalogue) -> Result<ClassSession, CodeError> {
        let symbols = symbols(code).to_ascii_uppercase();
        if symbols.is_empty() {
            return Err(CodeError::Empty);
        }
        if symbols.len() < 3 {
            return Err(CodeError::Malformed("too few letters"));
        }
        let (body, check) = symbols.split_at(symbols.len() - 2);
        // Letters read as digits (O, I, L) are checked as what they mean.
        let body: String = body
            .chars()
            .map(|c| symbol_value(c).map(|v| char::from(ALPHABET[usize::from(v)])))
            .collect::<Result<_, _>>()?;
        let mut expected = 0u64;
        for c in check.chars() {
            expected = expected * 32 + u64::from(symbol_value(c)?);
        }
        if fnv(body.bytes()) % 1024 != expected {
            return Err(CodeError::Check);
        }
        let bytes = from_base32(&body)?;
        let mut at = 0;
        let format = *bytes.first().ok_or(CodeError::Malformed("no format"))?;
        if format != 1 {
            return Err(CodeError::Malformed("made by a newer version of the app"));
        }
        let flags = *bytes.get(1).ok_or(CodeError::Malformed("no level"))?;
        let level = *LEVELS
            .get(usize::from(flags & 3))
            .ok_or(CodeError::Malformed("unknown level"))?;
        at += 2;
        let n = read_varint(&bytes, &mut at)? as usize;
        if n == 0 || n > MAX_CALLS {
            return Err(CodeError::Malformed("the number of calls is out of range"));
        }
        let mut seeds = Vec::with_capacity(n);
        for _ in 0..n {
            seeds.push(read_varint(&bytes, &mut at)?);
        }
        let nf = read_varint(&bytes, &mut at)? as usize;
        if nf > catalogue.principles().len() {
            return Err(CodeError::Malformed("too many principles in focus"));
        }
        let mut focus = Vec::with_capacity(nf);
        for _ in 0..nf {
            let i = read_varint(&bytes, &mut at)?;
            let id = u16::try_from(i)
                .ok()
                .and_then(|i| catalogue.principle_at(i))
                .ok_or_else(|| CodeError::UnknownFocus(format!("#{i}")))?;
            focus.push(catalogue.principle(id).key.to_string());
        }
        // Base32 pads the last symbol with up to four zero bits: at most
        // one stray byte of padding, never data.
        if bytes.len() > at + 1 || bytes.get(at).is_some_and(|&b| b != 0) {
            return Err(CodeError::Malformed("it carries more than a session"));
        }
        Ok(ClassSession {
            title: String::new(),
            level,
            seeds,
            hold_feedback: flags & 4 != 0,
            focus,
            lrs: None,
        })
    }

    /// The session's identity: a digest of what decides the calls (not
    /// the title), so everyone who plays these calls this way is in it.
    pub fn identity(&self, catalogue: &Catalogue) -> u64 {
        fnv(self.core_bytes(catalogue))
    }

    /// A short id for the session (8 symbols), used in result codes and
    /// shown to the trainer.
    pub fn id(&self, catalogue: &Catalogue) -> String {
        to_base32(&self.identity(catalogue).to_be_bytes())[..8].to_string()
    }

    /// The session as an xAPI registration: a UUID (version 8, variant
    /// RFC 9562) from two digests of the identity.
    pub fn registration(&self, catalogue: &Catalogue) -> [u8; 16] {
        let id = self.identity(catalogue);
        let high = fnv_from(0x6c62_272e_07bb_0142, id.to_le_bytes());
        let low = fnv_from(0x8422_2325_cbf2_9ce4, id.to_be_bytes());
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&high.to_be_bytes());
        bytes[8..].copy_from_slice(&low.to_be_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x80;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        bytes
    }

    /// The class link's path and query: the code, then the title and the
    /// learning record store when there are any.
    pub fn link(&self, catalogue: &Catalogue) -> String {
        let mut out = format!("/class?code={}", symbols(&self.code(catalogue)));
        if !self.title.is_empty() {
            out.push_str("&title=");
            out.push_str(&percent_encode(&self.title));
        }
        if let Some(lrs) = &self.lrs {
            out.push_str("&lrs=");
            out.push_str(&percent_encode(lrs));
        }
        out
    }

    /// The session of a class link's query (`code=…&title=…&lrs=…`).
    pub fn from_query(query: &str, catalogue: &Catalogue) -> Result<ClassSession, CodeError> {
        let param = |name: &str| {
            query
                .trim_start_matches('?')
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        };
        let mut session = ClassSession::from_code(param("code").unwrap_or(""), catalogue)?;
        session.title = param("title")
            .map(percent_decode)
            .unwrap_or_default()
            .chars()
            .take(MAX_TITLE)
            .collect();
        session.lrs = param("lrs").map(percent_decode).filter(|l| !l.is_empty());
        Ok(session)
    }

    /// The title, or a name made from the id when the trainer gave none
    /// (or the trainee typed the code).
    pub fn shown_title(&self, catalogue: &Catalogue) -> String {
        if self.title.trim().is_empty() {
            format!("Class session {}", self.id(catalogue))
        } else {
            self.title.clone()
        }
    }
}

/// Percent-encodes everything but unreserved URL characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Reverses `percent_encode` (and reads `+` as a space, as forms write
/// it); a broken escape is kept as written, invalid UTF-8 replaced.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
