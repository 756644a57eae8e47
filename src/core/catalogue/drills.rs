//! Drill cards, validated: single moments of a call that the trainee answers
//! in their own words and checks against a model answer and a rubric.
//!
//! The rules here are the ones the drill screen and the schedule rely on:
//! every check names one of the card's own principles (so a ticked check can
//! be credited to a principle), each card has two to four checks, and every
//! principle is trained by at least two cards (so a weak principle always
//! has something to practise).

use serde::Serialize;

use super::check::{entry_name, Checker, Lookup};
use super::raw::{List, RawDrills, Text};
use super::{PrincipleId, Problem};

/// Which moment of a call a card trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Moment {
    /// Answering the "call me later" itself.
    Reply,
    /// A question that tells a real reason from a polite exit.
    Probe,
    /// Settling a sincere request with a day and a time.
    Book,
    /// The next step after a sincere answer or objection.
    Plan,
    /// Keeping in touch when now is truly not the time.
    PlanB,
    /// A question that finds out early whether the prospect fits.
    Disqualify,
    Voicemail,
    /// The first words when the prospect picks up the promised callback.
    CallbackOpener,
    /// A later attempt after the first callback did not connect.
    SecondTry,
}

impl Moment {
    pub const ALL: [Moment; 9] = [
        Moment::Reply,
        Moment::Probe,
        Moment::Book,
        Moment::Plan,
        Moment::PlanB,
        Moment::Disqualify,
        Moment::Voicemail,
        Moment::CallbackOpener,
        Moment::SecondTry,
    ];

    /// The slug used in `content/drills.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Moment::Reply => "reply",
            Moment::Probe => "probe",
            Moment::Book => "book",
            Moment::Plan => "plan",
            Moment::PlanB => "plan-b",
            Moment::Disqualify => "disqualify",
            Moment::Voicemail => "voicemail",
            Moment::CallbackOpener => "callback-opener",
            Moment::SecondTry => "second-try",
        }
    }

    /// A label for the card's heading.
    pub fn label(self) -> &'static str {
        match self {
            Moment::Reply => "Answering \u{201c}call me later\u{201d}",
            Moment::Probe => "Finding out what is behind it",
            Moment::Book => "Booking the slot",
            Moment::Plan => "Planning the next step",
            Moment::PlanB => "Plan B",
            Moment::Disqualify => "Checking the fit",
            Moment::Voicemail => "Voicemail",
            Moment::CallbackOpener => "Opening the callback",
            Moment::SecondTry => "Trying again",
        }
    }

    fn from_key(key: &str) -> Option<Moment> {
        Moment::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// One rubric check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub principle: PrincipleId,
    pub question: Text,
}

/// One drill card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    /// Stable slug, used in links and in the saved drill log.
    pub key: Text,
    pub moment: Moment,
    pub title: Text,
    pub setting: Text,
    /// Blank when the rep speaks first (a voicemail).
    pub prospect: Text,
    pub task: Text,
    pub model: Text,
    pub why: Text,
    pub principles: List<PrincipleId>,
    pub detail: List<Text>,
    pub booking_premature: bool,
    pub checks: List<Check>,
}

/// Most checks a card may have: the trainee ticks them after every answer.
pub const MAX_CHECKS: usize = 4;

pub(super) fn validate(
    raw: &RawDrills,
    principle_ids: &Lookup<'_>,
    principle_count: usize,
    check: &mut Checker,
) -> List<Card> {
    check.index("card", raw.card.iter().map(|c| c.id.as_ref()));
    let mut cards = Vec::with_capacity(raw.card.len());
    let mut trained = vec![0usize; principle_count];
    for (i, c) in raw.card.iter().enumerate() {
        let entry = entry_name("card", &c.id, i);
        for (field, value) in [
            ("title", &c.title),
            ("setting", &c.setting),
            ("task", &c.task),
            ("model", &c.model),
            ("why", &c.why),
        ] {
            check.require(&entry, field, value);
        }
        let moment = Moment::from_key(&c.moment);
        if moment.is_none() {
            check.push(
                &entry,
                Problem::UnknownReference {
                    field: "moment",
                    target: c.moment.to_string(),
                },
            );
        }
        if c.prospect.trim().is_empty() && moment != Some(Moment::Voicemail) {
            check.push(&entry, Problem::MissingField("prospect"));
        }
        if c.principles.is_empty() || c.principles.len() > 3 {
            check.push(
                &entry,
                Problem::Count {
                    field: "principles",
                    low: 1,
                    high: 3,
                },
            );
        }
        let principles = check.resolve(
            &entry,
            "principles",
            &c.principles,
            principle_ids,
            PrincipleId,
        );
        for p in &principles {
            trained[usize::from(p.0)] += 1;
        }
        if c.check.len() < 2 || c.check.len() > MAX_CHECKS {
            check.push(
                &entry,
                Problem::Count {
                    field: "check",
                    low: 2,
                    high: MAX_CHECKS,
                },
            );
        }
        let mut checks = Vec::with_capacity(c.check.len());
        for k in c.check.iter() {
            if !k.question.trim_end().ends_with('?') {
                check.push(&entry, Problem::NotAQuestion(k.question.to_string()));
            }
            let resolved = check.resolve(
                &entry,
                "check.principle",
                std::slice::from_ref(&k.principle),
                principle_ids,
                PrincipleId,
            );
            if let Some(&p) = resolved.first() {
                if !principles.contains(&p) {
                    check.push(
                        &entry,
                        Problem::UnknownReference {
                            field: "check.principle (not one of the card's principles)",
                            target: k.principle.to_string(),
                        },
                    );
                }
                checks.push(Check {
                    principle: p,
                    question: k.question.clone(),
                });
            }
        }
        for &p in &principles {
            if !checks.iter().any(|k| k.principle == p) {
                let key = principle_ids.key_of(p.0).unwrap_or_default();
                check.push(&entry, Problem::Unchecked(key.to_string()));
            }
        }
        let shown = format!("{} {}", c.setting, c.prospect).to_lowercase();
        for word in c.detail.iter() {
            if word.trim().is_empty() || !shown.contains(word.as_ref()) {
                check.push(&entry, Problem::DetailNotShown(word.to_string()));
            }
        }
        let repeated = raw.card[..i].iter().any(|earlier| {
            earlier.setting == c.setting
                || (!c.prospect.trim().is_empty() && earlier.prospect == c.prospect)
        });
        if repeated {
            check.push(&entry, Problem::RepeatedSituation);
        }
        if let Some(moment) = moment {
            cards.push(Card {
                key: c.id.clone(),
                moment,
                title: c.title.clone(),
                setting: c.setting.clone(),
                prospect: c.prospect.clone(),
                task: c.task.clone(),
                model: c.model.clone(),
                why: c.why.clone(),
                principles: principles.into(),
                detail: c.detail.clone(),
                booking_premature: c.booking_premature,
                checks: checks.into(),
            });
        }
    }
    // Shipped content must train every principle twice; an empty drills
    // file (as in tests of other content) is not held to that.
    if !raw.card.is_empty() {
        for (index, count) in trained.into_iter().enumerate() {
            if count < 2 {
                let key = principle_ids.key_of(index as u16).unwrap_or_default();
                check.push(
                    &entry_name("principle", key, index),
                    Problem::TooFew {
                        field: "cards training it",
                        needed: 2,
                    },
                );
            }
        }
    }
    cards.into()
}
