//! Today's drill queue: the cards due, most overdue first, then new cards up
//! to the trainee's daily limit.

use super::fsrs::Memory;
use super::log::DrillLog;
use crate::core::merge::heap_sort_by;

/// The default number of new cards a day: enough to meet every principle
/// within a few weeks without a pile of reviews later.
pub const DEFAULT_NEW_PER_DAY: u32 = 8;
/// The most new cards a day the setting allows.
pub const MAX_NEW_PER_DAY: u32 = 100;

/// Why a card is in today's queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// Reviewed before; due on `due` (today or earlier).
    Due {
        due: u64,
        memory: Memory,
    },
    New,
}

/// Today's queue, as indices into `keys` (the cards in content order).
/// `memories` is [`DrillLog::memories`]: sorted by slug.
pub fn today(
    keys: &[&str],
    memories: &[(&str, Memory)],
    first_days: &[(&str, u64)],
    day: u64,
    new_per_day: u32,
) -> Vec<(usize, Slot)> {
    let memory_of = |key: &str| {
        memories
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| memories[i].1)
    };
    let mut due = Vec::new();
    let mut fresh = Vec::new();
    for (index, key) in keys.iter().enumerate() {
        match memory_of(key) {
            // The sort key computed once per card, not per comparison.
            Some(memory) if memory.due() <= day => {
                due.push((memory.due(), memory.retrievability(day), index, memory))
            }
            Some(_) => {}
            None => fresh.push(index),
        }
    }
    // Most overdue first; among equals the one most likely forgotten.
    heap_sort_by(&mut due, |a, b| (a.0, a.1, a.2) < (b.0, b.1, b.2));
    let started_today = first_days.iter().filter(|(_, d)| *d == day).count() as u32;
    let room = new_per_day.saturating_sub(started_today) as usize;
    due.into_iter()
        .map(|(_, _, i, memory)| {
            (
                i,
                Slot::Due {
                    due: memory.due(),
                    memory,
                },
            )
        })
        .chain(fresh.into_iter().take(room).map(|i| (i, Slot::New)))
        .collect()
}

impl DrillLog {
    /// Each reviewed card's first review day, by slug (folded cards count
    /// by their first review's day only if it is still kept).
    pub fn first_days(&self) -> Vec<(&str, u64)> {
        let mut out: Vec<(&str, u64)> = Vec::new();
        for r in &self.reviews {
            if out.last().is_some_and(|(c, _)| *c == r.card) {
                continue;
            }
            let folded = self
                .folded
                .binary_search_by(|(c, _)| c.as_str().cmp(&r.card))
                .is_ok();
            if !folded {
                out.push((&r.card, r.day()));
            }
        }
        out
    }
}
