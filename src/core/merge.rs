//! What every kept kind shares to merge two copies without losing or
//! doubling anything: sorted sets and their union, the sort they use, and
//! the one range of times and time zones that writers keep and loaders read.
//!
//! Progress (calls), the drill log (reviews, cue rounds, folded cards) and
//! the study log all build on these, so a merge rule is written once.

/// The last moment a record may carry: day 1,000,000 after 1970 (year
/// 4707). A clock beyond it is wrong; records are clamped to it when made,
/// and the loader reads exactly this range, so what is written is read.
pub const LAST_TIME: u64 = LAST_DAY * 86_400;
/// The last local day a record may fall on.
pub const LAST_DAY: u64 = 1_000_000;
/// Time zones a record may carry, minutes east of UTC: every zone on Earth
/// lies within ±14 hours; ±18 is what browsers accept.
pub const OFFSETS: std::ops::RangeInclusive<i16> = -18 * 60..=18 * 60;

/// A time and zone as records keep them: within the ranges above.
pub fn kept_time(at: u64, utc_offset: i16) -> (u64, i16) {
    (
        at.min(LAST_TIME),
        utc_offset.clamp(*OFFSETS.start(), *OFFSETS.end()),
    )
}

/// Days since 1970-01-01 on the calendar `utc_offset` minutes east of UTC.
pub fn local_day(at: u64, utc_offset: i16) -> u64 {
    at.saturating_add_signed(i64::from(utc_offset) * 60) / 86_400
}

/// Sorts in place in O(n log n) with a heapsort. The standard library's
/// sorts are faster but large: each type sorted added about 2 kB of
/// compressed WebAssembly (measured: six instantiations took the app over
/// its size budget), and progress sorts several types, rarely, on load.
pub fn heap_sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let mut sift = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

/// The union of two sorted lists without repeats, by `cmp`; of two records
/// with the same key the smaller is kept (any fixed choice keeps the union
/// commutative; real copies of one call are equal anyway).
pub fn union_by<T: Clone + Ord>(
    a: &[T],
    b: &[T],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match cmp(&a[i], &b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i].clone());
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j].clone());
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i].clone().min(b[j].clone()));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// A kept list (a scoreboard's codes, the statement queue) with `added`
/// appended where missing: a union that keeps the order things came in, so
/// what another tab added to the stored list stays.
pub fn with_added(list: &[String], added: &[String]) -> Vec<String> {
    let mut out = list.to_vec();
    for item in added {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// A kept list without the items in `gone` (and nothing else: what another
/// tab added stays).
pub fn without(list: &[String], gone: &[String]) -> Vec<String> {
    list.iter().filter(|i| !gone.contains(i)).cloned().collect()
}
