//! The drill log: every card review and every cue-reading round, kept as a
//! set so that two copies (two tabs, an import) merge without losing or
//! doubling anything, like the calls in `progress.rs`.
//!
//! A card's memory state is never stored beside its reviews: it is replayed
//! from them (FSRS is a pure function of the ratings and their days), so a
//! merged log schedules exactly as if every review had been made in one tab.
//! Only when storage runs short are a card's oldest reviews folded into a
//! snapshot of the state they produced ([`Folded`]).

use super::fsrs::{Memory, Rating};
use crate::core::merge::{heap_sort_by, kept_time, local_day, union_by, LAST_TIME};
use crate::core::sim::model::{Difficulty, Truth};

/// One review of a drill card.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Review {
    /// The card's slug: kept as text so a card a later content version drops
    /// is kept, not lost (it is simply no longer shown).
    pub card: String,
    /// Seconds since the epoch.
    pub at: u64,
    pub rating: Rating,
    /// Rubric checks ticked, one bit per check in content order.
    pub ticked: u8,
    /// How many checks the card had.
    pub checks: u8,
    /// The trainee's time zone, minutes east of UTC, so days are theirs.
    pub utc_offset: i16,
}

impl Review {
    pub fn day(&self) -> u64 {
        local_day(self.at, self.utc_offset)
    }

    /// Which review this is: the card, the second, and the rating (two
    /// tabs rating one card in the same second made two reviews).
    fn identity(&self) -> (&str, u64, Rating) {
        (&self.card, self.at, self.rating)
    }

    /// The review as a fold holds it, with its card: time and rating.
    pub fn key(&self) -> u64 {
        self.at << 2 | u64::from(self.rating.number() - 1)
    }
}

/// One round of the cue-reading drill: a judgement of what a "call me
/// later" meant, with a confidence, beside what it really meant. Its
/// identity is all it records (two tabs could draw one seed in one second;
/// different answers are different rounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CueRound {
    pub at: u64,
    /// The round's seed: with the level it rebuilds persona and line.
    pub seed: u64,
    pub level: Difficulty,
    pub guess: Truth,
    /// 33–100.
    pub confidence: u8,
    pub truth: Truth,
    pub utc_offset: i16,
}

/// A card's oldest reviews folded into the state they left, when storage
/// ran short. The fold keeps the key (time and rating, `Review::key`) of
/// each review it holds, with the card a review's identity, so it hides
/// exactly those reviews in another copy, whatever that copy's clock: a
/// fold "through" a far-future time cannot hide a review it does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    /// The keys of the reviews folded in, sorted, no repeats.
    pub keys: Vec<u64>,
    /// Reviews folded by saved format 4, which kept no times: counted and
    /// scheduled, never matched (so they can hide nothing).
    pub untimed: u32,
    pub memory: Memory,
}

/// A total order on memories: more reviews first, then the later, then
/// the numbers themselves. Of two snapshots of one card, the one with more
/// reviews in it is the fuller; the order makes the choice the same in any
/// tab and any merge order.
fn fuller(m: &Memory) -> (u32, u64, u32, u64, u64, u64) {
    (
        m.reps,
        m.last_day,
        m.lapses,
        m.interval,
        m.stability.to_bits(),
        m.difficulty.to_bits(),
    )
}

impl Folded {
    /// How many reviews the fold holds.
    pub fn reviews(&self) -> u64 {
        self.keys.len() as u64 + u64::from(self.untimed)
    }

    /// Whether this review of the fold's card is folded in.
    pub fn holds(&self, review: &Review) -> bool {
        self.keys.binary_search(&review.key()).is_ok()
    }

    /// Whether a review of the fold's card made at `at` is folded in.
    fn holds_time(&self, at: u64) -> bool {
        let from = self.keys.partition_point(|&k| k < at << 2);
        self.keys.get(from).is_some_and(|&k| k >> 2 == at)
    }

    /// Two folds of one card together: every review either holds (a set
    /// union) with the fuller snapshot. A join (idempotent, commutative,
    /// associative). When two copies folded different reviews of a card
    /// (both ran out of room), every review is still counted and hidden
    /// once; the schedule follows the fuller snapshot.
    pub fn join(&self, other: &Folded) -> Folded {
        Folded {
            keys: union_by(&self.keys, &other.keys, Ord::cmp),
            untimed: self.untimed.max(other.untimed),
            memory: if fuller(&other.memory) > fuller(&self.memory) {
                other.memory
            } else {
                self.memory
            },
        }
    }

    /// Whether `other` holds everything this fold does.
    fn within(&self, other: &Folded) -> bool {
        self.untimed <= other.untimed
            && fuller(&self.memory) <= fuller(&other.memory)
            && self
                .keys
                .iter()
                .all(|k| other.keys.binary_search(k).is_ok())
    }
}

/// Every drill done: reviews sorted by (card, time), cue rounds by (time,
/// seed), folded cards by slug; no repeats in any of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrillLog {
    pub reviews: Vec<Review>,
    pub cues: Vec<CueRound>,
    pub folded: Vec<(String, Folded)>,
}

/// Whether a review is held by its card's fold (so it is in the snapshot).
fn covered(folded: &[(String, Folded)], r: &Review) -> bool {
    folded
        .binary_search_by(|(card, _)| card.as_str().cmp(&r.card))
        .is_ok_and(|i| folded[i].1.holds(r))
}

/// The first second from `at` on that is not `taken`, or, past the last
/// time a record may carry, the nearest free one before `at` (so a record
/// pushed along stays readable).
fn free_second(at: u64, taken: impl Fn(u64) -> bool) -> u64 {
    let mut t = at;
    while taken(t) && t < LAST_TIME {
        t += 1;
    }
    if taken(t) {
        t = at;
        while taken(t) && t > 0 {
            t -= 1;
        }
    }
    t
}

impl DrillLog {
    /// A log from records in any order and possibly repeated (a decoded
    /// file): sorted once.
    pub fn from_parts(
        mut reviews: Vec<Review>,
        mut cues: Vec<CueRound>,
        mut folded: Vec<(String, Folded)>,
    ) -> DrillLog {
        // Sorted whole (identity first): of two records of one event the
        // smaller is kept, as `union_by` does, so merging stays commutative
        // even for a hand-edited file that disagrees with itself.
        heap_sort_by(&mut reviews, |a, b| a < b);
        reviews.dedup_by(|b, a| a.identity() == b.identity());
        heap_sort_by(&mut cues, |a, b| a < b);
        cues.dedup();
        heap_sort_by(&mut folded, |a, b| a.0 < b.0);
        // Two folds of one card are joined, as a merge would.
        let mut joined: Vec<(String, Folded)> = Vec::with_capacity(folded.len());
        for (card, f) in folded {
            match joined.last_mut() {
                Some((c, g)) if *c == card => *g = g.join(&f),
                _ => joined.push((card, f)),
            }
        }
        let folded = joined;
        reviews.retain(|r| !covered(&folded, r));
        DrillLog {
            reviews,
            cues,
            folded,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.reviews.is_empty() && self.cues.is_empty() && self.folded.is_empty()
    }

    /// Adds a review made now, and returns it as kept. Every rating the
    /// trainee makes is kept: a second rating of the same card in the same
    /// second (or at the second of a folded one, under a clock moved back)
    /// is kept at the next free second, so it is neither taken for a copy
    /// nor hidden by the fold.
    pub fn review(&mut self, review: Review) -> Review {
        let mut review = review;
        (review.at, review.utc_offset) = kept_time(review.at, review.utc_offset);
        let fold = self
            .folded
            .binary_search_by(|(card, _)| card.as_str().cmp(&review.card))
            .ok()
            .map(|i| &self.folded[i].1);
        let reviews = &self.reviews;
        review.at = free_second(review.at, |t| {
            fold.is_some_and(|f| f.holds_time(t))
                || reviews
                    .binary_search_by(|r| (r.card.as_str(), r.at).cmp(&(review.card.as_str(), t)))
                    .is_ok()
        });
        let at = self
            .reviews
            .binary_search_by(|r| r.identity().cmp(&review.identity()))
            .unwrap_or_else(|at| at);
        self.reviews.insert(at, review.clone());
        review
    }

    /// Adds a cue-reading round played now, and returns it as kept (two in
    /// one second of the same seed are both kept, a second apart).
    pub fn cue_round(&mut self, round: CueRound) -> CueRound {
        let mut round = round;
        (round.at, round.utc_offset) = kept_time(round.at, round.utc_offset);
        let cues = &self.cues;
        round.at = free_second(round.at, |t| {
            cues.binary_search_by(|c| (c.at, c.seed).cmp(&(t, round.seed)))
                .is_ok()
        });
        let at = self.cues.binary_search(&round).unwrap_or_else(|at| at);
        self.cues.insert(at, round);
        round
    }

    /// Both logs together: reviews, rounds and each card's folded reviews
    /// are unions (idempotent, commutative, associative), and a review a
    /// fold holds is counted once, in the fold.
    pub fn merge(&self, other: &DrillLog) -> DrillLog {
        let mut folded: Vec<(String, Folded)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.folded, &other.folded);
        while i < a.len() || j < b.len() {
            let take_a = j >= b.len() || (i < a.len() && a[i].0 <= b[j].0);
            let take_b = i >= a.len() || (j < b.len() && b[j].0 <= a[i].0);
            folded.push(match (take_a, take_b) {
                (true, true) => {
                    i += 1;
                    j += 1;
                    (a[i - 1].0.clone(), a[i - 1].1.join(&b[j - 1].1))
                }
                (true, false) => {
                    i += 1;
                    a[i - 1].clone()
                }
                _ => {
                    j += 1;
                    b[j - 1].clone()
                }
            });
        }
        let mut reviews = union_by(&self.reviews, &other.reviews, |a, b| {
            a.identity().cmp(&b.identity())
        });
        reviews.retain(|r| !covered(&folded, r));
        DrillLog {
            reviews,
            cues: union_by(&self.cues, &other.cues, |a, b| a.cmp(b)),
            folded,
        }
    }

    /// How many reviews and rounds `self` has that `other` lacks.
    pub fn lacks(&self, other: &DrillLog) -> usize {
        let reviews = self
            .reviews
            .iter()
            .filter(|r| {
                !covered(&other.folded, r)
                    && other
                        .reviews
                        .binary_search_by(|o| o.identity().cmp(&r.identity()))
                        .is_err()
            })
            .count();
        let cues = self
            .cues
            .iter()
            .filter(|c| other.cues.binary_search(c).is_err())
            .count();
        let folded = self
            .folded
            .iter()
            .filter(|(card, f)| !other.folded.iter().any(|(c, o)| c == card && f.within(o)))
            .count();
        reviews + cues + folded
    }

    /// Every card's memory state, by slug, in slug order: the snapshot (if
    /// any) then its later reviews, replayed in time order.
    pub fn memories(&self) -> Vec<(&str, Memory)> {
        let mut out: Vec<(&str, Memory)> = Vec::new();
        let mut f = 0;
        let mut i = 0;
        while i < self.reviews.len() || f < self.folded.len() {
            let card = match (self.reviews.get(i), self.folded.get(f)) {
                (Some(r), Some((c, _))) => r.card.as_str().min(c.as_str()),
                (Some(r), None) => r.card.as_str(),
                (None, Some((c, _))) => c.as_str(),
                (None, None) => break,
            };
            let mut memory = match self.folded.get(f) {
                Some((c, folded)) if c == card => {
                    f += 1;
                    Some(folded.memory)
                }
                _ => None,
            };
            while let Some(r) = self.reviews.get(i).filter(|r| r.card == card) {
                let day = r.day();
                memory = Some(match memory {
                    None => Memory::first(r.rating, day),
                    Some(m) => m.next(r.rating, day),
                });
                i += 1;
            }
            if let Some(m) = memory {
                out.push((card, m));
            }
        }
        out
    }

    /// Reviews per local day, for the days from `from` to `to` inclusive.
    pub fn reviews_per_day(&self, from: u64, to: u64) -> Vec<(u64, u32)> {
        let mut days: Vec<(u64, u32)> = (from..=to).map(|d| (d, 0)).collect();
        for r in &self.reviews {
            let day = r.day();
            if (from..=to).contains(&day) {
                days[(day - from) as usize].1 += 1;
            }
        }
        days
    }

    /// Every review counted, folded ones included.
    pub fn review_count(&self) -> u64 {
        self.reviews.len() as u64 + self.folded.iter().map(|(_, f)| f.reviews()).sum::<u64>()
    }

    /// Folds up to `count` of the oldest reviews into their cards'
    /// snapshots (for when storage is full). Schedules are unchanged.
    pub fn fold_oldest(&mut self, count: usize) {
        if count == 0 || self.reviews.is_empty() {
            return;
        }
        let mut times: Vec<u64> = self.reviews.iter().map(|r| r.at).collect();
        heap_sort_by(&mut times, |a, b| a < b);
        let through = times[count.min(times.len()) - 1];
        let memories: Vec<(String, Memory)> = {
            let old = DrillLog {
                reviews: self
                    .reviews
                    .iter()
                    .filter(|r| r.at <= through)
                    .cloned()
                    .collect(),
                cues: Vec::new(),
                folded: self.folded.clone(),
            };
            old.memories()
                .into_iter()
                .map(|(c, m)| (c.to_string(), m))
                .collect()
        };
        for (card, memory) in memories {
            let mut keys: Vec<u64> = self
                .reviews
                .iter()
                .filter(|r| r.card == card && r.at <= through)
                .map(Review::key)
                .collect();
            heap_sort_by(&mut keys, |a, b| a < b);
            if keys.is_empty() {
                continue;
            }
            match self.folded.binary_search_by(|(c, _)| c.cmp(&card)) {
                Ok(k) => {
                    let f = &mut self.folded[k].1;
                    f.keys = union_by(&f.keys, &keys, Ord::cmp);
                    f.memory = memory;
                }
                Err(k) => self.folded.insert(
                    k,
                    (
                        card,
                        Folded {
                            keys,
                            untimed: 0,
                            memory,
                        },
                    ),
                ),
            }
        }
        self.reviews.retain(|r| !covered(&self.folded, r));
    }
}
