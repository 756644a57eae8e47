//! One stored state, one proof: a model of a browser (local storage with a
//! quota, two tabs each with its copy and its session, reloads and bundle
//! switches) and of another device that exchanges files with it, driven by
//! any sequence of every write path, checked after every step against a
//! reference that keeps everything forever.
//!
//! The academy's kept lists (a scoreboard's result codes, the statement
//! queue waiting for the learning record store) are in the model too: each
//! change reads the stored list and writes it back with `merge::with_added`
//! or `merge::without`, as `ui::storage` does, so another tab's additions
//! stay; a send takes out only what it sent.
//!
//! The model's tab runs what `ui::storage` runs, with the core's own
//! functions: a save merges what is stored, then `saved::fit` writes under
//! the quota (folding calls, then drill reviews); a save that does not
//! store keeps the tab's copy in its session, which the tab's next page
//! takes back; another tab's save is merged on its storage event. The
//! reference knows none of that: it is sets of what each place was given.

use std::collections::BTreeSet;

use callback_dojo::core::drill::fsrs::Rating;
use callback_dojo::core::drill::log::{CueRound, Review};
use callback_dojo::core::merge::{with_added, without};
use callback_dojo::core::progress::{Attempt, Progress, CONTENT_VERSION};
use callback_dojo::core::saved::{
    decode_import, decode_list, decode_progress, decode_study, encode_list, encode_progress,
    encode_study, fit, SavedError,
};
use callback_dojo::core::sim::{Choice, Difficulty, Outcome, Truth};
use callback_dojo::core::study::StudyLog;
use proptest::prelude::*;

/// Everything a place was given, kept whole: calls by identity digest,
/// reviews by (card, second, rating), rounds whole, marks.
#[derive(Debug, Clone, Default, PartialEq)]
struct Kept {
    calls: BTreeSet<u64>,
    reviews: BTreeSet<(String, u64, u8)>,
    cues: BTreeSet<CueRound>,
    marks: BTreeSet<String>,
}

impl Kept {
    /// What a progress text holds: all but the marks (kept apart).
    fn progress(&self) -> Kept {
        Kept {
            marks: BTreeSet::new(),
            ..self.clone()
        }
    }

    fn join(&mut self, other: &Kept) {
        self.calls.extend(other.calls.iter().copied());
        self.reviews.extend(other.reviews.iter().cloned());
        self.cues.extend(other.cues.iter().copied());
        self.marks.extend(other.marks.iter().cloned());
    }
}

/// Checks that `p` and `study` hold exactly what `kept` says: every call,
/// review, round and mark, each once.
fn holds(what: &str, p: &Progress, study: &StudyLog, kept: &Kept) -> Result<(), TestCaseError> {
    prop_assert_eq!(p.call_count(), kept.calls.len(), "{}: calls", what);
    let ids: BTreeSet<u64> = p
        .attempts
        .iter()
        .map(Attempt::id)
        .chain(p.folded.iter().map(|f| f.id))
        .collect();
    prop_assert_eq!(&ids, &kept.calls, "{}: which calls", what);
    prop_assert_eq!(
        p.totals().calls as usize,
        kept.calls.len(),
        "{}: totals",
        what
    );
    prop_assert_eq!(
        p.drills.review_count() as usize,
        kept.reviews.len(),
        "{}: reviews counted",
        what
    );
    for (card, at, rating) in &kept.reviews {
        let r = Review {
            card: card.clone(),
            at: *at,
            rating: Rating::from_number(*rating).expect("1-4"),
            ticked: 0,
            checks: 3,
            utc_offset: 0,
        };
        let kept_whole = p
            .drills
            .reviews
            .iter()
            .any(|x| (&x.card, x.at, x.rating) == (card, *at, r.rating));
        let folded = p
            .drills
            .folded
            .iter()
            .any(|(c, f)| c == card && f.holds(&r));
        prop_assert!(
            kept_whole || folded,
            "{}: review {:?} lost",
            what,
            (card, at, rating)
        );
    }
    let cues: BTreeSet<CueRound> = p.drills.cues.iter().copied().collect();
    prop_assert_eq!(&cues, &kept.cues, "{}: cue rounds", what);
    let marks: BTreeSet<String> = study.keys().map(str::to_string).collect();
    prop_assert_eq!(&marks, &kept.marks, "{}: read marks", what);
    Ok(())
}

/// A tab: its copy of progress and marks, its session's unsaved copy, and
/// whether it stopped saving for a newer version's data.
#[derive(Debug, Clone, Default)]
struct Tab {
    copy: Progress,
    study: StudyLog,
    session: Option<String>,
    held: bool,
    kept: Kept,
    session_kept: Kept,
}

/// The browser: stored texts, the room left for progress, two tabs.
#[derive(Debug, Clone)]
struct Browser {
    stored: Option<String>,
    stored_kept: Kept,
    study: Option<String>,
    study_kept: Kept,
    /// Progress text a newer version wrote, and what it holds.
    newer: Option<Kept>,
    quota: usize,
    tabs: [Tab; 2],
    clock: u64,
    /// A scoreboard's codes and the statement queue, as stored.
    board: Option<String>,
    queue: Option<String>,
    /// What each tab took from the queue to send.
    sending: [Vec<String>; 2],
}

fn list(text: &Option<String>) -> Vec<String> {
    text.as_deref()
        .map(|t| decode_list(t).expect("a kept list reads"))
        .unwrap_or_default()
}

const NEWER: &str = r#"{"v":99,"attempts":[]}"#;

impl Browser {
    /// `ui::storage::save_tab`: merge what is stored, fit, or keep in the
    /// session.
    fn save(&mut self, t: usize) {
        let stored = self.stored.clone();
        let tab = &mut self.tabs[t];
        if self.newer.is_some() {
            tab.held = true;
        }
        if tab.held {
            tab.session = Some(encode_progress(&tab.copy));
            tab.session_kept = tab.kept.progress();
            return;
        }
        if let Some(text) = &stored {
            let theirs = decode_progress(text).expect("stored text reads");
            tab.copy = tab.copy.merge(&theirs);
            tab.kept.join(&self.stored_kept);
        }
        let quota = self.quota;
        match fit(&tab.copy, |text| text.len() <= quota) {
            Some(fitted) => {
                tab.copy = fitted.progress;
                self.stored = Some(fitted.text);
                self.stored_kept = tab.kept.progress();
                tab.session = None;
                tab.session_kept = Kept::default();
            }
            None => {
                tab.session = Some(encode_progress(&tab.copy));
                tab.session_kept = tab.kept.progress();
            }
        }
    }

    /// `ui::storage::save_study`: a union with what is stored.
    fn save_study(&mut self, t: usize) {
        let tab = &mut self.tabs[t];
        if let Some(text) = &self.study {
            tab.study = tab.study.merge(&decode_study(text).expect("reads"));
            tab.kept.marks.extend(self.study_kept.marks.iter().cloned());
        }
        self.study = Some(encode_study(&tab.study));
        self.study_kept.marks = tab.kept.marks.clone();
    }

    /// The other tab's storage event: merge, and write back what the
    /// stored copy lacks (`sync_other_tab`).
    fn sync(&mut self, t: usize) {
        if self.newer.is_some() {
            // A newer version's save: this tab stops saving.
            self.tabs[t].held = true;
        } else if let Some(text) = self.stored.clone() {
            let theirs = decode_progress(&text).expect("reads");
            let lacks = self.tabs[t].copy.lacks(&theirs) > 0;
            self.tabs[t].copy = self.tabs[t].copy.merge(&theirs);
            let stored_kept = self.stored_kept.clone();
            self.tabs[t].kept.join(&stored_kept);
            if lacks {
                self.save(t);
            }
        }
        if let Some(text) = self.study.clone() {
            let tab = &mut self.tabs[t];
            tab.study = tab.study.merge(&decode_study(&text).expect("reads"));
            tab.kept.marks.extend(self.study_kept.marks.iter().cloned());
        }
    }

    /// A reload, or a click into another bundle: a new page in the tab,
    /// which loads what is stored and takes back its session's copy.
    fn reload(&mut self, t: usize) {
        let session = self.tabs[t].session.clone();
        let session_kept = self.tabs[t].session_kept.clone();
        let mut tab = Tab {
            session: session.clone(),
            session_kept: session_kept.clone(),
            held: self.newer.is_some(),
            ..Tab::default()
        };
        if let (Some(text), false) = (&self.stored, tab.held) {
            tab.copy = decode_progress(text).expect("reads");
            tab.kept = self.stored_kept.clone();
        }
        if let Some(text) = &self.study {
            tab.study = decode_study(text).expect("reads");
            tab.kept.marks = self.study_kept.marks.clone();
        }
        self.tabs[t] = tab;
        if let Some(text) = session {
            let unsaved = decode_progress(&text).expect("the session copy reads");
            self.tabs[t].copy = self.tabs[t].copy.merge(&unsaved);
            self.tabs[t].kept.join(&session_kept);
            self.save(t);
        }
    }
}

/// One step.
#[derive(Debug, Clone)]
enum Op {
    /// A tab finishes a call (from a pool, so a call can come back by
    /// another route).
    Call(usize, usize),
    /// A tab rates a drill card.
    Rate(usize, usize, u8),
    /// A tab answers a cue round.
    Cue(usize, u64, usize),
    /// A tab opens a principle.
    Read(usize, usize),
    /// The other tab's storage event (at once: 0 ms).
    Sync(usize),
    /// A reload or a bundle switch.
    Reload(usize),
    /// The clock moves (0: the same second; back as well as forward).
    Clock(i64),
    /// Other keys take or free room: the quota for progress.
    Quota(usize),
    /// Export from a tab, import on the other device, and back.
    Export(usize),
    Import(usize),
    /// The other device works: a call and a rating under its own clock.
    Device(usize, usize, u8, i64),
    /// A trainer adds a result code to a scoreboard, or removes one (from
    /// either tab: each change reads and writes the stored list at once).
    BoardAdd(usize),
    BoardRemove(usize),
    /// A class call's statements join the queue; a tab takes the queue to
    /// send, and later takes out what the store accepted.
    Enqueue(usize),
    SendStart(usize),
    SendDone(usize),
    /// A newer version writes the stored progress, then a tab reloads
    /// into that version, which takes everything along.
    Newer,
    Update(usize),
}

fn arb_op() -> impl Strategy<Value = Op> {
    let tab = 0usize..2;
    prop_oneof![
        4 => (tab.clone(), 0usize..12).prop_map(|(t, i)| Op::Call(t, i)),
        4 => (tab.clone(), 0usize..4, 1u8..=4).prop_map(|(t, c, r)| Op::Rate(t, c, r)),
        2 => (tab.clone(), 0u64..3, 0usize..3).prop_map(|(t, s, g)| Op::Cue(t, s, g)),
        1 => (tab.clone(), 0usize..4).prop_map(|(t, k)| Op::Read(t, k)),
        2 => tab.clone().prop_map(Op::Sync),
        2 => tab.clone().prop_map(Op::Reload),
        3 => prop_oneof![Just(0i64), Just(1), 1i64..100_000, -100_000i64..0, Just(3_000_000_000)].prop_map(Op::Clock),
        2 => prop_oneof![Just(0usize), 200usize..1_500, Just(usize::MAX)].prop_map(Op::Quota),
        1 => tab.clone().prop_map(Op::Export),
        1 => tab.clone().prop_map(Op::Import),
        2 => (0usize..12, 0usize..4, 1u8..=4, prop_oneof![Just(0i64), -1_000_000i64..1_000_000, Just(2_300_000_000)])
            .prop_map(|(i, c, r, d)| Op::Device(i, c, r, d)),
        1 => (0usize..5).prop_map(Op::BoardAdd),
        1 => (0usize..5).prop_map(Op::BoardRemove),
        1 => (0usize..8).prop_map(Op::Enqueue),
        1 => tab.clone().prop_map(Op::SendStart),
        1 => tab.clone().prop_map(Op::SendDone),
        1 => Just(Op::Newer),
        1 => tab.prop_map(Op::Update),
    ]
}

const CARDS: [&str; 4] = ["a-card", "b-card", "c-card", "d-card"];
const KEYS: [&str; 4] = ["oomph", "ask-why-then", "name-the-slot", "bow-out"];

fn call(seed: usize, at: u64) -> Attempt {
    Attempt {
        finished_at: at,
        seed: seed as u64,
        level: Difficulty::ALL[seed % 3],
        choices: vec![Choice::Option((seed % 4) as u8), Choice::Option(1)],
        content: CONTENT_VERSION,
        score: (seed * 9 % 101) as u8,
        outcome: Outcome::ALL[seed % 5],
        truth: Truth::ALL[seed % 3],
        diagnosis: Some((Truth::ALL[(seed + 1) % 3], 60)),
        principles: vec![(seed as u16 % 20, seed % 2 == 0)],
        utc_offset: 60,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Whatever happens, every place holds exactly what it was given (no
    /// call, review, round or mark lost, none counted twice), no stored
    /// total goes down, and at the end everything done anywhere reaches
    /// everywhere once the tabs sync and the files are exchanged.
    #[test]
    fn every_kept_kind_survives_every_write_path(
        ops in prop::collection::vec(arb_op(), 1..40),
    ) {
        let mut b = Browser {
            stored: None,
            stored_kept: Kept::default(),
            study: None,
            study_kept: Kept::default(),
            newer: None,
            quota: usize::MAX,
            tabs: [Tab::default(), Tab::default()],
            clock: 1_800_000_000,
            board: None,
            queue: None,
            sending: Default::default(),
        };
        let mut board_ref: BTreeSet<String> = BTreeSet::new();
        let mut queue_ref: BTreeSet<String> = BTreeSet::new();
        let mut device = Progress::default();
        let mut device_kept = Kept::default();
        let mut device_clock = 1_800_000_000u64;
        let mut everything = Kept::default();
        let mut stored_calls = 0;
        for op in ops {
            match op {
                Op::Call(t, i) => {
                    let a = call(i, b.clock);
                    b.tabs[t].kept.calls.insert(a.id());
                    everything.calls.insert(a.id());
                    b.tabs[t].copy.record(a);
                    b.save(t);
                }
                Op::Rate(t, c, r) => {
                    let kept = b.tabs[t].copy.drills.review(Review {
                        card: CARDS[c].to_string(),
                        at: b.clock,
                        rating: Rating::from_number(r).expect("1-4"),
                        ticked: 1,
                        checks: 3,
                        utc_offset: 60,
                    });
                    let key = (kept.card.clone(), kept.at, kept.rating.number());
                    b.tabs[t].kept.reviews.insert(key.clone());
                    everything.reviews.insert(key);
                    b.save(t);
                }
                Op::Cue(t, seed, g) => {
                    let kept = b.tabs[t].copy.drills.cue_round(CueRound {
                        at: b.clock,
                        seed,
                        level: Difficulty::Normal,
                        guess: Truth::ALL[g],
                        confidence: 70,
                        truth: Truth::True,
                        utc_offset: 60,
                    });
                    b.tabs[t].kept.cues.insert(kept);
                    everything.cues.insert(kept);
                    b.save(t);
                }
                Op::Read(t, k) => {
                    b.tabs[t].study.mark_read(KEYS[k]);
                    b.tabs[t].kept.marks.insert(KEYS[k].to_string());
                    everything.marks.insert(KEYS[k].to_string());
                    b.save_study(t);
                }
                Op::Sync(t) => b.sync(t),
                Op::Reload(t) => b.reload(t),
                Op::Clock(d) => b.clock = b.clock.saturating_add_signed(d),
                Op::Quota(q) => b.quota = q,
                Op::Export(t) => {
                    let file = encode_progress(&b.tabs[t].copy);
                    device = device.merge(&decode_import(&file).expect("an export reads"));
                    device_kept.join(&b.tabs[t].kept.progress());
                }
                Op::Import(t) => {
                    let file = encode_progress(&device);
                    let imported = decode_import(&file).expect("an export reads");
                    b.tabs[t].copy = b.tabs[t].copy.merge(&imported);
                    b.tabs[t].kept.join(&device_kept);
                    b.save(t);
                }
                Op::Device(i, c, r, d) => {
                    device_clock = device_clock.saturating_add_signed(d);
                    let a = call(i + 100, device_clock);
                    device_kept.calls.insert(a.id());
                    everything.calls.insert(a.id());
                    device.record(a);
                    let kept = device.drills.review(Review {
                        card: CARDS[c].to_string(),
                        at: device_clock,
                        rating: Rating::from_number(r).expect("1-4"),
                        ticked: 0,
                        checks: 3,
                        utc_offset: -300,
                    });
                    let key = (kept.card.clone(), kept.at, kept.rating.number());
                    device_kept.reviews.insert(key.clone());
                    everything.reviews.insert(key);
                    // The device runs short of room too, sometimes.
                    if i % 3 == 0 {
                        device.fold_oldest(1);
                        device.drills.fold_oldest(1);
                    }
                }
                Op::BoardAdd(c) => {
                    let code = format!("cd1.code-{c}");
                    b.board = Some(encode_list(&with_added(&list(&b.board), std::slice::from_ref(&code))));
                    board_ref.insert(code);
                }
                Op::BoardRemove(c) => {
                    let code = format!("cd1.code-{c}");
                    b.board = Some(encode_list(&without(&list(&b.board), std::slice::from_ref(&code))));
                    board_ref.remove(&code);
                }
                Op::Enqueue(i) => {
                    let statement = format!("{{\"id\":\"s-{i}\"}}");
                    b.queue = Some(encode_list(&with_added(&list(&b.queue), std::slice::from_ref(&statement))));
                    queue_ref.insert(statement);
                }
                Op::SendStart(t) => b.sending[t] = list(&b.queue),
                Op::SendDone(t) => {
                    let sent = std::mem::take(&mut b.sending[t]);
                    b.queue = Some(encode_list(&without(&list(&b.queue), &sent)));
                    for s in &sent {
                        queue_ref.remove(s);
                    }
                }
                Op::Newer => {
                    if b.newer.is_none() {
                        b.newer = Some(b.stored_kept.clone());
                        prop_assert_eq!(
                            decode_progress(NEWER),
                            Err(SavedError::NewerVersion(99))
                        );
                    }
                }
                Op::Update(t) => {
                    // The newer version reads what it wrote (here: what was
                    // stored) and this tab's session; it is this code.
                    if let Some(kept) = b.newer.take() {
                        b.stored_kept = kept;
                        b.reload(t);
                    }
                }
            }
            // Every place holds what it was given.
            for t in 0..2 {
                holds(&format!("tab {t}"), &b.tabs[t].copy, &b.tabs[t].study, &b.tabs[t].kept)?;
                if let Some(text) = &b.tabs[t].session {
                    let s = decode_progress(text).expect("reads");
                    holds(&format!("tab {t}'s session"), &s, &StudyLog::default(), &b.tabs[t].session_kept)?;
                }
            }
            if let Some(text) = &b.stored {
                let p = decode_progress(text).expect("stored text reads");
                holds("stored", &p, &StudyLog::default(), &b.stored_kept)?;
                // No stored total goes down.
                prop_assert!(p.totals().calls >= stored_calls);
                stored_calls = p.totals().calls;
            }
            if let Some(text) = &b.study {
                let s = decode_study(text).expect("reads");
                let k = Kept { marks: b.study_kept.marks.clone(), ..Kept::default() };
                holds("stored marks", &Progress::default(), &s, &k)?;
            }
            holds("device", &device, &StudyLog::default(), &device_kept)?;
            let board: BTreeSet<String> = list(&b.board).into_iter().collect();
            prop_assert_eq!(&board, &board_ref, "the scoreboard");
            prop_assert_eq!(list(&b.board).len(), board_ref.len(), "no code twice");
            let queue: BTreeSet<String> = list(&b.queue).into_iter().collect();
            prop_assert_eq!(&queue, &queue_ref, "the statement queue");
        }
        // Settle: room again, the newer version taken, both tabs reload and
        // sync, the files go both ways: everything done anywhere is kept,
        // once, in storage.
        b.quota = usize::MAX;
        if b.newer.is_some() {
            let kept = b.newer.take().expect("newer");
            b.stored_kept = kept;
        }
        for t in 0..2 {
            b.reload(t);
        }
        b.tabs[0].copy = b.tabs[0].copy.merge(&decode_import(&encode_progress(&device)).expect("reads"));
        b.tabs[0].kept.join(&device_kept);
        b.save(0);
        for t in 0..2 {
            b.save_study(t);
        }
        let stored = decode_progress(b.stored.as_ref().expect("stored")).expect("reads");
        let study = decode_study(b.study.as_ref().expect("marks")).unwrap_or_default();
        let marks_read = !everything.marks.is_empty();
        let mut all = everything.clone();
        if !marks_read {
            all.marks.clear();
        }
        holds("everything, stored", &stored, &study, &all)?;
    }
}
