//! The review of a finished (or abandoned) call: every decision with its
//! score, the principles it followed or broke, the best option and why, and
//! the hidden truth beside the diagnosis and what the cues supported.

use crate::core::catalogue::sim::Condition;
use crate::core::catalogue::{Catalogue, PrincipleId};

use super::model::{Outcome, Phase, Truth};

use super::session::Session;

/// An effect as it applied to one decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Applied {
    pub principle: PrincipleId,
    /// Positive: followed. Negative: broken. Truth-dependent effects are
    /// weighted by how likely that truth looked at the time.
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewItem {
    pub phase: Phase,
    /// What the rep said or decided (for the diagnosis, a sentence).
    pub chosen: String,
    /// Points this decision earned: negative when it lost points (a
    /// confident wrong reading), shown as such, never rounded up to 0.
    pub points: f64,
    /// Points at stake: what the best choice here would have earned.
    pub at_stake: f64,
    pub applied: Vec<Applied>,
    /// Why the chosen move scores as it does.
    pub feedback: String,
    /// The best option at that point, when the choice was not it.
    pub best: Option<String>,
    pub best_feedback: Option<String>,
    /// What the cues supported at the time (true, sincere, brush-off).
    pub belief: [f64; 3],
}

/// A decision's mark in the review: a word as well as a colour, so it is
/// read without colour too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Full,
    Partial,
    Lost,
}

impl Mark {
    /// The mark's name in markup and styles.
    pub fn key(self) -> &'static str {
        match self {
            Mark::Full => "full",
            Mark::Partial => "partial",
            Mark::Lost => "lost",
        }
    }

    /// The word the trainee reads.
    pub fn label(self) -> &'static str {
        match self {
            Mark::Full => "Full points",
            Mark::Partial => "Some points lost",
            Mark::Lost => "Points lost",
        }
    }
}

impl ReviewItem {
    /// Whether the best available choice was made (everything at stake
    /// earned).
    pub fn full(&self) -> bool {
        self.points >= self.at_stake - 1e-9
    }

    /// How the decision went, at a glance: every point at stake earned,
    /// some, or none (or fewer than none), in the tenths `figure` shows, so
    /// the mark never contradicts the figure beside it.
    pub fn mark(&self) -> Mark {
        let tenths = |x: f64| (x * 10.0).round();
        if tenths(self.points) >= tenths(self.at_stake) {
            Mark::Full
        } else if tenths(self.points) > 0.0 {
            Mark::Partial
        } else {
            Mark::Lost
        }
    }

    /// The decision's figure as the trainee sees it, e.g. "4.0 of 4.0
    /// points" or "−1.5 of 3.0 points": the same numbers the total adds up.
    pub fn figure(&self) -> String {
        format!(
            "{} of {} points",
            signed(self.points),
            signed(self.at_stake)
        )
    }
}

/// One decimal, with a true minus sign for a loss (and no "−0.0").
pub fn signed(x: f64) -> String {
    // Whole tenths by integer arithmetic: `{:.1}` would ship the exact
    // float formatter (about 5 kB of wasm) for this one figure.
    let tenths = (x.abs() * 10.0).round() as u64;
    let text = format!("{}.{}", tenths / 10, tenths % 10);
    if x < 0.0 && text != "0.0" {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Points earned over points at stake, as 0–100 (0 if more was lost
    /// than earned): the same figures the decisions show, summed.
    pub score: u8,
    /// Sum of the decisions' points (may be negative).
    pub earned: f64,
    /// Sum of the points at stake.
    pub available: f64,
    pub outcome: Option<Outcome>,
    pub truth: Truth,
    pub diagnosis: Option<(Truth, u8)>,
    /// What the cues supported at the moment of the diagnosis.
    pub supported: [f64; 3],
    pub items: Vec<ReviewItem>,
}

/// Principles a move's effects touch, as they applied in `state`.
pub(crate) fn applied(
    catalogue: &Catalogue,
    state: &super::State,
    mv: super::Move,
) -> Vec<Applied> {
    let mut out: Vec<Applied> = Vec::new();
    for e in catalogue.sim.move_info(mv).effects.iter() {
        let weight = f64::from(e.weight) * state.applies(e.when);
        // Hide effects whose condition barely held: they did not drive the score.
        let shown = match e.when {
            Condition::Truth(_) => weight.abs() >= 0.5,
            _ => weight != 0.0,
        };
        if !shown {
            continue;
        }
        match out.iter_mut().find(|a| a.principle == e.principle) {
            Some(a) => a.weight += weight,
            None => out.push(Applied {
                principle: e.principle,
                weight,
            }),
        }
    }
    out
}

/// The words that pointed each way at a diagnosis: what the line (or, after
/// a first-dial voicemail, the callback's reply) said and which reading
/// that kind of line favours, and what the speaker's job title signals.
fn what_pointed(
    session: &Session<'_>,
    heard: usize,
    said: super::model::Said,
    role: super::Role,
) -> String {
    let sim = &session.catalogue().sim;
    let heard = session.transcript()[..heard.min(session.transcript().len())]
        .iter()
        .rev()
        .find(|e| e.speaker == super::Speaker::Prospect)
        .map_or("", |e| e.text.as_str());
    let kind = sim.cues.iter().find(|c| c.said == said);
    let words = match kind {
        Some(cue) => {
            let mut favoured = Truth::True;
            for t in Truth::ALL {
                if cue.odds[t.index()] > cue.odds[favoured.index()] {
                    favoured = t;
                }
            }
            format!(
                "The words: \"{heard}\" ({}), a kind of line that points to {} most.",
                cue.meaning.trim_end_matches('.').to_lowercase(),
                favoured.label()
            )
        }
        None => format!("The words: \"{heard}\"."),
    };
    let persona = session.persona();
    let who = match role {
        super::Role::Executive => "executives seldom say \"call me later\" unless they mean it, which points away from a brush-off",
        super::Role::Owner | super::Role::OfficeManager => "in small firms this is often a polite way to end the call, which points toward a brush-off",
        _ => "the title says little either way",
    };
    format!(
        "{words} Who said it: {}, {}: {who}.",
        persona.name, persona.title
    )
}

/// One rule for what a decision is said to have done: at half the points
/// at stake or more it followed the principles that earned them (a small
/// cost beside them is not called a break); below half it broke the ones
/// that cost them (a small credit beside them is not called following).
/// So the words never contradict the figure.
fn verdict(applied: Vec<Applied>, points: f64, at_stake: f64) -> Vec<Applied> {
    let half = at_stake / 2.0;
    applied
        .into_iter()
        .filter(|a| {
            if points >= half - 1e-9 && at_stake > 0.0 {
                a.weight > 0.0
            } else if points <= half + 1e-9 {
                a.weight < 0.0
            } else {
                false
            }
        })
        .collect()
}

impl Review {
    /// The diagnosis among the decisions, if the call reached one.
    pub fn diagnosis_item(&self) -> Option<&ReviewItem> {
        self.items.iter().find(|i| i.phase == Phase::Diagnosis)
    }

    pub fn of(session: &Session<'_>) -> Review {
        let catalogue = session.catalogue();
        let mut items = Vec::new();
        for d in session.decisions() {
            if let Some((truth, confidence)) = d.diagnosis {
                // Principles are credited only when the reading earned it
                // (at least half the points), and marked broken only when it
                // did worse than knowing nothing; a hedge says neither.
                let (best_truth, best_confidence) = super::engine::best_diagnosis(d.belief);
                // The reading the cues favoured, only held too surely, broke
                // no principle: it is a calibration slip, said as such.
                let right_reading = truth == best_truth;
                let sign = if d.points >= d.best / 2.0 {
                    1.0
                } else if d.points < 0.0 && !right_reading {
                    -1.0
                } else {
                    0.0
                };
                let applied = if sign == 0.0 {
                    Vec::new()
                } else {
                    super::engine::diagnosis_principles(catalogue, d.state.said, d.state.role)
                        .into_iter()
                        .map(|principle| Applied {
                            principle,
                            weight: sign * d.points.abs().max(1.0),
                        })
                        .collect()
                };
                let full = d.points >= d.best - 1e-9;
                let pointers = what_pointed(session, d.heard, d.state.said, d.state.role);
                let feedback = if right_reading && !full && confidence > best_confidence {
                    format!("You read the cues the right way: they pointed to {} most. But you were surer than they allowed ({confidence} % against {best_confidence} %), and when the cues are mixed a sure call costs points, because the other readings were still likely.", truth.label())
                } else {
                    "A diagnosis is scored against what the cues supported, not against the hidden truth: a well-read call can still turn out otherwise. Saying 33 % (knowing nothing) earns nothing; a confident wrong call loses points.".to_string()
                };
                let feedback = format!("{pointers} {feedback}");
                items.push(ReviewItem {
                    phase: d.phase,
                    chosen: format!("You judged it {} at {confidence} %.", truth.label()),
                    points: d.points,
                    at_stake: d.best,
                    applied,
                    feedback,
                    best: (!full).then(|| format!("{} at {best_confidence} %", best_truth.label())),
                    best_feedback: (!full).then(|| {
                        if right_reading {
                            "The same reading, held as surely as the cues allowed.".to_string()
                        } else {
                            "The line's wording and the persona supported this reading most."
                                .to_string()
                        }
                    }),
                    belief: d.belief,
                });
                continue;
            }
            let Some(i) = d.chosen else { continue };
            let chosen = d.offered[usize::from(i)];
            let best_index = d.best_index().unwrap_or(usize::from(i));
            let is_best = (d.values[usize::from(i)] - d.values[best_index]).abs() < 1e-9;
            let best = d.offered[best_index];
            items.push(ReviewItem {
                phase: d.phase,
                chosen: session.option_text(chosen),
                points: d.points,
                at_stake: d.best,
                applied: verdict(applied(catalogue, &d.state, chosen.mv), d.points, d.best),
                feedback: catalogue.sim.move_info(chosen.mv).feedback.to_string(),
                best: (!is_best).then(|| session.option_text(best)),
                best_feedback: (!is_best)
                    .then(|| catalogue.sim.move_info(best.mv).feedback.to_string()),
                belief: d.belief,
            });
        }
        let supported = session
            .decisions()
            .iter()
            .find(|d| d.diagnosis.is_some())
            .map(|d| d.belief)
            .unwrap_or(session.state().belief);
        Review {
            score: session.score(),
            earned: session.decisions().iter().map(|d| d.points).sum(),
            available: session.decisions().iter().map(|d| d.best).sum(),
            outcome: session.outcome(),
            truth: session.truth(),
            diagnosis: session.diagnosis(),
            supported,
            items,
        }
    }

    /// A plain-text rendering, used for golden transcripts.
    pub fn to_text(&self, catalogue: &Catalogue) -> String {
        let mut out = String::new();
        let pct = |p: [f64; 3]| {
            format!(
                "true {:.0} %, sincere {:.0} %, brush-off {:.0} %",
                p[0] * 100.0,
                p[1] * 100.0,
                p[2] * 100.0
            )
        };
        out.push_str(&format!(
            "decision score: {} ({} of {} points)\n",
            self.score,
            signed(self.earned),
            signed(self.available)
        ));
        out.push_str(&format!(
            "outcome: {}\n",
            self.outcome.map_or("unfinished", |o| o.label())
        ));
        out.push_str(&format!("truth: {}\n", self.truth.label()));
        if let Some((t, c)) = self.diagnosis {
            out.push_str(&format!(
                "diagnosis: {} at {c} %; cues supported {}\n",
                t.label(),
                pct(self.supported)
            ));
        }
        for item in &self.items {
            out.push_str(&format!(
                "- [{}] {} ({})\n",
                item.phase.key(),
                item.chosen,
                item.figure()
            ));
            for a in &item.applied {
                let p = catalogue.principle(a.principle);
                let verb = if a.weight >= 0.0 { "followed" } else { "broke" };
                out.push_str(&format!("    {verb} {} ({:+.1})\n", p.key, a.weight));
            }
            if let Some(best) = &item.best {
                out.push_str(&format!("    best: {best}\n"));
            }
        }
        out
    }
}

/// The full text of a scripted call (transcript, then review), as kept in
/// the golden files: the same seed and player must give the same bytes
/// natively and in the browser.
pub fn golden_text(
    catalogue: &Catalogue,
    seed: u64,
    difficulty: super::Difficulty,
    policy: super::policy::Policy,
) -> String {
    let session = super::policy::play(catalogue, policy, super::Settings { seed, difficulty });
    let mut out = format!(
        "seed {seed}, {}, player: {}\n\n",
        difficulty.key(),
        policy.name()
    );
    for entry in session.transcript() {
        out.push_str(&format!("{:?}: {}\n", entry.speaker, entry.text));
    }
    out.push('\n');
    out.push_str(&Review::of(&session).to_text(catalogue));
    out
}
