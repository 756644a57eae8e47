//! The pure state machine of a call: what is offered at each moment, what
//! each choice is worth given what the rep could know, and every way the
//! call can go next with its weight.
//!
//! Nothing here draws random numbers: `branches` lists the possible next
//! states with integer weights, so `Session` can sample one with its seeded
//! generator and `explore` can walk them all.

use crate::core::catalogue::sim::{Condition, SimContent};

use super::model::{
    self, Difficulty, Move, Outcome, Phase, Quality, Reaction, Role, Said, Tone, Truth, MAX_TURNS,
};

/// Callback attempts after which a silent prospect counts as aloof (003).
pub const ALOOF_AFTER: u8 = 4;

/// Points at stake in the diagnosis, against the 1–5 of a typical move.
pub const DIAGNOSIS_POINTS: f64 = 3.0;

/// The lowest confidence a diagnosis may state: with three truths, 33 % on
/// one of them is the uninformed forecast.
pub const MIN_CONFIDENCE: u8 = 33;

/// Everything that decides how the call can continue. Small and `Copy`, so
/// the explorer can hold millions of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    pub phase: Phase,
    /// Hidden from the rep.
    pub truth: Truth,
    pub role: Role,
    pub fit: bool,
    pub difficulty: Difficulty,
    /// The kind of opening line (index into the content's cues).
    pub cue: u8,
    /// What an ideal listener believes given the cues so far.
    pub belief: [f64; 3],
    /// Resistance under each truth hypothesis; the real one is
    /// `resistance[truth]`. Kept per hypothesis so beliefs can be updated.
    pub resistance: [u8; 3],
    pub turn: u8,
    /// What the prospect last said, as the words show it.
    pub said: Said,
    /// The story so far: the reason the prospect gave for the timing (an
    /// urgent kind, or a dated one), from the line or any later reply. A
    /// later generic "not now" or a warmer tone is heard in its light
    /// (`heard`), so urgency is never forgotten mid-call.
    pub reason: Option<Said>,
    /// Moves already used in this call, as bits.
    pub used: u64,
    pub detail: bool,
    /// The rep named a time for the next contact and the prospect heard it.
    pub told: bool,
    /// The prospect asked to be taken off the list.
    pub opted_out: bool,
    /// Offered Plan B, the prospect wants nothing sent.
    pub no_note: bool,
    /// The time the prospect named is weeks away (set from the line), so
    /// the callback cannot count on their memory of the pitch.
    pub far: bool,
    /// The rep has spoken with the prospect (false until the opener).
    pub spoke: bool,
    /// A callback already heard "still a bad time": this is the second round.
    pub again: bool,
    pub booked: bool,
    pub no_interest: bool,
    pub hung_up: bool,
    pub promised: bool,
    pub attempts: u8,
    pub outcome: Option<Outcome>,
}

/// What the rep decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Choice {
    /// One of the offered options, by position.
    Option(u8),
    /// The diagnosis step: which truth, and how sure (33–100 %).
    Diagnose { truth: Truth, confidence: u8 },
}

/// Something that happens in a step, for the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happening {
    /// The prospect's opening "call me later".
    Line,
    /// The prospect says something of this kind.
    Says(Reaction),
    /// The next reply sounds this way (evasive or genuine): told before the
    /// `Says` it colours.
    Sounds(Tone),
    /// Simulated time passes before a callback attempt.
    CallbackAttempt,
    /// The meeting takes place, or not.
    Meeting {
        held: bool,
    },
    /// The prospect runs out of time for the exchange.
    OutOfTime,
    Ends(Outcome),
}

/// One possible continuation: its weight, the next state, what happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub weight: u32,
    pub state: State,
    pub happened: Vec<Happening>,
}

impl State {
    /// The state before the rep speaks, with the prior for this persona.
    /// `said` is the kind of the opening line (its cue's).
    pub fn start(
        truth: Truth,
        role: Role,
        fit: bool,
        difficulty: Difficulty,
        cue: u8,
        said: Said,
    ) -> State {
        State {
            phase: Phase::Opener,
            truth,
            role,
            fit,
            difficulty,
            cue,
            belief: model::prior(role, difficulty),
            resistance: [0; 3],
            turn: 0,
            said,
            reason: said.gives_reason().then_some(said),
            used: 0,
            detail: false,
            told: false,
            opted_out: false,
            no_note: false,
            far: false,
            spoke: false,
            again: false,
            booked: false,
            no_interest: false,
            hung_up: false,
            promised: false,
            attempts: 0,
            outcome: None,
        }
    }

    fn has_used(&self, mv: Move) -> bool {
        self.used & mv.bit() != 0
    }

    /// What the prospect's words mean given the whole call: a generic
    /// "not right now" after a stated reason still carries that reason
    /// (the truck is still broken down when he says he is in the middle of it).
    pub fn heard(&self) -> Said {
        match (self.reason, self.said) {
            (Some(reason), Said::Bare) => reason,
            _ => self.said,
        }
    }

    /// A pressing reason stands: said now, or earlier and not taken back by
    /// a friendlier tone (warmth does not end the child's final).
    pub fn pressing(&self) -> bool {
        self.heard().urgent() || (self.said == Said::Warm && self.reason.is_some_and(Said::urgent))
    }

    /// The moves on offer now, in a fixed order (the session shuffles them).
    /// In the exchange, what is offered follows what the prospect just said
    /// (never the hidden truth), at most nine.
    pub fn offers(&self) -> Vec<Move> {
        if self.phase == Phase::Respond {
            let mut out: Vec<Move> = self
                .respond_candidates()
                .iter()
                .copied()
                .filter(|&mv| self.allows(mv))
                .collect();
            out.truncate(9);
            return out;
        }
        Move::ALL
            .iter()
            .copied()
            .filter(|&mv| mv.phase() == self.phase && self.allows(mv))
            .collect()
    }

    /// The respond moves that make sense after what was just said, most
    /// relevant first.
    fn respond_candidates(&self) -> &'static [Move] {
        use Move::*;
        match self.heard() {
            Said::Bare => &[
                Acknowledge,
                PersistOnce,
                BookNow,
                DisqualifyOffer,
                Steamroll,
                AssumptiveClose,
                AgreeCallback,
                BowOut,
                AcceptVague,
                DeclineCallback,
            ],
            Said::UrgentWork
            | Said::UrgentLight
            | Said::UrgentSerious
            | Said::UrgentTimed
            | Said::Declines => &[
                Acknowledge,
                WishWell,
                AskDetail,
                AskWhyThen,
                AgreeCallback,
                BookNow,
                PersistOnce,
                Steamroll,
                AssumptiveClose,
                DisqualifyOffer,
                BowOut,
                AcceptVague,
            ],
            Said::NearTerm | Said::Dated => &[
                AskWhyThen,
                BookNow,
                AgreeCallback,
                PersistOnce,
                Steamroll,
                AssumptiveClose,
                AcceptVague,
                DeclineCallback,
                BowOut,
            ],
            Said::Vague => &[
                AskWhyThen,
                AgreeCallback,
                DisqualifyOffer,
                Acknowledge,
                Steamroll,
                AssumptiveClose,
                AcceptVague,
                DeclineCallback,
                BowOut,
            ],
            Said::SendInfo => &[
                SendAndQualify,
                DisqualifyOffer,
                BookNow,
                AgreeCallback,
                Steamroll,
                AssumptiveClose,
                AcceptVague,
                DeclineCallback,
                BowOut,
            ],
            Said::Gatekeeper => &[
                AskForDecisionMaker,
                SendAndQualify,
                ExploreObjection,
                BookNow,
                Steamroll,
                AssumptiveClose,
                AcceptVague,
                DeclineCallback,
                BowOut,
            ],
            Said::Objection => &[
                ExploreObjection,
                DisqualifyOffer,
                PersistOnce,
                Steamroll,
                AssumptiveClose,
                AgreeCallback,
                AcceptVague,
                DeclineCallback,
                BowOut,
            ],
            Said::VagueReason => &[
                DisqualifyOffer,
                DeclineCallback,
                AgreeCallback,
                BookNow,
                PersistOnce,
                Steamroll,
                AssumptiveClose,
                AcceptVague,
                BowOut,
            ],
            Said::Warm | Said::Ends => &[
                AgreeCallback,
                AskDetail,
                BookNow,
                PersistOnce,
                Steamroll,
                AssumptiveClose,
                AcceptVague,
                DeclineCallback,
                BowOut,
            ],
        }
    }

    fn allows(&self, mv: Move) -> bool {
        match mv {
            Move::AskDetail => self.detail && !self.has_used(mv),
            // "Why then?" needs a time, and is answered once a reason stands.
            Move::AskWhyThen => {
                self.heard().named_time()
                    && !matches!(self.reason, Some(Said::Dated))
                    && !self.has_used(mv)
            }
            Move::BookNow => !self.booked && !self.has_used(mv),
            m if m.phase() == Phase::Respond => !self.has_used(m),
            // Sending an invite nobody agreed to is a plausible mistake
            // once any time was named: on offer, and scored as the push it is.
            Move::ConfirmMeeting => self.booked || self.told,
            // "You asked me to call back" needs a conversation to refer to.
            Move::AsPromisedPurpose => self.spoke,
            Move::CloseDisqualified => self.no_interest,
            // Taking them off the list is the answer to "don't call again";
            // after a plain "not interested" it is on offer but not the best.
            Move::HonourOptOut => self.opted_out || self.no_interest || self.no_note,
            Move::CallbackWithDetail | Move::ReferenceDetail | Move::DetailBetterTime => {
                self.detail
            }
            _ => true,
        }
    }

    /// How good a move is given what the rep could know: the sum of its
    /// principle effects, truth-dependent ones weighted by the belief.
    pub fn value(&self, sim: &SimContent, mv: Move) -> f64 {
        sim.move_info(mv)
            .effects
            .iter()
            .map(|e| f64::from(e.weight) * self.applies(e.when))
            .sum()
    }

    /// How much an effect's condition holds now (a probability for truths).
    pub fn applies(&self, when: Condition) -> f64 {
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        match when {
            Condition::Always => 1.0,
            Condition::Truth(t) => self.belief[t.index()],
            Condition::Fit => flag(self.fit),
            Condition::PoorFit => flag(!self.fit),
            Condition::Detail => flag(self.detail),
            Condition::Promised => flag(self.promised),
            Condition::NoInterest => flag(self.no_interest),
            Condition::Said(said) => flag(self.heard() == said),
            Condition::Urgent => flag(self.pressing()),
            Condition::Told => flag(self.told),
            Condition::Untold => flag(!self.told),
            Condition::Unbooked => flag(!self.booked),
            Condition::Unpromised => flag(!self.promised),
            Condition::Declined => flag(self.has_used(Move::DeclineCallback)),
            Condition::NoNote => flag(self.no_note),
            Condition::OptOut => flag(self.opted_out),
            Condition::Aloof => flag(self.attempts >= ALOOF_AFTER),
            Condition::Far => flag(self.far),
            Condition::Unspoken => flag(!self.spoke),
            Condition::Again => flag(self.again),
        }
    }

    /// Every continuation of `choice`, or None if the choice is not valid now.
    pub fn branches(&self, sim: &SimContent, choice: Choice) -> Option<Vec<Branch>> {
        match (self.phase, choice) {
            (Phase::Diagnosis, Choice::Diagnose { confidence, .. })
                if (MIN_CONFIDENCE..=100).contains(&confidence) =>
            {
                let mut next = *self;
                next.phase = Phase::Respond;
                Some(vec![Branch {
                    weight: 1,
                    state: next,
                    happened: vec![],
                }])
            }
            (Phase::Diagnosis, _) | (Phase::Done, _) | (_, Choice::Diagnose { .. }) => None,
            (_, Choice::Option(i)) => {
                let mv = *self.offers().get(usize::from(i))?;
                Some(self.after(sim, mv))
            }
        }
    }

    fn after(&self, sim: &SimContent, mv: Move) -> Vec<Branch> {
        let mut next = *self;
        next.used |= mv.bit();
        for t in Truth::ALL {
            let r =
                i16::from(next.resistance[t.index()]) + i16::from(model::resistance_change(mv, t));
            next.resistance[t.index()] = r.clamp(0, 4) as u8;
        }
        match mv.phase() {
            Phase::Opener => {
                next.phase = Phase::Diagnosis;
                next.spoke = true;
                // An urgent line carries its own detail (content validation
                // checks that every urgent line has one and no other line does).
                next.detail = self.said.urgent();
                next.reason = self.said.gives_reason().then_some(self.said);
                next.belief = model::update(
                    next.belief,
                    model::cue_likelihood(sim.cue_odds(), usize::from(self.cue), self.difficulty),
                );
                vec![Branch {
                    weight: 1,
                    state: next,
                    happened: vec![Happening::Line],
                }]
            }
            Phase::Respond => self.respond(next, mv),
            Phase::Plan => self.plan(next, mv),
            Phase::Voicemail => {
                next.promised = mv == Move::VmKeepsControl;
                next.attempts += 1;
                attempt(next, Phase::Persistence)
            }
            Phase::Persistence => match mv {
                Move::KeepCalling => {
                    next.attempts += 1;
                    attempt(next, Phase::Done)
                }
                Move::NurtureAfterSilence => vec![end(next, Outcome::Nurture)],
                _ => vec![end(next, Outcome::CleanDisqualification)],
            },
            Phase::Callback => {
                let values: Vec<f64> = self.offers().iter().map(|&m| self.value(sim, m)).collect();
                let best = values.iter().copied().fold(f64::MIN, f64::max);
                let mine = self.value(sim, mv);
                let quality = if mine >= best - 1e-9 {
                    Quality::Best
                } else if mine > 0.0 {
                    Quality::Fair
                } else {
                    Quality::Poor
                };
                let agree = model::meeting_percent(self.truth, quality);
                let show = model::show_percent(self.truth, next.resistance[self.truth.index()]);
                let declined = if self.truth == Truth::BrushOff {
                    Outcome::CleanDisqualification
                } else {
                    Outcome::Nurture
                };
                let says = |r: Reaction| Happening::Says(r);
                // "Still a bad time" tells the listener something, as any
                // reply does: how likely it was under each truth, given how
                // good the opener was (a tenth spread evenly, so it never
                // settles the question alone).
                let still_busy = Truth::ALL.map(|t| {
                    let agree = model::meeting_percent(t, quality);
                    0.9 * f64::from(100 - agree) / 100.0 + 0.1 / 3.0
                });
                // In a call that began at voicemail this is the first time
                // the prospect says "call me later": the rep reads it now
                // (the diagnosis), then answers it.
                let reopened = if self.spoke {
                    Phase::Respond
                } else {
                    Phase::Diagnosis
                };
                vec![
                    meeting(
                        next,
                        agree * show,
                        vec![says(Reaction::AgreesMeeting)],
                        true,
                    ),
                    meeting(
                        next,
                        agree * (100 - show),
                        vec![says(Reaction::AgreesMeeting)],
                        false,
                    ),
                    Branch {
                        weight: (100 - agree) * if self.again { 100 } else { 60 },
                        state: State {
                            phase: Phase::Done,
                            outcome: Some(declined),
                            ..next
                        },
                        happened: vec![says(Reaction::DeclinesMeeting), Happening::Ends(declined)],
                    },
                    // "Still a bad time": once per call, the exchange opens
                    // again (a new conversation, two turns at most).
                    Branch {
                        weight: if self.again { 0 } else { (100 - agree) * 40 },
                        // A new conversation: what was used, the pressure
                        // built and the attempts made on the first round no
                        // longer bear on it (and the walk stays small).
                        state: State {
                            phase: reopened,
                            belief: model::update(next.belief, still_busy),
                            spoke: true,
                            said: Said::Vague,
                            // The reason given on the first call has run its
                            // course: a new "later" is asked about afresh.
                            reason: None,
                            again: true,
                            used: 0,
                            resistance: [0; 3],
                            attempts: 0,
                            turn: MAX_TURNS - 2,
                            told: false,
                            promised: false,
                            booked: false,
                            ..next
                        },
                        happened: vec![says(Reaction::StillBusy)],
                    },
                ]
                .into_iter()
                .filter(|b| b.weight > 0)
                .collect()
            }
            Phase::Diagnosis | Phase::Done => Vec::new(),
        }
    }

    fn respond(&self, mut next: State, mv: Move) -> Vec<Branch> {
        let truth = self.truth;
        if matches!(
            mv,
            Move::AgreeCallback | Move::WishWell | Move::AskForDecisionMaker
        ) {
            // Each names the time of the next call, out loud.
            next.told = true;
        }
        let heard = self.heard();
        let reasoned = self.reason.is_some();
        let table = |t: Truth| {
            model::story_reactions(
                model::reactions(mv, t, next.resistance[t.index()], heard, self.detail),
                reasoned,
                self.far,
            )
        };
        // The reaction odds under each hypothesis, for the belief update.
        let tables = Truth::ALL.map(table);
        // Every reaction any truth could give here: the listener allows that
        // people do not always act to type, so one reply never makes a truth
        // certain or impossible (a tenth of the odds spread evenly).
        let mut possible: Vec<Reaction> = tables.iter().flatten().map(|&(r, _)| r).collect();
        possible.sort_by_key(|r| r.key());
        possible.dedup();
        let spread = 1.0 / possible.len().max(1) as f64;
        let mut out = Vec::new();
        for (reaction, weight) in table(truth) {
            let mut s = next;
            let likelihood = tables
                .each_ref()
                .map(|table| 0.9 * model::probability_in(table, reaction) + 0.1 * spread);
            s.belief = model::update(s.belief, likelihood);
            s.turn += 1;
            s.said = Said::after(reaction);
            if reaction == Reaction::ConcreteReason {
                s.reason = Some(Said::Dated);
            }
            let mut ends = s.said == Said::Ends;
            match reaction {
                Reaction::SharesDetail => s.detail = true,
                Reaction::BooksSlot => {
                    s.booked = true;
                    s.told = true;
                }
                Reaction::AdmitsNoInterest => s.no_interest = true,
                Reaction::HangsUp => s.hung_up = true,
                Reaction::OptsOut => {
                    s.opted_out = true;
                    s.hung_up = true;
                }
                Reaction::NoNote => s.no_note = true,
                _ => {}
            }
            let mut happened = vec![Happening::Says(reaction)];
            if !ends && s.turn >= MAX_TURNS {
                ends = true;
                happened.push(Happening::OutOfTime);
            }
            if ends {
                s.phase = Phase::Plan;
            }
            if reaction == Reaction::SharesDetail {
                // What was shared decides what fits next: a light moment, a
                // serious family matter or a pressing work problem.
                for (said, share) in [
                    (Said::UrgentLight, 2),
                    (Said::UrgentSerious, 1),
                    (Said::UrgentWork, 2),
                ] {
                    out.push(Branch {
                        weight: weight * share * 100,
                        state: State {
                            said,
                            reason: Some(said),
                            ..s
                        },
                        happened: happened.clone(),
                    });
                }
            } else if reaction.toned() {
                // The same kind of reply sounds evasive more often from a
                // brush-off: the words carry that much, and the listener
                // hears it (the odds by truth after difficulty).
                let evasive = Truth::ALL.map(|t| model::evasive_percent(t, self.difficulty));
                for tone in Tone::ALL {
                    let odds = |e: u32| if tone == Tone::Evasive { e } else { 100 - e };
                    let mut toned = s;
                    toned.belief =
                        model::update(s.belief, evasive.map(|e| f64::from(odds(e)) / 100.0));
                    let mut heard = vec![Happening::Sounds(tone)];
                    heard.extend(happened.iter().copied());
                    out.push(Branch {
                        weight: weight * 5 * odds(evasive[truth.index()]),
                        state: toned,
                        happened: heard,
                    });
                }
            } else {
                out.push(Branch {
                    weight: weight * 5 * 100,
                    state: s,
                    happened,
                });
            }
        }
        out
    }

    fn plan(&self, mut next: State, mv: Move) -> Vec<Branch> {
        match mv {
            Move::ConfirmMeeting => {
                let show = model::show_percent(self.truth, next.resistance[self.truth.index()]);
                vec![
                    meeting(next, show, vec![], true),
                    meeting(next, 100 - show, vec![], false),
                ]
                .into_iter()
                .filter(|b| b.weight > 0)
                .collect()
            }
            Move::CallbackWithDetail | Move::CallbackNamed => {
                // A callback is "as promised" only if the rep named its time
                // and the prospect heard it.
                next.promised = self.told && !self.hung_up;
                next.attempts = 1;
                attempt(next, Phase::Voicemail)
            }
            Move::Nurture => vec![end(next, Outcome::Nurture)],
            Move::Drop | Move::CloseDisqualified | Move::HonourOptOut => {
                vec![end(next, Outcome::CleanDisqualification)]
            }
            _ => vec![end(next, Outcome::Maybeland)],
        }
    }
}

/// A callback attempt: answered leads to the callback opener; otherwise to
/// `unanswered` (the next decision), or to maybeland after the last try.
fn attempt(next: State, unanswered: Phase) -> Vec<Branch> {
    let p = model::answer_percent(
        next.truth,
        next.resistance[next.truth.index()],
        next.promised,
    );
    // Silence is information (003), weighed cautiously: the listener's odds
    // of an answer under each truth, half of them spread evenly.
    let answer_odds = Truth::ALL.map(|t| {
        let p = f64::from(model::answer_percent(
            t,
            next.resistance[t.index()],
            next.promised,
        ));
        0.5 * p / 100.0 + 0.25
    });
    let heard = model::update(next.belief, answer_odds);
    let silent = model::update(next.belief, answer_odds.map(|a| 1.0 - a));
    let next = State {
        belief: silent,
        ..next
    };
    let answered = Branch {
        weight: p,
        state: State {
            phase: Phase::Callback,
            belief: heard,
            ..next
        },
        happened: vec![
            Happening::CallbackAttempt,
            Happening::Says(Reaction::Answers),
        ],
    };
    let missed = if unanswered == Phase::Done {
        Branch {
            weight: 100 - p,
            state: State {
                phase: Phase::Done,
                outcome: Some(Outcome::Maybeland),
                ..next
            },
            happened: vec![
                Happening::CallbackAttempt,
                Happening::Says(Reaction::Voicemail),
                Happening::Ends(Outcome::Maybeland),
            ],
        }
    } else {
        Branch {
            weight: 100 - p,
            state: State {
                phase: unanswered,
                ..next
            },
            happened: vec![
                Happening::CallbackAttempt,
                Happening::Says(Reaction::Voicemail),
            ],
        }
    };
    vec![answered, missed]
        .into_iter()
        .filter(|b| b.weight > 0)
        .collect()
}

fn end(next: State, outcome: Outcome) -> Branch {
    Branch {
        weight: 1,
        state: State {
            phase: Phase::Done,
            outcome: Some(outcome),
            ..next
        },
        happened: vec![Happening::Ends(outcome)],
    }
}

fn meeting(next: State, weight: u32, mut happened: Vec<Happening>, held: bool) -> Branch {
    let outcome = if held {
        Outcome::MeetingHeld
    } else {
        Outcome::NoShow
    };
    happened.push(Happening::Meeting { held });
    happened.push(Happening::Ends(outcome));
    Branch {
        weight,
        state: State {
            phase: Phase::Done,
            outcome: Some(outcome),
            ..next
        },
        happened,
    }
}

/// Points for a move worth `value` where the best on offer is worth `best`:
/// its value, capped at the stake (the best's worth, at least 0) and, for a
/// push, a loss down to minus the stake. A harmful move counts against the
/// call, so a player who ignores the prospect cannot bank on moves that are
/// right somewhere and cost nothing elsewhere.
pub fn points(value: f64, best: f64) -> f64 {
    let stake = best.max(0.0);
    value.min(stake).max(-stake)
}

/// The trainee's forecast as probabilities: `confidence` on the guess, the
/// rest split evenly.
fn forecast(guess: Truth, confidence: u8) -> [f64; 3] {
    let c = f64::from(confidence) / 100.0;
    let mut f = [(1.0 - c) / 2.0; 3];
    f[guess.index()] = c;
    f
}

/// Brier score of a forecast against a known truth (0 best, 2 worst).
pub fn brier(guess: Truth, confidence: u8, truth: Truth) -> f64 {
    let f = forecast(guess, confidence);
    Truth::ALL
        .iter()
        .map(|&t| (f[t.index()] - if t == truth { 1.0 } else { 0.0 }).powi(2))
        .sum()
}

/// Expected Brier score of a forecast if the truth follows `belief`.
fn expected_brier(belief: [f64; 3], guess: Truth, confidence: u8) -> f64 {
    Truth::ALL
        .iter()
        .map(|&t| belief[t.index()] * brier(guess, confidence, t))
        .sum()
}

/// Expected Brier score of the uninformed forecast (1/3 on each truth):
/// 2/3 whatever the belief.
const UNINFORMED_BRIER: f64 = 2.0 / 3.0;

/// How much better than the uninformed forecast a reading must be for the
/// full points to be at stake (about what a 60/20/20 belief allows).
const FULL_STAKE_SKILL: f64 = 0.1;

/// The points at stake in a diagnosis: all of `DIAGNOSIS_POINTS` when the
/// cues support a clear reading, proportionally less when they say little
/// (so a near-even belief neither rewards nor punishes much).
pub fn diagnosis_stake(belief: [f64; 3]) -> f64 {
    let (bt, bc) = best_diagnosis(belief);
    let skill = UNINFORMED_BRIER - expected_brier(belief, bt, bc);
    DIAGNOSIS_POINTS * (skill / FULL_STAKE_SKILL).clamp(0.0, 1.0)
}

/// Points for a diagnosis: a skill score against the uninformed forecast
/// (1/3 on each truth), both judged by their expected Brier score under what
/// the cues supported (not the hidden truth, which includes luck). The best
/// forecast the rep could state earns the stake (`diagnosis_stake`); the
/// uninformed one, or a hedge that says as little, earns nothing; a forecast
/// worse than knowing nothing, such as a confident wrong call, loses points,
/// down to `-DIAGNOSIS_POINTS`.
pub fn diagnosis_points(belief: [f64; 3], guess: Truth, confidence: u8) -> f64 {
    let (bt, bc) = best_diagnosis(belief);
    let best = expected_brier(belief, bt, bc);
    let mine = expected_brier(belief, guess, confidence.clamp(MIN_CONFIDENCE, 100));
    let stake = diagnosis_stake(belief);
    let scale = (UNINFORMED_BRIER - best).max(FULL_STAKE_SKILL);
    if UNINFORMED_BRIER - best < 1e-9 {
        // Nothing to read: stating as little as the cues is the best call.
        return 0.0;
    }
    (DIAGNOSIS_POINTS * (UNINFORMED_BRIER - mine) / scale).clamp(-DIAGNOSIS_POINTS, stake)
}

/// The principles a diagnosis is scored under: understanding first always;
/// "oomph" when the line gave a specific, urgent reason; the persona signal
/// when the speaker is one of the two kinds the sources single out
/// (executives, who mean "call me next week", and small-business owners, who
/// often do not).
pub fn diagnosis_principles(
    catalogue: &crate::core::catalogue::Catalogue,
    said: Said,
    role: Role,
) -> Vec<crate::core::catalogue::PrincipleId> {
    let mut keys = vec!["understand-first"];
    if said.urgent() {
        keys.push("oomph");
    }
    if matches!(role, Role::Executive | Role::Owner) {
        keys.push("persona-signal");
    }
    keys.into_iter()
        .filter_map(|k| catalogue.principle_by_key(k))
        .collect()
}

/// The diagnosis an ideal listener would give: the likeliest truth, with
/// its probability as the confidence (at least 33 %).
pub fn best_diagnosis(belief: [f64; 3]) -> (Truth, u8) {
    let mut best = Truth::True;
    for t in Truth::ALL {
        if belief[t.index()] > belief[best.index()] {
            best = t;
        }
    }
    (
        best,
        (belief[best.index()] * 100.0)
            .round()
            .clamp(f64::from(MIN_CONFIDENCE), 100.0) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brier_is_zero_for_a_sure_right_guess_and_two_for_a_sure_wrong_one() {
        assert!(brier(Truth::True, 100, Truth::True).abs() < 1e-12);
        assert!((brier(Truth::True, 100, Truth::Sincere) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn the_ideal_diagnosis_earns_full_points_a_hedge_none_and_a_confident_wrong_one_loses() {
        let belief = [0.7, 0.2, 0.1];
        let (guess, confidence) = best_diagnosis(belief);
        assert_eq!((guess, confidence), (Truth::True, 70));
        assert!((diagnosis_points(belief, guess, confidence) - DIAGNOSIS_POINTS).abs() < 1e-9);
        assert!(diagnosis_points(belief, Truth::BrushOff, 100) < -1.0);
        let hedged = diagnosis_points(belief, Truth::True, 50);
        assert!(hedged > 0.0 && hedged < DIAGNOSIS_POINTS);
        // The uninformed forecast earns nothing, whatever truth it names.
        for t in Truth::ALL {
            let p = diagnosis_points(belief, t, MIN_CONFIDENCE);
            // (33 % is a third rounded down, hence a small tolerance.)
            assert!(p.abs() < 0.1, "{t:?} {p}");
        }
    }

    #[test]
    fn no_single_reply_makes_a_truth_certain_or_impossible() {
        use crate::core::catalogue::Catalogue;
        let sim = &Catalogue::shipped().sim;
        let bare = sim
            .cues
            .iter()
            .position(|c| c.said == Said::Bare)
            .unwrap_or(0) as u8;
        for truth in Truth::ALL {
            let s = State::start(truth, Role::Owner, true, Difficulty::Easy, bare, Said::Bare);
            let s = s.branches(sim, Choice::Option(0)).unwrap_or_default()[0].state;
            let s = s
                .branches(
                    sim,
                    Choice::Diagnose {
                        truth,
                        confidence: 50,
                    },
                )
                .unwrap_or_default()[0]
                .state;
            for (i, mv) in s.offers().into_iter().enumerate() {
                for b in s.branches(sim, Choice::Option(i as u8)).unwrap_or_default() {
                    for p in b.state.belief {
                        assert!(p > 0.001 && p < 0.999, "{mv:?} {:?}", b.state.belief);
                    }
                }
            }
        }
    }
}
