//! Progress: attempts, the saved format, merging and folding.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::catalogue::PrincipleId;
use callback_dojo::core::merge::local_day;
use callback_dojo::core::progress::{
    self, Aggregates, Attempt, Progress, Recorded, CONTENT_VERSION,
};
use callback_dojo::core::saved::{
    decode_import, decode_progress, encode_progress, SavedError, IMPORT_LIMIT, PROGRESS_VERSION,
};
use callback_dojo::core::sim::focus::{at_stake, seed_for};
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::review::Review;
use callback_dojo::core::sim::ChoiceError;
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
    // Folding makes room: a folded call takes well under half of that.
    let mut folded = p.clone();
    folded.fold_oldest(1000);
    let folded_text = encode_progress(&folded);
    assert_eq!(decode_progress(&folded_text), Ok(folded.clone()));
    let per_folded = folded_text.len() / folded.folded.len();
    eprintln!("{per_folded} bytes per folded call");
    assert!(per_folded <= 40, "{per_folded} bytes per folded call");
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
    let legacy = p.legacy.as_ref().expect("format 1 folded totals kept");
    assert_eq!(legacy.calls, 2);
    assert!(
        p.attempts.iter().all(|a| a.utc_offset == 0),
        "UTC days, as counted then"
    );
    assert_eq!(p.attempts[2].seed, 77);
    assert_eq!(p.attempts[2].choices.len(), 9);
    assert_eq!(p.totals().calls, 5);
    old_content_is_kept_and_rewritten(p);
}

/// A migrated file's attempts were recorded under content version 1: their
/// summaries stand, replaying them is refused rather than showing another
/// call, and the file is written back in the current format unchanged.
fn old_content_is_kept_and_rewritten(p: Progress) {
    for a in &p.attempts {
        assert_eq!(a.content, 1);
        assert_eq!(
            a.replay(Catalogue::shipped()).err(),
            Some(ChoiceError::Outdated)
        );
    }
    let again = encode_progress(&p);
    assert!(again.starts_with(&format!(r#"{{"v":{PROGRESS_VERSION},"#)));
    assert_eq!(decode_progress(&again), Ok(p));
}

/// A real file written by format 2 (the format before folded calls kept
/// their identities): its folded totals become legacy totals, its attempts
/// are all kept, and every figure is the same as format 2 showed.
#[test]
fn format_2_fixture_is_migrated() {
    let text = include_str!("../fixtures/progress-v2.json");
    assert!(text.starts_with(r#"{"v":2,"#));
    let p = decode_progress(text).expect("format 2 is still read");
    assert_eq!(p.attempts.len(), 5);
    assert_eq!(p.attempts[0].utc_offset, -300);
    let legacy = p.legacy.as_ref().expect("folded totals kept");
    assert_eq!(legacy.calls, 3);
    let t = p.totals();
    assert_eq!(t.calls, 8);
    assert_eq!(t.outcomes.iter().sum::<u32>(), 8);
    assert_eq!(t.days.values().map(|d| d.1).sum::<u32>(), 8);
    old_content_is_kept_and_rewritten(p);
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
        // Indices past 126 take the folded format's escape.
        proptest::collection::vec(
            (prop_oneof![8 => 0u16..24, 1 => 120u16..300], any::<bool>()),
            0..10,
        ),
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

/// Issue 10, case 2: folded totals "through" a date in the far future (a
/// crafted file, or a clock that was a year ahead) no longer hide calls.
#[test]
fn folded_totals_from_the_future_drop_nothing() {
    let crafted = r#"{"v":2,"attempts":[],"folded":{"through":4102444800,"calls":1,"days":[[20000,80,1]],"principles":[],"accuracy":[[0,0],[0,0],[0,0]],"calibration":[[0,0],[0,0],[0,0],[0,0],[0,0]],"brier":[0,0],"outcomes":[1,0,0,0,0]}}"#;
    let imported = decode_import(crafted).expect("a valid format-2 file");
    let mine = played(5, Policy::Principled);
    let mut merged = mine.merge(&imported);
    assert_eq!(merged.attempts.len(), 5, "no call of mine dropped");
    assert_eq!(merged.totals().calls, 6);
    let later = played(6, Policy::Random).attempts.pop().expect("one");
    let mut later = later;
    later.finished_at = 1_900_000_000;
    assert_eq!(
        merged.record(later),
        Recorded::Added,
        "new calls still kept"
    );
    assert_eq!(merged.totals().calls, 7);
}

/// Issue 10, case 1: importing a file whose calls were partly folded keeps
/// the importer's own calls, and the count is right.
#[test]
fn importing_a_folded_export_keeps_both_sides() {
    let all = played(13, Policy::Random);
    let (mine, theirs) = all.attempts.split_at(6);
    let mine = progress_of(mine.to_vec());
    let mut exported = progress_of(theirs.to_vec());
    exported.fold_oldest(4);
    let file = encode_progress(&exported);
    let merged = mine.merge(&decode_import(&file).expect("valid"));
    assert_eq!(merged.call_count(), 13);
    assert_eq!(merged.totals(), all.totals());
    // Both sides folded: nothing lost either.
    let mut mine_folded = mine.clone();
    mine_folded.fold_oldest(6);
    assert_eq!(mine_folded.merge(&exported).totals(), all.totals());
}

/// Issue 10, case 3: three calls in the same second, a fold that takes two
/// of them: the third stays.
#[test]
fn a_fold_inside_one_second_loses_nothing() {
    let mut p = Progress::default();
    for (i, mut a) in played(3, Policy::Random).attempts.into_iter().enumerate() {
        a.finished_at = 1_765_000_000;
        a.seed = i as u64;
        p.record(a);
    }
    let before = p.totals();
    p.fold_oldest(2);
    let reloaded = decode_progress(&encode_progress(&p)).expect("valid");
    assert_eq!(reloaded.attempts.len(), 1);
    assert_eq!(reloaded.totals(), before);
}

/// Folded totals are checked like attempts: what cannot happen is refused.
#[test]
fn inconsistent_or_huge_totals_are_refused() {
    let base = r#"{"v":2,"attempts":[],"folded":{"through":0,"calls":CALLS,"days":[[20000,80,DAYN]],"principles":[[1,FOLLOWED,0]],"accuracy":[[RIGHT,1],[0,0],[0,0]],"calibration":[[RIGHT,1],[0,0],[0,0],[0,0],[0,0]],"brier":[100,1],"outcomes":[OUT,0,0,0,0]}}"#;
    let make = |calls: &str, dayn: &str, followed: &str, right: &str, out: &str| {
        base.replace("CALLS", calls)
            .replace("DAYN", dayn)
            .replace("FOLLOWED", followed)
            .replace("RIGHT", right)
            .replace("OUT", out)
    };
    assert!(decode_progress(&make("1", "1", "1", "1", "1")).is_ok());
    for bad in [
        make("1", "1", "1", "10", "1"), // more right than diagnosed
        make("4294967295", "4294967295", "1", "1", "4294967295"), // past the limit
        make("2", "1", "1", "1", "2"),  // days do not add up
        make("1", "1", "1", "1", "3"),  // outcomes do not add up
        make("1", "1", "4294967295", "1", "1"), // a principle total too large
    ] {
        assert!(
            matches!(decode_progress(&bad), Err(SavedError::Unreadable(_))),
            "accepted {bad}"
        );
    }
    // A time zone of i64::MIN is refused, not read as UTC.
    let good = encode_progress(&played(1, Policy::Random));
    let at = good.rfind(",60]").expect("the offset");
    let bad = format!(
        "{}{}{}",
        &good[..at],
        ",-9223372036854775808]",
        &good[at + 4..]
    );
    assert!(matches!(
        decode_progress(&bad),
        Err(SavedError::Unreadable(_))
    ));
}

/// Issue 10, case 6: a large file in descending order reads in O(n log n):
/// counted, not timed (`cargo xtask bench storage` times it).
#[test]
fn newest_first_files_read_whole() {
    let p = played(300, Policy::Random);
    let mut text = encode_progress(&p);
    // The same attempts newest first, through the general reader.
    let start = text.find("[[").expect("attempts") + 1;
    let end = text.find("]],\"folded\"").expect("end") + 1;
    let inner = &text[start + 1..end - 1];
    let mut items: Vec<&str> = inner.split("],[").collect();
    items.reverse();
    let body = items.join("],[");
    text = format!("{}[{body}]{}", &text[..start], &text[end..]);
    assert!(!text.contains(r#""attempts":[[1760000000,"#), "reversed");
    let read = decode_progress(&text).expect("valid");
    assert_eq!(read, p);
}

#[test]
fn legacy_totals_merge_by_dominance() {
    let mut small = Aggregates::default();
    small.calls = 1;
    small.days.insert(20_000, (50, 1));
    small.outcomes[0] = 1;
    let mut big = small.clone();
    big.calls = 2;
    big.days.insert(20_001, (70, 1));
    big.outcomes[1] = 1;
    let side = |l: &Aggregates| Progress {
        legacy: Some(l.clone()),
        ..Progress::default()
    };
    // An earlier state of the same totals adds nothing.
    assert_eq!(side(&small).merge(&side(&big)).totals().calls, 2);
    assert_eq!(
        side(&big).merge(&side(&small)),
        side(&big).merge(&side(&big))
    );
    // Totals from two devices add up.
    let mut other = Aggregates::default();
    other.calls = 1;
    other.days.insert(20_000, (90, 1));
    other.outcomes[2] = 1;
    let both = side(&big).merge(&side(&other));
    assert_eq!(both.totals().calls, 3);
    assert_eq!(both.totals().days.get(&20_000), Some(&(140, 2)));
}

/// One step of the model-based test.
#[derive(Debug, Clone)]
enum Op {
    /// A side finishes a call (from a shared pool, so a call can come back
    /// through another route).
    Record(usize, usize),
    /// Storage ran short: fold this many of the oldest attempts.
    Fold(usize, usize),
    /// Export from one side, import into the other.
    Import(usize, usize),
    /// Two tabs of one browser exchange what they hold.
    TabMerge,
    /// Saved and read back.
    Reload(usize),
}

fn arb_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..2, 0usize..16).prop_map(|(s, i)| Op::Record(s, i)),
        2 => (0usize..2, 0usize..12).prop_map(|(s, n)| Op::Fold(s, n)),
        2 => (0usize..2).prop_map(|s| Op::Import(s, 1 - s)),
        1 => Just(Op::TabMerge),
        1 => (0usize..2).prop_map(Op::Reload),
    ]
}

/// The reference: every call a side has ever counted, kept whole forever.
fn reference_totals(calls: &std::collections::BTreeMap<u64, Attempt>) -> Aggregates {
    let mut p = Progress::default();
    for a in calls.values() {
        p.record(a.clone());
    }
    p.totals()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Any interleaving of record, fold (any size; finish times from any
    /// clock, including the same second and the far future), export and
    /// import, and two-tab merges gives the totals of a reference that
    /// keeps every call forever, and every kept attempt is a real call.
    #[test]
    fn progress_matches_a_reference_that_keeps_everything(
        pool in proptest::collection::vec(arb_attempt(), 16),
        same_second in any::<bool>(),
        ops in proptest::collection::vec(arb_op(), 1..24),
    ) {
        let mut pool = pool;
        if same_second {
            for a in &mut pool {
                a.finished_at = 1_765_000_000;
            }
        }
        let mut sides = [Progress::default(), Progress::default()];
        let mut reference: [std::collections::BTreeMap<u64, Attempt>; 2] = Default::default();
        for op in ops {
            match op {
                Op::Record(s, i) => {
                    let a = pool[i].clone();
                    let new = !reference[s].contains_key(&a.id());
                    let got = sides[s].record(a.clone());
                    prop_assert_eq!(got == Recorded::Added, new, "record said {:?}", got);
                    reference[s].insert(a.id(), a);
                }
                Op::Fold(s, n) => sides[s].fold_oldest(n),
                Op::Import(from, to) => {
                    let file = encode_progress(&sides[from]);
                    let imported = decode_import(&file).expect("an export reads back");
                    sides[to] = sides[to].merge(&imported);
                    let from_calls = reference[from].clone();
                    reference[to].extend(from_calls);
                }
                Op::TabMerge => {
                    let merged = sides[0].merge(&sides[1]);
                    prop_assert_eq!(sides[1].merge(&sides[0]), merged.clone());
                    sides = [merged.clone(), merged];
                    let all: std::collections::BTreeMap<u64, Attempt> = reference[0]
                        .iter()
                        .chain(reference[1].iter())
                        .map(|(k, v)| (*k, v.clone()))
                        .collect();
                    reference = [all.clone(), all];
                }
                Op::Reload(s) => {
                    sides[s] = decode_progress(&encode_progress(&sides[s])).expect("reads back");
                }
            }
            for s in 0..2 {
                prop_assert_eq!(sides[s].call_count(), reference[s].len());
                prop_assert_eq!(sides[s].totals(), reference_totals(&reference[s]));
                for a in &sides[s].attempts {
                    prop_assert_eq!(reference[s].get(&a.id()), Some(a));
                }
                prop_assert_eq!(sides[s].merge(&sides[s]), sides[s].clone());
            }
        }
    }

    #[test]
    fn merge_is_associative_and_never_lowers_a_total(
        a in proptest::collection::vec(arb_attempt(), 0..10),
        b in proptest::collection::vec(arb_attempt(), 0..10),
        c in proptest::collection::vec(arb_attempt(), 0..10),
        folds in (0usize..10, 0usize..10, 0usize..10),
    ) {
        let (mut a, mut b, mut c) = (progress_of(a), progress_of(b), progress_of(c));
        a.fold_oldest(folds.0);
        b.fold_oldest(folds.1);
        c.fold_oldest(folds.2);
        let left = a.merge(&b).merge(&c);
        prop_assert_eq!(left.clone(), a.merge(&b.merge(&c)));
        for side in [&a, &b, &c] {
            prop_assert!(left.totals().calls >= side.totals().calls);
            prop_assert_eq!(side.lacks(&left), 0);
        }
    }
}

/// Legacy totals of two devices, each near the largest count kept, would
/// sum past what the loader reads: `readable` says so (an import that
/// would write it is refused), exactly when the written text would be
/// refused.
#[test]
fn summed_legacy_totals_past_the_limit_are_not_written() {
    let near = |day: u64, outcome: usize| {
        let mut t = Aggregates {
            calls: 600_000_000,
            ..Aggregates::default()
        };
        t.days.insert(day, (0, 600_000_000));
        t.outcomes[outcome] = 600_000_000;
        Progress {
            legacy: Some(t),
            ..Progress::default()
        }
    };
    let (a, b) = (near(20_000, 0), near(20_001, 1));
    for side in [&a, &b] {
        assert_eq!(side.readable(), Ok(()));
        assert_eq!(decode_progress(&encode_progress(side)).as_ref(), Ok(side));
    }
    let both = a.merge(&b);
    assert!(both.readable().is_err());
    assert!(decode_progress(&encode_progress(&both)).is_err());
    let fine = near(20_000, 0).merge(&Progress::default());
    assert_eq!(fine.readable(), Ok(()));
}
