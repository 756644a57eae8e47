//! Walks every path of every scenario, to check the content as a whole.
//!
//! A scenario is a persona kind (role and profile fit), a hidden truth, a kind
//! of opening line and a difficulty. From each, every choice and every chance
//! branch is followed. Role, cue and difficulty only move the belief, and the
//! belief only moves the scores, never which branches exist; so states that
//! differ only there share one walk (the memo key leaves them out), and the
//! walk covers every path of every scenario in a fraction of a second.
//!
//! It checks that every path ends within a bounded number of decisions, that
//! every decision has an option worth something whatever the cues said
//! (checked over a 5 % grid of beliefs), so a full score is always reachable,
//! and it records which moves and principles the content puts in play.

use std::collections::HashSet;

use crate::core::catalogue::Catalogue;

use super::engine::{best_diagnosis, diagnosis_principles, Choice, State};
use super::model::{Difficulty, Move, Phase, Role, Truth};

/// The longest a call may run, in decisions.
pub const MAX_DECISIONS: usize = 16;

/// What the walk found.
#[derive(Debug, Clone, Default)]
pub struct Exploration {
    pub scenarios: usize,
    pub states: usize,
    pub longest: usize,
    /// Moves offered somewhere.
    pub offered: HashSet<Move>,
    /// Principles whose score some reachable decision can change.
    pub scored: HashSet<u16>,
    /// Problems: a path too long, a decision with nothing worth choosing.
    pub problems: Vec<String>,
}

type Key = (u8, u8, bool, [u8; 3], u8, u64, u8, u8, u8, u8);

/// Offer sets already checked for a worthwhile option: phase, fit, flags,
/// what was said, the far/spoke/again bits, and the moves on offer.
type Checked = HashSet<(u8, bool, u8, u8, u8, Vec<Move>)>;

fn flags(s: &State) -> u8 {
    u8::from(s.detail)
        | u8::from(s.booked) << 1
        | u8::from(s.no_interest) << 2
        | u8::from(s.hung_up) << 3
        | u8::from(s.promised) << 4
        | u8::from(s.told) << 5
        | u8::from(s.opted_out) << 6
        | u8::from(s.no_note) << 7
}

fn key(s: &State) -> Key {
    (
        s.phase as u8,
        s.truth as u8,
        s.fit,
        s.resistance,
        s.turn,
        s.used,
        flags(s),
        s.attempts,
        s.said as u8,
        u8::from(s.far) | u8::from(s.spoke) << 1 | u8::from(s.again) << 2,
    )
}

pub fn explore(catalogue: &Catalogue) -> Exploration {
    let sim = &catalogue.sim;
    let mut found = Exploration::default();
    let mut seen: HashSet<Key> = HashSet::new();
    let mut checked: Checked = HashSet::new();
    let mut kinds: Vec<(Role, bool)> = sim.personas.iter().map(|p| (p.role, p.fit)).collect();
    kinds.sort_by_key(|(r, f)| (*r as u8, *f));
    kinds.dedup();
    for difficulty in Difficulty::ALL {
        for &(role, fit) in &kinds {
            for truth in Truth::ALL {
                for cue in 0..sim.cues.len() as u8 {
                    found.scenarios += 1;
                    let said = sim.cues[usize::from(cue)].said;
                    // Lines of a cue may name a near time or one weeks away.
                    let mut fars: Vec<bool> = sim.lines_of(cue).map(|(_, l)| l.far).collect();
                    fars.sort_unstable();
                    fars.dedup();
                    for far in fars {
                        let mut start = State::start(truth, role, fit, difficulty, cue, said);
                        start.far = far;
                        walk(catalogue, start, 0, &mut seen, &mut checked, &mut found);
                    }
                    // The same call when the first dial reaches voicemail.
                    let mut start = State::start(truth, role, fit, difficulty, cue, said);
                    start.phase = Phase::Voicemail;
                    walk(catalogue, start, 0, &mut seen, &mut checked, &mut found);
                }
            }
        }
    }
    found.states = seen.len();
    found
}

fn walk(
    catalogue: &Catalogue,
    state: State,
    depth: usize,
    seen: &mut HashSet<Key>,
    checked: &mut Checked,
    found: &mut Exploration,
) {
    if state.phase == Phase::Done {
        found.longest = found.longest.max(depth);
        return;
    }
    if depth > MAX_DECISIONS {
        found.problems.push(format!(
            "a path runs past {MAX_DECISIONS} decisions at {:?}",
            state.phase
        ));
        return;
    }
    if !seen.insert(key(&state)) {
        return;
    }
    let sim = &catalogue.sim;
    let choices: Vec<Choice> = if state.phase == Phase::Diagnosis {
        // The diagnosis is scored but does not change how the call goes on.
        let (truth, confidence) = best_diagnosis(state.belief);
        for id in diagnosis_principles(catalogue, state.said, state.role) {
            found.scored.insert(id.index());
        }
        vec![Choice::Diagnose { truth, confidence }]
    } else {
        let offers = state.offers();
        if offers.is_empty() {
            found
                .problems
                .push(format!("nothing on offer at {:?}", state.phase));
            return;
        }
        if offers.len() > 9 {
            found.problems.push(format!(
                "{} options at {:?}: more than the number keys 1-9",
                offers.len(),
                state.phase
            ));
        }
        if checked.insert((
            state.phase as u8,
            state.fit,
            flags(&state),
            state.said as u8,
            u8::from(state.far) | u8::from(state.spoke) << 1 | u8::from(state.again) << 2,
            offers.clone(),
        )) {
            if let Some(belief) = worthless_belief(catalogue, &state, &offers) {
                found.problems.push(format!(
                    "no option worth anything at {:?} when the cues say {belief:?} (moves {offers:?})",
                    state.phase
                ));
            }
        }
        for &mv in &offers {
            found.offered.insert(mv);
            for e in sim.move_info(mv).effects.iter() {
                if state.applies(e.when) > 0.0 {
                    found.scored.insert(e.principle.index());
                }
            }
        }
        (0..offers.len() as u8).map(Choice::Option).collect()
    };
    for choice in choices {
        let Some(branches) = state.branches(sim, choice) else {
            found.problems.push(format!(
                "offered choice {choice:?} refused at {:?}",
                state.phase
            ));
            continue;
        };
        for b in branches {
            walk(catalogue, b.state, depth + 1, seen, checked, found);
        }
    }
}

/// A belief (on a 5 % grid) under which no offered option is worth
/// anything, if there is one.
fn worthless_belief(catalogue: &Catalogue, state: &State, offers: &[Move]) -> Option<[f64; 3]> {
    for a in 0..=20u32 {
        for b in 0..=(20 - a) {
            let belief = [
                f64::from(a) / 20.0,
                f64::from(b) / 20.0,
                f64::from(20 - a - b) / 20.0,
            ];
            let probe = State { belief, ..*state };
            let best = offers
                .iter()
                .map(|&m| probe.value(&catalogue.sim, m))
                .fold(f64::MIN, f64::max);
            if best <= 0.0 {
                return Some(belief);
            }
        }
    }
    None
}
