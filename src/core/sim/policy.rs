//! Scripted players that see only the observation, never the hidden state.
//!
//! They prove the scoring: a player that reads the cues the way
//! PRINCIPLES.md teaches must score high, one-trick players and random
//! clicking must score low. The principled player uses rules a trainer would
//! write on a whiteboard, not the engine's own arithmetic.

use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;

use super::engine::Choice;
use super::model::{Move, Phase, Reaction, Role, Truth};
use super::session::Observation;

/// The players the harness runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Reads the cues as PRINCIPLES.md teaches.
    Principled,
    /// Always asks to book now, whatever was said.
    AlwaysBookNow,
    /// Accepts the callback without asking anything.
    AlwaysAccept,
    /// Pitches on regardless.
    Steamroll,
    /// Always tries to disqualify.
    AlwaysDisqualify,
    /// Picks uniformly at random.
    Random,
}

impl Policy {
    pub const ALL: [Policy; 6] = [
        Policy::Principled,
        Policy::AlwaysBookNow,
        Policy::AlwaysAccept,
        Policy::Steamroll,
        Policy::AlwaysDisqualify,
        Policy::Random,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Policy::Principled => "principled",
            Policy::AlwaysBookNow => "always book now",
            Policy::AlwaysAccept => "always accept the callback",
            Policy::Steamroll => "always pitch on (steamroll)",
            Policy::AlwaysDisqualify => "always disqualify",
            Policy::Random => "uniformly random",
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
                Policy::Random => (
                    Truth::ALL[(rng.next_u32() % 3) as usize],
                    50 + (rng.next_u32() % 51) as u8,
                ),
            };
            return Choice::Diagnose { truth, confidence };
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
            Policy::Random => vec![],
        };
        for mv in preferred {
            if let Some(i) = obs.options.iter().position(|o| o.mv == mv) {
                return Choice::Option(i as u8);
            }
        }
        Choice::Option((rng.next_u32() % obs.options.len().max(1) as u32) as u8)
    }
}

/// The first read of the "call me later" line: oomph means true, a dated
/// reason means sincere, vagueness means brush-off, and the persona shifts
/// the ambiguous cases (executives mean "next week"; owners often do not).
fn read_line(obs: &Observation<'_>) -> (Truth, u8) {
    let cue = obs.cue.map(|c| c.key.as_ref()).unwrap_or("");
    let senior = matches!(obs.persona.role, Role::Executive | Role::Vp);
    match cue {
        "urgent-specific" => (Truth::True, 85),
        "dated-reason" => (Truth::Sincere, 70),
        "near-term" if senior => (Truth::Sincere, 55),
        "near-term" => (Truth::BrushOff, 55),
        "vague-later" | "send-info" => (Truth::BrushOff, 75),
        _ if senior => (Truth::Sincere, 50),
        _ => (Truth::BrushOff, 60),
    }
}

/// The current read: the line first, then what the prospect said since.
fn lean(obs: &Observation<'_>) -> Truth {
    let mut lean = read_line(obs).0;
    for reaction in obs.heard {
        lean = match reaction {
            Reaction::SharesDetail | Reaction::DeclinesWithReason => Truth::True,
            Reaction::ConcreteReason | Reaction::BooksSlot => Truth::Sincere,
            Reaction::VagueReason | Reaction::AdmitsNoInterest | Reaction::NewObjection => {
                Truth::BrushOff
            }
            _ => lean,
        };
    }
    lean
}

/// Preferred moves for the principled player, best first.
fn principled(obs: &Observation<'_>) -> Vec<Move> {
    let lean = lean(obs);
    match obs.phase {
        Phase::Opener => vec![Move::StatePurpose],
        Phase::Respond => match lean {
            Truth::True => vec![Move::Acknowledge, Move::AskDetail, Move::AgreeCallback],
            Truth::Sincere => vec![Move::BookNow, Move::AskWhyThen, Move::AgreeCallback],
            Truth::BrushOff => vec![
                Move::AskWhyThen,
                Move::DisqualifyOffer,
                Move::DeclineCallback,
            ],
        },
        Phase::Plan if !obs.fit => vec![Move::Drop],
        Phase::Plan if obs.booked => vec![Move::ConfirmMeeting],
        Phase::Plan if obs.no_interest || lean == Truth::BrushOff => vec![Move::Nurture],
        Phase::Plan => vec![Move::CallbackWithDetail, Move::CallbackNamed],
        Phase::Voicemail => vec![Move::VmKeepsControl],
        Phase::Callback if lean == Truth::True => {
            vec![Move::ReferenceDetail, Move::AsPromisedPurpose]
        }
        Phase::Callback => vec![Move::AsPromisedPurpose],
        Phase::Persistence if !obs.fit => vec![Move::DropAloof],
        Phase::Persistence if lean == Truth::BrushOff => vec![Move::NurtureAfterSilence],
        Phase::Persistence => vec![Move::KeepCalling],
        Phase::Diagnosis | Phase::Done => vec![],
    }
}

/// Plays one whole call with a policy, from a seed.
pub fn play<'c>(
    catalogue: &'c crate::core::catalogue::Catalogue,
    policy: Policy,
    settings: super::Settings,
) -> super::Session<'c> {
    use rand_core::SeedableRng;
    let mut session = super::Session::new(catalogue, settings);
    // The player's own generator, independent of the prospect's.
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed ^ 0x9e37_79b9_7f4a_7c15);
    while !session.is_finished() {
        let choice = policy.choose(&session.observation(), &mut rng);
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
    let mut brier = 0.0;
    let mut outcomes = [0u32; 5];
    let mut unfinished = 0;
    for seed in 0..calls {
        let session = play(
            catalogue,
            policy,
            super::Settings {
                seed: u64::from(seed),
                difficulty,
            },
        );
        scores.push(f64::from(session.score()));
        if let Some((guess, confidence)) = session.diagnosis() {
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
        diagnosis_accuracy: f64::from(right) / n,
        brier: brier / n,
        outcomes,
        unfinished,
    }
}
