//! The trainer's scoreboard: a class's verified results, rebuilt by replay,
//! added up for discussion.
//!
//! A decision point is one moment of one call as the class met it: the
//! same call and the same choices before it mean the same prospect words
//! and the same options in the same order, so the choices there can be
//! counted side by side ("7 of 15 booked a slot before asking why").
//! Trainees who took other turns earlier meet other points; each is shown
//! with how many reached it.

use super::result::ClassResult;
use super::ClassSession;
use crate::core::catalogue::{Catalogue, PrincipleId};
use crate::core::sim::engine::brier;
use crate::core::sim::review::{applied, Review};
use crate::core::sim::{Choice, Outcome, Phase, Session, Settings, Speaker, Truth};
use crate::core::{merge::heap_sort_by, progress::CALIBRATION_BUCKETS};

/// One trainee's call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    pub score: u8,
    pub outcome: Option<Outcome>,
    pub truth: Truth,
    pub diagnosis: Option<(Truth, u8)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TraineeRow {
    pub name: String,
    pub calls: Vec<CallRow>,
    /// Mean decision score over the session's calls.
    pub mean: u8,
}

/// An option at a decision point and who chose it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionCount {
    pub text: String,
    /// Indices into the board's trainees.
    pub chosen_by: Vec<usize>,
    pub best: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionPoint {
    /// 0-based call of the session.
    pub call: usize,
    /// 0-based decision within the call.
    pub step: usize,
    /// The choices that lead here.
    pub path: Vec<Choice>,
    pub phase: Phase,
    /// What the prospect had just said (empty before anyone spoke).
    pub prompt: String,
    /// Trainees who reached this point.
    pub reached: u32,
    /// The options in the order shown (empty for the diagnosis).
    pub options: Vec<OptionCount>,
    /// At the diagnosis: how many read each truth (true, sincere,
    /// brush-off), and the sum of their confidences.
    pub readings: [u32; 3],
    pub confidence_sum: u32,
    /// At the diagnosis: what the cues supported then (the same for all
    /// who reached it) and what was really meant (the same call).
    pub supported: [f64; 3],
    pub truth: Truth,
    /// The principle the best option follows most strongly.
    pub best_principle: Option<PrincipleId>,
}

impl DecisionPoint {
    /// Trainees here who did not take the best option.
    pub fn missed_best(&self) -> u32 {
        self.reached
            - self
                .options
                .iter()
                .filter(|o| o.best)
                .map(|o| o.chosen_by.len() as u32)
                .sum::<u32>()
                .min(self.reached)
    }
}

/// A principle across the class: times followed and broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrincipleTally {
    pub principle: PrincipleId,
    pub followed: u32,
    pub broken: u32,
}

/// How well the class read the calls.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassCalibration {
    pub diagnosed: u32,
    pub right: u32,
    /// Mean Brier score ×1000 (0 perfect; 667 always a third each).
    pub brier_milli: u32,
    /// Per confidence bucket (`CALIBRATION_BUCKETS`): (right, diagnosed).
    pub buckets: [(u32, u32); 5],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub trainees: Vec<TraineeRow>,
    /// By call, then step, then path.
    pub points: Vec<DecisionPoint>,
    /// Most broken first (then most followed).
    pub principles: Vec<PrincipleTally>,
    pub calibration: ClassCalibration,
}

fn bucket(confidence: u8) -> usize {
    CALIBRATION_BUCKETS
        .iter()
        .position(|&(lo, hi)| (lo..=hi).contains(&confidence))
        .unwrap_or(0)
}

/// The prospect's last words in a call so far.
fn last_prospect_line(s: &Session<'_>) -> String {
    s.transcript()
        .iter()
        .rev()
        .find(|e| e.speaker == Speaker::Prospect)
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

/// The scoreboard of verified results (in the order given).
pub fn board(session: &ClassSession, results: &[ClassResult], catalogue: &Catalogue) -> Board {
    let mut trainees = Vec::with_capacity(results.len());
    let mut points: Vec<DecisionPoint> = Vec::new();
    let mut tallies: Vec<PrincipleTally> = Vec::new();
    let mut cal = ClassCalibration::default();
    let mut brier_sum = 0.0;
    for (t, result) in results.iter().enumerate() {
        let calls = result.sessions(session, catalogue);
        let mut rows = Vec::with_capacity(calls.len());
        for (c, call) in calls.iter().enumerate() {
            let review = Review::of(call);
            let choices = &result.calls[c];
            for (k, (d, item)) in call.decisions().iter().zip(&review.items).enumerate() {
                let path = &choices[..k];
                let at = match points
                    .iter()
                    .position(|p| p.call == c && p.path.as_slice() == path)
                {
                    Some(at) => at,
                    None => {
                        points.push(point(session, catalogue, c, k, path, d, call.truth()));
                        points.len() - 1
                    }
                };
                let p = &mut points[at];
                p.reached += 1;
                match choices.get(k) {
                    Some(Choice::Option(i)) => {
                        if let Some(o) = p.options.get_mut(usize::from(*i)) {
                            o.chosen_by.push(t);
                        }
                    }
                    Some(Choice::Diagnose { truth, confidence }) => {
                        p.readings[truth.index()] += 1;
                        p.confidence_sum += u32::from(*confidence);
                    }
                    None => {}
                }
                for a in &item.applied {
                    let i = match tallies.iter().position(|x| x.principle == a.principle) {
                        Some(i) => i,
                        None => {
                            tallies.push(PrincipleTally {
                                principle: a.principle,
                                followed: 0,
                                broken: 0,
                            });
                            tallies.len() - 1
                        }
                    };
                    if a.weight > 0.0 {
                        tallies[i].followed += 1;
                    } else if a.weight < 0.0 {
                        tallies[i].broken += 1;
                    }
                }
            }
            if let Some((guess, confidence)) = call.diagnosis() {
                let truth = call.truth();
                cal.diagnosed += 1;
                cal.right += u32::from(guess == truth);
                let b = &mut cal.buckets[bucket(confidence)];
                b.0 += u32::from(guess == truth);
                b.1 += 1;
                brier_sum += brier(guess, confidence, truth);
            }
            rows.push(CallRow {
                score: call.score(),
                outcome: call.outcome(),
                truth: call.truth(),
                diagnosis: call.diagnosis(),
            });
        }
        let mean = if rows.is_empty() {
            0
        } else {
            let sum: u32 = rows.iter().map(|r| u32::from(r.score)).sum();
            ((sum + rows.len() as u32 / 2) / rows.len() as u32) as u8
        };
        trainees.push(TraineeRow {
            name: result.name.clone(),
            calls: rows,
            mean,
        });
    }
    if cal.diagnosed > 0 {
        cal.brier_milli = (brier_sum / f64::from(cal.diagnosed) * 1000.0).round() as u32;
    }
    heap_sort_by(&mut points, |a, b| {
        (a.call, a.step, std::cmp::Reverse(a.reached))
            < (b.call, b.step, std::cmp::Reverse(b.reached))
    });
    heap_sort_by(&mut tallies, |a, b| {
        (
            std::cmp::Reverse(a.broken),
            std::cmp::Reverse(a.followed),
            a.principle,
        ) < (
            std::cmp::Reverse(b.broken),
            std::cmp::Reverse(b.followed),
            b.principle,
        )
    });
    Board {
        trainees,
        points,
        principles: tallies,
        calibration: cal,
    }
}

/// A new decision point: the call replayed to it for the words and options.
fn point(
    session: &ClassSession,
    catalogue: &Catalogue,
    call: usize,
    step: usize,
    path: &[Choice],
    decision: &crate::core::sim::session::Decision,
    truth: Truth,
) -> DecisionPoint {
    let here = Session::replay(
        catalogue,
        Settings {
            seed: session.seeds[call],
            difficulty: session.level,
        },
        path,
    )
    .ok();
    let best = decision.best_index();
    let options = here
        .as_ref()
        .map(|s| {
            s.options()
                .iter()
                .enumerate()
                .map(|(i, &o)| OptionCount {
                    text: s.option_text(o),
                    chosen_by: Vec::new(),
                    best: Some(i) == best,
                })
                .collect()
        })
        .unwrap_or_default();
    let best_principle = best.and_then(|b| decision.offered.get(b)).and_then(|o| {
        applied(catalogue, &decision.state, o.mv)
            .into_iter()
            .filter(|a| a.weight > 0.0)
            .max_by(|a, b| a.weight.total_cmp(&b.weight))
            .map(|a| a.principle)
    });
    DecisionPoint {
        call,
        step,
        path: path.to_vec(),
        phase: decision.phase,
        prompt: here.as_ref().map(last_prospect_line).unwrap_or_default(),
        reached: 0,
        options,
        readings: [0; 3],
        confidence_sum: 0,
        supported: decision.belief,
        truth,
        best_principle,
    }
}

/// Whether a spreadsheet could read the text as a formula: it starts with
/// = + - @, a tab, a carriage return or a line break, or with one of = + - @
/// (or their full-width forms, which some spreadsheets take as formulas)
/// after leading spaces of any kind, which some spreadsheets skip.
fn formula_like(text: &str) -> bool {
    const LEADS: [char; 8] = [
        '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    text.starts_with(['\t', '\r', '\n'])
        || text
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| LEADS.contains(&c))
}

/// A spreadsheet cell: quoted, quotes doubled, and defused with a leading
/// apostrophe when it could be read as a formula (`formula_like`), so a
/// name cannot become one.
fn cell(text: &str, out: &mut String) {
    out.push('"');
    if formula_like(text) {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

/// One row per trainee per decision: name, call, step, phase, what the
/// prospect had said, what was chosen, points earned and at stake, whether
/// it was the best, the principles followed and broken.
pub fn csv(session: &ClassSession, results: &[ClassResult], catalogue: &Catalogue) -> String {
    let mut out = String::from(
        "trainee,call,step,phase,prospect said,choice,points,at stake,best,principles followed,principles broken\n",
    );
    for result in results {
        for (c, call) in result.sessions(session, catalogue).iter().enumerate() {
            let review = Review::of(call);
            for (k, item) in review.items.iter().enumerate() {
                let prompt = Session::replay(
                    catalogue,
                    Settings {
                        seed: session.seeds[c],
                        difficulty: session.level,
                    },
                    &result.calls[c][..k],
                )
                .map(|s| last_prospect_line(&s))
                .unwrap_or_default();
                let keys = |followed: bool| {
                    item.applied
                        .iter()
                        .filter(|a| (a.weight > 0.0) == followed && a.weight != 0.0)
                        .map(|a| catalogue.principle(a.principle).title.as_ref())
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                cell(&result.name, &mut out);
                out.push_str(&format!(",{},{},", c + 1, k + 1));
                cell(item.phase.key(), &mut out);
                out.push(',');
                cell(&prompt, &mut out);
                out.push(',');
                cell(&item.chosen, &mut out);
                out.push(',');
                out.push_str(
                    &crate::core::sim::review::signed(item.points).replace('\u{2212}', "-"),
                );
                out.push(',');
                out.push_str(
                    &crate::core::sim::review::signed(item.at_stake).replace('\u{2212}', "-"),
                );
                out.push_str(if item.full() { ",yes," } else { ",no," });
                cell(&keys(true), &mut out);
                out.push(',');
                cell(&keys(false), &mut out);
                out.push('\n');
            }
        }
    }
    out
}
