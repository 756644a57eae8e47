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

    fn identity(&self) -> (&str, u64) {
        (&self.card, self.at)
    }
}

/// One round of the cue-reading drill: a judgement of what a "call me
/// later" meant, with a confidence, beside what it really meant.
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

impl CueRound {
    fn identity(&self) -> (u64, u64) {
        (self.at, self.seed)
    }
}

/// A card's oldest reviews folded into the state they left, when storage
/// ran short. `through` is the time of the last review folded in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Folded {
    pub through: u64,
    pub reviews: u32,
    pub memory: Memory,
}

/// Every drill done: reviews sorted by (card, time), cue rounds by (time,
/// seed), folded cards by slug; no repeats in any of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrillLog {
    pub reviews: Vec<Review>,
    pub cues: Vec<CueRound>,
    pub folded: Vec<(String, Folded)>,
}

/// Whether a review was made before the fold of its card (so it is in the
/// snapshot, or was made in another tab before the fold and is given up).
fn covered(folded: &[(String, Folded)], r: &Review) -> bool {
    folded
        .binary_search_by(|(card, _)| card.as_str().cmp(&r.card))
        .is_ok_and(|i| r.at <= folded[i].1.through)
}

/// The first second from `at` on that is not `taken`, or, when every one
/// up to the last time a record may carry is, the nearest free one before
/// `at` (so a record pushed along stays readable).
fn free_second(at: u64, taken: impl Fn(u64) -> bool) -> u64 {
    (at..=LAST_TIME)
        .chain((0..at).rev())
        .find(|&t| !taken(t))
        .unwrap_or(at)
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
        cues.dedup_by(|b, a| a.identity() == b.identity());
        heap_sort_by(&mut folded, |a, b| {
            (&a.0, a.1.through, a.1.reviews) > (&b.0, b.1.through, b.1.reviews)
        });
        // Newest snapshot of each card first, so dedup keeps it.
        heap_sort_by(&mut folded, |a, b| a.0 < b.0);
        folded.dedup_by(|b, a| a.0 == b.0);
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
    /// second, or one made while the clock reads earlier than the card's
    /// folded reviews (a clock moved back), is kept at the next free second
    /// after them, so it is neither taken for a copy nor hidden by the fold.
    pub fn review(&mut self, review: Review) -> Review {
        let mut review = review;
        (review.at, review.utc_offset) = kept_time(review.at, review.utc_offset);
        if let Ok(i) = self
            .folded
            .binary_search_by(|(card, _)| card.as_str().cmp(&review.card))
        {
            review.at = review
                .at
                .max(self.folded[i].1.through.saturating_add(1).min(LAST_TIME));
        }
        let reviews = &self.reviews;
        review.at = free_second(review.at, |t| {
            reviews
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
            cues.binary_search_by(|c| c.identity().cmp(&(t, round.seed)))
                .is_ok()
        });
        let at = self
            .cues
            .binary_search_by(|c| c.identity().cmp(&round.identity()))
            .unwrap_or_else(|at| at);
        self.cues.insert(at, round);
        round
    }

    /// Both logs together. Reviews and rounds are a union (idempotent,
    /// commutative, associative). A card folded on both sides keeps the
    /// later snapshot; reviews it covers are dropped, which only loses a
    /// review when two tabs that both ran out of room reviewed the same
    /// card before the later fold.
    pub fn merge(&self, other: &DrillLog) -> DrillLog {
        let mut folded: Vec<(String, Folded)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.folded, &other.folded);
        while i < a.len() || j < b.len() {
            let take_a = j >= b.len() || (i < a.len() && a[i].0 <= b[j].0);
            let take_b = i >= a.len() || (j < b.len() && b[j].0 <= a[i].0);
            let pick = match (take_a, take_b) {
                (true, true) => {
                    let later =
                        if (b[j].1.through, b[j].1.reviews) > (a[i].1.through, a[i].1.reviews) {
                            &b[j]
                        } else {
                            &a[i]
                        };
                    i += 1;
                    j += 1;
                    later
                }
                (true, false) => {
                    i += 1;
                    &a[i - 1]
                }
                _ => {
                    j += 1;
                    &b[j - 1]
                }
            };
            folded.push(pick.clone());
        }
        let mut reviews = union_by(&self.reviews, &other.reviews, |a, b| {
            a.identity().cmp(&b.identity())
        });
        reviews.retain(|r| !covered(&folded, r));
        DrillLog {
            reviews,
            cues: union_by(&self.cues, &other.cues, |a, b| {
                a.identity().cmp(&b.identity())
            }),
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
            .filter(|c| {
                other
                    .cues
                    .binary_search_by(|o| o.identity().cmp(&c.identity()))
                    .is_err()
            })
            .count();
        let folded = self
            .folded
            .iter()
            .filter(|(card, f)| {
                !other
                    .folded
                    .iter()
                    .any(|(c, o)| c == card && (o.through, o.reviews) >= (f.through, f.reviews))
            })
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
        self.reviews.len() as u64
            + self
                .folded
                .iter()
                .map(|(_, f)| u64::from(f.reviews))
                .sum::<u64>()
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
            let n = self
                .reviews
                .iter()
                .filter(|r| r.card == card && r.at <= through)
                .count() as u32;
            if n == 0 {
                continue;
            }
            let last = self
                .reviews
                .iter()
                .filter(|r| r.card == card && r.at <= through)
                .map(|r| r.at)
                .max()
                .unwrap_or(through);
            match self.folded.binary_search_by(|(c, _)| c.cmp(&card)) {
                Ok(k) => {
                    let f = &mut self.folded[k].1;
                    f.reviews = f.reviews.saturating_add(n);
                    f.through = last;
                    f.memory = memory;
                }
                Err(k) => self.folded.insert(
                    k,
                    (
                        card,
                        Folded {
                            through: last,
                            reviews: n,
                            memory,
                        },
                    ),
                ),
            }
        }
        self.reviews.retain(|r| !covered(&self.folded, r));
    }
}
