//! Progress: attempts, the saved format, merging and folding.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::catalogue::PrincipleId;
use callback_dojo::core::progress::{self, local_day, Attempt, Progress, CONTENT_VERSION};
use callback_dojo::core::saved::{
    decode_import, decode_progress, encode_progress, SavedError, IMPORT_LIMIT, PROGRESS_VERSION,
};
use callback_dojo::core::sim::focus::{at_stake, seed_for};
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::review::Review;
use callback_dojo::core::sim::{Choice, Difficulty, Outcome, Settings, Truth};
use proptest::prelude::*;

fn played(n: u64, policy: Policy) -> Progress {
    let mut p = Progress::default();
    for seed in 0..n {
        let session = play(
            Catalogue::shipped(),
            policy,
            Settings {
                seed,
                difficulty: Difficulty::ALL[(seed % 3) as usize],
            },
        );
        p.record(Attempt::of(&session, 1_760_000_000 + seed * 3_600, 60));
    }
    p
}

#[test]
fn saved_progress_round_trips_and_stays_compact() {
    let p = played(1000, Policy::Random);
    let text = encode_progress(&p);
    assert_eq!(decode_progress(&text), Ok(p.clone()));
    let per_attempt = text.len() / p.attempts.len();
    eprintln!(
        "{} attempts, {} bytes, {per_attempt} bytes per attempt",
        p.attempts.len(),
        text.len()
    );
    assert!(per_attempt <= 100, "{per_attempt} bytes per attempt");
}

/// An attempt keeps enough to rebuild the full review by replaying.
#[test]
fn a_past_call_replays_to_the_same_review() {
    let catalogue = Catalogue::shipped();
    for seed in 0..50 {
        let original = play(
            catalogue,
            Policy::Random,
            Settings {
                seed,
                difficulty: Difficulty::Hard,
            },
        );
        let attempt = Attempt::of(&original, 1, 0);
        let replay = attempt.replay(catalogue).expect("recorded choices replay");
        assert_eq!(Review::of(&replay), Review::of(&original));
        assert_eq!(attempt.content, CONTENT_VERSION);
    }
}

/// A file written by format 1 (no time zone) is read, migrated and written
/// back in the current format without losing a figure.
#[test]
fn format_1_fixture_is_migrated() {
    let text = include_str!("../fixtures/progress-v1.json");
    assert!(text.starts_with(r#"{"v":1,"#));
    let p = decode_progress(text).expect("format 1 is still read");
    assert_eq!(p.attempts.len(), 3);
    assert_eq!(p.folded.calls, 2);
    assert!(
        p.attempts.iter().all(|a| a.utc_offset == 0),
        "UTC days, as counted then"
    );
    assert_eq!(p.attempts[2].seed, 77);
    assert_eq!(p.attempts[2].choices.len(), 9);
    assert_eq!(p.totals().calls, 5);
    // Its attempts still replay to complete calls.
    for a in &p.attempts {
        let session = a.replay(Catalogue::shipped()).expect("replays");
        assert!(session.is_finished());
        assert_eq!(session.score(), a.score);
    }
    let again = encode_progress(&p);
    assert!(again.starts_with(&format!(r#"{{"v":{PROGRESS_VERSION},"#)));
    assert_eq!(decode_progress(&again), Ok(p));
}

#[test]
fn an_import_is_size_limited_and_says_what_is_wrong() {
    let big = " ".repeat(IMPORT_LIMIT as usize + 1);
    assert_eq!(
        decode_import(&big),
        Err(SavedError::TooLarge(IMPORT_LIMIT + 1, IMPORT_LIMIT))
    );
    let good = encode_progress(&played(3, Policy::Principled));
    assert_eq!(decode_import(&good), decode_progress(&good));
    let bad = good.replacen(",\"m\",", ",\"?\",", 1);
    let Err(SavedError::Unreadable(why)) = decode_import(&bad) else {
        panic!("accepted a wrong outcome");
    };
    assert!(why.starts_with("attempt "), "{why}");
    assert!(why.contains("outcome"), "{why}");
}

#[test]
fn days_follow_the_trainees_midnight() {
    // 2025-10-09 23:30 in New York (UTC-4) is 03:30 UTC the next day.
    let at = 1_760_067_000;
    assert_eq!(local_day(at, -240) + 1, local_day(at, 0));
    assert_eq!(local_day(at, 0), at / 86_400);
}

#[test]
fn the_dashboard_figures_add_up() {
    let p = played(60, Policy::Random);
    let t = p.totals();
    let series = p.score_series(3);
    assert_eq!(series.len(), 60);
    assert_eq!(
        series[0].trend, series[0].mean,
        "the first trend is the call itself"
    );
    let scores: Vec<u64> = p.attempts.iter().map(|a| u64::from(a.score)).collect();
    let last3 = (scores[57..].iter().sum::<u64>() as f64 / 3.0).round() as u8;
    assert_eq!(series.last().map(|d| d.trend), Some(last3));
    // Folded days become one point each and keep the trend's inputs.
    let mut folded = p.clone();
    folded.fold_oldest(30);
    let after = folded.score_series(3);
    assert!(after.len() < 60 && after.len() > 30);
    assert_eq!(after.last(), series.last());
    assert_eq!(
        u64::from(t.mean_score()),
        ((scores.iter().sum::<u64>() as f64) / 60.0).round() as u64
    );
    // Weakest first: shares never increase down the list.
    let m = t.mastery();
    assert!(!m.is_empty());
    for w in m.windows(2) {
        let share = |x: &progress::Mastery| {
            f64::from(x.followed + 1) / f64::from(x.followed + x.broken + 2)
        };
        assert!(share(&w[0]) <= share(&w[1]) + 1e-12, "{w:?}");
    }
    // Brier: a diagnosis at 50 % on the right truth scores 0.375.
    let mut one = Progress::default();
    let mut a = p.attempts[0].clone();
    a.diagnosis = Some((a.truth, 50));
    one.record(a);
    assert_eq!(one.totals().brier_mean_milli(), Some(375));
    assert_eq!(Progress::default().totals().brier_mean_milli(), None);
}

/// "Practise this" finds a call that puts the principle at stake, for every
/// principle the calls can score.
#[test]
fn practise_this_finds_a_call_for_every_scored_principle() {
    let catalogue = Catalogue::shipped();
    let scored: Vec<PrincipleId> = catalogue
        .principles()
        .map(|(id, _)| id)
        .filter(|&id| {
            catalogue
                .sim
                .moves
                .iter()
                .any(|m| m.effects.iter().any(|e| e.principle == id))
        })
        .collect();
    assert!(scored.len() >= 15, "{} principles are scored", scored.len());
    let mut missing = Vec::new();
    for &id in &scored {
        match seed_for(catalogue, id, Difficulty::Normal, 1_000, 400) {
            Some(seed) => {
                let session = play(
                    catalogue,
                    Policy::Principled,
                    Settings {
                        seed,
                        difficulty: Difficulty::Normal,
                    },
                );
                assert!(at_stake(&session).contains(&id));
            }
            None => missing.push(catalogue.principle(id).key.to_string()),
        }
    }
    assert!(missing.is_empty(), "no call found for {missing:?}");
}

#[test]
fn damaged_and_newer_progress_are_told_apart() {
    assert_eq!(
        decode_progress(r#"{"v":9}"#),
        Err(SavedError::NewerVersion(9))
    );
    let good = encode_progress(&played(3, Policy::Principled));
    for bad in [
        "",
        "[]",
        r#"{"v":1}"#,
        &good.replace("\"n\"", "\"z\""),
        &good[..good.len() / 2],
        &good.replace("[[", "[[\"x\","),
    ] {
        assert!(
            matches!(decode_progress(bad), Err(SavedError::Unreadable(_))),
            "accepted {bad:.60}"
        );
    }
}

#[test]
fn folding_then_saving_keeps_the_totals() {
    let mut p = played(40, Policy::Principled);
    let before = p.totals();
    p.fold_oldest(25);
    let reloaded = decode_progress(&encode_progress(&p)).expect("valid");
    assert_eq!(reloaded.totals(), before);
    assert_eq!(reloaded.attempts.len(), 15);
}

fn arb_attempt() -> impl Strategy<Value = Attempt> {
    (
        0u64..2_000_000_000,
        0u64..1_000_000_000,
        0usize..3,
        proptest::collection::vec((0u8..9, any::<bool>(), 0usize..3, 50u8..=100), 0..12),
        0u8..=100,
        0usize..5,
        0usize..3,
        proptest::option::of((0usize..3, 50u8..=100)),
        proptest::collection::vec((0u16..24, any::<bool>()), 0..10),
        -840i16..=840,
    )
        .prop_map(
            |(
                finished_at,
                seed,
                level,
                choices,
                score,
                outcome,
                truth,
                diagnosis,
                principles,
                utc_offset,
            )| {
                Attempt {
                    finished_at,
                    seed,
                    level: Difficulty::ALL[level],
                    choices: choices
                        .into_iter()
                        .map(|(i, diag, t, c)| {
                            if diag {
                                Choice::Diagnose {
                                    truth: Truth::ALL[t],
                                    confidence: c,
                                }
                            } else {
                                Choice::Option(i)
                            }
                        })
                        .collect(),
                    content: CONTENT_VERSION,
                    score,
                    outcome: Outcome::ALL[outcome],
                    truth: Truth::ALL[truth],
                    diagnosis: diagnosis.map(|(t, c)| (Truth::ALL[t], c)),
                    principles,
                    utc_offset,
                }
            },
        )
}

fn progress_of(attempts: Vec<Attempt>) -> Progress {
    let mut p = Progress::default();
    for a in attempts {
        p.record(a);
    }
    p
}

proptest! {
    #[test]
    fn any_attempts_survive_save_and_load(attempts in proptest::collection::vec(arb_attempt(), 0..40)) {
        let p = progress_of(attempts);
        let text = encode_progress(&p);
        // The same data laid out differently (as a hand-edited file might
        // be) takes the general reader, and must read the same.
        let spaced = text.replace(',', ", ").replace(':', " : ");
        prop_assert_eq!(decode_progress(&spaced), Ok(p.clone()));
        prop_assert_eq!(decode_progress(&text), Ok(p));
    }

    #[test]
    fn merge_is_idempotent_and_order_independent(
        a in proptest::collection::vec(arb_attempt(), 0..20),
        b in proptest::collection::vec(arb_attempt(), 0..20),
        fold in 0usize..5,
    ) {
        let mut a = progress_of(a);
        a.fold_oldest(fold);
        let b = progress_of(b);
        prop_assert_eq!(a.merge(&a), a.clone());
        prop_assert_eq!(a.merge(&b), b.merge(&a));
        let once = a.merge(&b);
        prop_assert_eq!(once.merge(&b), once.clone());
    }
}
