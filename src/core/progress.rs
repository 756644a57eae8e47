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
use super::sim::review::Review;
use super::sim::{Choice, ChoiceError, Difficulty, Outcome, Session, Settings, Truth};

/// Bump when content changes so that old attempts would replay differently.
pub const CONTENT_VERSION: u16 = 1;

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
        let choices = session
            .decisions()
            .iter()
            .map(|d| match (d.diagnosis, d.chosen) {
                (Some((truth, confidence)), _) => Choice::Diagnose { truth, confidence },
                (None, Some(i)) => Choice::Option(i),
                (None, None) => Choice::Option(0),
            })
            .collect();
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
    /// for decision, so its full review can be shown again.
    pub fn replay<'c>(&self, catalogue: &'c Catalogue) -> Result<Session<'c>, ChoiceError> {
        let settings = Settings {
            seed: self.seed,
            difficulty: self.level,
        };
        Session::replay(catalogue, settings, &self.choices)
    }
}

/// Days since 1970-01-01 on the calendar `utc_offset` minutes east of UTC.
pub fn local_day(at: u64, utc_offset: i16) -> u64 {
    at.saturating_add_signed(i64::from(utc_offset) * 60) / 86_400
}

/// A small ordered map on a sorted vector. Progress keeps a few dozen keys
/// (days, principles), where this is as fast as a B-tree and several
/// kilobytes smaller in the WebAssembly binary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord + Copy, V: Default> SortedMap<K, V> {
    /// The value at `key`, inserted as the default if missing.
    pub fn entry(&mut self, key: K) -> &mut V {
        let at = match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key, V::default()));
                at
            }
        };
        &mut self.0[at].1
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

/// Totals folded from attempts that are no longer kept one by one.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Aggregates {
    /// Attempts finished at or before this time are folded in here.
    pub through: u64,
    pub calls: u32,
    /// Per day: (sum of scores, calls), for the score chart.
    pub days: SortedMap<u64, (u32, u32)>,
    /// Per principle index: (followed, broken).
    pub principles: SortedMap<u16, (u32, u32)>,
    /// Per truth: (diagnosed right, diagnosed).
    pub accuracy: [(u32, u32); 3],
    /// Per confidence bucket (50–59 … 90–100): (right, diagnosed).
    pub calibration: [(u32, u32); 5],
    /// Sum of Brier scores ×1000, and their count.
    pub brier_milli: (u64, u32),
    pub outcomes: [u32; 5],
}

/// Everything a trainee has done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Kept in order of `finished_at` (then seed, level, choices).
    pub attempts: Vec<Attempt>,
    pub folded: Aggregates,
}

fn bucket(confidence: u8) -> usize {
    usize::from(confidence.clamp(50, 100).saturating_sub(50) / 10).min(4)
}

impl Aggregates {
    fn add(&mut self, a: &Attempt) {
        self.calls += 1;
        let day = self.days.entry(a.day());
        day.0 += u32::from(a.score);
        day.1 += 1;
        for &(p, followed) in &a.principles {
            let entry = self.principles.entry(p);
            if followed {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        if let Some((guess, confidence)) = a.diagnosis {
            let right = guess == a.truth;
            let t = &mut self.accuracy[a.truth.index()];
            t.0 += u32::from(right);
            t.1 += 1;
            let c = &mut self.calibration[bucket(confidence)];
            c.0 += u32::from(right);
            c.1 += 1;
            let brier = super::sim::engine::brier(guess, confidence, a.truth);
            self.brier_milli.0 += (brier * 1000.0).round() as u64;
            self.brier_milli.1 += 1;
        }
        let o = Outcome::ALL
            .iter()
            .position(|&x| x == a.outcome)
            .unwrap_or(0);
        self.outcomes[o] += 1;
        self.through = self.through.max(a.finished_at);
    }

    fn absorb(&mut self, other: &Aggregates) {
        self.through = self.through.max(other.through);
        self.calls += other.calls;
        for (&d, &(s, n)) in other.days.iter() {
            let e = self.days.entry(d);
            e.0 += s;
            e.1 += n;
        }
        for (&p, &(f, b)) in other.principles.iter() {
            let e = self.principles.entry(p);
            e.0 += f;
            e.1 += b;
        }
        for i in 0..3 {
            self.accuracy[i].0 += other.accuracy[i].0;
            self.accuracy[i].1 += other.accuracy[i].1;
        }
        for i in 0..5 {
            self.calibration[i].0 += other.calibration[i].0;
            self.calibration[i].1 += other.calibration[i].1;
            self.outcomes[i] += other.outcomes[i];
        }
        self.brier_milli.0 += other.brier_milli.0;
        self.brier_milli.1 += other.brier_milli.1;
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
        (part * 100 + whole / 2) / whole
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
        out.sort_by(|a, b| {
            let share = |m: &Mastery| {
                (
                    u64::from(m.followed) + 1,
                    u64::from(m.followed + m.broken) + 2,
                )
            };
            let (fa, na) = share(a);
            let (fb, nb) = share(b);
            (fa * nb)
                .cmp(&(fb * na))
                .then(b.broken.cmp(&a.broken))
                .then(a.principle.cmp(&b.principle))
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
pub const CALIBRATION_BUCKETS: [(u8, u8); 5] = [(50, 59), (60, 69), (70, 79), (80, 89), (90, 100)];

impl Progress {
    /// Decision scores in the order they were made, with the trend over the
    /// last `window` calls: folded days first (one point per day), then each
    /// kept call.
    pub fn score_series(&self, window: u32) -> Vec<ScorePoint> {
        let raw: Vec<(u64, u32, u32)> = self
            .folded
            .days
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

    /// Adds an attempt, keeping the order and ignoring an exact duplicate.
    pub fn record(&mut self, attempt: Attempt) {
        if attempt.finished_at <= self.folded.through && self.folded.calls > 0 {
            // Already counted in the folded totals.
            return;
        }
        // Saved attempts come in order: appending the next one is the usual
        // case, and needs no search.
        if self
            .attempts
            .last()
            .is_none_or(|last| last.identity() < attempt.identity())
        {
            self.attempts.push(attempt);
            return;
        }
        // Attempts are ordered by identity first (the leading fields), so a
        // binary search finds a duplicate in O(log n).
        if let Err(at) = self
            .attempts
            .binary_search_by(|a| a.identity().cmp(&attempt.identity()))
        {
            self.attempts.insert(at, attempt);
        }
    }

    /// Both sides' attempts, each once. Idempotent and order-independent.
    /// Folded totals: the side that folded later wins (its totals include
    /// everything up to its `through`), and attempts up to then are dropped.
    pub fn merge(&self, other: &Progress) -> Progress {
        let (first, second) =
            if (self.folded.through, &self.folded) >= (other.folded.through, &other.folded) {
                (self, other)
            } else {
                (other, self)
            };
        let mut out = Progress {
            attempts: Vec::new(),
            folded: first.folded.clone(),
        };
        for a in first.attempts.iter().chain(second.attempts.iter()) {
            out.record(a.clone());
        }
        out
    }

    /// Folds the oldest `count` attempts into the totals (for when storage is
    /// full). Every total the dashboard shows is unchanged.
    pub fn fold_oldest(&mut self, count: usize) {
        let count = count.min(self.attempts.len());
        let mut folded = Aggregates::default();
        for a in self.attempts.drain(..count) {
            folded.add(&a);
        }
        self.folded.absorb(&folded);
    }

    /// All figures, from attempts and folded totals together.
    pub fn totals(&self) -> Aggregates {
        let mut all = self.folded.clone();
        let mut recent = Aggregates::default();
        for a in &self.attempts {
            recent.add(a);
        }
        all.absorb(&recent);
        all
    }

    /// Consecutive days with at least one call, ending today or yesterday.
    pub fn streak(&self, today: u64) -> u32 {
        // Only the days matter: no need for the full totals. (The same map
        // type as the totals' days, so no new code in the binary: a sort of
        // a day list measured +1.7 kB.)
        let mut days = self.folded.days.clone();
        for a in &self.attempts {
            days.entry(a.day());
        }
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
