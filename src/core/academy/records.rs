//! Between calls and a learning record store: a played call as the record
//! its xAPI statements are made from, and a class's statements read back
//! from the store as result codes for the scoreboard.
//!
//! The way back trusts nothing but the moves: each call is replayed from
//! its seed, and at every decision the move a statement names must be on
//! offer, so a class loaded from a store is scored exactly like pasted
//! codes (and a store holding foreign or partial statements gives fewer
//! trainees, each reported, never wrong scores).

use super::result::ClassResult;
use super::xapi::{CallRecord, ClassRef, DecisionRecord, Diagnosis, IRI};
use super::ClassSession;
use crate::core::catalogue::Catalogue;
use crate::core::json::Json;
use crate::core::sim::review::{applied, Review};
use crate::core::sim::{Choice, Phase, Session, Settings, Speaker, Truth};

/// Whole percent of the points at stake (all of them when nothing was).
fn percent(points: f64, at_stake: f64) -> u8 {
    if at_stake <= 1e-9 {
        if points >= -1e-9 {
            100
        } else {
            0
        }
    } else {
        (points / at_stake * 100.0).round().clamp(0.0, 100.0) as u8
    }
}

/// The record of a finished call, for its statements.
pub fn call_record(
    call: &Session<'_>,
    class: Option<ClassRef>,
    call_number: u8,
    started_at: u64,
    finished_at: u64,
) -> CallRecord {
    let catalogue = call.catalogue();
    let settings = call.settings();
    let review = Review::of(call);
    let choices = call.choices();
    let mut decisions = Vec::new();
    let mut diagnosis = None;
    for (k, (d, item)) in call.decisions().iter().zip(&review.items).enumerate() {
        if d.phase == Phase::Diagnosis {
            if let Some((guess, confidence)) = d.diagnosis {
                diagnosis = Some(Diagnosis {
                    guess: guess.key().to_string(),
                    confidence,
                    truth: call.truth().key().to_string(),
                    percent: percent(item.points, item.at_stake),
                });
            }
            continue;
        }
        // The call as it stood at this decision: the words and options
        // exactly as the trainee saw them.
        let Ok(here) = Session::replay(catalogue, settings, &choices[..k]) else {
            continue;
        };
        let Some(chosen) = d.chosen.and_then(|i| d.offered.get(usize::from(i))) else {
            continue;
        };
        decisions.push(DecisionRecord {
            index: k as u16,
            phase: d.phase.key().to_string(),
            prompt: here
                .transcript()
                .iter()
                .rev()
                .find(|e| e.speaker == Speaker::Prospect)
                .map(|e| e.text.clone())
                .unwrap_or_default(),
            chosen: here.option_text(*chosen),
            chosen_move: chosen.mv.key().to_string(),
            options: d
                .offered
                .iter()
                .map(|o| (o.mv.key().to_string(), here.option_text(*o)))
                .collect(),
            percent: percent(item.points, item.at_stake),
            best: item.full(),
            principles: applied(catalogue, &d.state, chosen.mv)
                .iter()
                .filter(|a| a.weight != 0.0)
                .map(|a| {
                    (
                        catalogue.principle(a.principle).key.to_string(),
                        a.weight > 0.0,
                    )
                })
                .collect(),
        });
    }
    CallRecord {
        class,
        call_number,
        seed: settings.seed,
        level: settings.difficulty.key().to_string(),
        started_at,
        finished_at,
        score: call.score(),
        outcome: call
            .outcome()
            .map(|o| o.key())
            .unwrap_or("unfinished")
            .to_string(),
        persona: call.persona().name.to_string(),
        decisions,
        diagnosis,
    }
}

/// The class reference of a session, for its statements.
pub fn class_ref(session: &ClassSession, catalogue: &Catalogue) -> ClassRef {
    ClassRef {
        registration: session.registration(catalogue),
        title: session.shown_title(catalogue),
        id: session.id(catalogue),
    }
}

/// What one answered statement says, as the way back needs it.
struct Answer {
    actor: String,
    name: String,
    call: i64,
    /// Decision index, or None for the diagnosis.
    index: Option<usize>,
    response: String,
    confidence: Option<i64>,
}

fn answer_of(statement: &Json, registration: &str) -> Option<Answer> {
    let context = statement.get("context")?;
    if context.get("registration")?.as_str()? != registration {
        return None;
    }
    if !statement
        .get("verb")?
        .get("id")?
        .as_str()?
        .ends_with("/answered")
    {
        return None;
    }
    let actor = statement.get("actor")?;
    let who = actor
        .get("mbox")
        .and_then(Json::as_str)
        .map(str::to_string)
        .or_else(|| {
            let account = actor.get("account")?;
            Some(format!(
                "{} {}",
                account.get("homePage")?.as_str()?,
                account.get("name")?.as_str()?
            ))
        })?;
    let object = statement.get("object")?.get("id")?.as_str()?;
    let index = if object.ends_with("/diagnosis") {
        None
    } else {
        let rest = object.split_once("/decisions/")?.1;
        let digits = rest.split('/').next()?;
        Some(digits.parse().ok()?)
    };
    let result = statement.get("result")?;
    let extension = |name: &str| {
        context
            .get("extensions")?
            .get(&format!("{IRI}/extensions/{name}"))
            .cloned()
    };
    Some(Answer {
        actor: who,
        name: actor
            .get("name")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string(),
        call: extension("call-number")?.as_int()?,
        index,
        response: result.get("response")?.as_str()?.to_string(),
        confidence: result
            .get("extensions")
            .and_then(|e| e.get(&format!("{IRI}/extensions/confidence")))
            .and_then(Json::as_int),
    })
}

/// The class's results from statements read back from a store: one per
/// trainee (by their identifier) whose every call is there and replays;
/// the others are named in the second list with the reason.
pub fn results_from_statements(
    session: &ClassSession,
    catalogue: &Catalogue,
    statements: &[Json],
) -> (Vec<ClassResult>, Vec<String>) {
    let registration = super::xapi::uuid_text(&session.registration(catalogue));
    let answers: Vec<Answer> = statements
        .iter()
        .filter_map(|s| answer_of(s, &registration))
        .collect();
    let mut actors: Vec<(&str, &str)> = Vec::new();
    for a in &answers {
        if !actors.iter().any(|(id, _)| *id == a.actor) {
            actors.push((&a.actor, &a.name));
        }
    }
    let mut results = Vec::new();
    let mut problems = Vec::new();
    'trainee: for (actor, name) in actors {
        let mut calls = Vec::with_capacity(session.seeds.len());
        for (c, &seed) in session.seeds.iter().enumerate() {
            let mine = |index: Option<usize>| {
                answers
                    .iter()
                    .find(|a| a.actor == actor && a.call == c as i64 + 1 && a.index == index)
            };
            let mut call = Session::new(
                catalogue,
                Settings {
                    seed,
                    difficulty: session.level,
                },
            );
            let mut choices = Vec::new();
            while !call.is_finished() {
                let k = call.decisions().len();
                let choice = if call.phase() == Phase::Diagnosis {
                    mine(None).and_then(|a| {
                        Some(Choice::Diagnose {
                            truth: Truth::from_key(&a.response)?,
                            confidence: u8::try_from(a.confidence?).ok()?,
                        })
                    })
                } else {
                    mine(Some(k)).and_then(|a| {
                        call.options()
                            .iter()
                            .position(|o| o.mv.key() == a.response)
                            .map(|i| Choice::Option(i as u8))
                    })
                };
                let Some(choice) = choice else {
                    problems.push(format!(
                        "{name}: call {} is not complete in the store",
                        c + 1
                    ));
                    continue 'trainee;
                };
                if call.choose(choice).is_err() {
                    problems.push(format!("{name}: call {} does not replay", c + 1));
                    continue 'trainee;
                }
                choices.push(choice);
            }
            calls.push(choices);
        }
        results.push(ClassResult {
            name: if name.is_empty() {
                actor.to_string()
            } else {
                name.to_string()
            },
            calls,
        });
    }
    (results, problems)
}
