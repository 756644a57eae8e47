//! Drills: single moments of a call practised on their own and brought back
//! by spaced repetition, and the cue-reading drill.
//!
//! - `fsrs.rs`: when a card comes back (FSRS-5, in whole days).
//! - `log.rs`: what the trainee did, as a set that merges like progress.
//! - `queue.rs`: today's cards.
//! - `hints.rs`: marks in a typed answer (warnings and good signs), shown
//!   beside the rubric, never as the score.

pub mod fsrs;
pub mod hints;
pub mod log;
pub mod queue;

use crate::core::catalogue::drills::Card;
use crate::core::catalogue::sim::{Line, Persona};
use crate::core::catalogue::{Catalogue, PrincipleId};
use crate::core::sim::model::{self, Difficulty, Truth};
use crate::core::sim::session::{Session, Settings};

use fsrs::Memory;

/// Rounds in one cue-reading drill.
pub const CUE_ROUNDS: u64 = 10;

/// One round of the cue-reading drill: a persona and its opening line, as
/// the simulator would draw them for this seed, with what the line and the
/// persona supported and what was really meant.
#[derive(Debug, Clone, Copy)]
pub struct CueCase<'c> {
    pub seed: u64,
    pub level: Difficulty,
    pub persona: &'c Persona,
    pub line: &'c Line,
    pub truth: Truth,
    /// The chance of each truth given the persona and the line (true,
    /// sincere, brush-off).
    pub supported: [f64; 3],
}

impl<'c> CueCase<'c> {
    /// The round of `seed`: the same persona, truth and line as the call of
    /// that seed, so what is learnt here carries over to calls.
    pub fn of(catalogue: &'c Catalogue, seed: u64, level: Difficulty) -> CueCase<'c> {
        let session = Session::new(
            catalogue,
            Settings {
                seed,
                difficulty: level,
            },
        );
        let persona = session.persona();
        let line = session.line();
        let likelihood =
            model::cue_likelihood(catalogue.sim.cue_odds(), usize::from(line.cue), level);
        CueCase {
            seed,
            level,
            persona,
            line,
            truth: session.truth(),
            supported: model::update(model::prior(persona.role, level), likelihood),
        }
    }

    /// The truth the cues favoured most.
    pub fn favoured(&self) -> Truth {
        let mut best = Truth::True;
        for t in Truth::ALL {
            if self.supported[t.index()] > self.supported[best.index()] {
                best = t;
            }
        }
        best
    }
}

/// Predicted recall today of the cards that train a principle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retention {
    pub principle: PrincipleId,
    /// Cards of this principle reviewed at least once.
    pub cards: u32,
    /// Mean predicted recall of those cards today, in whole percent.
    pub percent: u32,
}

/// Retention per principle (principles with a reviewed card only), in
/// catalogue order, over `cards`. `memories` is sorted by slug, as the log
/// gives it.
pub fn retention(
    catalogue: &Catalogue,
    cards: &[Card],
    memories: &[(&str, Memory)],
    day: u64,
) -> Vec<Retention> {
    let memory_of = |card: &Card| {
        memories
            .binary_search_by(|(k, _)| (*k).cmp(&card.key))
            .ok()
            .map(|i| memories[i].1)
    };
    catalogue
        .principles()
        .filter_map(|(id, _)| {
            let (sum, n) = cards
                .iter()
                .filter(|c| c.principles.contains(&id))
                .filter_map(memory_of)
                .fold((0.0, 0u32), |(s, n), m| (s + m.retrievability(day), n + 1));
            (n > 0).then(|| Retention {
                principle: id,
                cards: n,
                percent: (sum / f64::from(n) * 100.0).round() as u32,
            })
        })
        .collect()
}
