//! Phrase hints for a typed drill answer: warnings and good signs, never a score.
//!
//! A trainee types what they would say; this module marks the phrasings the
//! principles warn against (asking if now is a good time, a vague "later",
//! a bare check-in...) and the good signs (a named day and clock time, a
//! stated reason, the prospect's own detail). The shell shows them beside
//! the rubric as hints, so the matcher leans toward plain, explainable rules
//! over cleverness: a small word-pattern language over tokens, plus a few
//! targeted exceptions where a phrase means the opposite of its words.
//!
//! Everything is `&'static str` and byte ranges into the caller's text; no
//! regex crate and no `format!`, because this ships in WebAssembly.

use crate::core::merge::heap_sort_by;

/// What the module knows about the drill beyond the typed text.
#[derive(Clone, Copy, Debug, Default)]
pub struct HintContext<'a> {
    /// Lowercase words of a personal detail the prospect shared (e.g. ["netball"]); empty when none.
    pub detail: &'a [&'a str],
    /// True when asking the prospect to pick a day now would be premature (no sincere reason heard yet, or an emergency).
    pub booking_premature: bool,
}

/// Whether a hint marks something to avoid or something done well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    Warning,
    Good,
}

/// The phrasings the hints recognize.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintKind {
    /// "Is now a good time?", "Got a minute?", "Did I catch you at a bad time?"
    AsksGoodTime,
    /// "Is now a better time?" on a callback: the reopening form of the same mistake.
    AsksBetterTime,
    /// "Sometime", "later", "soon", "I'll call next week": no day and minute.
    VagueTime,
    /// "Just checking in", "just following up", "touching base".
    JustCheckingIn,
    /// "Which day suits you?", "I'll send an invite" when booking is premature.
    PrematureWhichDay,
    /// "Are you interested?", "to see if you'd be interested".
    AreYouInterested,
    /// "Give me a call back": hands the next step to the prospect.
    AsksForCallback,
    /// A weekday or date together with a clock time: "Thursday at 10".
    NamesDayAndTime,
    /// "The reason I'm calling", "I'm calling because", "you asked me to call".
    StatesReason,
    /// "As promised", "as I said I would".
    AsPromised,
    /// "I caught you at a bad time", "I know this isn't a good moment".
    AcknowledgesTiming,
    /// A word from the detail the prospect shared.
    RefersToDetail,
}

impl HintKind {
    pub const ALL: [HintKind; 12] = [
        HintKind::AsksGoodTime,
        HintKind::AsksBetterTime,
        HintKind::VagueTime,
        HintKind::JustCheckingIn,
        HintKind::PrematureWhichDay,
        HintKind::AreYouInterested,
        HintKind::AsksForCallback,
        HintKind::NamesDayAndTime,
        HintKind::StatesReason,
        HintKind::AsPromised,
        HintKind::AcknowledgesTiming,
        HintKind::RefersToDetail,
    ];

    pub fn sign(self) -> Sign {
        use HintKind::*;
        match self {
            NamesDayAndTime | StatesReason | AsPromised | AcknowledgesTiming | RefersToDetail => {
                Sign::Good
            }
            _ => Sign::Warning,
        }
    }

    /// The id of the principle (from content/principles.toml) the hint is about.
    pub fn principle(self) -> &'static str {
        use HintKind::*;
        match self {
            AsksGoodTime => "never-ask-good-time",
            // The callback form ("better now?") is grouped with the interest
            // question in the principles, not with the first-call one.
            AsksBetterTime => "no-are-you-interested",
            VagueTime | NamesDayAndTime => "specific-time",
            JustCheckingIn | StatesReason => "callback-states-purpose",
            PrematureWhichDay => "no-premature-assumptive-close",
            AreYouInterested => "no-are-you-interested",
            AsksForCallback => "voicemail-keeps-control",
            AsPromised => "as-promised",
            AcknowledgesTiming => "acknowledge-bad-timing",
            RefersToDetail => "reference-the-detail",
        }
    }

    /// One short sentence for the trainee, in the project's own words (American English).
    pub fn note(self) -> &'static str {
        use HintKind::*;
        match self {
            AsksGoodTime => "Asking whether they can talk hands them an easy no; say why you are calling and what you propose instead.",
            AsksBetterTime => "There is rarely a better time, so asking invites a no; give your purpose and offer a slot.",
            VagueTime => "A loose time leaves nothing to expect or keep; name the day and the exact time.",
            JustCheckingIn => "A check-in gives no reason for the call; say you are calling to set the meeting.",
            PrematureWhichDay => "Pressing for a day before you know what is behind the request assumes a meeting nobody agreed to.",
            AreYouInterested => "Asking about interest invites a flat no; reopen with your purpose and a proposed time.",
            AsksForCallback => "Asking them to call you hands over the next step; say when you will call instead.",
            NamesDayAndTime => "You gave a day and a clock time, so the next call is a promise they can expect.",
            StatesReason => "You said why you are calling, so they know what the call is for.",
            AsPromised => "Pointing out that you kept your word shows you are reliable.",
            AcknowledgesTiming => "Owning the bad timing lowers their guard and lets the real reason come out.",
            RefersToDetail => "Recalling what they shared shows you listened and picks up where you left off.",
        }
    }
}

/// One marked phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hint {
    pub kind: HintKind,
    /// Byte range in the input, on char boundaries.
    pub start: usize,
    pub end: usize,
}

/// Hints sorted by start; at most one hint per kind per overlapping span.
pub fn hints(text: &str, context: &HintContext) -> Vec<Hint> {
    let doc = Doc::new(text);
    let mut found = doc.dated.clone();
    // Warnings first: whether a stated reason counts depends on whether an
    // empty purpose ("to check in") follows it.
    for rule in RULES {
        doc.apply(rule, context, &mut found);
    }
    doc.detail(context.detail, &mut found);

    // The project's one small sort: std's sorts cost about 2 kB of wasm
    // for each type sorted.
    heap_sort_by(&mut found, |a, b| {
        (a.start, a.end, a.kind as usize) < (b.start, b.end, b.kind as usize)
    });
    // Sorted by start, a hint clashes with an earlier one of its kind only
    // if it starts before the furthest end of that kind so far.
    let mut reach = [0usize; HintKind::ALL.len()];
    let mut out: Vec<Hint> = Vec::with_capacity(found.len());
    for f in found {
        let r = &mut reach[f.kind as usize];
        if f.start >= *r {
            *r = f.end;
            out.push(Hint {
                kind: f.kind,
                start: f.start,
                end: f.end,
            });
        }
    }
    // A day and time offered in the same sentence as a premature request
    // to pick one is part of that request, not a good sign: it is not
    // praised beside the warning.
    let sentence = |at: usize| {
        let bytes = text.as_bytes();
        let start = bytes[..at.min(bytes.len())]
            .iter()
            .rposition(|b| matches!(b, b'.' | b'?' | b'!' | b'\n'))
            .map_or(0, |i| i + 1);
        let end = bytes[at.min(bytes.len())..]
            .iter()
            .position(|b| matches!(b, b'.' | b'?' | b'!' | b'\n'))
            .map_or(bytes.len(), |i| at + i);
        (start, end)
    };
    let premature: Vec<(usize, usize)> = out
        .iter()
        .filter(|h| h.kind == HintKind::PrematureWhichDay)
        .map(|h| sentence(h.start))
        .collect();
    out.retain(|h| h.kind != HintKind::NamesDayAndTime || !premature.contains(&sentence(h.start)));
    out
}

// --- Patterns ---------------------------------------------------------------
//
// A pattern is slots separated by single spaces. A slot lists alternatives
// with `|` and matches one word; a leading `?` makes it optional. `^` only
// matches at the start of a sentence, `$` at the end of a clause, and
// `@when` matches a word that is part of a day or a clock time. A pattern that
// begins with `~` is a loose period ("next week") that only counts when the
// sentence talks about making contact and names no day.

struct Rule {
    kind: HintKind,
    patterns: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        kind: HintKind::AsksGoodTime,
        patterns: &[
            "is|isn't|isnt|was now|this|it ?still ?really a|an good|bad|convenient|ok|okay|busy|inconvenient|awkward|terrible|decent|fine|right|suitable time|moment",
            "is|isn't|isnt now ?still ok|okay|good|bad|convenient|fine|alright",
            "is|isn't|isnt this|it ?still ok|okay|good|convenient|fine|alright ?for ?you to talk|chat|speak",
            "if|whether now|this|it is|was a|an good|bad|convenient|ok|okay|busy|inconvenient|awkward|decent|fine|right time|moment",
            "if|whether now's|nows|it's|its a|an good|bad|convenient|ok|okay|busy|inconvenient|awkward|decent|fine|right time|moment",
            "did|have|had i ?just catch|caught you at|in a|an|the bad|busy|awkward|difficult|inconvenient|tough|wrong|worst|hectic|good time|moment",
            "did|have|had i ?just catch|caught you in the middle",
            "do|would you have|got ?just a|one|two|three|five|ten|few|couple ?few|couple ?of ?quick|spare minute|minutes|moment|moments|sec|second|seconds|min|mins",
            "do|would you have|got ?any time to|for ?a talk|chat|speak|call",
            "have|got you got ?just a|one|two|three|five|ten|few|couple ?few|couple ?of ?quick|spare minute|minutes|moment|moments|sec|second|seconds|min|mins",
            "^ got|have a|one|two|five|ten|few|couple ?of ?quick|spare minute|minutes|moment|sec|second|seconds",
            "if you have|got ?just a|one|two|five|ten|few|couple ?few|couple ?of ?quick|spare minute|minutes|moment|moments|sec|second|seconds",
            "if you've|youve got ?just a|one|two|five|ten|few|couple ?few|couple ?of ?quick|spare minute|minutes|moment|moments|sec|second|seconds",
            "can|could|may i have|take|steal|grab|borrow ?just a|one|two|three|five|ten|few|couple ?few|couple ?of ?quick minute|minutes|moment|moments|sec|second|seconds",
            "can|could you talk|chat|speak ?right now",
            "can|could you talk|chat|speak $",
            "are you free|available|busy ?right now",
            "are you free|available|busy $",
            "are you free|able|around to talk|chat|speak",
            "are you busy at the moment",
        ],
    },
    Rule {
        kind: HintKind::AsksBetterTime,
        patterns: &[
            "is|isn't|isnt|would|will now|this|it ?be ?any ?still a|an better|easier|more|less ?convenient|busy time|moment",
            "is|would|will now|this|it ?be ?any better|easier ?now",
            "if|whether now|this|it is|was|would|will ?be ?any a|an better|easier|more|less ?convenient|busy time|moment",
            "if|whether now|this|it is|would|will ?be ?any better|easier",
            "if|whether now's|nows|it's|its ?any a|an better|easier|more|less ?convenient|busy time|moment",
            "are you less busy|freer ?now",
        ],
    },
    Rule {
        kind: HintKind::AreYouInterested,
        patterns: &[
            "are|were|aren't|arent you ?still ?even interested",
            "would|will|might|could you ?still ?even be interested",
            "if|whether you're|youre|you'd|youd|you'll|youll ?still ?even ?be interested",
            "if|whether you ?are|would|might|will ?still ?even ?be interested",
            "something ?that you're|youre|you'd|youd|you'll|you ?would|might|are|will ?be interested",
            "have|there any interest",
            "does|would|could that|this|it interest you",
        ],
    },
    Rule {
        kind: HintKind::JustCheckingIn,
        patterns: &[
            "?just checking in",
            "just ?wanted ?to check in",
            "to check in",
            "^ ?just following up",
            "just ?wanted ?to follow|following up",
            "just a ?quick follow up",
            "calling|ringing to follow up",
            "?just touching base",
            "just ?wanted ?to touch base",
            "to touch base",
            "just reaching out",
            "just wanted to reach out",
        ],
    },
    Rule {
        kind: HintKind::VagueTime,
        patterns: &[
            "sometime|someday ?soon|later",
            "sometime|someday next|this|later ?this|next week|month|year",
            "some time|day next|this week|month|year",
            "some time|day soon|later",
            "at some point|stage ?soon|later",
            "later ?on|today|tonight",
            "later this|next|in ?the week|month|afternoon|morning|evening|year|day",
            "soon",
            "touch|touching base ?again soon|later|sometime",
            "in a ?little while|bit",
            "one of these days",
            "down the road|line|track",
            "in the near|coming future|weeks|months|days",
            "in the future",
            "whenever",
            "when things calm|quiet|settle|slow|die down",
            "when you're|youre|you ?are less|free|ready|quieter|not ?busy",
            "~next|this ?coming week|month|year ?sometime",
            "~early|late next|this week|month|year",
            "~in a|one|two|three|few|couple ?few|couple ?of ?more day|days|week|weeks|month|months",
            "~over|within the next|coming few|couple ?of days|weeks|months",
        ],
    },
    Rule {
        kind: HintKind::PrematureWhichDay,
        patterns: &[
            "which|what day|days|time|times|slot|slots|date|dates ?works|work|suits|suit|fits|would ?work|suit ?best|better ?for ?you",
            "what|which works|suits|fits ?best|better ?for ?you",
            "when's|whens good|best|better|convenient|easiest ?for ?you",
            "when is ?it ?a good|best|better|convenient|easiest ?time ?for ?you",
            "when works|suits ?best|better ?for ?you",
            "when would|will ?it be good|best|better|convenient|easiest",
            "when would|will|does|do ?that|it suit|work|suits|works",
            "when are you free|available|around",
            "how|what about ?next|this @when",
            "how's|hows|is|does|would ?next|this @when",
            "can|could|shall we do|say ?next|this @when",
            "let's|lets say|do ?next|this @when",
            "calendar|diary|meeting invite|invitation|invites",
            "send|shoot you ?over a|an ?calendar|meeting invite|invitation",
            "put|get|pencil|book|pop|lock|block something|it|us|that|some|a|time ?time|slot|meeting|call|down in|on|into|onto ?the|your|our calendar|calendars|diary|diaries",
            "pencil|book|put|fit|squeeze you in",
            "have your calendar|diary|schedule",
        ],
    },
    Rule {
        kind: HintKind::AsksForCallback,
        patterns: &[
            "give|drop|gimme|shoot me a ?quick call|ring|buzz|shout|bell|line|callback ?back",
            "call|ring|phone|text me ?right back",
            "get back to me",
            "return my call|calls|message|voicemail",
            "call|ring|phone|reach me when|whenever|anytime|at|on",
            "feel free to call|ring|phone|reach|contact|text",
            "you can reach|call|ring|contact|text me",
        ],
    },
    // Good signs come after every warning (see `hints`).
    Rule {
        kind: HintKind::StatesReason,
        patterns: &[
            "the|my reason ?why ?that i'm|im|i ?am|was calling|ringing|phoning|called|rang",
            "the|my reason for|of ?my|this|the|today's call|calling|ringing",
            "the|my purpose of|for ?my|this|the|today's call|calling",
            "i'm|im|i ?am ?just calling|ringing|phoning ?you ?back ?today about|because|regarding|since|to|re",
            "^ ?just calling|ringing ?you ?back about|because|regarding|since|to",
            "you asked|suggested|wanted me to call|ring|reach|try|phone|get",
            "you asked|suggested that i call|ring|reach|try|phone|get",
            "because|since|as you asked|wanted|requested|suggested",
            "to set|arrange|book|schedule|find|agree ?up ?on a|an|the|that|our|your meeting|appointment|time|demo|slot|call",
        ],
    },
    Rule {
        kind: HintKind::AsPromised,
        patterns: &[
            "as|like ?i|we promised|agreed|arranged",
            "as|like i said i'd|id|i ?would",
            "at|on the time|day we agreed|set|arranged|said",
            "at|on the time|day i promised|mentioned|said|gave",
        ],
    },
    Rule {
        kind: HintKind::AcknowledgesTiming,
        patterns: &[
            "caught you at|in a|an|the ?really|very|pretty bad|busy|awkward|difficult|tough|rough|inconvenient|hectic|terrible|worst|crazy|wrong ?possible time|moment",
            "caught you in the middle",
            "sorry to|for catch|catching|interrupt|interrupting",
            "sorry for|about the timing|interruption",
            "bad|awful|terrible|poor timing ?on ?my ?part",
            "this|now|that isn't|isnt ?really ?a|the good|great|right|best|ideal time|moment",
            "it's|its|that's|thats not ?really ?a|the good|great|right|best|ideal time|moment",
            "it|this|now|that is not ?really ?a|the good|great|right|best|ideal time|moment",
            "it's|its|that's|thats ?a|the bad|busy|tough|difficult|hectic|terrible|awkward|crazy|rough time|moment|day",
            "this|now|it|that is ?a|the bad|busy|tough|difficult|hectic|terrible|awkward|crazy|rough time|moment|day",
            "sounds|seems|looks like you're|youre|you ?are ?really|pretty|very busy|swamped|slammed",
            "sounds|seems|looks like you're|youre|you ?are in the middle",
        ],
    },
];

// --- Word lists -------------------------------------------------------------

const NEGATORS: &[&str] = &[
    "not", "never", "no", "cannot", "nor", "dont", "wont", "isnt", "arent", "cant", "didnt",
    "doesnt", "wasnt", "shouldnt", "wouldnt", "havent", "hasnt",
];
/// Words that make a sentence about making contact, so "next week" in it is
/// a promise about the next call rather than small talk about a busy week.
const CONTACT: &[&str] = &[
    "call", "calls", "calling", "ring", "ringing", "phone", "phoning", "try", "trying", "speak",
    "speaking", "talk", "talking", "chat", "catch", "reach", "touch", "follow", "back", "connect",
    "check", "meet", "meeting", "hear", "send", "email", "circle",
];
/// After "you", these report what the prospect said rather than promise anything.
#[rustfmt::skip]
const REPORTED: &[&str] = &[
    "said", "asked", "told", "suggested", "mentioned", "requested", "wanted",
];
const YOU: &[&str] = &["you", "you'd", "youd", "you've", "youve"];
/// Warnings that, after a stated reason in the same sentence, show the
/// reason is empty ("I'm calling to see if you're interested").
const EMPTY_PURPOSE: [HintKind; 4] = [
    HintKind::JustCheckingIn,
    HintKind::AreYouInterested,
    HintKind::AsksBetterTime,
    HintKind::AsksGoodTime,
];
#[rustfmt::skip]
const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tue", "tues",
    "weds", "thu", "thur", "thurs", "fri", "today", "tomorrow", "tonight",
];
// "may" is left out: it is far more often a verb (see `is_month`).
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
];
const HOUR_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];
const MINUTE_WORDS: &[&str] = &["fifteen", "thirty", "forty", "o'five"];
const OCLOCK: &[&str] = &["o'clock", "oclock"];
/// Words that may sit between a day and a time in one phrase.
#[rustfmt::skip]
const LINKS: &[&str] = &[
    "at", "on", "the", "of", "this", "next", "coming", "morning", "afternoon", "evening", "in",
];
/// A spelled hour after "at" counts when one of these follows ("at ten on
/// Friday"), not before a noun ("at one of our sites").
const AFTER_HOUR: &[&str] = &[
    "on", "or", "and", "then", "tomorrow", "today", "tonight", "this", "next", "sharp", "if",
    "for", "work", "works", "suit", "suits", "ok", "okay", "good", "is", "would", "please", "in",
];
const DETAIL_STOPWORDS: &[&str] = &[
    "a", "an", "the", "my", "your", "his", "her", "their", "our", "its", "of", "at", "in", "on",
    "to", "and", "or", "for", "is", "was", "with", "i", "you", "he", "she", "they", "we", "it",
];

const DAY: u8 = 1;
const TIME: u8 = 2;

// --- Text helpers -----------------------------------------------------------

/// The typographic apostrophes fold to `'`; only ASCII letters change case,
/// so a match never depends on how a non-ASCII letter lowercases.
fn fold(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' => '\'',
        _ => c.to_ascii_lowercase(),
    }
}

fn norm_eq(word: &str, pattern: &str) -> bool {
    word.chars().map(fold).eq(pattern.chars())
}

fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| norm_eq(word, w))
}

/// Strips a trailing "'s" (either apostrophe, any case).
fn strip_possessive(word: &str) -> &str {
    let mut rev = word.char_indices().rev();
    match (rev.next(), rev.next()) {
        (Some((_, s)), Some((at, a))) if fold(s) == 's' && fold(a) == '\'' => &word[..at],
        _ => word,
    }
}

/// `s` as a number when it is one or two ASCII digits and nothing else.
fn small_number(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 2 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn day_number(s: &str) -> bool {
    small_number(s).is_some_and(|n| (1..=31).contains(&n))
}

/// "1st", "22nd", "14th": a day of the month.
fn ordinal(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && day_number(&s[..digits]) && is_one_of(&s[digits..], &["st", "nd", "rd", "th"])
}

/// A clock written with digits: "10", "10am", "2:30pm", "08:15", "3.30".
struct Clock {
    hour: u32,
    minutes: bool,
    meridiem: bool,
}

fn clock(s: &str) -> Option<Clock> {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let hour = small_number(&s[..digits])?;
    let mut rest = &s[digits..];
    let mut minutes = false;
    if let Some(tail) = rest.strip_prefix([':', '.']) {
        // Exactly two digits of minutes, under 60.
        if small_number(tail.get(..2)?).is_none_or(|m| m >= 60) {
            return None;
        }
        minutes = true;
        rest = &tail[2..];
    }
    let meridiem = !rest.is_empty();
    if meridiem && !is_one_of(rest, &["am", "pm"]) {
        return None;
    }
    let ok = if meridiem {
        (1..=12).contains(&hour)
    } else {
        hour <= 23
    };
    ok.then_some(Clock {
        hour,
        minutes,
        meridiem,
    })
}

// --- The tokenized text -----------------------------------------------------

struct Tok {
    start: usize,
    end: usize,
    /// Sentence number.
    sent: usize,
    /// True when a comma, semicolon, dash or sentence break comes before it.
    clause: bool,
}

/// What the rules ask about a whole sentence, worked out once so long input
/// stays linear.
struct Sentence {
    /// Token range.
    first: usize,
    end: usize,
    /// First token of a day or a time, or `usize::MAX`.
    first_when: usize,
    /// First "said", "asked"... right after "you", or `usize::MAX`.
    reported_at: usize,
    day: bool,
    day_time: bool,
    contact: bool,
}

/// A candidate hint, with its token range so rules can look around it.
#[derive(Clone, Copy)]
struct Found {
    kind: HintKind,
    /// First token.
    first: usize,
    start: usize,
    end: usize,
}

struct Doc<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    /// DAY and TIME bits per token.
    when: Vec<u8>,
    /// NamesDayAndTime hits, found once up front because other rules ask
    /// whether their sentence has one.
    dated: Vec<Found>,
    sents: Vec<Sentence>,
}

impl<'t> Doc<'t> {
    fn new(text: &'t str) -> Doc<'t> {
        let mut doc = Doc {
            text,
            toks: tokenize(text),
            when: Vec::new(),
            dated: Vec::new(),
            sents: Vec::new(),
        };
        doc.split_sentences();
        doc.when = doc.classify();
        doc.dated = doc.day_and_time();
        doc.sents = doc.sentences();
        doc
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    fn word(&self, k: usize) -> &'t str {
        let t = &self.toks[k];
        &self.text[t.start..t.end]
    }

    fn is(&self, k: usize, w: &str) -> bool {
        k < self.len() && norm_eq(self.word(k), w)
    }

    fn is_any(&self, k: usize, list: &[&str]) -> bool {
        k < self.len() && is_one_of(self.word(k), list)
    }

    /// The text between token `k - 1` (or the start) and token `k`.
    fn gap(&self, k: usize) -> &'t str {
        let from = if k == 0 { 0 } else { self.toks[k - 1].end };
        &self.text[from..self.toks[k].start]
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        a < self.len() && b < self.len() && self.toks[a].sent == self.toks[b].sent
    }

    fn sentence_of(&self, k: usize) -> &Sentence {
        &self.sents[self.toks[k].sent]
    }

    fn sentences(&self) -> Vec<Sentence> {
        let mut out: Vec<Sentence> = Vec::new();
        for k in 0..self.len() {
            if k == 0 || self.toks[k].sent != self.toks[k - 1].sent {
                out.push(Sentence {
                    first: k,
                    end: k,
                    first_when: usize::MAX,
                    reported_at: usize::MAX,
                    day: false,
                    day_time: false,
                    contact: false,
                });
            }
            let Some(s) = out.last_mut() else { continue };
            s.end = k + 1;
            if self.when[k] != 0 {
                s.first_when = s.first_when.min(k);
            }
            s.day |= self.when[k] & DAY != 0;
            s.contact |= self.is_any(k, CONTACT);
            if s.reported_at == usize::MAX
                && k > s.first
                && self.is_any(k, REPORTED)
                && self.is_any(k - 1, YOU)
            {
                s.reported_at = k;
            }
        }
        for f in &self.dated {
            out[self.toks[f.first].sent].day_time = true;
        }
        out
    }

    /// The "m" of "a.m" or "p.m".
    fn is_meridiem_m(&self, k: usize) -> bool {
        k > 0 && self.is(k, "m") && self.is_any(k - 1, &["a", "p"]) && self.gap(k) == "."
    }

    fn split_sentences(&mut self) {
        let mut sent = 0;
        for k in 0..self.len() {
            let gap = self.gap(k);
            let mut brk = gap.contains(['?', '!', '\n']);
            // One full stop ends a sentence, except after a title, inside
            // "a.m." or as part of an ellipsis.
            if !brk && k > 0 && gap.matches('.').count() == 1 {
                let abbreviation = self.is_any(k - 1, &["mr", "mrs", "ms", "dr"])
                    || self.is_meridiem_m(k - 1)
                    || (self.is(k, "m") && self.is_any(k - 1, &["a", "p"]) && gap == ".");
                brk = !abbreviation;
            }
            if brk && k > 0 {
                sent += 1;
            }
            let clause =
                k == 0 || brk || gap.contains([',', ';', ':', '\u{2014}', '\u{2013}', '(', ')']);
            self.toks[k].sent = sent;
            self.toks[k].clause = clause;
        }
    }

    // --- Days and clock times ------------------------------------------------

    fn is_month(&self, k: usize) -> bool {
        if self.is_any(k, MONTHS) {
            return true;
        }
        // "May 3", "3rd May", "3rd of May"; never the verb in "that may work".
        let ordinal_at = |j: usize| self.same_sentence(j, k) && ordinal(self.word(j));
        self.is(k, "may")
            && ((self.same_sentence(k, k + 1)
                && (day_number(self.word(k + 1)) || ordinal(self.word(k + 1))))
                || (k >= 1 && ordinal_at(k - 1))
                || (k >= 2 && self.is(k - 1, "of") && ordinal_at(k - 2)))
    }

    fn classify(&self) -> Vec<u8> {
        let n = self.len();
        let mut when = vec![0u8; n];
        for k in 0..n {
            let w = self.word(k);
            if is_one_of(w, WEEKDAYS) || ordinal(w) {
                when[k] |= DAY;
            } else if self.is_month(k) {
                when[k] |= DAY;
                // The day number beside a month: "March 14", "14 March", "14 of March".
                for j in [Some(k + 1), k.checked_sub(1)].into_iter().flatten() {
                    if self.same_sentence(j, k) && day_number(self.word(j)) {
                        when[j] |= DAY;
                    }
                }
                if k >= 2
                    && self.is(k - 1, "of")
                    && self.same_sentence(k - 2, k)
                    && day_number(self.word(k - 2))
                {
                    when[k - 2] |= DAY;
                }
            }
        }
        let mut k = 0;
        while k < n {
            if when[k] & DAY == 0 {
                if let Some(end) = self.time_at(k) {
                    for flag in &mut when[k..end] {
                        *flag |= TIME;
                    }
                    k = end;
                    continue;
                }
            }
            k += 1;
        }
        when
    }

    /// End of "am", "pm" or "a.m" starting at token `k`, if it follows a number directly.
    fn meridiem(&self, k: usize) -> Option<usize> {
        if k == 0 || !self.same_sentence(k - 1, k) {
            return None;
        }
        if self.is_any(k, &["am", "pm"]) && self.gap(k).trim().is_empty() {
            return Some(k + 1);
        }
        (self.is_any(k, &["a", "p"]) && self.is_meridiem_m(k + 1)).then_some(k + 2)
    }

    /// End of a clock time starting at token `k`.
    fn time_at(&self, k: usize) -> Option<usize> {
        let w = self.word(k);
        let after_at = k > 0 && self.same_sentence(k - 1, k) && self.is(k - 1, "at");
        if is_one_of(w, &["noon", "midday", "midnight"]) {
            return Some(k + 1);
        }
        if let Some(c) = clock(w) {
            let mut end = k + 1;
            let mut sure = c.minutes || c.meridiem || after_at;
            if let Some(e) = self.meridiem(end).filter(|_| !c.meridiem) {
                // "13 pm" is no time.
                if !(1..=12).contains(&c.hour) {
                    return None;
                }
                end = e;
                sure = true;
            } else if self.is_any(end, OCLOCK) && self.same_sentence(k, end) {
                end += 1;
                sure = true;
            }
            return sure.then_some(end);
        }
        if is_one_of(w, HOUR_WORDS) {
            let mut end = k + 1;
            let mut sure = false;
            if self.same_sentence(k, end) && self.is_any(end, MINUTE_WORDS) {
                end += 1;
                if self.is(end - 1, "forty") && self.is(end, "five") {
                    end += 1;
                }
                sure = true;
            }
            if let Some(e) = self.meridiem(end) {
                end = e;
                sure = true;
            } else if self.same_sentence(k, end) && self.is_any(end, OCLOCK) {
                end += 1;
                sure = true;
            }
            // Any punctuation after the hour (a comma, a closing quote) also
            // leaves it standing alone.
            let clause_ends = end >= self.len()
                || !self.same_sentence(k, end)
                || !self.gap(end).trim().is_empty()
                || self.is_any(end, AFTER_HOUR);
            return (sure || (after_at && clause_ends)).then_some(end);
        }
        // "half past ten", "quarter to 3"
        if is_one_of(w, &["half", "quarter"])
            && self.same_sentence(k, k + 2)
            && self.is_any(k + 1, &["past", "to", "after"])
            && (self.is_any(k + 2, HOUR_WORDS)
                || small_number(self.word(k + 2)).is_some_and(|h| (1..=12).contains(&h)))
        {
            return Some(self.meridiem(k + 3).unwrap_or(k + 3));
        }
        None
    }

    /// NamesDayAndTime: a run of day words, clock words and links that holds
    /// both a day and a time, inside one sentence.
    fn day_and_time(&self) -> Vec<Found> {
        let mut found = Vec::new();
        let mut k = 0;
        while k < self.len() {
            if self.when[k] == 0 {
                k += 1;
                continue;
            }
            let s = self.toks[k].sent;
            let (mut flags, mut last, mut j) = (0u8, k, k);
            while j < self.len()
                && self.toks[j].sent == s
                && (self.when[j] != 0 || self.is_any(j, LINKS))
            {
                if self.when[j] != 0 {
                    flags |= self.when[j];
                    last = j;
                }
                j += 1;
            }
            if flags == DAY | TIME {
                let mut end = self.toks[last].end;
                // Keep the closing dot of "a.m." with the time.
                if self.is_meridiem_m(last) && self.text[end..].starts_with('.') {
                    end += 1;
                }
                found.push(Found {
                    kind: HintKind::NamesDayAndTime,
                    first: k,
                    start: self.toks[k].start,
                    end,
                });
            }
            k = j;
        }
        found
    }

    // --- Pattern matching -----------------------------------------------------

    fn slot_matches(&self, alts: &str, k: usize) -> bool {
        alts.split('|').any(|a| match a {
            "@when" => self.when[k] != 0,
            _ => norm_eq(self.word(k), a),
        })
    }

    /// End (exclusive) of `pat` matched from token `i`, staying in sentence `sent`.
    fn match_from(&self, pat: &str, i: usize, sent: usize) -> Option<usize> {
        if pat.is_empty() {
            return Some(i);
        }
        let (slot, rest) = pat.split_once(' ').unwrap_or((pat, ""));
        let here = i < self.len() && self.toks[i].sent == sent;
        match slot {
            "^" => {
                let starts = here && (i == 0 || self.toks[i - 1].sent != sent);
                return if starts {
                    self.match_from(rest, i, sent)
                } else {
                    None
                };
            }
            "$" => {
                let ends = !here || self.toks[i].clause;
                return if ends {
                    self.match_from(rest, i, sent)
                } else {
                    None
                };
            }
            _ => {}
        }
        let (optional, alts) = match slot.strip_prefix('?') {
            Some(a) => (true, a),
            None => (false, slot),
        };
        if here && self.slot_matches(alts, i) {
            if let Some(end) = self.match_from(rest, i + 1, sent) {
                return Some(end);
            }
        }
        if optional {
            self.match_from(rest, i, sent)
        } else {
            None
        }
    }

    /// A "not", "won't"... shortly before token `i` in the same clause.
    /// "Not sure whether..." still asks, so a negator before "sure" is ignored.
    fn negated(&self, i: usize) -> bool {
        let mut k = i;
        for _ in 0..4 {
            if k == 0 || self.toks[k].clause {
                return false;
            }
            k -= 1;
            let w = self.word(k);
            let negator = is_one_of(w, NEGATORS) || {
                let mut rev = w.chars().rev().map(fold);
                rev.next() == Some('t') && rev.next() == Some('\'') && rev.next() == Some('n')
            };
            if negator && !self.is_any(k + 1, &["sure", "certain"]) {
                return true;
            }
        }
        false
    }

    /// Reported speech: "you said", "you asked" earlier in the sentence.
    fn reported(&self, i: usize) -> bool {
        self.sentence_of(i).reported_at < i
    }

    /// A day or time that the question is about: earlier in the sentence, or
    /// a few words on in the same clause ("is it a good time to talk on
    /// Thursday?").
    fn proposal_near(&self, first: usize, last: usize) -> bool {
        let sentence = self.sentence_of(first);
        if sentence.first_when < first {
            return true;
        }
        for k in last..sentence.end.min(last + 12) {
            if self.toks[k].clause || self.is_any(k, &["or", "but"]) {
                return false;
            }
            if self.when[k] != 0 {
                return true;
            }
        }
        false
    }

    fn accept(
        &self,
        kind: HintKind,
        pat: &str,
        (first, last): (usize, usize),
        context: &HintContext,
        empty_from: &[usize],
    ) -> bool {
        let sentence = self.sentence_of(first);
        match kind {
            HintKind::AsksGoodTime | HintKind::AsksBetterTime => {
                // "Is it a good time to talk on Thursday?" proposes a slot;
                // any form with "now" asks about this very moment.
                let about_now = (first..last).any(|k| self.is(k, "now"));
                about_now || !self.proposal_near(first, last)
            }
            HintKind::VagueTime => {
                let later = self.is(first, "later");
                let idiom = later
                    && ((first > 0 && self.is_any(first - 1, &["than", "me"]))
                        || self.is(last, "than"));
                let loose_ok = !pat.starts_with('~') || (!sentence.day && sentence.contact);
                !sentence.day_time && !idiom && loose_ok && !self.reported(first)
            }
            HintKind::PrematureWhichDay => context.booking_premature,
            HintKind::AsksForCallback => !self.reported(first),
            HintKind::StatesReason => empty_from[self.toks[first].sent] <= first,
            // "Have I caught you at a bad time?" is a question, not an apology.
            HintKind::AcknowledgesTiming => {
                !(first >= 2
                    && self.is(first - 1, "i")
                    && self.is_any(first - 2, &["have", "had", "did"]))
            }
            _ => true,
        }
    }

    fn apply(&self, rule: &Rule, context: &HintContext, found: &mut Vec<Found>) {
        // Per sentence, one past the last start of an empty-purpose warning
        // (0 when none): a stated reason before it is hollow.
        let mut empty_from = vec![0; self.sents.len()];
        for f in found.iter().filter(|f| EMPTY_PURPOSE.contains(&f.kind)) {
            let e = &mut empty_from[self.toks[f.first].sent];
            *e = (*e).max(f.first + 1);
        }
        // End of the last span this rule claimed, matched or negated.
        let mut reach = 0;
        for i in 0..self.len() {
            let sent = self.toks[i].sent;
            let mut longest = None;
            let mut best: Option<usize> = None;
            for pat in rule.patterns {
                let body = pat.strip_prefix('~').unwrap_or(pat);
                let Some(end) = self.match_from(body, i, sent).filter(|&e| e > i) else {
                    continue;
                };
                longest = longest.max(Some(end));
                if best.is_some_and(|b| b >= end) {
                    continue;
                }
                if self.accept(rule.kind, pat, (i, end), context, &empty_from) {
                    best = Some(end);
                }
            }
            let Some(longest) = longest else { continue };
            if i < reach {
                continue;
            }
            let span = |last: usize| Found {
                kind: rule.kind,
                first: i,
                start: self.toks[i].start,
                end: self.toks[last - 1].end,
            };
            // A negated phrase still occupies its words, so a shorter match
            // inside it ("if you're interested" in "not asking if you're
            // interested") is not picked up on its own.
            if self.negated(i) {
                reach = longest;
            } else if let Some(end) = best {
                reach = end;
                found.push(span(end));
            }
        }
    }

    // --- The prospect's detail ----------------------------------------------

    fn detail(&self, detail: &[&str], found: &mut Vec<Found>) {
        let mut marks: Vec<(usize, usize)> = Vec::new();
        for entry in detail {
            let words = || entry.split_whitespace();
            let count = words().count();
            if count == 0 || (count == 1 && is_one_of(entry.trim(), DETAIL_STOPWORDS)) {
                continue;
            }
            for i in 0..self.len() {
                let fits = words().enumerate().all(|(j, w)| {
                    self.same_sentence(i, i + j) && detail_word_eq(self.word(i + j), w)
                });
                if fits {
                    marks.push((i, i + count));
                }
            }
        }
        heap_sort_by(&mut marks, |a, b| a < b);
        // "soccer" and "game" side by side read as one mention.
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in marks {
            match merged.last_mut() {
                Some(m)
                    if a < m.1
                        || (a == m.1
                            && self.same_sentence(m.0, a)
                            && self.gap(a).trim().is_empty()) =>
                {
                    m.1 = m.1.max(b)
                }
                _ => merged.push((a, b)),
            }
        }
        for (a, b) in merged {
            found.push(Found {
                kind: HintKind::RefersToDetail,
                first: a,
                start: self.toks[a].start,
                end: self.toks[b - 1].end,
            });
        }
    }
}

/// A detail word matches itself, its plural and its possessive.
fn detail_word_eq(token: &str, word: &str) -> bool {
    let t = strip_possessive(token);
    let w = strip_possessive(word);
    if w.is_empty() {
        return false;
    }
    norm_eq(t, w) || (t.len() > 1 && t.ends_with(['s', 'S']) && norm_eq(&t[..t.len() - 1], w))
}

/// Words are runs of letters and digits; an apostrophe between letters stays
/// inside ("don't", "kid’s"), and ":" or "." between digits too ("2:30").
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let inside = if c.is_alphanumeric() {
            true
        } else if start.is_some() && matches!(c, '\'' | '\u{2019}') {
            prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)
        } else if start.is_some() && matches!(c, ':' | '.') {
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())
        } else {
            false
        };
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                toks.push(Tok {
                    start: s,
                    end: i,
                    sent: 0,
                    clause: false,
                });
                start = None;
            }
            _ => {}
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        toks.push(Tok {
            start: s,
            end: text.len(),
            sent: 0,
            clause: false,
        });
    }
    toks
}
