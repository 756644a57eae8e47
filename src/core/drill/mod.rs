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

/// The order new cards are met in: one of each moment of a call in turn
/// (the first reply card, the first probe, the first booking, …, then the
/// second of each), so a day's new cards cover the call rather than eight
/// answers to the same moment. Indices into `cards`.
pub fn study_order(cards: &[Card]) -> Vec<usize> {
    use crate::core::catalogue::drills::Moment;
    let by_moment: Vec<Vec<usize>> = Moment::ALL
        .iter()
        .map(|&m| (0..cards.len()).filter(|&i| cards[i].moment == m).collect())
        .collect();
    let rounds = by_moment.iter().map(Vec::len).max().unwrap_or(0);
    (0..rounds)
        .flat_map(|k| {
            by_moment
                .iter()
                .filter_map(move |list| list.get(k).copied())
        })
        .collect()
}

/// The seeds of one cue-reading drill from `base`: `n` rounds whose lines
/// all differ (a line met twice in ten rounds teaches nothing new), each
/// the first seed from the last one on that brings a new line.
pub fn cue_seeds(catalogue: &Catalogue, base: u64, level: Difficulty, n: usize) -> Vec<u64> {
    let mut seeds = Vec::with_capacity(n);
    let mut lines: Vec<&str> = Vec::with_capacity(n);
    let mut seed = base;
    // Far more tries than ten distinct lines out of dozens can need; if
    // content ever had fewer lines than rounds, repeats would be allowed.
    for _ in 0..n * 200 {
        if seeds.len() == n {
            break;
        }
        let case = CueCase::of(catalogue, seed, level);
        if !lines.contains(&case.line.key.as_ref()) {
            lines.push(&case.line.key);
            seeds.push(seed);
        }
        seed = seed.wrapping_add(1);
    }
    while seeds.len() < n {
        seeds.push(seed);
        seed = seed.wrapping_add(1);
    }
    seeds
}

/// How well a principle's cards are remembered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retention {
    pub principle: PrincipleId,
    /// Cards of this principle reviewed at least once.
    pub cards: u32,
    /// Reviews of those cards, and how many were recalled (rated Hard,
    /// Good or Easy, not Again): what the trainee has shown.
    pub reviews: u32,
    pub recalled: u32,
    /// Mean predicted recall of those cards today, in whole percent: what
    /// the schedule expects now (just after a review it is near 100 %,
    /// whatever the rating, which is why the recalled share comes first).
    pub predicted: u32,
}

impl Retention {
    /// Share of reviews recalled, in whole percent.
    pub fn recalled_percent(&self) -> u32 {
        crate::core::progress::percent(self.recalled, self.reviews)
    }
}

/// Retention per principle (principles with a reviewed card only), in
/// catalogue order, over `cards`. `memories` is `log.memories()`, which the
/// caller has already replayed for the queue.
pub fn retention(
    catalogue: &Catalogue,
    cards: &[Card],
    log: &log::DrillLog,
    memories: &[(&str, fsrs::Memory)],
    day: u64,
) -> Vec<Retention> {
    let memory_of = |card: &Card| {
        memories
            .binary_search_by(|(k, _)| (*k).cmp(&card.key))
            .ok()
            .map(|i| memories[i].1)
    };
    // Reviews and recalls per card: kept reviews, and a folded card's
    // snapshot (its reviews less its lapses).
    let tally = |card: &Card| {
        let kept = log.reviews.iter().filter(|r| r.card == card.key);
        let (mut n, mut ok) = kept.fold((0u32, 0u32), |(n, ok), r| {
            (n + 1, ok + u32::from(r.rating != fsrs::Rating::Again))
        });
        if let Ok(i) = log
            .folded
            .binary_search_by(|(k, _)| k.as_str().cmp(&card.key))
        {
            let f = &log.folded[i].1;
            let reviews = u32::try_from(f.reviews()).unwrap_or(u32::MAX);
            n = n.saturating_add(reviews);
            ok = ok.saturating_add(reviews.saturating_sub(f.memory.lapses));
        }
        (n, ok)
    };
    catalogue
        .principles()
        .filter_map(|(id, _)| {
            let mut out = Retention {
                principle: id,
                cards: 0,
                reviews: 0,
                recalled: 0,
                predicted: 0,
            };
            let mut sum = 0.0;
            for card in cards.iter().filter(|c| c.principles.contains(&id)) {
                if let Some(m) = memory_of(card) {
                    let (n, ok) = tally(card);
                    out.cards += 1;
                    out.reviews += n;
                    out.recalled += ok;
                    sum += m.retrievability(day);
                }
            }
            (out.cards > 0).then(|| Retention {
                predicted: (sum / f64::from(out.cards) * 100.0).round() as u32,
                ..out
            })
        })
        .collect()
}
