//! Scripted players that see only the observation, never the hidden state.
//!
//! They prove the scoring: a player that reads the prospect's words the way
//! the articles teach must score high; players that cannot know the right
//! answer (one trick, a fixed script, the longest or shortest option, word
//! matching, random clicking) must score low. The principled player reads
//! only the text on screen (the prospect's words, its own earlier lines and
//! the persona and seller cards) with keyword rules written here, apart from
//! the content tables and the engine's labels; it never sees the kind of
//! line (cue), the kind of reply or the fit flag.

use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;

use super::engine::Choice;
use super::model::{Move, Phase, Truth};
use super::session::{Observation, Speaker};

/// The players the harness runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Reads the prospect's words as the articles teach.
    Principled,
    /// Always asks to book now, whatever was said.
    AlwaysBookNow,
    /// Accepts the callback without asking anything.
    AlwaysAccept,
    /// Pitches on regardless.
    Steamroll,
    /// Always tries to disqualify.
    AlwaysDisqualify,
    /// One fixed script of moves, whatever the prospect says.
    FixedScript,
    /// Always the longest option on screen.
    Longest,
    /// Always the shortest option on screen.
    Shortest,
    /// The option sharing the most words with the prospect's last line.
    KeywordMatch,
    /// A 50 % diagnosis on one truth, then the first option shown.
    HedgedOneTruth,
    /// Picks uniformly at random.
    Random,
    /// Ignores the prospect: plays the move that lost the least on average
    /// in the app's own scores, learned on other seeds (`Learned`).
    LearnedOrder,
    /// An option that names a day or time if there is one, else the longest.
    DayOrLongest,
    /// The option with the most polite words.
    MostPolite,
}

impl Policy {
    pub const ALL: [Policy; 14] = [
        Policy::Principled,
        Policy::AlwaysBookNow,
        Policy::AlwaysAccept,
        Policy::Steamroll,
        Policy::AlwaysDisqualify,
        Policy::FixedScript,
        Policy::Longest,
        Policy::Shortest,
        Policy::KeywordMatch,
        Policy::HedgedOneTruth,
        Policy::Random,
        Policy::LearnedOrder,
        Policy::DayOrLongest,
        Policy::MostPolite,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Policy::Principled => "principled (reads the text)",
            Policy::AlwaysBookNow => "always book now",
            Policy::AlwaysAccept => "always accept the callback",
            Policy::Steamroll => "always pitch on (steamroll)",
            Policy::AlwaysDisqualify => "always disqualify",
            Policy::FixedScript => "fixed script, ignores the prospect",
            Policy::Longest => "always the longest option",
            Policy::Shortest => "always the shortest option",
            Policy::KeywordMatch => "matches the prospect's words",
            Policy::HedgedOneTruth => "50 % on one truth, first option",
            Policy::Random => "uniformly random",
            Policy::LearnedOrder => "learned move order, ignores the prospect",
            Policy::DayOrLongest => "a day or time, else the longest",
            Policy::MostPolite => "most polite words",
        }
    }

    /// The player's choice at this observation. `rng` is the player's own
    /// generator (used by the random player and by one-trick players where
    /// their trick does not apply).
    pub fn choose(self, obs: &Observation<'_>, rng: &mut ChaCha8Rng) -> Choice {
        if obs.phase == Phase::Diagnosis {
            let (truth, confidence) = match self {
                Policy::Principled => read_line(obs),
                Policy::AlwaysBookNow => (Truth::Sincere, 90),
                Policy::AlwaysAccept => (Truth::Sincere, 100),
                Policy::Steamroll => (Truth::BrushOff, 80),
                Policy::AlwaysDisqualify => (Truth::BrushOff, 100),
                Policy::FixedScript => (Truth::Sincere, 70),
                Policy::Longest | Policy::Shortest | Policy::KeywordMatch => (Truth::BrushOff, 60),
                Policy::HedgedOneTruth => (Truth::BrushOff, 50),
                Policy::DayOrLongest => (Truth::Sincere, 60),
                Policy::MostPolite => (Truth::True, 60),
                // Learned players diagnose through `Learned::choose`.
                Policy::LearnedOrder => (Truth::BrushOff, 60),
                Policy::Random => (
                    Truth::ALL[(rng.next_u32() % 3) as usize],
                    MIN_CONFIDENCE + (rng.next_u32() % u32::from(101 - MIN_CONFIDENCE)) as u8,
                ),
            };
            return Choice::Diagnose { truth, confidence };
        }
        let texts: Vec<String> = obs.option_texts.to_vec();
        let by_len = |longest: bool| {
            let mut best = 0usize;
            for (i, t) in texts.iter().enumerate() {
                let (a, b) = (t.len(), texts[best].len());
                if (longest && a > b) || (!longest && a < b) {
                    best = i;
                }
            }
            Choice::Option(best as u8)
        };
        match self {
            Policy::Longest => return by_len(true),
            Policy::Shortest => return by_len(false),
            Policy::KeywordMatch => return keyword_match(obs),
            Policy::HedgedOneTruth => return Choice::Option(0),
            Policy::DayOrLongest => {
                let dated: Vec<usize> =
                    (0..texts.len()).filter(|&i| names_day(&texts[i])).collect();
                let Some(&first) = dated.first() else {
                    return by_len(true);
                };
                let longest = dated.iter().copied().fold(first, |b, i| {
                    if texts[i].len() > texts[b].len() {
                        i
                    } else {
                        b
                    }
                });
                return Choice::Option(longest as u8);
            }
            Policy::MostPolite => {
                let mut best = (0usize, 0usize);
                for (i, t) in texts.iter().enumerate() {
                    let n = politeness(t);
                    if n > best.1 {
                        best = (i, n);
                    }
                }
                return Choice::Option(best.0 as u8);
            }
            _ => {}
        }
        let preferred: Vec<Move> = match self {
            Policy::Principled => principled(obs),
            Policy::AlwaysBookNow => vec![Move::BookNow, Move::ConfirmMeeting, Move::CallbackNamed],
            Policy::AlwaysAccept => vec![Move::AgreeCallback, Move::CallbackNamed],
            Policy::Steamroll => vec![
                Move::Steamroll,
                Move::AssumptiveClose,
                Move::VmPitch,
                Move::RestatePitch,
            ],
            Policy::AlwaysDisqualify => vec![
                Move::DisqualifyOffer,
                Move::DeclineCallback,
                Move::Drop,
                Move::DropAloof,
            ],
            // A rep who learned one call by heart and plays it every time.
            Policy::FixedScript => vec![
                Move::StatePurpose,
                Move::Acknowledge,
                Move::AskWhyThen,
                Move::DisqualifyOffer,
                Move::AgreeCallback,
                Move::CallbackNamed,
                Move::VmKeepsControl,
                Move::AsPromisedPurpose,
                Move::KeepCalling,
            ],
            _ => vec![],
        };
        for mv in preferred {
            // The principled player knows an option only by its words; the
            // one-trick players may use the option's move directly.
            let position = if self == Policy::Principled {
                obs.option_texts.iter().position(|t| intent(t) == Some(mv))
            } else {
                obs.options.iter().position(|o| o.mv == mv)
            };
            if let Some(i) = position {
                return Choice::Option(i as u8);
            }
        }
        Choice::Option((rng.next_u32() % obs.options.len().max(1) as u32) as u8)
    }
}

/// Whether an option's words name a day or a time of day.
pub fn names_day(text: &str) -> bool {
    const DAYS: [&str; 9] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "tomorrow",
        "today",
        "week",
        "month",
    ];
    let t = text.to_lowercase();
    DAYS.iter().any(|d| t.contains(d))
        || t.as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
        || t.split(' ')
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[0] == "at" && w[1].starts_with(|c: char| c.is_ascii_digit()))
}

/// How many polite words an option uses (a player that ranks by them).
pub fn politeness(text: &str) -> usize {
    const POLITE: [&str; 14] = [
        "sorry",
        "thank",
        "please",
        "of course",
        "happy to",
        "glad",
        "appreciate",
        "hope",
        "understand",
        "no problem",
        "all the best",
        "take care",
        "sure",
        "great",
    ];
    let t = text.to_lowercase();
    POLITE.iter().filter(|w| t.contains(*w)).count()
}

/// What the learned player took from the app's own scores on training
/// seeds: each move's mean loss against the best option where it was
/// offered, and the diagnosis that earned most on average. It never looks
/// at the prospect.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// Mean points lost when chosen, per move in `Move::ALL` order.
    regret: Vec<f64>,
    diagnosis: (Truth, u8),
}

/// Seeds the learned player trains on: far from the ones it is evaluated
/// on (`evaluate` plays seeds from 0).
const TRAINING_SEEDS: core::ops::Range<u64> = 1_000_000_000..1_000_000_600;

impl Learned {
    /// Learns from random play on the training seeds at `difficulty`.
    pub fn train(
        catalogue: &crate::core::catalogue::Catalogue,
        difficulty: super::Difficulty,
    ) -> Learned {
        let sim = &catalogue.sim;
        let mut lost = vec![(0.0f64, 0u32); Move::ALL.len()];
        let grid: Vec<(Truth, u8)> = Truth::ALL
            .iter()
            .flat_map(|&t| [40u8, 60, 80].map(|c| (t, c)))
            .collect();
        let mut earned = vec![0.0f64; grid.len()];
        for seed in TRAINING_SEEDS {
            let session = play(
                catalogue,
                Policy::Random,
                super::Settings { seed, difficulty },
            );
            for d in session.decisions() {
                if d.diagnosis.is_some() {
                    for (i, &(t, c)) in grid.iter().enumerate() {
                        earned[i] += super::engine::diagnosis_points(d.belief, t, c);
                    }
                    continue;
                }
                for o in &d.offered {
                    let v = d.state.value(sim, o.mv);
                    let i = Move::ALL.iter().position(|&m| m == o.mv).unwrap_or(0);
                    lost[i].0 += d.best - super::engine::points(v, d.best);
                    lost[i].1 += 1;
                }
            }
        }
        let best = (0..grid.len()).fold(0, |b, i| if earned[i] > earned[b] { i } else { b });
        Learned {
            regret: lost
                .iter()
                .map(|&(sum, n)| if n == 0 { f64::MAX } else { sum / f64::from(n) })
                .collect(),
            diagnosis: grid[best],
        }
    }

    /// The offered move that lost least on average; the learned diagnosis.
    pub fn choose(&self, obs: &Observation<'_>) -> Choice {
        if obs.phase == Phase::Diagnosis {
            let (truth, confidence) = self.diagnosis;
            return Choice::Diagnose { truth, confidence };
        }
        let regret = |mv: Move| {
            Move::ALL
                .iter()
                .position(|&m| m == mv)
                .map_or(f64::MAX, |i| self.regret[i])
        };
        let mut best = 0usize;
        for (i, o) in obs.options.iter().enumerate() {
            if regret(o.mv) < regret(obs.options[best].mv) {
                best = i;
            }
        }
        Choice::Option(best as u8)
    }
}

/// The lowest confidence a diagnosis may state (three truths: 1/3).
pub const MIN_CONFIDENCE: u8 = super::engine::MIN_CONFIDENCE;

/// What an option's words do, as a reader sorts them: keyword rules written
/// for the principled player, so that it chooses from the displayed text
/// alone (never from the option's move id).
pub fn intent(text: &str) -> Option<Move> {
    use Move::*;
    let t = text.to_lowercase();
    const RULES: &[(&[&str], Move)] = &[
        // Openers.
        (&["good time to talk", "at a good time"], AskGoodTime),
        (&["quick minute", "two minutes"], AskForAMinute),
        // Voicemail.
        (
            &["without leaving a message", "without a message"],
            VmNoMessage,
        ),
        (
            &["call me back whenever", "call me when you're free"],
            VmCallMeBack,
        ),
        (&["just launched", "explain everything"], VmPitch),
        (
            &["i'll try you again tomorrow", "i'll call again tomorrow"],
            VmKeepsControl,
        ),
        // Persistence.
        (
            &["at the same time each day after", "keep the promise"],
            KeepCalling,
        ),
        (&["stop calling"], NurtureAfterSilence),
        (&["silent attempts"], DropAloof),
        // Plan.
        (&["note that they asked", "do not call"], HonourOptOut),
        (&["disqualif"], CloseDisqualified),
        (&["calendar invite", "confirm the meeting"], ConfirmMeeting),
        (&["open with", "note to ask about"], CallbackWithDetail),
        (
            &["to set up the meeting", "purpose: book the meeting"],
            CallbackNamed,
        ),
        (&["briefing;", "nurture track"], Nurture),
        (&["not our kind of account", "outside our profile"], Drop),
        (
            &["try them again sometime", "when i get a chance"],
            Sometime,
        ),
        // Callback.
        (
            &["how did it turn out", "hope things went well"],
            ReferenceDetail,
        ),
        (&["thick of it"], DetailBetterTime),
        (&["to recap", "briefly again"], RestatePitchAndPurpose),
        (
            &["calling as promised. we help", "i said i'd try you"],
            AsPromisedPitch,
        ),
        (
            &["you asked me to come back", "you suggested i call"],
            AsPromisedPurpose,
        ),
        (&["interested in hearing", "remember me"], AreYouInterested),
        (&["is now a better time", "any freer"], BetterTimeCold),
        // Respond.
        (&["hope it all goes well; i'll try", "take care"], WishWell),
        (
            &["how's it going so far", "if you don't mind me asking"],
            AskDetail,
        ),
        (&["sorry", "apolog", "bad timing"], Acknowledge),
        (
            &[
                "what will have changed",
                "why that timing",
                "between now and then",
            ],
            AskWhyThen,
        ),
        (&["calendar handy", "phone tag", "fix a slot now"], BookNow),
        (
            &["send you an invite", "put us down", "book a slot"],
            AssumptiveClose,
        ),
        (
            &["i'll be quick", "thirty seconds", "before you go"],
            Steamroll,
        ),
        (&["couldn't we just", "any easier"], PersistOnce),
        (
            &["how is that working", "what would have to be true"],
            ExploreObjection,
        ),
        (
            &["who makes that decision", "right person to talk to"],
            AskForDecisionMaker,
        ),
        (&["send the right thing", "worth reading"], SendAndQualify),
        (&["right fit for", "good match for"], BowOut),
        (&["fleet-costs note", "useful note"], DeclineCallback),
        (
            &["won't chase you", "leave you in peace", "no hard feelings"],
            DisqualifyOffer,
        ),
        (
            &["to set up a time to meet", "find a slot for a meeting"],
            AgreeCallback,
        ),
        (&["another time", "some time. bye"], AcceptVague),
        // The short pitch with dates, on a callback; the pitch as an opener.
        (&[" suit?", "like to meet; are you free"], RestatePitch),
        (&["we help"], StatePurpose),
    ];
    RULES
        .iter()
        .find(|(words, _)| any(&t, words))
        .map(|&(_, mv)| mv)
}

/// The option whose words overlap most with the prospect's last line.
fn keyword_match(obs: &Observation<'_>) -> Choice {
    let last = last_prospect(obs).to_lowercase();
    let words: Vec<&str> = last
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .collect();
    let mut best = (0usize, 0usize);
    for (i, t) in obs.option_texts.iter().enumerate() {
        let t = t.to_lowercase();
        let hits = words.iter().filter(|w| t.contains(*w)).count();
        if hits > best.1 {
            best = (i, hits);
        }
    }
    Choice::Option(best.0 as u8)
}

fn last_prospect<'a>(obs: &'a Observation<'_>) -> &'a str {
    obs.transcript
        .iter()
        .rev()
        .find(|e| e.speaker == Speaker::Prospect)
        .map_or("", |e| e.text.as_str())
}

/// What the prospect's words say, as a listener would sort them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heard {
    OptOut,
    NoInterest,
    Booked,
    Serious,
    Light,
    Work,
    Timed,
    Gatekeeper,
    Objection,
    SendInfo,
    NoReason,
    Reason,
    Near,
    Vague,
    Warm,
    Declines,
    Bare,
}

fn any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Sorts a prospect's words by keyword rules written from the articles.
fn hear(text: &str) -> Heard {
    let t = text.to_lowercase();
    if any(&t, &["off your list", "don't call", "do not call"]) {
        return Heard::OptOut;
    }
    if any(
        &t,
        &[
            "not for us",
            "happy with our current",
            "don't think we'd change",
            "not something we'd change",
            "we don't need",
        ],
    ) {
        return Heard::NoInterest;
    }
    if any(
        &t,
        &[
            "put me down",
            "send me the invite",
            "look out for the invite",
            "if you must",
            "i guess. fine",
            "works for me",
            "good for me",
            "send it and we'll see",
            "whatever's easiest",
            "why not. send it",
        ],
    ) {
        return Heard::Booked;
    }
    if any(
        &t,
        &[
            "just told you",
            "did you hear",
            "hands full",
            "can't think about",
        ],
    ) {
        return Heard::Declines;
    }
    if any(
        &t,
        &[
            "thanks for asking",
            "kind of you",
            "thanks for understanding",
            "first sales caller",
        ],
    ) {
        return Heard::Warm;
    }
    let now = any(
        &t,
        &[
            "as we speak",
            "in five minutes",
            "minutes ago",
            "just arrived",
            "about to",
            "already waving",
        ],
    );
    if any(
        &t,
        &[
            "hospital", "pre-op", "admitted", "labor", "vet's", "surgery",
        ],
    ) {
        return Heard::Serious;
    }
    if any(&t, &["game", "final", "school", "moving day", "couch"]) {
        return Heard::Light;
    }
    if now && any(&t, &["later today", "this afternoon"]) {
        return Heard::Timed;
    }
    if now
        || any(
            &t,
            &[
                "broke down",
                "coordinating",
                "went down",
                "fire",
                "touring",
                "on the other line",
            ],
        )
    {
        return Heard::Work;
    }
    if any(
        &t,
        &[
            "head office",
            "my decision",
            "pass them to",
            "operations director",
            "forward it",
        ],
    ) {
        return Heard::Gatekeeper;
    }
    if any(&t, &["another provider", "no budget", "already work with"]) {
        return Heard::Objection;
    }
    if any(
        &t,
        &[
            "email",
            "brochure",
            "website",
            "one-pager",
            "send over",
            "send me",
        ],
    ) {
        return Heard::SendInfo;
    }
    if any(
        &t,
        &[
            "no particular reason",
            "hard to say",
            "just busy",
            "whenever suits",
            "oh, you know",
            "not in a rush",
            "see how things go",
            "haven't thought about it",
            "no hurry",
        ],
    ) {
        return Heard::NoReason;
    }
    if any(
        &t,
        &[
            "because",
            "signed off",
            "is back on",
            "so after",
            "once i've",
            "after our",
            "starts on",
            "renewal",
            "review",
            "tender",
            "back on",
            "off-site",
            "inspection",
            "quarter on",
            "i'm off",
            "then i'll know",
            "want him on",
        ],
    ) {
        return Heard::Reason;
    }
    if any(
        &t,
        &[
            "month",
            "quarter",
            "new year",
            "later in the year",
            "busy season",
            "calm down",
            "few weeks",
            "few months",
            "the earliest i can do",
        ],
    ) {
        return Heard::Vague;
    }
    if any(
        &t,
        &[
            "tomorrow",
            "next week",
            "monday",
            "this week",
            "end of the week",
            "couple of days",
        ],
    ) {
        return Heard::Near;
    }
    Heard::Bare
}

/// Whether the company matches the seller's profile, judged from the facts
/// on the two cards (industry, headcount, revenue).
fn fits(obs: &Observation<'_>) -> bool {
    let p = obs.persona;
    let s = obs.seller;
    s.icp_industries.contains(&p.industry)
        && p.headcount >= s.icp_headcount[0]
        && p.headcount <= s.icp_headcount[1]
        && p.revenue_musd >= s.icp_revenue_musd[0]
        && p.revenue_musd <= s.icp_revenue_musd[1]
}

/// Everything the prospect said in the first call, sorted.
fn heard_all(obs: &Observation<'_>) -> Vec<Heard> {
    obs.transcript
        .iter()
        .take_while(|e| !(e.speaker == Speaker::Narrator && e.text.contains("you call")))
        .filter(|e| e.speaker == Speaker::Prospect)
        .map(|e| hear(&e.text))
        .collect()
}

/// Whether the rep said something matching `words` in the first call.
fn rep_said(obs: &Observation<'_>, words: &[&str]) -> bool {
    obs.transcript
        .iter()
        .filter(|e| e.speaker == Speaker::Rep)
        .any(|e| any(&e.text.to_lowercase(), words))
}

/// The first read of the "call me later" line: oomph means true, a dated
/// reason means sincere, vagueness means brush-off, and the persona shifts
/// the ambiguous cases (executives mean "next week"; owners often do not).
fn read_line(obs: &Observation<'_>) -> (Truth, u8) {
    // A call that began at voicemail has no opening line: the "call me
    // later" to read is what the prospect said on the callback.
    let line = obs
        .line
        .map_or_else(|| last_prospect(obs), |l| l.text.as_ref());
    let (senior, owner) = read_title(&obs.persona.title);
    if obs.line.is_none() {
        // "Still a bad time" on a callback, after the pitch: one short line
        // says less than an opening excuse, so the reading is held loosely.
        let (truth, confidence) = read_words(line, senior, owner);
        return (truth, confidence.min(45));
    }
    read_words(line, senior, owner)
}

/// Who the job title on the persona's card says they are, as a rep reads
/// it: (senior, owner of a small business or the one who runs its office).
fn read_title(title: &str) -> (bool, bool) {
    let t = title.to_lowercase();
    let senior = ["chief", "vp", "vice president", "director"]
        .iter()
        .any(|w| t.contains(w));
    let owner = ["owner", "office manager", "founder"]
        .iter()
        .any(|w| t.contains(w));
    (senior, owner)
}

/// The reading of one "call me later" by its words and who says it.
fn read_words(line: &str, senior: bool, owner: bool) -> (Truth, u8) {
    match hear(line) {
        Heard::Serious | Heard::Light | Heard::Work | Heard::Timed => (Truth::True, 85),
        Heard::Reason => (Truth::Sincere, 70),
        Heard::Near if senior => (Truth::Sincere, 55),
        Heard::Near if owner => (Truth::BrushOff, 60),
        Heard::Near => (Truth::BrushOff, 45),
        Heard::Vague | Heard::SendInfo | Heard::Gatekeeper | Heard::NoReason => {
            (Truth::BrushOff, 75)
        }
        _ if owner => (Truth::BrushOff, 55),
        _ if senior => (Truth::True, 40),
        _ => (Truth::BrushOff, 45),
    }
}

/// Whether what was heard so far points to a polite exit.
fn leans_brush_off(obs: &Observation<'_>) -> bool {
    let mut lean = read_line(obs).0 == Truth::BrushOff;
    for h in heard_all(obs) {
        match h {
            Heard::Serious
            | Heard::Light
            | Heard::Work
            | Heard::Timed
            | Heard::Reason
            | Heard::Warm
            | Heard::Booked
            | Heard::Declines => lean = false,
            Heard::NoReason
            | Heard::NoInterest
            | Heard::Objection
            | Heard::Vague
            | Heard::OptOut => lean = true,
            _ => {}
        }
    }
    lean
}

/// Preferred moves for the principled player, best first.
fn principled(obs: &Observation<'_>) -> Vec<Move> {
    use Move::*;
    let fit = fits(obs);
    let last = hear(last_prospect(obs));
    match obs.phase {
        Phase::Opener => vec![StatePurpose],
        Phase::Respond => {
            if !fit
                && !matches!(
                    last,
                    Heard::Serious
                        | Heard::Light
                        | Heard::Work
                        | Heard::Timed
                        | Heard::Declines
                        | Heard::Bare
                )
            {
                return vec![BowOut, DeclineCallback];
            }
            match last {
                Heard::Serious => vec![WishWell, Acknowledge, AgreeCallback],
                Heard::Light if fit => vec![AskDetail, Acknowledge, AgreeCallback],
                Heard::Light | Heard::Work => vec![Acknowledge, WishWell, AgreeCallback],
                Heard::Timed => vec![AgreeCallback, Acknowledge],
                Heard::Declines => vec![Acknowledge, AgreeCallback],
                Heard::Warm => vec![AgreeCallback],
                Heard::Gatekeeper => vec![AskForDecisionMaker, SendAndQualify, ExploreObjection],
                Heard::Objection => vec![ExploreObjection, DisqualifyOffer],
                Heard::SendInfo => vec![SendAndQualify, DisqualifyOffer],
                Heard::NoReason => vec![DisqualifyOffer, DeclineCallback],
                Heard::Reason => vec![AgreeCallback, BookNow],
                Heard::Near => vec![BookNow, AskWhyThen, AgreeCallback],
                Heard::Vague => vec![AskWhyThen, AgreeCallback],
                Heard::Bare => vec![Acknowledge, PersistOnce, AgreeCallback],
                _ => vec![AgreeCallback],
            }
        }
        Phase::Plan => {
            if last == Heard::OptOut {
                return vec![HonourOptOut, Drop];
            }
            if !fit {
                return vec![Drop];
            }
            if last == Heard::NoInterest {
                return vec![CloseDisqualified, Drop];
            }
            if last == Heard::Booked {
                return vec![ConfirmMeeting];
            }
            let told = rep_said(
                obs,
                &[
                    "i'll call you",
                    "i'll ring you",
                    "i'll try you",
                    "i'll call them",
                    "give them a call",
                    "may i call",
                ],
            );
            let declined = rep_said(obs, &["won't chase", "useful note", "fleet-costs note"]);
            if declined || !told {
                vec![Nurture]
            } else {
                vec![CallbackWithDetail, CallbackNamed]
            }
        }
        Phase::Voicemail => vec![VmKeepsControl],
        Phase::Callback => {
            let told = rep_said(
                obs,
                &[
                    "i'll call you",
                    "i'll ring you",
                    "i'll try you",
                    "i'll call again",
                    "as promised",
                    "calling as we agreed",
                ],
            );
            // A time weeks away: they will not remember the pitch.
            let line = obs.line.map_or(String::new(), |l| l.text.to_lowercase());
            let far = any(
                &line,
                &[
                    "month",
                    "next quarter",
                    "busy season",
                    "year",
                    "the 20th",
                    "the 3rd",
                    "calm down",
                ],
            );
            if obs.line.is_none() {
                // Only a voicemail so far: "as promised", then the pitch.
                return vec![AsPromisedPitch, RestatePitch];
            }
            match (told, far) {
                (true, true) => vec![ReferenceDetail, RestatePitchAndPurpose, AsPromisedPurpose],
                (true, false) => vec![ReferenceDetail, AsPromisedPurpose, RestatePitch],
                (false, _) => vec![ReferenceDetail, RestatePitch],
            }
        }
        Phase::Persistence if !fit => vec![DropAloof],
        Phase::Persistence if leans_brush_off(obs) => vec![NurtureAfterSilence],
        Phase::Persistence => vec![KeepCalling],
        Phase::Diagnosis | Phase::Done => vec![],
    }
}

/// Plays one whole call with a policy, from a seed.
pub fn play<'c>(
    catalogue: &'c crate::core::catalogue::Catalogue,
    policy: Policy,
    settings: super::Settings,
) -> super::Session<'c> {
    let learned =
        (policy == Policy::LearnedOrder).then(|| Learned::train(catalogue, settings.difficulty));
    play_as(catalogue, policy, learned.as_ref(), settings)
}

/// `play`, with the learned player's training done once by the caller.
fn play_as<'c>(
    catalogue: &'c crate::core::catalogue::Catalogue,
    policy: Policy,
    learned: Option<&Learned>,
    settings: super::Settings,
) -> super::Session<'c> {
    use rand_core::SeedableRng;
    let mut session = super::Session::new(catalogue, settings);
    // The player's own generator, independent of the prospect's.
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed ^ 0x9e37_79b9_7f4a_7c15);
    while !session.is_finished() {
        let choice = match learned {
            Some(l) => l.choose(&session.observation()),
            None => policy.choose(&session.observation(), &mut rng),
        };
        if session.choose(choice).is_err() {
            // Policies only pick what is offered; stop rather than loop.
            break;
        }
    }
    session
}

/// A policy's results over many seeded calls.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyStats {
    pub policy: Policy,
    pub calls: u32,
    pub mean: f64,
    pub spread: f64,
    pub min: u8,
    /// Share of diagnoses that named the hidden truth.
    pub diagnosis_accuracy: f64,
    /// Mean Brier score of the diagnoses (0 best, 2 worst).
    pub brier: f64,
    /// Count per outcome, in `Outcome::ALL` order.
    pub outcomes: [u32; 5],
    pub unfinished: u32,
}

/// Plays `calls` calls (seeds `0..calls`) and summarises them.
pub fn evaluate(
    catalogue: &crate::core::catalogue::Catalogue,
    policy: Policy,
    difficulty: super::Difficulty,
    calls: u32,
) -> PolicyStats {
    let mut scores = Vec::with_capacity(calls as usize);
    let mut right = 0u32;
    let mut diagnosed = 0u32;
    let mut brier = 0.0;
    let mut outcomes = [0u32; 5];
    let mut unfinished = 0;
    let learned = (policy == Policy::LearnedOrder).then(|| Learned::train(catalogue, difficulty));
    for seed in 0..calls {
        let session = play_as(
            catalogue,
            policy,
            learned.as_ref(),
            super::Settings {
                seed: u64::from(seed),
                difficulty,
            },
        );
        scores.push(f64::from(session.score()));
        if let Some((guess, confidence)) = session.diagnosis() {
            diagnosed += 1;
            right += u32::from(guess == session.truth());
            brier += super::engine::brier(guess, confidence, session.truth());
        }
        match session.outcome() {
            Some(o) => {
                outcomes[super::model::Outcome::ALL
                    .iter()
                    .position(|&x| x == o)
                    .unwrap_or(0)] += 1
            }
            None => unfinished += 1,
        }
    }
    let n = f64::from(calls.max(1));
    let mean = scores.iter().sum::<f64>() / n;
    let spread = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n).sqrt();
    PolicyStats {
        policy,
        calls,
        mean,
        spread,
        min: scores.iter().fold(100.0f64, |a, &b| a.min(b)) as u8,
        // Over the calls that had a diagnosis (a call that never got past
        // voicemail has none).
        diagnosis_accuracy: f64::from(right) / f64::from(diagnosed.max(1)),
        brier: brier / f64::from(diagnosed.max(1)),
        outcomes,
        unfinished,
    }
}
