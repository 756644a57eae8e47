//! Progress: finished calls kept as attempts, and what they add up to.
//!
//! An attempt keeps the seed, level and choices (enough to replay the call
//! and rebuild its full review) plus a summary taken when it finished
//! (score, outcome, truth, diagnosis, principles followed or broken), so the
//! dashboard never has to replay history and survives content changes.
//! Older attempts can be folded into `Aggregates` when storage runs short;
//! every figure the dashboard shows is computed from attempts plus
//! aggregates, so folding changes no total.
//!
//! Time is passed in (seconds since the Unix epoch, and the trainee's offset
//! from UTC so that days and streaks follow their own midnight); the core has
//! no clock.

use super::catalogue::Catalogue;
use super::drill::log::DrillLog;
use super::merge::{heap_sort_by, kept_time, local_day, union_by};
use super::sim::review::Review;
use super::sim::{Choice, ChoiceError, Difficulty, Outcome, Session, Settings, Truth};

/// Bump when content changes so that old attempts would replay differently.
/// 2: the case-book scoring (issue 9): situations, new moves and replies.
/// 3: replies follow the rep's move and keep the named time, vague lines
/// carry a time, a first-dial call reads "still a bad time" (diagnosis):
/// the generator's draws, and so what a recorded choice picks, changed.
pub const CONTENT_VERSION: u16 = 4;

/// One finished call. Ordered by its identity fields first (they lead).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Attempt {
    /// Seconds since the Unix epoch when the call ended.
    pub finished_at: u64,
    pub seed: u64,
    pub level: Difficulty,
    pub choices: Vec<Choice>,
    pub content: u16,
    pub score: u8,
    pub outcome: Outcome,
    pub truth: Truth,
    pub diagnosis: Option<(Truth, u8)>,
    /// Principle index and whether it was followed (false: broken).
    pub principles: Vec<(u16, bool)>,
    /// Minutes east of UTC where the call was made: a call at 23:30 in
    /// New York belongs to that evening, not to the next UTC day.
    pub utc_offset: i16,
}

impl Attempt {
    /// The record of a finished session.
    pub fn of(session: &Session<'_>, finished_at: u64, utc_offset: i16) -> Attempt {
        let choices = session.choices();
        let review = Review::of(session);
        let principles = review
            .items
            .iter()
            .flat_map(|item| {
                item.applied
                    .iter()
                    .map(|a| (a.principle.index(), a.weight >= 0.0))
            })
            .collect();
        let settings = session.settings();
        Attempt {
            finished_at,
            seed: settings.seed,
            level: settings.difficulty,
            choices,
            content: CONTENT_VERSION,
            score: session.score(),
            outcome: session.outcome().unwrap_or(Outcome::Maybeland),
            truth: session.truth(),
            diagnosis: session.diagnosis(),
            principles,
            utc_offset,
        }
    }

    /// Two records of the same call made at the same moment are one attempt
    /// (two tabs saving the same list, or an import of an export).
    pub fn identity(&self) -> (u64, u64, Difficulty, &[Choice]) {
        (self.finished_at, self.seed, self.level, &self.choices)
    }

    /// The trainee's local day (days since 1970-01-01 on their calendar).
    pub fn day(&self) -> u64 {
        local_day(self.finished_at, self.utc_offset)
    }

    /// Replays the recorded choices from the seed: the same call, decision
    /// for decision, so its full review can be shown again. An attempt
    /// recorded under other content is refused (`Outdated`): its summary
    /// stands, but the same choices would now make a different call.
    pub fn replay<'c>(&self, catalogue: &'c Catalogue) -> Result<Session<'c>, ChoiceError> {
        if self.content != CONTENT_VERSION {
            return Err(ChoiceError::Outdated);
        }
        let settings = Settings {
            seed: self.seed,
            difficulty: self.level,
        };
        Session::replay(catalogue, settings, &self.choices)
    }
}

/// The largest count a saved total may hold. Far above anything a trainee
/// can reach (a call a second for thirty years), and small enough that sums
/// of totals never overflow.
pub const COUNT_LIMIT: u32 = 1_000_000_000;

/// A small ordered map on a sorted vector. Progress keeps a few dozen keys
/// (days, principles), where this is as fast as a B-tree and several
/// kilobytes smaller in the WebAssembly binary. Large maps are built whole
/// with `from_pairs` (one sort), never key by key at the front.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord + Copy, V: Default> SortedMap<K, V> {
    /// The value at `key`, inserted as the default if missing. Keys that
    /// come in order (the usual case) are appended without a search.
    pub fn entry(&mut self, key: K) -> &mut V {
        let at = match self.0.last() {
            Some((last, _)) if *last < key => {
                self.0.push((key, V::default()));
                self.0.len() - 1
            }
            None => {
                self.0.push((key, V::default()));
                0
            }
            _ => match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(at) => at,
                Err(at) => {
                    self.0.insert(at, (key, V::default()));
                    at
                }
            },
        };
        &mut self.0[at].1
    }

    /// A map of pairs in any order (sorted here once, in O(n log n)); None
    /// if a key appears twice.
    pub fn from_pairs(mut pairs: Vec<(K, V)>) -> Option<Self> {
        heap_sort_by(&mut pairs, |a, b| a.0 < b.0);
        if pairs.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        Some(SortedMap(pairs))
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.0
            .binary_search_by(|(k, _)| k.cmp(key))
            .ok()
            .map(|at| &self.0[at].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn insert(&mut self, key: K, value: V) {
        *self.entry(key) = value;
    }
}

/// Per day: (sum of scores, calls), from calls in any order, in one sort.
fn day_totals(calls: impl Iterator<Item = (u64, u32, u32)>) -> SortedMap<u64, (u32, u32)> {
    let mut all: Vec<(u64, u32, u32)> = calls.collect();
    heap_sort_by(&mut all, |a, b| a.0 < b.0);
    let mut days: Vec<(u64, (u32, u32))> = Vec::new();
    for (day, sum, n) in all {
        match days.last_mut() {
            Some((d, t)) if *d == day => {
                t.0 = t.0.saturating_add(sum);
                t.1 = t.1.saturating_add(n);
            }
            _ => days.push((day, (sum, n))),
        }
    }
    SortedMap(days)
}

/// A call folded into totals when storage ran short: its identity (a
/// digest of seed, level, choices and finish time) and its share of every
/// total, but not the choices, so it can no longer be reopened. Keeping the
/// identity is what lets two copies of progress be merged exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoldedCall {
    pub id: u64,
    /// The trainee's local day when it finished.
    pub day: u64,
    pub score: u8,
    pub outcome: Outcome,
    pub truth: Truth,
    pub diagnosis: Option<(Truth, u8)>,
    pub principles: Vec<(u16, bool)>,
}

impl FoldedCall {
    pub fn of(a: &Attempt) -> FoldedCall {
        FoldedCall {
            id: a.id(),
            day: a.day(),
            score: a.score,
            outcome: a.outcome,
            truth: a.truth,
            diagnosis: a.diagnosis,
            principles: a.principles.clone(),
        }
    }
}

/// Totals: what the dashboard shows. Computed from calls; also the shape of
/// the totals that versions before 3 folded without identities (`legacy`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Aggregates {
    pub calls: u32,
    /// Per day: (sum of scores, calls), for the score chart.
    pub days: SortedMap<u64, (u32, u32)>,
    /// Per principle index: (followed, broken).
    pub principles: SortedMap<u16, (u32, u32)>,
    /// Per truth: (diagnosed right, diagnosed).
    pub accuracy: [(u32, u32); 3],
    /// Per confidence bucket (33–59, 60–69 … 90–100): (right, diagnosed).
    pub calibration: [(u32, u32); 5],
    /// Sum of Brier scores ×1000, and their count.
    pub brier_milli: (u64, u32),
    pub outcomes: [u32; 5],
}

/// Everything a trainee has done: a set of calls, each counted once.
///
/// Invariant: `attempts` are sorted by identity with no repeats; `folded`
/// is sorted by id with no repeats, and no folded id is an attempt's id. So
/// the calls are the union of both, and `merge` (the union of two such sets,
/// keeping the fuller record of a call) is idempotent, commutative and
/// associative, and never loses or doubles a call. `legacy` holds totals
/// folded by versions before 3, which kept no identities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// Kept in order of `finished_at` (then seed, level, choices).
    pub attempts: Vec<Attempt>,
    pub folded: Vec<FoldedCall>,
    pub legacy: Option<Aggregates>,
    /// Drill reviews and cue-reading rounds (a set too: see `drill::log`).
    pub drills: DrillLog,
}

/// Whether `Progress::record` kept a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Added,
    /// The same call (same identity) was already counted.
    AlreadyKept,
}

fn bucket(confidence: u8) -> usize {
    // Below 60 (33–59 since confidence starts at a third; 50–59 in older
    // files) is the first bucket, so saved totals keep their five buckets.
    usize::from(confidence.clamp(50, 100).saturating_sub(50) / 10).min(4)
}

/// What every total needs from one call, kept or folded.
struct Share<'a> {
    outcome: Outcome,
    truth: Truth,
    diagnosis: Option<(Truth, u8)>,
    principles: &'a [(u16, bool)],
}

impl Aggregates {
    /// Adds one call (its day is counted by `day_totals`).
    fn add(&mut self, c: Share<'_>) {
        self.calls = self.calls.saturating_add(1);
        for &(p, followed) in c.principles {
            let entry = self.principles.entry(p);
            if followed {
                entry.0 = entry.0.saturating_add(1);
            } else {
                entry.1 = entry.1.saturating_add(1);
            }
        }
        if let Some((guess, confidence)) = c.diagnosis {
            self.add_diagnosis(guess, confidence, c.truth);
        }
        let o = Outcome::ALL
            .iter()
            .position(|&x| x == c.outcome)
            .unwrap_or(0);
        self.outcomes[o] = self.outcomes[o].saturating_add(1);
    }

    /// Adds one reading of a "call me later" (a call's diagnosis or a
    /// cue-reading round) to the accuracy and calibration figures.
    fn add_diagnosis(&mut self, guess: Truth, confidence: u8, truth: Truth) {
        let right = guess == truth;
        let t = &mut self.accuracy[truth.index()];
        t.0 = t.0.saturating_add(u32::from(right));
        t.1 = t.1.saturating_add(1);
        let b = &mut self.calibration[bucket(confidence)];
        b.0 = b.0.saturating_add(u32::from(right));
        b.1 = b.1.saturating_add(1);
        let brier = super::sim::engine::brier(guess, confidence, truth);
        self.brier_milli.0 = self
            .brier_milli
            .0
            .saturating_add((brier * 1000.0).round() as u64);
        self.brier_milli.1 = self.brier_milli.1.saturating_add(1);
    }

    /// Adds totals of other calls (all but the days, which `day_totals`
    /// counts).
    fn absorb(&mut self, other: &Aggregates) {
        self.calls = self.calls.saturating_add(other.calls);
        for (&p, &(f, b)) in other.principles.iter() {
            let e = self.principles.entry(p);
            e.0 = e.0.saturating_add(f);
            e.1 = e.1.saturating_add(b);
        }
        for i in 0..3 {
            self.accuracy[i].0 = self.accuracy[i].0.saturating_add(other.accuracy[i].0);
            self.accuracy[i].1 = self.accuracy[i].1.saturating_add(other.accuracy[i].1);
        }
        for i in 0..5 {
            self.calibration[i].0 = self.calibration[i].0.saturating_add(other.calibration[i].0);
            self.calibration[i].1 = self.calibration[i].1.saturating_add(other.calibration[i].1);
            self.outcomes[i] = self.outcomes[i].saturating_add(other.outcomes[i]);
        }
        self.brier_milli.0 = self.brier_milli.0.saturating_add(other.brier_milli.0);
        self.brier_milli.1 = self.brier_milli.1.saturating_add(other.brier_milli.1);
    }

    /// Every count but the Brier sum (a sum of scores, not a count), in
    /// one array (for `dominates` and `check`).
    fn counts(&self) -> [u32; 23] {
        let mut out = [0; 23];
        out[0] = self.calls;
        out[1] = self.brier_milli.1;
        for (i, &(a, b)) in self.accuracy.iter().chain(&self.calibration).enumerate() {
            out[2 + 2 * i] = a;
            out[3 + 2 * i] = b;
        }
        out[18..].copy_from_slice(&self.outcomes);
        out
    }

    /// Whether every total here is at least the other's: then the other is
    /// an earlier state of the same folded calls (versions before 3 kept one
    /// such block and only ever added to it).
    pub fn dominates(&self, other: &Aggregates) -> bool {
        let at_least = |mine: Option<&(u32, u32)>, theirs: &(u32, u32)| {
            mine.is_some_and(|m| m.0 >= theirs.0 && m.1 >= theirs.1)
        };
        self.brier_milli.0 >= other.brier_milli.0
            && self
                .counts()
                .iter()
                .zip(other.counts())
                .all(|(a, b)| *a >= b)
            && other
                .days
                .iter()
                .all(|(d, t)| at_least(self.days.get(d), t))
            && other
                .principles
                .iter()
                .all(|(p, t)| at_least(self.principles.get(p), t))
    }

    /// Checks that saved totals agree with each other: what cannot happen
    /// in real use (more right than diagnosed, days that do not add up to
    /// the calls, a count past `COUNT_LIMIT`) is refused, not displayed.
    pub fn check(&self) -> Result<(), &'static str> {
        let limit = u64::from(COUNT_LIMIT);
        if self.counts().iter().any(|&n| u64::from(n) > limit) {
            return Err("a total is out of range");
        }
        let calls = u64::from(self.calls);
        let mut day_calls = 0u64;
        for (_, &(sum, n)) in self.days.iter() {
            if n == 0 || u64::from(sum) > 100 * u64::from(n) || u64::from(n) > limit {
                return Err("a day's total is out of range");
            }
            day_calls += u64::from(n);
        }
        if day_calls != calls {
            return Err("the days do not add up to the calls");
        }
        if self.outcomes.iter().map(|&n| u64::from(n)).sum::<u64>() != calls {
            return Err("the outcomes do not add up to the calls");
        }
        let diagnosed = |pairs: &[(u32, u32)]| -> Option<u64> {
            pairs.iter().try_fold(0u64, |n, &(right, all)| {
                (right <= all).then(|| n + u64::from(all))
            })
        };
        let by_truth = diagnosed(&self.accuracy).ok_or("more right than diagnosed")?;
        let by_bucket = diagnosed(&self.calibration).ok_or("more right than diagnosed")?;
        let (brier_sum, brier_n) = self.brier_milli;
        if by_truth != by_bucket || by_truth != u64::from(brier_n) || by_truth > calls {
            return Err("the diagnosis totals do not agree");
        }
        if brier_sum > 2000 * u64::from(brier_n) {
            return Err("the Brier total is out of range");
        }
        if self
            .principles
            .values()
            .any(|&(f, b)| u64::from(f) > limit || u64::from(b) > limit)
        {
            return Err("a principle total is out of range");
        }
        Ok(())
    }
}

impl Attempt {
    /// A 64-bit digest of the call's identity (FNV-1a over finish time,
    /// seed, level and choices): what a folded call keeps of it.
    pub fn id(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |b: u8| {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        };
        self.finished_at
            .to_le_bytes()
            .into_iter()
            .for_each(&mut eat);
        self.seed.to_le_bytes().into_iter().for_each(&mut eat);
        eat(self.level as u8);
        for c in &self.choices {
            match *c {
                Choice::Option(i) => {
                    eat(0);
                    eat(i);
                }
                Choice::Diagnose { truth, confidence } => {
                    eat(1);
                    eat(truth as u8);
                    eat(confidence);
                }
            }
        }
        h
    }

    fn share(&self) -> Share<'_> {
        Share {
            outcome: self.outcome,
            truth: self.truth,
            diagnosis: self.diagnosis,
            principles: &self.principles,
        }
    }
}

impl FoldedCall {
    fn share(&self) -> Share<'_> {
        Share {
            outcome: self.outcome,
            truth: self.truth,
            diagnosis: self.diagnosis,
            principles: &self.principles,
        }
    }
}

fn merge_legacy(a: &Option<Aggregates>, b: &Option<Aggregates>) -> Option<Aggregates> {
    match (a, b) {
        (None, x) | (x, None) => x.clone(),
        (Some(a), Some(b)) if a.dominates(b) => Some(a.clone()),
        (Some(a), Some(b)) if b.dominates(a) => Some(b.clone()),
        // Neither is an earlier state of the other: two devices folded
        // different calls. Their sum, with the days merged.
        (Some(a), Some(b)) => {
            let mut sum = a.clone();
            sum.absorb(b);
            sum.days = day_totals(
                a.days
                    .iter()
                    .chain(b.days.iter())
                    .map(|(&d, &(s, n))| (d, s, n)),
            );
            Some(sum)
        }
    }
}

/// One point of the score chart: a call, or a day of calls folded into
/// totals (their single scores are gone, their day's mean is kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScorePoint {
    pub day: u64,
    pub calls: u32,
    /// Mean decision score of the point's calls.
    pub mean: u8,
    /// Mean over the last `window` calls up to this point (whole points):
    /// the trend line, steadier than any one call.
    pub trend: u8,
}

/// How often a principle was followed and broken, over all calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mastery {
    pub principle: u16,
    pub followed: u32,
    pub broken: u32,
}

impl Mastery {
    /// Share followed, in whole percent.
    pub fn percent(&self) -> u32 {
        percent(self.followed, self.followed + self.broken)
    }
}

/// `part` of `whole` in whole percent, rounded (0 when `whole` is 0).
pub fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        0
    } else {
        // In u64: a hundred times a large count does not fit in u32.
        let (part, whole) = (u64::from(part), u64::from(whole));
        ((part * 100 + whole / 2) / whole) as u32
    }
}

fn mean(sum: u64, n: u64) -> u8 {
    if n == 0 {
        0
    } else {
        ((sum + n / 2) / n).min(100) as u8
    }
}

impl Aggregates {
    /// Every principle that came up, weakest first: by the share followed
    /// (with one followed and one broken added, so a single slip does not
    /// rank below a long record of mixed results), then most broken.
    pub fn mastery(&self) -> Vec<Mastery> {
        let mut out: Vec<Mastery> = self
            .principles
            .iter()
            .map(|(&principle, &(followed, broken))| Mastery {
                principle,
                followed,
                broken,
            })
            .collect();
        // The order is total (the principle breaks ties), so an unstable
        // sort gives the one answer.
        heap_sort_by(&mut out, |a, b| {
            let share = |m: &Mastery| {
                (
                    u64::from(m.followed) + 1,
                    u64::from(m.followed) + u64::from(m.broken) + 2,
                )
            };
            let (fa, na) = share(a);
            let (fb, nb) = share(b);
            (fa * nb)
                .cmp(&(fb * na))
                .then(b.broken.cmp(&a.broken))
                .then(a.principle.cmp(&b.principle))
                .is_lt()
        });
        out
    }

    /// Mean Brier score of the diagnoses in thousandths (0 perfect, 2000
    /// worst; always saying 50 % on the right truth scores 375).
    pub fn brier_mean_milli(&self) -> Option<u64> {
        let (sum, n) = self.brier_milli;
        (n > 0).then(|| (sum + u64::from(n) / 2) / u64::from(n))
    }

    /// Mean decision score over every call.
    pub fn mean_score(&self) -> u8 {
        let (s, n) = self.days.values().fold((0u64, 0u64), |(s, n), &(ds, dn)| {
            (s + u64::from(ds), n + u64::from(dn))
        });
        mean(s, n)
    }
}

/// The confidence range of each calibration bucket, for labels.
pub const CALIBRATION_BUCKETS: [(u8, u8); 5] = [(33, 59), (60, 69), (70, 79), (80, 89), (90, 100)];

impl Progress {
    /// Every day with its folded calls, from folded calls and legacy totals.
    fn folded_days(&self) -> SortedMap<u64, (u32, u32)> {
        day_totals(
            self.folded
                .iter()
                .map(|f| (f.day, u32::from(f.score), 1))
                .chain(
                    self.legacy
                        .iter()
                        .flat_map(|l| l.days.iter().map(|(&d, &(s, n))| (d, s, n))),
                ),
        )
    }

    /// Decision scores in the order they were made, with the trend over the
    /// last `window` calls: folded days first (one point per day), then each
    /// kept call.
    pub fn score_series(&self, window: u32) -> Vec<ScorePoint> {
        let raw: Vec<(u64, u32, u32)> = self
            .folded_days()
            .iter()
            .map(|(&d, &(sum, n))| (d, sum, n))
            .chain(
                self.attempts
                    .iter()
                    .map(|a| (a.day(), u32::from(a.score), 1)),
            )
            .collect();
        (0..raw.len())
            .map(|i| {
                let (day, sum, calls) = raw[i];
                let (mut s, mut n) = (0u64, 0u64);
                for &(_, ps, pn) in raw[..=i].iter().rev() {
                    if n >= u64::from(window.max(1)) {
                        break;
                    }
                    s += u64::from(ps);
                    n += u64::from(pn);
                }
                ScorePoint {
                    day,
                    calls,
                    mean: mean(u64::from(sum), u64::from(calls)),
                    trend: mean(s, n),
                }
            })
            .collect()
    }

    /// Progress from records in any order and possibly repeated (a decoded
    /// file): sorted once, so building it is O(n log n) whatever the order.
    pub fn from_parts(
        mut attempts: Vec<Attempt>,
        folded: Vec<FoldedCall>,
        legacy: Option<Aggregates>,
    ) -> Progress {
        if !attempts.is_sorted() {
            heap_sort_by(&mut attempts, |a, b| a < b);
        }
        attempts.dedup_by(|b, a| a.identity() == b.identity());
        let mut p = Progress {
            attempts,
            folded: Vec::new(),
            legacy,
            drills: DrillLog::default(),
        };
        p.add_folded(folded);
        p
    }

    /// Adds folded calls, keeping the invariant: sorted by id, no repeats,
    /// none that is also a kept attempt.
    fn add_folded(&mut self, more: Vec<FoldedCall>) {
        if more.is_empty() && self.folded.is_empty() {
            return;
        }
        let mut ids: Vec<u64> = self.attempts.iter().map(Attempt::id).collect();
        heap_sort_by(&mut ids, |a, b| a < b);
        self.folded.extend(more);
        heap_sort_by(&mut self.folded, |a, b| a < b);
        self.folded.dedup_by(|b, a| a.id == b.id);
        self.folded.retain(|f| ids.binary_search(&f.id).is_err());
    }

    /// Every call counted: kept attempts and folded ones (legacy totals,
    /// which have no identities, are not in this count).
    pub fn call_count(&self) -> usize {
        self.attempts.len() + self.folded.len()
    }

    /// Adds a finished call unless the same call is already counted, kept
    /// or folded. Decided by the call's identity alone, never by a clock.
    pub fn record(&mut self, attempt: Attempt) -> Recorded {
        let mut attempt = attempt;
        (attempt.finished_at, attempt.utc_offset) =
            kept_time(attempt.finished_at, attempt.utc_offset);
        let id = attempt.id();
        if self.folded.binary_search_by(|f| f.id.cmp(&id)).is_ok() {
            return Recorded::AlreadyKept;
        }
        // The next call usually sorts last: appending needs no search.
        if self
            .attempts
            .last()
            .is_none_or(|last| last.identity() < attempt.identity())
        {
            self.attempts.push(attempt);
            return Recorded::Added;
        }
        match self
            .attempts
            .binary_search_by(|a| a.identity().cmp(&attempt.identity()))
        {
            Ok(_) => Recorded::AlreadyKept,
            Err(at) => {
                self.attempts.insert(at, attempt);
                Recorded::Added
            }
        }
    }

    /// The union of both sides' calls, each counted once: a call kept
    /// whole on one side and folded on the other stays whole. Idempotent,
    /// commutative and associative (see ARCHITECTURE.md).
    pub fn merge(&self, other: &Progress) -> Progress {
        let mut out = Progress {
            attempts: union_by(&self.attempts, &other.attempts, |a, b| {
                a.identity().cmp(&b.identity())
            }),
            folded: Vec::new(),
            legacy: merge_legacy(&self.legacy, &other.legacy),
            drills: self.drills.merge(&other.drills),
        };
        let folded = union_by(&self.folded, &other.folded, |a, b| a.id.cmp(&b.id));
        out.add_folded(folded);
        out
    }

    /// Whether this progress, once written, reads back: the only totals a
    /// merge can take past what the loader reads are legacy totals of two
    /// devices summed (each may hold up to `COUNT_LIMIT` calls). An import
    /// that would do so is refused, so the writer never writes what its
    /// loader refuses.
    pub fn readable(&self) -> Result<(), &'static str> {
        self.legacy.as_ref().map_or(Ok(()), Aggregates::check)
    }

    /// What `self` counts that `other` does not: the calls another copy
    /// lacks (a tab writes them back after another tab's save).
    pub fn lacks(&self, other: &Progress) -> usize {
        let mut theirs: Vec<u64> = other
            .attempts
            .iter()
            .map(Attempt::id)
            .chain(other.folded.iter().map(|f| f.id))
            .collect();
        heap_sort_by(&mut theirs, |a, b| a < b);
        let missing = self
            .attempts
            .iter()
            .map(Attempt::id)
            .chain(self.folded.iter().map(|f| f.id))
            .filter(|id| theirs.binary_search(id).is_err())
            .count();
        let legacy_missing = match (&self.legacy, &other.legacy) {
            (Some(mine), Some(theirs)) => !theirs.dominates(mine),
            (Some(_), None) => true,
            _ => false,
        };
        missing + usize::from(legacy_missing) + self.drills.lacks(&other.drills)
    }

    /// Folds the oldest `count` attempts into folded calls (for when storage
    /// is full). Every total the dashboard shows is unchanged.
    pub fn fold_oldest(&mut self, count: usize) {
        let count = count.min(self.attempts.len());
        let folded: Vec<FoldedCall> = self
            .attempts
            .drain(..count)
            .map(|a| FoldedCall::of(&a))
            .collect();
        self.add_folded(folded);
    }

    /// All figures, from attempts, folded calls and legacy totals together.
    pub fn totals(&self) -> Aggregates {
        let mut all = Aggregates::default();
        for a in &self.attempts {
            all.add(a.share());
        }
        for f in &self.folded {
            all.add(f.share());
        }
        if let Some(legacy) = &self.legacy {
            all.absorb(legacy);
        }
        // Cue-reading rounds are readings like a call's diagnosis: they
        // count in the same accuracy and calibration figures.
        for r in &self.drills.cues {
            all.add_diagnosis(r.guess, r.confidence, r.truth);
        }
        all.days = day_totals(
            self.attempts
                .iter()
                .map(|a| (a.day(), u32::from(a.score), 1))
                .chain(self.folded_days().iter().map(|(&d, &(s, n))| (d, s, n))),
        );
        all
    }

    /// Consecutive days with at least one call, ending today or yesterday.
    pub fn streak(&self, today: u64) -> u32 {
        let days = day_totals(
            self.attempts
                .iter()
                .map(|a| (a.day(), 0, 1))
                .chain(self.folded_days().iter().map(|(&d, _)| (d, 0, 1))),
        );
        let practised = |d: &u64| days.contains_key(d);
        let mut day = if practised(&today) {
            today
        } else {
            today.saturating_sub(1)
        };
        let mut streak = 0;
        while practised(&day) {
            streak += 1;
            if day == 0 {
                break;
            }
            day -= 1;
        }
        streak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(finished_at: u64, seed: u64, score: u8) -> Attempt {
        Attempt {
            finished_at,
            seed,
            level: Difficulty::Normal,
            choices: vec![
                Choice::Option(0),
                Choice::Diagnose {
                    truth: Truth::True,
                    confidence: 80,
                },
            ],
            content: CONTENT_VERSION,
            score,
            outcome: Outcome::Nurture,
            truth: Truth::True,
            diagnosis: Some((Truth::True, 80)),
            principles: vec![(0, true), (3, false)],
            utc_offset: 0,
        }
    }

    #[test]
    fn folding_keeps_every_total() {
        let mut p = Progress::default();
        for i in 0..10 {
            p.record(attempt(86_400 * i, i, 50 + i as u8));
        }
        let before = p.totals();
        p.fold_oldest(6);
        assert_eq!(p.attempts.len(), 4);
        assert_eq!(p.folded.len(), 6);
        let after = p.totals();
        assert_eq!(
            (
                after.calls,
                &after.days,
                &after.principles,
                after.accuracy,
                after.calibration,
                after.brier_milli,
                after.outcomes
            ),
            (
                before.calls,
                &before.days,
                &before.principles,
                before.accuracy,
                before.calibration,
                before.brier_milli,
                before.outcomes
            )
        );
    }

    #[test]
    fn streak_counts_consecutive_days() {
        let mut p = Progress::default();
        for day in [3, 5, 6, 7] {
            p.record(attempt(86_400 * day + 10, day, 70));
        }
        assert_eq!(p.streak(7), 3);
        assert_eq!(p.streak(8), 3, "yesterday still counts");
        assert_eq!(p.streak(9), 0);
    }
}
