//! Calls that practise one principle: "practise this" on the progress screen.
//!
//! Which principles a call puts at stake depends on the persona, the truth,
//! the line and the path taken, all of which follow from the seed. A seed is
//! chosen by playing candidate calls the principled way and keeping the first
//! in which the principle is at stake at some decision: an option on offer
//! carries an effect on it that holds in that moment. A rep who plays
//! differently may take another path, so the call is likely, not certain, to
//! test the principle.

use crate::core::catalogue::{Catalogue, PrincipleId};

use super::policy::{play, Policy};
use super::{Difficulty, Session, Settings};

/// Every principle at stake in some decision of the call, each once, in the
/// order they first came up.
pub fn at_stake(session: &Session<'_>) -> Vec<PrincipleId> {
    let catalogue = session.catalogue();
    let mut out: Vec<PrincipleId> = Vec::new();
    let mut add = |p: PrincipleId| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    for d in session.decisions() {
        if d.diagnosis.is_some() {
            super::engine::diagnosis_principles(catalogue, d.state.said, d.state.role)
                .into_iter()
                .for_each(&mut add);
            continue;
        }
        for offered in &d.offered {
            for e in catalogue.sim.move_info(offered.mv).effects.iter() {
                // The review's rule for an effect that drove the score.
                if f64::from(e.weight).abs() * d.state.applies(e.when) >= 0.5 {
                    add(e.principle);
                }
            }
        }
    }
    out
}

/// The first seed from `start` (within `tries` candidates) whose call puts
/// `principle` at stake, or None if none does (some principles are only
/// studied, never scored in a call).
pub fn seed_for(
    catalogue: &Catalogue,
    principle: PrincipleId,
    difficulty: Difficulty,
    start: u64,
    tries: u32,
) -> Option<u64> {
    (0..u64::from(tries))
        .map(|i| start.wrapping_add(i))
        .find(|&seed| {
            let session = play(catalogue, Policy::Principled, Settings { seed, difficulty });
            at_stake(&session).contains(&principle)
        })
}
