//! The call simulator: policy harness, exhaustive walk, properties, goldens.

use std::time::Instant;

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::explore::{explore, MAX_DECISIONS};
use callback_dojo::core::sim::policy::{evaluate, Policy};
use callback_dojo::core::sim::review::golden_text;
use callback_dojo::core::sim::{
    Choice, Difficulty, Move, Phase, Reaction, Session, Settings, Speaker, Truth,
};
use proptest::prelude::*;

fn catalogue() -> &'static Catalogue {
    Catalogue::shipped()
}

/// The scoring rewards the principles: the principled player, reading only
/// the words on screen, scores high; players that cannot know the right
/// answer (one trick, a fixed script, longest or shortest option, word
/// matching, a hedged diagnosis) score at most 50 and random clicking at most
/// 35, at every difficulty.
#[test]
fn scoring_rewards_the_principles_not_one_trick() {
    let catalogue = catalogue();
    for difficulty in Difficulty::ALL {
        for policy in Policy::ALL {
            let stats = evaluate(catalogue, policy, difficulty, 1000);
            assert_eq!(
                stats.unfinished,
                0,
                "{} left calls unfinished",
                policy.name()
            );
            eprintln!(
                "{:<40} {:<6} mean {:5.1}  spread {:4.1}  min {:3}",
                policy.name(),
                difficulty.key(),
                stats.mean,
                stats.spread,
                stats.min
            );
            let (ok, rule) = match policy {
                Policy::Principled => (stats.mean >= 85.0, ">= 85"),
                Policy::Random => (stats.mean <= 35.0, "<= 35"),
                _ => (stats.mean <= 50.0, "<= 50"),
            };
            assert!(
                ok,
                "{} on {}: mean {:.1}, required {rule}",
                policy.name(),
                difficulty.key(),
                stats.mean
            );
        }
    }
}

#[test]
fn the_principled_player_reads_the_truth_better_than_chance() {
    let catalogue = catalogue();
    let principled = evaluate(catalogue, Policy::Principled, Difficulty::Normal, 1000);
    let random = evaluate(catalogue, Policy::Random, Difficulty::Normal, 1000);
    assert!(principled.diagnosis_accuracy > 0.6, "{principled:?}");
    assert!(
        principled.brier < random.brier,
        "{principled:?} vs {random:?}"
    );
}

/// Every path of every scenario ends, every decision has something worth
/// choosing, every move can be offered and every principle can be scored.
#[test]
fn exhaustive_walk_of_every_scenario() {
    let catalogue = catalogue();
    let start = Instant::now();
    let found = explore(catalogue);
    eprintln!(
        "explored {} scenarios, {} states, longest path {} decisions, in {:?}",
        found.scenarios,
        found.states,
        found.longest,
        start.elapsed()
    );
    assert!(
        found.problems.is_empty(),
        "{:#?}",
        &found.problems[..found.problems.len().min(10)]
    );
    assert!(found.longest <= MAX_DECISIONS);
    for &mv in Move::ALL {
        assert!(
            found.offered.contains(&mv),
            "move {} is never offered",
            mv.key()
        );
    }
    for (id, p) in catalogue.principles() {
        assert!(
            found.scored.contains(&id.index()),
            "principle {} is never scored",
            p.key
        );
    }
    // Every wording is reachable: each move's wordings are drawn uniformly.
    for info in catalogue.sim.moves.iter() {
        assert!(!info.responses.is_empty());
    }
}

#[test]
fn content_counts_meet_the_brief() {
    let sim = &catalogue().sim;
    assert!(sim.personas.len() >= 12);
    assert!(sim.personas.iter().any(|p| p.fit) && sim.personas.iter().any(|p| !p.fit));
    assert!(sim.lines.len() >= 40);
    assert!(sim.responses.len() >= 60);
    for truth in Truth::ALL {
        let lines = sim
            .lines
            .iter()
            .filter(|l| sim.cues[usize::from(l.cue)].odds[truth.index()] > 0)
            .count();
        assert!(lines >= 10, "{} lines can come from {}", lines, truth.key());
    }
    // Specific reasons lean true (every urgent kind), vague ones brush-off.
    let odds = |key: &str| sim.cues.iter().find(|c| c.key == key).expect("cue").odds;
    for urgent in [
        "urgent-work",
        "urgent-light",
        "urgent-serious",
        "urgent-timed",
    ] {
        let urgent = odds(urgent);
        assert!(urgent[0] > urgent[1] && urgent[0] > urgent[2]);
    }
    let vague = odds("vague");
    assert!(vague[2] > vague[0] && vague[2] > vague[1]);
}

#[test]
fn executives_mean_next_week_more_than_owners_do() {
    use callback_dojo::core::sim::model::{cue_likelihood, prior, update, Role};
    let catalogue = catalogue();
    let odds = catalogue.sim.cue_odds();
    let near = catalogue
        .sim
        .cues
        .iter()
        .position(|c| c.key == "near-term")
        .expect("cue");
    let belief = |role| {
        update(
            prior(role, Difficulty::Normal),
            cue_likelihood(odds, near, Difficulty::Normal),
        )
    };
    assert!(
        belief(Role::Executive)[Truth::Sincere.index()]
            > belief(Role::Owner)[Truth::Sincere.index()]
    );
    assert!(belief(Role::Owner)[Truth::BrushOff.index()] > 0.5);
}

#[test]
fn a_refused_choice_changes_nothing() {
    let catalogue = catalogue();
    let mut session = Session::new(
        catalogue,
        Settings {
            seed: 7,
            difficulty: Difficulty::Normal,
        },
    );
    let before = session.transcript().to_vec();
    assert!(session.choose(Choice::Option(40)).is_err());
    assert!(session
        .choose(Choice::Diagnose {
            truth: Truth::True,
            confidence: 80
        })
        .is_err());
    assert_eq!(session.transcript(), &before[..]);
    session.choose(Choice::Option(0)).expect("first option");
    assert_eq!(session.phase(), Phase::Diagnosis);
    assert!(session
        .choose(Choice::Diagnose {
            truth: Truth::True,
            confidence: 32
        })
        .is_err());
    assert!(session
        .choose(Choice::Diagnose {
            truth: Truth::True,
            confidence: 101
        })
        .is_err());
    session
        .choose(Choice::Diagnose {
            truth: Truth::True,
            confidence: 50,
        })
        .expect("valid");
    assert_eq!(session.phase(), Phase::Respond);
}

#[test]
fn the_line_is_not_heard_before_the_opener() {
    // The observation shows only what the rep could know: before the rep
    // has spoken, the prospect has not said anything yet. (That it has no
    // field for the truth is enforced by its type.)
    let catalogue = catalogue();
    for seed in 0..200 {
        let s = Session::new(
            catalogue,
            Settings {
                seed,
                difficulty: Difficulty::Normal,
            },
        );
        let obs = s.observation();
        // Only a voicemail greeting can have played (a first dial that
        // reaches voicemail); the line comes once someone answers.
        assert!(
            obs.line.is_none()
                && (obs.phase == Phase::Voicemail
                    || !obs
                        .transcript
                        .iter()
                        .any(|e| e.speaker == Speaker::Prospect)),
            "the line is not heard before the opener"
        );
    }
}

/// Seeds and scripted choices whose full transcript and review are kept as
/// golden files in tests/native/golden/. Set UPDATE_GOLDEN=1 to rewrite them
/// after an intended change, and read the diff.
pub const GOLDEN: [(u64, Difficulty, Policy); 6] = [
    (1, Difficulty::Normal, Policy::Principled),
    // A true objection: the named time, the detail thread, the promise kept.
    (46, Difficulty::Normal, Policy::Principled),
    // A brush-off: first dial to voicemail, the promised time kept, "still
    // a bad time", why then, a proof point with a way out, a clean exit.
    (68, Difficulty::Normal, Policy::Principled),
    (2, Difficulty::Easy, Policy::Principled),
    (3, Difficulty::Hard, Policy::Steamroll),
    (42, Difficulty::Normal, Policy::Random),
];

#[test]
fn golden_transcripts() {
    let catalogue = catalogue();
    let dir = crate::root().join("tests/native/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (seed, difficulty, policy) in GOLDEN {
        let text = golden_text(catalogue, seed, difficulty, policy);
        let path = dir.join(format!("seed-{seed}-{}.txt", difficulty.key()));
        if update {
            std::fs::create_dir_all(&dir).expect("golden dir");
            std::fs::write(&path, &text).expect("write golden");
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
        assert_eq!(
            text, expected,
            "transcript for seed {seed} changed; if intended, UPDATE_GOLDEN=1"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any seed and any sequence of option indices: no panic, the call ends,
    /// the score is in range, and the same inputs give the same transcript.
    #[test]
    fn any_seed_and_choices_end_well_and_replay_identically(
        seed in any::<u64>(),
        level in 0usize..3,
        picks in proptest::collection::vec((0u8..12, 0u8..3, 20u8..110), 0..40),
    ) {
        let catalogue = catalogue();
        let settings = Settings { seed, difficulty: Difficulty::ALL[level] };
        let run = || {
            let mut session = Session::new(catalogue, settings);
            for &(i, t, c) in &picks {
                let choice = if session.phase() == Phase::Diagnosis {
                    Choice::Diagnose { truth: Truth::ALL[usize::from(t)], confidence: c }
                } else {
                    Choice::Option(i)
                };
                let _ = session.choose(choice);
            }
            // Finish with the first option (and a valid diagnosis) each time.
            let mut steps = 0;
            while !session.is_finished() {
                let choice = if session.phase() == Phase::Diagnosis {
                    Choice::Diagnose { truth: Truth::True, confidence: 75 }
                } else {
                    Choice::Option(0)
                };
                session.choose(choice).expect("first option is valid");
                steps += 1;
                assert!(steps <= MAX_DECISIONS + 1, "call did not end");
            }
            (session.transcript().to_vec(), session.score(), session.outcome())
        };
        let first = run();
        prop_assert!(first.1 <= 100);
        prop_assert!(first.2.is_some());
        prop_assert_eq!(first, run());
    }
}

/// Realism: within one call the prospect never says the same words twice
/// (replies are drawn without repeats while another wording remains); only a
/// voicemail greeting, a recording, is the same each time it plays.
#[test]
fn no_prospect_line_is_repeated_within_a_call() {
    let catalogue = catalogue();
    let mut repeats = Vec::new();
    for difficulty in Difficulty::ALL {
        for policy in [Policy::Principled, Policy::Random, Policy::FixedScript] {
            for seed in 0..400 {
                let s = callback_dojo::core::sim::policy::play(
                    catalogue,
                    policy,
                    Settings { seed, difficulty },
                );
                let said: Vec<&str> = s
                    .transcript()
                    .iter()
                    .filter(|e| e.speaker == Speaker::Prospect)
                    .filter(|e| {
                        !catalogue.sim.replies_to(Reaction::Voicemail).any(|(_, r)| {
                            let first = s.persona().first_name();
                            r.text.replace("{first}", first) == e.text
                        })
                    })
                    .map(|e| e.text.as_str())
                    .collect();
                for (i, line) in said.iter().enumerate() {
                    if said[..i].contains(line) {
                        repeats.push(format!("seed {seed} {}: {line}", difficulty.key()));
                    }
                }
            }
        }
    }
    let mut kinds: Vec<&str> = repeats
        .iter()
        .map(|r| r.split_once(": ").map_or("", |x| x.1))
        .collect();
    kinds.sort();
    kinds.dedup();
    assert!(repeats.is_empty(), "{} repeats: {kinds:#?}", repeats.len());
}

/// The callback is at the time the prospect named, the rep's agreement names
/// that same time, and "why then?" is only offered once a time was named.
#[test]
fn the_callback_keeps_the_time_the_prospect_named() {
    let catalogue = catalogue();
    let mut checked = 0;
    for seed in 0..1500 {
        let s = callback_dojo::core::sim::policy::play(
            catalogue,
            Policy::Principled,
            Settings {
                seed,
                difficulty: Difficulty::Normal,
            },
        );
        for d in s.decisions() {
            if d.offered.iter().any(|o| o.mv == Move::AskWhyThen) {
                assert!(
                    d.state.said.named_time(),
                    "seed {seed}: why then with no time"
                );
            }
        }
        // The last time the prospect named (in the line or a reply).
        let mut named: Option<&str> = None;
        for e in s.transcript() {
            if e.speaker == Speaker::Prospect {
                let first = s.persona().first_name();
                if e.text == s.line().text {
                    named = s.line().time.as_deref().or(named);
                } else if let Some(r) = catalogue
                    .sim
                    .replies
                    .iter()
                    .find(|r| r.text.replace("{first}", first) == e.text)
                {
                    named = r.time.as_deref().or(named);
                }
            }
            if e.speaker == Speaker::Narrator && e.text.contains(" back ") {
                if let Some(time) = named {
                    let back = format!("You call {} back {time}.", s.persona().first_name());
                    assert_eq!(e.text, back, "seed {seed}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} callbacks checked");
}

/// The principled player knows the options only by their words: its reading
/// of every wording in the content is the move that wording stands for.
#[test]
fn the_principled_player_reads_every_option_by_its_words() {
    let sim = &catalogue().sim;
    for r in sim.responses.iter() {
        let text = r
            .text
            .replace("{pitch}", &sim.seller.pitch)
            .replace("{proof}", &sim.seller.proof);
        assert_eq!(
            callback_dojo::core::sim::policy::intent(&text),
            Some(r.mv),
            "{}: {text}",
            r.key
        );
    }
}

/// What is best after each kind of thing a prospect says, for a prospect who
/// fits and one who does not (the first turn after the opener; respond
/// values do not depend on the persona's role or the hidden truth).
#[test]
fn the_best_answer_to_each_situation() {
    use callback_dojo::core::sim::model::{Role, Said};
    use callback_dojo::core::sim::State;
    let sim = &catalogue().sim;
    let best = |said: Said, fit: bool| {
        let mut s = State::start(Truth::True, Role::Owner, fit, Difficulty::Normal, 0, said);
        s.phase = Phase::Respond;
        s.detail = said.urgent();
        s.turn = 1;
        let values: Vec<(Move, f64)> = s.offers().iter().map(|&m| (m, s.value(sim, m))).collect();
        let top = values.iter().map(|v| v.1).fold(f64::MIN, f64::max);
        let firsts: Vec<Move> = values
            .iter()
            .filter(|v| (v.1 - top).abs() < 1e-9)
            .map(|v| v.0)
            .collect();
        firsts
    };
    let fit = [
        (Said::Bare, Move::Acknowledge),
        (Said::UrgentWork, Move::Acknowledge),
        (Said::UrgentLight, Move::AskDetail),
        (Said::UrgentSerious, Move::WishWell),
        (Said::UrgentTimed, Move::AgreeCallback),
        (Said::NearTerm, Move::BookNow),
        (Said::Dated, Move::AgreeCallback),
        (Said::Vague, Move::AskWhyThen),
        (Said::SendInfo, Move::SendAndQualify),
        (Said::Gatekeeper, Move::AskForDecisionMaker),
        (Said::Objection, Move::ExploreObjection),
        (Said::VagueReason, Move::DisqualifyOffer),
        (Said::Warm, Move::AgreeCallback),
    ];
    for (said, mv) in fit {
        assert_eq!(best(said, true), vec![mv], "{} (fit)", said.key());
    }
    // Outside the profile: a kind word first in a pressing moment, then
    // bow out wherever that is on offer.
    for said in Said::ALL {
        if matches!(said, Said::Ends | Said::Bare) {
            continue;
        }
        let firsts = best(said, false);
        let expected = match said {
            Said::UrgentSerious => Move::WishWell,
            s if s.urgent() => Move::Acknowledge,
            _ => Move::BowOut,
        };
        assert_eq!(firsts, vec![expected], "{} (poor fit)", said.key());
    }
}

/// Found by trying the app as a new user: the reading the cues favoured,
/// held more surely than they allowed, was marked as breaking "understand
/// first". It is a calibration slip: no principle broken, and said as such.
#[test]
fn an_overconfident_right_reading_breaks_no_principle() {
    use callback_dojo::core::saved::decode_choices;
    use callback_dojo::core::sim::review::Review;
    let choices = decode_choices("0s0754222").expect("choices");
    let session = Session::replay(
        Catalogue::shipped(),
        Settings {
            seed: 44,
            difficulty: Difficulty::Hard,
        },
        &choices,
    )
    .expect("the call from the report replays");
    let review = Review::of(&session);
    let item = review
        .items
        .iter()
        .find(|i| i.chosen.starts_with("You judged it"))
        .expect("a diagnosis");
    assert!(item.percent < 100, "the reading was surer than the cues");
    assert!(
        item.applied.iter().all(|a| a.weight >= 0.0),
        "no principle broken: {:?}",
        item.applied
    );
    assert!(item.feedback.contains("right way"), "{}", item.feedback);
}
