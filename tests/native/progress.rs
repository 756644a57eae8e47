//! Progress: attempts, the saved format, merging and folding.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::progress::{Attempt, Progress, CONTENT_VERSION};
use callback_dojo::core::saved::{decode_progress, encode_progress, SavedError};
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::review::Review;
use callback_dojo::core::sim::{Choice, Difficulty, Outcome, Session, Settings, Truth};
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
        p.record(Attempt::of(&session, 1_760_000_000 + seed * 3_600));
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
        let attempt = Attempt::of(&original, 1);
        let mut replay = Session::new(
            catalogue,
            Settings {
                seed: attempt.seed,
                difficulty: attempt.level,
            },
        );
        for &c in &attempt.choices {
            replay.choose(c).expect("recorded choices replay");
        }
        assert_eq!(Review::of(&replay), Review::of(&original));
        assert_eq!(attempt.content, CONTENT_VERSION);
    }
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
    )
        .prop_map(
            |(finished_at, seed, level, choices, score, outcome, truth, diagnosis, principles)| {
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
        prop_assert_eq!(decode_progress(&encode_progress(&p)), Ok(p));
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
