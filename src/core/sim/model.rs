//! The generative model of a call: truths, moves, reactions and their odds.
//!
//! The engine is a small probabilistic model, so it can both play a prospect
//! (sampling) and compute what an ideal listener should believe given the
//! cues so far (Bayes over the three truths). The numbers below are the cue
//! model of shared/DESIGN.md, tuned so that the principles of PRINCIPLES.md
//! are the best policy; the comments say why each one is what it is.

use serde::Serialize;

/// What is really behind the prospect's "call me later".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Truth {
    /// A real bad moment, usually with a specific reason.
    True,
    /// Interested and busy; asks for a near-term callback.
    Sincere,
    /// A polite way to end the call.
    BrushOff,
}

impl Truth {
    pub const ALL: [Truth; 3] = [Truth::True, Truth::Sincere, Truth::BrushOff];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn key(self) -> &'static str {
        match self {
            Truth::True => "true",
            Truth::Sincere => "sincere",
            Truth::BrushOff => "brush-off",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Truth::True => "True (a real bad moment)",
            Truth::Sincere => "Sincere (interested, busy)",
            Truth::BrushOff => "Brush-off (a polite exit)",
        }
    }

    pub fn from_key(key: &str) -> Option<Truth> {
        Truth::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// How hard the cues are to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Difficulty {
    /// Clear cues: each kind of line points more sharply at its truth.
    Easy,
    #[default]
    Normal,
    /// Noisy cues: priors move toward even odds, and brush-offs borrow the
    /// wording of sincere prospects half of the time.
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard];

    pub fn key(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Normal => "normal",
            Difficulty::Hard => "hard",
        }
    }

    pub fn from_key(key: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.key() == key)
    }
}

/// The kind of person on the line, which shifts the prior (seed 001:
/// executives rarely say "call me next week" unless they mean it; owners of
/// small businesses use it to escape).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Role {
    Executive,
    Vp,
    Manager,
    Owner,
    OfficeManager,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Executive,
        Role::Vp,
        Role::Manager,
        Role::Owner,
        Role::OfficeManager,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Executive => "executive",
            Role::Vp => "vp",
            Role::Manager => "manager",
            Role::Owner => "owner",
            Role::OfficeManager => "office-manager",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// P(true, sincere, brush-off) before any words are heard.
    pub fn prior(self) -> [f64; 3] {
        match self {
            Role::Executive => [0.35, 0.45, 0.20],
            Role::Vp => [0.30, 0.35, 0.35],
            Role::Manager => [0.30, 0.30, 0.40],
            Role::Owner => [0.20, 0.20, 0.60],
            Role::OfficeManager => [0.25, 0.15, 0.60],
        }
    }
}

/// The stages of a call, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Phase {
    Opener,
    Diagnosis,
    Respond,
    Plan,
    Voicemail,
    Callback,
    Persistence,
    Done,
}

impl Phase {
    pub fn key(self) -> &'static str {
        match self {
            Phase::Opener => "opener",
            Phase::Diagnosis => "diagnosis",
            Phase::Respond => "respond",
            Phase::Plan => "plan",
            Phase::Voicemail => "voicemail",
            Phase::Callback => "callback",
            Phase::Persistence => "persistence",
            Phase::Done => "done",
        }
    }

    pub fn from_key(key: &str) -> Option<Phase> {
        [
            Phase::Opener,
            Phase::Diagnosis,
            Phase::Respond,
            Phase::Plan,
            Phase::Voicemail,
            Phase::Callback,
            Phase::Persistence,
        ]
        .into_iter()
        .find(|p| p.key() == key)
    }
}

macro_rules! moves {
    ($($variant:ident = $key:literal in $phase:ident,)*) => {
        /// Every decision a rep can make. Content gives each one its wording,
        /// feedback and principle effects; the engine gives its consequences.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Move { $($variant,)* }

        impl Move {
            pub const ALL: &'static [Move] = &[$(Move::$variant,)*];

            pub fn key(self) -> &'static str {
                match self { $(Move::$variant => $key,)* }
            }

            pub fn phase(self) -> Phase {
                match self { $(Move::$variant => Phase::$phase,)* }
            }
        }
    };
}

moves! {
    StatePurpose = "state-purpose" in Opener,
    AskGoodTime = "ask-good-time" in Opener,
    AskForAMinute = "ask-for-a-minute" in Opener,
    Acknowledge = "acknowledge" in Respond,
    AskWhyThen = "ask-why-then" in Respond,
    BookNow = "book-now" in Respond,
    AssumptiveClose = "assumptive-close" in Respond,
    Steamroll = "steamroll" in Respond,
    PersistOnce = "persist-once" in Respond,
    DisqualifyOffer = "disqualify-offer" in Respond,
    AskDetail = "ask-detail" in Respond,
    AgreeCallback = "agree-callback" in Respond,
    DeclineCallback = "decline-callback" in Respond,
    AcceptVague = "accept-vague" in Respond,
    WishWell = "wish-well" in Respond,
    ExploreObjection = "explore-objection" in Respond,
    AskForDecisionMaker = "ask-for-decision-maker" in Respond,
    SendAndQualify = "send-and-qualify" in Respond,
    BowOut = "bow-out" in Respond,
    ConfirmMeeting = "confirm-meeting" in Plan,
    CallbackWithDetail = "callback-with-detail" in Plan,
    CallbackNamed = "callback-named" in Plan,
    Nurture = "nurture" in Plan,
    Drop = "drop" in Plan,
    Sometime = "sometime" in Plan,
    CloseDisqualified = "close-disqualified" in Plan,
    HonourOptOut = "honour-opt-out" in Plan,
    VmKeepsControl = "vm-keeps-control" in Voicemail,
    VmCallMeBack = "vm-call-me-back" in Voicemail,
    VmPitch = "vm-pitch" in Voicemail,
    VmNoMessage = "vm-no-message" in Voicemail,
    AsPromisedPurpose = "as-promised-purpose" in Callback,
    ReferenceDetail = "reference-detail" in Callback,
    RestatePitch = "restate-pitch" in Callback,
    AreYouInterested = "are-you-interested" in Callback,
    BetterTimeCold = "better-time-cold" in Callback,
    DetailBetterTime = "detail-better-time" in Callback,
    RestatePitchAndPurpose = "restate-pitch-and-purpose" in Callback,
    AsPromisedPitch = "as-promised-pitch" in Callback,
    KeepCalling = "keep-calling" in Persistence,
    NurtureAfterSilence = "move-to-nurture" in Persistence,
    DropAloof = "drop-aloof" in Persistence,
}

impl Move {
    pub fn from_key(key: &str) -> Option<Move> {
        Move::ALL.iter().copied().find(|m| m.key() == key)
    }

    /// Bit for the set of moves already used in a call.
    pub fn bit(self) -> u64 {
        1u64 << (self as u32)
    }
}

impl Move {
    /// What the rep's line asks of the prospect, which decides the replies
    /// that can follow it: an answer to "why then?" is not an answer to an
    /// apology or to a proposed day.
    pub fn act(self) -> Act {
        use Move::*;
        match self {
            Acknowledge => Act::Apology,
            AskWhyThen => Act::Why,
            ExploreObjection | SendAndQualify | AskDetail => Act::Question,
            BookNow | PersistOnce | AssumptiveClose => Act::Proposal,
            Steamroll | DisqualifyOffer => Act::Pitch,
            AgreeCallback | DeclineCallback | AcceptVague | WishWell | AskForDecisionMaker
            | BowOut => Act::Close,
            m if m.phase() == Phase::Callback => Act::Callback,
            _ => Act::Other,
        }
    }

    /// Whether the option is words the rep says. Plans, persistence and
    /// hanging up at the tone are things the rep does: the transcript
    /// narrates them instead of putting them in the rep's mouth.
    pub fn spoken(self) -> bool {
        !matches!(self.phase(), Phase::Plan | Phase::Persistence) && self != Move::VmNoMessage
    }
}

/// What a rep's line does, as the prospect hears it: the kinds a reply's
/// wording can be written to answer (`answers` in `content/replies.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Act {
    /// "Sorry, I caught you at a bad moment."
    Apology,
    /// "Why that timing?"
    Why,
    /// Any other question about them (their needs, the moment).
    Question,
    /// A day or a slot put to them (book now, one more ask, "morning or
    /// afternoon?").
    Proposal,
    /// The pitch, pushed or offered with a way out.
    Pitch,
    /// The rep closes the exchange (agrees, declines, bows out).
    Close,
    /// A callback's opener.
    Callback,
    /// Openers, voicemails, plans: no reply is written for them.
    Other,
}

impl Act {
    pub const ALL: [Act; 8] = [
        Act::Apology,
        Act::Why,
        Act::Question,
        Act::Proposal,
        Act::Pitch,
        Act::Close,
        Act::Callback,
        Act::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Act::Apology => "apology",
            Act::Why => "why",
            Act::Question => "question",
            Act::Proposal => "proposal",
            Act::Pitch => "pitch",
            Act::Close => "close",
            Act::Callback => "callback",
            Act::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Act> {
        Act::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// What the prospect does in answer to a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Reaction {
    SharesDetail,
    ConcreteReason,
    VagueReason,
    AdmitsNoInterest,
    BooksSlot,
    NewObjection,
    DeclinesWithReason,
    BusyGeneric,
    HangsUp,
    WarmsUp,
    AcceptsCallback,
    Answers,
    Voicemail,
    AgreesMeeting,
    DeclinesMeeting,
    /// Asked once more for a day, insists on a later one ("in a month").
    InsistsLater,
    /// Not theirs to decide: head office or a team.
    NotDecider,
    /// "Take me off your list."
    OptsOut,
    /// Offered Plan B, takes the useful note.
    OptsIn,
    /// Offered Plan B, wants nothing sent.
    NoNote,
    /// On the callback: still a bad time, maybe later.
    StillBusy,
}

impl Reaction {
    pub const ALL: [Reaction; 21] = [
        Reaction::SharesDetail,
        Reaction::ConcreteReason,
        Reaction::VagueReason,
        Reaction::AdmitsNoInterest,
        Reaction::BooksSlot,
        Reaction::NewObjection,
        Reaction::DeclinesWithReason,
        Reaction::BusyGeneric,
        Reaction::HangsUp,
        Reaction::WarmsUp,
        Reaction::AcceptsCallback,
        Reaction::Answers,
        Reaction::Voicemail,
        Reaction::AgreesMeeting,
        Reaction::DeclinesMeeting,
        Reaction::InsistsLater,
        Reaction::NotDecider,
        Reaction::OptsOut,
        Reaction::OptsIn,
        Reaction::NoNote,
        Reaction::StillBusy,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Reaction::SharesDetail => "shares-detail",
            Reaction::ConcreteReason => "concrete-reason",
            Reaction::VagueReason => "vague-reason",
            Reaction::AdmitsNoInterest => "admits-no-interest",
            Reaction::BooksSlot => "books-slot",
            Reaction::NewObjection => "new-objection",
            Reaction::DeclinesWithReason => "declines-with-reason",
            Reaction::BusyGeneric => "busy-generic",
            Reaction::HangsUp => "hangs-up",
            Reaction::WarmsUp => "warms-up",
            Reaction::AcceptsCallback => "accepts-callback",
            Reaction::Answers => "answers",
            Reaction::Voicemail => "voicemail",
            Reaction::AgreesMeeting => "agrees-meeting",
            Reaction::DeclinesMeeting => "declines-meeting",
            Reaction::InsistsLater => "insists-later",
            Reaction::NotDecider => "not-decider",
            Reaction::OptsOut => "opts-out",
            Reaction::OptsIn => "opts-in",
            Reaction::NoNote => "no-note",
            Reaction::StillBusy => "still-busy",
        }
    }

    pub fn from_key(key: &str) -> Option<Reaction> {
        Reaction::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// How a reply sounds, where the same kind of reply can come from any
/// truth: vague and noncommittal ("Mm-hm. Busy day.", "Sure, whatever
/// works") or genuine (a reason, a commitment). 002 and 004 hear a
/// brush-off in the first; no wording is proof, so it is only a likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Tone {
    Evasive,
    Genuine,
}

impl Tone {
    pub const ALL: [Tone; 2] = [Tone::Evasive, Tone::Genuine];

    pub fn key(self) -> &'static str {
        match self {
            Tone::Evasive => "evasive",
            Tone::Genuine => "genuine",
        }
    }

    pub fn from_key(key: &str) -> Option<Tone> {
        Tone::ALL.into_iter().find(|t| t.key() == key)
    }
}

impl Reaction {
    /// Replies whose wording sounds evasive or genuine by the truth behind
    /// them: the kinds any truth gives (a busy brush, agreeing to a call,
    /// booking a slot), where the kind alone says little.
    pub fn toned(self) -> bool {
        matches!(
            self,
            Reaction::BusyGeneric | Reaction::AcceptsCallback | Reaction::BooksSlot
        )
    }
}

/// Percent of toned replies that sound evasive, by truth, after difficulty.
/// A brush-off mostly sounds vague; a real bad moment or a sincere prospect
/// mostly not. Easy squares the likelihoods (as it does the lines'); hard
/// lets a brush-off borrow the sincere wording half of the time.
pub fn evasive_percent(truth: Truth, difficulty: Difficulty) -> u32 {
    let normal = |t: Truth| -> f64 {
        match t {
            Truth::True => 0.25,
            Truth::Sincere => 0.20,
            Truth::BrushOff => 0.65,
        }
    };
    let p = match difficulty {
        Difficulty::Easy => {
            let e = normal(truth);
            e * e / (e * e + (1.0 - e) * (1.0 - e))
        }
        Difficulty::Normal => normal(truth),
        Difficulty::Hard if truth == Truth::BrushOff => {
            0.5 * normal(Truth::BrushOff) + 0.5 * normal(Truth::Sincere)
        }
        Difficulty::Hard => normal(truth),
    };
    (p * 100.0).round() as u32
}

/// What the prospect's last words were, as any listener can tell from the
/// words themselves: the situation a respond move answers. The opening
/// line's kind (its cue) gives the first one; each reply gives the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Said {
    /// Busy, with no reason and no time ("call me later").
    Bare,
    /// A pressing work matter, right now (a board meeting, a breakdown).
    UrgentWork,
    /// A light personal moment (a child's game, the school gate).
    UrgentLight,
    /// A serious personal matter (an operation, a hospital stay).
    UrgentSerious,
    /// A pressing matter, with a near time offered ("later today?").
    UrgentTimed,
    /// A near time with no reason ("call me next week").
    NearTerm,
    /// A time and a good reason for it.
    Dated,
    /// A vague later time ("in a month or so", "after the busy season").
    Vague,
    /// "Send me something" instead of a conversation.
    SendInfo,
    /// Not theirs to decide, or they will pass it on.
    Gatekeeper,
    /// A new objection (another provider, no budget).
    Objection,
    /// Asked why then: no real reason.
    VagueReason,
    /// Warmed up after the rep took an interest.
    Warm,
    /// "I told you, not now": pressure on a real bad moment.
    Declines,
    /// The exchange is over (agreed, booked, refused, gone).
    Ends,
}

impl Said {
    pub const ALL: [Said; 15] = [
        Said::Bare,
        Said::UrgentWork,
        Said::UrgentLight,
        Said::UrgentSerious,
        Said::UrgentTimed,
        Said::NearTerm,
        Said::Dated,
        Said::Vague,
        Said::SendInfo,
        Said::Gatekeeper,
        Said::Objection,
        Said::VagueReason,
        Said::Warm,
        Said::Declines,
        Said::Ends,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Said::Bare => "bare",
            Said::UrgentWork => "urgent-work",
            Said::UrgentLight => "urgent-light",
            Said::UrgentSerious => "urgent-serious",
            Said::UrgentTimed => "urgent-timed",
            Said::NearTerm => "near-term",
            Said::Dated => "dated",
            Said::Vague => "vague",
            Said::SendInfo => "send-info",
            Said::Gatekeeper => "gatekeeper",
            Said::Objection => "objection",
            Said::VagueReason => "vague-reason",
            Said::Warm => "warm",
            Said::Declines => "declines",
            Said::Ends => "ends",
        }
    }

    pub fn from_key(key: &str) -> Option<Said> {
        Said::ALL.into_iter().find(|s| s.key() == key)
    }

    /// A specific reason tied to this very moment (004's "oomph").
    pub fn urgent(self) -> bool {
        matches!(
            self,
            Said::UrgentWork | Said::UrgentLight | Said::UrgentSerious | Said::UrgentTimed
        )
    }

    /// A reason for the timing the rest of the call must keep to: a
    /// pressing one tied to this moment, or a dated one.
    pub fn gives_reason(self) -> bool {
        self.urgent() || self == Said::Dated
    }

    /// The prospect named a time (near, dated or vague), so "why then?"
    /// has something to refer to.
    pub fn named_time(self) -> bool {
        matches!(
            self,
            Said::UrgentTimed | Said::NearTerm | Said::Dated | Said::Vague
        )
    }

    /// What a reply of this kind says, when it is not fixed by its wording.
    pub fn after(reaction: Reaction) -> Said {
        match reaction {
            Reaction::SharesDetail => Said::UrgentLight,
            Reaction::ConcreteReason => Said::Dated,
            Reaction::VagueReason => Said::VagueReason,
            Reaction::NewObjection => Said::Objection,
            Reaction::NotDecider => Said::Gatekeeper,
            Reaction::DeclinesWithReason => Said::Declines,
            Reaction::BusyGeneric => Said::Bare,
            Reaction::WarmsUp => Said::Warm,
            Reaction::InsistsLater | Reaction::StillBusy => Said::Vague,
            _ => Said::Ends,
        }
    }
}

/// How a call ends. The outcome includes luck; it is reported apart from the
/// decision score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Outcome {
    MeetingHeld,
    NoShow,
    /// The prospect is out, by their word or by poor fit: a good result.
    CleanDisqualification,
    Nurture,
    Maybeland,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::MeetingHeld,
        Outcome::NoShow,
        Outcome::CleanDisqualification,
        Outcome::Nurture,
        Outcome::Maybeland,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::MeetingHeld => "meeting-held",
            Outcome::NoShow => "no-show",
            Outcome::CleanDisqualification => "clean-disqualification",
            Outcome::Nurture => "nurture",
            Outcome::Maybeland => "maybeland",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::MeetingHeld => "Meeting held",
            Outcome::NoShow => "No-show",
            Outcome::CleanDisqualification => "Clean disqualification",
            Outcome::Nurture => "Nurture track",
            Outcome::Maybeland => "Maybeland",
        }
    }
}

/// The most respond turns before the prospect ends the exchange themselves.
pub const MAX_TURNS: u8 = 4;

/// Prior after difficulty: hard moves 50 % of the way toward even odds.
pub fn prior(role: Role, difficulty: Difficulty) -> [f64; 3] {
    let p = role.prior();
    match difficulty {
        Difficulty::Hard => p.map(|x| 0.5 * x + 0.5 / 3.0),
        _ => p,
    }
}

/// P(cue | truth) after difficulty, from the content's percent columns.
/// `odds[c][t]` is cue `c`'s percent for truth `t`.
pub fn cue_likelihood(odds: &[[u32; 3]], cue: usize, difficulty: Difficulty) -> [f64; 3] {
    let column = |t: usize, power: i32| -> f64 {
        let total: f64 = odds.iter().map(|o| f64::from(o[t]).powi(power)).sum();
        f64::from(odds[cue][t]).powi(power) / total
    };
    match difficulty {
        // Squaring and renormalising each column sharpens every cue.
        Difficulty::Easy => [column(0, 2), column(1, 2), column(2, 2)],
        Difficulty::Normal => [column(0, 1), column(1, 1), column(2, 1)],
        // Brush-offs borrow sincere wording half the time.
        Difficulty::Hard => {
            let (t, s, b) = (column(0, 1), column(1, 1), column(2, 1));
            [t, s, 0.5 * b + 0.5 * s]
        }
    }
}

/// Multiplies a belief by a likelihood and renormalises.
pub fn update(belief: [f64; 3], likelihood: [f64; 3]) -> [f64; 3] {
    let joint = [
        belief[0] * likelihood[0],
        belief[1] * likelihood[1],
        belief[2] * likelihood[2],
    ];
    let total = joint[0] + joint[1] + joint[2];
    if total > 0.0 {
        joint.map(|x| x / total)
    } else {
        belief
    }
}

/// How a move changes resistance under each truth. Pressure raises it (more
/// so against a real bad moment); understanding lowers it.
pub fn resistance_change(mv: Move, truth: Truth) -> i8 {
    match (mv, truth) {
        (Move::AskGoodTime | Move::AskForAMinute, _) => 1,
        (Move::AssumptiveClose | Move::Steamroll, Truth::True) => 2,
        (Move::AssumptiveClose | Move::Steamroll, _) => 1,
        (Move::BookNow | Move::PersistOnce | Move::AskWhyThen, Truth::True) => 1,
        (Move::Acknowledge | Move::AskDetail | Move::WishWell, _) => -1,
        _ => 0,
    }
}

/// Moves that end the exchange calmly whatever the prospect thinks.
fn calm(mv: Move) -> bool {
    matches!(
        mv,
        Move::AskDetail
            | Move::WishWell
            | Move::AgreeCallback
            | Move::DeclineCallback
            | Move::AcceptVague
            | Move::BowOut
            | Move::AskForDecisionMaker
    )
}

/// The prospect's possible reactions to a respond move, as integer weights,
/// given what they last said (`said`) and whether the rep already knows the
/// personal detail behind a bad moment (then an apology does not draw out a
/// second, different one). Past a resistance of 1, hanging up becomes likely.
pub fn reactions(
    mv: Move,
    truth: Truth,
    resistance: u8,
    said: Said,
    detail_known: bool,
) -> Vec<(Reaction, u32)> {
    use Reaction::*;
    use Truth::*;
    let urgent = said.urgent() || said == Said::Declines;
    let mut table: Vec<(Reaction, u32)> = match (mv, truth) {
        // After an apology for a moment whose reason is already known, the
        // prospect thanks the rep and names a time, or just has to go.
        (Move::Acknowledge, True) if urgent || detail_known => {
            vec![(WarmsUp, 75), (BusyGeneric, 25)]
        }
        (Move::Acknowledge, Sincere) if urgent || detail_known => {
            vec![(WarmsUp, 60), (BusyGeneric, 40)]
        }
        (Move::Acknowledge, BrushOff) if urgent || detail_known => {
            vec![(BusyGeneric, 60), (WarmsUp, 40)]
        }
        (Move::Acknowledge, True) => vec![(SharesDetail, 80), (BusyGeneric, 20)],
        (Move::Acknowledge, Sincere) => vec![(ConcreteReason, 45), (BusyGeneric, 55)],
        (Move::Acknowledge, BrushOff) => vec![(BusyGeneric, 55), (VagueReason, 45)],
        (Move::AskWhyThen, True) if detail_known => {
            vec![(ConcreteReason, 60), (DeclinesWithReason, 40)]
        }
        (Move::AskWhyThen, True) => {
            vec![(SharesDetail, 55), (ConcreteReason, 30), (VagueReason, 15)]
        }
        (Move::AskWhyThen, Sincere) => vec![
            (ConcreteReason, 75),
            (VagueReason, 20),
            (AdmitsNoInterest, 5),
        ],
        (Move::AskWhyThen, BrushOff) => vec![
            (VagueReason, 60),
            (AdmitsNoInterest, 30),
            (ConcreteReason, 10),
        ],
        (Move::BookNow, True) => vec![
            (DeclinesWithReason, 70),
            (BooksSlot, 10),
            (NewObjection, 20),
        ],
        (Move::BookNow, Sincere) => vec![(BooksSlot, 80), (NewObjection, 10), (ConcreteReason, 10)],
        (Move::BookNow, BrushOff) => vec![
            (NewObjection, 40),
            (NotDecider, 15),
            (BooksSlot, 25),
            (VagueReason, 20),
        ],
        (Move::AssumptiveClose, True) => {
            vec![(DeclinesWithReason, 70), (BooksSlot, 20), (BusyGeneric, 10)]
        }
        (Move::AssumptiveClose, Sincere) => vec![(BooksSlot, 60), (NewObjection, 40)],
        (Move::AssumptiveClose, BrushOff) => {
            vec![
                (BooksSlot, 45),
                (NewObjection, 30),
                (OptsOut, 10),
                (BusyGeneric, 15),
            ]
        }
        (Move::Steamroll, True) => vec![(DeclinesWithReason, 60), (BusyGeneric, 40)],
        (Move::Steamroll, Sincere) => vec![(NewObjection, 50), (BusyGeneric, 50)],
        (Move::Steamroll, BrushOff) => vec![(NewObjection, 40), (BusyGeneric, 40), (OptsOut, 20)],
        (Move::PersistOnce, True) => vec![(DeclinesWithReason, 80), (BooksSlot, 20)],
        (Move::PersistOnce, Sincere) => {
            vec![(BooksSlot, 55), (ConcreteReason, 25), (InsistsLater, 20)]
        }
        (Move::PersistOnce, BrushOff) => vec![
            (InsistsLater, 40),
            (NewObjection, 25),
            (VagueReason, 20),
            (BooksSlot, 15),
        ],
        (Move::DisqualifyOffer, True) => vec![
            (ConcreteReason, 40),
            (BusyGeneric, 50),
            (AdmitsNoInterest, 10),
        ],
        (Move::DisqualifyOffer, Sincere) => vec![
            (ConcreteReason, 80),
            (VagueReason, 15),
            (AdmitsNoInterest, 5),
        ],
        // An honest way out is taken at its word: some say no, a few ask
        // never to be called again (002's "I won't be on your back").
        (Move::DisqualifyOffer, BrushOff) => vec![
            (AdmitsNoInterest, 45),
            (OptsOut, 10),
            (VagueReason, 35),
            (ConcreteReason, 10),
        ],
        (Move::ExploreObjection, True) => vec![(ConcreteReason, 70), (BusyGeneric, 30)],
        (Move::ExploreObjection, Sincere) => vec![(ConcreteReason, 55), (BooksSlot, 45)],
        (Move::ExploreObjection, BrushOff) => {
            vec![(AdmitsNoInterest, 60), (VagueReason, 40)]
        }
        (Move::SendAndQualify, True) => vec![(ConcreteReason, 60), (BusyGeneric, 40)],
        (Move::SendAndQualify, Sincere) => vec![(ConcreteReason, 50), (BooksSlot, 50)],
        (Move::SendAndQualify, BrushOff) => {
            vec![(AdmitsNoInterest, 55), (VagueReason, 45)]
        }
        (Move::AskDetail, _) => vec![(WarmsUp, 100)],
        (Move::DeclineCallback, True) => vec![(OptsIn, 60), (NoNote, 40)],
        (Move::DeclineCallback, Sincere) => vec![(OptsIn, 70), (NoNote, 30)],
        (Move::DeclineCallback, BrushOff) => vec![(OptsIn, 35), (NoNote, 65)],
        (
            Move::AgreeCallback
            | Move::AcceptVague
            | Move::WishWell
            | Move::BowOut
            | Move::AskForDecisionMaker,
            _,
        ) => vec![(AcceptsCallback, 100)],
        _ => vec![(BusyGeneric, 100)],
    };
    // A detail already shared is not shared again (and not a new one).
    if detail_known {
        for (r, _) in table.iter_mut() {
            if *r == SharesDetail {
                *r = WarmsUp;
            }
        }
    }
    if resistance >= 2 && !calm(mv) {
        table.push((HangsUp, 15 * u32::from(resistance - 1)));
    }
    table
}

/// A reaction table kept to the story: once a reason stands, the prospect
/// does not give a second one, nor turn vague about it (a generic "not now"
/// instead, heard in the light of the reason); after a time weeks away, what
/// an apology brings out is the reason for that date, not a passing moment.
pub fn story_reactions(
    table: Vec<(Reaction, u32)>,
    reasoned: bool,
    far: bool,
) -> Vec<(Reaction, u32)> {
    use Reaction::*;
    let mut out: Vec<(Reaction, u32)> = Vec::with_capacity(table.len());
    for (r, w) in table {
        let r = match r {
            SharesDetail | ConcreteReason | VagueReason if reasoned => BusyGeneric,
            SharesDetail if far => ConcreteReason,
            other => other,
        };
        match out.iter_mut().find(|(o, _)| *o == r) {
            Some((_, total)) => *total += w,
            None => out.push((r, w)),
        }
    }
    out
}

/// P(reaction | move, truth, resistance) from `reactions`.
pub fn reaction_probability(mv: Move, truth: Truth, resistance: u8, reaction: Reaction) -> f64 {
    probability_in(
        &reactions(mv, truth, resistance, Said::Bare, false),
        reaction,
    )
}

/// The share of a reaction table's weight that falls on `reaction`.
pub fn probability_in(table: &[(Reaction, u32)], reaction: Reaction) -> f64 {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let hit: u32 = table
        .iter()
        .filter(|(r, _)| *r == reaction)
        .map(|(_, w)| w)
        .sum();
    f64::from(hit) / f64::from(total.max(1))
}

/// Percent chance a callback attempt is answered. Keeping a promised time
/// helps (seed 003); resistance built on the first call hurts.
pub fn answer_percent(truth: Truth, resistance: u8, promised: bool) -> u32 {
    let base: i32 = match truth {
        Truth::True => 60,
        Truth::Sincere => 65,
        Truth::BrushOff => 20,
    };
    let p = base + if promised { 15 } else { 0 } - 10 * i32::from(resistance);
    p.clamp(5, 95) as u32
}

/// How good the callback opener was, judged against the best available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quality {
    Best,
    Fair,
    Poor,
}

/// Percent chance the prospect agrees to a meeting on the callback.
pub fn meeting_percent(truth: Truth, quality: Quality) -> u32 {
    match (truth, quality) {
        (Truth::True, Quality::Best) => 80,
        (Truth::True, Quality::Fair) => 55,
        (Truth::True, Quality::Poor) => 25,
        (Truth::Sincere, Quality::Best) => 85,
        (Truth::Sincere, Quality::Fair) => 60,
        (Truth::Sincere, Quality::Poor) => 30,
        (Truth::BrushOff, Quality::Best) => 20,
        (Truth::BrushOff, Quality::Fair) => 10,
        (Truth::BrushOff, Quality::Poor) => 5,
    }
}

/// Percent chance a booked meeting actually happens. A brush-off's yes is
/// often a fake one, and a pressured yes holds less well.
pub fn show_percent(truth: Truth, resistance: u8) -> u32 {
    let base: i32 = match truth {
        Truth::True => 85,
        Truth::Sincere => 90,
        Truth::BrushOff => 25,
    };
    (base - if resistance >= 2 { 20 } else { 0 }).clamp(5, 95) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_are_distributions() {
        for role in Role::ALL {
            for d in Difficulty::ALL {
                let p = prior(role, d);
                assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn cue_likelihoods_are_distributions_over_cues() {
        let odds = [[55, 5, 5], [45, 95, 95]];
        for d in Difficulty::ALL {
            for t in 0..3 {
                let total: f64 = (0..2).map(|c| cue_likelihood(&odds, c, d)[t]).sum();
                assert!((total - 1.0).abs() < 1e-9, "{d:?} {t}");
            }
        }
        // Easy sharpens: the urgent cue is stronger evidence of true.
        let easy = cue_likelihood(&odds, 0, Difficulty::Easy);
        let normal = cue_likelihood(&odds, 0, Difficulty::Normal);
        assert!(easy[0] / easy[2] > normal[0] / normal[2]);
    }

    #[test]
    fn reaction_tables_are_never_empty_and_pressure_risks_hang_ups() {
        for &mv in Move::ALL.iter().filter(|m| m.phase() == Phase::Respond) {
            for t in Truth::ALL {
                assert!(!reactions(mv, t, 0, Said::Bare, false).is_empty());
                let p: f64 = Reaction::ALL
                    .iter()
                    .map(|&r| reaction_probability(mv, t, 3, r))
                    .sum();
                assert!((p - 1.0).abs() < 1e-9);
            }
        }
        assert_eq!(
            reaction_probability(Move::Steamroll, Truth::BrushOff, 0, Reaction::HangsUp),
            0.0
        );
        assert!(reaction_probability(Move::Steamroll, Truth::BrushOff, 3, Reaction::HangsUp) > 0.2);
    }

    #[test]
    fn keys_round_trip() {
        for &m in Move::ALL {
            assert_eq!(Move::from_key(m.key()), Some(m));
        }
        for r in Reaction::ALL {
            assert_eq!(Reaction::from_key(r.key()), Some(r));
        }
        assert!(Move::ALL.len() < 64, "moves must fit the used-move bit set");
    }
}
