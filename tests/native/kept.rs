//! What is written is read: every saved kind, encoded over the whole range
//! its writer can produce (the scheduler's extremes, any clock, counts at
//! their limits), decodes back exactly; and every rating a trainee makes is
//! kept, whatever the clock or how fast they rate.

use callback_dojo::core::drill::fsrs::{Memory, Rating};
use callback_dojo::core::drill::log::{CueRound, DrillLog, Folded, Review};
use callback_dojo::core::merge::{local_day, LAST_DAY, LAST_TIME, OFFSETS};
use callback_dojo::core::progress::{Attempt, Progress, CONTENT_VERSION};
use callback_dojo::core::saved::{
    decode_import, decode_list, decode_progress, decode_study, encode_list, encode_progress,
    encode_study, PROGRESS_VERSION,
};
use callback_dojo::core::sim::{Choice, Difficulty, Outcome, Truth};
use callback_dojo::core::study::StudyLog;
use proptest::prelude::*;

fn with_drills(drills: DrillLog) -> Progress {
    Progress {
        drills,
        ..Progress::default()
    }
}

fn reads_back(p: &Progress) -> Result<Progress, String> {
    decode_progress(&encode_progress(p)).map_err(|e| e.to_string())
}

fn rating(card: &str, at: u64, rating: Rating) -> Review {
    Review {
        card: card.to_string(),
        at,
        rating,
        ticked: 0,
        checks: 3,
        utc_offset: 0,
    }
}

/// The red team's "everything lost": a weak card (six same-day "Again",
/// more than a second apart, then "Good") folded when storage was full.
/// Its stability (about 0.008 unbounded) was below what the loader read,
/// so the next visit refused all progress.
#[test]
fn a_weak_card_folded_when_storage_is_full_is_read_back() {
    let mut log = DrillLog::default();
    let t = 1_800_000_000;
    for i in 0..6 {
        log.review(rating("ask-why-then", t + 2 * i, Rating::Again));
    }
    log.review(rating("ask-why-then", t + 20, Rating::Good));
    let before = log.memories()[0].1;
    log.fold_oldest(7);
    assert_eq!(log.folded.len(), 1, "folded");
    let back = reads_back(&with_drills(log.clone())).expect("a folded weak card reads back");
    assert_eq!(back.drills, log);
    assert_eq!(back.drills.memories()[0].1, before);
}

/// Thousands of same-day "Again" keep the stability at the scheduler's
/// floor, finite and readable (unbounded it reaches zero, then the
/// forgetting curve divides by zero).
#[test]
fn endless_lapses_stay_in_the_saved_range() {
    let mut m = Memory::first(Rating::Again, 20_000);
    for _ in 0..3_000 {
        m = m.next(Rating::Again, 20_000);
        assert!(Memory::STABILITY.contains(&m.stability), "{}", m.stability);
    }
    let good = m.next(Rating::Good, 20_001);
    assert!(good.stability.is_finite() && good.interval >= 1);
}

/// A real file of format 4 (calls, folded calls, reviews, cue rounds, and
/// three folded cards, one the red team's weak card at stability 0.008,
/// which format 4's own loader refused): read, every figure and schedule
/// kept, written as the current format and read back unchanged.
#[test]
fn format_4_fixture_is_migrated() {
    let text = include_str!("../fixtures/progress-v4.json");
    assert!(text.starts_with(r#"{"v":4,"#));
    let p = decode_progress(text).expect("format 4 is still read");
    assert_eq!((p.attempts.len(), p.folded.len()), (4, 2));
    assert_eq!((p.drills.reviews.len(), p.drills.cues.len()), (2, 4));
    assert_eq!(p.drills.review_count(), 11);
    let weak = &p.drills.folded[0];
    assert_eq!((weak.0.as_str(), weak.1.untimed), ("bare-later-coo", 7));
    assert!((weak.1.memory.stability - 0.008).abs() < 0.001);
    assert!(weak.1.keys.is_empty(), "format 4 kept no times");
    let again = encode_progress(&p);
    assert!(again.starts_with(&format!(r#"{{"v":{PROGRESS_VERSION},"#)));
    assert_eq!(decode_progress(&again), Ok(p.clone()));
    // Later ratings of a migrated card are kept and scheduled on top.
    let mut later = p.clone();
    later
        .drills
        .review(rating("bare-later-coo", 1_797_000_400, Rating::Good));
    assert_eq!(later.drills.review_count(), 12);
    assert_eq!(later.drills.memories()[0].1.reps, 8);
}

/// The red team's "a card's reviews deleted": an imported file whose folded
/// card claims to run "through" 2100 no longer hides this browser's own
/// reviews of that card, nor any later one.
#[test]
fn a_fold_through_the_far_future_hides_no_other_review() {
    let mut mine = Progress::default();
    mine.drills
        .review(rating("a-card", 1_800_000_000, Rating::Good));
    let mut theirs = DrillLog::default();
    theirs.review(rating("a-card", 4_102_444_800, Rating::Easy));
    theirs.fold_oldest(1);
    let crafted = encode_progress(&with_drills(theirs));
    let imported = decode_import(&crafted).expect("a valid file");
    let mut both = mine.merge(&imported);
    assert_eq!(both.drills.review_count(), 2, "mine kept beside theirs");
    assert_eq!(both.drills.reviews, mine.drills.reviews);
    both.drills
        .review(rating("a-card", 1_800_090_000, Rating::Hard));
    assert_eq!(both.drills.review_count(), 3, "a later rating kept");
    assert_eq!(both.drills.lacks(&both.drills.merge(&mine.drills)), 0);
    // Format 4 files (fold times not kept) cannot hide a review either.
    let v4 = r#"{"v":4,"attempts":[],"folded":[],"legacy":null,"drills":{"reviews":[],"cues":[],"folded":[["a-card",4102444800,1,4614221995377560230,4617669701110609618,47482,3,1,0]]}}"#;
    let old = decode_import(v4).expect("format 4");
    assert_eq!(mine.merge(&old).drills.review_count(), 2);
}

/// A file written before the floor (stability under 0.001) is read, the
/// value raised to the floor: the trainee's kept copy can be imported.
#[test]
fn a_file_from_before_the_floor_is_read() {
    let tiny = 0.000_01f64.to_bits();
    let text = format!(
        r#"{{"v":4,"attempts":[],"folded":[],"legacy":null,"drills":{{"reviews":[],"cues":[],"folded":[["a-card",1800000000,12,{tiny},{},20000,1,12,11]]}}}}"#,
        9.5f64.to_bits()
    );
    let p = decode_progress(&text).expect("read");
    assert_eq!(
        p.drills.folded[0].1.memory.stability,
        *Memory::STABILITY.start()
    );
}

/// Two ratings of one card within a second (a double tap, or the card
/// shown again at once) are two reviews; so are two tabs' ratings of one
/// card in the same second, when their copies merge.
#[test]
fn two_ratings_in_one_second_are_both_kept() {
    let mut log = DrillLog::default();
    let a = log.review(rating("a-card", 1_800_000_000, Rating::Again));
    let b = log.review(rating("a-card", 1_800_000_000, Rating::Good));
    assert_eq!((a.at, b.at), (1_800_000_000, 1_800_000_001));
    assert_eq!(log.review_count(), 2);
    let round = CueRound {
        at: 1_800_000_000,
        seed: 7,
        level: Difficulty::Easy,
        guess: Truth::True,
        confidence: 70,
        truth: Truth::True,
        utc_offset: 0,
    };
    log.cue_round(round);
    log.cue_round(round);
    assert_eq!(log.cues.len(), 2);
    assert_eq!(
        reads_back(&with_drills(log.clone())).expect("read").drills,
        log
    );
}

/// After a fold, a rating made under a clock moved back (earlier than the
/// folded ratings) is kept after them, not hidden by the fold.
#[test]
fn a_rating_under_a_clock_moved_back_after_a_fold_is_kept() {
    let mut log = DrillLog::default();
    log.review(rating("a-card", 1_800_000_000, Rating::Good));
    log.fold_oldest(1);
    let kept = log.review(rating("a-card", 1_700_000_000, Rating::Hard));
    assert_eq!(log.review_count(), 2);
    assert_eq!(log.memories()[0].1.reps, 2);
    assert!(log.reviews.contains(&kept));
}

fn arb_stability() -> impl Strategy<Value = f64> {
    let (lo, hi) = (*Memory::STABILITY.start(), *Memory::STABILITY.end());
    prop_oneof![
        Just(lo),
        Just(hi),
        lo..0.01,
        lo..hi,
        // Spread over every order of magnitude.
        (-3.0f64..9.0).prop_map(|e| 10f64.powf(e)),
    ]
    .prop_map(move |x| x.clamp(lo, hi))
}

fn arb_memory() -> impl Strategy<Value = Memory> {
    let (dlo, dhi) = (*Memory::DIFFICULTY.start(), *Memory::DIFFICULTY.end());
    let (ilo, ihi) = (*Memory::INTERVALS.start(), *Memory::INTERVALS.end());
    (
        arb_stability(),
        prop_oneof![Just(dlo), Just(dhi), dlo..=dhi],
        prop_oneof![Just(0), Just(LAST_DAY), 0..=LAST_DAY],
        prop_oneof![Just(ilo), Just(ihi), ilo..=ihi],
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(
            |(stability, difficulty, last_day, interval, reps, lapses)| Memory {
                stability,
                difficulty,
                last_day,
                interval,
                reps,
                lapses,
            },
        )
}

fn arb_time() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0),
        Just(LAST_TIME),
        Just(u64::MAX),
        any::<u64>(),
        1_700_000_000u64..1_900_000_000
    ]
}

fn arb_offset() -> impl Strategy<Value = i16> {
    prop_oneof![
        Just(*OFFSETS.start()),
        Just(*OFFSETS.end()),
        any::<i16>(),
        -840i16..=840
    ]
}

fn arb_rating() -> impl Strategy<Value = Rating> {
    (1u8..=4).prop_map(|n| Rating::from_number(n).expect("1-4"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Any folded card the writer can hold reads back bit for bit.
    #[test]
    fn every_folded_card_in_range_reads_back(
        memory in arb_memory(),
        keys in prop::collection::btree_set(
            (prop_oneof![Just(0), Just(LAST_TIME), 0..=LAST_TIME], 0u64..4).prop_map(|(at, r)| at << 2 | r),
            0..20,
        ),
        untimed in any::<u32>(),
    ) {
        let log = DrillLog::from_parts(
            Vec::new(),
            Vec::new(),
            vec![("a-card".to_string(), Folded { keys: keys.into_iter().collect(), untimed, memory })],
        );
        let p = with_drills(log);
        prop_assert_eq!(reads_back(&p), Ok(p));
    }

    /// Every memory the scheduler reaches, from histories heavy in lapses,
    /// same-day reviews and century-long gaps, folds and reads back.
    #[test]
    fn every_reachable_memory_folds_and_reads_back(
        history in prop::collection::vec(
            (prop_oneof![6 => Just(0u64), 3 => 1u64..30, 1 => 30u64..40_000], prop_oneof![3 => Just(Rating::Again), 1 => arb_rating()]),
            1..120,
        ),
    ) {
        let mut log = DrillLog::default();
        let mut at = 1_000_000_000u64;
        for (gap, r) in history {
            at += gap * 86_400 + 1;
            log.review(rating("a-card", at, r));
        }
        let schedule = log.memories()[0].1;
        prop_assert!(Memory::STABILITY.contains(&schedule.stability));
        let mut folded = log.clone();
        folded.fold_oldest(folded.reviews.len());
        let back = reads_back(&with_drills(folded.clone()));
        prop_assert_eq!(back.as_ref().map(|p| &p.drills), Ok(&folded));
        prop_assert_eq!(folded.memories()[0].1, schedule);
    }

    /// Records made under any clock and time zone are kept within the
    /// loader's range, and read back exactly.
    #[test]
    fn records_under_any_clock_read_back(
        reviews in prop::collection::vec((arb_time(), arb_offset(), arb_rating()), 0..12),
        cues in prop::collection::vec((arb_time(), arb_offset(), any::<u64>()), 0..6),
        confidence in 33u8..=100,
    ) {
        let mut p = Progress::default();
        for (at, utc_offset, r) in reviews {
            let kept = p.drills.review(Review { utc_offset, ..rating("a-card", at, r) });
            prop_assert!(kept.at <= LAST_TIME && local_day(kept.at, kept.utc_offset) <= LAST_DAY);
        }
        for (at, utc_offset, seed) in cues {
            p.drills.cue_round(CueRound {
                at,
                seed: seed >> 1,
                level: Difficulty::Hard,
                guess: Truth::BrushOff,
                confidence,
                truth: Truth::Sincere,
                utc_offset,
            });
        }
        prop_assert_eq!(reads_back(&p), Ok(p.clone()));
        let mut folded = p.clone();
        folded.drills.fold_oldest(folded.drills.reviews.len());
        prop_assert_eq!(reads_back(&folded), Ok(folded));
    }

    /// Calls finished under any clock and time zone, kept whole or folded
    /// (their day is written in three bytes), read back exactly.
    #[test]
    fn calls_under_any_clock_read_back(
        calls in prop::collection::vec((arb_time(), arb_offset(), 0u64..1_000, 0u8..=100), 0..10),
        fold in 0usize..10,
    ) {
        let mut p = Progress::default();
        for (at, utc_offset, seed, score) in calls {
            p.record(Attempt {
                finished_at: at,
                seed,
                level: Difficulty::Easy,
                choices: vec![Choice::Option(1)],
                content: CONTENT_VERSION,
                score,
                outcome: Outcome::ALL[(seed % 5) as usize],
                truth: Truth::ALL[(seed % 3) as usize],
                diagnosis: None,
                principles: vec![(3, true)],
                utc_offset,
            });
        }
        prop_assert_eq!(reads_back(&p), Ok(p.clone()));
        p.fold_oldest(fold);
        prop_assert_eq!(reads_back(&p), Ok(p.clone()));
    }

    /// The academy's kept lists read back, whatever their items (short
    /// texts without line breaks).
    #[test]
    fn kept_lists_read_back(items in prop::collection::vec("[^\r\n]{0,40}", 0..8)) {
        prop_assert_eq!(decode_list(&encode_list(&items)), Some(items));
    }

    /// Read marks: any keys read back, and two copies merge as a union.
    #[test]
    fn read_marks_read_back_and_merge(
        a in prop::collection::vec(".{0,12}", 0..8),
        b in prop::collection::vec(".{0,12}", 0..8),
    ) {
        let (a, b) = (StudyLog::from_keys(a), StudyLog::from_keys(b));
        prop_assert_eq!(decode_study(&encode_study(&a)), Ok(a.clone()));
        let both = a.merge(&b);
        for k in a.keys().chain(b.keys()) {
            prop_assert!(both.has_read(k));
        }
        prop_assert_eq!(both.clone(), b.merge(&a));
    }
}
