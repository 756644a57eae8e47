//! FSRS-5 spaced repetition, in whole days: when a drill card comes back.
//!
//! This is the published FSRS-5 model with its default weights, as the
//! `rs-fsrs` crate runs it without same-day steps and without fuzz (its
//! "long-term" scheduler). The crate itself is not used in the app: it
//! measures time with `chrono` and seeds its fuzz from `Utc::now()`, which
//! panics in `wasm32-unknown-unknown` and has no place in a core without a
//! clock, and it brought more code than these few formulas. It stays as a
//! dev-dependency: `tests/native/drills.rs` runs it on generated review
//! histories and checks every state and interval here against it.
//!
//! Days are the trainee's local days (whole numbers), so a card rated today
//! is due on a later day, never later the same day.

/// FSRS-5 default weights (the same as the library's).
pub const WEIGHTS: [f64; 19] = [
    0.4072, 1.1829, 3.1262, 15.4722, 7.2102, 0.5316, 1.0651, 0.0234, 1.616, 0.1544, 1.0824, 1.9813,
    0.0953, 0.2975, 2.2042, 0.2407, 2.9466, 0.5034, 0.6567,
];

const DECAY: f64 = -0.5;
/// 0.9^(1/DECAY) - 1: with it, the interval for 90 % recall is the stability.
const FACTOR: f64 = 19.0 / 81.0;
/// The recall probability a card is scheduled for.
const RETENTION: f64 = 0.9;
const MAX_INTERVAL: f64 = 36_500.0;

/// How well the trainee did, as they rate it after the reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn from_number(n: u8) -> Option<Rating> {
        Rating::ALL.get(usize::from(n).wrapping_sub(1)).copied()
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }

    fn grade(self) -> f64 {
        f64::from(self as u8)
    }
}

/// What the schedule knows about one card after its reviews.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// Days until recall probability falls to 90 %.
    pub stability: f64,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// The local day of the last review.
    pub last_day: u64,
    /// Days from the last review to the next.
    pub interval: u64,
    pub reps: u32,
    /// Reviews rated Again after the first.
    pub lapses: u32,
}

fn init_difficulty(r: Rating) -> f64 {
    (WEIGHTS[4] - (WEIGHTS[5] * (r.grade() - 1.0)).exp() + 1.0)
        .clamp(*Memory::DIFFICULTY.start(), *Memory::DIFFICULTY.end())
}

fn init_stability(r: Rating) -> f64 {
    WEIGHTS[r as usize - 1].max(0.1)
}

/// Probability of recall `elapsed` days after a review:
/// `(1 + FACTOR·t/S)^DECAY`, with DECAY = -0.5 taken as one over a square
/// root (a WebAssembly instruction, where `powf` is a library call: the
/// queue of 5,000 cards' histories replays tens of thousands of reviews).
pub fn forgetting_curve(elapsed: f64, stability: f64) -> f64 {
    const _: () = assert!(DECAY == -0.5);
    1.0 / (1.0 + FACTOR * elapsed / stability).sqrt()
}

/// The difficulty of a first "Easy", `init_difficulty(Rating::Easy)`
/// (w4 − e^(3·w5) + 1), which every later review reverts towards: a
/// constant, so not an `exp` per review (a unit test checks the value).
const EASY_DIFFICULTY: f64 = 3.28285649513529;

fn next_difficulty(d: f64, r: Rating) -> f64 {
    let next = WEIGHTS[6] * -(r.grade() - 3.0) + d;
    // Mean reversion towards the difficulty of a first "Easy".
    (WEIGHTS[7] * EASY_DIFFICULTY + (1.0 - WEIGHTS[7]) * next)
        .clamp(*Memory::DIFFICULTY.start(), *Memory::DIFFICULTY.end())
}

/// e^w8, a constant factor of every recall (a unit test checks it).
const EXP_W8: f64 = 5.0329183261743715;

/// The growth of stability after a successful recall, before the
/// rating's modifier (Hard × w15, Good × 1, Easy × w16): the same for the
/// three ratings, so computed once.
fn recall_growth(d: f64, s: f64, r: f64) -> f64 {
    EXP_W8 * (11.0 - d) * s.powf(-WEIGHTS[9]) * ((1.0 - r) * WEIGHTS[10]).exp_m1()
}

fn forget_stability(d: f64, s: f64, r: f64) -> f64 {
    WEIGHTS[11]
        * d.powf(-WEIGHTS[12])
        * ((s + 1.0).powf(WEIGHTS[13]) - 1.0)
        * ((1.0 - r) * WEIGHTS[14]).exp()
}

fn interval(stability: f64) -> f64 {
    (stability / FACTOR * (RETENTION.powf(1.0 / DECAY) - 1.0))
        .round()
        .clamp(1.0, MAX_INTERVAL)
}

/// From this stability on, a lapse's stability is more than a day below a
/// recall's, whatever the difficulty and recall: the forget stability is at
/// most w11 · ((s + 1)^w13 − 1) · e^w14 (difficulty ≥ 1, recall ≥ 0), which
/// at s = 45 is about 38 days, while a recall keeps at least s. A unit test
/// checks the bound over the whole range.
const FORGET_BOUND_FROM: f64 = 45.0;

/// The four ratings' intervals, kept in order (Again ≤ Hard < Good < Easy)
/// as FSRS does, so a better rating never brings a card back sooner.
fn intervals(stabilities: [f64; 4]) -> [u64; 4] {
    let [a, h, g, e] = stabilities.map(interval);
    let again = a.min(h);
    let hard = h.max(again + 1.0);
    let good = g.max(hard + 1.0);
    let easy = e.max(good + 1.0);
    [again, hard, good, easy].map(|d| d as u64)
}

impl Memory {
    /// Every stability the scheduler produces, and so every stability the
    /// saved format reads (one definition for writer and loader). Same-day
    /// "Again" ratings shrink stability geometrically (six give about
    /// 0.008) and, unbounded, would reach zero, where the forgetting curve
    /// divides by it. The floor is the one later FSRS versions and py-fsrs
    /// use (0.001); every stability below 1.5 gives a one-day interval, so
    /// it changes no schedule. The ceiling is far beyond any interval
    /// (capped at a century) and keeps the saved number finite.
    pub const STABILITY: std::ops::RangeInclusive<f64> = 0.001..=1e9;
    /// Every difficulty the scheduler produces: FSRS clamps to 1–10.
    pub const DIFFICULTY: std::ops::RangeInclusive<f64> = 1.0..=10.0;
    /// Every interval the scheduler produces, in days: up to the cap, plus
    /// the day each better rating adds to keep the order (Hard, Good and
    /// Easy after an Again at the cap reach 36,503).
    pub const INTERVALS: std::ops::RangeInclusive<u64> = 1..=MAX_INTERVAL as u64 + 3;

    /// A card's first review, on `day`.
    pub fn first(rating: Rating, day: u64) -> Memory {
        let stabilities = Rating::ALL.map(init_stability);
        Memory {
            stability: init_stability(rating),
            difficulty: init_difficulty(rating),
            last_day: day,
            interval: intervals(stabilities)[rating as usize - 1],
            reps: 1,
            lapses: 0,
        }
    }

    /// The state after another review on `day` (a day before the last one
    /// counts as the same day).
    pub fn next(&self, rating: Rating, day: u64) -> Memory {
        let elapsed = day.saturating_sub(self.last_day);
        let (d, s) = (self.difficulty, self.stability);
        let r = forgetting_curve(elapsed as f64, s);
        let growth = recall_growth(d, s, r);
        // The forget stability (three library calls) only matters to a
        // recalled card through the interval order Again ≤ Hard: when it is
        // surely more than a day below Hard's, it cannot change any
        // interval, and a mature card skips it (see `FORGET_BOUND_FROM`).
        let forget = if rating == Rating::Again || s < FORGET_BOUND_FROM {
            forget_stability(d, s, r)
        } else {
            0.0
        };
        let stabilities = [
            forget,
            s * (growth * WEIGHTS[15] + 1.0),
            s * (growth + 1.0),
            s * (growth * WEIGHTS[16] + 1.0),
        ]
        .map(|x| x.clamp(*Self::STABILITY.start(), *Self::STABILITY.end()));
        Memory {
            stability: stabilities[rating as usize - 1],
            difficulty: next_difficulty(d, rating),
            last_day: day.max(self.last_day),
            interval: intervals(stabilities)[rating as usize - 1],
            reps: self.reps.saturating_add(1),
            lapses: self
                .lapses
                .saturating_add(u32::from(rating == Rating::Again)),
        }
    }

    /// The local day the card is due.
    pub fn due(&self) -> u64 {
        self.last_day.saturating_add(self.interval)
    }

    /// Predicted probability of recall on `day`.
    pub fn retrievability(&self, day: u64) -> f64 {
        forgetting_curve(day.saturating_sub(self.last_day) as f64, self.stability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_easy_difficulty_constant_is_the_formula() {
        assert!((EASY_DIFFICULTY - init_difficulty(Rating::Easy)).abs() < 1e-15);
        assert!((EXP_W8 - WEIGHTS[8].exp()).abs() < 1e-14);
    }

    /// Skipping the forget stability for mature recalled cards changes no
    /// interval: over stabilities from the bound up, every difficulty and
    /// recall, a lapse's stability stays more than a day under the least a
    /// recall can keep (the stability itself).
    #[test]
    fn a_mature_cards_lapse_never_reaches_its_recall() {
        let mut s = FORGET_BOUND_FROM;
        while s < 40_000.0 {
            for d in [1.0, 1.5, 3.0, 5.0, 7.5, 10.0] {
                for r in [0.0, 0.1, 0.5, 0.9, 1.0] {
                    let forget = forget_stability(d, s, r);
                    assert!(forget < s - 1.0, "s {s} d {d} r {r}: {forget}");
                    assert!(interval(forget) < interval(s), "s {s} d {d} r {r}");
                }
            }
            s *= 1.07;
        }
    }
}
